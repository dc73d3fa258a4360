"""Pages of the mailbox (issue 13): the threads (current and archived), one thread, one message
(a Bescheid with the day it counts as notified and the deadline to object, and why a reply is
no Widerspruch), a reply with files and a check-and-confirm step before it is sent, and the
consent to notices by retrieval (§ 37 Abs. 2a SGB X) as a step of its own.

Every page works without JavaScript. The postkorb service decides everything (whose mailbox,
the dates, which files are clean); its refusals are shown where they concern. The unread count
in the navigation of every page: ``UngelesenInNavigation`` (docs/adr/0106).
Routes: gateway.service.GatewayService; the API: gateway.web.postkorb_api.
"""

from __future__ import annotations

import base64
import time
from datetime import date, datetime
from typing import Any

import structlog
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal
from marshmallow import ValidationError
from nameko.exceptions import RemoteError
from werkzeug.wrappers import Response

from gateway.fehler import (
    FELDMELDUNGEN,
    AnlagenZuGross,
    AntwortAnlagenAbgelehnt,
    EingabeUngueltig,
    EinwilligungstextVeraltet,
    einordnen,
)
from gateway.i18n import N_
from gateway.web import bewahren
from gateway.web import postkorb_api as api
from gateway.web.antworten import Seite, Weiterleitung
from gateway.web.api_schemas import _email
from gateway.web.kontext import RequestContext
from gateway.web.vorlagen import BABEL_LOCALE, ZEITZONE

log = structlog.get_logger("gateway.postkorb")

