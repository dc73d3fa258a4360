"""Request and response bodies of the JSON API. They validate the requests and generate the
OpenAPI document (gateway.web.openapi), so the two cannot disagree.

Error messages are codes (``pflichtfeld``, ``email_ungueltig``, ...): the API answers them in
``Problem.felder`` with a message in the request's language (gateway.fehler.FELDMELDUNGEN).
"""

from __future__ import annotations

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from contracts.common import Sprache
from gateway.fehler import FELDMELDUNGEN
from gateway.sicherheit import (
    MAX_EMAIL_LENGTH,
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    email_gueltig,
    email_normalisieren,
)

TEXT_ERRORS = {"required": "pflichtfeld", "null": "pflichtfeld", "invalid": "text_erwartet"}


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


def _passwort(value: str) -> None:
    if not value:
        raise ValidationError("pflichtfeld")
    if len(value) < MIN_PASSWORD_LENGTH:
        raise ValidationError("passwort_zu_kurz")
    if len(value) > MAX_PASSWORD_LENGTH:
        raise ValidationError("passwort_zu_lang")


class Zugangsdaten(Eingabe):
    email = fields.String(
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
        validate=_passwort,
        error_messages=TEXT_ERRORS,
        metadata={
            "description": "Password; any characters",
            "minLength": MIN_PASSWORD_LENGTH,
            "maxLength": MAX_PASSWORD_LENGTH,
            "writeOnly": True,
            "example": "ein langes Passwort",
        },
    )


class Anmeldedaten(Zugangsdaten):
    """Login checks no password rules: a wrong one is just wrong (no hint what rule it broke)."""

    passwort = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_PASSWORD_LENGTH, error="pflichtfeld"),
        error_messages=TEXT_ERRORS,
        metadata={"writeOnly": True, "maxLength": MAX_PASSWORD_LENGTH},
    )


class KontoAngelegt(Schema):
    person_id = fields.UUID(
        required=True,
        metadata={"description": "Pseudonymous id of the person; what the services know them by"},
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


class Feldfehler(Schema):
    feld = fields.String(required=True, metadata={"example": "email"})
    code = fields.String(
        required=True,
        validate=validate.OneOf(sorted(FELDMELDUNGEN)),
        metadata={"example": "email_ungueltig"},
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
        fields.Nested(Feldfehler), metadata={"description": "Only with eingabe_ungueltig"}
    )


class Problemart(Schema):
    code = fields.String(required=True)
    status = fields.Integer(required=True)
    title = fields.String(required=True)
    detail = fields.String(required=True)
