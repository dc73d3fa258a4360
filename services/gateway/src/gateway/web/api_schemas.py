"""Request and response bodies of the JSON API. They validate the requests and generate the
OpenAPI document (gateway.web.openapi), so the two cannot disagree.

Error messages are codes (``pflichtfeld``, ``email_ungueltig``, ...): the API answers them in
``Problem.felder`` with a message in the request's language (gateway.fehler.FELDMELDUNGEN).
"""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

from contracts.common import Sprache
from contracts.text import FEHLER_EINZEILIG, FEHLER_STEUERZEICHEN, Text, json_schema_pattern
from gateway.fehler import FELDMELDUNGEN
from gateway.sicherheit import (
    MAX_EMAIL_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    email_gueltig,
    email_kontextwoerter,
    email_normalisieren,
    passwort_mangel,
)

# Every text a request carries is text by the platform's one definition (contracts.text,
# docs/adr/0066); its two refusals come back as field codes.
TEXT_ERRORS = {
    "required": "pflichtfeld",
    "null": "pflichtfeld",
    "invalid": "text_erwartet",
    FEHLER_STEUERZEICHEN: "text_steuerzeichen",
    FEHLER_EINZEILIG: "text_einzeilig",
}


class Eingabe(Schema):
    """A request body: an object with exactly the documented fields."""

    error_messages = {"type": "objekt_erwartet", "unknown": "unbekanntes_feld"}

    class Meta:
        unknown = RAISE


def _email(value: str) -> None:
    if not value.strip():
        raise ValidationError("pflichtfeld")
    if not email_gueltig(email_normalisieren(value)):
        raise ValidationError("email_ungueltig")


class Zugangsdaten(Eingabe):
    email = Text(
        einzeilig=True,
        required=True,
        validate=_email,
        error_messages=TEXT_ERRORS,
        metadata={
            "description": "Email address; compared without regard to case",
            "maxLength": MAX_EMAIL_LENGTH,
            "format": "email",
            "example": "erika.mustermann@example.org",
        },
    )
    passwort = fields.String(
        required=True,
        error_messages=TEXT_ERRORS,
        metadata={
            "description": (
                "Password, compared in Unicode NFKC: at least 12 characters, no control "
                "characters, not only white space, and not a common or easily guessed password "
                "(field codes passwort_zu_kurz, passwort_zu_lang, passwort_steuerzeichen, "
                "passwort_nur_leerraum, passwort_zu_leicht)"
            ),
            "minLength": MIN_PASSWORD_LENGTH,
            "maxLength": MAX_PASSWORD_LENGTH,
            "writeOnly": True,
            "example": "Kaffee mit Milch am Morgen",
        },
    )

    passwort_regel = True  # a new password; Anmeldedaten checks none

    @validates_schema(skip_on_field_errors=False)
    def _passwort_regel(self, daten: dict[str, Any], **_: Any) -> None:
        """The password rule (gateway.sicherheit.passwort_mangel), with the parts of the email
        address as words a guesser would try first."""
        if not self.passwort_regel or "passwort" not in daten:
            return
        if not daten["passwort"]:
            raise ValidationError("pflichtfeld", "passwort")
        email = daten.get("email", "")
        mangel = passwort_mangel(daten["passwort"], email_kontextwoerter(email) if email else ())
        if mangel is not None:
            raise ValidationError(mangel, "passwort")


class Anmeldedaten(Zugangsdaten):
    """Login checks no password rules: a wrong one is just wrong (no hint what rule it broke)."""

    passwort_regel = False

    passwort = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_PASSWORD_LENGTH, error="pflichtfeld"),
        error_messages=TEXT_ERRORS,
        metadata={"writeOnly": True, "maxLength": MAX_PASSWORD_LENGTH},
    )


class Sitzung(Schema):
    person_id = fields.UUID(required=True)
    anmeldeart = fields.String(required=True, validate=validate.OneOf(["passwort", "oidc"]))
    csrf_token = fields.String(
        required=True,
        metadata={"description": "Send as header X-CSRF-Token with every state-changing call"},
    )
    laeuft_ab_um = fields.AwareDateTime(
        required=True,
        metadata={"description": "When the session ends unless it is used again before"},
    )


class Angebot(Schema):
    schluessel = fields.String(required=True, metadata={"example": "zustaendigkeit"})
    titel = fields.String(required=True)
    beschreibung = fields.String(required=True)
    verfuegbar = fields.Boolean(
        required=True, metadata={"description": "false: announced, not usable yet"}
    )
    pfad = fields.String(metadata={"description": "Page of the offer, when available"})


