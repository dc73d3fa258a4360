"""Request and response bodies of the mailbox API (/api/v1/postkorb, issue 13).

The answers are what the postkorb service returns, reduced by the gateway to the members listed
here (gateway.web.postkorb_api), so the document says exactly what a client gets.
"""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from contracts.text import Text
from gateway.web.api_schemas import TEXT_ERRORS, Eingabe, _email

# Jobcenter's messages, the person's replies, the platform's system messages
ARTEN = [
    "information",
    "aufforderung",
    "anhoerung",
    "bescheid",
    "antwort",
    "eingereicht",
    "zugestellt",
    "zustellung_fehlgeschlagen",
    "termin_gebucht",
    "termin_verschoben",
    "termin_storniert",
    "bereitstellung_beendet",
]
THREAD_ARTEN = ["antrag", "termin", "allgemein"]
ABSENDER = ["jobcenter", "person", "system"]
ZUSTELLSTATUS = ["gesendet", "zugestellt", "fehlgeschlagen"]
# A person's files are scanned when sent; a Jobcenter's each time they are downloaded.
PRUEFUNG = [
    "ausstehend",
    "sauber",
    "infiziert",
    "zu_gross",
    "pruefung_fehlgeschlagen",
    "beim_abruf",
]
ANTWORT_MAX_ZEICHEN = 10000
DATUM = {"format": "date", "example": "2026-12-11"}


class ThreadKurz(Schema):
    id = fields.String(required=True)
    betreff = fields.String(required=True, metadata={"example": "Ihr Antrag auf Bürgergeld"})
    antrag_id = fields.String(
        required=True, allow_none=True, metadata={"description": "The application it is about"}
    )
    letzte_nachricht_am = fields.String(required=True, metadata={"format": "date-time"})
    ungelesen = fields.Integer(required=True, metadata={"description": "Unread messages"})
    archiviert = fields.Boolean(required=True)
    art = fields.String(
        validate=validate.OneOf(THREAD_ARTEN),
        metadata={"description": "About an application, an appointment, or general"},
    )


class Postfach(Schema):
    ungelesen = fields.Integer(
        required=True, metadata={"description": "Unread messages in the whole mailbox"}
    )
    threads = fields.List(
        fields.Nested(ThreadKurz), required=True, metadata={"description": "Latest first"}
    )


class PostfachAbfrage(Schema):
    archiv = fields.Boolean(
        load_default=False,
        error_messages={"invalid": "auswahl_ungueltig"},
        metadata={"description": "true: the archived threads instead of the current ones"},
    )


class NachrichtKurz(Schema):
    id = fields.String(required=True)
    art = fields.String(required=True, validate=validate.OneOf(ARTEN))
    absender = fields.String(required=True, validate=validate.OneOf(ABSENDER))
    betreff = fields.String(required=True)
    am = fields.String(required=True, metadata={"format": "date-time"})
    gelesen = fields.Boolean(required=True)
    zustellstatus = fields.String(
        allow_none=True,
        validate=validate.OneOf(ZUSTELLSTATUS),
        metadata={"description": "A reply of the person: sent, delivered to the Jobcenter, failed"},
    )
    anlagen_anzahl = fields.Integer(required=True)


class Thread(Schema):
    id = fields.String(required=True)
    betreff = fields.String(required=True)
    antrag_id = fields.String(required=True, allow_none=True)
    art = fields.String(validate=validate.OneOf(THREAD_ARTEN))
    archiviert = fields.Boolean(required=True)
    antwort_moeglich = fields.Boolean(
        metadata={"description": "false: nobody reads replies here (appointments, general)"}
    )
    nachrichten = fields.List(
        fields.Nested(NachrichtKurz), required=True, metadata={"description": "Oldest first"}
    )


class AnlageInfo(Schema):
    id = fields.String(required=True)
    dateiname = fields.String(required=True, metadata={"example": "bescheid.pdf"})
    groesse = fields.Integer(required=True, metadata={"description": "Bytes"})
    pruefung = fields.String(
        required=True,
        validate=validate.OneOf(PRUEFUNG),
        metadata={
            "description": "The virus scan: `sauber` files are sent; the Jobcenter's files are "
            "scanned `beim_abruf` (each download; 409 `anlage_nicht_verfuegbar` if not clean)"
        },
    )


class Bekanntgabe(Schema):
    """The proof of a Bescheid provided for retrieval (§ 37 Abs. 2a SGB X)."""

    bereitgestellt_am = fields.String(metadata={"format": "date-time"})
    inhalt_sha256 = fields.String(metadata={"description": "Of what was provided"})
    benachrichtigt_am = fields.String(
        allow_none=True, metadata={"format": "date-time", "description": "The notice mail sent"}
    )
    erstmals_abgerufen_am = fields.String(allow_none=True, metadata={"format": "date-time"})
    rechtsgrundlage = fields.String(metadata={"example": "§ 37 Abs. 2a SGB X"})
    fristgrundlage = fields.String(metadata={"example": "§ 84 Abs. 1 SGG, § 64 Abs. 3 SGG"})
    land = fields.String(allow_none=True, metadata={"description": "Whose holidays count"})
    beendet_am = fields.String(
        allow_none=True,
        metadata={
            "format": "date-time",
            "description": "Not retrieved within 10 days: the provision ended, no notice given",
        },
    )
    beendet_grund = fields.String(
        allow_none=True,
        metadata={
            "description": "nicht_abgerufen, keine_einwilligung, benachrichtigung_fehlgeschlagen"
        },
    )
    einwilligung = fields.Boolean(
        metadata={"description": "Consent was given when the notice was provided"}
    )


