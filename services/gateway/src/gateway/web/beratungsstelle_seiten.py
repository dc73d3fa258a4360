"""The counselling centre's pages (issue 12): the bookings of a week with the concern, cancel
with a reason (the person is told), mark a no-show, the conflicts left by changed hours, each
counsellor's weekly hours and absences, the centre's entry with the address of its own chat and
video tool (docs/adr/0121; a bad one is shown at its field).

Staff log in like citizens; the termine service knows which person belongs to which centre
(``mein_zugang``, bound by its operator command) and refuses everything else. The gateway adds
no rule: a person without access gets the service's 403 ``kein_zugang`` as a page. Routes:
gateway.service.GatewayService.
"""

from __future__ import annotations

import contextlib
import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from marshmallow import Schema, fields, validate

from contracts.text import Text
from gateway.fehler import FELDMELDUNGEN, EingabeUngueltig, KeinZugang
from gateway.i18n import N_
from gateway.web.antworten import Seite, Weiterleitung
from gateway.web.api_schemas import TEXT_ERRORS
from gateway.web.kontext import RequestContext, laden
from gateway.web.termine_api import termine as rufen
from gateway.web.termine_schemas import ARTEN, THEMEN, ZUGANG_WEGE
from gateway.web.termine_seiten import (
    ARTEN_TEXTE,
    STATUS_TEXTE,
    THEMEN_TEXTE,
    _https_oder_nichts,
    _uhrzeit,
    _zeit,
    vollstaendig,
)
from gateway.web.vorlagen import BABEL_LOCALE, ZEITZONE

STELLE = "/stelle"
HINWEISE = {
    "storniert": N_(
        "Der Termin ist abgesagt. Hat die Person eine E-Mail-Adresse hinterlassen, bekommt "
        "sie Bescheid."
    ),
    "nicht_erschienen": N_("Der Termin ist als nicht erschienen markiert."),
    "abwesenheit": N_("Die Abwesenheit ist eingetragen."),
    "sprechzeiten": N_("Die Sprechzeiten sind gespeichert."),
    "eintrag": N_("Der Eintrag ist gespeichert."),
}


class Woche(Schema):
    woche = fields.Date(error_messages={"invalid": "zeitpunkt_ungueltig"})

    class Meta:
        unknown = "exclude"


class Absage(Schema):
    grund = Text(
        required=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(min=1, max=500, error="pflichtfeld"),
    )

    class Meta:
        unknown = "exclude"


class Abwesenheit(Schema):
    berater_id = fields.String(required=True, validate=validate.Length(min=1, max=100))
    von = fields.Date(
        required=True, error_messages={"invalid": "datum_ungueltig", "required": "pflichtfeld"}
    )
    bis = fields.Date(
        required=True, error_messages={"invalid": "datum_ungueltig", "required": "pflichtfeld"}
    )

    class Meta:
        unknown = "exclude"


class Eintrag(Schema):
    name = Text(
        einzeilig=True,
        required=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(min=1, max=200),
    )
    traeger = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=200))
    beschreibung = Text(error_messages=TEXT_ERRORS, validate=validate.Length(max=2000))
    sprachen = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=100))
    strasse = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=200))
    plz = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=10))
    ort = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=100))
    telefon = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=40))
    email = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=254))
    website = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=300))
    # the address of the centre's own chat and video tool; empty: none (the centre sends it)
    zugang_chat = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=500, error="angabe_zu_lang"),
    )
    zugang_video = Text(
        einzeilig=True,
        error_messages=TEXT_ERRORS,
        validate=validate.Length(max=500, error="angabe_zu_lang"),
    )

    class Meta:
        unknown = "exclude"


class Angebot(Schema):
    id = Text(einzeilig=True, error_messages=TEXT_ERRORS, validate=validate.Length(max=100))
    thema = fields.String(required=True, validate=validate.OneOf(THEMEN, error="auswahl_ungueltig"))
    dauer_minuten = fields.Integer(
        required=True,
        validate=validate.Range(min=10, max=240, error="angabe_ungueltig"),
        error_messages={"invalid": "angabe_ungueltig", "required": "pflichtfeld"},
    )

    class Meta:
        unknown = "exclude"


