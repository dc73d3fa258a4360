"""Events published by the termine service (exchange ``termine.events``)."""

from __future__ import annotations

import enum
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from contracts.base import EventPayloadSchema, PayloadPartSchema
from contracts.common import person_id_field, zeitpunkt_field
from contracts.text import Text, TextValidator

PRODUCER = "termine"


class Terminart(enum.StrEnum):
    VOR_ORT = "vor_ort"
    TELEFON = "telefon"
    CHAT = "chat"
    VIDEO = "video"


class StorniertDurch(enum.StrEnum):
    PERSON = "person"
    BERATUNGSSTELLE = "beratungsstelle"


class Kontakt(PayloadPartSchema):
    """How the counselling centre reaches the person, e.g. for a phone appointment."""

    telefon = Text(einzeilig=True, validate=validate.Length(min=3, max=40))
    # marshmallow's address check lets C0 controls through inside a quoted local part.
    email = fields.Email(validate=TextValidator(einzeilig=True))


class _Zeitraum:
    """A slot from ``beginn`` to ``ende``; ende must come after beginn."""

    @validates_schema
    def _ende_nach_beginn(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["ende"] <= data["beginn"]:
            raise ValidationError("Must be after beginn.", field_name="ende")


class TerminGebucht(_Zeitraum, EventPayloadSchema):
    """A person booked an appointment with a counselling centre."""

    event_type = "TerminGebucht"
    schema_version = 1
    producer = PRODUCER

    termin_id = fields.UUID(required=True)
    person_id = person_id_field()
    beratungsstelle_id = fields.UUID(required=True)
    beginn = zeitpunkt_field("Start of the appointment")
    ende = zeitpunkt_field("End of the appointment")
    art = fields.Enum(Terminart, by_value=fields.String, required=True)
    anliegen = Text(
        validate=validate.Length(min=1, max=2000),
        metadata={"personal": True, "description": "What the person wants to talk about"},
    )
    kontakt = fields.Nested(Kontakt, metadata={"personal": True})

    example = {
        "termin_id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "beratungsstelle_id": "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a",
        "beginn": "2026-02-03T09:00:00+00:00",
        "ende": "2026-02-03T09:45:00+00:00",
        "art": "telefon",
        "anliegen": "Schulden bei mehreren Versandhändlern",
        "kontakt": {"telefon": "+49 7351 000000"},
    }


class TerminStorniert(EventPayloadSchema):
    """An appointment was cancelled by the person or by the counselling centre."""

    event_type = "TerminStorniert"
    schema_version = 1
    producer = PRODUCER

    termin_id = fields.UUID(required=True)
    person_id = person_id_field()
    beratungsstelle_id = fields.UUID(required=True)
    beginn = zeitpunkt_field("Start of the cancelled appointment")
    storniert_durch = fields.Enum(StorniertDurch, by_value=fields.String, required=True)

    example = {
        "termin_id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "beratungsstelle_id": "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a",
        "beginn": "2026-02-03T09:00:00+00:00",
        "storniert_durch": "person",
    }


class TerminVerschoben(_Zeitraum, EventPayloadSchema):
    """An appointment moved to another slot."""

    event_type = "TerminVerschoben"
    schema_version = 1
    producer = PRODUCER

    termin_id = fields.UUID(required=True)
    person_id = person_id_field()
    beratungsstelle_id = fields.UUID(required=True)
    bisheriger_beginn = zeitpunkt_field("Start of the appointment before it moved")
    beginn = zeitpunkt_field("New start")
    ende = zeitpunkt_field("New end")
    art = fields.Enum(Terminart, by_value=fields.String, required=True)

    example = {
        "termin_id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "beratungsstelle_id": "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a",
        "bisheriger_beginn": "2026-02-03T09:00:00+00:00",
        "beginn": "2026-02-05T13:30:00+00:00",
        "ende": "2026-02-05T14:15:00+00:00",
        "art": "video",
    }


SCHEMAS = (TerminGebucht, TerminStorniert, TerminVerschoben)