class Nachricht(Schema):
    id = fields.String(required=True)
    thread_id = fields.String(required=True)
    art = fields.String(required=True, validate=validate.OneOf(ARTEN))
    absender = fields.String(required=True, validate=validate.OneOf(ABSENDER))
    betreff = fields.String(required=True)
    text = fields.String(required=True)
    am = fields.String(required=True, metadata={"format": "date-time"})
    aktenzeichen = fields.String(allow_none=True, metadata={"description": "The Jobcenter's"})
    frist = fields.String(
        allow_none=True,
        metadata={**DATUM, "description": "An `aufforderung`: by when the Jobcenter asks"},
    )
    zustellstatus = fields.String(allow_none=True, validate=validate.OneOf(ZUSTELLSTATUS))
    endgueltig = fields.Boolean(
        allow_none=True,
        metadata={"description": "A failed reply: true, not tried again; false, tried again"},
    )
    bekanntgabe = fields.Nested(Bekanntgabe, allow_none=True)
    bekanntgabe_am = fields.String(
        allow_none=True,
        metadata={
            **DATUM,
            "description": "A Bescheid provided for retrieval: the day it counts as notified "
            "(§ 37 Abs. 2a SGB X)",
        },
    )
    frist_ende = fields.String(
        allow_none=True,
        metadata={
            **DATUM,
            "description": "A Bescheid: the last day to object (Widerspruch, one month), "
            "moved to the next working day of the Land (§ 64 Abs. 3 SGG)",
        },
    )
    widerspruch_hinweis = fields.Boolean(
        required=True,
        metadata={
            "description": "A reply to this message is no Widerspruch (§ 84 SGG, § 36a SGB I): "
            "clients must say so and how to object"
        },
    )
    anlagen = fields.List(fields.Nested(AnlageInfo), required=True)


class Archivieren(Eingabe):
    archiviert = fields.Boolean(
        required=True,
        error_messages={
            "required": "pflichtfeld",
            "null": "pflichtfeld",
            "invalid": "auswahl_ungueltig",
        },
        metadata={"description": "true: into the archive; false: back into the mailbox"},
    )


class Archiviert(Schema):
    id = fields.String(required=True)
    archiviert = fields.Boolean(required=True)


class AntwortSenden(Schema):
    """multipart/form-data: the text and up to a few files (PDF, JPEG, PNG)."""

    text = fields.String(
        required=True, metadata={"maxLength": ANTWORT_MAX_ZEICHEN, "description": "The reply"}
    )
    dateien = fields.List(
        fields.Raw(metadata={"type": "string", "contentMediaType": "application/octet-stream"}),
        metadata={"description": "Files, each checked by content and scanned for viruses"},
    )


class AntwortGesendet(Schema):
    nachricht_id = fields.String(required=True)
    zustellstatus = fields.String(required=True, validate=validate.OneOf(ZUSTELLSTATUS))


def _textversion(value: str) -> None:
    if not value.strip():
        raise ValidationError("pflichtfeld")


class Einwilligung(Schema):
    erteilt = fields.Boolean(required=True)
    erteilt_am = fields.String(allow_none=True, metadata={"format": "date-time"})
    widerrufen_am = fields.String(allow_none=True, metadata={"format": "date-time"})
    textversion = fields.String(
        allow_none=True, metadata={"description": "The consent text the person agreed to"}
    )
    benachrichtigung_email = fields.String(
        allow_none=True, metadata={"description": "Where the mail about a new message goes"}
    )
    aktuelle_textversion = fields.String(
        required=True, metadata={"description": "The version of `text`: send it back to consent"}
    )
    text = fields.String(
        required=True, metadata={"description": "The consent text, in the request's language"}
    )


class EinwilligungSetzen(Eingabe):
    erteilt = fields.Boolean(
        required=True,
        error_messages={
            "required": "pflichtfeld",
            "null": "pflichtfeld",
            "invalid": "auswahl_ungueltig",
        },
        metadata={"description": "true: consent from now on; false: withdrawn for the future"},
    )
    textversion = Text(
        einzeilig=True,
        required=True,
        validate=_textversion,
        error_messages=TEXT_ERRORS,
        metadata={"description": "`aktuelle_textversion` of GET: the text the person read"},
    )
    benachrichtigung_email = Text(
        einzeilig=True,
        allow_none=True,
        validate=_email,
        error_messages=TEXT_ERRORS,
        metadata={
            "format": "email",
            "description": "Where the mail about a new message goes: left out, unchanged; null, "
            "removed. Consent needs an address (given now or before)",
        },
    )