POSTFACH = "/postfach"
ABSENDER_TEXTE = {
    "jobcenter": N_("Jobcenter"),
    "person": N_("Sie"),
    "system": N_("Sozialplattform"),
}
ART_TEXTE = {
    "information": N_("Information"),
    "aufforderung": N_("Aufforderung"),
    "anhoerung": N_("Anhörung"),
    "bescheid": N_("Bescheid"),
    "antwort": N_("Ihre Antwort"),
    "eingereicht": N_("Antrag eingereicht"),
    "zugestellt": N_("Antrag beim Jobcenter angekommen"),
    "zustellung_fehlgeschlagen": N_("Antrag nicht angekommen"),
    "termin_gebucht": N_("Termin gebucht"),
    "termin_verschoben": N_("Termin verschoben"),
    "termin_storniert": N_("Termin abgesagt"),
    "bereitstellung_beendet": N_("Bescheid nicht abgerufen"),
}
# A system message's text in the page's language: the service words it in German (its answer is
# shown as it is on German pages); the kind and its systemdaten say which text it is.
SYSTEM_TEXTE = {
    "eingereicht": N_(
        "Sie haben Ihren Antrag eingereicht. Wir schicken ihn an Ihr Jobcenter und sagen Ihnen "
        "hier, wenn er angekommen ist."
    ),
    "eingereicht_kurz": N_(
        "Sie haben Ihren Kurzantrag eingereicht. Wir schicken ihn an Ihr Jobcenter und sagen "
        "Ihnen hier, wenn er angekommen ist."
    ),
    "zugestellt": N_(
        "Ihr Antrag ist beim Jobcenter angekommen. Das Jobcenter meldet sich bei Ihnen, hier im "
        "Postfach oder mit der Post."
    ),
    "zustellung_fehlgeschlagen": N_(
        "Ihr Antrag konnte dem Jobcenter nicht zugestellt werden. Wir versuchen es erneut. Sie "
        "müssen nichts tun; wir sagen Ihnen hier, wenn der Antrag angekommen ist."
    ),
    "zustellung_fehlgeschlagen_endgueltig": N_(
        "Ihr Antrag konnte dem Jobcenter nicht zugestellt werden. Bitte stellen Sie Ihren Antrag "
        "direkt beim Jobcenter: persönlich, mit der Post oder auf dem Weg, den das Jobcenter "
        "anbietet. Ihr Antrag hier bleibt gespeichert."
    ),
    "termin_gebucht": N_("Ihr Beratungstermin ist gebucht."),
    "termin_verschoben": N_("Ihr Beratungstermin hat eine neue Zeit."),
    "termin_storniert": N_("Ihr Beratungstermin ist abgesagt."),
    "bereitstellung_beendet": N_(
        "Sie haben einen Bescheid nicht innerhalb von 10 Tagen geöffnet. Er gilt deshalb nicht "
        "als elektronisch bekannt gegeben. Das Jobcenter schickt ihn Ihnen auf anderem Weg. Sie "
        "können ihn hier trotzdem lesen."
    ),
}
# The service's German thread titles, in the page's language (a Jobcenter's own subject stays).
THREAD_TITEL = {
    "Ihr Antrag": N_("Ihr Antrag"),
    "Ihr Beratungstermin": N_("Ihr Beratungstermin"),
}
THREAD_TITEL_MIT_LEISTUNG = {
    "Antrag auf ": N_("Antrag auf %(leistung)s"),
    "Kurzantrag auf ": N_("Kurzantrag auf %(leistung)s"),
}
ZUSTELL_TEXTE = {
    "gesendet": N_("Gesendet, noch nicht beim Jobcenter angekommen"),
    "zugestellt": N_("Beim Jobcenter angekommen"),
    "fehlgeschlagen": N_("Nicht angekommen. Was jetzt passiert, steht in der Nachricht."),
}
# a reply whose delivery failed: for good, or tried again by the platform
ENDGUELTIG_TEXTE = {
    True: N_(
        "Nicht angekommen. Wir versuchen es nicht weiter. Bitte schicken Sie Ihre Antwort noch "
        "einmal oder wenden Sie sich direkt an Ihr Jobcenter."
    ),
    False: N_("Noch nicht angekommen. Wir versuchen es automatisch noch einmal."),
}
PRUEFUNG_TEXTE = {
    "beim_abruf": N_("wird beim Herunterladen auf Viren geprüft"),
    "ausstehend": N_("wird noch auf Viren geprüft"),
    "sauber": N_("geprüft, ohne Befund"),
    "infiziert": N_("enthält Schadcode, gesperrt"),
    "zu_gross": N_("zu groß zum Prüfen, gesperrt"),
    "pruefung_fehlgeschlagen": N_("Prüfung fehlgeschlagen, gesperrt"),
}
# What a page says after a redirect (?hinweis=...): fixed texts, never input.
HINWEISE = {
    "gesendet": N_(
        "Ihre Antwort ist gesendet. Hier sehen Sie, wann sie beim Jobcenter angekommen ist."
    ),
    "archiviert": N_("Die Unterhaltung ist im Archiv."),
    "zurueckgeholt": N_("Die Unterhaltung ist wieder im Postfach."),
    "eingewilligt": N_("Ihre Einwilligung ist gespeichert."),
    "widerrufen": N_("Ihre Einwilligung ist widerrufen. Das gilt ab jetzt."),
    "uebernommen": N_(
        "Sie sind wieder angemeldet. Ihre Antwort von vorhin ist noch da. Gesendet ist sie noch "
        "nicht."
    ),
}


# the unread count in the navigation ---------------------------------------------------------


class UngelesenInNavigation:
    """The number of unread messages beside "Postfach" on every page once logged in: one
    cheap RPC (``postkorb.ungelesen``) with a short time-out. It never makes a page fail:
    when postkorb does not answer, the page shows without the count, and for ``pause``
    seconds no page asks again, so a service that is down costs one short wait, not one per
    page (docs/adr/0106)."""

    def __init__(self, zeitlimit: float = 0.5, pause: float = 30.0) -> None:
        self.zeitlimit = zeitlimit
        self.pause = pause
        self.gestoert_bis = 0.0

    def __call__(self, ctx: RequestContext) -> int | None:
        if not ctx.angemeldet or time.monotonic() < self.gestoert_bis:
            return None
        try:
            anzahl = ctx.dienste.mit_zeitlimit(self.zeitlimit).postkorb.ungelesen()
        except Exception as error:  # noqa: BLE001 - the page shows without the count
            self.gestoert_bis = time.monotonic() + self.pause
            log.warning("postfach_zaehler_fehlt", fehler=type(error).__name__)
            return None
        return anzahl if isinstance(anzahl, int) and anzahl >= 0 else None


