"""The directory in this process: the projection ``termine_stellen`` read into a
``Verzeichnisindex``, refreshed when it changed (by any replica), and the booked units.

A refresh reads only the rows written since the last one (their position is higher), so a
centre changing its hours costs one row, not 5,300.
"""

from __future__ import annotations

import json
import threading
import time
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, bindparam, func, select

from kernel.application import Application
from termine.adapters.projektion import belegung, stellen
from termine.domain.kalender import EINHEIT_SEKUNDEN
from termine.domain.stelle import Stelle, stelle_aus_dokument
from termine.domain.suche import Verzeichnisindex

# How stale a replica's index may be at most (another replica's change), in seconds.
PRUEFABSTAND_SEKUNDEN = 1.0


class Verzeichnisspeicher:
    def __init__(self, application: Application) -> None:
        self.application = application
        self._index = Verzeichnisindex((), 0)
        self._geprueft = float("-inf")
        self._sperre = threading.Lock()
        # Documents this process just wrote, by their stored text: not parsed a second time.
        self._vorgemerkt: dict[str, Stelle] = {}

    def vormerken(self, text: str, stelle: Stelle) -> None:
        self._vorgemerkt[text] = stelle

    def index(self, *, frisch: bool = False) -> Verzeichnisindex:
        jetzt = time.monotonic()
        if not frisch and jetzt - self._geprueft < PRUEFABSTAND_SEKUNDEN:
            return self._index
        with self._sperre:
            with self.application.database.read() as connection:
                stand = connection.execute(
                    select(func.coalesce(func.max(stellen.c.position), 0))
                ).scalar_one()
                if stand != self._index.stand:
                    self._index = self._nachladen(connection, stand)
            self._geprueft = jetzt
        return self._index

    def _stelle(self, text: str) -> Stelle:
        return self._vorgemerkt.get(text) or stelle_aus_dokument(json.loads(text))

    def _nachladen(self, connection: Connection, stand: int) -> Verzeichnisindex:
        alt = self._index
        neue = connection.execute(
            select(stellen.c.dokument).where(stellen.c.position > alt.stand)
        ).scalars()
        geaendert = {s.id: s for s in (self._stelle(d) for d in neue)}
        self._vorgemerkt.clear()
        if stand < alt.stand:  # rebuilt projection: read everything again
            return Verzeichnisindex(
                (
                    stelle_aus_dokument(json.loads(d))
                    for d in connection.execute(select(stellen.c.dokument)).scalars()
                ),
                stand,
            )
        return Verzeichnisindex({**alt.stellen, **geaendert}.values(), stand)


# Built once: the statement of every free-times answer.
_BELEGT = select(belegung.c.stelle_id, belegung.c.berater_id, belegung.c.einheit).where(
    belegung.c.stelle_id.in_(bindparam("ids", expanding=True)),
    belegung.c.einheit >= bindparam("von"),
    belegung.c.einheit <= bindparam("bis"),
)


def belegte_einheiten(
    connection: Connection, stelle_ids: Iterable[str], von: int, bis: int
) -> dict[str, dict[str, set[int]]]:
    """stelle -> counsellor -> units taken, between the instants von and bis (seconds)."""
    ids = list(stelle_ids)
    ergebnis: dict[str, dict[str, set[int]]] = {s: defaultdict(set) for s in ids}
    if not ids:
        return ergebnis
    zeilen = connection.execute(
        _BELEGT,
        {"ids": ids, "von": von // EINHEIT_SEKUNDEN - 100, "bis": bis // EINHEIT_SEKUNDEN + 100},
    )
    for stelle_id, berater_id, einheit in zeilen:
        ergebnis[stelle_id][berater_id].add(einheit)
    return ergebnis


def stellen_laden(application: Application) -> list[Stelle]:
    with application.database.read() as connection:
        return [
            stelle_aus_dokument(json.loads(d))
            for d in connection.execute(select(stellen.c.dokument)).scalars()
        ]
