"""A counselling centre as the service works with it: the parts of the HSDS 3.0 model that
booking needs (organization + location + services + schedules), and the counsellors with their
weekly hours and absences, which HSDS has no table for (docs/adr/0109).

The document form (``dokument()``, a JSON object) is what events carry and the projection
stores; ``stelle_aus_dokument`` checks one and builds the typed form. Pure Python.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from dateutil.rrule import rrulestr

from contracts.common import LAENDER_NACH_AGS
from kernel.zeit import BERLIN
from termine.domain.fernzugang import ZUGANG_WEGE, zugang_pruefen
from termine.fehler import UngueltigeEingabe

THEMEN = ("schuldnerberatung", "suchtberatung", "wohnungslosenhilfe", "sozialberatung")
ARTEN = ("vor_ort", "telefon", "chat", "video")
# Ways that do not need the person to come: found Land-wide.
FERNE_ARTEN = frozenset({"telefon", "chat", "video"})
TAGE = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LAENDER = frozenset(LAENDER_NACH_AGS.values())
# Appointment times, lengths and buffers are whole multiples of this (the unit the database
# locks a counsellor's time in, docs/adr/0110).
RASTER_MINUTEN = 5
STANDARD_MINDESTVORLAUF_STUNDEN = 24
STANDARD_HORIZONT_TAGE = 42
_UHRZEIT = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])$")
_SPRACHE = re.compile(r"^[a-z]{2}$")
_THEMA = re.compile(r"^[a-z][a-z0-9_]{1,49}$")
_RRULE_TEIL = re.compile(
    r"^(FREQ|INTERVAL|BYDAY|WKST|UNTIL|COUNT|BYSETPOS|BYMONTHDAY)=[A-Z0-9,+\-]+$"
)
_ANKER = date(2024, 1, 1)  # a Monday: where weekly rules start unless a centre says otherwise


@dataclass(frozen=True, slots=True)
class Sprechzeit:
    """Weekly hours of one counsellor: an RFC 5545 RRULE over days, from ``von`` to ``bis``
    wall time in Europe/Berlin, for the ways ``arten``."""

    id: str
    rrule: str
    von: time
    bis: time
    arten: tuple[str, ...]
    ab: date = _ANKER

    def tage(self) -> list[str]:
        for teil in self.rrule.split(";"):
            if teil.startswith("BYDAY="):
                return [t[-2:] for t in teil[6:].split(",")]
        return []

    def dokument(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "rrule": self.rrule,
            "tage": self.tage(),
            "von": self.von.strftime("%H:%M"),
            "bis": self.bis.strftime("%H:%M"),
            "arten": list(self.arten),
            "ab": self.ab.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class Abwesenheit:
    id: str
    von: datetime  # aware
    bis: datetime  # aware, exclusive

    def dokument(self) -> dict[str, Any]:
        return {"id": self.id, "von": self.von.isoformat(), "bis": self.bis.isoformat()}


@dataclass(frozen=True, slots=True)
class Berater:
    id: str
    name: str
    angebot_ids: tuple[str, ...]  # empty: every offer of the centre
    sprechzeiten: tuple[Sprechzeit, ...]
    abwesenheiten: tuple[Abwesenheit, ...] = ()

    def bietet(self, angebot_id: str) -> bool:
        return not self.angebot_ids or angebot_id in self.angebot_ids

    def dokument(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "angebot_ids": list(self.angebot_ids),
            "sprechzeiten": [s.dokument() for s in self.sprechzeiten],
            "abwesenheiten": [a.dokument() for a in self.abwesenheiten],
        }


@dataclass(frozen=True, slots=True)
class Angebot:
    """An HSDS service of the centre: one theme, its ways, how long an appointment lasts and
    the buffer after it."""

    id: str
    thema: str
    arten: tuple[str, ...]
    dauer_minuten: int
    puffer_minuten: int = 0

    def dokument(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "thema": self.thema,
            "arten": list(self.arten),
            "dauer_minuten": self.dauer_minuten,
            "puffer_minuten": self.puffer_minuten,
        }


@dataclass(frozen=True)
class Stelle:
    id: str
    name: str
    traeger: str
    beschreibung: str
    sprachen: tuple[str, ...]
    barrierefrei: bool
    anonym_moeglich: bool
    adresse: dict[str, str]  # strasse, plz, ort
    kontakt: dict[str, str]  # telefon, email, website (each optional)
    land: str  # ISO 3166-2 without "DE-": whose public holidays apply
    ags: str
    breite: float
    laenge: float
    angebote: tuple[Angebot, ...]
    berater: tuple[Berater, ...]
    beispieldaten: bool = False
    mindestvorlauf_stunden: int = STANDARD_MINDESTVORLAUF_STUNDEN
    horizont_tage: int = STANDARD_HORIZONT_TAGE
    kostenlos: bool = True
    # way (chat, video) -> the address of the centre's tool, perhaps with {raum}
    # (domain.fernzugang); a way without one: the centre sends its access itself.
    fernzugang: dict[str, str] = field(default_factory=dict)
    _angebote: dict[str, Angebot] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._angebote.update({a.id: a for a in self.angebote})

    @property
    def themen(self) -> list[str]:
        return sorted({a.thema for a in self.angebote})

    @property
    def arten(self) -> list[str]:
        vorhanden = {art for a in self.angebote for art in a.arten}
        return [art for art in ARTEN if art in vorhanden]

    def angebot(self, angebot_id: str) -> Angebot | None:
        return self._angebote.get(angebot_id)

    def berater_mit_id(self, berater_id: str) -> Berater | None:
        return next((b for b in self.berater if b.id == berater_id), None)

    def dokument(self) -> dict[str, Any]:
        dokument = {
            "id": self.id,
            "name": self.name,
            "traeger": self.traeger,
            "beschreibung": self.beschreibung,
            "sprachen": list(self.sprachen),
            "barrierefrei": self.barrierefrei,
            "anonym_moeglich": self.anonym_moeglich,
            "kostenlos": self.kostenlos,
            "adresse": dict(self.adresse),
            "kontakt": dict(self.kontakt),
            "land": self.land,
            "ags": self.ags,
            "breite": self.breite,
            "laenge": self.laenge,
            "angebote": [a.dokument() for a in self.angebote],
            "berater": [b.dokument() for b in self.berater],
            "beispieldaten": self.beispieldaten,
            "mindestvorlauf_stunden": self.mindestvorlauf_stunden,
            "horizont_tage": self.horizont_tage,
        }
        # Only when there is one: documents written before stay equal to their stored text
        # (an import compares them, a staff change checks it was made on the latest).
        if self.fernzugang:
            dokument["fernzugang"] = {weg: self.fernzugang[weg] for weg in sorted(self.fernzugang)}
        return dokument


# checking a document ----------------------------------------------------------------------------


class Pruefung:
    def __init__(self) -> None:
        self.felder: dict[str, str] = {}

    def fehler(self, feld: str, code: str) -> None:
        self.felder.setdefault(feld, code)

    def text(
        self, daten: dict, name: str, pfad: str, *, pflicht: bool = True, laenge: int = 200
    ) -> str:
        wert = daten.get(name)
        if wert is None or (isinstance(wert, str) and not wert.strip()):
            if pflicht:
                self.fehler(pfad, "pflicht")
            return ""
        if not isinstance(wert, str) or any(ord(c) < 32 for c in wert):
            self.fehler(pfad, "ungueltig")
            return ""
        if len(wert) > laenge:
            self.fehler(pfad, "zu_lang")
            return ""
        return wert.strip()

    def liste(self, daten: dict, name: str, pfad: str, erlaubt: Any = None) -> tuple[str, ...]:
        wert = daten.get(name)
        if not isinstance(wert, list | tuple) or not wert:
            self.fehler(pfad, "pflicht")
            return ()
        ergebnis = []
        for eintrag in wert:
            if not isinstance(eintrag, str) or (
                erlaubt is not None
                and not (
                    erlaubt.match(eintrag) if hasattr(erlaubt, "match") else eintrag in erlaubt
                )
            ):
                self.fehler(pfad, "ungueltig")
                return ()
            if eintrag not in ergebnis:
                ergebnis.append(eintrag)
        return tuple(ergebnis)

    def ganzzahl(
        self, daten: dict, name: str, pfad: str, unten: int, oben: int, standard: int | None = None
    ) -> int:
        wert = daten.get(name, standard)
        if isinstance(wert, str) and wert.strip().isdigit():
            wert = int(wert)
        if not isinstance(wert, int) or isinstance(wert, bool) or not unten <= wert <= oben:
            self.fehler(pfad, "ungueltig")
            return unten
        return wert

    def wahr(self, daten: dict, name: str, pfad: str) -> bool:
        wert = daten.get(name, False)
        if isinstance(wert, str) and wert.lower() in ("true", "false", "1", "0"):
            return wert.lower() in ("true", "1")
        if not isinstance(wert, bool):
            self.fehler(pfad, "ungueltig")
            return False
        return wert

    def kennung(self, daten: dict, name: str, pfad: str) -> str:
        wert = daten.get(name)
        if wert is None:
            return str(uuid.uuid4())
        try:
            return str(uuid.UUID(str(wert)))
        except ValueError:
            self.fehler(pfad, "ungueltig")
            return str(uuid.uuid4())


def uhrzeit(text: object) -> time | None:
    treffer = _UHRZEIT.match(text) if isinstance(text, str) else None
    if treffer is None:
        return None
    stunde, minute = int(treffer.group(1)), int(treffer.group(2))
    if minute % RASTER_MINUTEN:
        return None
    return time(stunde, minute)


def rrule_aus(daten: dict) -> str | None:
    """The RRULE of a Sprechzeit: given as ``rrule`` or built from ``tage``."""
    regel = daten.get("rrule")
    if regel is None:
        tage = daten.get("tage")
        if not isinstance(tage, list) or not tage or any(t not in TAGE for t in tage):
            return None
        return "FREQ=WEEKLY;BYDAY=" + ",".join(t for t in TAGE if t in tage)
    if not isinstance(regel, str) or len(regel) > 200:
        return None
    regel = regel.strip().upper().removeprefix("RRULE:")
    teile = regel.split(";")
    if "FREQ=WEEKLY" not in teile or not all(_RRULE_TEIL.match(t) for t in teile):
        return None
    try:  # what dateutil cannot read (BYDAY=XX, UNTIL=gestern) is refused here, not later
        rrulestr(regel, dtstart=datetime.combine(_ANKER, time()))
    except (ValueError, TypeError):
        return None
    return regel


def sprechzeit_aus(daten: Any, pfad: str, pruefung: Pruefung) -> Sprechzeit | None:
    if not isinstance(daten, dict):
        pruefung.fehler(pfad, "ungueltig")
        return None
    regel = rrule_aus(daten)
    von, bis = uhrzeit(daten.get("von")), uhrzeit(daten.get("bis"))
    if regel is None:
        pruefung.fehler(f"{pfad}.tage", "ungueltig")
    if von is None:
        pruefung.fehler(f"{pfad}.von", "ungueltig")
    if bis is None or (von is not None and bis <= von):
        pruefung.fehler(f"{pfad}.bis", "ungueltig")
    arten = pruefung.liste(daten, "arten", f"{pfad}.arten", ARTEN)
    ab = _ANKER
    if daten.get("ab") is not None:
        try:
            ab = date.fromisoformat(str(daten["ab"]))
        except ValueError:
            pruefung.fehler(f"{pfad}.ab", "ungueltig")
    if regel is None or von is None or bis is None or bis <= von or not arten:
        return None
    return Sprechzeit(pruefung.kennung(daten, "id", f"{pfad}.id"), regel, von, bis, arten, ab)


def zeitpunkt(text: object, *, tagesende: bool = False) -> datetime | None:
    """RFC 3339 with offset, or a date (the day's start, or with ``tagesende`` the next day's
    start, in Europe/Berlin)."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    try:
        if len(text) == 10:
            tag = date.fromisoformat(text)
            if tagesende:
                tag = date.fromordinal(tag.toordinal() + 1)
            return datetime.combine(tag, time(), tzinfo=BERLIN)
        wert = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return wert if wert.tzinfo is not None else None


