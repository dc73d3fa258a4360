"""Answers of other services the gateway may keep, per answer version (docs/adr/0015).

Some services answer queries from reference data that changes a few times a year:
``zustaendigkeit.ermitteln`` is a function of its arguments and of what the service's ``stand()``
names (data version and connected zkT). An RPC costs ~3 ms and caps the gateway at a few
hundred requests per second; a dict lookup costs microseconds. So the gateway keeps such answers
in a bounded LRU per service and drops them all as soon as the version changes or cannot be
read. It never looks inside an answer: which methods may be kept, and which method names the
version, is the service's promise, declared in ``gateway.config.ZWISCHENSPEICHERBAR``.

Kept: results, and the remote errors the declaration names (bad input, unknown PLZ), which are
answers too. Never kept: time-outs, unknown services, other remote errors.

An answer is kept as its JSON bytes and handed out as a fresh object each time: no handler can
change what the next request gets, and 20,000 kept answers are 20,000 bytes objects the garbage
collector does not traverse (as nested dicts they would be several hundred thousand objects,
and every full collection would pause all requests).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

import orjson
from nameko.exceptions import RemoteError
from prometheus_client import Counter

# Arguments longer than this are not kept: they are not a PLZ or a town, and an attacker must
# not fill memory with long keys (the number of entries is bounded as well).
MAX_ARGUMENT_CHARS = 120

ABFRAGEN = Counter(
    "gateway_kept_answers_lookups_total",
    "Lookups in the kept answers of a service: hit (no RPC) or miss (RPC made)",
    ["service", "result"],
)


@dataclass(frozen=True)
class Zwischenspeicherbar:
    """A service's promise: the answers of ``methoden`` depend only on their arguments and on
    what ``stand_methode`` returns; the remote errors named ``fehler`` are answers as well."""

    stand_methode: str
    methoden: frozenset[str]
    fehler: frozenset[str] = frozenset()


@dataclass(frozen=True)
class _Fehler:
    exc_type: str
    value: str

    def ausloesen(self) -> None:
        raise RemoteError(self.exc_type, self.value)


class Antwortspeicher:
    """A bounded LRU of one service's answers, valid for one version.

    The version comes from a background check (``stand_setzen``); while it is unknown, nothing
    is kept or served. Green threads switch only at I/O, so the dict needs no lock.
    """

    def __init__(self, dienst: str, zusage: Zwischenspeicherbar, eintraege: int) -> None:
        self.dienst = dienst
        self.zusage = zusage
        self.eintraege = eintraege
        self.stand: str | None = None
        self.treffer = 0
        self.fehlgriffe = 0
        self._antworten: OrderedDict[Hashable, bytes | _Fehler] = OrderedDict()
        self._treffer_zaehler = ABFRAGEN.labels(dienst, "hit")
        self._fehlgriff_zaehler = ABFRAGEN.labels(dienst, "miss")

    def schluessel(self, methode: str, args: tuple, kwargs: dict) -> Hashable | None:
        """The key of a call whose answer may be kept, else None."""
        if self.stand is None or methode not in self.zusage.methoden:
            return None
        werte = [*args, *kwargs.values()]
        if not all(wert is None or isinstance(wert, str) for wert in werte):
            return None
        if sum(len(wert) for wert in werte if wert) > MAX_ARGUMENT_CHARS:
            return None
        return (methode, args, tuple(sorted(kwargs.items())))

    def lesen(self, schluessel: Hashable) -> tuple[bool, Any]:
        """(found, answer); a kept error is raised again as the RemoteError it was."""
        try:
            antwort = self._antworten[schluessel]
        except KeyError:
            self.fehlgriffe += 1
            self._fehlgriff_zaehler.inc()
            return False, None
        self._antworten.move_to_end(schluessel)
        self.treffer += 1
        self._treffer_zaehler.inc()
        if isinstance(antwort, _Fehler):
            antwort.ausloesen()
        return True, orjson.loads(antwort)

    def merken(self, schluessel: Hashable, stand: str | None, antwort: Any) -> None:
        """Keep an answer obtained while ``stand`` was current (dropped if it changed since)."""
        self._ablegen(schluessel, stand, orjson.dumps(antwort))

    def fehler_merken(self, schluessel: Hashable, stand: str | None, error: RemoteError) -> None:
        if error.exc_type in self.zusage.fehler:
            self._ablegen(schluessel, stand, _Fehler(str(error.exc_type), str(error.value)))

    def _ablegen(self, schluessel: Hashable, stand: str | None, antwort: bytes | _Fehler) -> None:
        if stand is None or stand != self.stand:
            return
        self._antworten[schluessel] = antwort
        self._antworten.move_to_end(schluessel)
        while len(self._antworten) > self.eintraege:
            self._antworten.popitem(last=False)

    def stand_setzen(self, stand: str | None) -> bool:
        """The version the service names now (None: it did not answer). True when it changed,
        which drops every kept answer."""
        if stand == self.stand:
            return False
        self.stand = stand
        self._antworten.clear()
        return True

    def __len__(self) -> int:
        return len(self._antworten)
