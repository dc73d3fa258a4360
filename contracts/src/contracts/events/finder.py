"""Events published by the finder service (exchange ``finder.events``).

FinderAusgewertet is anonymous by design: no person id, no answers, no place, nothing that
could single out the person who used the Sozialleistungsfinder. It feeds statistics only.
"""

from __future__ import annotations

from marshmallow import fields, validate

from contracts.base import EventPayloadSchema
from contracts.common import Sprache
from contracts.text import Text

PRODUCER = "finder"

LEISTUNG_KEY_PATTERN = r"^[a-z][a-z0-9_]*$"


class FinderAusgewertet(EventPayloadSchema):
    """Someone completed the Sozialleistungsfinder; which benefits it found possible."""

    event_type = "FinderAusgewertet"
    schema_version = 1
    producer = PRODUCER

    sprache = fields.Enum(Sprache, by_value=fields.String, required=True)
    leistungen_moeglich = fields.List(
        Text(einzeilig=True, validate=validate.Regexp(LEISTUNG_KEY_PATTERN)),
        required=True,
        metadata={"description": "Keys of the finder's benefit catalogue, e.g. wohngeld"},
    )
    regelstand = fields.Date(
        required=True,
        metadata={"description": "Date the applied legal parameters are valid from"},
    )

    example = {
        "sprache": "de-x-ls",
        "leistungen_moeglich": ["buergergeld", "bildung_teilhabe", "wohngeld"],
        "regelstand": "2026-01-01",
    }


class FinderAusgewertetV2(EventPayloadSchema):
    """Someone completed the Sozialleistungsfinder: which benefits it showed as likely or
    possible, in which Land (of the place the rules were applied to; the Land, never the
    Gemeinde or the postcode) and with which version of the dated parameters (issue 14)."""

    event_type = "FinderAusgewertet"
    schema_version = 2
    producer = PRODUCER

    sprache = fields.Enum(Sprache, by_value=fields.String, required=True)
    leistungen_moeglich = fields.List(
        Text(einzeilig=True, validate=validate.Regexp(LEISTUNG_KEY_PATTERN)),
        required=True,
        metadata={"description": "Keys of the finder's benefit catalogue, e.g. wohngeld"},
    )
    regelstand = fields.Date(
        required=True,
        metadata={"description": "Date the applied legal parameters are valid from"},
    )
    land = Text(
        einzeilig=True,
        required=True,
        validate=validate.Regexp(r"^(0[1-9]|1[0-6])$"),
        metadata={"description": "Länderschlüssel (first two digits of the AGS), e.g. 06 Hessen"},
    )
    parameterstand = Text(
        einzeilig=True,
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Version of the finder's parameter data the answer used"},
    )

    example = {
        "sprache": "de",
        "leistungen_moeglich": ["kinderzuschlag", "wohngeld"],
        "regelstand": "2026-07-01",
        "land": "06",
        "parameterstand": "2026-12-07+36648d1a",
    }


class FinderAusgewertetV3(FinderAusgewertetV2):
    """``anzahl`` evaluations with exactly this answer (benefits, language, Land, rules) within a
    fraction of a second: the finder counts identical ones together instead of an event each
    (docs/adr/0099). No event stands for one person's evaluation any more."""

    event_type = "FinderAusgewertet"
    schema_version = 3
    producer = PRODUCER

    anzahl = fields.Integer(
        required=True,
        validate=validate.Range(min=1),
        metadata={"description": "How many evaluations this event counts"},
    )

    example = {**FinderAusgewertetV2.example, "anzahl": 3}


SCHEMAS = (FinderAusgewertet, FinderAusgewertetV2, FinderAusgewertetV3)
