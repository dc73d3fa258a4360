"""Events published by the zustaendigkeit service (exchange ``zustaendigkeit.events``)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from contracts.base import EventPayloadSchema, PayloadPartSchema
from contracts.common import AGS_PATTERN, Kanal, TraegerArt, jobcenter_id_field
from contracts.text import Text

PRODUCER = "zustaendigkeit"


class Jobcenter(PayloadPartSchema):
    id = jobcenter_id_field()
    name = Text(einzeilig=True, required=True, validate=validate.Length(min=1, max=200))
    traeger_art = fields.Enum(TraegerArt, by_value=fields.String, required=True)
    kanal = fields.Enum(
        Kanal,
        by_value=fields.String,
        required=True,
        metadata={"description": "sozialplattform: apply here; otherwise link the person out"},
    )


class Kandidat(PayloadPartSchema):
    """One of several offices a place of residence may belong to."""

    ags = Text(einzeilig=True, required=True, validate=validate.Regexp(AGS_PATTERN))
    gemeinde = Text(einzeilig=True, required=True, validate=validate.Length(min=1, max=200))
    jobcenter = fields.Nested(Jobcenter, required=True)


class ZustaendigkeitErmittelt(EventPayloadSchema):
    """The responsible Jobcenter for an application, with the directory version that decided it.

    eindeutig=true: ags and jobcenter are set and kandidaten is empty. eindeutig=false: ags and
    jobcenter are absent and kandidaten lists the possible offices (empty when none was found).
    """

    event_type = "ZustaendigkeitErmittelt"
    schema_version = 1
    producer = PRODUCER

    antrag_id = fields.UUID(required=True)
    eindeutig = fields.Boolean(required=True)
    ags = Text(
        einzeilig=True,
        validate=validate.Regexp(AGS_PATTERN),
        metadata={"description": "Amtlicher Gemeindeschlüssel of the Gemeinde, eight digits"},
    )
    jobcenter = fields.Nested(Jobcenter)
    kandidaten = fields.List(fields.Nested(Kandidat), required=True)
    datenstand = Text(
        einzeilig=True,
        required=True,
        validate=validate.Length(min=1, max=100),
        metadata={"description": "Version of the imported directory data that made the decision"},
    )

    json_schema_rules = {
        "if": {"properties": {"eindeutig": {"const": True}}},
        "then": {"required": ["ags", "jobcenter"], "properties": {"kandidaten": {"maxItems": 0}}},
        "else": {"not": {"anyOf": [{"required": ["ags"]}, {"required": ["jobcenter"]}]}},
    }

    @validates_schema
    def _eindeutig_passt(self, data: dict[str, Any], **kwargs: Any) -> None:
        errors: dict[str, list[str]] = {}
        if data["eindeutig"]:
            for name in ("ags", "jobcenter"):
                if name not in data:
                    errors[name] = ["Required when eindeutig is true."]
            if data["kandidaten"]:
                errors["kandidaten"] = ["Must be empty when eindeutig is true."]
        else:
            for name in ("ags", "jobcenter"):
                if name in data:
                    errors[name] = ["Must be absent when eindeutig is false."]
        if errors:
            raise ValidationError(errors)

    example = {
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "eindeutig": True,
        "ags": "08426021",
        "jobcenter": {
            "id": "68410",
            "name": "Biberach",
            "traeger_art": "zkT",
            "kanal": "sozialplattform",
        },
        "kandidaten": [],
        "datenstand": "einglmv-2026+plz-osm-2023-01-11",
    }


SCHEMAS = (ZustaendigkeitErmittelt,)