WOCHENTAGE = {
    "MO": N_("Montag"),
    "DI": N_("Dienstag"),
    "MI": N_("Mittwoch"),
    "DO": N_("Donnerstag"),
    "FR": N_("Freitag"),
    "SA": N_("Samstag"),
    "SO": N_("Sonntag"),
}
UHRZEIT = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
EINTRAG = Eintrag()
# termine's field names of the entry -> this form's
EINTRAGSFELD = {f"fernzugang.{weg}": f"zugang_{weg}" for weg in ZUGANG_WEGE}
ANGEBOT = Angebot()
WOCHE = Woche()
ABSAGE = Absage()
ABWESENHEIT = Abwesenheit()
# rows of weekly hours one form may carry (the page sends a counsellor's rules and one empty row)
ZEILEN_HOECHSTENS = 50


def uebersicht(ctx: RequestContext) -> Seite:
    """The week's bookings by day, with the concern; the conflicts to settle."""
    zugang = _zugang(ctx)
    montag = _montag(laden(WOCHE, _args(ctx)).get("woche") or datetime.now(ZEITZONE).date())
    von = datetime.combine(montag, time(0), ZEITZONE)
    bis = von + timedelta(days=7)
    buchungen = _liste(
        rufen(ctx, "buchungen_der_stelle", von=von.isoformat(), bis=bis.isoformat()),
        "buchungen",
    )
    konflikte = _liste(rufen(ctx, "konflikte"), "konflikte")
    namen = {b["id"]: b.get("name", "") for b in rufen(ctx, "berater_liste")["berater"]}
    for buchung in [*buchungen, *konflikte]:
        buchung["berater_name"] = namen.get(buchung.get("berater_id"), "")
        buchung.setdefault("id", buchung.get("buchung_id"))
    hinweis = ctx.request.args.get("hinweis")
    return Seite(
        "stelle_uebersicht.html",
        {
            "zugang": zugang,
            "stelle": _stelle(ctx, zugang),
            "woche_text": _tag_text(ctx, montag),
            "tage": _nach_tagen(ctx, buchungen),
            "konflikte": [_buchung(ctx, konflikt) for konflikt in konflikte],
            "vorige": _wochenlink(montag - timedelta(days=7)),
            "naechste": _wochenlink(montag + timedelta(days=7)),
            "woche": montag.isoformat(),
            "hinweis": ctx._(HINWEISE[hinweis]) if hinweis in HINWEISE else None,
            "fehler": None,
        },
    )


def stornieren(ctx: RequestContext, buchung_id: str) -> Seite | Weiterleitung:
    _zugang(ctx)
    daten = laden(ABSAGE, dict(ctx.request.form.items()))
    rufen(ctx, "durch_stelle_stornieren", id=buchung_id, grund=daten["grund"])
    return Weiterleitung(_zurueck(ctx, "storniert"))


def nicht_erschienen(ctx: RequestContext, buchung_id: str) -> Seite | Weiterleitung:
    _zugang(ctx)
    rufen(ctx, "nicht_erschienen", id=buchung_id)
    return Weiterleitung(_zurueck(ctx, "nicht_erschienen"))


def abwesenheit_eintragen(ctx: RequestContext) -> Seite | Weiterleitung:
    zugang = _zugang(ctx)
    form = ctx.request.form
    try:
        daten = laden(ABWESENHEIT, dict(form.items()))
        if daten["bis"] < daten["von"]:
            raise EingabeUngueltig({"bis": "datum_ende_vor_beginn"})
    except EingabeUngueltig as error:
        eingaben = {"von": form.get("von", ""), "bis": form.get("bis", "")}
        return _sprechzeitenseite(
            ctx,
            zugang,
            Formfehler(form.get("berater_id", ""), "abwesenheit", error.felder, eingaben),
        )
    rufen(
        ctx,
        "abwesenheit_eintragen",
        berater_id=daten["berater_id"],
        von=daten["von"].isoformat(),
        bis=daten["bis"].isoformat(),
    )
    return Weiterleitung(f"{STELLE}/sprechzeiten?hinweis=abwesenheit")


@dataclass(frozen=True)
class Formfehler:
    """A refused form of one counsellor on the hours page: which form, each field's code and
    what was typed, so the page shows it again with the message at its field."""

    berater_id: str
    formular: str  # "sprechzeiten" or "abwesenheit"
    felder: dict[str, str]
    eingaben: Any


def sprechzeiten(ctx: RequestContext) -> Seite:
    return _sprechzeitenseite(ctx, _zugang(ctx))


