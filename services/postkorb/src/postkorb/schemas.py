"""The postkorb service's internal event schemas and the registry its event store checks.

Internal events (``published = False``) are stored, never put on the bus. A person's personal
fields (subjects, texts, file names, file numbers, reply and notification addresses) are sealed
under the person's data key (``person_id`` is the subject): ``kernel forget`` erases the whole
mailbox. A message nobody could be found for is sealed under a key of its own (``klaerung_id``)
until an operator assigns it (docs/adr/0103).

Streams: ``postkorb-antrag-<antrag_id>`` (who submitted it), ``postkorb-thread-<thread_id>``
(the thread and its messages, their retrieval and notice dates), ``postkorb-entwurf-<id>`` (a
reply being written), ``postkorb-person-<person_id>`` (consent and notification address),
``postkorb-klaerung-<nachricht_id>`` (a message waiting for an operator).
"""

from __future__ import annotations

from marshmallow import fields, validate

from contracts.base import EventPayloadSchema, PayloadPartSchema
from contracts.common import JOBCENTER_ID_PATTERN, MIME_TYPE_PATTERN, SHA256_PATTERN
from contracts.events import PUBLISHED_SCHEMAS
from contracts.fields import JsonObject
from contracts.registry import SchemaRegistry
from contracts.text import Text

PRODUCER = "postkorb"
_PERSON = "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f"
_THREAD = "c4d5e6f7-0819-4a2b-9c3d-4e5f6a7b8c9d"
_NACHRICHT = "1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b"
_ANTRAG = "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60"

THREAD_ARTEN = ("antrag", "termin", "allgemein")
NACHRICHTEN_ARTEN = (
    # from the Jobcenter
    "information",
    "aufforderung",
    "anhoerung",
    "bescheid",
    # from the person
    "antwort",
    # from the platform
    "eingereicht",
    "zugestellt",
    "zustellung_fehlgeschlagen",
    "termin_gebucht",
    "termin_verschoben",
    "termin_storniert",
    "bereitstellung_beendet",
)
ABSENDER = ("jobcenter", "person", "system")
PRUEFUNGEN = ("ausstehend", "sauber", "infiziert", "zu_gross", "pruefung_fehlgeschlagen")
ANMELDUNGEN = ("passwort", "oidc", "sitzung")


def _person() -> fields.UUID:
    return fields.UUID(
        required=True, metadata={"subject": True, "description": "The mailbox's owner"}
    )


def _zeitpunkt() -> fields.AwareDateTime:
    return fields.AwareDateTime(required=True)


def _personlich(**kwargs: object) -> dict:
    return {"metadata": {"personal": True}, **kwargs}


class _Intern(EventPayloadSchema):
    producer = PRODUCER
    published = False


class Anlage(PayloadPartSchema):
    anlage_id = fields.UUID(required=True)
    dateiname = Text(einzeilig=True, required=True, validate=validate.Length(min=1, max=255))
    medientyp = fields.String(required=True, validate=validate.Regexp(MIME_TYPE_PATTERN))
    groesse = fields.Integer(required=True, validate=validate.Range(min=0))
    sha256 = fields.String(required=True, validate=validate.Regexp(SHA256_PATTERN))
    pruefung = fields.String(validate=validate.OneOf(PRUEFUNGEN))


class AntragVermerkt(_Intern):
    """Who submitted an application (from AntragEingereicht): its Jobcenter messages go to
    them."""

    event_type = "AntragVermerkt"
    schema_version = 1

    antrag_id = fields.UUID(required=True)
    person_id = _person()
    jobcenter_id = fields.String(required=True, validate=validate.Regexp(JOBCENTER_ID_PATTERN))
    eingereicht_am = _zeitpunkt()

    example = {
        "antrag_id": _ANTRAG,
        "person_id": _PERSON,
        "jobcenter_id": "68410",
        "eingereicht_am": "2026-01-15T09:30:00+00:00",
    }


