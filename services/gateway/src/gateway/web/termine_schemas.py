"""Request and response bodies of the appointment API (/api/v1/beratungsstellen,
/api/v1/buchungen, /api/v1/termine; issue 12).

The answers are what the termine service returns, described field by field so the OpenAPI
document says what a client gets; parts the service may grow (the centre's entry) are open
objects. Requests are checked here for shape only; the service decides the rest (422
``felder_ungueltig``, 409 ``termin_vergeben``).
"""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from contracts.text import Text
from gateway.web.api_schemas import TEXT_ERRORS, Eingabe

THEMEN = ["schuldnerberatung", "suchtberatung", "wohnungslosenhilfe", "sozialberatung"]
ARTEN = ["vor_ort", "telefon", "chat", "video"]
ZUGANG_WEGE = ["chat", "video"]  # in the centre's own tool, reached by an address
STATUS = ["gebucht", "storniert", "nicht_erschienen"]
# The header that carries an anonymous booking's secret (docs/adr/0112); the query parameter
# ``geheimnis`` is the same, for links (the calendar download, the manage page).
GEHEIMNIS_HEADER = "X-Termin-Geheimnis"
GEHEIMNIS_PARAMETER = "geheimnis"
AUSWAHL = {"validator_failed": "auswahl_ungueltig", "invalid": "auswahl_ungueltig"}
ZEITPUNKT = {"invalid": "zeitpunkt_ungueltig", "required": "pflichtfeld", "null": "pflichtfeld"}
UUID_FEHLER = {
    "invalid_uuid": "kennung_ungueltig",
    "required": "pflichtfeld",
    "null": "pflichtfeld",
}


class Offen(Schema):
    """An object that may carry more members than listed."""

    class Meta:
        unknown = INCLUDE


def auswahl_feld(werte: list[str], beschreibung: str, **options: object) -> fields.String:
    return fields.String(
        validate=validate.OneOf(werte),
        error_messages={**TEXT_ERRORS, **AUSWAHL},
        metadata={"enum": werte, "description": beschreibung},
        **options,
    )


def zeitpunkt_feld(beschreibung: str, **options: object) -> fields.AwareDateTime:
    return fields.AwareDateTime(
        error_messages={**ZEITPUNKT, "naive": "zeitpunkt_ungueltig"},
        metadata={"description": beschreibung, "example": "2027-01-12T09:00:00+01:00"},
        **options,
    )


# requests -----------------------------------------------------------------------------------


class Suche(Eingabe):
    """Query parameters of the search. ``eines_von``: a postcode or a town is needed."""

    eines_von = ("plz", "ort")

    plz = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=20),
        metadata={"description": "Postcode: five digits", "example": "50667"},
    )
    ort = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=100),
        metadata={"description": "Town", "example": "Köln"},
    )
    thema = auswahl_feld(THEMEN, "Theme of the counselling")
    art = auswahl_feld(ARTEN, "Way of counselling; telefon, chat and video are found Land-wide")
    sprache = fields.String(
        validate=validate.Regexp(r"^[a-z]{2}$", error="auswahl_ungueltig"),
        error_messages=TEXT_ERRORS,
        metadata={"description": "A language of the counselling (ISO 639-1)", "example": "tr"},
    )
    barrierefrei = fields.Boolean(
        error_messages={"invalid": "auswahl_ungueltig"},
        metadata={"description": "Only barrier-free places"},
    )
    anonym = fields.Boolean(
        error_messages={"invalid": "auswahl_ungueltig"},
        metadata={"description": "Only centres that counsel anonymously"},
    )
    umkreis_km = fields.Integer(
        validate=validate.Range(min=1, max=200, error="umkreis_ungueltig"),
        error_messages={"invalid": "umkreis_ungueltig"},
        metadata={"description": "Radius in km (default 25)", "example": 25},
    )
    seite = fields.Integer(
        validate=validate.Range(min=1, max=1000, error="seite_ungueltig"),
        error_messages={"invalid": "seite_ungueltig"},
        metadata={"description": "Page of the hits (1 first)"},
    )


class TermineAbfrage(Eingabe):
    """Query parameters of the free times."""

    angebot = fields.UUID(error_messages=UUID_FEHLER, metadata={"description": "Offer id"})
    art = auswahl_feld(ARTEN, "Way of counselling")
    von = zeitpunkt_feld("From (RFC 3339 with offset)")
    bis = zeitpunkt_feld("Until (RFC 3339 with offset)")


class Kontakt(Eingabe):
    email = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=254),
        metadata={"format": "email", "example": "erika@example.org"},
    )
    telefon = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=40),
        metadata={"example": "+49 221 000000"},
    )