def _sprechzeitenseite(
    ctx: RequestContext, zugang: dict[str, Any], fehler: Formfehler | None = None
) -> Seite:
    """Each counsellor's weekly hours (one row per rule, one empty row to add one; a row
    without days is removed) and absences; after a refusal (422) the refused form as it was
    typed, each message at its field and in the summary above."""
    berater = rufen(ctx, "berater_liste")["berater"]
    hinweis = ctx.request.args.get("hinweis")
    abgelehnt = None
    if fehler is not None:
        abgelehnt = {
            "formular": fehler.formular,
            "felder": {feld: _meldung(ctx, code) for feld, code in fehler.felder.items()},
            "eingaben": fehler.eingaben,
        }
    personen = []
    for person in berater:
        zeilen = [*person.get("sprechzeiten", []), {"tage": [], "von": "", "bis": "", "arten": []}]
        eigener = fehler is not None and fehler.berater_id == person.get("id")
        if eigener and fehler.formular == "sprechzeiten":
            zeilen = fehler.eingaben
        personen.append(
            {
                **person,
                "zeilen": zeilen,
                "fehler": abgelehnt if eigener else None,
                "abwesenheiten_text": [
                    ctx._(
                        "%(von)s bis %(bis)s",
                        von=_datum_text(ctx, a.get("von")),
                        bis=_datum_text(ctx, a.get("bis")),
                    )
                    for a in person.get("abwesenheiten", [])
                ],
            }
        )
    if fehler is not None and not any(p["fehler"] for p in personen):
        raise EingabeUngueltig(fehler.felder)  # a counsellor this centre does not have
    return Seite(
        "stelle_sprechzeiten.html",
        {
            "stelle": _stelle(ctx, zugang),
            "berater": personen,
            "fehler": fehler is not None,
            "wochentage": [(code, ctx._(text)) for code, text in WOCHENTAGE.items()],
            "arten": [(code, ctx._(ARTEN_TEXTE[code])) for code in ARTEN],
            "hinweis": ctx._(HINWEISE[hinweis]) if hinweis in HINWEISE else None,
        },
        422 if fehler is not None else 200,
    )


def sprechzeiten_setzen(ctx: RequestContext, berater_id: str) -> Seite | Weiterleitung:
    """Replaces the counsellor's weekly hours; bookings outside them become conflicts (listed
    on the overview), never silently dropped. A wrong row shows the form again as typed."""
    zugang = _zugang(ctx)
    form = ctx.request.form
    regeln, zeilen, felder = [], [], {}
    anzahl = form.get("zeilen", "")
    if not anzahl.isdigit() or int(anzahl) > ZEILEN_HOECHSTENS:
        raise EingabeUngueltig({"zeilen": "angabe_ungueltig"})  # not sent by the page's form
    for nummer in range(int(anzahl)):
        tage = [tag for tag in form.getlist(f"tage-{nummer}") if tag in WOCHENTAGE]
        von, bis = form.get(f"von-{nummer}", ""), form.get(f"bis-{nummer}", "")
        arten = [art for art in form.getlist(f"arten-{nummer}") if art in ARTEN]
        zeilen.append({"tage": tage, "von": von[:5], "bis": bis[:5], "arten": arten})
        if not tage:
            continue
        if not UHRZEIT.match(von) or not UHRZEIT.match(bis) or bis <= von:
            felder[f"von-{nummer}"] = "uhrzeit_ende_vor_beginn"
            continue
        regeln.append({"tage": tage, "von": von, "bis": bis, "arten": arten or ["vor_ort"]})
    if felder:
        return _sprechzeitenseite(
            ctx, zugang, Formfehler(berater_id, "sprechzeiten", felder, zeilen)
        )
    rufen(ctx, "sprechzeiten_setzen", berater_id=berater_id, sprechzeiten=regeln)
    return Weiterleitung(f"{STELLE}?hinweis=sprechzeiten")


def eintrag(ctx: RequestContext) -> Seite:
    return _eintragsseite(ctx, _zugang(ctx))