class Angebote(Schema):
    sprache = fields.Enum(Sprache, by_value=fields.String, required=True)
    angebote = fields.List(fields.Nested(Angebot), required=True)


# Zuständigkeit (services/zustaendigkeit answers it; docs/adr/0013 and 0014) -----------------------


class ZustaendigkeitAnfrage(Eingabe):
    """Query parameters: a PLZ, a town, or both. Empty parameters count as absent; what the
    service finds wrong comes back as 422 with its own code.

    ``eines_von``: the document says that at least one of them must be given (a query object
    with anyOf/required, gateway.web.openapi)."""

    eines_von = ("plz", "ort")

    plz = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        metadata={
            "description": "Postcode: five digits (blanks around them are ignored)",
            "pattern": r"^ *[0-9]{5} *$",
            "maxLength": 20,
            "example": "17337",
        },
    )
    ort = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        metadata={
            "maxLength": 100,
            "pattern": json_schema_pattern(einzeilig=True, nicht_leer=True),
            "description": "Town, as people type it (case, ae/oe/ue, St., small typos); with a "
            "postcode it picks among the postcode's towns, or names a Berlin Bezirk",
            "example": "Uckerland",
        },
    )


class Anschrift(Schema):
    strasse = fields.String(required=True, metadata={"example": "Beispielring 6"})
    plz = fields.String(required=True, metadata={"example": "88400"})
    ort = fields.String(required=True, metadata={"example": "Biberach an der Riß"})


class JobcenterKontakt(Schema):
    """The contact details the instance's operators keep (with source and as-of date), or,
    where none are known, what can honestly be said: a gE is reached through jobcenter.digital
    (``website``), a zkT is run by the Kreis or kreisfreie Stadt named in ``traeger``. Every key
    is always present, null when unknown."""

    bekannt = fields.Boolean(
        required=True,
        metadata={"description": "The Jobcenter's own contact details are known"},
    )
    anschrift = fields.Nested(Anschrift, required=True, allow_none=True)
    telefon = fields.String(required=True, allow_none=True, metadata={"example": "069 90009 106"})
    email = fields.String(required=True, allow_none=True)
    website = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "https address; for a gE without details: jobcenter.digital"},
    )
    oeffnungszeiten = fields.String(
        required=True, allow_none=True, metadata={"description": "In words, in German"}
    )
    traeger = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "zkT: the Kreis or kreisfreie Stadt that runs it; gE: null"},
    )
    quelle = fields.String(
        required=True, allow_none=True, metadata={"description": "Where the details come from"}
    )
    stand = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "When the details were last checked (YYYY-MM-DD)"},
    )


class ZustaendigesJobcenter(Schema):
    id = fields.String(
        required=True, metadata={"description": "Träger-Nummer (EinglMV)", "example": "43102"}
    )
    name = fields.String(required=True, metadata={"example": "Main-Kinzig-Kreis"})
    traeger_art = fields.String(
        required=True,
        validate=validate.OneOf(["zkT", "gE"]),
        metadata={"description": "zkT: municipal Jobcenter; gE: joint Jobcenter"},
    )
    kanal = fields.String(
        required=True,
        validate=validate.OneOf(["sozialplattform", "jobcenter.digital", "jobcenter"]),
        metadata={
            "description": "Where to apply: here (a zkT connected to this instance), at "
            "jobcenter.digital (gE), or directly at the Jobcenter (a zkT not connected here)"
        },
    )
    url = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Where to apply online: jobcenter.digital for a gE, else null"},
    )
    kontakt = fields.Nested(
        JobcenterKontakt,
        required=True,
        metadata={"description": "How to reach the Jobcenter (docs/adr/0084)"},
    )


class Kandidat(Schema):
    ort = fields.String(required=True, metadata={"example": "Uckerland"})
    ags = fields.String(
        required=True,
        metadata={"description": "Amtlicher Gemeindeschlüssel", "example": "12073578"},
    )
    jobcenter = fields.Nested(ZustaendigesJobcenter, required=True)


class Rueckfrage(Schema):
    art = fields.String(
        required=True,
        validate=validate.OneOf(["ort", "bezirk", "plz", "jobcenter"]),
        metadata={
            "description": "ort: send one of the options back as `ort` (with the same `plz`); "
            "bezirk: the same for a Berlin Bezirk; plz: ask for the postcode; jobcenter: the data "
            "cannot narrow further, the person picks a candidate"
        },
    )
    optionen = fields.List(fields.String(), required=True)


class Quelle(Schema):
    titel = fields.String(required=True)
    lizenz = fields.String(required=True, metadata={"example": "ODbL-1.0"})
    url = fields.String(required=True, allow_none=True)


