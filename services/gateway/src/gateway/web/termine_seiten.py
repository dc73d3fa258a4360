"""Pages of counselling and appointments (issue 12): search, results, the centre, choose a day
and a time, book, the confirmation with the calendar file and (anonymous) the manage link, the
manage page (move, cancel), and "Meine Termine".

Everything works without JavaScript: the search and the choice of day and time are plain GET
links and forms (an answer has an address that can be shared), booking, moving and cancelling
are forms that post and redirect (303). The termine service decides everything; its refusals
are shown on the page they concern. An anonymous booking's pages carry its secret in the query
(``?geheimnis=``) and in the forms' hidden fields; the access log never records query strings,
and the pages send no Referer (docs/adr/0112). Routes: gateway.service.GatewayService.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date, format_datetime, format_skeleton
from marshmallow import Schema, ValidationError, fields, validate
from nameko.exceptions import RemoteError

from contracts.text import Text
from gateway.fehler import (
    FELDMELDUNGEN,
    EingabeUngueltig,
    GatewayFehler,
    NichtGefunden,
    TerminVergeben,
    einordnen,
)
from gateway.i18n import N_
from gateway.sicherheit import email_gueltig, email_normalisieren
from gateway.web import termine_api
from gateway.web import termine_schemas as schemas
from gateway.web.antworten import Seite, Weiterleitung
from gateway.web.api_schemas import TEXT_ERRORS
from gateway.web.kontext import RequestContext, laden
from gateway.web.seiten import plz_und_ort
from gateway.web.termine_api import termine as rufen
from gateway.web.vorlagen import BABEL_LOCALE, ZEITZONE

TERMINE = "/termine"
STELLEN = "/termine/stellen"
BUCHUNG = termine_api.MANAGE_PAGE
UMKREISE = (5, 10, 25, 50, 100)
THEMEN_TEXTE = {
    "schuldnerberatung": N_("Schuldnerberatung"),
    "suchtberatung": N_("Suchtberatung"),
    "wohnungslosenhilfe": N_("Wohnungslosenhilfe"),
    "sozialberatung": N_("Sozialberatung"),
}
ARTEN_TEXTE = {
    "vor_ort": N_("vor Ort"),
    "telefon": N_("am Telefon"),
    "chat": N_("im Chat"),
    "video": N_("per Video"),
}
STATUS_TEXTE = {
    "gebucht": N_("gebucht"),
    "storniert": N_("abgesagt"),
    "nicht_erschienen": N_("nicht erschienen"),
}
# What a page says after a redirect (?hinweis=...): fixed texts, never input.
HINWEISE = {
    "gebucht": N_("Ihr Termin ist gebucht."),
    "verschoben": N_("Ihr Termin ist verschoben. Laden Sie die Kalenderdatei bitte neu."),
    "storniert": N_(
        "Ihr Termin ist abgesagt. Bitte löschen Sie ihn auch in Ihrem Kalender. Der Link zu "
        "diesem Termin gilt nicht mehr."
    ),
}
# termine's (and this form's) field names -> the booking form's fields
FORMULARFELD = {
    "anliegen": "anliegen",
    "email": "email",
    "telefon": "telefon",
    "kontakt.email": "email",
    "kontakt.telefon": "telefon",
    "kontakt": "email",  # a chat or video booking without a known access needs one of them
}
# Times offered to move a booking to: the next ones, in one list (no JavaScript needed).
VERSCHIEBEN_HOECHSTENS = 40


class SuchFormular(Schema):
    """The search page's fields (one field for postcode or town, like the Zuständigkeitsfinder)."""

    suche = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=120))
    thema = schemas.auswahl_feld(schemas.THEMEN, "")
    art = schemas.auswahl_feld(schemas.ARTEN, "")
    sprache = fields.String(validate=validate.Regexp(r"^[a-z]{2}$", error="auswahl_ungueltig"))
    barrierefrei = fields.Boolean(error_messages={"invalid": "auswahl_ungueltig"})
    anonym = fields.Boolean(error_messages={"invalid": "auswahl_ungueltig"})
    umkreis_km = fields.Integer(
        validate=validate.OneOf(UMKREISE, error="umkreis_ungueltig"),
        error_messages={"invalid": "umkreis_ungueltig"},
    )
    seite = fields.Integer(
        validate=validate.Range(min=1, max=1000, error="seite_ungueltig"),
        error_messages={"invalid": "seite_ungueltig"},
    )

    class Meta:
        unknown = "exclude"