def _eintragsseite(
    ctx: RequestContext,
    zugang: dict[str, Any],
    felder: dict[str, str] | None = None,
    status: int = 200,
    angebot_fehler: dict[str, Any] | None = None,
) -> Seite:
    """The entry form and the offers; after a refusal of either, the form with what was typed
    and each message at its field."""
    stelle = _stelle(ctx, zugang)
    fernzugang = stelle.get("fernzugang") if isinstance(stelle.get("fernzugang"), dict) else {}
    werte = {
        "name": stelle["name"],
        "traeger": stelle["traeger"] or "",
        "strasse": stelle["adresse"]["strasse"] or "",
        "plz": stelle["adresse"]["plz"] or "",
        "ort": stelle["adresse"]["ort"] or "",
        "telefon": stelle["kontakt"]["telefon"] or "",
        "email": stelle["kontakt"]["email"] or "",
        "website": stelle["kontakt"]["website"] or "",
        "sprachen": ", ".join(stelle["sprachen"]),
        "beschreibung": stelle["beschreibung"] or "",
        **{f"zugang_{weg}": fernzugang.get(weg) or "" for weg in ZUGANG_WEGE},
    }
    meldungen: dict[str, str] = {}
    if felder is not None:
        werte.update({name: ctx.request.form.get(name, "") for name in werte})
        for feld, code in felder.items():
            name = EINTRAGSFELD.get(feld, feld.rpartition(".")[2])
            meldungen.setdefault(name if name in werte else "", _meldung(ctx, code))
    return Seite(
        "stelle_eintrag.html",
        {
            "stelle": stelle,
            "werte": werte,
            "fehler": meldungen,
            "themen": [(code, ctx._(THEMEN_TEXTE[code])) for code in THEMEN],
            "arten": [(code, ctx._(ARTEN_TEXTE[code])) for code in ARTEN],
            "angebote": _angebote(ctx, stelle, angebot_fehler),
            "angebot_fehler": angebot_fehler is not None,
            "hinweis": ctx._(HINWEISE["eintrag"]) if "hinweis" in ctx.request.args else None,
        },
        status,
    )


def eintrag_speichern(ctx: RequestContext) -> Seite | Weiterleitung:
    zugang = _zugang(ctx)
    try:
        daten = laden(EINTRAG, dict(ctx.request.form.items()))
    except EingabeUngueltig as error:
        return _eintragsseite(ctx, zugang, error.felder, 422)
    form = ctx.request.form
    aenderung = {
        "name": daten["name"],
        "traeger": daten.get("traeger") or None,
        "beschreibung": daten.get("beschreibung") or None,
        "sprachen": [s.strip() for s in daten.get("sprachen", "").split(",") if s.strip()],
        "barrierefrei": "barrierefrei" in form,
        "anonym_moeglich": "anonym_moeglich" in form,
        "adresse": {name: daten.get(name) or None for name in ("strasse", "plz", "ort")},
        "kontakt": {name: daten.get(name) or None for name in ("telefon", "email", "website")},
        "fernzugang": {weg: daten.get(f"zugang_{weg}") or None for weg in ZUGANG_WEGE},
    }
    try:
        rufen(ctx, "stelle_aendern", daten=aenderung)
    except EingabeUngueltig as error:
        return _eintragsseite(ctx, zugang, error.felder, 422)
    return Weiterleitung(f"{STELLE}/eintrag?hinweis=eintrag")


def angebot_speichern(ctx: RequestContext) -> Seite | Weiterleitung:
    zugang = _zugang(ctx)
    form = ctx.request.form
    arten = [art for art in form.getlist("arten") if art in ARTEN]
    try:
        daten = laden(ANGEBOT, dict(form.items()))
        if not arten:
            raise EingabeUngueltig({"arten": "pflichtfeld"})
    except EingabeUngueltig as error:
        eingaben = {
            "id": form.get("id", ""),
            "thema": form.get("thema", ""),
            "arten": arten,
            "dauer_minuten": form.get("dauer_minuten", ""),
        }
        abgelehnt = {"eingaben": eingaben, "felder": error.felder}
        return _eintragsseite(ctx, zugang, status=422, angebot_fehler=abgelehnt)
    angebot = {"thema": daten["thema"], "arten": arten, "dauer_minuten": daten["dauer_minuten"]}
    if daten.get("id"):
        angebot["id"] = daten["id"]
    rufen(ctx, "angebot_speichern", daten=angebot)
    return Weiterleitung(f"{STELLE}/eintrag?hinweis=eintrag")


