"""Events published by the postkorb service (exchange ``postkorb.events``)."""

from __future__ import annotations

import enum

from marshmallow import fields, validate

from contracts.base import EventPayloadSchema
from contracts.common import (
    Anlage,
    jobcenter_id_field,
    message_id_field,
    person_id_field,
    zeitpunkt_field,
)
from contracts.text import Text

PRODUCER = "postkorb"


class Nachrichtenart(enum.StrEnum):
    JOBCENTER_NACHRICHT = "jobcenter_nachricht"
    EINGANGSBESTAETIGUNG = "eingangsbestaetigung"
    ZUSTELLBESTAETIGUNG = "zustellbestaetigung"
    TERMINBESTAETIGUNG = "terminbestaetigung"


class PostkorbNachrichtEingegangen(EventPayloadSchema):
    """A message was filed in a person's mailbox; carries no content, only what to notify about."""

    event_type = "PostkorbNachrichtEingegangen"
    schema_version = 1
    producer = PRODUCER

    nachricht_id = fields.UUID(required=True)
    thread_id = fields.UUID(required=True)
    person_id = person_id_field()
    art = fields.Enum(Nachrichtenart, by_value=fields.String, required=True)
    antrag_id = fields.UUID(metadata={"description": "The application it refers to, if any"})

    example = {
        "nachricht_id": "9b2d4f6a-1c3e-4a5b-8d7f-0e1a2b3c4d5e",
        "thread_id": "c4d5e6f7-0819-4a2b-9c3d-4e5f6a7b8c9d",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "art": "zustellbestaetigung",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
    }


class PostkorbAntwortVerfasst(EventPayloadSchema):
    """A person wrote to the Jobcenter from the mailbox; xta_gateway delivers it."""

    event_type = "PostkorbAntwortVerfasst"
    schema_version = 1
    producer = PRODUCER

    nachricht_id = fields.UUID(required=True)
    thread_id = fields.UUID(required=True)
    person_id = person_id_field()
    jobcenter_id = jobcenter_id_field()
    antrag_id = fields.UUID(metadata={"description": "The application it refers to, if any"})
    antwort_auf_message_id = message_id_field(
        "XTA MessageID of the Jobcenter's message this one answers, if any", required=False
    )
    betreff = Text(
        einzeilig=True,
        required=True,
        validate=validate.Length(min=1, max=255),
        metadata={"personal": True},
    )
    inhalt = Text(
        required=True,
        validate=validate.Length(min=1, max=20_000),
        metadata={"personal": True},
    )
    anlagen = fields.List(fields.Nested(Anlage), required=True, metadata={"personal": True})

    example = {
        "nachricht_id": "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
        "thread_id": "c4d5e6f7-0819-4a2b-9c3d-4e5f6a7b8c9d",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "antwort_auf_message_id": (
            "urn:de:xta:messageid:xta-server:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
        ),
        "betreff": "Kontoauszüge",
        "inhalt": "Anbei die Kontoauszüge der letzten drei Monate.",
        "anlagen": [
            {
                "anlage_id": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
                "dateiname": "kontoauszuege.pdf",
                "mime_type": "application/pdf",
                "sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                "groesse": 402113,
            }
        ],
    }


class _BescheidBezug:
    """A Jobcenter's notice (Bescheid) in a person's mailbox, as the Jobcenter knows it."""

    nachricht_id = fields.UUID(required=True, metadata={"description": "The Postkorb message"})
    thread_id = fields.UUID(required=True, metadata={"description": "Its thread"})
    person_id = person_id_field()
    jobcenter_id = jobcenter_id_field()
    message_id = message_id_field("XTA MessageID of the Jobcenter's notice")
    nachrichten_uuid = fields.UUID(
        metadata={"description": "nachrichtenUUID of the Jobcenter's XÖV message, if known"}
    )
    antrag_id = fields.UUID(metadata={"description": "The application it refers to, if any"})
    inhalt_sha256 = Text(
        einzeilig=True,
        required=True,
        validate=validate.Regexp(r"^[0-9a-f]{64}$"),
        metadata={"description": "SHA-256 of the notice as provided (subject, text, files)"},
    )
    bereitgestellt_am = zeitpunkt_field("When the notice was provided for retrieval")


class PostkorbBescheidAbgerufen(_BescheidBezug, EventPayloadSchema):
    """The person opened a notice for the first time (retrieval receipt for the Jobcenter,
    § 37 Abs. 2a SGB X); the xta-gateway sends it to the Jobcenter."""

    event_type = "PostkorbBescheidAbgerufen"
    schema_version = 1
    producer = PRODUCER

    abgerufen_am = zeitpunkt_field("First retrieval")
    benachrichtigt_am = zeitpunkt_field(
        "When the notification mail was sent (absent: none was sent)", required=False
    )
    bekanntgabe_am = fields.Date(
        metadata={"description": "The day the notice is deemed given (absent: not by retrieval)"}
    )

    example = {
        "nachricht_id": "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
        "thread_id": "c4d5e6f7-0819-4a2b-9c3d-4e5f6a7b8c9d",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "message_id": "urn:de:xta:messageid:xta-server:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "inhalt_sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "bereitgestellt_am": "2026-01-20T14:05:00+00:00",
        "benachrichtigt_am": "2026-01-20T14:05:02+00:00",
        "bekanntgabe_am": "2026-01-24",
        "abgerufen_am": "2026-01-21T08:12:00+00:00",
    }


class Beendigungsgrund(enum.StrEnum):
    NICHT_ABGERUFEN = "nicht_abgerufen"
    KEINE_EINWILLIGUNG = "keine_einwilligung"
    BENACHRICHTIGUNG_FEHLGESCHLAGEN = "benachrichtigung_fehlgeschlagen"


class PostkorbBereitstellungBeendet(_BescheidBezug, EventPayloadSchema):
    """A notice was not given by retrieval (§ 37 Abs. 2a SGB X): not retrieved within 10 days of
    the notification, no consent to notice by retrieval, or the notification mail could not be
    sent. The Jobcenter must notify the person another way; the xta-gateway tells it."""

    event_type = "PostkorbBereitstellungBeendet"
    schema_version = 1
    producer = PRODUCER

    grund = fields.Enum(Beendigungsgrund, by_value=fields.String, required=True)
    beendet_am = zeitpunkt_field("When the provision ended")
    benachrichtigt_am = zeitpunkt_field(
        "When the notification mail was sent (absent: none was sent)", required=False
    )

    example = {
        "nachricht_id": "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
        "thread_id": "c4d5e6f7-0819-4a2b-9c3d-4e5f6a7b8c9d",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "message_id": "urn:de:xta:messageid:xta-server:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "inhalt_sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "bereitgestellt_am": "2026-01-20T14:05:00+00:00",
        "benachrichtigt_am": "2026-01-20T14:05:02+00:00",
        "grund": "nicht_abgerufen",
        "beendet_am": "2026-01-31T00:00:00+00:00",
    }


SCHEMAS = (
    PostkorbNachrichtEingegangen,
    PostkorbAntwortVerfasst,
    PostkorbBescheidAbgerufen,
    PostkorbBereitstellungBeendet,
)