class Auswahl(Schema):
    """Offer, way and (optionally) day or start of the choice of time."""

    angebot = fields.UUID(required=True, error_messages=schemas.UUID_FEHLER)
    art = schemas.auswahl_feld(schemas.ARTEN, "", required=True)
    tag = fields.Date(error_messages={"invalid": "zeitpunkt_ungueltig"})
    beginn = fields.AwareDateTime(error_messages=schemas.ZEITPUNKT)

    class Meta:
        unknown = "exclude"


def _email_oder_leer(value: str) -> None:
    if value.strip() and not email_gueltig(email_normalisieren(value)):
        raise ValidationError("email_ungueltig")


class BuchungsFormular(Schema):
    anliegen = Text(error_messages=TEXT_ERRORS, validate=validate.Length(max=2000))
    email = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        validate=[validate.Length(max=254), _email_oder_leer],
    )
    telefon = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=40))

    class Meta:
        unknown = "exclude"


SUCH_FORMULAR = SuchFormular()
AUSWAHL = Auswahl()
BUCHUNGS_FORMULAR = BuchungsFormular()


# search and results ---------------------------------------------------------------------------


def suche(ctx: RequestContext) -> Seite:
    """The search form; with ``?suche=`` also the results (sorted by distance)."""
    args = ctx.request.args
    eingaben = {name: args.get(name, "") for name in SUCH_FORMULAR.fields}
    werte: dict[str, Any] = {"eingaben": eingaben, "ergebnis": None, "fehler": None}
    if "suche" not in args:
        return _suchseite(ctx, werte)
    try:
        daten = laden(SUCH_FORMULAR, {k: v for k, v in args.items() if v != ""})
        plz, ort = plz_und_ort(daten.get("suche", ""))
        parameter = termine_api.suchparameter(
            {**daten, "plz": plz, "ort": ort, "sprache": daten.get("sprache")}
        )
        ergebnis = rufen(ctx, "suchen", **parameter)
    except EingabeUngueltig as error:
        code = next(iter(error.felder.values()))
        werte["fehler"] = {"meldung": ctx._(FELDMELDUNGEN.get(code, FELDMELDUNGEN["pflichtfeld"]))}
        return _suchseite(ctx, werte, 422)
    except (RemoteError, GatewayFehler) as error:
        art = einordnen(error)
        if art.status >= 500:
            raise
        werte["fehler"] = {"meldung": ctx._(art.detail)}
        werte["orte"] = _ortswahl(getattr(error, "details", None) or {}, eingaben)
        return _suchseite(ctx, werte, art.status)
    werte["ergebnis"] = ergebnis
    werte["treffer"] = [_treffer(ctx, treffer) for treffer in ergebnis["treffer"]]
    werte["beispieldaten"] = any(treffer["beispieldaten"] for treffer in ergebnis["treffer"])
    werte["weiter"] = _weitere_seite(ergebnis, parameter["seite"], eingaben)
    return _suchseite(ctx, werte)


def _suchseite(ctx: RequestContext, werte: dict[str, Any], status: int = 200) -> Seite:
    werte.setdefault("orte", [])
    werte.setdefault("treffer", [])
    werte.setdefault("beispieldaten", False)
    werte.setdefault("weiter", None)
    return Seite(
        "termine_suche.html",
        {
            **werte,
            "themen": [(code, ctx._(text)) for code, text in THEMEN_TEXTE.items()],
            "arten": [(code, ctx._(text)) for code, text in ARTEN_TEXTE.items()],
            "umkreise": UMKREISE,
        },
        status,
    )


