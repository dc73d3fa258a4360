"""Words for people: opening hours per language, and the mails (German, plain, no concern)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from termine.domain.stelle import BERLIN, TAGE, Stelle

_TAGNAME = {
    "de": ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_TAGNAME["de-x-ls"] = _TAGNAME["de"]


def oeffnungszeiten(stelle: Stelle, sprache: str) -> list[str]:
    """When someone is there: per weekday the union of the counsellors' hours, days with the
    same hours in one line."""
    sprache = sprache if sprache in _TAGNAME else "de"
    je_tag: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for berater in stelle.berater:
        for sprechzeit in berater.sprechzeiten:
            for tag in sprechzeit.tage():
                if tag in TAGE:
                    je_tag[TAGE.index(tag)].append(
                        (sprechzeit.von.strftime("%H:%M"), sprechzeit.bis.strftime("%H:%M"))
                    )
    tage_je_zeiten: dict[tuple[tuple[str, str], ...], list[int]] = defaultdict(list)
    for tag in sorted(je_tag):
        tage_je_zeiten[_vereinigt(je_tag[tag])].append(tag)
    zeilen = []
    for zeiten, tage in tage_je_zeiten.items():
        namen = [_TAGNAME[sprache][t] for t in tage]
        if sprache == "de-x-ls":
            liste = " und ".join([", ".join(namen[:-1]), namen[-1]] if len(namen) > 1 else namen)
            spannen = " und ".join(f"von {_uhr(von)} bis {_uhr(bis)}" for von, bis in zeiten)
            zeilen.append(f"{liste}: {spannen}")
        elif sprache == "en":
            zeilen.append(f"{', '.join(namen)}: {', '.join(f'{v}–{b}' for v, b in zeiten)}")
        else:
            spannen = ", ".join(f"{v}–{b} Uhr" for v, b in zeiten)
            zeilen.append(f"{', '.join(namen)}: {spannen}")
    return zeilen


def _vereinigt(spannen: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    ergebnis: list[tuple[str, str]] = []
    for von, bis in sorted(spannen):
        if ergebnis and von <= ergebnis[-1][1]:
            ergebnis[-1] = (ergebnis[-1][0], max(bis, ergebnis[-1][1]))
        else:
            ergebnis.append((von, bis))
    return tuple(ergebnis)


def _uhr(zeit: str) -> str:
    stunde, minute = zeit.split(":")
    return f"{int(stunde)} Uhr" if minute == "00" else f"{int(stunde)}:{minute} Uhr"


def wann(zeitpunkt: datetime) -> str:
    lokal = zeitpunkt.astimezone(BERLIN)
    tag = _TAGNAME["de"][lokal.weekday()]
    return f"{tag}, {lokal:%d.%m.%Y} um {lokal:%H:%M} Uhr"


ZUGANG_TEXT = {
    "video": "Zur Videoberatung kommen Sie zur vereinbarten Zeit über diesen Link:",
    "chat": "Zur Chatberatung kommen Sie zur vereinbarten Zeit über diesen Link:",
}
ART_WORTE = {
    "vor_ort": "vor Ort",
    "telefon": "am Telefon",
    "video": "per Video",
    "chat": "im Chat",
}


def mail_text(
    anlass: str,
    *,
    stelle: Stelle,
    beginn: datetime,
    art: str,
    link: str,
    grund: str | None = None,
    zugang_url: str | None = None,
) -> tuple[str, str]:
    """(subject, text) of a mail about a booking; ``anlass``: gebucht, verschoben, storniert,
    storniert_stelle, erinnerung. Names time, centre and way, and for chat and video the room's
    address (or that the centre sends its access); never the concern."""
    adresse = stelle.adresse
    ort = (
        f"{stelle.name}, {adresse.get('strasse', '')}, {adresse['plz']} {adresse['ort']}"
        if art == "vor_ort"
        else f"{stelle.name} ({ART_WORTE[art]})"
    )
    kopf = {
        "gebucht": ("Ihr Beratungstermin ist gebucht", "Ihr Termin ist gebucht:"),
        "verschoben": ("Ihr Beratungstermin wurde verschoben", "Ihr Termin ist jetzt:"),
        "storniert": ("Ihr Beratungstermin ist abgesagt", "Dieser Termin ist abgesagt:"),
        "storniert_stelle": (
            "Die Beratungsstelle hat Ihren Termin abgesagt",
            "Die Beratungsstelle hat diesen Termin abgesagt:",
        ),
        "erinnerung": ("Erinnerung an Ihren Beratungstermin", "Morgen ist Ihr Termin:"),
    }[anlass]
    zeilen = [kopf[1], "", wann(beginn), ort, ""]
    if art in ZUGANG_TEXT and anlass in ("gebucht", "verschoben", "erinnerung"):
        if zugang_url:
            zeilen += [ZUGANG_TEXT[art], zugang_url, ""]
        else:
            zeilen += ["Den Zugang schickt Ihnen die Beratungsstelle.", ""]
    if grund:
        zeilen += ["Grund der Beratungsstelle:", grund, ""]
    if anlass != "storniert":
        zeilen += ["Termin ansehen, verschieben oder absagen:", link, ""]
    if stelle.beispieldaten:
        zeilen += [
            "Hinweis: Dies ist ein Beispieleintrag. Diese Beratungsstelle gibt es nicht.",
            "",
        ]
    zeilen.append("Diese Nachricht wurde automatisch erstellt. Bitte antworten Sie nicht darauf.")
    return kopf[0], "\n".join(zeilen)
