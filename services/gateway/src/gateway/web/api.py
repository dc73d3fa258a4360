"""Handlers of the JSON API under /api/v1, each with its ``@endpunkt`` description.

The description drives the request pipeline (CSRF, login, local-accounts-only) and the OpenAPI
document alike (gateway.web.openapi); a test holds the nameko routes, these descriptions and the
committed document in contracts/openapi/gateway.json to each other.

To add an endpoint: write a handler here with ``@endpunkt``, add the route to
gateway.service.GatewayService, run ``python -m gateway.web.openapi --write``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from marshmallow import Schema

from gateway.fehler import (
    AnmeldungFehlgeschlagen,
    EingabeUngueltig,
    EmailVergeben,
    LinkUngueltig,
    NichtAngemeldet,
    NichtGefunden,
    ZuVieleVersuche,
    alle_fehlerarten,
)
from gateway.mails import KontoMails
from gateway.web import api_schemas
from gateway.web.angebote import ANGEBOTE
from gateway.web.antworten import JsonAntwort
from gateway.web.kontext import RequestContext

H = TypeVar("H", bound=Callable[..., JsonAntwort])
# A schema holds no state between loads: the hot GET endpoint builds its schema once.
ZUSTAENDIGKEIT_ANFRAGE = api_schemas.ZustaendigkeitAnfrage()


@dataclass(frozen=True)
class Endpunkt:
    method: str
    pfad: str  # OpenAPI form: /api/v1/probleme/{code}
    operation_id: str
    zusammenfassung: str
    antworten: dict[int, tuple[str, type[Schema] | None]]
    anfrage: type[Schema] | None = None
    abfrage: type[Schema] | None = None  # query parameters
    fehler: tuple[type[Exception], ...] = ()
    remote_fehler: tuple[str, ...] = ()  # codes of remote errors (gateway.fehler.REMOTE_CODES)
    csrf: bool = True  # state-changing calls need X-CSRF-Token (login and sign-up cannot)
    anmeldung: bool = False  # needs a session (401 otherwise)
    nur_lokale_konten: bool = False  # embedded mode only; 404 in production mode
    ruft_dienste: bool = False  # calls services by RPC (503 when one does not answer)
    beschreibung: str = ""
    anfrage_medientyp: str = "application/json"  # or multipart/form-data (uploads)
    anfrage_pflicht: bool = True  # False: the body may be left out
    antwort_medientyp: str = "application/json"  # of the success answers (a PDF: application/pdf)


ENDPUNKTE: list[Endpunkt] = []


def endpunkt(
    method: str, pfad: str, operation_id: str, zusammenfassung: str, **options: Any
) -> Callable[[H], H]:
    def decorate(handler: H) -> H:
        beschreibung = inspect.cleandoc(handler.__doc__ or "")
        described = Endpunkt(
            method, pfad, operation_id, zusammenfassung, beschreibung=beschreibung, **options
        )
        handler.endpunkt = described  # type: ignore[attr-defined]
        ENDPUNKTE.append(described)
        return handler

    return decorate


@endpunkt(
    "GET",
    "/api/v1/openapi.json",
    "openapiDokument",
    "This document",
    antworten={200: ("The OpenAPI 3.1 document of this API", None)},
    csrf=False,
)
def openapi_dokument(ctx: RequestContext) -> JsonAntwort:
    """In production mode without the local-account operations."""
    from gateway.web.openapi import dokument

    return JsonAntwort(dokument(lokale_konten=ctx.settings.local_accounts))


@endpunkt(
    "GET",
    "/api/v1/angebote",
    "angeboteAuflisten",
    "The platform's offers, in the request's language",
    antworten={200: ("The offers; unavailable ones are announced", api_schemas.Angebote)},
)
def angebote_auflisten(ctx: RequestContext) -> JsonAntwort:
    """Language: Accept-Language (de, en, de-x-ls) or ?sprache=."""
    return JsonAntwort(
        {
            "sprache": ctx.sprache.code,
            "angebote": [
                {
                    "schluessel": angebot.schluessel,
                    "titel": ctx._(angebot.titel),
                    "beschreibung": ctx._(angebot.beschreibung),
                    "verfuegbar": angebot.verfuegbar,
                    **({"pfad": angebot.pfad} if angebot.pfad else {}),
                }
                for angebot in ANGEBOTE
            ],
        }
    )


@endpunkt(
    "POST",
    "/api/v1/konto",
    "kontoAnlegen",
    "Create a local account (embedded mode only)",
    anfrage=api_schemas.Zugangsdaten,
    antworten={
        202: (
            "Sign-up received: log in next (POST /api/v1/sitzung). The answer is the same when "
            "the address already has an account, so it tells nobody which addresses do; then "
            "only that account's password logs in",
            None,
        )
    },
    fehler=(EingabeUngueltig, ZuVieleVersuche),
    csrf=False,
    nur_lokale_konten=True,
)
def konto_anlegen(ctx: RequestContext) -> JsonAntwort:
    """Needs Content-Type application/json. Sign-ups are limited per client address and per
    email address (docs/adr/0070)."""
    daten = ctx.json(api_schemas.Zugangsdaten())
    ctx.konten.registrieren(
        daten["email"],
        daten["passwort"],
        client=ctx.client,
        mails=KontoMails.fuer_anfrage(ctx),
        correlation_id=ctx.correlation_id,
    )
    return JsonAntwort(None, 202)


@endpunkt(
    "POST",
    "/api/v1/sitzung",
    "sitzungBeginnen",
    "Log in with email and password (embedded mode only)",
    anfrage=api_schemas.Anmeldedaten,
    antworten={
        201: (
            "Logged in: the session cookie is set (HttpOnly, SameSite=Lax, Secure over TLS)",
            api_schemas.Sitzung,
        )
    },
    fehler=(EingabeUngueltig, AnmeldungFehlgeschlagen, ZuVieleVersuche),
    csrf=False,
    nur_lokale_konten=True,
)
def sitzung_beginnen(ctx: RequestContext) -> JsonAntwort:
    """Needs Content-Type application/json. A session open before is ended. Failures are
    limited per client address and per account and address; failures on the account from
    every address slow each attempt down (docs/adr/0070)."""
    daten = ctx.json(api_schemas.Anmeldedaten())
    neue = ctx.konten.anmelden(
        daten["email"], daten["passwort"], client=ctx.client, correlation_id=ctx.correlation_id
    )
    if ctx.sitzung is not None:
        ctx.konten.abmelden(ctx.sitzung, correlation_id=ctx.correlation_id)
    ctx.sitzung_setzen(neue)
    return JsonAntwort(_sitzung(ctx), 201)


@endpunkt(
    "GET",
    "/api/v1/sitzung",
    "sitzungLesen",
    "The current session",
    antworten={200: ("The session of the cookie sent", api_schemas.Sitzung)},
    fehler=(NichtAngemeldet,),
    anmeldung=True,
)
def sitzung_lesen(ctx: RequestContext) -> JsonAntwort:
    """Also how a client gets the CSRF token again after a reload."""
    ctx.anmeldung_erforderlich()
    return JsonAntwort(_sitzung(ctx))


@endpunkt(
    "DELETE",
    "/api/v1/sitzung",
    "sitzungBeenden",
    "Log out",
    antworten={204: ("Logged out; the session cookie is removed", None)},
    fehler=(NichtAngemeldet,),
    anmeldung=True,
)
def sitzung_beenden(ctx: RequestContext) -> JsonAntwort:
    """Needs X-CSRF-Token."""
    ctx.konten.abmelden(ctx.anmeldung_erforderlich(), correlation_id=ctx.correlation_id)
    ctx.sitzung_setzen(None)
    return JsonAntwort(None, 204)


# the account by mail (docs/adr/0091, 0092) -------------------------------------------------------


@endpunkt(
    "POST",
    "/api/v1/passwort-zuruecksetzung",
    "passwortZuruecksetzungAnfordern",
    "Ask for a password reset link by mail (embedded mode only)",
    anfrage=api_schemas.ZuruecksetzungAnfrage,
    antworten={
        202: (
            "Received. If the address has an account, a link to set a new password is on its "
            "way (valid SOZ_GATEWAY_RESET_LINK_SECONDS, once); the answer is the same when it "
            "has none, so it tells nobody which addresses do",
            None,
        )
    },
    fehler=(EingabeUngueltig, ZuVieleVersuche),
    csrf=False,
    nur_lokale_konten=True,
)
def passwort_zuruecksetzung_anfordern(ctx: RequestContext) -> JsonAntwort:
    """Needs Content-Type application/json. Limited per client address and per email address
    (docs/adr/0091)."""
    daten = ctx.json(api_schemas.ZuruecksetzungAnfrage())
    ctx.konten.zuruecksetzen_anfordern(
        daten["email"],
        client=ctx.client,
        mails=KontoMails.fuer_anfrage(ctx),
        correlation_id=ctx.correlation_id,
    )
    return JsonAntwort(None, 202)


@endpunkt(
    "POST",
    "/api/v1/passwort-zuruecksetzung/neues-passwort",
    "neuesPasswortSetzen",
    "Set a new password with the token of a reset link (embedded mode only)",
    anfrage=api_schemas.NeuesPasswort,
    antworten={
        204: (
            "The new password holds; the old one no longer does, the link is used up and "
            "every session of the account has ended",
            None,
        )
    },
    fehler=(EingabeUngueltig, LinkUngueltig),
    csrf=False,
    nur_lokale_konten=True,
)
def neues_passwort_setzen(ctx: RequestContext) -> JsonAntwort:
    """Needs Content-Type application/json. The token is the proof: it came by mail."""
    daten = ctx.json(api_schemas.NeuesPasswort())
    ctx.konten.passwort_neu_setzen(
        daten["token"],
        daten["passwort"],
        mails=KontoMails.fuer_anfrage(ctx),
        correlation_id=ctx.correlation_id,
    )
    return JsonAntwort(None, 204)


@endpunkt(
    "GET",
    "/api/v1/konto",
    "kontoLesen",
    "Who is logged in",
    antworten={200: ("The account of the session", api_schemas.Konto)},
    fehler=(NichtAngemeldet,),
    anmeldung=True,
)
def konto_lesen(ctx: RequestContext) -> JsonAntwort:
    ansicht = ctx.konten.ansicht(ctx.anmeldung_erforderlich())
    antwort = {"person_id": ansicht.person_id, "anmeldeart": str(ansicht.anmeldeart)}
    if ansicht.email_maskiert:
        antwort["email"] = ansicht.email_maskiert
    return JsonAntwort(antwort)


@endpunkt(
    "POST",
    "/api/v1/konto/email",
    "emailAendern",
    "Change the account's email address (embedded mode only)",
    anfrage=api_schemas.EmailAenderung,
    antworten={
        202: (
            "A link to confirm is on its way to the new address; the address changes when it "
            "is opened (POST /api/v1/konto/email/bestaetigung), and the old one is told",
            None,
        )
    },
    fehler=(EingabeUngueltig, NichtAngemeldet, ZuVieleVersuche),
    anmeldung=True,
    nur_lokale_konten=True,
)
def email_aendern(ctx: RequestContext) -> JsonAntwort:
    """Needs X-CSRF-Token and the current password. The answer is the same when the new
    address has an account already (its owner is told by mail instead)."""
    sitzung = ctx.anmeldung_erforderlich()
    daten = ctx.json(api_schemas.EmailAenderung())
    ctx.konten.email_aendern_anfordern(
        sitzung,
        daten["email"],
        daten["passwort"],
        mails=KontoMails.fuer_anfrage(ctx),
        correlation_id=ctx.correlation_id,
    )
    return JsonAntwort(None, 202)


@endpunkt(
    "POST",
    "/api/v1/konto/email/bestaetigung",
    "emailBestaetigen",
    "Confirm a new email address with the token of the mailed link (embedded mode only)",
    anfrage=api_schemas.EmailBestaetigung,
    antworten={204: ("The account has the new address; the link is used up", None)},
    fehler=(EingabeUngueltig, LinkUngueltig, EmailVergeben),
    csrf=False,
    nur_lokale_konten=True,
)
def email_bestaetigen(ctx: RequestContext) -> JsonAntwort:
    """Needs Content-Type application/json. The token is the proof: it came to the new
    address."""
    daten = ctx.json(api_schemas.EmailBestaetigung())
    ctx.konten.email_aendern_bestaetigen(
        daten["token"], mails=KontoMails.fuer_anfrage(ctx), correlation_id=ctx.correlation_id
    )
    return JsonAntwort(None, 204)


@endpunkt(
    "POST",
    "/api/v1/konto/loeschung",
    "kontoLoeschen",
    "Delete the account",
    anfrage=api_schemas.KontoLoeschung,
    antworten={
        204: (
            "The account is gone: the session cookie is removed, login no longer works, the "
            "drafts are erased; submitted applications stay with the Jobcenter",
            None,
        )
    },
    fehler=(EingabeUngueltig, NichtAngemeldet, ZuVieleVersuche),
    anmeldung=True,
)
def konto_loeschen(ctx: RequestContext) -> JsonAntwort:
    """Needs X-CSRF-Token; a local account also its current password (docs/adr/0092)."""
    sitzung = ctx.anmeldung_erforderlich()
    daten = ctx.json(api_schemas.KontoLoeschung())
    ctx.konten.loeschen(
        sitzung,
        daten.get("passwort"),
        mails=KontoMails.fuer_anfrage(ctx),
        correlation_id=ctx.correlation_id,
    )
    ctx.sitzung_setzen(None)
    return JsonAntwort(None, 204)


@endpunkt(
    "GET",
    "/api/v1/zustaendigkeit",
    "zustaendigkeitErmitteln",
    "The responsible Jobcenter for a postcode and/or a town",
    abfrage=api_schemas.ZustaendigkeitAnfrage,
    antworten={
        200: (
            "One Jobcenter (`eindeutig`), or the candidates and what to ask next",
            api_schemas.Zustaendigkeit,
        )
    },
    remote_fehler=(
        "eingabe_fehlt",
        "plz_ungueltig",
        "ort_ungueltig",
        "eingabe_zu_lang",
        "plz_unbekannt",
        "ort_unbekannt",
    ),
    ruft_dienste=True,
)
def zustaendigkeit_ermitteln(ctx: RequestContext) -> JsonAntwort:
    """`?plz=17337`, `?plz=17337&ort=Uckerland` or `?ort=Frankfurt`. Bad input is a 422 whose
    `code` says what is wrong (`plz_ungueltig`, `eingabe_fehlt`, `eingabe_zu_lang`, ...); a
    well-formed postcode or a town that does not exist is a 404 with a hint. Show `quellen` with
    the results: the postcode data is © OpenStreetMap contributors, ODbL 1.0."""
    anfrage = ctx.abfrage(ZUSTAENDIGKEIT_ANFRAGE)
    antwort = ctx.dienste.zustaendigkeit.ermitteln(plz=anfrage.get("plz"), ort=anfrage.get("ort"))
    return JsonAntwort(antwort)


@endpunkt(
    "GET",
    "/api/v1/probleme/{code}",
    "problemartLesen",
    "What a problem type (the `type` of a problem document) means",
    antworten={200: ("The problem type, in the request's language", api_schemas.Problemart)},
    fehler=(NichtGefunden,),
)
def problemart_lesen(ctx: RequestContext, code: str) -> JsonAntwort:
    for art in alle_fehlerarten():
        if art.code == code:
            return JsonAntwort(
                {
                    "code": art.code,
                    "status": art.status,
                    "title": ctx._(art.titel),
                    "detail": ctx._(art.detail),
                }
            )
    raise NichtGefunden()


def _sitzung(ctx: RequestContext) -> dict[str, Any]:
    sitzung = ctx.anmeldung_erforderlich()
    return {
        "person_id": sitzung.person_id,
        "anmeldeart": str(sitzung.anmeldeart),
        "csrf_token": ctx.csrf_token(),
        "laeuft_ab_um": sitzung.laeuft_ab_um.isoformat(),
    }