def _ortswahl(details: dict[str, Any], eingaben: dict[str, str]) -> list[dict[str, str]]:
    """An ambiguous town: one link per place the service offers (``details.orte``)."""
    orte = details.get("orte") or []
    links = []
    for ort in orte:
        if not isinstance(ort, dict):
            continue
        text = " ".join(str(ort[teil]) for teil in ("plz", "ort") if ort.get(teil))
        if ort.get("land"):
            text = f"{text} ({ort['land']})"
        suche = " ".join(str(ort[teil]) for teil in ("plz", "ort") if ort.get(teil))
        if text:
            links.append({"text": text, "href": _suchlink({**eingaben, "suche": suche})})
    return links


def _suchlink(eingaben: dict[str, Any]) -> str:
    return f"{TERMINE}?{urlencode({k: v for k, v in eingaben.items() if v not in ('', None)})}"


def _weitere_seite(ergebnis: dict[str, Any], seite: int, eingaben: dict[str, str]) -> str | None:
    gezeigt = seite * max(1, len(ergebnis["treffer"]))
    if not ergebnis["treffer"] or gezeigt >= ergebnis["gesamt"]:
        return None
    return _suchlink({**eingaben, "seite": seite + 1})


def _treffer(ctx: RequestContext, treffer: dict[str, Any]) -> dict[str, Any]:
    return {
        **vollstaendig(treffer),
        "themen_text": ", ".join(ctx._(THEMEN_TEXTE.get(t, t)) for t in treffer["themen"]),
        "arten_text": ", ".join(ctx._(ARTEN_TEXTE.get(a, a)) for a in treffer["arten"]),
        "entfernung_text": _km(ctx, treffer.get("entfernung_km")),
        "naechster_text": _zeit(ctx, treffer.get("naechster_termin")),
        "href": f"{STELLEN}/{treffer['id']}",
    }


# the centre, the choice of time, booking -----------------------------------------------------


def beratungsstelle(ctx: RequestContext, beratungsstelle_id: str) -> Seite:
    stelle = rufen(ctx, "beratungsstelle", id=beratungsstelle_id)
    return Seite("termine_stelle.html", {"stelle": _stelle(ctx, stelle)})


def zeiten(ctx: RequestContext, beratungsstelle_id: str) -> Seite:
    """Days with free times as links; the chosen day's times as links to the booking form."""
    auswahl = laden(AUSWAHL, _args(ctx))
    stelle = _stelle(ctx, rufen(ctx, "beratungsstelle", id=beratungsstelle_id))
    angebot = _angebot(stelle, auswahl)
    frei = rufen(
        ctx,
        "freie_termine",
        beratungsstelle_id=beratungsstelle_id,
        angebot_id=angebot["id"],
        art=auswahl["art"],
    )["termine"]
    tage = _nach_tagen(ctx, frei)
    tag = auswahl["tag"].isoformat() if auswahl.get("tag") else next(iter(tage), None)
    basis = {"angebot": angebot["id"], "art": auswahl["art"]}
    return Seite(
        "termine_zeiten.html",
        {
            "stelle": stelle,
            "angebot": angebot,
            "art_text": ctx._(ARTEN_TEXTE[auswahl["art"]]),
            "tage": [
                {
                    "text": eintrag["text"],
                    "href": _link(ctx, f"{STELLEN}/{beratungsstelle_id}/zeiten", **basis, tag=t),
                    "gewaehlt": t == tag,
                    "anzahl": len(eintrag["zeiten"]),
                }
                for t, eintrag in tage.items()
            ],
            "tag_text": tage[tag]["text"] if tag in tage else None,
            "zeiten": [
                {
                    "text": _uhrzeit(ctx, zeit["beginn"]),
                    "href": _link(
                        ctx,
                        f"{STELLEN}/{beratungsstelle_id}/buchen",
                        **basis,
                        beginn=zeit["beginn"],
                    ),
                }
                for zeit in (tage[tag]["zeiten"] if tag in tage else [])
            ],
        },
    )


def buchen_formular(ctx: RequestContext, beratungsstelle_id: str) -> Seite:
    return _buchungsseite(ctx, beratungsstelle_id, laden(AUSWAHL, _args(ctx)))