def abwesenheit_aus(daten: Any, pfad: str, pruefung: Pruefung) -> Abwesenheit | None:
    if not isinstance(daten, dict):
        pruefung.fehler(pfad, "ungueltig")
        return None
    von = zeitpunkt(daten.get("von"))
    bis = zeitpunkt(daten.get("bis"), tagesende=True)
    if von is None:
        pruefung.fehler(f"{pfad}.von", "ungueltig")
    if bis is None or (von is not None and bis <= von):
        pruefung.fehler(f"{pfad}.bis", "ungueltig")
    if von is None or bis is None or bis <= von:
        return None
    return Abwesenheit(pruefung.kennung(daten, "id", f"{pfad}.id"), von, bis)


def angebot_aus(daten: Any, pfad: str, pruefung: Pruefung) -> Angebot | None:
    if not isinstance(daten, dict):
        pruefung.fehler(pfad, "ungueltig")
        return None
    thema = pruefung.text(daten, "thema", f"{pfad}.thema", laenge=50)
    if thema and not _THEMA.match(thema):
        pruefung.fehler(f"{pfad}.thema", "ungueltig")
    arten = pruefung.liste(daten, "arten", f"{pfad}.arten", ARTEN)
    dauer = pruefung.ganzzahl(daten, "dauer_minuten", f"{pfad}.dauer_minuten", 15, 240, 45)
    puffer = pruefung.ganzzahl(daten, "puffer_minuten", f"{pfad}.puffer_minuten", 0, 120, 0)
    if dauer % RASTER_MINUTEN:
        pruefung.fehler(f"{pfad}.dauer_minuten", "ungueltig")
    if puffer % RASTER_MINUTEN:
        pruefung.fehler(f"{pfad}.puffer_minuten", "ungueltig")
    return Angebot(pruefung.kennung(daten, "id", f"{pfad}.id"), thema, arten, dauer, puffer)


