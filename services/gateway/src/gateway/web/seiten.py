"""Handlers of the HTML pages. Each takes the RequestContext and returns a Seite (template and
values) or a Weiterleitung; forms post back to the same address (Post/Redirect/Get).

To add a page: a handler here, a template in templates/, a route in GatewayService, the texts
translated (python -m gateway.i18n update, then fill in the catalogs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

from nameko.exceptions import RemoteError

from gateway.fehler import (
    FELDMELDUNGEN,
    AnbieterAnmeldungFehlgeschlagen,
    AnmeldungFehlgeschlagen,
    EingabeUngueltig,
    GatewayFehler,
    NichtGefunden,
    ZuVieleVersuche,
    detail_text,
    einordnen,
)
from gateway.i18n import SPRACHEN
from gateway.mails import KontoMails
from gateway.web import api_schemas, bewahren
from gateway.web.angebote import ANGEBOTE
from gateway.web.antworten import Seite, Weiterleitung, lokaler_pfad
from gateway.web.kontext import (
    ANMELDUNG_COOKIE,
    SPRACHE_COOKIE,
    SPRACHE_COOKIE_SEKUNDEN,
    SPRACHE_PARAMETER,
    RequestContext,
)

ANMELDUNG_GUELTIG_SEKUNDEN = 600
NACH_ANMELDUNG = "/konto"
NACH_REGISTRIERUNG = f"{NACH_ANMELDUNG}?neu"
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


# Zuständigkeitsfinder ----------------------------------------------------------------------------

ZUSTAENDIGKEIT = "/zustaendigkeit"
# "10115", "10115 Berlin", "Berlin, 10115": a run of digits at the start or at the end is the PLZ.
_PLZ_VORN = re.compile(r"([0-9]+)[\s,]*(.*)", re.DOTALL)
_PLZ_HINTEN = re.compile(r"(.*?)[\s,]+([0-9]+)", re.DOTALL)


@dataclass
class Zustaendig:
    """One Jobcenter of an answer and the towns of the answer it serves."""

    jobcenter: dict[str, Any]
    orte: list[str] = field(default_factory=list)
    antrag_pfad: str | None = None  # "apply here", with the place searched for


def zustaendigkeit(ctx: RequestContext) -> Seite:
    """One field, PLZ or town (``?suche=``); the follow-up links send ``?plz=&ort=``. A plain
    GET form: works without JavaScript, and an answer has an address that can be shared."""
    args = ctx.request.args
    if "suche" in args:
        suche = args["suche"]
        plz, ort = plz_und_ort(suche)
    elif "plz" in args or "ort" in args:
        plz, ort = args.get("plz") or None, args.get("ort") or None
        suche = " ".join(teil for teil in (plz, ort) if teil)
    else:
        return Seite("zustaendigkeit.html", _zustaendigkeit_werte(ctx, ""))
    try:
        antwort = ctx.dienste.zustaendigkeit.ermitteln(plz=plz, ort=ort)
    except RemoteError as error:
        art = einordnen(error)
        if art.status >= 500:
            raise
        fehler = {"titel": ctx._(art.titel), "meldung": ctx._(art.detail)}
        return Seite(
            "zustaendigkeit.html", _zustaendigkeit_werte(ctx, suche, fehler=fehler), art.status
        )
    werte = _zustaendigkeit_werte(
        ctx,
        suche,
        ergebnis=antwort,
        folgefragen=_folgefragen(ctx, antwort, plz),
    )
    werte["zustaendige"] = _nach_jobcenter(ctx, antwort["kandidaten"], plz, werte["antrag_pfad"])
    return Seite("zustaendigkeit.html", werte)


def plz_und_ort(suche: str) -> tuple[str | None, str | None]:
    """What the one field holds: a PLZ, a town, or both. Anything with a digit that is not
    "PLZ town" or "town PLZ" goes to the service as a PLZ, which says what is wrong with it."""
    text = suche.strip()
    if not text:
        return None, None
    vorn = _PLZ_VORN.fullmatch(text)
    if vorn:
        return vorn[1], vorn[2].strip() or None
    hinten = _PLZ_HINTEN.fullmatch(text)
    if hinten and any(zeichen.isalpha() for zeichen in hinten[1]):
        return hinten[2], hinten[1].strip(" ,")
    if any(zeichen.isdigit() for zeichen in text):
        return text, None
    return None, text


def _zustaendigkeit_werte(ctx: RequestContext, suche: str, **werte: Any) -> dict[str, Any]:
    antrag = next(angebot for angebot in ANGEBOTE if angebot.schluessel == "antrag")
    return {
        "suche": suche,
        "fehler": None,
        "ergebnis": None,
        "zustaendige": [],
        "folgefragen": None,
        "antrag_pfad": antrag.pfad,
        "sprache_im_link": SPRACHE_PARAMETER in ctx.request.args,
        **werte,
    }


def _nach_jobcenter(
    ctx: RequestContext, kandidaten: list[dict[str, Any]], plz: str | None, antrag_pfad: str | None
) -> list[Zustaendig]:
    """The answer by Jobcenter. "Apply here" carries the PLZ searched for and the town when the
    Jobcenter has only one in the answer: the new application comes filled in with them (as
    untrusted input there, checked when it is sent)."""
    gruppen: dict[str, Zustaendig] = {}
    for kandidat in kandidaten:
        jobcenter = kandidat["jobcenter"]
        gruppe = gruppen.setdefault(jobcenter["id"], Zustaendig(jobcenter))
        if kandidat["ort"] not in gruppe.orte:
            gruppe.orte.append(kandidat["ort"])
    if antrag_pfad:
        for gruppe in gruppen.values():
            ort = gruppe.orte[0] if len(gruppe.orte) == 1 else None
            gruppe.antrag_pfad = _adresse(ctx, antrag_pfad, {"plz": plz, "ort": ort})
    return list(gruppen.values())


def _adresse(ctx: RequestContext, pfad: str, parameter: dict[str, str | None]) -> str:
    """A link with the parameters that have a value, and the language when the page was asked
    for in one (``?sprache=``)."""
    if SPRACHE_PARAMETER in ctx.request.args:
        parameter = {**parameter, SPRACHE_PARAMETER: ctx.sprache.code}
    query = urlencode({name: wert for name, wert in parameter.items() if wert})
    return f"{pfad}?{query}" if query else pfad


def _folgefragen(
    ctx: RequestContext, antwort: dict[str, Any], plz: str | None
) -> dict[str, Any] | None:
    """The service's follow-up question as links: each option sent back as ``ort`` (with the
    PLZ, or with the town's name for a Berlin Bezirk found by name) narrows the answer."""
    rueckfrage = antwort["rueckfrage"]
    if rueckfrage is None:
        return None
    orte = {kandidat["ort"] for kandidat in antwort["kandidaten"]}
    links = []
    for option in rueckfrage["optionen"]:
        ort = option
        if rueckfrage["art"] == "bezirk" and plz is None and len(orte) == 1:
            ort = f"{next(iter(orte))} {option}"
        href = _adresse(ctx, ZUSTAENDIGKEIT, {"plz": plz, "ort": ort})
        links.append({"text": option, "href": href})
    return {"art": rueckfrage["art"], "links": links}