class Zustaendigkeit(Schema):
    eindeutig = fields.Boolean(
        required=True, metadata={"description": "Exactly one Jobcenter remains"}
    )
    kandidaten = fields.List(fields.Nested(Kandidat), required=True)
    rueckfrage = fields.Nested(
        Rueckfrage,
        required=True,
        allow_none=True,
        metadata={"description": "What to ask next when not unique; null when unique"},
    )
    datenstand = fields.String(
        required=True, metadata={"example": "einglmv2026+plz-osm+gv2020q4@f64743d9f537"}
    )
    quellen = fields.List(
        fields.Nested(Quelle),
        required=True,
        metadata={"description": "Credits to show with the results (ODbL among them)"},
    )


class Feldfehler(Schema):
    abschnitt = fields.String(
        metadata={
            "description": "Only for an application's answers: the section (then `feld` is the "
            "path inside it and `code` one of the antrag service's field codes)",
            "example": "taetigkeit",
        }
    )
    feld = fields.String(required=True, metadata={"example": "email"})
    code = fields.String(
        required=True,
        metadata={
            "description": "Stable. Without `abschnitt`: "
            + ", ".join(f"`{code}`" for code in sorted(FELDMELDUNGEN)),
            "example": "email_ungueltig",
        },
    )
    meldung = fields.String(required=True, metadata={"description": "In the request's language"})


class Problem(Schema):
    """RFC 9457 problem details, with the gateway's stable ``code``."""

    type = fields.String(required=True, metadata={"example": "/api/v1/probleme/konto_existiert"})
    title = fields.String(required=True, metadata={"description": "In the request's language"})
    status = fields.Integer(required=True)
    detail = fields.String(
        required=True, metadata={"description": "What happened and what to do, for a person"}
    )
    instance = fields.String(
        required=True,
        metadata={"description": "urn:uuid of this request; quote it when asking for support"},
    )
    code = fields.String(required=True, metadata={"description": "Stable; see the response"})
    felder = fields.List(
        fields.Nested(Feldfehler),
        metadata={
            "description": "With eingabe_ungueltig, and with an application's refusals that "
            "concern answers (felder_ungueltig, antrag_unvollstaendig, ...)"
        },
    )
    details = fields.Dict(
        metadata={
            "description": "Facts some problems add, e.g. jobcenter_nicht_angebunden: "
            "`{jobcenter: {id, name}, kanal, link}`"
        }
    )


class Problemart(Schema):
    code = fields.String(required=True)
    status = fields.Integer(required=True)
    title = fields.String(required=True)
    detail = fields.String(required=True)


# the account by mail (docs/adr/0091, 0092) -------------------------------------------------------


def _token() -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Length(min=1, max=100, error="pflichtfeld"),
        error_messages=TEXT_ERRORS,
        metadata={"description": "The token of the link in the mail (`?token=`)", "maxLength": 100},
    )


def _jetziges_passwort(description: str, *, required: bool = True) -> fields.String:
    return fields.String(
        required=required,
        validate=validate.Length(min=1, max=MAX_PASSWORD_LENGTH, error="pflichtfeld"),
        error_messages=TEXT_ERRORS,
        metadata={
            "description": description,
            "writeOnly": True,
            "maxLength": MAX_PASSWORD_LENGTH,
        },
    )


class ZuruecksetzungAnfrage(Eingabe):
    email = Zugangsdaten._declared_fields["email"]


class NeuesPasswort(Eingabe):
    token = _token()
    passwort = fields.String(
        required=True,
        validate=validate.Length(min=1, error="pflichtfeld"),
        error_messages=TEXT_ERRORS,
        metadata={
            "description": "The new password; the rule of sign-up applies (same field codes)",
            "minLength": MIN_PASSWORD_LENGTH,
            "maxLength": MAX_PASSWORD_LENGTH,
            "writeOnly": True,
        },
    )


class EmailAenderung(Eingabe):
    email = Zugangsdaten._declared_fields["email"]
    passwort = _jetziges_passwort("The current password (field code passwort_falsch if wrong)")


class EmailBestaetigung(Eingabe):
    token = _token()


class KontoLoeschung(Eingabe):
    passwort = _jetziges_passwort(
        "The current password; required for a local account (passwort_falsch if wrong), "
        "not asked for an identity provider's account",
        required=False,
    )


class Konto(Schema):
    person_id = fields.UUID(required=True)
    anmeldeart = fields.String(required=True, validate=validate.OneOf(["passwort", "oidc"]))
    email = fields.String(
        metadata={
            "description": "The account's address, partly hidden (local accounts only)",
            "example": "er…n@example.org",
        }
    )