NAVIGATION = UngelesenInNavigation()


# the mailbox --------------------------------------------------------------------------------


def postfach(ctx: RequestContext) -> Seite:
    ctx.anmeldung_erforderlich()
    archiv = ctx.request.args.get("archiv") == "1"
    antwort = api.postfach(ctx.dienste.postkorb.postfach(archiv=archiv), alle=True)
    einwilligung = ctx.dienste.postkorb.einwilligung()
    threads = [
        {
            **t,
            "betreff": _thread_titel(ctx, t["betreff"]),
            "zeit": _zeit(ctx, t["letzte_nachricht_am"]),
        }
        for t in antwort["threads"]
    ]
    return Seite(
        "postkorb.html",
        {
            "threads": threads,
            "archiv": archiv,
            "einwilligung": einwilligung,
            "hinweis": _hinweis(ctx),
            # the count just read, so the navigation does not ask again
            "postfach_ungelesen": lambda: antwort["ungelesen"],
        },
    )


def zum_postfach(ctx: RequestContext) -> Weiterleitung:
    """/postkorb, the link of the notification mail (SOZ_POSTKORB_PORTAL_URL), leads here."""
    return Weiterleitung(POSTFACH)


def thread(ctx: RequestContext, thread_id: str) -> Seite:
    ctx.anmeldung_erforderlich()
    daten = _thread(ctx, thread_id)
    return Seite("postkorb_thread.html", {"thread": daten, "hinweis": _hinweis(ctx)})


def archivieren(ctx: RequestContext, thread_id: str) -> Weiterleitung:
    ctx.anmeldung_erforderlich()
    archiviert = ctx.request.form.get("archiviert") == "1"
    ctx.dienste.postkorb.archivieren(thread_id=api.kennung(thread_id), archiviert=archiviert)
    if archiviert:
        return Weiterleitung(f"{POSTFACH}?hinweis=archiviert")
    return Weiterleitung(f"{POSTFACH}/threads/{thread_id}?hinweis=zurueckgeholt")


def nachricht(ctx: RequestContext, nachricht_id: str) -> Seite:
    """Opening the page is the retrieval (recorded by the service the first time, with how
    the person logged in)."""
    roh = api.abrufen(ctx, nachricht_id)
    daten = api.nachricht(roh, alle=True)
    text = _systemtext(ctx, daten, roh.get("systemdaten")) or daten["text"]
    werte = {
        "nachricht": {
            **daten,
            "betreff": _betreff(ctx, daten),
            "zeit": _zeit(ctx, daten["am"]),
            "von": ctx._(ABSENDER_TEXTE.get(daten["absender"], ABSENDER_TEXTE["system"])),
            "art_text": ctx._(ART_TEXTE.get(daten["art"], ART_TEXTE["information"])),
            "absaetze": [a for a in text.replace("\r\n", "\n").split("\n\n") if a],
            "bekanntgabe_text": _datum(ctx, daten.get("bekanntgabe_am")),
            "widerspruch_bis": _datum(ctx, daten.get("frist_ende")),
            "frist_text": _datum(ctx, daten.get("frist")),
            "nachweis": _nachweis(ctx, daten.get("bekanntgabe")),
            "zustell_text": _zustell_text(ctx, daten),
            "anlagen": [_anlage(ctx, a) for a in daten["anlagen"]],
        },
        "basis": f"{POSTFACH}/nachrichten/{daten['id']}",
    }
    return Seite("postkorb_nachricht.html", werte)


def nachricht_pdf(ctx: RequestContext, nachricht_id: str) -> Response:
    api.abrufen(ctx, nachricht_id)
    datei = ctx.dienste.postkorb.nachricht_pdf(nachricht_id=api.kennung(nachricht_id))
    return api.herunterladen(datei["inhalt"], datei["dateiname"], "application/pdf")


