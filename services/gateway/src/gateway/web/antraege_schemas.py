"""Request and response bodies of the application API (/api/v1/antraege, /api/v1/formulare).

The answers are what the antrag service returns (docs/adr/0030-0035), described here field by
field so the OpenAPI document says what a client gets and the tests hold the service to it.
Parts that come from other services' events (the Jobcenter, the Zuständigkeit) and the answers
of a section (shaped by the form definition) are open objects.
"""

from __future__ import annotations

import re
from typing import Any

from marshmallow import INCLUDE, Schema, ValidationError, fields, post_load, validate

from contracts.common import AGS_PATTERN, ENTSCHAERFT_ARTEN, JOBCENTER_ID_PATTERN, Leistung
from contracts.text import Text, json_schema_pattern
from gateway.web.api_schemas import TEXT_ERRORS, Eingabe

LEISTUNGEN = [leistung.value for leistung in Leistung]
STATUS = ["entwurf", "eingereicht", "zugestellt", "zustellung_fehlgeschlagen", "zurueckgezogen"]
# A required member that must be a JSON object.
OBJEKT_PFLICHT = {"required": "pflichtfeld", "null": "pflichtfeld", "type": "objekt_erwartet"}
FELDTYPEN = [
    "text",
    "langtext",
    "zahl",
    "betrag",
    "datum",
    "ja_nein",
    "auswahl",
    "mehrfachauswahl",
    "iban",
    "plz",
    "telefon",
    "email",
    "gruppe",
]


class Offen(Schema):
    """An object that may carry more members than listed."""

    class Meta:
        unknown = INCLUDE


# requests -----------------------------------------------------------------------------------


class Wohnort(Eingabe):
    """One line of text each; the antrag service checks the rest (422 wohnort_ungueltig)."""

    plz = Text(
        einzeilig=True,
        required=True,
        error_messages=TEXT_ERRORS,
        metadata={
            "description": "Postcode: five digits (blanks around them are ignored)",
            "pattern": r"^ *[0-9]{5} *$",
            "example": "63571",
        },
    )
    ort = Text(
        einzeilig=True,
        required=True,
        error_messages=TEXT_ERRORS,
        metadata={
            "maxLength": 100,
            "pattern": json_schema_pattern(einzeilig=True, nicht_leer=True),
            "example": "Gelnhausen",
        },
    )
    strasse = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        metadata={"maxLength": 200, "example": "Marktplatz 1"},
    )


class AntragAnlegen(Eingabe):
    leistung = fields.String(
        required=True,
        validate=validate.OneOf(LEISTUNGEN, error="auswahl_ungueltig"),
        error_messages=TEXT_ERRORS,
        metadata={"example": "einstiegsgeld"},
    )
    wohnort = fields.Nested(
        Wohnort,
        required=True,
        error_messages=OBJEKT_PFLICHT,
        metadata={
            "description": "Place of residence: it decides the responsible Jobcenter, which the "
            "application shows once the zustaendigkeit service has answered (a few seconds)"
        },
    )
    gemeinde = fields.Nested(
        lambda: GemeindeWaehlen(),
        error_messages=OBJEKT_PFLICHT,
        metadata={
            "description": "Only where the place of residence leaves the Jobcenter open "
            "(several Gemeinden; GET /api/v1/zustaendigkeit lists them): the person's Gemeinde "
            "among them, chosen at creation. Without it such a draft is created undecided and "
            "the Gemeinde is chosen on the application (PUT .../gemeinde)"
        },
    )


class AbschnittAntworten(Schema):
    """The answers of one section: field name -> value, a repeating group as a list of such
    objects; GET /api/v1/formulare/{leistung} describes names, types and conditions. Values as
    a person types them are fine: dates 2026-01-31 or 31.01.2026, amounts 1.234,50 or 1234.5,
    yes/no as true/false or "ja"/"nein"."""

    error_messages = {"type": "objekt_erwartet"}

    class Meta:
        unknown = INCLUDE