def konto(ctx: RequestContext) -> Seite:
    sitzung = ctx.anmeldung_erforderlich()
    return Seite("konto.html", {"sitzung": sitzung, "konto": ctx.konten.ansicht(sitzung)})


# local accounts (embedded mode) -----------------------------------------------------------------


def anmelden_formular(ctx: RequestContext) -> Seite | Weiterleitung:
    weiter = lokaler_pfad(ctx.request.args.get("weiter"), NACH_ANMELDUNG)
    if ctx.angemeldet:
        return Weiterleitung(weiter)
    abgemeldet = bewahren.anmeldehinweis(ctx)  # a session that ended (docs/adr/0080)
    if not ctx.settings.local_accounts:
        return Seite(
            "anmelden_anbieter.html",
            {"weiter": weiter, "abgemeldet": abgemeldet, "grund": _ziel(weiter)["grund"]},
        )
    return _formular(ctx, "anmelden.html", weiter=weiter, abgemeldet=abgemeldet, **_ziel(weiter))


def anmelden(ctx: RequestContext) -> Seite | Weiterleitung:
    _nur_lokale_konten(ctx)
    weiter = lokaler_pfad(ctx.request.form.get("weiter"), NACH_ANMELDUNG)
    try:
        daten = ctx.formular(api_schemas.Anmeldedaten())
        neue = ctx.konten.anmelden(
            daten["email"], daten["passwort"], client=ctx.client, correlation_id=ctx.correlation_id
        )
    except (EingabeUngueltig, AnmeldungFehlgeschlagen, ZuVieleVersuche) as error:
        abgemeldet = bewahren.anmeldehinweis(ctx)
        return _formular(
            ctx, "anmelden.html", error, weiter=weiter, abgemeldet=abgemeldet, **_ziel(weiter)
        )
    if ctx.sitzung is not None:
        ctx.konten.abmelden(ctx.sitzung, correlation_id=ctx.correlation_id)
    ctx.sitzung_setzen(neue)
    return Weiterleitung(bewahren.nach_anmeldung(ctx, weiter, NACH_ANMELDUNG))