def anlage(ctx: RequestContext, nachricht_id: str, anlage_id: str) -> Response:
    api.abrufen(ctx, nachricht_id)
    datei = ctx.dienste.postkorb.anlage(
        nachricht_id=api.kennung(nachricht_id), anlage_id=api.kennung(anlage_id)
    )
    return api.herunterladen(datei["inhalt"], datei["dateiname"], datei.get("medientyp"))


# a reply: write, check, confirm -------------------------------------------------------------


def antwort_formular(ctx: RequestContext, thread_id: str) -> Seite:
    """The form; after a login, what was sent when the session had ended (docs/adr/0080):
    the check page of that reply, or the form with its text."""
    ctx.anmeldung_erforderlich()
    daten = _thread(ctx, thread_id)
    bewahrt = bewahren.uebernehmen(ctx)
    if bewahrt is None:
        return _antwort_seite(ctx, daten, "")
    felder = dict(bewahrt.felder)
    text = felder.get("text", "")
    hinweis = ctx._(HINWEISE["uebernommen"])
    if felder.get("aktion") == "aendern":
        return _antwort_seite(ctx, daten, text, hinweis=hinweis)
    dateien = [
        {"dateiname": d.name, "inhalt": base64.b64encode(d.inhalt).decode()}
        for d in bewahrt.dateien
    ]
    return _entwurf_seite(ctx, daten, text, dateien, hinweis)


def antwort_pruefen(ctx: RequestContext, thread_id: str) -> Seite:
    """The reply's text and files become a draft (the service checks and scans the files);
    the page shows what would be sent and asks to confirm. A file that is not clean is named
    with why, and nothing can be sent until it is gone. ``aktion=aendern`` goes back to the
    form with the text (files must be chosen again). Files over the upload limit are left
    out and said so, the text kept (pforte, docs/adr/0080)."""
    ctx.anmeldung_erforderlich()
    daten = _thread(ctx, thread_id)
    text = ctx.request.form.get("text", "")
    if ctx.request.form.get("aktion") == "aendern":
        return _antwort_seite(ctx, daten, text)
    if ctx.dateien_zu_gross:
        return _antwort_seite(ctx, daten, text, _fehler(ctx, AnlagenZuGross(), "dateien"))
    try:
        _, dateien = api.antwort_lesen(ctx)
    except EingabeUngueltig as error:
        feld = "text" if "text" in error.felder else "dateien"
        return _antwort_seite(ctx, daten, text, _fehler(ctx, error, feld))
    return _entwurf_seite(ctx, daten, text, dateien)


def _entwurf_seite(
    ctx: RequestContext,
    daten: dict[str, Any],
    text: str,
    dateien: list[dict[str, str]],
    hinweis: str | None = None,
) -> Seite:
    try:
        text = api.text_pruefen(text)
        postkorb = ctx.dienste.mit_zeitlimit(ctx.settings.anlage_rpc_timeout).postkorb
        entwurf = api.entwerfen(postkorb, daten["id"], text, dateien)
    except (EingabeUngueltig, RemoteError) as error:
        if isinstance(error, RemoteError) and einordnen(error).status != 422:
            raise
        feld = "text" if isinstance(error, EingabeUngueltig) and "text" in error.felder else None
        fehler = _fehler(ctx, error, feld or "dateien")
        return _antwort_seite(ctx, daten, text, fehler, hinweis=hinweis)
    anlagen = [_anlage(ctx, a) for a in entwurf["anlagen"]]
    abgelehnt = [a for a in anlagen if a["pruefung"] != "sauber"]
    fehler = None
    if abgelehnt:
        fehler = _fehler(
            ctx,
            AntwortAnlagenAbgelehnt(
                [{"dateiname": a["dateiname"], "pruefung": a["pruefung"]} for a in abgelehnt]
            ),
            "dateien",
        )
    werte = {
        "thread": daten,
        "entwurf": {**entwurf, "anlagen": anlagen},
        "text": entwurf.get("text", text),
        "fehler": fehler,
        "hinweis": hinweis,
        "widerspruch_hinweis": entwurf.get("widerspruch_hinweis") or daten["hat_bescheid"],
        "max_mb": _max_mb(ctx),
    }
    return Seite("postkorb_antwort_pruefen.html", werte, 422 if fehler else 200)