class AnlageHochladen(Schema):
    """multipart/form-data."""

    abschnitt = Text(
        einzeilig=True,
        required=True,
        error_messages=TEXT_ERRORS,
        metadata={
            "description": "The section the document belongs to",
            "minLength": 1,
            "example": "taetigkeit",
        },
    )
    dateien = fields.List(
        fields.String(metadata={"format": "binary"}),
        required=True,
        metadata={
            "minItems": 1,
            "description": "PDF, JPEG or PNG, checked by content; several photos of one paper "
            "document become one PDF. All files of a request together at most "
            "SOZ_GATEWAY_ANLAGE_MAX_BYTES (11 MiB), else 413 anlagen_zu_gross",
        },
    )


def _kennung(muster: str, beschreibung: str, beispiel: str) -> Text:
    """A required key of a fixed shape; the service checks that it names a candidate."""

    def pruefen(value: str) -> None:
        if not re.fullmatch(muster, value):
            raise ValidationError("auswahl_ungueltig")

    return Text(
        einzeilig=True,
        required=True,
        validate=pruefen,
        error_messages=TEXT_ERRORS,
        metadata={"description": beschreibung, "pattern": muster, "example": beispiel},
    )


class GemeindeWaehlen(Eingabe):
    """One of the application's ``zustaendigkeit.gemeinden``: its Gemeinde and its Jobcenter
    together (Berlin's Bezirk offices share one Gemeinde key)."""

    ags = _kennung(
        AGS_PATTERN, "`ags` of one of the application's `zustaendigkeit.gemeinden`", "06437003"
    )
    jobcenter_id = _kennung(JOBCENTER_ID_PATTERN, "`jobcenter.id` of the same candidate", "41508")


class Zurueckziehung(Eingabe):
    begruendung = Text(
        error_messages=TEXT_ERRORS,
        metadata={
            "description": "Optional, up to 2000 characters; empty or blank means none given",
            "maxLength": 2000,
        },
    )

    @post_load
    def _leer_ist_keine(self, daten: dict[str, Any], **_: Any) -> dict[str, Any]:
        """A blank reason is no reason, as on the page (the service refuses a blank one)."""
        if not (daten.get("begruendung") or "").strip():
            daten.pop("begruendung", None)
        return daten


class Kurzantrag(Eingabe):
    """The short form's answers (optional: without them the saved answers must suffice)."""

    angaben = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        required=True,
        error_messages=OBJEKT_PFLICHT,
        metadata={
            "description": "By section and field, only the fields the definition's `kurzantrag` "
            "names (GET .../kurzantrag lists them); saved into their section beside its other "
            "answers",
            "example": {
                "antragsteller": {
                    "vorname": "Erika",
                    "nachname": "Mustermann",
                    "geburtsdatum": "12.04.1980",
                }
            },
        },
    )


# answers ------------------------------------------------------------------------------------


class AntragFeldfehler(Schema):
    abschnitt = fields.String(required=True, metadata={"example": "taetigkeit"})
    feld = fields.String(
        required=True,
        metadata={
            "description": "Path inside the section, entry numbers included "
            "(`personen.1.geburtsdatum`); empty for the section as a whole",
            "example": "beginn",
        },
    )
    code = fields.String(required=True, metadata={"example": "pflichtfeld"})
    meldung = fields.String(required=True, metadata={"description": "In the request's language"})


class AntragAngelegt(Schema):
    id = fields.UUID(required=True)
    antragsnummer = fields.String(
        required=True,
        metadata={
            "description": "The number to read out on the phone: eight characters without "
            "0/O/1/I/L in two groups, the last a check character (docs/adr/0089)",
            "pattern": "^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$",
            "example": "K7QM-3XR9",
        },
    )
    status = fields.String(required=True, validate=validate.OneOf(["entwurf"]))