def registrieren_formular(ctx: RequestContext) -> Seite | Weiterleitung:
    """Keeps where the person was going (``?weiter=``, this site's paths only) for the login
    that follows (docs/adr/0083)."""
    _nur_lokale_konten(ctx)
    weiter = lokaler_pfad(ctx.request.args.get("weiter"), NACH_REGISTRIERUNG)
    if ctx.angemeldet:
        return Weiterleitung(weiter)
    return _formular(ctx, "registrieren.html", weiter=weiter, **_ziel(weiter))


def registrieren(ctx: RequestContext) -> Seite | Weiterleitung:
    """Creates the account, then asks for the password once more on the login form.

    Not logged in right away: with an address that has an account already, that would either
    log in a stranger or tell them the address is taken (docs/adr/0070). Both cases get this
    same page.
    """
    _nur_lokale_konten(ctx)
    weiter = lokaler_pfad(ctx.request.form.get("weiter"), NACH_REGISTRIERUNG)
    try:
        daten = ctx.formular(api_schemas.Zugangsdaten())
        ctx.konten.registrieren(
            daten["email"],
            daten["passwort"],
            client=ctx.client,
            mails=KontoMails.fuer_anfrage(ctx),  # the owner of a taken address is told
            correlation_id=ctx.correlation_id,
        )
    except (EingabeUngueltig, ZuVieleVersuche) as error:
        return _formular(ctx, "registrieren.html", error, weiter=weiter, **_ziel(weiter))
    return _formular(ctx, "anmelden.html", weiter=weiter, registriert="1", **_ziel(weiter))


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
    weiter = lokaler_pfad(str(zustand.get("weiter")), NACH_ANMELDUNG)
    return Weiterleitung(bewahren.nach_anmeldung(ctx, weiter, NACH_ANMELDUNG))


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
    fehler = {
        "titel": ctx._(art.titel),
        "detail": detail_text(art, ctx._, ctx.sprache.code),
        "felder": felder,
    }
    seite = Seite(vorlage, {"fehler": fehler, "eingaben": eingaben, **werte}, art.status)
    return seite


def _ziel(weiter: str) -> dict[str, str]:
    """Why the login is asked for, and the goal for the link between login and sign-up, when
    the person was on their way somewhere (docs/adr/0083). ``grund``: ``antrag`` (an
    application), ``seite`` (any other page) or empty."""
    if weiter in (NACH_ANMELDUNG, NACH_REGISTRIERUNG):
        return {"grund": "", "ziel_parameter": ""}
    grund = "antrag" if urlsplit(weiter).path.startswith("/antraege") else "seite"
    return {"grund": grund, "ziel_parameter": "?" + urlencode({"weiter": weiter})}


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