# the reply's form takes files: the upload limit applies to it (pforte), and what is sent
# after the session expired is kept for the login (gateway.web.bewahren)
antwort_pruefen.dateien_hochladen = True  # type: ignore[attr-defined]
antwort_pruefen.eingaben_bewahren = True  # type: ignore[attr-defined]


def antwort_absenden(ctx: RequestContext, thread_id: str, entwurf_id: str) -> Weiterleitung | Seite:
    """The confirmed draft goes out (PostkorbAntwortVerfasst, then the xta-gateway, once).
    The service refuses a draft whose files are not all clean (AnlageNichtSauber)."""
    ctx.anmeldung_erforderlich()
    api.kennung(thread_id)
    try:
        ctx.dienste.postkorb.antwort_senden(entwurf_id=api.kennung(entwurf_id))
    except RemoteError as error:
        if einordnen(error).status != 422:
            raise
        daten = _thread(ctx, thread_id)
        return _antwort_seite(ctx, daten, "", _fehler(ctx, error, "dateien"))
    return Weiterleitung(f"{POSTFACH}/threads/{thread_id}?hinweis=gesendet")


# consent to notices by retrieval ------------------------------------------------------------


def einwilligung(ctx: RequestContext) -> Seite:
    ctx.anmeldung_erforderlich()
    return _einwilligung_seite(ctx, ctx.dienste.postkorb.einwilligung())


def einwilligung_setzen(ctx: RequestContext) -> Seite | Weiterleitung:
    """``aktion=erteilen`` needs the box ticked (its own explicit step) and takes the address
    for the notice mail; ``aktion=widerrufen`` ends it for the future."""
    ctx.anmeldung_erforderlich()
    form = ctx.request.form
    stand = ctx.dienste.postkorb.einwilligung()
    aktuell = stand["aktuelle_textversion"]
    if form.get("aktion") == "widerrufen":
        ctx.dienste.postkorb.einwilligung_setzen(erteilt=False, textversion=aktuell)
        return Weiterleitung(f"{POSTFACH}/einwilligung?hinweis=widerrufen")
    email = form.get("benachrichtigung_email", "").strip()
    felder = {}
    if form.get("einverstanden") != "ja":
        felder["einverstanden"] = "einwilligung_fehlt"
    if email:
        try:
            _email(email)
        except ValidationError as error:
            felder["benachrichtigung_email"] = str(error.messages[0])
    elif not stand.get("benachrichtigung_email"):
        felder["benachrichtigung_email"] = "pflichtfeld"  # the notice needs a mail (§ 37 Abs. 2a)
    if form.get("textversion") != aktuell or aktuell not in api.EINWILLIGUNGSTEXTE:
        return _einwilligung_seite(ctx, stand, _fehler(ctx, EinwilligungstextVeraltet()), email)
    if felder:
        return _einwilligung_seite(ctx, stand, _fehler(ctx, EingabeUngueltig(felder)), email)
    adresse = {"benachrichtigung_email": email} if email else {}  # none typed: the one kept
    try:
        api.feldfehler_uebersetzen(
            lambda: ctx.dienste.postkorb.einwilligung_setzen(
                erteilt=True, textversion=aktuell, **adresse
            )
        )
    except EingabeUngueltig as error:
        return _einwilligung_seite(ctx, stand, _fehler(ctx, error), email)
    return Weiterleitung(f"{POSTFACH}/einwilligung?hinweis=eingewilligt")


# helpers ------------------------------------------------------------------------------------