class Frist(Schema):
    code = fields.String(
        required=True,
        validate=validate.OneOf(["schonfrist", "antrag_vervollstaendigen"]),
        metadata={
            "description": "schonfrist: pay (or have the Jobcenter undertake to pay) the rent "
            "arrears by then, § 569 Abs. 3 Nr. 2 BGB; antrag_vervollstaendigen: after a short "
            "filing, complete the application by then (our recommendation; the Jobcenter sets "
            "the binding date)"
        },
    )
    ab = fields.Date(required=True, metadata={"description": "The day it runs from"})
    bis = fields.Date(required=True, metadata={"description": "The last day"})
    verbindlich = fields.Boolean(
        required=True, metadata={"description": "false: a recommendation, not a legal deadline"}
    )
    rechtsgrundlage = fields.String(required=True, allow_none=True)
    land = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The Land whose public holidays counted (§ 193 BGB)"},
    )
    tage = fields.Integer(required=True, metadata={"description": "Days left from today"})
    abgelaufen = fields.Boolean(required=True)


class JobcenterKurz(Offen):
    id = fields.String(required=True, metadata={"example": "43102"})
    name = fields.String(required=True, metadata={"example": "Main-Kinzig-Kreis"})


class AntragKurz(Schema):
    id = fields.UUID(required=True)
    antragsnummer = fields.String(
        required=True,
        metadata={
            "description": "The number to read out on the phone: eight characters without "
            "0/O/1/I/L in two groups, the last a check character (docs/adr/0089)",
            "pattern": "^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$",
            "example": "K7QM-3XR9",
        },
    )
    leistung = fields.String(required=True, validate=validate.OneOf(LEISTUNGEN))
    status = fields.String(required=True, validate=validate.OneOf(STATUS))
    angelegt_am = fields.String(required=True, metadata={"format": "date-time"})
    geaendert_am = fields.String(required=True, metadata={"format": "date-time"})
    eingereicht_am = fields.String(required=True, allow_none=True)
    kurzantrag = fields.Boolean(
        required=True, metadata={"description": "The last submission was a short filing"}
    )
    jobcenter = fields.Nested(JobcenterKurz, required=True, allow_none=True)
    dringlich = fields.Boolean(
        required=True, metadata={"description": "Urgent (an eviction suit is pending)"}
    )
    fristen = fields.List(
        fields.Nested(Frist), required=True, metadata={"description": "Soonest first"}
    )


class AntragListe(Schema):
    antraege = fields.List(
        fields.Nested(AntragKurz), required=True, metadata={"description": "Newest first"}
    )


class Verlaufseintrag(Schema):
    status = fields.String(required=True, validate=validate.OneOf(STATUS))
    zeitpunkt = fields.String(required=True, metadata={"format": "date-time"})
    kurzantrag = fields.Boolean(metadata={"description": "This submission was a short filing"})
    jobcenter_id = fields.String()
    error_code = fields.String(metadata={"description": "Why a delivery failed (XTA error code)"})


class Anlage(Schema):
    anlage_id = fields.UUID(required=True)
    abschnitt = fields.String(required=True)
    dateiname = fields.String(required=True, metadata={"example": "arbeitsvertrag.pdf"})
    mime_type = fields.String(required=True, validate=validate.OneOf(["application/pdf"]))
    sha256 = fields.String(required=True)
    groesse = fields.Integer(required=True, metadata={"description": "Bytes"})
    seiten = fields.Integer(required=True)
    entschaerft = fields.List(
        fields.String(validate=validate.OneOf(ENTSCHAERFT_ARTEN)),
        allow_none=True,
        metadata={
            "description": "What was removed from the PDF before it was stored (active "
            "content); null for files stored before uploads were checked for it",
            "example": ["javascript"],
        },
    )


class Gemeindekandidat(Schema):
    ags = fields.String(
        required=True,
        metadata={
            "description": "Amtlicher Gemeindeschlüssel, eight digits",
            "example": "06437003",
        },
    )
    gemeinde = fields.String(required=True, metadata={"example": "Brensbach"})
    jobcenter = fields.Nested(JobcenterKurz, required=True)


