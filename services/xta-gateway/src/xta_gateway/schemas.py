"""The service's own event schemas (``published = False``: stored, never on the bus) and the
registry its event store validates against (docs/adr/0045).

A delivery's stream holds these internal events and, at its end, the published
``NachrichtZugestellt`` or ``ZustellungFehlgeschlagen`` of contracts. Personal fields (the
application, the rendered message and PDF, a received message) are sealed under the person's
data key; ``person_id`` is the data subject. A parked inbound message has no known person: its
subject is a synthetic id derived from the XTA MessageID, so its content is sealed and can be
erased on its own.
"""

from __future__ import annotations

from marshmallow import fields, validate

from contracts.base import EventPayloadSchema, PayloadPartSchema
from contracts.common import (
    Anlage,
    Leistung,
    jobcenter_id_field,
    message_id_field,
    person_id_field,
    zeitpunkt_field,
)
from contracts.events import PUBLISHED_SCHEMAS
from contracts.fields import JsonObject
from contracts.registry import SchemaRegistry

PRODUCER = "xta_gateway"


def _text(maximum: int, *, required: bool = True, **metadata: object) -> fields.String:
    return fields.String(
        required=required, validate=validate.Length(min=1, max=maximum), metadata=metadata
    )


class _Intern(EventPayloadSchema):
    producer = PRODUCER
    published = False
    schema_version = 1


class ZustellungEroeffnet(_Intern):
    """A delivery was opened for one AntragEingereicht (its event id decides the delivery id)."""

    event_type = "ZustellungEroeffnet"

    zustellung_id = fields.UUID(required=True)
    antrag_id = fields.UUID(required=True)
    antrag_event_id = fields.UUID(required=True)
    person_id = person_id_field()
    jobcenter_id = jobcenter_id_field()
    leistung = fields.Enum(Leistung, by_value=fields.String, required=True)
    kurzantrag = fields.Boolean(required=True)
    eingereicht_am = zeitpunkt_field("Submission time from AntragEingereicht")
    definition_version = _text(50)
    nachrichten_uuid = fields.UUID(required=True)
    eroeffnet_am = zeitpunkt_field("Opening time; also the XÖV creation time")
    leser = _text(255)
    leser_typ = _text(50)
    leser_name = _text(255, required=False)
    service = _text(255)
    antrag = JsonObject(required=True, metadata={"personal": True})
    anlagen = fields.List(fields.Nested(Anlage), required=True, metadata={"personal": True})

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "antrag_event_id": "7a1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "leistung": "buergergeld",
        "kurzantrag": False,
        "eingereicht_am": "2026-01-15T09:30:00+00:00",
        "definition_version": "buergergeld-2026.1",
        "nachrichten_uuid": "6f8e2c1a-93b4-4d2e-8f7a-1b2c3d4e5f60",
        "eroeffnet_am": "2026-01-15T09:30:05+00:00",
        "leser": "jobcenter:68410",
        "leser_typ": "xoev",
        "service": "urn:xoev-de:sozialplattform:dienst:antrag",
        "antrag": {"abschnitte": {}},
        "anlagen": [],
    }


class PostkorbZustellungEroeffnet(_Intern):
    """A delivery was opened for a person's Postkorb reply (PostkorbAntwortVerfasst); its id
    is derived from the Postkorb message id, so a redelivered or re-published event opens
    nothing new (docs/adr/0055)."""

    event_type = "PostkorbZustellungEroeffnet"

    zustellung_id = fields.UUID(required=True)
    nachricht_id = fields.UUID(required=True)
    thread_id = fields.UUID(required=True)
    postkorb_event_id = fields.UUID(required=True)
    person_id = person_id_field()
    jobcenter_id = jobcenter_id_field()
    antrag_id = fields.UUID(metadata={"description": "The application it refers to, if any"})
    antwort_auf_message_id = message_id_field(
        "XTA MessageID of the Jobcenter's message it answers, if any", required=False
    )
    referenz_uuid = fields.UUID(
        metadata={"description": "nachrichtenUUID of that message, when it was received here"}
    )
    nachrichten_uuid = fields.UUID(required=True)
    eroeffnet_am = zeitpunkt_field("Opening time; also the XÖV creation time")
    leser = _text(255)
    leser_typ = _text(50)
    leser_name = _text(255, required=False)
    service = _text(255)
    betreff = fields.String(
        required=True, validate=validate.Length(min=1, max=255), metadata={"personal": True}
    )
    inhalt = fields.String(
        required=True, validate=validate.Length(min=1, max=20_000), metadata={"personal": True}
    )
    anlagen = fields.List(fields.Nested(Anlage), required=True, metadata={"personal": True})
    # A retrieval receipt or an end of provision for the Jobcenter (postkorb.*.0204/0205)
    # instead of a reply: ids, hashes and dates only (docs/adr/0102). Absent in a reply.
    meldung = JsonObject()

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "nachricht_id": "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b",
        "thread_id": "c4d5e6f7-0819-4a2b-9c3d-4e5f6a7b8c9d",
        "postkorb_event_id": "7a1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "nachrichten_uuid": "6f8e2c1a-93b4-4d2e-8f7a-1b2c3d4e5f60",
        "eroeffnet_am": "2026-01-15T09:30:05+00:00",
        "leser": "jobcenter:68410",
        "leser_typ": "xoev",
        "service": "urn:xoev-de:sozialplattform:dienst:postkorb",
        "betreff": "Kontoauszüge",
        "inhalt": "Anbei die Kontoauszüge.",
        "anlagen": [],
    }