def _thread(ctx: RequestContext, thread_id: str) -> dict[str, Any]:
    daten = api.thread(ctx.dienste.postkorb.thread(thread_id=api.kennung(thread_id)), alle=True)
    nachrichten = [
        {
            **n,
            "zeit": _zeit(ctx, n["am"]),
            "von": ctx._(ABSENDER_TEXTE.get(n["absender"], ABSENDER_TEXTE["system"])),
            "art_text": ctx._(ART_TEXTE.get(n["art"], ART_TEXTE["information"])),
            "betreff": _betreff(ctx, n),
            "zustell_text": ctx._(ZUSTELL_TEXTE[n["zustellstatus"]])
            if n.get("zustellstatus") in ZUSTELL_TEXTE
            else None,
        }
        for n in daten["nachrichten"]
    ]
    return {
        **daten,
        "betreff": _thread_titel(ctx, daten["betreff"]),
        "nachrichten": nachrichten,
        "hat_bescheid": any(n["art"] == "bescheid" for n in nachrichten),
        "antwort_moeglich": daten["antwort_moeglich"] is not False,
        "basis": f"{POSTFACH}/threads/{daten['id']}",
    }


def _antwort_seite(
    ctx: RequestContext,
    daten: dict[str, Any],
    text: str,
    fehler: dict | None = None,
    hinweis: str | None = None,
) -> Seite:
    werte = {
        "thread": daten,
        "text": text,
        "fehler": fehler,
        "hinweis": hinweis,
        "widerspruch_hinweis": daten["hat_bescheid"],
        "max_mb": _max_mb(ctx),
    }
    return Seite("postkorb_antwort.html", werte, 422 if fehler else 200)


def _einwilligung_seite(
    ctx: RequestContext, stand: dict[str, Any], fehler: dict | None = None, email: str = ""
) -> Seite:
    werte = {
        "stand": {
            **stand,
            "erteilt_text": _zeit(ctx, stand["erteilt_am"]) if stand.get("erteilt_am") else None,
            "widerrufen_text": _zeit(ctx, stand["widerrufen_am"])
            if stand.get("widerrufen_am")
            else None,
        },
        "text": api.einwilligung(ctx, stand)["text"],
        "textversion": stand["aktuelle_textversion"],
        "email": email or stand.get("benachrichtigung_email") or "",
        "fehler": fehler,
        "hinweis": _hinweis(ctx),
    }
    return Seite("postkorb_einwilligung.html", werte, 422 if fehler else 200)


def _nachweis(ctx: RequestContext, bekanntgabe: dict[str, Any] | None) -> list[tuple[str, str]]:
    """The dates that prove the notice, as label and value (the same the Jobcenter has)."""
    if not bekanntgabe:
        return []
    zeilen = [
        (N_("Bereitgestellt"), bekanntgabe.get("bereitgestellt_am")),
        (N_("Benachrichtigung gesendet"), bekanntgabe.get("benachrichtigt_am")),
        (N_("Zum ersten Mal geöffnet"), bekanntgabe.get("erstmals_abgerufen_am")),
        (N_("Bereitstellung beendet"), bekanntgabe.get("beendet_am")),
    ]
    return [(ctx._(name), _zeit(ctx, wert)) for name, wert in zeilen if wert]


def _anlage(ctx: RequestContext, anlage: dict[str, Any]) -> dict[str, Any]:
    locale = BABEL_LOCALE[ctx.sprache.code]
    kilobyte = max(1, round(anlage.get("groesse", 0) / 1024))
    return {
        **anlage,
        "groesse_text": f"{format_decimal(kilobyte, locale=locale)} KB",
        "pruefung_text": ctx._(
            PRUEFUNG_TEXTE.get(anlage["pruefung"], PRUEFUNG_TEXTE["ausstehend"])
        ),
    }


