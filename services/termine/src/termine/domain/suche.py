"""The in-process directory index: filter and distance over every centre, in memory.

5,300 centres fit easily; one search computes the great-circle distance to each that passes the
filters and sorts. Offers by phone, chat or video are found Land-wide: a centre of the place's
Land beyond the radius that offers one of them (the asked way, if one was asked) is a hit too,
marked ``landesweit``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from termine.domain.stelle import FERNE_ARTEN, Stelle

ERDRADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Ort:
    """Where the person searches from: the Gemeinde zustaendigkeit resolved."""

    name: str
    plz: str
    ags: str
    land: str
    breite: float
    laenge: float


@dataclass(frozen=True, slots=True)
class Filter:
    thema: str | None = None
    art: str | None = None
    sprache: str | None = None
    barrierefrei: bool | None = None
    anonym: bool | None = None
    umkreis_km: float = 25.0


@dataclass(frozen=True, slots=True)
class Treffer:
    stelle: Stelle
    entfernung_km: float
    landesweit: bool


class Verzeichnisindex:
    def __init__(self, stellen: Iterable[Stelle], stand: int = 0) -> None:
        self.stand = stand
        self.stellen = {s.id: s for s in stellen}
        # Whether any record is sample data: every answer then says so.
        self.beispieldaten = any(s.beispieldaten for s in self.stellen.values())
        self._alle = [
            (
                s,
                math.radians(s.breite),
                math.radians(s.laenge),
                frozenset(s.themen),
                frozenset(s.arten),
            )
            for s in self.stellen.values()
        ]
        # Most searches name a theme: look only at that theme's centres.
        self._je_thema: dict[str, list] = {}
        for eintrag in self._alle:
            for thema in eintrag[3]:
                self._je_thema.setdefault(thema, []).append(eintrag)

    def __len__(self) -> int:
        return len(self.stellen)

    def stelle(self, stelle_id: str) -> Stelle | None:
        return self.stellen.get(stelle_id)

    def suchen(self, ort: Ort, filter: Filter) -> list[Treffer]:
        breite, laenge = math.radians(ort.breite), math.radians(ort.laenge)
        cos_breite = math.cos(breite)
        # A box around the place that holds the circle: cheap to test before the distance.
        spanne_breite = filter.umkreis_km / ERDRADIUS_KM
        spanne_laenge = spanne_breite / max(cos_breite, 0.1)
        ferne = FERNE_ARTEN if filter.art is None else FERNE_ARTEN & {filter.art}
        eintraege = self._alle if filter.thema is None else self._je_thema.get(filter.thema, [])
        treffer: list[Treffer] = []
        for stelle, b, lg, _themen, arten in eintraege:
            in_der_box = abs(b - breite) <= spanne_breite and abs(lg - laenge) <= spanne_laenge
            landesweit = stelle.land == ort.land and bool(ferne & arten)
            if not (in_der_box or landesweit):
                continue
            if filter.art is not None and filter.art not in arten:
                continue
            if filter.sprache is not None and filter.sprache not in stelle.sprachen:
                continue
            if filter.barrierefrei and not stelle.barrierefrei:
                continue
            if filter.anonym and not stelle.anonym_moeglich:
                continue
            # haversine
            h = (
                math.sin((b - breite) / 2) ** 2
                + cos_breite * math.cos(b) * math.sin((lg - laenge) / 2) ** 2
            )
            entfernung = 2 * ERDRADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
            if entfernung <= filter.umkreis_km:
                treffer.append(Treffer(stelle, entfernung, False))
            elif landesweit:
                treffer.append(Treffer(stelle, entfernung, True))
        treffer.sort(key=lambda t: (t.entfernung_km, t.stelle.name, t.stelle.id))
        return treffer
