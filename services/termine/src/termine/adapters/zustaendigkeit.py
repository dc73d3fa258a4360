"""Where a place lies, asked of the zustaendigkeit service by RPC (``lage``, docs/adr/0108):
termine keeps no copy of the postcode data.

``zustaendigkeit_rpc`` is the kernel's ``TimedRpc`` (a time-out of our own, then
``DienstNichtErreichbar``); it passes on only the correlation id, never a person.
Answers are kept for a while: places change with a data import, a few times a year.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from functools import partial
from typing import Any

from nameko.exceptions import RemoteError

from kernel.nameko.rpc import TimedRpc
from termine.fehler import OrtUnbekannt, TermineFehler, UngueltigeEingabe


class DienstNichtErreichbar(TermineFehler):
    def __init__(self) -> None:
        super().__init__(code="zustaendigkeit_nicht_erreichbar")


def zustaendigkeit_rpc(timeout: float = 5.0) -> TimedRpc:
    return TimedRpc("zustaendigkeit", timeout, DienstNichtErreichbar)


class Ortsgedaechtnis:
    """``(plz, ort) -> lage answer``, kept ``sekunden``; zustaendigkeit's errors become ours."""

    def __init__(self, sekunden: float = 3600.0, eintraege: int = 20_000) -> None:
        self.sekunden = sekunden
        self.eintraege = eintraege
        self._gemerkt: OrderedDict[tuple[str | None, str | None], tuple[float, Any]] = OrderedDict()

    def mit(self, rufen: Callable[..., Any]) -> Callable[[str | None, str | None], dict[str, Any]]:
        return partial(self.lage, rufen)

    def lage(self, rufen: Callable[..., Any], plz: str | None, ort: str | None) -> dict[str, Any]:
        schluessel = (plz, ort.casefold() if ort else None)
        jetzt = time.monotonic()
        gemerkt = self._gemerkt.get(schluessel)
        if gemerkt is not None and jetzt - gemerkt[0] < self.sekunden:
            return gemerkt[1]
        try:
            antwort = rufen("lage", plz=plz, ort=ort)
        except RemoteError as fehler:
            if fehler.exc_type in ("PlzUnbekannt", "OrtUnbekannt"):
                raise OrtUnbekannt() from None
            if fehler.exc_type == "UngueltigeEingabe":
                raise UngueltigeEingabe({"plz" if plz else "ort": "ungueltig"}) from None
            raise
        self._gemerkt[schluessel] = (jetzt, antwort)
        while len(self._gemerkt) > self.eintraege:
            self._gemerkt.popitem(last=False)
        return antwort
