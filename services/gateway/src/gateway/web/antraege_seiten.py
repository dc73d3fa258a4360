"""Pages of the online application (issue 5): choose a benefit and the place of residence, one
page per section, attachments per section, a summary to check, submit or the short filing,
the receipt, and "my applications" with each one's status timeline. When the place of residence
leaves the Jobcenter open, the application's page asks for the Gemeinde.

Every page works without JavaScript: forms post back and redirect (303); a repeating group
gets and loses entries through submit buttons; questions that depend on an answer appear once
it is saved (gateway.web.formularansicht). The antrag service decides everything; its refusals
are shown at the fields they concern. Routes: gateway.service.GatewayService.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlencode

from babel.dates import format_date, format_datetime
from nameko.exceptions import RemoteError
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from contracts.common import Leistung
from gateway.fehler import (
    FELDMELDUNGEN,
    AnlagenZuGross,
    EingabeUngueltig,
    NichtGefunden,
    einordnen,
    remote_inhalt,
)
from gateway.i18n import N_
from gateway.web import bewahren
from gateway.web import formularansicht as ansicht
from gateway.web.antraege_api import anlagen_lesen, jobcenter_auskunft, quittung_antwort
from gateway.web.antworten import Seite, Weiterleitung
from gateway.web.kontext import RequestContext
from gateway.web.vorlagen import BABEL_LOCALE, ZEITZONE
from gateway.web.wohnort_vorab import KANAL_DIGITAL, angebunden, wahlwert, zustaendigkeit_vorab

ANTRAEGE = "/antraege"
# zustaendigkeit's channels (kanal): where a Jobcenter takes applications
STATUS_TEXTE = {
    "entwurf": N_("Entwurf"),
    "eingereicht": N_("Eingereicht"),
    "zugestellt": N_("Beim Jobcenter angekommen"),
    "zustellung_fehlgeschlagen": N_("Zustellung fehlgeschlagen"),
    "zurueckgezogen": N_("Zurückgezogen"),
}
ZUSTAND_TEXTE = {
    "fertig": N_("vollständig"),
    "unvollstaendig": N_("unvollständig"),
    "offen": N_("noch nicht ausgefüllt"),
}
# What a page says after a redirect (?hinweis=...): fixed texts, never input.
HINWEISE = {
    "angelegt": N_("Ihr Antrag ist angelegt. Sie können ihn jetzt ausfüllen."),
    "gespeichert": N_("Ihre Angaben sind gespeichert. Sie können später weitermachen."),
    "eingereicht": N_(
        "Ihr Antrag ist eingereicht. Wir schicken ihn jetzt an Ihr Jobcenter. Ihre "
        "Eingangsbestätigung können Sie unten herunterladen."
    ),
    "kurzantrag": N_(
        "Ihr Kurzantrag ist eingereicht. Das Antragsdatum ist gesichert. Bitte füllen Sie den "
        "Antrag jetzt vollständig aus und reichen Sie ihn ein. Bis wann, steht unten."
    ),
    "zurueckgezogen": N_("Ihr Antrag ist zurückgezogen."),
    "gemeinde": N_("Ihre Gemeinde ist übernommen. Damit steht Ihr zuständiges Jobcenter fest."),
    "weitere": N_(
        "Durch Ihre Antworten gibt es weitere Fragen in diesem Abschnitt. Bitte beantworten Sie "
        "auch diese."
    ),
    "hochgeladen": N_("Ihre Datei ist hochgeladen."),
    "entfernt": N_("Die Datei ist entfernt."),
    "uebernommen": N_(
        "Sie sind wieder angemeldet. Ihre Eingaben von vorhin sind in diesem Abschnitt gespeichert."
    ),
}


@dataclass(frozen=True)
class Schritt:
    """A section in the progress list."""

    name: str
    titel: str
    zustand: str  # fertig | unvollstaendig | offen
    nummer: int


# my applications ----------------------------------------------------------------------------


def liste(ctx: RequestContext) -> Seite:
    ctx.anmeldung_erforderlich()
    antraege = ctx.dienste.antrag.meine_antraege()
    titel = {
        leistung: _formular(ctx, leistung)["titel"]
        for leistung in {a["leistung"] for a in antraege}
    }
    eintraege = [
        {
            **antrag,
            "titel": titel[antrag["leistung"]],
            "status_text": _status(ctx, antrag["status"]),
            "fristen": _fristen(ctx, antrag["fristen"]),
        }
        | {"angelegt": _zeit(ctx, antrag["angelegt_am"])}
        for antrag in antraege
    ]
    return Seite("antrag_liste.html", {"antraege": eintraege})


def neu_formular(ctx: RequestContext) -> Seite:
    ctx.anmeldung_erforderlich()
    args = ctx.request.args
    eingaben = {
        "leistung": args.get("leistung", ""),
        "plz": args.get("plz", ""),
        "ort": args.get("ort", ""),
    }
    return _neu_seite(ctx, eingaben)


def neu_anlegen(ctx: RequestContext) -> Seite | Weiterleitung:
    """The benefit and the place of residence. The draft is created only where it can be
    sent (docs/adr/0082): zustaendigkeit says first what the application's
    ZustaendigkeitErmittelt will say. A Jobcenter that takes applications here: the draft. One
    that does not: the hand-over (jobcenter.digital, or the Jobcenter itself), no draft.
    Several candidates: the person chooses the Gemeinde first, and the draft carries the
    choice. antrag still refuses to submit to a Jobcenter not connected here."""
    ctx.anmeldung_erforderlich()
    form = ctx.request.form
    eingaben = {name: form.get(name, "").strip() for name in ("leistung", "plz", "ort")}
    gewaehlt = form.get("gemeinde", "")
    wohnort = {"plz": eingaben["plz"], "ort": eingaben["ort"]}
    try:
        if eingaben["leistung"] not in {leistung.value for leistung in Leistung}:
            raise EingabeUngueltig({"leistung": "auswahl_ungueltig"})
        entscheidung = zustaendigkeit_vorab(ctx, wohnort)
        vorauswahl = None
        if entscheidung is not None and not entscheidung["eindeutig"]:
            kandidaten = entscheidung["kandidaten"]
            if not kandidaten:
                raise EingabeUngueltig({"plz": "wohnort_unbekannt"})
            if not any(angebunden(k["jobcenter"]) for k in kandidaten):
                return _uebergabe_seite(ctx, eingaben, [k["jobcenter"] for k in kandidaten])
            kandidat = next((k for k in kandidaten if wahlwert(k) == gewaehlt), None)
            if kandidat is None:
                # asked already (the page had the choice) and nothing or a stale one chosen
                gefragt = gewaehlt or form.get("gemeinde_gefragt")
                fehler = (
                    _fehler(ctx, EingabeUngueltig({"gemeinde": "auswahl_ungueltig"}))
                    if gefragt
                    else None
                )
                return _neu_seite(ctx, eingaben, fehler, kandidaten=kandidaten)
            if not angebunden(kandidat["jobcenter"]):
                return _uebergabe_seite(ctx, eingaben, [kandidat["jobcenter"]])
            vorauswahl = {"ags": kandidat["ags"], "jobcenter_id": kandidat["jobcenter"]["id"]}
        elif entscheidung is not None and not angebunden(entscheidung["jobcenter"]):
            return _uebergabe_seite(ctx, eingaben, [entscheidung["jobcenter"]])
        angelegt = ctx.dienste.antrag.anlegen(
            leistung=eingaben["leistung"], wohnort=wohnort, gemeinde=vorauswahl
        )
    except (EingabeUngueltig, RemoteError) as error:
        return _neu_seite(ctx, eingaben, _fehler(ctx, error, ohne_abschnitt=True))
    return Weiterleitung(f"{ANTRAEGE}/{angelegt['id']}?hinweis=angelegt")


def _uebergabe_seite(
    ctx: RequestContext, eingaben: dict[str, str], jobcenter: list[dict[str, Any]]
) -> Seite:
    """No draft: where to apply instead. Each Jobcenter once; a gE at jobcenter.digital, any
    other at the Jobcenter itself, whose entry on the Zuständigkeit page says how to reach it."""
    eindeutig = list({j["id"]: j for j in jobcenter}.values())
    zustaendigkeit = _zustaendigkeit_link(ctx, eingaben)
    uebergaben = [
        {
            "jobcenter": j,
            "kontakt": f"{zustaendigkeit}#jobcenter-{j['id']}",
        }
        for j in eindeutig
    ]
    werte = {
        "uebergaben": uebergaben,
        "nur_jobcenter_digital": all(j["kanal"] == KANAL_DIGITAL for j in eindeutig),
        "jobcenter_digital": next((j.get("url") for j in eindeutig if j.get("url")), None),
        "eingaben": eingaben,
    }
    return Seite("antrag_uebergabe.html", werte)


def _zustaendigkeit_link(ctx: RequestContext, eingaben: dict[str, str]) -> str:
    parameter = {name: eingaben[name] for name in ("plz", "ort") if eingaben[name]}
    return f"/zustaendigkeit?{urlencode(parameter)}" if parameter else "/zustaendigkeit"


def _neu_seite(
    ctx: RequestContext,
    eingaben: dict[str, str],
    fehler: dict | None = None,
    *,
    kandidaten: list[dict[str, Any]] | None = None,
) -> Seite:
    """The form; with ``kandidaten``, the Gemeinden to choose among before the draft."""
    leistungen = [_formular(ctx, leistung.value) for leistung in Leistung]
    werte = {
        "leistungen": leistungen,
        "eingaben": eingaben,
        "fehler": fehler,
        "kandidaten": [{**k, "wert": wahlwert(k)} for k in kandidaten or []],
    }
    return Seite("antrag_neu.html", werte, 422 if fehler else 200)


# one application ----------------------------------------------------------------------------


def uebersicht(ctx: RequestContext, antrag_id: str) -> Seite:
    antrag, formular = _laden(ctx, antrag_id)
    werte = {**_werte(ctx, antrag, formular), "fehler": None}
    return Seite(
        "antrag_uebersicht.html", {**werte, "jobcenter_auskunft": jobcenter_auskunft(ctx, antrag)}
    )


def gemeinde_waehlen(ctx: RequestContext, antrag_id: str) -> Seite | Weiterleitung:
    """The person's Gemeinde among the candidates when the place of residence left the
    Jobcenter open; a refusal (none chosen, already decided, ...) shows the page again with
    its message."""
    ctx.anmeldung_erforderlich()
    # the radio's value: "<ags>-<jobcenter id>" (antrag refuses anything not offered)
    ags, _, jobcenter_id = ctx.request.form.get("gemeinde", "").partition("-")
    try:
        ctx.dienste.antrag.gemeinde_waehlen(antrag_id=antrag_id, ags=ags, jobcenter_id=jobcenter_id)
    except RemoteError as error:
        art = einordnen(error)
        if art.status not in (409, 422):
            raise
        antrag, formular = _laden(ctx, antrag_id)
        fehler = _fehler(ctx, error, ohne_abschnitt=True, feld_id="gemeinde")
        werte = {**_werte(ctx, antrag, formular), "fehler": fehler}
        return Seite("antrag_uebersicht.html", werte, art.status)
    return Weiterleitung(f"{ANTRAEGE}/{antrag_id}?hinweis=gemeinde")


def abschnitt_formular(
    ctx: RequestContext, antrag_id: str, abschnitt: str
) -> Seite | Weiterleitung:
    antrag, formular = _laden(ctx, antrag_id)
    if not antrag["bearbeitbar"]:
        return Weiterleitung(f"{ANTRAEGE}/{antrag_id}")
    definition = _abschnitt(formular, abschnitt)
    bewahrt = bewahren.uebernehmen(ctx)
    if bewahrt is not None:  # sent after the session ended: saved now (docs/adr/0080)
        form = MultiDict(bewahrt.felder)
        dateien = [{"dateiname": d.name, "inhalt": _base64(d.inhalt)} for d in bewahrt.dateien]
        return _absenden(ctx, antrag, formular, definition, form, dateien, uebernommen=True)
    gespeichert = antrag["abschnitte"].get(abschnitt, {})
    werte = ansicht.eingabewerte(definition["felder"], gespeichert)
    if abschnitt not in antrag["abschnitte"]:  # never saved: offer what is known
        werte = ansicht.vorbelegen(definition, werte, antrag)
    return _abschnitt_seite(ctx, antrag, formular, definition, werte)


def abschnitt_speichern(
    ctx: RequestContext, antrag_id: str, abschnitt: str
) -> Seite | Weiterleitung:
    """The section's one form, answers and files together (multipart). Every button saves (a
    draft may be incomplete): next, save and leave, upload, remove a file, add or remove an
    entry of a repeating group; a file chosen is attached whichever button was pressed. A
    wrong value or a refused file shows the page again with everything typed and the message
    at its field (docs/adr/0080)."""
    antrag, formular = _laden(ctx, antrag_id)
    definition = _abschnitt(formular, abschnitt)
    dateien = [
        {"dateiname": datei.filename, "inhalt": _base64(datei.read())}
        for datei in ctx.request.files.getlist("dateien")
        if datei.filename
    ]
    return _absenden(ctx, antrag, formular, definition, ctx.request.form, dateien)


# the section's form takes files: the upload limit applies to it (pforte), and what is sent
# after the session expired is kept for the login (gateway.web.bewahren)
abschnitt_speichern.dateien_hochladen = True  # type: ignore[attr-defined]
abschnitt_speichern.eingaben_bewahren = True  # type: ignore[attr-defined]


def _absenden(
    ctx: RequestContext,
    antrag: dict[str, Any],
    formular: dict[str, Any],
    definition: dict[str, Any],
    form: MultiDict,
    dateien: list[dict[str, str]],
    *,
    uebernommen: bool = False,
) -> Seite | Weiterleitung:
    """Saves the answers, attaches the files, then goes where the button leads; after the
    login (``uebernommen``) it lands on the section and says so."""
    antrag_id, abschnitt = antrag["id"], definition["name"]
    daten = ansicht.lesen(definition["felder"], form)
    aktion, _, ziel = form.get("aktion", "weiter").partition(":")
    anker = ""
    if aktion == "hinzufuegen":
        neu = ansicht.eintrag_hinzufuegen(daten, ziel)
        anker = ansicht.html_id(neu) if neu else ""
    elif aktion == "entfernen":
        gruppe = ansicht.eintrag_entfernen(daten, ziel)
        anker = ansicht.html_id(gruppe) if gruppe else ""
    fehler = None
    try:
        ctx.dienste.antrag.speichern(antrag_id=antrag_id, abschnitt=abschnitt, daten=daten)
    except RemoteError as error:
        if einordnen(error).status != 422:
            raise
        fehler = _fehler(ctx, error)
    anlage_fehler = _anhaengen(ctx, antrag_id, abschnitt, dateien, aktion)
    if aktion == "anlage_entfernen" and any(a["anlage_id"] == ziel for a in antrag["anlagen"]):
        ctx.dienste.antrag.anlage_entfernen(antrag_id=antrag_id, anlage_id=ziel)
    hinweis = HINWEISE["uebernommen"] if uebernommen else None
    if fehler or anlage_fehler:
        antrag = ctx.dienste.antrag.antrag(antrag_id=antrag_id)  # with the files attached
        return _abschnitt_seite(
            ctx, antrag, formular, definition, daten, fehler, anlage_fehler, hinweis=hinweis
        )
    seite = f"{ANTRAEGE}/{antrag_id}/abschnitte/{abschnitt}"
    if uebernommen:
        return Weiterleitung(f"{seite}?hinweis=uebernommen" + (f"#{anker}" if anker else ""))
    if anker:
        return Weiterleitung(f"{seite}#{anker}")
    if aktion == "hochladen":
        return Weiterleitung(f"{seite}?hinweis=hochgeladen#anlagen")
    if aktion == "anlage_entfernen":
        return Weiterleitung(f"{seite}?hinweis=entfernt#anlagen")
    if aktion == "speichern":
        return Weiterleitung(f"{ANTRAEGE}/{antrag_id}?hinweis=gespeichert")
    vorher = set(form.get("_sichtbar", "").split())
    alle = {**antrag["abschnitte"], abschnitt: daten}
    nachher = ansicht.sichtbare_pfade(ansicht.felder(formular, definition, daten, alle))
    if nachher - vorher:
        return Weiterleitung(f"{seite}?hinweis=weitere")
    return Weiterleitung(_nach(antrag_id, formular, alle, abschnitt))


def _anhaengen(
    ctx: RequestContext,
    antrag_id: str,
    abschnitt: str,
    dateien: list[dict[str, str]],
    aktion: str,
) -> dict[str, Any] | None:
    """Attaches the files chosen; the error for the file field, or None. Files over the
    upload limit were left out of the form already (pforte): that is said here."""
    if ctx.dateien_zu_gross:
        return _dateifehler(ctx, AnlagenZuGross())
    if not dateien:
        if aktion == "hochladen":  # "Hochladen" with no file chosen
            return _dateifehler(ctx, EingabeUngueltig({"dateien": "pflichtfeld"}))
        return None
    try:
        ctx.dienste.mit_zeitlimit(ctx.settings.anlage_rpc_timeout).antrag.anlage(
            antrag_id=antrag_id, abschnitt=abschnitt, dateien=dateien
        )
    except RemoteError as error:
        if einordnen(error).status != 422:
            raise
        return _fehler(ctx, error, ohne_abschnitt=True, feld_id="dateien")
    return None


def _dateifehler(ctx: RequestContext, error: Exception) -> dict[str, Any]:
    """An error of the file field, its message at the field."""
    fehler = _fehler(ctx, error, ohne_abschnitt=True, feld_id="dateien")
    if not fehler["felder"]:
        fehler["felder"] = {"dateien": {"meldung": fehler["detail"], "href": "#dateien"}}
    return fehler


def _base64(inhalt: bytes) -> str:
    return base64.b64encode(inhalt).decode()


def anlage_hochladen(ctx: RequestContext, antrag_id: str) -> Seite | Weiterleitung:
    """The upload on its own (kept for forms of pages loaded before the section became one
    form): attaches the files, nothing else."""
    antrag, formular = _laden(ctx, antrag_id)
    abschnitt = ctx.request.form.get("abschnitt", "")
    definition = _abschnitt(formular, abschnitt)
    try:
        _, dateien = anlagen_lesen(ctx)
        ctx.dienste.mit_zeitlimit(ctx.settings.anlage_rpc_timeout).antrag.anlage(
            antrag_id=antrag_id, abschnitt=abschnitt, dateien=dateien
        )
    except (EingabeUngueltig, RemoteError) as error:
        if isinstance(error, RemoteError) and einordnen(error).status != 422:
            raise
        fehler = _fehler(ctx, error, ohne_abschnitt=True, feld_id="dateien")
        gespeichert = antrag["abschnitte"].get(abschnitt, {})
        werte = ansicht.eingabewerte(definition["felder"], gespeichert)
        return _abschnitt_seite(ctx, antrag, formular, definition, werte, anlage_fehler=fehler)
    return Weiterleitung(
        f"{ANTRAEGE}/{antrag_id}/abschnitte/{abschnitt}?hinweis=hochgeladen#anlagen"
    )


anlage_hochladen.dateien_hochladen = True  # type: ignore[attr-defined]


def anlage_entfernen(ctx: RequestContext, antrag_id: str, anlage_id: str) -> Weiterleitung:
    ctx.anmeldung_erforderlich()
    antrag = ctx.dienste.antrag.antrag(antrag_id=antrag_id)
    anlage = next((a for a in antrag["anlagen"] if a["anlage_id"] == anlage_id), None)
    if anlage is None:
        raise NichtGefunden()
    ctx.dienste.antrag.anlage_entfernen(antrag_id=antrag_id, anlage_id=anlage_id)
    return Weiterleitung(
        f"{ANTRAEGE}/{antrag_id}/abschnitte/{anlage['abschnitt']}?hinweis=entfernt#anlagen"
    )


def pruefen(ctx: RequestContext, antrag_id: str) -> Seite:
    antrag, formular = _laden(ctx, antrag_id)
    return Seite("antrag_pruefen.html", _pruefen_werte(ctx, antrag, formular))


def einreichen(ctx: RequestContext, antrag_id: str) -> Seite | Weiterleitung:
    return _einreichen(ctx, antrag_id)


# the short filing (§ 37 SGB II) on a form of its own ------------------------------------------


def kurzantrag_formular(ctx: RequestContext, antrag_id: str) -> Seite | Weiterleitung:
    """Only what a short filing needs (name, birth date; the place is the application's),
    filled in with what is known: this draft's answers, else the person's latest other
    application's (antrag.kurzantrag_formular)."""
    antrag, formular = _laden(ctx, antrag_id)
    kurz = ctx.dienste.antrag.kurzantrag_formular(antrag_id=antrag_id)
    if not kurz["moeglich"]:
        return Weiterleitung(f"{ANTRAEGE}/{antrag_id}")
    werte = {
        f"{feld['abschnitt']}.{feld['name']}": _kurz_anzeige(formular, feld)
        for feld in kurz["felder"]
    }
    return _kurzantrag_seite(ctx, antrag, formular, kurz, werte)


def kurzantrag(ctx: RequestContext, antrag_id: str) -> Seite | Weiterleitung:
    """The short form posted: its answers saved and the short filing made in one step. A
    refusal (a wrong date, a Jobcenter not connected here) shows the form again with what was
    typed and the message at its field."""
    antrag, formular = _laden(ctx, antrag_id)
    form = ctx.request.form
    angaben: dict[str, dict[str, str]] = {}
    for pfad in formular["kurzantrag"]:
        if pfad in form:
            abschnitt, _, name = pfad.partition(".")
            angaben.setdefault(abschnitt, {})[name] = form[pfad].strip()
    try:
        ctx.dienste.antrag.kurzantrag(antrag_id=antrag_id, angaben=angaben or None)
    except RemoteError as error:
        art = einordnen(error)
        if art.status not in (409, 422):
            raise
        if art.code in ("bereits_eingereicht", "kurzantrag_bereits_gestellt"):
            return Weiterleitung(f"{ANTRAEGE}/{antrag_id}")
        if art.code == "antrag_zurueckgezogen":
            return Weiterleitung(f"{ANTRAEGE}/{antrag_id}")
        kurz = ctx.dienste.antrag.kurzantrag_formular(antrag_id=antrag_id)
        werte = {pfad: form.get(pfad, "") for pfad in formular["kurzantrag"]}
        return _kurzantrag_seite(ctx, antrag, formular, kurz, werte, error, art.status)
    return Weiterleitung(f"{ANTRAEGE}/{antrag_id}?hinweis=kurzantrag")


def _kurz_anzeige(formular: dict[str, Any], feld: dict[str, Any]) -> str:
    """A known answer as the person would type it (a date 12.04.1980)."""
    definition = _kurz_definition(formular, f"{feld['abschnitt']}.{feld['name']}")
    if feld["wert"] is None or definition is None:
        return ""
    return str(ansicht.eingabewerte([definition], {feld["name"]: feld["wert"]})[feld["name"]])


def _kurz_definition(formular: dict[str, Any], pfad: str) -> dict[str, Any] | None:
    abschnitt, _, name = pfad.partition(".")
    for teil in formular["abschnitte"]:
        if teil["name"] == abschnitt:
            return next((f for f in teil["felder"] if f["name"] == name), None)
    return None


def _kurzantrag_seite(
    ctx: RequestContext,
    antrag: dict[str, Any],
    formular: dict[str, Any],
    kurz: dict[str, Any],
    werte: dict[str, str],
    error: RemoteError | None = None,
    status: int = 200,
) -> Seite:
    meldungen: dict[str, str] = {}
    fehler = None
    if error is not None:
        fehler = _fehler(ctx, error, antrag_id=antrag["id"])
        for pfad, eintrag in fehler["felder"].items():
            if pfad in werte:  # a field of this form: the message there, the link to it
                meldungen[pfad] = eintrag["meldung"]
                eintrag["href"] = f"#{ansicht.html_id(pfad)}"
    felder = []
    for feld in kurz["felder"]:
        pfad = f"{feld['abschnitt']}.{feld['name']}"
        definition = _kurz_definition(formular, pfad)
        if definition is None:
            continue
        felder.append(
            ansicht.Feld(
                pfad,
                definition,
                wert=werte.get(pfad, ""),
                fehler=meldungen.get(pfad),
                autocomplete=ansicht.AUTOCOMPLETE.get((feld["abschnitt"], feld["name"])),
            )
        )
    werte_seite = {
        **_werte(ctx, antrag, formular),
        "felder": felder,
        "uebernommen": any(f["quelle"] == "anderer_antrag" for f in kurz["felder"]),
        "fehler": fehler,
        "details": (remote_inhalt(error).get("details") or {}) if error is not None else {},
        "texte": _texte(ctx),
    }
    return Seite("antrag_kurzantrag.html", werte_seite, status)


def _fristen(ctx: RequestContext, fristen: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """antrag's deadlines (docs/adr/0088) with their days written out in the page's language."""
    locale = BABEL_LOCALE[ctx.sprache.code]
    return [
        {
            **frist,
            "ab_text": format_date(date.fromisoformat(frist["ab"]), "long", locale=locale),
            "bis_text": format_date(date.fromisoformat(frist["bis"]), "long", locale=locale),
        }
        for frist in fristen
    ]


def _einreichen(ctx: RequestContext, antrag_id: str) -> Seite | Weiterleitung:
    """Refusals stay on the summary page: what is missing (linked to its field), the Jobcenter
    that does not take applications here (with the link), the Jobcenter not known yet."""
    ctx.anmeldung_erforderlich()
    try:
        ctx.dienste.antrag.einreichen(antrag_id=antrag_id)
    except RemoteError as error:
        art = einordnen(error)
        if art.status not in (409, 422):
            raise
        if art.code in ("bereits_eingereicht", "antrag_zurueckgezogen"):
            return Weiterleitung(f"{ANTRAEGE}/{antrag_id}")
        antrag, formular = _laden(ctx, antrag_id)
        werte = _pruefen_werte(ctx, antrag, formular)
        werte["fehler"] = _fehler(ctx, error, antrag_id=antrag_id, formular=formular)
        werte["details"] = remote_inhalt(error).get("details") or {}
        return Seite("antrag_pruefen.html", werte, art.status)
    return Weiterleitung(f"{ANTRAEGE}/{antrag_id}?hinweis=eingereicht")


def quittung(ctx: RequestContext, antrag_id: str) -> Response:
    ctx.anmeldung_erforderlich()
    return quittung_antwort(ctx, antrag_id)


def zurueckziehen_formular(ctx: RequestContext, antrag_id: str) -> Seite:
    antrag, formular = _laden(ctx, antrag_id)
    return Seite("antrag_zurueckziehen.html", {**_werte(ctx, antrag, formular), "fehler": None})


def zurueckziehen(ctx: RequestContext, antrag_id: str) -> Seite | Weiterleitung:
    ctx.anmeldung_erforderlich()
    begruendung = ctx.request.form.get("begruendung", "").strip() or None
    try:
        ctx.dienste.antrag.zurueckziehen(antrag_id=antrag_id, begruendung=begruendung)
    except RemoteError as error:
        if einordnen(error).status != 422:
            raise
        antrag, formular = _laden(ctx, antrag_id)
        fehler = _fehler(ctx, error, ohne_abschnitt=True, feld_id="begruendung")
        werte = {**_werte(ctx, antrag, formular), "fehler": fehler}
        return Seite("antrag_zurueckziehen.html", werte, 422)
    return Weiterleitung(f"{ANTRAEGE}/{antrag_id}?hinweis=zurueckgezogen")


# helpers ------------------------------------------------------------------------------------


def _laden(ctx: RequestContext, antrag_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    ctx.anmeldung_erforderlich()
    antrag = ctx.dienste.antrag.antrag(antrag_id=antrag_id)
    return antrag, _formular(ctx, antrag["leistung"])


def _formular(ctx: RequestContext, leistung: str) -> dict[str, Any]:
    return ctx.dienste.antrag.formular(leistung=leistung)


def _abschnitt(formular: dict[str, Any], name: str) -> dict[str, Any]:
    for abschnitt in formular["abschnitte"]:
        if abschnitt["name"] == name:
            return abschnitt
    raise NichtGefunden()


def _werte(ctx: RequestContext, antrag: dict[str, Any], formular: dict[str, Any]) -> dict[str, Any]:
    """What the pages of one application share: status, Jobcenter (or the Gemeinden to choose
    it by), progress, timeline."""
    hinweis = HINWEISE.get(ctx.request.args.get("hinweis", ""))
    return {
        "antrag": antrag,
        "formular": formular,
        "status_text": _status(ctx, antrag["status"]),
        "hinweis": ctx._(hinweis) if hinweis else None,
        "schritte": _schritte(formular, antrag),
        "zustand_texte": {name: ctx._(text) for name, text in ZUSTAND_TEXTE.items()},
        "verlauf": [
            {
                **eintrag,
                "text": _status(ctx, eintrag["status"]),
                "zeit": _zeit(ctx, eintrag["zeitpunkt"]),
            }
            for eintrag in antrag["verlauf"]
        ],
        "eingereicht_um": _zeit(ctx, antrag["eingereicht_am"])
        if antrag["eingereicht_am"]
        else None,
        "basis": f"{ANTRAEGE}/{antrag['id']}",
        "fristen": _fristen(ctx, antrag["fristen"]),
        "gemeinden": _waehlbare_gemeinden(antrag),
        # the overview's main button: the first section not done yet (docs/adr/0086)
        "weiter_mit": next((s for s in _schritte(formular, antrag) if s.zustand != "fertig"), None),
    }


def _waehlbare_gemeinden(antrag: dict[str, Any]) -> list[dict[str, Any]]:
    """The Gemeinden (each with its Jobcenter) the person may choose among, or none."""
    zustaendigkeit = antrag["zustaendigkeit"]
    if not antrag["bearbeitbar"] or not zustaendigkeit or antrag["jobcenter"]:
        return []
    return zustaendigkeit["gemeinden"]


def _schritte(formular: dict[str, Any], antrag: dict[str, Any]) -> list[Schritt]:
    offen: dict[str, list] = defaultdict(list)
    for befund in antrag["fehlend"]:
        offen[befund["abschnitt"]].append(befund)
    schritte = []
    for nummer, abschnitt in enumerate(
        ansicht.geltende_abschnitte(formular, antrag["abschnitte"]), 1
    ):
        name = abschnitt["name"]
        if name not in antrag["abschnitte"]:
            zustand = "offen"
        elif offen[name]:
            zustand = "unvollstaendig"
        else:
            zustand = "fertig"
        schritte.append(Schritt(name, abschnitt["titel"], zustand, nummer))
    return schritte


def _abschnitt_seite(
    ctx: RequestContext,
    antrag: dict[str, Any],
    formular: dict[str, Any],
    definition: dict[str, Any],
    werte: dict[str, Any],
    fehler: dict[str, Any] | None = None,
    anlage_fehler: dict[str, Any] | None = None,
    hinweis: str | None = None,
) -> Seite:
    alle = {**antrag["abschnitte"], definition["name"]: werte}
    feldfehler = fehler["felder"] if fehler else {}
    for pfad, eintrag in feldfehler.items():  # the summary names the field (docs/adr/0086)
        eintrag["text"] = ansicht.befundtext(
            formular, definition["name"], pfad, eintrag.get("code", ""), eintrag["meldung"], ctx._
        )
    felder = ansicht.felder(
        formular, definition, werte, alle, {k: v["meldung"] for k, v in feldfehler.items()}
    )
    basis = _werte(ctx, antrag, formular)
    schritte = basis["schritte"]
    nummer = next((s.nummer for s in schritte if s.name == definition["name"]), None)
    if hinweis:
        basis["hinweis"] = ctx._(hinweis)
    werte_seite = {
        **basis,
        "abschnitt": definition,
        "felder": felder,
        "sichtbar": " ".join(sorted(ansicht.sichtbare_pfade(felder))),
        "fehler": fehler,
        "anlage_fehler": anlage_fehler,
        "nummer": nummer,
        "nachweise": ansicht.nachweise(definition, alle, formular),
        "anlagen": [a for a in antrag["anlagen"] if a["abschnitt"] == definition["name"]],
        "max_mb": round(ctx.settings.anlage_max_bytes / (1024 * 1024)),
        "texte": _texte(ctx),
    }
    status = 422 if fehler or anlage_fehler else 200
    return Seite("antrag_abschnitt.html", werte_seite, status)


def _pruefen_werte(
    ctx: RequestContext, antrag: dict[str, Any], formular: dict[str, Any]
) -> dict[str, Any]:
    texte = _texte(ctx)
    abschnitte = [
        {
            "definition": abschnitt,
            "angaben": ansicht.angaben(
                abschnitt["felder"],
                antrag["abschnitte"].get(abschnitt["name"], {}),
                ctx.sprache.code,
                texte,
            ),
            "anlagen": [a for a in antrag["anlagen"] if a["abschnitt"] == abschnitt["name"]],
        }
        for abschnitt in ansicht.geltende_abschnitte(formular, antrag["abschnitte"])
    ]
    fehlend = [{**befund, "href": _feld_link(antrag["id"], befund)} for befund in antrag["fehlend"]]
    return {
        **_werte(ctx, antrag, formular),
        "abschnitte": abschnitte,
        "fehlend": fehlend,
        "fehlend_gruppen": ansicht.befundgruppen(
            formular, antrag["fehlend"], lambda b: _feld_link(antrag["id"], b), ctx._
        ),
        "fehler": None,
        "details": {},
    }


def _nach(antrag_id: str, formular: dict[str, Any], alle: dict[str, Any], abschnitt: str) -> str:
    """The next section that applies, or the summary after the last."""
    namen = [a["name"] for a in ansicht.geltende_abschnitte(formular, alle)]
    if abschnitt in namen and namen.index(abschnitt) + 1 < len(namen):
        return f"{ANTRAEGE}/{antrag_id}/abschnitte/{namen[namen.index(abschnitt) + 1]}"
    return f"{ANTRAEGE}/{antrag_id}/pruefen"


def _feld_link(antrag_id: str, befund: dict[str, str]) -> str:
    ziel = f"{ANTRAEGE}/{antrag_id}/abschnitte/{quote(befund['abschnitt'])}"
    return f"{ziel}#{ansicht.html_id(befund['feld'])}" if befund["feld"] else ziel


def _fehler(
    ctx: RequestContext,
    error: Exception,
    *,
    ohne_abschnitt: bool = False,
    feld_id: str | None = None,
    antrag_id: str | None = None,
    formular: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The error summary: title, text, and per field its message and the link to it.
    ``felder`` maps the field's path to {meldung, href, code}; with ``antrag_id`` and
    ``formular`` (the summary page) ``gruppen`` lists them by section, naming each field."""
    art = einordnen(error)
    felder: dict[str, dict[str, str]] = {}
    if isinstance(error, EingabeUngueltig):
        for feld, code in error.felder.items():
            meldung = ctx._(FELDMELDUNGEN.get(code, FELDMELDUNGEN["pflichtfeld"]))
            felder[feld] = {"meldung": meldung, "href": f"#{feld_id or feld}"}
    elif isinstance(error, RemoteError):
        for befund in remote_inhalt(error).get("felder") or []:
            if not isinstance(befund, dict) or not isinstance(befund.get("meldung"), str):
                continue
            feld = str(befund.get("feld", ""))
            if antrag_id is not None:
                href = _feld_link(
                    antrag_id, {"abschnitt": str(befund.get("abschnitt", "")), "feld": feld}
                )
                felder[f"{befund.get('abschnitt')}.{feld}"] = {
                    "meldung": befund["meldung"],
                    "href": href,
                    "code": str(befund.get("code", "")),
                }
            elif ohne_abschnitt:
                felder[feld] = {"meldung": befund["meldung"], "href": f"#{feld_id or feld}"}
            else:
                felder[feld] = {
                    "meldung": befund["meldung"],
                    "href": f"#{ansicht.html_id(feld)}" if feld else "#formular",
                    "code": str(befund.get("code", "")),
                }
    gruppen = []
    if isinstance(error, RemoteError) and antrag_id is not None and formular is not None:
        befunde = [
            b
            for b in remote_inhalt(error).get("felder") or []
            if isinstance(b, dict) and isinstance(b.get("meldung"), str)
        ]
        gruppen = ansicht.befundgruppen(
            formular, befunde, lambda b: _feld_link(antrag_id, b), ctx._
        )
    return {
        "titel": ctx._(art.titel),
        "detail": ctx._(art.detail),
        "code": art.code,
        "felder": felder,
        "gruppen": gruppen,
    }


def _texte(ctx: RequestContext) -> dict[str, str]:
    return {"ja": ctx._("Ja"), "nein": ctx._("Nein")}


def _status(ctx: RequestContext, status: str) -> str:
    return ctx._(STATUS_TEXTE.get(status, STATUS_TEXTE["entwurf"]))


def _zeit(ctx: RequestContext, zeitpunkt: str) -> str:
    moment = datetime.fromisoformat(zeitpunkt.replace("Z", "+00:00"))
    locale = BABEL_LOCALE[ctx.sprache.code]
    return format_datetime(moment, "dd.MM.yyyy, HH:mm", tzinfo=ZEITZONE, locale=locale)