class Zustaendigkeitsvermerk(Offen):
    eindeutig = fields.Boolean(
        required=True, metadata={"description": "true as well once the person chose a Gemeinde"}
    )
    kandidaten = fields.Integer(
        required=True,
        metadata={"description": "How many Jobcenters came into question when not unique"},
    )
    datenstand = fields.String(required=True)
    gemeinden = fields.List(
        fields.Nested(Gemeindekandidat),
        required=True,
        metadata={
            "description": "When not unique: the Gemeinden the place of residence may be, each "
            "with its Jobcenter; the person picks one (PUT .../gemeinde). Empty once decided, "
            "and when none was found"
        },
    )
    gewaehlt = fields.Boolean(
        required=True,
        metadata={"description": "The Jobcenter follows from the Gemeinde the person chose"},
    )


class Antrag(Schema):
    id = fields.UUID(required=True)
    antragsnummer = fields.String(
        required=True,
        metadata={
            "description": "The number to read out on the phone: eight characters without "
            "0/O/1/I/L in two groups, the last a check character (docs/adr/0089)",
            "pattern": "^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$",
            "example": "K7QM-3XR9",
        },
    )
    leistung = fields.String(required=True, validate=validate.OneOf(LEISTUNGEN))
    definition_version = fields.String(required=True, metadata={"example": "einstiegsgeld-2026.1"})
    status = fields.String(required=True, validate=validate.OneOf(STATUS))
    bearbeitbar = fields.Boolean(
        required=True, metadata={"description": "Sections and attachments can still change"}
    )
    wohnort = fields.Dict(required=True, metadata={"description": "plz, ort, strasse"})
    jobcenter = fields.Nested(
        JobcenterKurz,
        required=True,
        allow_none=True,
        metadata={"description": "null until the zustaendigkeit service has answered"},
    )
    zustaendigkeit = fields.Nested(Zustaendigkeitsvermerk, required=True, allow_none=True)
    abschnitte = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(),
        required=True,
        metadata={"description": "Saved answers by section, as validated"},
    )
    anlagen = fields.List(fields.Nested(Anlage), required=True)
    fehlend = fields.List(
        fields.Nested(AntragFeldfehler),
        required=True,
        metadata={"description": "What stands in the way of submitting"},
    )
    dringlich = fields.Boolean(required=True)
    fristen = fields.List(
        fields.Nested(Frist),
        required=True,
        metadata={"description": "Deadlines the person must know, soonest first"},
    )
    kurzantrag_eingereicht_am = fields.String(required=True, allow_none=True)
    eingereicht_am = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "The legally relevant time (§ 37 SGB II): the first filing"},
    )
    pruefsumme = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "SHA-256 of what was sent, as printed on the receipt"},
    )
    verlauf = fields.List(fields.Nested(Verlaufseintrag), required=True)
    naechster_schritt = fields.String(
        required=True, metadata={"description": "What happens next, in the request's language"}
    )


class AbschnittGespeichert(Schema):
    id = fields.UUID(required=True)
    abschnitt = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUS))
    fehlend = fields.List(
        fields.Nested(AntragFeldfehler),
        required=True,
        metadata={"description": "Still missing in this section (a draft may be incomplete)"},
    )


class Einreichung(Schema):
    id = fields.UUID(required=True)
    antragsnummer = fields.String(
        required=True,
        metadata={
            "description": "The number to read out on the phone: eight characters without "
            "0/O/1/I/L in two groups, the last a check character (docs/adr/0089)",
            "pattern": "^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$",
            "example": "K7QM-3XR9",
        },
    )
    status = fields.String(required=True, validate=validate.OneOf(STATUS))
    kurzantrag = fields.Boolean(required=True)
    eingereicht_am = fields.String(required=True, metadata={"format": "date-time"})
    jobcenter_id = fields.String(required=True, metadata={"example": "43102"})