def buchen(ctx: RequestContext, beratungsstelle_id: str) -> Seite | Weiterleitung:
    """Book; then to the booking's page (anonymous: its manage link, with the secret)."""
    auswahl = laden(AUSWAHL, dict(ctx.request.form.items()))
    if auswahl.get("beginn") is None:
        raise EingabeUngueltig({"beginn": "pflichtfeld"})
    try:
        formular = laden(BUCHUNGS_FORMULAR, dict(ctx.request.form.items()))
    except EingabeUngueltig as error:
        return _buchungsseite(ctx, beratungsstelle_id, auswahl, felder=error.felder, status=422)
    kontakt = {name: formular.get(name) for name in ("email", "telefon") if formular.get(name)}
    try:
        antwort = termine_api.buchen(
            ctx,
            {
                "beratungsstelle_id": beratungsstelle_id,
                "angebot_id": auswahl["angebot"],
                "beginn": auswahl["beginn"],
                "art": auswahl["art"],
                "anliegen": formular.get("anliegen"),
                "kontakt": kontakt,
            },
        )
    except EingabeUngueltig as error:
        return _buchungsseite(ctx, beratungsstelle_id, auswahl, felder=error.felder, status=422)
    except (RemoteError, GatewayFehler) as error:
        art = einordnen(error)
        if art.status >= 500 or art.status == 404:
            raise
        return _buchungsseite(ctx, beratungsstelle_id, auswahl, remote=error, status=art.status)
    if "verwaltung_url" in antwort:
        return Weiterleitung(f"{antwort['verwaltung_url']}&hinweis=gebucht")
    return Weiterleitung(f"{BUCHUNG}/{antwort['id']}?hinweis=gebucht")


def _buchungsseite(
    ctx: RequestContext,
    beratungsstelle_id: str,
    auswahl: dict[str, Any],
    *,
    felder: dict[str, str] | None = None,
    remote: Exception | None = None,
    status: int = 200,
) -> Seite:
    if auswahl.get("beginn") is None:
        raise EingabeUngueltig({"beginn": "pflichtfeld"})
    stelle = _stelle(ctx, rufen(ctx, "beratungsstelle", id=beratungsstelle_id))
    angebot = _angebot(stelle, auswahl)
    fehler = None
    naechste: list[dict[str, str]] = []
    if felder:
        meldungen = {
            FORMULARFELD.get(feld, feld): ctx._(
                FELDMELDUNGEN.get(code, FELDMELDUNGEN["pflichtfeld"])
            )
            for feld, code in felder.items()
        }
        am_feld = {feld: text for feld, text in meldungen.items() if feld in FORMULARFELD.values()}
        # a refusal of no field of this form (the time, the way): said in the summary
        sonst = [text for feld, text in meldungen.items() if feld not in am_feld]
        fehler = {
            "meldung": " ".join(sonst) or ctx._("Bitte prüfen Sie die markierten Angaben."),
            "felder": am_feld,
        }
    elif remote is not None:
        fehler = {"meldung": ctx._(einordnen(remote).detail), "felder": {}}
        basis = {"angebot": angebot["id"], "art": auswahl["art"]}
        naechste = [
            {
                "text": _zeit(ctx, zeit.get("beginn")),
                "href": _link(
                    ctx, f"{STELLEN}/{beratungsstelle_id}/buchen", **basis, beginn=zeit["beginn"]
                ),
            }
            for zeit in (remote.details or {}).get("naechste_freie", [])
            if isinstance(remote, TerminVergeben)
        ]
    form = ctx.request.form
    return Seite(
        "termine_buchen.html",
        {
            "stelle": stelle,
            "angebot": angebot,
            "art": auswahl["art"],
            "art_text": ctx._(ARTEN_TEXTE[auswahl["art"]]),
            # chat and video: a room link after booking, or the centre sends its access (then
            # a contact is needed, said before the person fills the form in)
            "zugang": _zugang_der_art(stelle, auswahl["art"]),
            "beginn": auswahl["beginn"].isoformat(),
            "beginn_text": _zeit(ctx, auswahl["beginn"].isoformat()),
            "fehler": fehler,
            "naechste": naechste,
            "eingaben": {name: form.get(name, "") for name in ("anliegen", "email", "telefon")},
            "zurueck_href": _link(
                ctx,
                f"{STELLEN}/{beratungsstelle_id}/zeiten",
                angebot=angebot["id"],
                art=auswahl["art"],
            ),
        },
        status,
    )