class NachrichtErstellt(_Intern):
    """The XÖV message and its PDF rendering, valid against their schemas, as they are sent
    (a Postkorb reply has no PDF)."""

    event_type = "NachrichtErstellt"

    zustellung_id = fields.UUID(required=True)
    person_id = person_id_field()
    nachrichtentyp = _text(100)
    nachricht = fields.String(required=True, metadata={"personal": True})
    nachricht_sha256 = fields.String(required=True, validate=validate.Length(equal=64))
    pdf = fields.String(
        metadata={"personal": True, "description": "base64; absent for a Postkorb reply"}
    )
    pdf_sha256 = fields.String(validate=validate.Length(equal=64))

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "nachrichtentyp": "antrag.einreichung.0101",
        "nachricht": "<xml/>",
        "nachricht_sha256": "0" * 64,
        "pdf": "JVBERi0=",
        "pdf_sha256": "0" * 64,
    }


class MessageIdVergeben(_Intern):
    """createMessageId answered; the id is stored before the first send."""

    event_type = "MessageIdVergeben"

    zustellung_id = fields.UUID(required=True)
    message_id = message_id_field("XTA MessageID from createMessageId")

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "message_id": "urn:de:xta:messageid:1",
    }


class VersandVersucht(_Intern):
    """Recorded before each sendMessage: after a crash the next send is a repeated one."""

    event_type = "VersandVersucht"

    zustellung_id = fields.UUID(required=True)
    message_id = message_id_field("XTA MessageID")
    versuch = fields.Integer(required=True, validate=validate.Range(min=1))
    erneut = fields.Boolean(required=True)
    zeitpunkt = zeitpunkt_field("When the send started")

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "message_id": "urn:de:xta:messageid:1",
        "versuch": 1,
        "erneut": False,
        "zeitpunkt": "2026-01-15T09:30:06+00:00",
    }


class VersandAngenommen(_Intern):
    """The XTA server took the message (or, 9024 on a repeated send, had taken it before)."""

    event_type = "VersandAngenommen"

    zustellung_id = fields.UUID(required=True)
    message_id = message_id_field("XTA MessageID")
    ergebnis = fields.String(
        required=True, validate=validate.OneOf(["angenommen", "bereits_angenommen"])
    )
    zeitpunkt = zeitpunkt_field("When the answer came")

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "message_id": "urn:de:xta:messageid:1",
        "ergebnis": "angenommen",
        "zeitpunkt": "2026-01-15T09:30:06+00:00",
    }


class VersuchFehlgeschlagen(_Intern):
    """A step failed with a retryable error; the next try is due at ``naechster_versuch_um``."""

    event_type = "VersuchFehlgeschlagen"

    zustellung_id = fields.UUID(required=True)
    schritt = _text(30)
    code = _text(64)
    grund = _text(500)
    versuch = fields.Integer(required=True, validate=validate.Range(min=1))
    naechster_versuch_um = zeitpunkt_field("When the step is tried again")
    zeitpunkt = zeitpunkt_field("When it failed")

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "schritt": "senden",
        "code": "9030",
        "grund": "internal error",
        "versuch": 1,
        "naechster_versuch_um": "2026-01-15T09:30:07+00:00",
        "zeitpunkt": "2026-01-15T09:30:06+00:00",
    }


class Meldung(PayloadPartSchema):
    art = fields.String(required=True, validate=validate.OneOf(["fehler", "warnung", "info"]))
    code = _text(64)
    grund = fields.String(required=True, validate=validate.Length(max=500))


