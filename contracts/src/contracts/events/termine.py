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


# Version 2 (docs/adr/0111): bookings without an account. The data subject is the booking
# itself (``termin_id``): its own data key seals the concern and the contact, the retention
# sweep forgets that key N days after the appointment, and an anonymous booking needs no
# person. ``person_id`` is there only when the person booked with an account.


def _termin_als_subjekt() -> fields.UUID:
    return fields.UUID(
        required=True,
        metadata={
            "subject": True,
            "description": "The booking: its own data key seals concern and contact",
        },
    )


def _konto() -> fields.UUID:
    return fields.UUID(
        metadata={"description": "Pseudonymous id of the account that booked; absent: anonymous"}
    )


class TerminGebuchtV2(_Zeitraum, EventPayloadSchema):
    """A person booked an appointment, with an account or anonymously."""

    event_type = "TerminGebucht"
    schema_version = 2
    producer = PRODUCER

    termin_id = _termin_als_subjekt()
    person_id = _konto()
    beratungsstelle_id = fields.UUID(required=True)
    angebot_id = fields.UUID(metadata={"description": "The centre's offer (HSDS service)"})
    berater_id = fields.UUID(metadata={"description": "The counsellor whose time it is"})
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
        "beratungsstelle_id": "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a",
        "angebot_id": "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "berater_id": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
        "beginn": "2026-10-26T09:00:00+01:00",
        "ende": "2026-10-26T09:45:00+01:00",
        "art": "telefon",
        "anliegen": "Schulden bei mehreren Versandhändlern",
        "kontakt": {"email": "person@example.org"},
    }


class TerminStorniertV2(EventPayloadSchema):
    """An appointment was cancelled by the person or by the centre (with a reason)."""

    event_type = "TerminStorniert"
    schema_version = 2
    producer = PRODUCER

    termin_id = _termin_als_subjekt()
    person_id = _konto()
    beratungsstelle_id = fields.UUID(required=True)
    beginn = zeitpunkt_field("Start of the cancelled appointment")
    storniert_durch = fields.Enum(StorniertDurch, by_value=fields.String, required=True)
    grund = Text(
        validate=validate.Length(min=1, max=500),
        metadata={"personal": True, "description": "The centre's reason, told to the person"},
    )

    example = {
        "termin_id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        "beratungsstelle_id": "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a",
        "beginn": "2026-10-26T09:00:00+01:00",
        "storniert_durch": "beratungsstelle",
        "grund": "Die Beraterin ist erkrankt.",
    }


class TerminVerschobenV2(_Zeitraum, EventPayloadSchema):
    """An appointment moved to another time (same offer and way; perhaps another
    counsellor)."""

    event_type = "TerminVerschoben"
    schema_version = 2
    producer = PRODUCER

    termin_id = _termin_als_subjekt()
    person_id = _konto()
    beratungsstelle_id = fields.UUID(required=True)
    berater_id = fields.UUID(metadata={"description": "The counsellor whose time it is now"})
    bisheriger_beginn = zeitpunkt_field("Start of the appointment before it moved")
    beginn = zeitpunkt_field("New start")
    ende = zeitpunkt_field("New end")
    art = fields.Enum(Terminart, by_value=fields.String, required=True)

    example = {
        "termin_id": "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "beratungsstelle_id": "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a",
        "berater_id": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
        "bisheriger_beginn": "2026-10-26T09:00:00+01:00",
        "beginn": "2026-10-28T13:30:00+01:00",
        "ende": "2026-10-28T14:15:00+01:00",
        "art": "video",
    }


SCHEMAS = (
    TerminGebucht,
    TerminStorniert,
    TerminVerschoben,
    TerminGebuchtV2,
    TerminStorniertV2,
    TerminVerschobenV2,
)


def _v1_zu_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """v1 always had an account; every v1 field means the same in v2."""
    return payload


UPCASTERS = (
    ("TerminGebucht", 1, _v1_zu_v2),
    ("TerminStorniert", 1, _v1_zu_v2),
    ("TerminVerschoben", 1, _v1_zu_v2),
)


def upcaster_eintragen(upcasters: Any) -> Any:
    """Register the steps above with a ``kernel.upcasting.Upcasters``; returns it."""
    for event_type, from_version, step in UPCASTERS:
        upcasters.register(event_type, from_version)(step)
    return upcasters