class ThreadEroeffnet(_Intern):
    event_type = "ThreadEroeffnet"
    schema_version = 1

    thread_id = fields.UUID(required=True)
    person_id = _person()
    art = fields.String(required=True, validate=validate.OneOf(THREAD_ARTEN))
    bezug_id = fields.UUID(metadata={"description": "The application or appointment"})
    jobcenter_id = fields.String(validate=validate.Regexp(JOBCENTER_ID_PATTERN))
    betreff = Text(
        einzeilig=True, required=True, validate=validate.Length(min=1, max=255), **_personlich()
    )

    example = {
        "thread_id": _THREAD,
        "person_id": _PERSON,
        "art": "antrag",
        "bezug_id": _ANTRAG,
        "jobcenter_id": "68410",
        "betreff": "Antrag auf Bürgergeld",
    }


class NachrichtAbgelegt(_Intern):
    """A message was filed in a thread: from the Jobcenter, the person or the platform."""

    event_type = "NachrichtAbgelegt"
    schema_version = 1

    thread_id = fields.UUID(required=True)
    nachricht_id = fields.UUID(required=True)
    person_id = _person()
    art = fields.String(required=True, validate=validate.OneOf(NACHRICHTEN_ARTEN))
    absender = fields.String(required=True, validate=validate.OneOf(ABSENDER))
    abgelegt_am = _zeitpunkt()
    betreff = Text(required=True, validate=validate.Length(min=1, max=255), **_personlich())
    text = Text(required=True, validate=validate.Length(max=100_000), **_personlich())
    anlagen = fields.List(fields.Nested(Anlage), required=True, **_personlich())
    jobcenter_id = fields.String(validate=validate.Regexp(JOBCENTER_ID_PATTERN))
    antrag_id = fields.UUID()
    message_id = fields.String(validate=validate.Length(min=1, max=255))
    nachrichten_uuid = fields.UUID()
    aktenzeichen = Text(einzeilig=True, validate=validate.Length(max=100), **_personlich())
    antwortadresse = Text(einzeilig=True, validate=validate.Length(max=255), **_personlich())
    frist = fields.Date()
    # system messages: what pages need to word them in each language (ids, codes, times)
    systemdaten = JsonObject()

    example = {
        "thread_id": _THREAD,
        "nachricht_id": _NACHRICHT,
        "person_id": _PERSON,
        "art": "bescheid",
        "absender": "jobcenter",
        "abgelegt_am": "2026-01-20T14:05:00+00:00",
        "betreff": "Bescheid über Bürgergeld",
        "text": "Wir bewilligen Ihnen Bürgergeld.",
        "anlagen": [],
        "jobcenter_id": "68410",
        "antrag_id": _ANTRAG,
        "message_id": "urn:de:xta:messageid:xta-server:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
        "aktenzeichen": "BG-68410-2026-0001",
    }


class NachrichtAbgerufen(_Intern):
    """The person opened a message for the first time (how they had logged in)."""

    event_type = "NachrichtAbgerufen"
    schema_version = 1

    thread_id = fields.UUID(required=True)
    nachricht_id = fields.UUID(required=True)
    person_id = _person()
    abgerufen_am = _zeitpunkt()
    anmeldung = fields.String(required=True, validate=validate.OneOf(ANMELDUNGEN))

    example = {
        "thread_id": _THREAD,
        "nachricht_id": _NACHRICHT,
        "person_id": _PERSON,
        "abgerufen_am": "2026-01-21T08:12:00+00:00",
        "anmeldung": "passwort",
    }


class ThreadArchiviert(_Intern):
    event_type = "ThreadArchiviert"
    schema_version = 1

    thread_id = fields.UUID(required=True)
    person_id = _person()
    archiviert = fields.Boolean(required=True)

    example = {"thread_id": _THREAD, "person_id": _PERSON, "archiviert": True}


class ZustellstatusVermerkt(_Intern):
    """What became of a person's reply at the Jobcenter (from the xta-gateway's outcome)."""

    event_type = "ZustellstatusVermerkt"
    schema_version = 1

    thread_id = fields.UUID(required=True)
    nachricht_id = fields.UUID(required=True)
    zustellstatus = fields.String(
        required=True, validate=validate.OneOf(["zugestellt", "fehlgeschlagen"])
    )
    endgueltig = fields.Boolean()
    am = _zeitpunkt()

    example = {
        "thread_id": _THREAD,
        "nachricht_id": _NACHRICHT,
        "zustellstatus": "zugestellt",
        "am": "2026-01-21T08:13:00+00:00",
    }


