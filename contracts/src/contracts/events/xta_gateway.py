"""Events published by the xta_gateway service (exchange ``xta_gateway.events``)."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from contracts.base import EventPayloadSchema
from contracts.common import (
    Anlage,
    jobcenter_id_field,
    message_id_field,
    person_id_field,
    zeitpunkt_field,
)
from contracts.text import Text

PRODUCER = "xta_gateway"


class Zustellstatus(enum.StrEnum):
    """Final XTA TransportReport states that count as delivered (yellow: with warnings)."""

    GREEN = "green"
    YELLOW = "yellow"


class NachrichtZugestellt(EventPayloadSchema):
    """An application reached the Jobcenter's systems (final TransportReport green or yellow)."""

    event_type = "NachrichtZugestellt"
    schema_version = 1
    producer = PRODUCER

    zustellung_id = fields.UUID(required=True)
    antrag_id = fields.UUID(required=True)
    person_id = person_id_field()
    message_id = message_id_field("XTA MessageID from createMessageId")
    jobcenter_id = jobcenter_id_field()
    status = fields.Enum(Zustellstatus, by_value=fields.String, required=True)
    report_time = zeitpunkt_field("ReportTime of the final TransportReport")

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "message_id": "urn:de:xta:messageid:xta-server:6f8e2c1a-93b4-4d2e-8f7a-1b2c3d4e5f60",
        "jobcenter_id": "68410",
        "status": "green",
        "report_time": "2026-01-15T09:31:12+00:00",
    }


class ZustellungFehlgeschlagen(EventPayloadSchema):
    """Delivering an application failed for good (TransportReport red or retries exhausted)."""

    event_type = "ZustellungFehlgeschlagen"
    schema_version = 1
    producer = PRODUCER

    zustellung_id = fields.UUID(required=True)
    antrag_id = fields.UUID(required=True)
    person_id = person_id_field()
    jobcenter_id = jobcenter_id_field()
    message_id = message_id_field(
        "XTA MessageID, absent when the delivery failed before createMessageId", required=False
    )
    error_code = Text(
        einzeilig=True,
        required=True,
        validate=validate.Length(min=1, max=64),
        metadata={
            "description": "XTA error number (code list urn:de:xta:webservice:codeliste:"
            "fehlernummer, e.g. 9030) or the platform's own code (e.g. xoev_schema_invalid)"
        },
    )
    reason = Text(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Technical explanation for operators; never personal data"},
    )
    retries = fields.Integer(
        required=True,
        validate=validate.Range(min=0),
        metadata={"description": "Attempts made after the first one"},
    )

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "message_id": "urn:de:xta:messageid:xta-server:6f8e2c1a-93b4-4d2e-8f7a-1b2c3d4e5f60",
        "error_code": "9032",
        "reason": "Delivery to the reader failed (TransportReport red)",
        "retries": 5,
    }


class Zustellart(enum.StrEnum):
    """What a delivery carried: an application, a short filing, or a person's Postkorb reply."""

    ANTRAG = "antrag"
    KURZANTRAG = "kurzantrag"
    POSTKORB_ANTWORT = "postkorb_antwort"


_ART_BESCHREIBUNG = (
    "What was delivered: antrag (antrag.einreichung.0101), kurzantrag "
    "(antrag.kurzantrag.0102) or postkorb_antwort (postkorb.antwort.0201)"
)

# antrag and kurzantrag name their application; postkorb_antwort names its Postkorb message
# (and the application only when the message refers to one).
_ART_REGELN: dict[str, Any] = {
    "if": {"properties": {"art": {"const": "postkorb_antwort"}}},
    "then": {"required": ["nachricht_id"]},
    "else": {"required": ["antrag_id"], "not": {"required": ["nachricht_id"]}},
}


