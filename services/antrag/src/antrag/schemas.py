"""The service's internal event schemas and the registry its event store validates against.

Internal events (``published = False``) are stored, never put on the bus. The personal data of
a draft (section answers, file names) is sealed under a key of its own, one per application:
the subject of these events is ``antrag_id``, not the person. Deleting an unused draft forgets
that key and nothing else; forgetting the person forgets their key and every application key
of theirs (``antrag.bootstrap.AntragApplication.forget``). See docs/adr/0031.
"""

from __future__ import annotations

from marshmallow import fields, validate

from contracts.base import EventPayloadSchema, PayloadPartSchema
from contracts.common import (
    ENTSCHAERFT_ARTEN,
    JOBCENTER_ID_PATTERN,
    MIME_TYPE_PATTERN,
    SHA256_PATTERN,
    Kanal,
    TraegerArt,
)
from contracts.events import PUBLISHED_SCHEMAS
from contracts.fields import JsonObject
from contracts.registry import SchemaRegistry

PRODUCER = "antrag"
_BEISPIEL_ANTRAG = "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60"


def _antrag_als_subjekt() -> fields.UUID:
    return fields.UUID(
        required=True,
        metadata={
            "subject": True,
            "description": "The application: its own data key seals the draft's answers",
        },
    )


def _zeitpunkt() -> fields.AwareDateTime:
    return fields.AwareDateTime(required=True)


class _Intern(EventPayloadSchema):
    producer = PRODUCER
    published = False


class AbschnittGespeichert(_Intern):
    event_type = "AbschnittGespeichert"
    schema_version = 1

    antrag_id = _antrag_als_subjekt()
    abschnitt = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,49}$"))
    daten = JsonObject(required=True, metadata={"personal": True})
    definition_version = fields.String(required=True, validate=validate.Length(min=1, max=50))

    example = {
        "antrag_id": _BEISPIEL_ANTRAG,
        "abschnitt": "antragsteller",
        "daten": {"vorname": "Erika", "nachname": "Mustermann", "geburtsdatum": "1980-04-12"},
        "definition_version": "buergergeld-2026.1",
    }


class AnlageHinzugefuegt(_Intern):
    event_type = "AnlageHinzugefuegt"
    schema_version = 1

    antrag_id = _antrag_als_subjekt()
    anlage_id = fields.UUID(required=True)
    abschnitt = fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,49}$"))
    dateiname = fields.String(
        required=True, validate=validate.Length(min=1, max=255), metadata={"personal": True}
    )
    mime_type = fields.String(required=True, validate=validate.Regexp(MIME_TYPE_PATTERN))
    sha256 = fields.String(required=True, validate=validate.Regexp(SHA256_PATTERN))
    groesse = fields.Integer(required=True, validate=validate.Range(min=1))
    seiten = fields.Integer(required=True, validate=validate.Range(min=1))
    # What was removed from the PDF (docs/adr/0069); absent in events stored before.
    entschaerft = fields.List(fields.String(validate=validate.OneOf(ENTSCHAERFT_ARTEN)))

    example = {
        "antrag_id": _BEISPIEL_ANTRAG,
        "anlage_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "abschnitt": "wohnung",
        "dateiname": "mietvertrag.pdf",
        "mime_type": "application/pdf",
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "groesse": 184320,
        "seiten": 3,
        "entschaerft": ["javascript"],
    }


class AnlageEntfernt(_Intern):
    event_type = "AnlageEntfernt"
    schema_version = 1

    antrag_id = fields.UUID(required=True)
    anlage_id = fields.UUID(required=True)

    example = {"antrag_id": _BEISPIEL_ANTRAG, "anlage_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7"}


class _Jobcenter(PayloadPartSchema):
    id = fields.String(required=True, validate=validate.Regexp(JOBCENTER_ID_PATTERN))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    traeger_art = fields.Enum(TraegerArt, by_value=fields.String, required=True)
    kanal = fields.Enum(Kanal, by_value=fields.String, required=True)


class _Gemeinde(PayloadPartSchema):
    ags = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{8}$"))
    gemeinde = fields.String(required=True, validate=validate.Length(min=1, max=200))
    jobcenter = fields.Nested(_Jobcenter, required=True)