class BescheidBereitgestellt(_Intern):
    """A notice was provided for retrieval (§ 37 Abs. 2a SGB X): its content hash, and whether
    the person had consented to notice by retrieval then (which text version)."""

    event_type = "BescheidBereitgestellt"
    schema_version = 1

    thread_id = fields.UUID(required=True)
    nachricht_id = fields.UUID(required=True)
    person_id = _person()
    inhalt_sha256 = fields.String(required=True, validate=validate.Regexp(SHA256_PATTERN))
    bereitgestellt_am = _zeitpunkt()
    einwilligung = fields.Boolean(required=True)
    textversion = fields.String(validate=validate.Length(min=1, max=40))

    example = {
        "thread_id": _THREAD,
        "nachricht_id": _NACHRICHT,
        "person_id": _PERSON,
        "inhalt_sha256": "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
        "bereitgestellt_am": "2026-01-20T14:05:00+00:00",
        "einwilligung": True,
        "textversion": "2026-12",
    }


class BenachrichtigungVersandt(_Intern):
    """The mail "Sie haben eine neue Nachricht" was handed to the relay. For a notice: the day
    it is deemed given and the end of the Widerspruchsfrist, with the rules that gave them."""

    event_type = "BenachrichtigungVersandt"
    schema_version = 1

    thread_id = fields.UUID(required=True)
    nachricht_id = fields.UUID(required=True)
    versandt_am = _zeitpunkt()
    bekanntgabe_am = fields.Date()
    frist_ende = fields.Date()
    rechtsgrundlage = fields.String(validate=validate.Length(max=200))
    fristgrundlage = fields.String(validate=validate.Length(max=200))
    land = fields.String(validate=validate.Length(max=5))

    example = {
        "thread_id": _THREAD,
        "nachricht_id": _NACHRICHT,
        "versandt_am": "2026-01-20T14:05:02+00:00",
        "bekanntgabe_am": "2026-01-24",
        "frist_ende": "2026-02-24",
        "rechtsgrundlage": "§ 37 Abs. 2a Satz 3 SGB X i. d. F. des PostModG (ab 2025-01-01)",
        "fristgrundlage": "§ 84 Abs. 1, § 64 Abs. 2 und 3 SGG",
        "land": "HE",
    }


class BenachrichtigungFehlgeschlagen(_Intern):
    """The relay refused the mail for good, or every retry failed; the notice dates do not
    start (docs/adr/0104)."""

    event_type = "BenachrichtigungFehlgeschlagen"
    schema_version = 1

    thread_id = fields.UUID(required=True)
    nachricht_id = fields.UUID(required=True)
    am = _zeitpunkt()
    grund = fields.String(required=True, validate=validate.Length(min=1, max=200))
    versuche = fields.Integer(required=True, validate=validate.Range(min=1))

    example = {
        "thread_id": _THREAD,
        "nachricht_id": _NACHRICHT,
        "am": "2026-01-20T16:05:00+00:00",
        "grund": "relay answered 550",
        "versuche": 1,
    }


class AntwortEntworfen(_Intern):
    event_type = "AntwortEntworfen"
    schema_version = 1

    entwurf_id = fields.UUID(required=True)
    thread_id = fields.UUID(required=True)
    person_id = _person()
    text = Text(required=True, validate=validate.Length(min=1, max=20_000), **_personlich())
    anlagen = fields.List(fields.Nested(Anlage), required=True, **_personlich())

    example = {
        "entwurf_id": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
        "thread_id": _THREAD,
        "person_id": _PERSON,
        "text": "Anbei der Mietvertrag.",
        "anlagen": [
            {
                "anlage_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "dateiname": "mietvertrag.pdf",
                "medientyp": "application/pdf",
                "groesse": 184320,
                "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "pruefung": "sauber",
            }
        ],
    }


class AnlageGeprueft(_Intern):
    """A reply's file was scanned again (after a scan error)."""

    event_type = "AnlageGeprueft"
    schema_version = 1

    entwurf_id = fields.UUID(required=True)
    anlage_id = fields.UUID(required=True)
    pruefung = fields.String(required=True, validate=validate.OneOf(PRUEFUNGEN))

    example = {
        "entwurf_id": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
        "anlage_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "pruefung": "sauber",
    }