def _art_pruefen(data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if data["art"] is Zustellart.POSTKORB_ANTWORT:
        if "nachricht_id" not in data:
            errors["nachricht_id"] = ["Required when art is postkorb_antwort."]
    else:
        if "antrag_id" not in data:
            errors["antrag_id"] = ["Required when art is antrag or kurzantrag."]
        if "nachricht_id" in data:
            errors["nachricht_id"] = ["Must be absent when art is antrag or kurzantrag."]
    if errors:
        raise ValidationError(errors)


class _ZustellartV2:
    """What version 2 of both outcome events adds: what was delivered (``art``), the Postkorb
    message, and antrag_id required only for an application or a short filing."""

    antrag_id = fields.UUID(
        metadata={"description": "The application delivered, or the one the reply refers to"}
    )
    nachricht_id = fields.UUID(
        metadata={"description": "The Postkorb message delivered (art postkorb_antwort)"}
    )
    art = fields.Enum(
        Zustellart,
        by_value=fields.String,
        required=True,
        metadata={"description": _ART_BESCHREIBUNG},
    )

    json_schema_rules = _ART_REGELN

    @validates_schema
    def _art_passt(self, data: dict[str, Any], **kwargs: Any) -> None:
        _art_pruefen(data)


class NachrichtZugestelltV2(_ZustellartV2, NachrichtZugestellt):
    """A message reached the Jobcenter's systems (final TransportReport green or yellow): an
    application, a short filing, or a person's Postkorb reply (``art``)."""

    schema_version = 2

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "nachricht_id": "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "art": "postkorb_antwort",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "message_id": "urn:de:xta:messageid:xta-server:6f8e2c1a-93b4-4d2e-8f7a-1b2c3d4e5f60",
        "jobcenter_id": "68410",
        "status": "green",
        "report_time": "2026-01-15T09:31:12+00:00",
    }


class ZustellungFehlgeschlagenV2(_ZustellartV2, ZustellungFehlgeschlagen):
    """Delivering a message failed for good (TransportReport red or retries exhausted): an
    application, a short filing, or a person's Postkorb reply (``art``)."""

    schema_version = 2

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "art": "antrag",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "message_id": "urn:de:xta:messageid:xta-server:6f8e2c1a-93b4-4d2e-8f7a-1b2c3d4e5f60",
        "error_code": "9032",
        "reason": "Delivery to the reader failed (TransportReport red)",
        "retries": 5,
    }


class ZustellungFehlgeschlagenV3(ZustellungFehlgeschlagenV2):
    """Delivering a message failed (TransportReport red or retries exhausted), and whether a
    later try could mend it (``endgueltig``: docs/adr/0065)."""

    schema_version = 3

    endgueltig = fields.Boolean(
        required=True,
        metadata={
            "description": "True when no retry or resend can deliver this message as it is "
            "(its XÖV message is invalid or cannot be rendered, the Jobcenter is not "
            "connected, the XTA server refused the content: 9023, 9050-9052, 9060). The "
            "person is told to turn to the Jobcenter. False: operations can deliver it again "
            "(server away, retries exhausted, a fault of the connection or account)."
        },
    )

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "art": "antrag",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "error_code": "xoev_schema_invalid",
        "reason": "XÖV schema violation at line 41: /soz:antrag.einreichung.0101/soz:antrag",
        "retries": 0,
        "endgueltig": True,
    }


class NachrichtEmpfangen(EventPayloadSchema):
    """A Jobcenter sent a message to a person; fetched from the XTA MsgBox."""

    event_type = "NachrichtEmpfangen"
    schema_version = 1
    producer = PRODUCER

    message_id = message_id_field("XTA MessageID of the received message")
    jobcenter_id = jobcenter_id_field()
    person_id = person_id_field()
    antrag_id = fields.UUID(metadata={"description": "The application it refers to, if any"})
    antwort_auf_message_id = message_id_field(
        "MessageID of the platform's message this one answers, if any", required=False
    )
    # What a Jobcenter wrote: any text XML carried is filed, even a subject across lines; the
    # stricter single-line rule is for what people type here.
    betreff = Text(
        required=True,
        validate=validate.Length(min=1, max=255),
        metadata={"personal": True},
    )
    inhalt = Text(
        required=True,
        validate=validate.Length(max=100_000),
        metadata={"personal": True},
    )
    anlagen = fields.List(fields.Nested(Anlage), required=True, metadata={"personal": True})
    empfangen_am = zeitpunkt_field("When the platform fetched the message")

    example = {
        "message_id": "urn:de:xta:messageid:xta-server:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "jobcenter_id": "68410",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "betreff": "Ihr Antrag auf Bürgergeld",
        "inhalt": "Sehr geehrte Frau Mustermann, bitte reichen Sie Ihre Kontoauszüge nach.",
        "anlagen": [],
        "empfangen_am": "2026-01-20T14:05:00+00:00",
    }


