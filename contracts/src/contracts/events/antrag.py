"""Events published by the antrag service (exchange ``antrag.events``)."""

from __future__ import annotations

import enum

from marshmallow import fields, validate

from contracts.base import EventPayloadSchema, PayloadPartSchema
from contracts.common import (
    PLZ_PATTERN,
    Anlage,
    Leistung,
    jobcenter_id_field,
    person_id_field,
    zeitpunkt_field,
)
from contracts.fields import JsonObject
from contracts.text import Text

PRODUCER = "antrag"


class AntragStatus(enum.StrEnum):
    ENTWURF = "entwurf"
    EINGEREICHT = "eingereicht"
    ZUGESTELLT = "zugestellt"
    ZUSTELLUNG_FEHLGESCHLAGEN = "zustellung_fehlgeschlagen"
    ZURUECKGEZOGEN = "zurueckgezogen"


class Wohnort(PayloadPartSchema):
    """Place of residence as the person gave it; enough for zustaendigkeit to find the office."""

    plz = Text(einzeilig=True, required=True, validate=validate.Regexp(PLZ_PATTERN))
    ort = Text(einzeilig=True, required=True, validate=validate.Length(min=1, max=100))
    strasse = Text(
        einzeilig=True,
        validate=validate.Length(min=1, max=200),
        metadata={"description": "Street and house number, where the PLZ spans several offices"},
    )


class AntragAngelegt(EventPayloadSchema):
    """A person started an application (a draft); the place of residence decides the office."""

    event_type = "AntragAngelegt"
    schema_version = 1
    producer = PRODUCER

    antrag_id = fields.UUID(required=True)
    person_id = person_id_field()
    leistung = fields.Enum(Leistung, by_value=fields.String, required=True)
    wohnort = fields.Nested(Wohnort, required=True, metadata={"personal": True})

    example = {
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "leistung": "buergergeld",
        "wohnort": {"plz": "88400", "ort": "Biberach an der Riß", "strasse": "Marktplatz 1"},
    }


class AntragEingereicht(EventPayloadSchema):
    """The person submitted the application; it carries the full, validated application."""

    event_type = "AntragEingereicht"
    schema_version = 1
    producer = PRODUCER

    antrag_id = fields.UUID(required=True)
    person_id = person_id_field()
    leistung = fields.Enum(Leistung, by_value=fields.String, required=True)
    jobcenter_id = jobcenter_id_field()
    eingereicht_am = zeitpunkt_field("Legally relevant time of submission (Antragstellung)")
    kurzantrag = fields.Boolean(
        required=True,
        metadata={"description": "Short application that secures the date; details follow later"},
    )
    antrag = JsonObject(
        required=True,
        metadata={
            "personal": True,
            "description": "The whole application as validated against its form definition",
        },
    )
    anlagen = fields.List(fields.Nested(Anlage), required=True, metadata={"personal": True})
    definition_version = Text(
        einzeilig=True,
        required=True,
        validate=validate.Length(min=1, max=50),
        metadata={"description": "Version of the form definition the application follows"},
    )

    example = {
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "leistung": "buergergeld",
        "jobcenter_id": "68410",
        "eingereicht_am": "2026-01-15T09:30:00+00:00",
        "kurzantrag": False,
        # The shape antrag produces (docs/adr/0033): sections as validated, attachments by section.
        "antrag": {
            "wohnort": {"plz": "88400", "ort": "Biberach an der Riß"},
            "abschnitte": {
                "antragsteller": {
                    "vorname": "Erika",
                    "nachname": "Mustermann",
                    "geburtsdatum": "1980-04-12",
                    "strasse_hausnummer": "Marktplatz 1",
                    "plz": "88400",
                    "ort": "Biberach an der Riß",
                },
                "einkommen": {"erwerbseinkommen": True, "brutto_monatlich": "520.00"},
                "bankverbindung": {
                    "kontoinhaber": "Erika Mustermann",
                    "iban": "DE02120300000000202051",
                },
            },
            "dringlich": False,
            "anlagen": {"7c9e6679-7425-40de-944b-e07fc1f90ae7": "wohnung"},
        },
        "anlagen": [
            {
                "anlage_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
                "dateiname": "mietvertrag.pdf",
                "mime_type": "application/pdf",
                "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "groesse": 184320,
            }
        ],
        "definition_version": "buergergeld-2026.1",
    }


class AntragZurueckgezogen(EventPayloadSchema):
    """The person withdrew the application."""

    event_type = "AntragZurueckgezogen"
    schema_version = 1
    producer = PRODUCER

    antrag_id = fields.UUID(required=True)
    person_id = person_id_field()
    zurueckgezogen_am = zeitpunkt_field("Legally relevant time of the withdrawal")
    begruendung = Text(
        validate=validate.Length(min=1, max=2000),
        metadata={"personal": True, "description": "Reason in the person's own words, if given"},
    )

    example = {
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "zurueckgezogen_am": "2026-01-16T08:00:00+00:00",
        "begruendung": "Ich habe eine Arbeitsstelle gefunden.",
    }


class AntragStatusGeaendert(EventPayloadSchema):
    """The application moved to another status (e.g. after a delivery outcome)."""

    event_type = "AntragStatusGeaendert"
    schema_version = 1
    producer = PRODUCER

    antrag_id = fields.UUID(required=True)
    person_id = person_id_field()
    vorheriger_status = fields.Enum(AntragStatus, by_value=fields.String, required=True)
    status = fields.Enum(AntragStatus, by_value=fields.String, required=True)

    example = {
        "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
        "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "vorheriger_status": "eingereicht",
        "status": "zugestellt",
    }


SCHEMAS = (AntragAngelegt, AntragEingereicht, AntragZurueckgezogen, AntragStatusGeaendert)