# one booking: confirmation and manage page ---------------------------------------------------


def buchung(ctx: RequestContext, buchung_id: str) -> Seite:
    """The booking, its calendar file, and forms to move or cancel it."""
    wert = _geheimnis(ctx)
    daten = rufen(ctx, "buchung", id=buchung_id, geheimnis=wert)
    werte = _buchungswerte(ctx, buchung_id, daten, wert)
    hinweis = ctx.request.args.get("hinweis")
    werte["hinweis"] = ctx._(HINWEISE[hinweis]) if hinweis in HINWEISE else None
    werte["neu_gebucht"] = hinweis == "gebucht"
    return Seite("termine_buchung.html", werte)


def verschieben(ctx: RequestContext, buchung_id: str) -> Seite | Weiterleitung:
    wert = _geheimnis(ctx)
    try:
        beginn = laden(schemas.Verschiebung(), {"beginn": ctx.request.form.get("beginn")})
        rufen(
            ctx, "verschieben", id=buchung_id, beginn=beginn["beginn"].isoformat(), geheimnis=wert
        )
    except EingabeUngueltig:
        return _buchung_mit_fehler(ctx, buchung_id, wert, ctx._(FELDMELDUNGEN["auswahl_ungueltig"]))
    except (RemoteError, GatewayFehler) as error:
        art = einordnen(error)
        if art.status >= 500 or art.status == 404:
            raise
        return _buchung_mit_fehler(ctx, buchung_id, wert, ctx._(art.detail), art.status)
    return Weiterleitung(_buchung_href(buchung_id, wert, hinweis="verschoben"))


def stornieren(ctx: RequestContext, buchung_id: str) -> Seite | Weiterleitung:
    """Cancel. An anonymous booking's secret is spent by it, so its page is answered here, once
    (the link opens nothing any more); an owner is sent back to the booking's page."""
    wert = _geheimnis(ctx)
    try:
        daten = rufen(ctx, "stornieren", id=buchung_id, geheimnis=wert)
    except (RemoteError, GatewayFehler) as error:
        art = einordnen(error)
        if art.status >= 500 or art.status == 404:
            raise
        return _buchung_mit_fehler(ctx, buchung_id, wert, ctx._(art.detail), art.status)
    if wert is None:
        return Weiterleitung(_buchung_href(buchung_id, None, hinweis="storniert"))
    werte = {
        **_buchungswerte(ctx, buchung_id, daten, wert),
        "hinweis": ctx._(HINWEISE["storniert"]),
        "neu_gebucht": False,
        "ics_href": None,
    }
    return Seite("termine_buchung.html", werte)


def meine_termine(ctx: RequestContext) -> Seite:
    ctx.anmeldung_erforderlich()
    termine = rufen(ctx, "meine_termine")["termine"]
    return Seite(
        "termine_meine.html",
        {"termine": [_kurz(ctx, termin, f"{BUCHUNG}/{termin['id']}") for termin in termine]},
    )


def _buchung_mit_fehler(
    ctx: RequestContext, buchung_id: str, wert: str | None, meldung: str, status: int = 422
) -> Seite:
    daten = rufen(ctx, "buchung", id=buchung_id, geheimnis=wert)
    werte = _buchungswerte(ctx, buchung_id, daten, wert)
    return Seite(
        "termine_buchung.html",
        {**werte, "hinweis": None, "neu_gebucht": False, "fehler": meldung},
        status,
    )