def _fehler(ctx: RequestContext, error: Exception, feld_id: str | None = None) -> dict[str, Any]:
    """The error summary and the message at each field (link to it)."""
    art = einordnen(error)
    felder: dict[str, dict[str, str]] = {}
    if isinstance(error, AntwortAnlagenAbgelehnt):
        for nummer, datei in enumerate(error.details["dateien"]):
            code = f"anlage_{datei['pruefung']}"
            meldung = ctx._(FELDMELDUNGEN.get(code, FELDMELDUNGEN["anlage_ungueltig"]))
            felder[f"dateien.{nummer}"] = {
                "meldung": f"{datei['dateiname']}: {meldung}",
                "href": f"#{feld_id or 'dateien'}",
            }
    elif isinstance(error, EingabeUngueltig):
        for feld, code in error.felder.items():
            meldung = ctx._(FELDMELDUNGEN.get(code, FELDMELDUNGEN["pflichtfeld"]))
            felder[feld] = {"meldung": meldung, "href": f"#{feld}"}
    elif feld_id:
        felder[feld_id] = {"meldung": ctx._(art.detail), "href": f"#{feld_id}"}
    return {
        "titel": ctx._(art.titel),
        "detail": ctx._(art.detail),
        "felder": felder,
        "dateifehler": [e["meldung"] for f, e in felder.items() if f.startswith("dateien")],
    }


def _zustell_text(ctx: RequestContext, nachricht: dict[str, Any]) -> str | None:
    """A reply's delivery, and for a failed one whether it is tried again."""
    status = nachricht.get("zustellstatus")
    if status == "fehlgeschlagen":
        return ctx._(ENDGUELTIG_TEXTE[bool(nachricht.get("endgueltig"))])
    return ctx._(ZUSTELL_TEXTE[status]) if status in ZUSTELL_TEXTE else None


def _betreff(ctx: RequestContext, nachricht: dict[str, Any]) -> str:
    """A system message's subject in the page's language (the service words it in German)."""
    if nachricht["absender"] == "system" and nachricht["art"] in ART_TEXTE:
        return ctx._(ART_TEXTE[nachricht["art"]])
    return nachricht["betreff"]


def _systemtext(
    ctx: RequestContext, nachricht: dict[str, Any], systemdaten: dict[str, Any] | None
) -> str | None:
    """A system message's text in the page's language; None: the service's text (German
    pages, and any message that is not the platform's own)."""
    if ctx.sprache.code == "de" or nachricht["absender"] != "system":
        return None
    daten = systemdaten or {}
    schluessel = nachricht["art"]
    if schluessel == "eingereicht" and daten.get("kurzantrag"):
        schluessel = "eingereicht_kurz"
    elif schluessel == "zustellung_fehlgeschlagen" and daten.get("endgueltig"):
        schluessel = "zustellung_fehlgeschlagen_endgueltig"
    text = SYSTEM_TEXTE.get(schluessel)
    return ctx._(text) if text else None


def _thread_titel(ctx: RequestContext, betreff: str | None) -> str | None:
    if not betreff or ctx.sprache.code == "de":
        return betreff
    if betreff in THREAD_TITEL:
        return ctx._(THREAD_TITEL[betreff])
    for anfang, vorlage in THREAD_TITEL_MIT_LEISTUNG.items():
        if betreff.startswith(anfang):
            return ctx._(vorlage, leistung=betreff.removeprefix(anfang))
    return betreff


def _hinweis(ctx: RequestContext) -> str | None:
    hinweis = HINWEISE.get(ctx.request.args.get("hinweis", ""))
    return ctx._(hinweis) if hinweis else None


def _max_mb(ctx: RequestContext) -> int:
    return round(ctx.settings.anlage_max_bytes / (1024 * 1024))


def _zeit(ctx: RequestContext, zeitpunkt: str) -> str:
    moment = datetime.fromisoformat(zeitpunkt.replace("Z", "+00:00"))
    locale = BABEL_LOCALE[ctx.sprache.code]
    return format_datetime(moment, "dd.MM.yyyy, HH:mm", tzinfo=ZEITZONE, locale=locale)


def _datum(ctx: RequestContext, tag: str | None) -> str | None:
    if not tag:
        return None
    locale = BABEL_LOCALE[ctx.sprache.code]
    return format_date(date.fromisoformat(tag[:10]), "long", locale=locale)