def berater_aus(daten: Any, pfad: str, pruefung: Pruefung) -> Berater | None:
    if not isinstance(daten, dict):
        pruefung.fehler(pfad, "ungueltig")
        return None
    name = pruefung.text(daten, "name", f"{pfad}.name", laenge=100)
    angebot_ids = tuple(str(a) for a in daten.get("angebot_ids") or ())
    sprechzeiten = [
        sprechzeit_aus(s, f"{pfad}.sprechzeiten[{i}]", pruefung)
        for i, s in enumerate(daten.get("sprechzeiten") or [])
    ]
    abwesenheiten = [
        abwesenheit_aus(a, f"{pfad}.abwesenheiten[{i}]", pruefung)
        for i, a in enumerate(daten.get("abwesenheiten") or [])
    ]
    return Berater(
        pruefung.kennung(daten, "id", f"{pfad}.id"),
        name,
        angebot_ids,
        tuple(s for s in sprechzeiten if s is not None),
        tuple(a for a in abwesenheiten if a is not None),
    )


def fernzugang_aus(daten: Any, pruefung: Pruefung) -> dict[str, str]:
    """The centre's addresses per way (chat, video); an empty one is no access."""
    if daten is None:
        return {}
    if not isinstance(daten, dict) or set(daten) - set(ZUGANG_WEGE):
        pruefung.fehler("fernzugang", "ungueltig")
        return {}
    ergebnis = {}
    for weg in ZUGANG_WEGE:
        adresse, code = zugang_pruefen(daten.get(weg))
        if code is not None:
            pruefung.fehler(f"fernzugang.{weg}", code)
        elif adresse is not None:
            ergebnis[weg] = adresse
    return ergebnis