class BuchungAnlegen(Eingabe):
    beratungsstelle_id = fields.UUID(required=True, error_messages=UUID_FEHLER)
    angebot_id = fields.UUID(required=True, error_messages=UUID_FEHLER)
    beginn = zeitpunkt_feld("Start, one of the free times", required=True)
    art = auswahl_feld(ARTEN, "Way of counselling", required=True)
    anliegen = Text(
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=2000),
        metadata={"description": "What the person wants to talk about (sealed; never mailed)"},
    )
    kontakt = fields.Nested(
        Kontakt,
        error_messages={"type": "objekt_erwartet", "null": "objekt_erwartet"},
        metadata={"description": "For mails and phone appointments (sealed)"},
    )


class Verschiebung(Eingabe):
    beginn = zeitpunkt_feld("The new start, one of the free times", required=True)


# answers ------------------------------------------------------------------------------------


class Adresse(Offen):
    strasse = fields.String(allow_none=True)
    plz = fields.String(allow_none=True)
    ort = fields.String(allow_none=True)


class Treffer(Offen):
    id = fields.String(required=True)
    name = fields.String(required=True)
    traeger = fields.String(allow_none=True)
    themen = fields.List(fields.String(), required=True)
    arten = fields.List(fields.String(), required=True)
    sprachen = fields.List(fields.String(), required=True)
    barrierefrei = fields.Boolean(required=True)
    anonym_moeglich = fields.Boolean(required=True)
    adresse = fields.Nested(Adresse, allow_none=True)
    entfernung_km = fields.Float(allow_none=True)
    naechster_termin = fields.String(
        allow_none=True, metadata={"description": "RFC 3339; null when none in the horizon"}
    )
    beispieldaten = fields.Boolean(
        required=True, metadata={"description": "Demo data: say so wherever it is shown"}
    )


class Suchergebnis(Offen):
    treffer = fields.List(fields.Nested(Treffer), required=True)
    gesamt = fields.Integer(required=True)
    datenstand = fields.String(allow_none=True)


class Angebot(Offen):
    id = fields.String(required=True)
    thema = fields.String(required=True)
    arten = fields.List(fields.String(), required=True)
    dauer_minuten = fields.Integer(required=True)


class Beratungsstelle(Offen):
    id = fields.String(required=True)
    name = fields.String(required=True)
    angebote = fields.List(fields.Nested(Angebot), required=True)
    oeffnungszeiten = fields.Raw(metadata={"description": "Opening hours in words"})
    beispieldaten = fields.Boolean(required=True)
    zugang_fuer = fields.List(
        fields.String(metadata={"enum": ZUGANG_WEGE}),
        metadata={
            "description": "The ways (chat, video) for which the centre has stated the address "
            "of its own tool: a booking gets its room link. A chat or video booking of another "
            "way needs an e-mail address or phone number (the centre sends its access)"
        },
    )
    fernzugang = fields.Dict(
        keys=fields.String(metadata={"enum": ZUGANG_WEGE}),
        values=fields.String(allow_none=True),
        metadata={
            "description": "Only for the centre's own staff: the address per way, with "
            "`{raum}` where each booking gets a room of its own; null: none"
        },
    )


class FreierTermin(Offen):
    beginn = fields.String(required=True, metadata={"description": "RFC 3339 with offset"})
    ende = fields.String(required=True)
    art = fields.String(required=True)
    angebot_id = fields.String(required=True)


class FreieTermine(Offen):
    termine = fields.List(fields.Nested(FreierTermin), required=True)


class Buchung(Offen):
    id = fields.String(required=True)
    status = fields.String(required=True, metadata={"enum": STATUS})
    beginn = fields.String(required=True)
    ende = fields.String(required=True)
    art = fields.String(required=True)
    zugang_url = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "format": "uri",
            "description": "Chat and video: the address at which the person joins, a room of "
            "this booking's own (a secret to the session: share it with nobody). null: not "
            "chat or video, cancelled, or the centre sends its access itself",
        },
    )


class Gebucht(Buchung):
    ics_url = fields.String(
        required=True,
        metadata={"description": "The calendar file (with the secret when anonymous)"},
    )
    verwaltung_url = fields.String(
        metadata={
            "description": "Anonymous bookings only, shown once: the page to see, move or "
            "cancel the appointment. It holds the secret; keep it."
        }
    )


class MeineTermine(Offen):
    termine = fields.List(fields.Nested(Buchung), required=True)


KOMPONENTEN = (
    ("Suche", Suche),
    ("TermineAbfrage", TermineAbfrage),
    ("TerminKontakt", Kontakt),
    ("BuchungAnlegen", BuchungAnlegen),
    ("Verschiebung", Verschiebung),
    ("Adresse", Adresse),
    ("Treffer", Treffer),
    ("Suchergebnis", Suchergebnis),
    ("BeratungsAngebot", Angebot),
    ("Beratungsstelle", Beratungsstelle),
    ("FreierTermin", FreierTermin),
    ("FreieTermine", FreieTermine),
    ("Buchung", Buchung),
    ("Gebucht", Gebucht),
    ("MeineTermine", MeineTermine),
)


# the centre's side (staff) -------------------------------------------------------------------


class StelleAdresse(Eingabe):
    strasse = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=200))
    plz = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=10))
    ort = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=100))


