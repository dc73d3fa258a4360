"""The service's internal event schemas and the registry its event store validates against.

Internal events (``published = False``) are stored, never put on the bus:
- the directory: one stream per centre, each event carrying the whole checked document
  (``domain.stelle``), so an import that changes a row changes one stream (docs/adr/0109);
- a booking's side facts: the units of a counsellor's time it holds (``ZeitBelegt``, what the
  unique key of the database decides on, docs/adr/0110), the hashes for the secret link and the
  abuse limits (those of the limits keyed and sealed, docs/adr/0111), the room of a chat or
  video appointment (sealed, docs/adr/0121), no-show, reminder sent, data erased;
- staff access: which account works for which centre, in which role.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from contracts.base import EventPayloadSchema
from contracts.events import PUBLISHED_SCHEMAS
from contracts.fields import JsonObject
from contracts.registry import SchemaRegistry
from contracts.text import Text

PRODUCER = "termine"
_STELLE = "d1e2f3a4-b5c6-4d7e-8f9a-0b1c2d3e4f5a"
_TERMIN = "6a7b8c9d-0e1f-4a2b-8c3d-4e5f6a7b8c9d"
_HASH = validate.Regexp(r"^[0-9a-f]{64}$")


class _Intern(EventPayloadSchema):
    producer = PRODUCER
    published = False


class BeratungsstelleErfasst(_Intern):
    """A centre entered the directory (demo generator, HSDS import)."""

    event_type = "BeratungsstelleErfasst"
    schema_version = 1

    beratungsstelle_id = fields.UUID(required=True)
    dokument = JsonObject(required=True)
    quelle = Text(
        einzeilig=True, required=True, validate=validate.OneOf(["demo", "hsds", "stelle"])
    )

    example = {
        "beratungsstelle_id": _STELLE,
        "dokument": {"id": _STELLE, "name": "Schuldnerberatung Köln (Beispiel)"},
        "quelle": "demo",
    }


class BeratungsstelleGeaendert(_Intern):
    """A centre's entry changed (an import with a changed row, or the centre's staff)."""

    event_type = "BeratungsstelleGeaendert"
    schema_version = 1

    beratungsstelle_id = fields.UUID(required=True)
    dokument = JsonObject(required=True)
    quelle = Text(
        einzeilig=True, required=True, validate=validate.OneOf(["demo", "hsds", "stelle"])
    )

    example = BeratungsstelleErfasst.example


class ZeitBelegt(_Intern):
    """The booking holds these units of its counsellor's time (replacing what it held)."""

    event_type = "ZeitBelegt"
    schema_version = 1

    termin_id = fields.UUID(required=True)
    beratungsstelle_id = fields.UUID(required=True)
    berater_id = fields.UUID(required=True)
    von_einheit = fields.Integer(required=True, validate=validate.Range(min=0))
    bis_einheit = fields.Integer(required=True, validate=validate.Range(min=1))

    example = {
        "termin_id": _TERMIN,
        "beratungsstelle_id": _STELLE,
        "berater_id": "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
        "von_einheit": 5978676,
        "bis_einheit": 5978688,
    }


class TerminZugangVermerkt(_Intern):
    """Version 1, only read: plain SHA-256 of the client address and the contact, which anyone
    can reverse by hashing guesses. The upcaster to version 2 drops them (docs/adr/0111)."""

    event_type = "TerminZugangVermerkt"
    schema_version = 1

    termin_id = fields.UUID(required=True)
    geheimnis_hash = Text(einzeilig=True, validate=_HASH)
    adresse_hash = Text(einzeilig=True, validate=_HASH)
    kontakt_hash = Text(einzeilig=True, validate=_HASH)

    example = {"termin_id": _TERMIN, "geheimnis_hash": "0" * 64}


def _grenzen_hash(beschreibung: str) -> Text:
    return Text(
        einzeilig=True,
        validate=_HASH,
        metadata={"personal": True, "description": beschreibung},
    )