class Nachrichtenart(enum.StrEnum):
    """What a Jobcenter's message is (``postkorb.nachricht.0203``): a notice (Bescheid) counts
    legally once it is deemed given (§ 37 Abs. 2a SGB X)."""

    INFORMATION = "information"
    AUFFORDERUNG = "aufforderung"
    ANHOERUNG = "anhoerung"
    BESCHEID = "bescheid"


class NachrichtEmpfangenV2(NachrichtEmpfangen):
    """A Jobcenter sent a message to a person; fetched from the XTA MsgBox. Version 2 says what
    kind it is, the deadline of a request, the file number and the caseworker's reply address
    (XÖV ``postkorb.nachricht.0203``; a ``0202`` message is read as an ``information``)."""

    schema_version = 2

    art = fields.Enum(
        Nachrichtenart,
        by_value=fields.String,
        required=True,
        metadata={"description": "information, aufforderung (with frist), anhoerung, bescheid"},
    )
    frist = fields.Date(
        metadata={"description": "The date by which the person is asked to act (aufforderung)"}
    )
    aktenzeichen = Text(
        einzeilig=True,
        validate=validate.Length(min=1, max=100),
        metadata={"personal": True, "description": "The Jobcenter's file number"},
    )
    antwortadresse = Text(
        einzeilig=True,
        validate=validate.Length(min=1, max=255),
        metadata={
            "personal": True,
            "description": "The caseworker's reply address (e.g. a functional mailbox)",
        },
    )
    nachrichten_uuid = fields.UUID(
        metadata={"description": "nachrichtenUUID of the XÖV message (for a retrieval receipt)"}
    )

    example = {
        "message_id": "urn:de:xta:messageid:xta-server:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "jobcenter_id": "68410",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "betreff": "Bescheid über Bürgergeld",
        "inhalt": "Sehr geehrte Frau Mustermann, wir bewilligen Ihnen Bürgergeld.",
        "anlagen": [],
        "empfangen_am": "2026-01-20T14:05:00+00:00",
        "art": "bescheid",
        "aktenzeichen": "BG-68410-2026-0001",
        "antwortadresse": "team-12@jobcenter.example.org",
        "nachrichten_uuid": "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b",
    }


SCHEMAS = (
    NachrichtZugestellt,
    NachrichtZugestelltV2,
    ZustellungFehlgeschlagen,
    ZustellungFehlgeschlagenV2,
    ZustellungFehlgeschlagenV3,
    NachrichtEmpfangen,
    NachrichtEmpfangenV2,
)


# -- upcasters -------------------------------------------------------------------------------
# v1 knew applications only. Its payload does not say whether it was a short filing, so a v1
# event becomes art "antrag" (a reader that needs the difference asks its own records).


def _zustellung_v1_nach_v2(payload: dict[str, Any]) -> dict[str, Any]:
    return {**payload, "art": payload.get("art") or Zustellart.ANTRAG.value}


def _fehlgeschlagen_v2_nach_v3(payload: dict[str, Any]) -> dict[str, Any]:
    """Before v3 nobody told a failure no retry can mend from one operations can: read as
    mendable (what the person was told then)."""
    return {**payload, "endgueltig": bool(payload.get("endgueltig", False))}


def _empfangen_v1_nach_v2(payload: dict[str, Any]) -> dict[str, Any]:
    """A v1 message (XÖV 0202) had no kind: it informs, it is no notice."""
    return {**payload, "art": payload.get("art") or Nachrichtenart.INFORMATION.value}


UPCASTERS: tuple[tuple[str, int, Callable[[dict[str, Any]], dict[str, Any]]], ...] = (
    ("NachrichtZugestellt", 1, _zustellung_v1_nach_v2),
    ("NachrichtEmpfangen", 1, _empfangen_v1_nach_v2),
    ("ZustellungFehlgeschlagen", 1, _zustellung_v1_nach_v2),
    ("ZustellungFehlgeschlagen", 2, _fehlgeschlagen_v2_nach_v3),
)


def upcaster_eintragen(upcasters: Any) -> Any:
    """Register the steps above with a ``kernel.upcasting.Upcasters`` (contracts does not
    import the kernel); returns it."""
    for event_type, from_version, step in UPCASTERS:
        upcasters.register(event_type, from_version)(step)
    return upcasters