def _buchungswerte(
    ctx: RequestContext, buchung_id: str, daten: dict[str, Any], wert: str | None
) -> dict[str, Any]:
    offen = daten["status"] == "gebucht" and _in_zukunft(daten["beginn"])
    zeiten_frei: list[dict[str, Any]] = []
    if offen:
        frei = rufen(
            ctx,
            "freie_termine",
            beratungsstelle_id=daten["beratungsstelle"]["id"],
            angebot_id=daten["angebot"]["id"],
            art=daten["art"],
        )["termine"]
        for tag, eintrag in _nach_tagen(ctx, frei[:VERSCHIEBEN_HOECHSTENS]).items():
            zeiten_frei.append(
                {
                    "tag": tag,
                    "text": eintrag["text"],
                    "zeiten": [
                        {
                            "wert": z["beginn"],
                            "text": ctx._(
                                "%(tag)s, %(uhrzeit)s Uhr",
                                tag=eintrag["kurz"],
                                uhrzeit=_uhrzeit(ctx, z["beginn"]),
                            ),
                        }
                        for z in eintrag["zeiten"]
                    ],
                }
            )
    return {
        "buchung": _kurz(ctx, daten, None),
        "buchung_id": buchung_id,
        "geheimnis": wert,
        "anonym": wert is not None,
        "offen": offen,
        "zeiten_frei": zeiten_frei,
        "ics_href": termine_api.ics_url(buchung_id, wert),
        "verwaltung_href": termine_api.verwaltung_url(buchung_id, wert) if wert else None,
        "adresse": ctx.settings.public_url or ctx.request.host_url.rstrip("/"),
        "fehler": None,
    }


def _zugang_der_art(stelle: dict[str, Any], art: str) -> str | None:
    """``link`` when a chat or video booking gets its room link, ``stelle`` when the centre
    sends its access; None for the other ways."""
    if art not in schemas.ZUGANG_WEGE:
        return None
    return "link" if art in (stelle.get("zugang_fuer") or []) else "stelle"


def _kurz(ctx: RequestContext, termin: dict[str, Any], href: str | None) -> dict[str, Any]:
    stelle = termin.get("beratungsstelle")
    stelle = vollstaendig(stelle if isinstance(stelle, dict) else {})
    angebot = termin.get("angebot") if isinstance(termin.get("angebot"), dict) else {}
    return {
        **termin,
        "stelle": stelle,
        "thema_text": ctx._(THEMEN_TEXTE.get(angebot.get("thema", ""), angebot.get("thema", ""))),
        "href": href,
        "zeit_text": _zeit(ctx, termin["beginn"]),
        "ende_text": _uhrzeit(ctx, termin["ende"]),
        "art_text": ctx._(ARTEN_TEXTE.get(termin["art"], termin["art"])),
        "status_text": ctx._(STATUS_TEXTE.get(termin["status"], termin["status"])),
        "beispieldaten": bool(termin.get("beispieldaten") or stelle.get("beispieldaten")),
        "zugang_url": _https_oder_nichts(termin.get("zugang_url")),
        "fernweg": termin["art"] in schemas.ZUGANG_WEGE,
    }


def _https_oder_nichts(url: object) -> str | None:
    """A room link as a page may show it: termine checked it, this page does not trust a
    link that is no https address."""
    return url if isinstance(url, str) and url.startswith("https://") else None


def _buchung_href(buchung_id: str, wert: str | None, **parameter: str) -> str:
    if wert:
        return f"{termine_api.verwaltung_url(buchung_id, wert)}&{urlencode(parameter)}"
    return f"{BUCHUNG}/{buchung_id}?{urlencode(parameter)}"


def _geheimnis(ctx: RequestContext) -> str | None:
    """The secret of the link (GET) or of the form's hidden field (POST); without one, the
    booking is the logged-in person's or not found."""
    wert = ctx.request.form.get(schemas.GEHEIMNIS_PARAMETER) or termine_api.geheimnis(ctx)
    if wert:
        return wert if len(wert) <= 200 and wert.isascii() else None
    if ctx.sitzung is None:
        raise NichtGefunden()
    return None


# helpers -------------------------------------------------------------------------------------


def vollstaendig(stelle: dict[str, Any]) -> dict[str, Any]:
    """The centre with every member the templates read (they refuse undefined values)."""
    return {
        "name": "",
        "traeger": None,
        "beschreibung": None,
        "themen": [],
        "arten": [],
        "sprachen": [],
        "barrierefrei": False,
        "anonym_moeglich": False,
        "beispieldaten": False,
        "landesweit": False,
        **stelle,
        "adresse": {"strasse": None, "plz": None, "ort": None, **(stelle.get("adresse") or {})},
        "kontakt": {
            "telefon": None,
            "email": None,
            "website": None,
            **(stelle.get("kontakt") or {}),
        },
    }


