"""Payload schemas of the gateway's own events and the registry its event store validates with.

They never leave the gateway (``published = False``: no outbox rows, nothing on the bus), so
they live here and not in contracts/ (docs/adr/0007). They keep the contracts' conventions all
the same: personal fields are sealed per person (crypto-shredding), the person id is the data
subject.
"""

from __future__ import annotations

from typing import ClassVar

from marshmallow import fields, validate

from contracts.base import EventPayloadSchema
from contracts.common import person_id_field, zeitpunkt_field
from contracts.events import gateway as gateway_events
from contracts.registry import SchemaRegistry
from gateway.domain.sitzung import Anmeldeart, Beendigungsgrund

PRODUCER = "gateway"
HEX_SHA256 = r"^[0-9a-f]{64}$"
PERSON = "7d7c4d1e-2f64-4c1b-9a43-3c1a8e0f9b21"


class GatewayEvent(EventPayloadSchema):
    producer = PRODUCER
    schema_version = 1
    published: ClassVar[bool] = False


def _kennung_schluessel() -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Regexp(HEX_SHA256),
        metadata={
            "personal": True,
            "description": "HMAC-SHA256 of the login identifier under the gateway's secret",
        },
    )


def _email() -> fields.String:
    return fields.String(
        required=True, validate=validate.Length(min=3, max=254), metadata={"personal": True}
    )


def _passwort_hash() -> fields.String:
    return fields.String(
        required=True,
        validate=validate.Regexp(r"^\$argon2id\$"),
        metadata={"personal": True, "description": "argon2id hash in PHC string format"},
    )


class KontoAngelegt(GatewayEvent):
    event_type = "KontoAngelegt"

    person_id = person_id_field()
    kennung_schluessel = _kennung_schluessel()
    email = _email()
    passwort_hash = _passwort_hash()

    example = {
        "person_id": PERSON,
        "kennung_schluessel": "a" * 64,
        "email": "erika@example.org",
        "passwort_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
    }


class PasswortGeaendert(GatewayEvent):
    event_type = "PasswortGeaendert"

    person_id = person_id_field()
    passwort_hash = _passwort_hash()

    example = {
        "person_id": PERSON,
        "passwort_hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
    }


class EmailGeaendert(GatewayEvent):
    event_type = "EmailGeaendert"

    person_id = person_id_field()
    kennung_schluessel = _kennung_schluessel()
    email = _email()

    example = {"person_id": PERSON, "kennung_schluessel": "d" * 64, "email": "neu@example.org"}


class IdentitaetVerknuepft(GatewayEvent):
    event_type = "IdentitaetVerknuepft"

    person_id = person_id_field()
    kennung_schluessel = _kennung_schluessel()
    aussteller = fields.String(
        required=True,
        validate=validate.Length(min=1, max=500),
        metadata={"description": "Issuer URL of the OpenID Connect provider"},
    )

    example = {
        "person_id": PERSON,
        "kennung_schluessel": "b" * 64,
        "aussteller": "https://id.example.org/realms/buerger",
    }


class SitzungBegonnen(GatewayEvent):
    event_type = "SitzungBegonnen"

    sitzung_id = fields.String(required=True, validate=validate.Regexp(HEX_SHA256))
    person_id = person_id_field()
    anmeldeart = fields.String(required=True, validate=validate.OneOf(list(Anmeldeart)))
    begonnen_am = zeitpunkt_field("When the person logged in")

    example = {
        "sitzung_id": "c" * 64,
        "person_id": PERSON,
        "anmeldeart": "passwort",
        "begonnen_am": "2026-03-02T09:15:00+00:00",
    }


class SitzungBeendet(GatewayEvent):
    event_type = "SitzungBeendet"

    sitzung_id = fields.String(required=True, validate=validate.Regexp(HEX_SHA256))
    person_id = person_id_field()
    grund = fields.String(required=True, validate=validate.OneOf(list(Beendigungsgrund)))

    example = {"sitzung_id": "c" * 64, "person_id": PERSON, "grund": "abgemeldet"}


SCHEMAS = (
    KontoAngelegt,
    IdentitaetVerknuepft,
    PasswortGeaendert,
    EmailGeaendert,
    SitzungBegonnen,
    SitzungBeendet,
)
# KontoGeloescht is published (contracts.events.gateway): the one event that leaves the gateway.
REGISTRY = SchemaRegistry((*SCHEMAS, *gateway_events.SCHEMAS))