class TransportberichtErhalten(_Intern):
    """The final TransportReport of the message (green, yellow or red)."""

    event_type = "TransportberichtErhalten"

    zustellung_id = fields.UUID(required=True)
    message_id = message_id_field("XTA MessageID")
    status = fields.Integer(required=True, validate=validate.Range(min=1, max=3))
    berichtszeit = zeitpunkt_field("ReportTime")
    server = _text(255)
    meldungen = fields.List(fields.Nested(Meldung), required=True)

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "message_id": "urn:de:xta:messageid:1",
        "status": 1,
        "berichtszeit": "2026-01-15T09:30:07+00:00",
        "server": "xta-server",
        "meldungen": [],
    }


class ErneuteZustellungAngefordert(_Intern):
    """An operator asked to deliver a failed delivery again."""

    event_type = "ErneuteZustellungAngefordert"

    zustellung_id = fields.UUID(required=True)
    neue_message_id = fields.Boolean(
        required=True,
        metadata={"description": "The old MessageID ended red or was never sent: ask a new one"},
    )
    zeitpunkt = zeitpunkt_field("When it was asked")

    example = {
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "neue_message_id": True,
        "zeitpunkt": "2026-01-16T08:00:00+00:00",
    }


class EingangAnlage(PayloadPartSchema):
    anlage_id = fields.UUID(required=True)
    dateiname = _text(255)
    mime_type = _text(100)
    sha256 = fields.String(required=True, validate=validate.Length(equal=64))
    daten = fields.String(required=True, metadata={"description": "base64"})


class NachrichtEingegangen(_Intern):
    """A message fetched from the platform's MsgBox, stored before it is closed there."""

    event_type = "NachrichtEingegangen"

    message_id = message_id_field("XTA MessageID")
    person_id = person_id_field()
    jobcenter_id = jobcenter_id_field()
    zustellung_id = fields.UUID()
    autor = _text(255)
    nachrichtentyp = _text(100, required=False)
    nachricht = fields.String(required=True, metadata={"personal": True})
    anlagen = fields.List(fields.Nested(EingangAnlage), required=True, metadata={"personal": True})
    empfangen_am = zeitpunkt_field("When it was fetched")

    example = {
        "message_id": "urn:de:xta:messageid:2",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "jobcenter_id": "68410",
        "autor": "jobcenter:68410",
        "nachricht": "<xml/>",
        "anlagen": [],
        "empfangen_am": "2026-01-20T14:05:00+00:00",
    }


class NachrichtGeparkt(_Intern):
    """A fetched message that could not be read or filed: kept for the operator, not lost."""

    event_type = "NachrichtGeparkt"

    message_id = message_id_field("XTA MessageID")
    subjekt_id = fields.UUID(
        required=True,
        metadata={"subject": True, "description": "uuid5 of the MessageID (no person known)"},
    )
    autor = _text(255)
    nachrichtentyp = _text(100, required=False)
    grund = _text(64)
    beschreibung = _text(500)
    nachricht = fields.String(
        required=True,
        metadata={"personal": True, "description": "base64; empty when it was not fetched"},
    )
    empfangen_am = zeitpunkt_field("When it was fetched")
    im_postfach = fields.Boolean(
        metadata={
            "description": "Not fetched and left in the MsgBox (too large, or getMessage "
            "cannot fetch it): an operator fetches it or closes it (docs/adr/0064)"
        }
    )
    groesse = fields.Integer(
        validate=validate.Range(min=0), metadata={"description": "MsgSize in bytes, if known"}
    )

    example = {
        "message_id": "urn:de:xta:messageid:3",
        "subjekt_id": "0f0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "autor": "jobcenter:68410",
        "grund": "nicht_wohlgeformt",
        "beschreibung": "not well-formed XML (line 1)",
        "nachricht": "PGE+",
        "empfangen_am": "2026-01-20T14:05:00+00:00",
    }


class NachrichtErledigt(_Intern):
    """An operator closed a parked message (after dealing with it outside the platform); one
    left in the MsgBox was closed there too."""

    event_type = "NachrichtErledigt"

    message_id = message_id_field("XTA MessageID")
    im_postfach_geschlossen = fields.Boolean(required=True)
    zeitpunkt = zeitpunkt_field("When the operator closed it")

    example = {
        "message_id": "urn:de:xta:messageid:3",
        "im_postfach_geschlossen": True,
        "zeitpunkt": "2026-01-21T09:00:00+00:00",
    }


INTERNE_SCHEMAS = (
    ZustellungEroeffnet,
    PostkorbZustellungEroeffnet,
    NachrichtErstellt,
    MessageIdVergeben,
    VersandVersucht,
    VersandAngenommen,
    VersuchFehlgeschlagen,
    TransportberichtErhalten,
    ErneuteZustellungAngefordert,
    NachrichtEingegangen,
    NachrichtGeparkt,
    NachrichtErledigt,
)

REGISTRY = SchemaRegistry((*PUBLISHED_SCHEMAS, *INTERNE_SCHEMAS))