class EntwurfGesendet(_Intern):
    event_type = "EntwurfGesendet"
    schema_version = 1

    entwurf_id = fields.UUID(required=True)
    nachricht_id = fields.UUID(required=True)

    example = {"entwurf_id": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d", "nachricht_id": _NACHRICHT}


class EinwilligungErteilt(_Intern):
    """Consent to notices by retrieval (§ 37 Abs. 2a SGB X), its own dated step."""

    event_type = "EinwilligungErteilt"
    schema_version = 1

    person_id = _person()
    textversion = fields.String(required=True, validate=validate.Length(min=1, max=40))
    erteilt_am = _zeitpunkt()

    example = {
        "person_id": _PERSON,
        "textversion": "2026-12",
        "erteilt_am": "2026-01-10T10:00:00+00:00",
    }


class EinwilligungWiderrufen(_Intern):
    """Consent withdrawn, for the future: notices provided before keep their dates."""

    event_type = "EinwilligungWiderrufen"
    schema_version = 1

    person_id = _person()
    widerrufen_am = _zeitpunkt()

    example = {"person_id": _PERSON, "widerrufen_am": "2026-03-01T10:00:00+00:00"}


class BenachrichtigungsadresseGesetzt(_Intern):
    """Where the mail "Sie haben eine neue Nachricht" goes; absent: no mail."""

    event_type = "BenachrichtigungsadresseGesetzt"
    schema_version = 1

    person_id = _person()
    email = Text(einzeilig=True, validate=validate.Length(min=3, max=254), **_personlich())
    gesetzt_am = _zeitpunkt()

    example = {
        "person_id": _PERSON,
        "email": "erika@example.org",
        "gesetzt_am": "2026-01-10T10:00:00+00:00",
    }


class NachrichtZurKlaerung(_Intern):
    """A Jobcenter message that cannot be attributed to a person: sealed under its own key
    until an operator assigns it; shown to nobody meanwhile."""

    event_type = "NachrichtZurKlaerung"
    schema_version = 1

    nachricht_id = fields.UUID(required=True)
    klaerung_id = fields.String(
        required=True, metadata={"subject": True, "description": "Key of this message alone"}
    )
    grund = fields.String(
        required=True,
        validate=validate.OneOf(["antrag_unbekannt", "person_passt_nicht", "ohne_antrag"]),
    )
    jobcenter_id = fields.String(validate=validate.Regexp(JOBCENTER_ID_PATTERN))
    antrag_id = fields.UUID()
    eingegangen_am = _zeitpunkt()
    nachricht = JsonObject(required=True, **_personlich())

    example = {
        "nachricht_id": _NACHRICHT,
        "klaerung_id": f"klaerung-{_NACHRICHT}",
        "grund": "antrag_unbekannt",
        "jobcenter_id": "68410",
        "antrag_id": _ANTRAG,
        "eingegangen_am": "2026-01-20T14:05:00+00:00",
        "nachricht": {"betreff": "Bescheid", "inhalt": "…"},
    }


class KlaerungZugeordnet(_Intern):
    event_type = "KlaerungZugeordnet"
    schema_version = 1

    nachricht_id = fields.UUID(required=True)
    person_id = fields.UUID(required=True)
    thread_id = fields.UUID(required=True)
    zugeordnet_am = _zeitpunkt()

    example = {
        "nachricht_id": _NACHRICHT,
        "person_id": _PERSON,
        "thread_id": _THREAD,
        "zugeordnet_am": "2026-01-21T09:00:00+00:00",
    }


INTERNE_SCHEMAS = (
    AntragVermerkt,
    ThreadEroeffnet,
    NachrichtAbgelegt,
    NachrichtAbgerufen,
    ThreadArchiviert,
    ZustellstatusVermerkt,
    BescheidBereitgestellt,
    BenachrichtigungVersandt,
    BenachrichtigungFehlgeschlagen,
    AntwortEntworfen,
    AnlageGeprueft,
    EntwurfGesendet,
    EinwilligungErteilt,
    EinwilligungWiderrufen,
    BenachrichtigungsadresseGesetzt,
    NachrichtZurKlaerung,
    KlaerungZugeordnet,
)

REGISTRY = SchemaRegistry((*PUBLISHED_SCHEMAS, *INTERNE_SCHEMAS))