class KurzantragFeld(Schema):
    abschnitt = fields.String(required=True, metadata={"example": "antragsteller"})
    name = fields.String(required=True, metadata={"example": "vorname"})
    typ = fields.String(required=True, validate=validate.OneOf(FELDTYPEN))
    label = fields.String(required=True)
    hilfe = fields.String(required=True, allow_none=True)
    wert = fields.Raw(
        required=True, allow_none=True, metadata={"description": "Known already, as saved"}
    )
    quelle = fields.String(
        required=True,
        allow_none=True,
        validate=validate.OneOf(["entwurf", "anderer_antrag"]),
        metadata={
            "description": "Where the known answer comes from: this draft, or the person's "
            "latest other application"
        },
    )


class KurzantragFormular(Schema):
    id = fields.UUID(required=True)
    antragsnummer = fields.String(
        required=True,
        metadata={
            "description": "The number to read out on the phone: eight characters without "
            "0/O/1/I/L in two groups, the last a check character (docs/adr/0089)",
            "pattern": "^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$",
            "example": "K7QM-3XR9",
        },
    )
    wohnort = fields.Dict(required=True, metadata={"description": "plz, ort, strasse"})
    felder = fields.List(fields.Nested(KurzantragFeld), required=True)
    moeglich = fields.Boolean(
        required=True,
        metadata={"description": "false once a short filing or the full application was made"},
    )


class GemeindeGewaehlt(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(STATUS))
    jobcenter = fields.Nested(
        JobcenterKurz,
        required=True,
        metadata={"description": "The chosen Gemeinde's Jobcenter, from now on the application's"},
    )


class Zurueckgezogen(Schema):
    id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(["zurueckgezogen"]))


class Bedingung(Offen):
    feld = fields.String(required=True)


class FormularFeld(Offen):
    name = fields.String(required=True)
    typ = fields.String(required=True, validate=validate.OneOf(FELDTYPEN))
    label = fields.String(required=True)
    hilfe = fields.String(required=True, allow_none=True)
    pflicht = fields.Boolean(required=True)
    wenn = fields.Nested(Bedingung, required=True, allow_none=True)
    felder = fields.List(
        fields.Dict(), metadata={"description": "gruppe: the fields of one entry (FormularFeld)"}
    )
    verweis = fields.String(
        validate=validate.OneOf(["datenschutz"]),
        metadata={"description": "A page of the platform the field refers to; link it beside it"},
    )
    vorbelegung = fields.List(
        fields.String(),
        metadata={
            "description": "Offer the values at these paths (wohnort.plz, antragsteller.vorname) "
            "joined by a space while the section was never saved",
            "example": ["wohnort.plz"],
        },
    )
    beispiel = fields.String(metadata={"description": "An example as a person types it"})


class Nachweis(Schema):
    name = fields.String(required=True)
    label = fields.String(required=True)
    wenn = fields.Nested(Bedingung, required=True, allow_none=True)


class FormularAbschnitt(Schema):
    name = fields.String(required=True)
    titel = fields.String(required=True)
    hilfe = fields.String(required=True, allow_none=True)
    rechtsgrundlage = fields.String(required=True, metadata={"example": "§ 16b SGB II"})
    vordruck = fields.String(required=True, allow_none=True)
    warum = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Why the section asks this, in plain words"},
    )
    wenn = fields.Nested(Bedingung, required=True, allow_none=True)
    felder = fields.List(fields.Nested(FormularFeld), required=True)
    nachweise = fields.List(fields.Nested(Nachweis), required=True)


class Formular(Offen):
    leistung = fields.String(required=True, validate=validate.OneOf(LEISTUNGEN))
    version = fields.String(required=True)
    sprache = fields.String(required=True, validate=validate.OneOf(["de", "en", "ls"]))
    titel = fields.String(required=True)
    beschreibung = fields.String(required=True)
    rechtsgrundlage = fields.String(required=True)
    abschnitte = fields.List(fields.Nested(FormularAbschnitt), required=True)
    regeln = fields.List(fields.Dict(), required=True)
    kurzantrag = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Fields a short filing needs (besides the place of residence)"},
    )
    dringlich_wenn = fields.Nested(Bedingung, required=True, allow_none=True)
    meldungen = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        required=True,
        metadata={"description": "Field messages by code, in the asked language"},
    )