class ZustaendigkeitVermerkt(_Intern):
    """What ZustaendigkeitErmittelt said, with the event that said it (traceability).
    Undecided: ``gemeinden`` lists the candidates the person may choose from (absent in events
    stored before it existed: those offer no choice)."""

    event_type = "ZustaendigkeitVermerkt"
    schema_version = 1

    antrag_id = fields.UUID(required=True)
    eindeutig = fields.Boolean(required=True)
    jobcenter = fields.Nested(_Jobcenter)
    ags = fields.String(validate=validate.Regexp(r"^[0-9]{8}$"))
    kandidaten = fields.Integer(required=True, validate=validate.Range(min=0))
    datenstand = fields.String(required=True, validate=validate.Length(min=1, max=100))
    ermittelt_event_id = fields.UUID(required=True)
    gemeinden = fields.List(fields.Nested(_Gemeinde), validate=validate.Length(min=1))

    example = {
        "antrag_id": _BEISPIEL_ANTRAG,
        "eindeutig": True,
        "jobcenter": {
            "id": "68410",
            "name": "Biberach",
            "traeger_art": "zkT",
            "kanal": "sozialplattform",
        },
        "ags": "08426021",
        "kandidaten": 0,
        "datenstand": "einglmv-2026+plz-osm-2023-01-11",
        "ermittelt_event_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
    }


class GemeindeGewaehlt(_Intern):
    """The person chose their Gemeinde among the candidates of ZustaendigkeitVermerkt."""

    event_type = "GemeindeGewaehlt"
    schema_version = 1

    antrag_id = fields.UUID(required=True)
    ags = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{8}$"))
    gemeinde = fields.String(required=True, validate=validate.Length(min=1, max=200))
    jobcenter = fields.Nested(_Jobcenter, required=True)

    example = {
        "antrag_id": _BEISPIEL_ANTRAG,
        "ags": "06435010",
        "gemeinde": "Gelnhausen",
        "jobcenter": {
            "id": "43102",
            "name": "Main-Kinzig-Kreis",
            "traeger_art": "zkT",
            "kanal": "sozialplattform",
        },
    }


class ZustellungVermerkt(_Intern):
    """The outcome of one delivery, from NachrichtZugestellt or ZustellungFehlgeschlagen."""

    event_type = "ZustellungVermerkt"
    schema_version = 1

    antrag_id = fields.UUID(required=True)
    zustellung_id = fields.UUID(required=True)
    ergebnis = fields.String(
        required=True, validate=validate.OneOf(["zugestellt", "fehlgeschlagen"])
    )
    zeitpunkt = _zeitpunkt()
    jobcenter_id = fields.String(required=True, validate=validate.Regexp(JOBCENTER_ID_PATTERN))
    error_code = fields.String(validate=validate.Length(min=1, max=64))
    endgueltig = fields.Boolean(
        metadata={
            "description": "A failure no retry can mend (ZustellungFehlgeschlagen v3): the "
            "person turns to the Jobcenter (docs/adr/0065)"
        }
    )

    example = {
        "antrag_id": _BEISPIEL_ANTRAG,
        "zustellung_id": "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "ergebnis": "zugestellt",
        "zeitpunkt": "2026-01-15T09:31:12+00:00",
        "jobcenter_id": "68410",
    }


class GemeindeVorgewaehlt(_Intern):
    """The Gemeinde the person chose before the application was created (docs/adr/0082)."""

    event_type = "GemeindeVorgewaehlt"
    schema_version = 1

    antrag_id = fields.UUID(required=True)
    ags = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{8}$"))
    jobcenter_id = fields.String(required=True, validate=validate.Regexp(r"^[0-9]{5}$"))

    example = {"antrag_id": _BEISPIEL_ANTRAG, "ags": "06437003", "jobcenter_id": "41508"}


class EntwurfGeloescht(_Intern):
    """A draft was deleted, after the retention period or because the person deleted their
    account (docs/adr/0092); its data key is forgotten."""

    event_type = "EntwurfGeloescht"
    schema_version = 1

    antrag_id = fields.UUID(required=True)
    grund = fields.String(
        required=True, validate=validate.OneOf(["aufbewahrungsfrist", "konto_geloescht"])
    )
    geloescht_am = _zeitpunkt()

    example = {
        "antrag_id": _BEISPIEL_ANTRAG,
        "grund": "aufbewahrungsfrist",
        "geloescht_am": "2026-04-15T02:00:00+00:00",
    }


INTERNE_SCHEMAS = (
    AbschnittGespeichert,
    AnlageHinzugefuegt,
    AnlageEntfernt,
    ZustaendigkeitVermerkt,
    GemeindeGewaehlt,
    GemeindeVorgewaehlt,
    ZustellungVermerkt,
    EntwurfGeloescht,
)

REGISTRY = SchemaRegistry((*PUBLISHED_SCHEMAS, *INTERNE_SCHEMAS))