def _stelle(ctx: RequestContext, stelle: dict[str, Any]) -> dict[str, Any]:
    stelle = vollstaendig(stelle)
    angebote = [
        {
            **angebot,
            "thema_text": ctx._(THEMEN_TEXTE.get(angebot["thema"], angebot["thema"])),
            "arten_optionen": [(a, ctx._(ARTEN_TEXTE.get(a, a))) for a in angebot["arten"]],
        }
        for angebot in stelle.get("angebote", [])
    ]
    oeffnungszeiten = stelle.get("oeffnungszeiten")
    if isinstance(oeffnungszeiten, str):
        oeffnungszeiten = [oeffnungszeiten] if oeffnungszeiten else []
    return {
        **stelle,
        "angebote": angebote,
        "oeffnungszeiten_liste": oeffnungszeiten or [],
        "href": f"{STELLEN}/{stelle['id']}",
        "themen_text": ", ".join(ctx._(THEMEN_TEXTE.get(t, t)) for t in stelle.get("themen", [])),
        "arten_text": ", ".join(ctx._(ARTEN_TEXTE.get(a, a)) for a in stelle.get("arten", [])),
    }


def _angebot(stelle: dict[str, Any], auswahl: dict[str, Any]) -> dict[str, Any]:
    for angebot in stelle["angebote"]:
        if angebot["id"] == str(auswahl["angebot"]) and auswahl["art"] in angebot["arten"]:
            return angebot
    raise NichtGefunden()


def _nach_tagen(ctx: RequestContext, frei: list[dict[str, Any]]) -> OrderedDict[str, Any]:
    """Free times by day in Berlin wall time, in order."""
    tage: OrderedDict[str, Any] = OrderedDict()
    locale = BABEL_LOCALE[ctx.sprache.code]
    for zeit in frei:
        beginn = datetime.fromisoformat(zeit["beginn"]).astimezone(ZEITZONE)
        tag = beginn.date().isoformat()
        if tag not in tage:
            tage[tag] = {
                "text": format_date(beginn.date(), "full", locale=locale),
                "kurz": format_skeleton("MMMEd", beginn.date(), locale=locale),
                "zeiten": [],
            }
        tage[tag]["zeiten"].append(zeit)
    return tage


def _zeit(ctx: RequestContext, wert: str | None) -> str | None:
    if not wert:
        return None
    moment = datetime.fromisoformat(wert)
    locale = BABEL_LOCALE[ctx.sprache.code]
    tag = format_date(moment.astimezone(ZEITZONE).date(), "full", locale=locale)
    return ctx._("%(tag)s, %(uhrzeit)s Uhr", tag=tag, uhrzeit=_uhrzeit(ctx, wert))


def _uhrzeit(ctx: RequestContext, wert: str) -> str:
    moment = datetime.fromisoformat(wert)
    return format_datetime(moment, "HH:mm", tzinfo=ZEITZONE, locale=BABEL_LOCALE[ctx.sprache.code])


def _in_zukunft(wert: str) -> bool:
    return datetime.fromisoformat(wert) > datetime.now(ZEITZONE)


def _km(ctx: RequestContext, km: float | None) -> str | None:
    if km is None:
        return None
    text = f"{km:.1f}" if km < 10 else f"{km:.0f}"
    if ctx.sprache.code != "en":
        text = text.replace(".", ",")
    return ctx._("%(km)s km entfernt", km=text)


def _link(ctx: RequestContext, pfad: str, **parameter: Any) -> str:
    if "sprache" in ctx.request.args:
        parameter["sprache"] = ctx.sprache.code
    return f"{pfad}?{urlencode({k: str(v) for k, v in parameter.items() if v is not None})}"


def _args(ctx: RequestContext) -> dict[str, str]:
    return {name: wert for name, wert in ctx.request.args.items() if wert != ""}
