"""Handlers of the HTML pages. Each takes the RequestContext and returns a Seite (template and
values) or a Weiterleitung; forms post back to the same address (Post/Redirect/Get).

To add a page: a handler here, a template in templates/, a route in GatewayService, the texts
translated (python -m gateway.i18n update, then fill in the catalogs).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from gateway.fehler import (
    FELDMELDUNGEN,
    AnbieterAnmeldungFehlgeschlagen,
    AnmeldungFehlgeschlagen,
    EingabeUngueltig,
    GatewayFehler,
    KontoExistiert,
    NichtGefunden,
    ZuVieleVersuche,
    einordnen,
)
from gateway.i18n import SPRACHEN
from gateway.web import api_schemas
from gateway.web.angebote import ANGEBOTE
from gateway.web.antworten import Seite, Weiterleitung, lokaler_pfad
from gateway.web.kontext import (
    ANMELDUNG_COOKIE,
    SPRACHE_COOKIE,
    SPRACHE_COOKIE_SEKUNDEN,
    RequestContext,
)

ANMELDUNG_GUELTIG_SEKUNDEN = 600
NACH_ANMELDUNG = "/konto"
OIDC_RUECKRUF = "/anmelden/oidc/rueckruf"


def startseite(ctx: RequestContext) -> Seite:
    return Seite(
        "startseite.html",
        {"angebote": ANGEBOTE, "abgemeldet": "abgemeldet" in ctx.request.args},
    )


def impressum(ctx: RequestContext) -> Seite:
    return Seite("impressum.html")


def datenschutz(ctx: RequestContext) -> Seite:
    return Seite("datenschutz.html")


def barrierefreiheit(ctx: RequestContext) -> Seite:
    return Seite("barrierefreiheit.html")


def leichte_sprache(ctx: RequestContext) -> Seite:
    """The explanation in Leichte Sprache that BITV 2.0 asks for, whatever the language."""
    return Seite("leichte_sprache.html")


def sprache_waehlen(ctx: RequestContext, code: str) -> Weiterleitung:
    """Works without JavaScript: a link per language; the choice is kept in a cookie."""
    if code not in SPRACHEN:
        raise NichtGefunden()
    ctx.cookie_setzen(SPRACHE_COOKIE, code, SPRACHE_COOKIE_SEKUNDEN)
    ziel = lokaler_pfad(ctx.request.args.get("zurueck"))
    return Weiterleitung(_ohne_parameter(ziel, "sprache"))


def konto(ctx: RequestContext) -> Seite:
    return Seite("konto.html", {"sitzung": ctx.anmeldung_erforderlich()})


# local accounts (embedded mode) -----------------------------------------------------------------


def anmelden_formular(ctx: RequestContext) -> Seite | Weiterleitung:
    weiter = lokaler_pfad(ctx.request.args.get("weiter"), NACH_ANMELDUNG)
    if ctx.angemeldet:
        return Weiterleitung(weiter)
    if not ctx.settings.local_accounts:
        return Seite("anmelden_anbieter.html", {"weiter": weiter})
    return _formular(ctx, "anmelden.html", weiter=weiter)


def anmelden(ctx: RequestContext) -> Seite | Weiterleitung:
    _nur_lokale_konten(ctx)
    weiter = lokaler_pfad(ctx.request.form.get("weiter"), NACH_ANMELDUNG)
    try:
        daten = ctx.formular(api_schemas.Anmeldedaten())
        neue = ctx.konten.anmelden(
            daten["email"], daten["passwort"], client=ctx.client, correlation_id=ctx.correlation_id
        )
    except (EingabeUngueltig, AnmeldungFehlgeschlagen, ZuVieleVersuche) as error:
        return _formular(ctx, "anmelden.html", error, weiter=weiter)
    if ctx.sitzung is not None:
        ctx.konten.abmelden(ctx.sitzung, correlation_id=ctx.correlation_id)
    ctx.sitzung_setzen(neue)
    return Weiterleitung(weiter)


def registrieren_formular(ctx: RequestContext) -> Seite | Weiterleitung:
    _nur_lokale_konten(ctx)
    if ctx.angemeldet:
        return Weiterleitung(NACH_ANMELDUNG)
    return _formular(ctx, "registrieren.html")


def registrieren(ctx: RequestContext) -> Seite | Weiterleitung:
    """Creates the account and logs the person in right away."""
    _nur_lokale_konten(ctx)
    try:
        daten = ctx.formular(api_schemas.Zugangsdaten())
        ctx.konten.registrieren(
            daten["email"], daten["passwort"], client=ctx.client, correlation_id=ctx.correlation_id
        )
        neue = ctx.konten.anmelden(
            daten["email"], daten["passwort"], client=ctx.client, correlation_id=ctx.correlation_id
        )
    except (EingabeUngueltig, KontoExistiert, ZuVieleVersuche) as error:
        return _formular(ctx, "registrieren.html", error)
    ctx.sitzung_setzen(neue)
    return Weiterleitung(f"{NACH_ANMELDUNG}?neu")


def abmelden(ctx: RequestContext) -> Weiterleitung:
    if ctx.sitzung is not None:
        ctx.konten.abmelden(ctx.sitzung, correlation_id=ctx.correlation_id)
    ctx.sitzung_setzen(None)
    return Weiterleitung("/?abgemeldet")


# identity provider (production mode) ------------------------------------------------------------


def anbieter_anmeldung_starten(ctx: RequestContext) -> Weiterleitung:
    """Off to the identity provider; what is needed to check its answer stays in a signed
    cookie for ten minutes."""
    if ctx.oidc is None:
        raise NichtGefunden()
    url, zustand = ctx.oidc.anmeldung_beginnen(_rueckruf_url(ctx))
    weiter = lokaler_pfad(ctx.request.args.get("weiter"), NACH_ANMELDUNG)
    signiert = ctx.schluessel.signieren({**zustand, "weiter": weiter})
    ctx.cookie_setzen(ANMELDUNG_COOKIE, signiert, ANMELDUNG_GUELTIG_SEKUNDEN)
    return Weiterleitung(url, status=302)


def anbieter_anmeldung_abschliessen(ctx: RequestContext) -> Weiterleitung:
    if ctx.oidc is None:
        raise NichtGefunden()
    zustand = ctx.schluessel.oeffnen(ctx.cookie(ANMELDUNG_COOKIE), ANMELDUNG_GUELTIG_SEKUNDEN)
    ctx.cookie_loeschen(ANMELDUNG_COOKIE)
    if zustand is None or "error" in ctx.request.args:
        raise AnbieterAnmeldungFehlgeschlagen()
    identitaet = ctx.oidc.anmeldung_abschliessen(
        _rueckruf_url(ctx),
        {key: str(zustand[key]) for key in ("state", "nonce", "code_verifier")},
        ctx.request.args.get("state"),
        ctx.request.args.get("code"),
    )
    neue = ctx.konten.ueber_anbieter_anmelden(
        identitaet.aussteller, identitaet.subjekt, correlation_id=ctx.correlation_id
    )
    if ctx.sitzung is not None:
        ctx.konten.abmelden(ctx.sitzung, correlation_id=ctx.correlation_id)
    ctx.sitzung_setzen(neue)
    return Weiterleitung(lokaler_pfad(str(zustand.get("weiter")), NACH_ANMELDUNG))


# helpers ----------------------------------------------------------------------------------------


def _formular(
    ctx: RequestContext, vorlage: str, error: GatewayFehler | None = None, **werte: str
) -> Seite:
    """A form page, with the error summary and the field messages when there is an error."""
    eingaben = {"email": ctx.request.form.get("email", "")}  # never the password
    if error is None:
        return Seite(vorlage, {"fehler": None, "eingaben": eingaben, **werte})
    art = einordnen(error)
    felder = {}
    if isinstance(error, EingabeUngueltig):
        felder = {
            feld: ctx._(FELDMELDUNGEN.get(code, FELDMELDUNGEN["pflichtfeld"]))
            for feld, code in error.felder.items()
        }
    fehler = {"titel": ctx._(art.titel), "detail": ctx._(art.detail), "felder": felder}
    seite = Seite(vorlage, {"fehler": fehler, "eingaben": eingaben, **werte}, art.status)
    return seite


def _nur_lokale_konten(ctx: RequestContext) -> None:
    if not ctx.settings.local_accounts:
        raise NichtGefunden()


def _rueckruf_url(ctx: RequestContext) -> str:
    basis = ctx.settings.public_url or ctx.request.host_url.rstrip("/")
    return f"{basis}{OIDC_RUECKRUF}"


def _ohne_parameter(pfad: str, name: str) -> str:
    teile = urlsplit(pfad)
    query = "&".join(p for p in teile.query.split("&") if p and p.split("=", 1)[0] != name)
    return teile.path + (f"?{query}" if query else "")