class TerminZugangVermerktV2(_Intern):
    """The SHA-256 of the anonymous link's secret (256 random bits: nothing to guess), and for
    the abuse limits HMAC-SHA-256 of the client address and of the contact under the
    instance's key (``handlers.grenzen_hashes``), sealed under the booking's key: the retention
    sweep erases them with the concern (docs/adr/0111, update)."""

    event_type = "TerminZugangVermerkt"
    schema_version = 2

    termin_id = fields.UUID(
        required=True,
        metadata={"subject": True, "description": "The booking: its data key seals the hashes"},
    )
    geheimnis_hash = Text(einzeilig=True, validate=_HASH)
    adresse_hash = _grenzen_hash("HMAC of the client address, for the limit per address")
    kontakt_hash = _grenzen_hash("HMAC of e-mail address and phone, for the limit per contact")

    example = {
        "termin_id": _TERMIN,
        "geheimnis_hash": "0" * 64,
        "adresse_hash": "1" * 64,
        "kontakt_hash": "2" * 64,
    }


def _zugang_v1_zu_v2(payload: dict) -> dict:
    """A v1 event's plain hashes count for nothing: they match no keyed hash (docs/adr/0111)."""
    payload.pop("adresse_hash", None)
    payload.pop("kontakt_hash", None)
    return payload


def interne_upcaster_eintragen(upcasters: Any) -> Any:
    """Register the steps of the internal events with a ``kernel.upcasting.Upcasters``."""
    upcasters.register("TerminZugangVermerkt", 1)(_zugang_v1_zu_v2)
    return upcasters


class TerminRaumZugeteilt(_Intern):
    """The address at which the person joins the chat or video appointment: a room of its own
    from the centre's template, or the centre's fixed address (docs/adr/0121). Sealed under the
    booking's key like the concern: the retention sweep erases it."""

    event_type = "TerminRaumZugeteilt"
    schema_version = 1

    termin_id = fields.UUID(
        required=True,
        metadata={"subject": True, "description": "The booking: its data key seals the link"},
    )
    zugang_url = Text(
        einzeilig=True,
        required=True,
        validate=[validate.Length(min=12, max=600), validate.Regexp(r"^https://")],
        metadata={"personal": True, "description": "https address of the chat or video room"},
    )

    example = {
        "termin_id": _TERMIN,
        "zugang_url": "https://video.example.org/AbCdEfGhIjKlMnOpQrStUv",
    }


class TerminNichtErschienen(_Intern):
    event_type = "TerminNichtErschienen"
    schema_version = 1

    termin_id = fields.UUID(required=True)
    beratungsstelle_id = fields.UUID(required=True)

    example = {"termin_id": _TERMIN, "beratungsstelle_id": _STELLE}


class TerminErinnert(_Intern):
    """The reminder mail (24 h before) was queued."""

    event_type = "TerminErinnert"
    schema_version = 1

    termin_id = fields.UUID(required=True)

    example = {"termin_id": _TERMIN}


class TerminDatenGeloescht(_Intern):
    """The retention sweep forgot the booking's key: concern and contact are gone."""

    event_type = "TerminDatenGeloescht"
    schema_version = 1

    termin_id = fields.UUID(required=True)
    geloescht_am = fields.AwareDateTime(required=True)

    example = {"termin_id": _TERMIN, "geloescht_am": "2026-12-01T02:00:00+00:00"}


class MitarbeiterZugangErteilt(_Intern):
    """An operator bound an account to a centre with a role."""

    event_type = "MitarbeiterZugangErteilt"
    schema_version = 1

    mitarbeiter_id = fields.UUID(required=True)
    beratungsstelle_id = fields.UUID(required=True)
    rolle = Text(einzeilig=True, required=True, validate=validate.OneOf(["leitung", "beratung"]))

    example = {
        "mitarbeiter_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
        "beratungsstelle_id": _STELLE,
        "rolle": "leitung",
    }


INTERNE_SCHEMAS = (
    BeratungsstelleErfasst,
    BeratungsstelleGeaendert,
    ZeitBelegt,
    TerminZugangVermerkt,
    TerminZugangVermerktV2,
    TerminRaumZugeteilt,
    TerminNichtErschienen,
    TerminErinnert,
    TerminDatenGeloescht,
    MitarbeiterZugangErteilt,
)

REGISTRY = SchemaRegistry((*PUBLISHED_SCHEMAS, *INTERNE_SCHEMAS))
