"""FinderAusgewertet, collected and appended in batches (docs/adr/0099).

Each evaluation's payload goes into memory first; a background thread of the service appends
what has gathered every ``SEKUNDEN`` in one write transaction. Identical payloads (the same
benefits, language, Land and rules) become one event counting them (``anzahl``, contract v3),
each event in a stream of its own with its outbox row. One SQLite commit per batch instead of
one per evaluation, and a handful of events instead of one per evaluation: a commit blocks the
whole process (SQLite's I/O is not green) and every event costs the relay a publish. At stop,
what is left is appended. A crash loses at most the last fraction of a second of anonymous
statistics, nothing a person depends on.
"""

from __future__ import annotations

import threading
from typing import Any

import orjson
import structlog

from kernel.application import Application
from kernel.envelope import new_id
from kernel.eventstore import NewEvent

log = structlog.get_logger("finder.meldungen")

SEKUNDEN = 0.2
HOECHSTENS = 500


class Meldungen:
    def __init__(self, application: Application) -> None:
        self.application = application
        self._offen: list[tuple[dict[str, Any], str]] = []
        self._sperre = threading.Lock()
        self._voll = threading.Event()
        self._halt = threading.Event()

    def melden(self, payload: dict[str, Any], correlation_id: str) -> None:
        with self._sperre:
            self._offen.append((payload, correlation_id))
            if len(self._offen) >= HOECHSTENS:
                self._voll.set()

    def laufen(self) -> None:
        """The background thread: append every SEKUNDEN until stopped."""
        import eventlet

        while not self._halt.is_set():
            eventlet.sleep(SEKUNDEN)
            try:
                self.schreiben()
            except Exception as fehler:  # noqa: BLE001 - kept, tried again next round
                log.warning("finder_meldungen_nicht_geschrieben", error_type=type(fehler).__name__)

    def anhalten(self) -> None:
        self._halt.set()
        self.schreiben()

    def schreiben(self) -> int:
        """Append what has gathered; the number of evaluations it counted."""
        with self._sperre:
            stapel, self._offen = self._offen, []
            self._voll.clear()
        if not stapel:
            return 0
        gezaehlt: dict[bytes, tuple[dict[str, Any], str, int]] = {}
        for payload, correlation_id in stapel:
            schluessel = orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)
            erster, korrelation, anzahl = gezaehlt.get(schluessel, (payload, correlation_id, 0))
            gezaehlt[schluessel] = (erster, korrelation, anzahl + 1)
        try:
            with self.application.database.write() as connection:
                for payload, correlation_id, anzahl in gezaehlt.values():
                    self.application.store.append(
                        connection,
                        f"finder-auswertung-{new_id()}",
                        0,
                        [NewEvent("FinderAusgewertet", {**payload, "anzahl": anzahl})],
                        correlation_id=correlation_id,
                    )
        except Exception:
            with self._sperre:  # not lost: the next round tries again
                self._offen[:0] = stapel
            raise
        return len(stapel)
