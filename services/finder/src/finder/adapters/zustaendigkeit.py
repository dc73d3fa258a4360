"""Postcode (and town) -> Gemeinde key, asked of the zustaendigkeit service by RPC
(docs/adr/0098): the finder keeps no copy of the postcode data.

``zustaendigkeit_rpc`` is the kernel's ``TimedRpc`` (docs/adr/0058, 0074): a time-out of our
own, then ``DienstNichtErreichbar``; only the correlation id and language are passed on, never a
person: the finder acts for nobody.

``Gemeindesuche`` keeps answers for a while (``SOZ_FINDER_ORT_CACHE_SEKUNDEN``): the postcode
data changes with an import, a few times a year, and an evaluation should not cost a second
RPC each time.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import Any

from nameko.exceptions import RemoteError

from finder.fehler import DienstNichtErreichbar
from finder.fragen import PlzUnbekannt
from kernel.nameko.rpc import TimedRpc


def zustaendigkeit_rpc(dienst: str, timeout: float) -> TimedRpc:
    return TimedRpc(
        dienst,
        timeout,
        lambda: DienstNichtErreichbar("zustaendigkeit_nicht_erreichbar"),
        weitergegeben=("correlation_id", "language"),
    )


class Gemeindesuche:
    """``(plz, ort) -> [{"ags", "name"}]``, the Gemeinden of a place, one per key; raises
    ``PlzUnbekannt``. ``rufen(methode, **kwargs)`` calls zustaendigkeit."""

    def __init__(self, sekunden: float, eintraege: int = 20_000) -> None:
        self.sekunden = sekunden
        self.eintraege = eintraege
        self._gemerkt: OrderedDict[tuple[str, str | None], tuple[float, Any]] = OrderedDict()

    def mit(self, rufen: Callable[..., Any]) -> Callable[[str, str | None], list[dict[str, str]]]:
        return partial(self.suchen, rufen)

    def suchen(self, rufen: Callable[..., Any], plz: str, ort: str | None) -> list[dict[str, str]]:
        schluessel = (plz, ort or None)
        jetzt = time.monotonic()
        gemerkt = self._gemerkt.get(schluessel)
        if gemerkt is not None and jetzt - gemerkt[0] < self.sekunden:
            antwort = gemerkt[1]
        else:
            antwort = self._fragen(rufen, plz, ort or None)
            self._gemerkt[schluessel] = (jetzt, antwort)
            self._gemerkt.move_to_end(schluessel)
            while len(self._gemerkt) > self.eintraege:
                self._gemerkt.popitem(last=False)
        if antwort is None:
            raise PlzUnbekannt()
        return antwort

    def _fragen(
        self, rufen: Callable[..., Any], plz: str, ort: str | None
    ) -> list[dict[str, str]] | None:
        """None: the postcode is unknown. A town that narrows nothing (unknown, or not
        readable) is left aside: the postcode decides."""
        try:
            antwort = rufen("ermitteln", plz=plz, ort=ort)
        except RemoteError as fehler:
            if fehler.exc_type == "PlzUnbekannt":
                return None
            if ort is None or fehler.exc_type not in ("OrtUnbekannt", "UngueltigeEingabe"):
                if fehler.exc_type == "UngueltigeEingabe":
                    return None
                raise
            return self._fragen(rufen, plz, None)
        gemeinden: dict[str, list[str]] = {}
        for kandidat in antwort.get("kandidaten", []):
            namen = gemeinden.setdefault(kandidat["ags"], [])
            if kandidat["ort"] not in namen:
                namen.append(kandidat["ort"])
        if not gemeinden:
            return None if ort is None else self._fragen(rufen, plz, None)
        return [
            {"ags": ags, "name": namen[0] if len(namen) == 1 else ", ".join(sorted(namen))}
            for ags, namen in sorted(gemeinden.items(), key=lambda e: e[1][0])
        ]
