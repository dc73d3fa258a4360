"""Free appointments of a centre: each counsellor's weekly hours (RFC 5545 RRULE, Europe/Berlin
wall time), the offer's length and buffer, the minimum notice, the horizon, absences and the
Land's public holidays, minus what is booked.

Wall time across DST: the rule yields days; each day's hours are turned into instants with
the zone's rules of that day, so 09:00 stays 09:00 on both sides of a change (+02:00 in summer,
+01:00 in winter). Within one day's window slots follow each other in real minutes: hours that
span the change itself (a night service 01:00-04:00) are as long as they really are.

A booking occupies its counsellor's units of RASTER_MINUTEN from its start to its end plus the
buffer; a slot is free when none of its units is taken. The same units are what the database
locks with its unique key (docs/adr/0110), so what is shown free is what can be booked.

Instants are POSIX seconds (int) in here: cheap to compare; callers format them.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

import holidays
from dateutil.rrule import rrulestr

from termine.domain.stelle import BERLIN, RASTER_MINUTEN, Angebot, Berater, Sprechzeit, Stelle

EINHEIT_SEKUNDEN = RASTER_MINUTEN * 60


class Zeitfenster(NamedTuple):
    """A bookable time: start and end (POSIX seconds), the way, the offer, the counsellor.
    A tuple: thousands are made per answer, and they sort as tuples do (time first)."""

    beginn: int
    ende: int
    art: str
    angebot_id: str
    berater_id: str

    def als_dict(self) -> dict[str, str]:
        return {
            "beginn": rfc3339(self.beginn),
            "ende": rfc3339(self.ende),
            "art": self.art,
            "angebot_id": self.angebot_id,
        }


@functools.lru_cache(maxsize=1 << 16)
def rfc3339(sekunden: int) -> str:
    """Local time with its offset; kept, since the same times are asked for again and again."""
    return datetime.fromtimestamp(sekunden, BERLIN).isoformat()


def einheiten(beginn: int, ende: int, puffer_minuten: int) -> range:
    """The counsellor's units a booking from beginn to ende (plus its buffer) occupies."""
    bis = ende + puffer_minuten * 60
    return range(beginn // EINHEIT_SEKUNDEN, -(-bis // EINHEIT_SEKUNDEN))


@functools.lru_cache(maxsize=64)
def feiertage(land: str, jahr: int) -> frozenset[date]:
    """The Land's public holidays of a year (the ``holidays`` library, subdivision = Land)."""
    return frozenset(holidays.country_holidays("DE", subdiv=land or None, years=jahr))


@functools.lru_cache(maxsize=8192)
def _regel(rrule: str, ab: date):  # noqa: ANN202 - dateutil's rrule
    return rrulestr(rrule, dtstart=datetime.combine(ab, time()), cache=False)


@functools.lru_cache(maxsize=65536)
def _tage(rrule: str, ab: date, von: date, bis: date) -> tuple[date, ...]:
    """The days the rule falls on from ``von`` to ``bis`` inclusive."""
    regel = _regel(rrule, ab)
    start = datetime.combine(von, time())
    ende = datetime.combine(bis, time())
    return tuple(d.date() for d in regel.between(start, ende, inc=True))


@functools.lru_cache(maxsize=1 << 16)
def _instant(tag: date, uhrzeit: time) -> int:
    return int(datetime.combine(tag, uhrzeit, tzinfo=BERLIN).timestamp())


def freie_zeiten(
    stelle: Stelle,
    belegt: Mapping[str, set[int]],
    jetzt: int,
    *,
    von: int | None = None,
    bis: int | None = None,
    angebot_id: str | None = None,
    art: str | None = None,
    berater_id: str | None = None,
) -> list[Zeitfenster]:
    """Every free (time, way, offer, counsellor) of the centre in [von, bis), clipped to
    [now + notice, now + horizon], sorted by time."""
    frueheste = jetzt + stelle.mindestvorlauf_stunden * 3600
    spaeteste = jetzt + stelle.horizont_tage * 86400
    anfang = max(frueheste, von) if von is not None else frueheste
    schluss = min(spaeteste, bis) if bis is not None else spaeteste
    if schluss <= anfang:
        return []
    angebote = [a for a in stelle.angebote if angebot_id is None or a.id == angebot_id]
    if art is not None:
        angebote = [a for a in angebote if art in a.arten]
    if not angebote:
        return []
    erster_tag = datetime.fromtimestamp(anfang, BERLIN).date()
    letzter_tag = datetime.fromtimestamp(schluss, BERLIN).date()
    frei_von_feiertagen = _feiertagsfilter(stelle.land, erster_tag, letzter_tag)
    ergebnis: list[Zeitfenster] = []
    for berater in stelle.berater:
        if berater_id is not None and berater.id != berater_id:
            continue
        seine = [a for a in angebote if berater.bietet(a.id)]
        if not seine:
            continue
        besetzt = sorted(belegt.get(berater.id, ()))
        abwesend = [(int(a.von.timestamp()), int(a.bis.timestamp())) for a in berater.abwesenheiten]
        for sprechzeit in berater.sprechzeiten:
            for tag in _tage(sprechzeit.rrule, sprechzeit.ab, erster_tag, letzter_tag):
                if not frei_von_feiertagen(tag):
                    continue
                _fenster_des_tages(
                    ergebnis,
                    tag,
                    sprechzeit,
                    seine,
                    berater,
                    besetzt,
                    abwesend,
                    anfang,
                    schluss,
                    art,
                )
    ergebnis.sort()
    return ergebnis


def _feiertagsfilter(land: str, von: date, bis: date):  # noqa: ANN202
    tage = feiertage(land, von.year) | (
        feiertage(land, bis.year) if bis.year != von.year else frozenset()
    )
    return lambda tag: tag not in tage


def _fenster_des_tages(
    ergebnis: list[Zeitfenster],
    tag: date,
    sprechzeit: Sprechzeit,
    angebote: Iterable[Angebot],
    berater: Berater,
    besetzt: list[int],
    abwesend: list[tuple[int, int]],
    anfang: int,
    schluss: int,
    art: str | None,
) -> None:
    fenster_beginn = _instant(tag, sprechzeit.von)
    fenster_ende = _instant(tag, sprechzeit.bis)
    if fenster_ende <= anfang or fenster_beginn >= schluss:
        return
    for angebot in angebote:
        arten = [a for a in angebot.arten if a in sprechzeit.arten and (art is None or a == art)]
        if not arten:
            continue
        dauer = angebot.dauer_minuten * 60
        schritt = dauer + angebot.puffer_minuten * 60
        beginn = fenster_beginn
        while beginn + dauer <= fenster_ende:
            ende = beginn + dauer
            if (
                anfang <= beginn < schluss
                and not (abwesend and any(v < ende and beginn < b for v, b in abwesend))
                and not (besetzt and _belegt(besetzt, beginn, ende, angebot.puffer_minuten))
            ):
                for eine_art in arten:
                    ergebnis.append(Zeitfenster(beginn, ende, eine_art, angebot.id, berater.id))
            beginn += schritt


def _belegt(besetzt: list[int], beginn: int, ende: int, puffer_minuten: int) -> bool:
    """Whether any of the sorted taken units falls within the slot's units."""
    bereich = einheiten(beginn, ende, puffer_minuten)
    stelle = bisect.bisect_left(besetzt, bereich.start)
    return stelle < len(besetzt) and besetzt[stelle] < bereich.stop


def passt_nicht(stelle: Stelle, berater_id: str, beginn: int, ende: int, art: str) -> str | None:
    """Why a booked time no longer fits the counsellor's present hours (None: it fits):
    ``berater_entfallen``, ``feiertag``, ``abwesenheit`` or ``ausserhalb_sprechzeit``."""
    berater = stelle.berater_mit_id(berater_id)
    if berater is None:
        return "berater_entfallen"
    tag = datetime.fromtimestamp(beginn, BERLIN).date()
    if tag in feiertage(stelle.land, tag.year):
        return "feiertag"
    if any(
        int(a.von.timestamp()) < ende and beginn < int(a.bis.timestamp())
        for a in berater.abwesenheiten
    ):
        return "abwesenheit"
    for sprechzeit in berater.sprechzeiten:
        if (
            art in sprechzeit.arten
            and tag in _tage(sprechzeit.rrule, sprechzeit.ab, tag, tag)
            and _instant(tag, sprechzeit.von) <= beginn
            and ende <= _instant(tag, sprechzeit.bis)
        ):
            return None
    return "ausserhalb_sprechzeit"


def ohne_doppelte(zeiten: Iterable[Zeitfenster]) -> list[Zeitfenster]:
    """One entry per (time, offer, way): several counsellors free at once are one choice."""
    gesehen: set[tuple[int, str, str]] = set()
    ergebnis = []
    for zeit in zeiten:
        schluessel = (zeit.beginn, zeit.angebot_id, zeit.art)
        if schluessel not in gesehen:
            gesehen.add(schluessel)
            ergebnis.append(zeit)
    return ergebnis


def naechste(
    stelle: Stelle, belegt: Mapping[str, set[int]], jetzt: int, **filter: object
) -> Zeitfenster | None:
    """The next free time, looking one week ahead first (cheap), then the whole horizon."""
    frueheste = jetzt + stelle.mindestvorlauf_stunden * 3600
    woche = freie_zeiten(stelle, belegt, jetzt, bis=frueheste + 7 * 86400, **filter)  # type: ignore[arg-type]
    if woche:
        return woche[0]
    alle = freie_zeiten(stelle, belegt, jetzt, **filter)  # type: ignore[arg-type]
    return alle[0] if alle else None


def tag_beginn(tag: date) -> int:
    return _instant(tag, time())


def tage_spaeter(sekunden: int, tage: int) -> int:
    wann = datetime.fromtimestamp(sekunden, BERLIN)
    return int((wann + timedelta(days=tage)).timestamp())