class StelleKontakt(Eingabe):
    telefon = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=40))
    email = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=254))
    website = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=300))


class StelleFernzugang(Eingabe):
    """Per way, the address of the centre's own tool; null or "" removes it, a way not named
    stays as it is."""

    chat = Text(
        einzeilig=True,
        allow_none=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=500, error="angabe_zu_lang"),
        metadata={"example": "https://chat.traeger.example/beratung"},
    )
    video = Text(
        einzeilig=True,
        allow_none=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=500, error="angabe_zu_lang"),
        metadata={
            "description": "https only, no user or password; `{raum}` (at most once) is "
            "replaced by a fresh room name of 128 random bits for each booking",
            "example": "https://meet.traeger.example/{raum}",
        },
    )


class StelleAendern(Eingabe):
    """Any of the members; the service checks them (422 with its field codes)."""

    name = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=200))
    traeger = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=200))
    beschreibung = Text(error_messages=TEXT_ERRORS, validate=validate.Length(max=2000))
    sprachen = fields.List(
        fields.String(validate=validate.Regexp(r"^[a-z]{2}$", error="auswahl_ungueltig")),
        validate=validate.Length(max=30),
        metadata={"description": "ISO 639-1 codes"},
    )
    barrierefrei = fields.Boolean(error_messages={"invalid": "auswahl_ungueltig"})
    anonym_moeglich = fields.Boolean(error_messages={"invalid": "auswahl_ungueltig"})
    adresse = fields.Nested(StelleAdresse, error_messages={"type": "objekt_erwartet"})
    kontakt = fields.Nested(StelleKontakt, error_messages={"type": "objekt_erwartet"})
    fernzugang = fields.Nested(
        StelleFernzugang,
        error_messages={"type": "objekt_erwartet"},
        metadata={"description": "Chat and video in the centre's own tool (docs/adr/0121)"},
    )


class AngebotSpeichern(Eingabe):
    id = fields.String(validate=validate.Length(max=100), metadata={"description": "to change"})
    thema = auswahl_feld(THEMEN, "Theme", required=True)
    arten = fields.List(
        auswahl_feld(ARTEN, "Way"),
        required=True,
        validate=validate.Length(min=1, max=4, error="pflichtfeld"),
        error_messages={"required": "pflichtfeld"},
    )
    dauer_minuten = fields.Integer(
        required=True,
        validate=validate.Range(min=10, max=240, error="angabe_ungueltig"),
        error_messages={"invalid": "angabe_ungueltig", "required": "pflichtfeld"},
    )
    puffer_minuten = fields.Integer(
        validate=validate.Range(min=0, max=120, error="angabe_ungueltig"),
        error_messages={"invalid": "angabe_ungueltig"},
    )


WOCHENTAGE = ["MO", "DI", "MI", "DO", "FR", "SA", "SO"]
UHRZEIT = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class Sprechzeit(Eingabe):
    tage = fields.List(
        auswahl_feld(WOCHENTAGE, "Weekday"),
        required=True,
        validate=validate.Length(min=1, max=7, error="pflichtfeld"),
    )
    von = fields.String(
        required=True,
        validate=validate.Regexp(UHRZEIT, error="zeitpunkt_ungueltig"),
        metadata={"example": "09:00", "description": "Europe/Berlin wall time"},
    )
    bis = fields.String(
        required=True,
        validate=validate.Regexp(UHRZEIT, error="zeitpunkt_ungueltig"),
        metadata={"example": "12:00"},
    )
    arten = fields.List(auswahl_feld(ARTEN, "Way"), required=True, validate=validate.Length(min=1))


class Sprechzeiten(Eingabe):
    sprechzeiten = fields.List(
        fields.Nested(Sprechzeit), required=True, validate=validate.Length(max=50)
    )


class Abwesenheit(Eingabe):
    von = fields.Date(required=True, error_messages={"invalid": "zeitpunkt_ungueltig"})
    bis = fields.Date(
        required=True,
        error_messages={"invalid": "zeitpunkt_ungueltig"},
        metadata={"description": "inclusive"},
    )


class StelleStornierung(Eingabe):
    grund = Text(
        required=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(min=1, max=500, error="pflichtfeld"),
        metadata={"description": "The person is told it"},
    )


class Zeitraum(Eingabe):
    von = fields.Date(error_messages={"invalid": "zeitpunkt_ungueltig"})
    bis = fields.Date(error_messages={"invalid": "zeitpunkt_ungueltig"})


KOMPONENTEN = (
    *KOMPONENTEN,
    ("StelleAdresse", StelleAdresse),
    ("StelleKontakt", StelleKontakt),
    ("StelleFernzugang", StelleFernzugang),
    ("StelleAendern", StelleAendern),
    ("AngebotSpeichern", AngebotSpeichern),
    ("Sprechzeit", Sprechzeit),
    ("Sprechzeiten", Sprechzeiten),
    ("Abwesenheit", Abwesenheit),
    ("StelleStornierung", StelleStornierung),
    ("Zeitraum", Zeitraum),
)