def _angebote(
    ctx: RequestContext, stelle: dict[str, Any], fehler: dict[str, Any] | None
) -> list[dict[str, Any]]:
    """The centre's offers and an empty one to add; a refused one as it was typed, with its
    messages (by field) in the page's language."""
    angebote = [
        *stelle.get("angebote", []),
        {"id": "", "thema": "", "arten": [], "dauer_minuten": 45},
    ]
    if fehler is None:
        return angebote
    eingaben = fehler["eingaben"]
    meldungen = {feld: _meldung(ctx, code) for feld, code in fehler["felder"].items()}
    ziel = next((a for a in angebote if a.get("id") == eingaben["id"]), angebote[-1])
    abgelehnt = {**ziel, **eingaben, "id": ziel.get("id", ""), "fehler": meldungen}
    return [abgelehnt if angebot is ziel else angebot for angebot in angebote]


# helpers -------------------------------------------------------------------------------------


def _meldung(ctx: RequestContext, code: str) -> str:
    """A field's message in the page's language (an unknown code: "please check")."""
    return ctx._(FELDMELDUNGEN.get(code, FELDMELDUNGEN["angabe_ungueltig"]))


def _zugang(ctx: RequestContext) -> dict[str, Any]:
    """The centre the logged-in person works for; none: 403 as the service words it."""
    ctx.anmeldung_erforderlich()
    zugang = rufen(ctx, "mein_zugang")
    if not zugang:
        raise KeinZugang()
    return zugang


def _stelle(ctx: RequestContext, zugang: dict[str, Any]) -> dict[str, Any]:
    return vollstaendig(rufen(ctx, "beratungsstelle", id=zugang["beratungsstelle_id"]))


def _nach_tagen(ctx: RequestContext, buchungen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    tage: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for buchung in sorted(buchungen, key=lambda b: b["beginn"]):
        tag = datetime.fromisoformat(buchung["beginn"]).astimezone(ZEITZONE).date()
        eintrag = tage.setdefault(tag.isoformat(), {"text": _tag_text(ctx, tag), "buchungen": []})
        eintrag["buchungen"].append(_buchung(ctx, buchung))
    return list(tage.values())


def _buchung(ctx: RequestContext, buchung: dict[str, Any]) -> dict[str, Any]:
    kontakt = buchung.get("kontakt") if isinstance(buchung.get("kontakt"), dict) else {}
    return {
        "anliegen": None,
        "berater_name": "",
        **buchung,
        "kontakt": {"telefon": None, "email": None, **kontakt},
        "zeit_text": _zeit(ctx, buchung.get("beginn")),
        "uhrzeit": _uhrzeit(ctx, buchung["beginn"]) if buchung.get("beginn") else "",
        "art_text": ctx._(ARTEN_TEXTE.get(buchung.get("art"), buchung.get("art") or "")),
        "status_text": ctx._(STATUS_TEXTE.get(buchung.get("status"), buchung.get("status") or "")),
        "offen": buchung.get("status") == "gebucht",
        "zugang_url": _https_oder_nichts(buchung.get("zugang_url")),
    }


def _datum_text(ctx: RequestContext, wert: Any) -> str:
    if not isinstance(wert, str):
        return ""
    try:
        tag = date.fromisoformat(wert[:10])
    except ValueError:
        return wert
    return format_date(tag, "medium", locale=BABEL_LOCALE[ctx.sprache.code])


def _tag_text(ctx: RequestContext, tag: date) -> str:
    return format_date(tag, "full", locale=BABEL_LOCALE[ctx.sprache.code])


def _wochenlink(montag: date) -> str:
    return f"{STELLE}?{urlencode({'woche': montag.isoformat()})}"


def _montag(tag: date) -> date:
    return tag - timedelta(days=tag.weekday())


def _zurueck(ctx: RequestContext, hinweis: str) -> str:
    parameter = {"hinweis": hinweis}
    woche = ctx.request.form.get("woche")
    if woche:
        with contextlib.suppress(ValueError):
            parameter["woche"] = date.fromisoformat(woche).isoformat()
    return f"{STELLE}?{urlencode(parameter)}"


def _args(ctx: RequestContext) -> dict[str, str]:
    return {name: wert for name, wert in ctx.request.args.items() if wert != ""}


def _liste(antwort: Any, schluessel: str) -> list[dict[str, Any]]:
    if isinstance(antwort, dict):
        return list(antwort.get(schluessel) or [])
    return list(antwort or [])