def stelle_aus_dokument(daten: Any) -> Stelle:
    """The checked centre; raises UngueltigeEingabe naming every bad field."""
    pruefung = Pruefung()
    if not isinstance(daten, dict):
        raise UngueltigeEingabe({"stelle": "ungueltig"})
    adresse_roh = daten.get("adresse") if isinstance(daten.get("adresse"), dict) else {}
    kontakt_roh = daten.get("kontakt") if isinstance(daten.get("kontakt"), dict) else {}
    adresse = {
        "strasse": pruefung.text(adresse_roh, "strasse", "adresse.strasse", pflicht=False),
        "plz": pruefung.text(adresse_roh, "plz", "adresse.plz", laenge=5),
        "ort": pruefung.text(adresse_roh, "ort", "adresse.ort", laenge=100),
    }
    if adresse["plz"] and not (len(adresse["plz"]) == 5 and adresse["plz"].isdigit()):
        pruefung.fehler("adresse.plz", "ungueltig")
    kontakt = {
        name: wert
        for name in ("telefon", "email", "website")
        if (wert := pruefung.text(kontakt_roh, name, f"kontakt.{name}", pflicht=False))
    }
    land = daten.get("land")
    if land not in LAENDER:
        pruefung.fehler("land", "ungueltig")
    lage = {}
    for name, unten, oben in (("breite", 47.0, 55.2), ("laenge", 5.8, 15.1)):
        wert = daten.get(name)
        try:
            lage[name] = float(wert)
        except (TypeError, ValueError):
            lage[name] = 0.0
        if not unten <= lage[name] <= oben:
            pruefung.fehler(name, "ungueltig")
    angebote = [
        angebot_aus(a, f"angebote[{i}]", pruefung)
        for i, a in enumerate(daten.get("angebote") or [])
    ]
    if not angebote:
        pruefung.fehler("angebote", "pflicht")
    berater = [
        berater_aus(b, f"berater[{i}]", pruefung) for i, b in enumerate(daten.get("berater") or [])
    ]
    stelle = Stelle(
        id=pruefung.kennung(daten, "id", "id"),
        name=pruefung.text(daten, "name", "name"),
        traeger=pruefung.text(daten, "traeger", "traeger", pflicht=False),
        beschreibung=pruefung.text(
            daten, "beschreibung", "beschreibung", pflicht=False, laenge=2000
        ),
        sprachen=pruefung.liste(daten, "sprachen", "sprachen", _SPRACHE)
        if daten.get("sprachen")
        else ("de",),
        barrierefrei=pruefung.wahr(daten, "barrierefrei", "barrierefrei"),
        anonym_moeglich=pruefung.wahr(daten, "anonym_moeglich", "anonym_moeglich"),
        adresse=adresse,
        kontakt=kontakt,
        land=land if isinstance(land, str) else "",
        ags=str(daten.get("ags") or ""),
        breite=lage["breite"],
        laenge=lage["laenge"],
        angebote=tuple(a for a in angebote if a is not None),
        berater=tuple(b for b in berater if b is not None),
        beispieldaten=pruefung.wahr(daten, "beispieldaten", "beispieldaten"),
        mindestvorlauf_stunden=pruefung.ganzzahl(
            daten,
            "mindestvorlauf_stunden",
            "mindestvorlauf_stunden",
            0,
            24 * 14,
            STANDARD_MINDESTVORLAUF_STUNDEN,
        ),
        horizont_tage=pruefung.ganzzahl(
            daten, "horizont_tage", "horizont_tage", 1, 366, STANDARD_HORIZONT_TAGE
        ),
        fernzugang=fernzugang_aus(daten.get("fernzugang"), pruefung),
    )
    angebot_ids = {a.id for a in stelle.angebote}
    for i, b in enumerate(stelle.berater):
        if any(a not in angebot_ids for a in b.angebot_ids):
            pruefung.fehler(f"berater[{i}].angebot_ids", "ungueltig")
    if pruefung.felder:
        raise UngueltigeEingabe(pruefung.felder)
    return stelle
