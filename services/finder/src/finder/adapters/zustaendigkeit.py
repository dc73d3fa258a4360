"""Postcode (and town) -> Gemeinde key, asked of the zustaendigkeit service by RPC
(docs/adr/0098): the finder keeps no copy of the postcode data.

``ZustaendigkeitRpc`` is nameko's ``ClusterRpc`` with what the platform's RPC clients need:
the kernel's reply listener (lost replies end the calls waiting for them, not the container,
docs/adr/0058), transient requests that expire with the time-out, the service's own broker
user on every request (docs/adr/0074), a time-out of our own (nameko waits for ever), and only
the correlation id and language passed on: never a person, the finder acts for nobody.

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

import eventlet
import structlog
from kombu.exceptions import OperationalError
from nameko.exceptions import RemoteError, ReplyQueueExpiredWithPendingReplies, UnknownService
from nameko.rpc import Client, ClusterRpc

from finder.fehler import DienstNichtErreichbar
from finder.fragen import PlzUnbekannt
from kernel.nameko.rpc import ReplyListener, rpc_publish_options

log = structlog.get_logger("finder.zustaendigkeit")

TRANSIENT = 1
WEITERGEGEBEN = ("correlation_id", "language")  # context data passed on; never person_id


class ZustaendigkeitRpc(ClusterRpc):
    reply_listener = ReplyListener()

    def __init__(self, dienst: str, timeout: float) -> None:
        super().__init__(delivery_mode=TRANSIENT)
        self.dienst = dienst
        self.timeout = timeout

    def setup(self) -> None:
        super().setup()
        self.publisher.declare = []  # the reply listener declares its queue when it connects
        self.publisher.publish_kwargs.update(rpc_publish_options(self.amqp_uri))

    def get_dependency(self, worker_ctx) -> Callable[..., Any]:  # noqa: ANN001
        daten = {k: worker_ctx.data[k] for k in WEITERGEGEBEN if k in worker_ctx.data}
        return partial(self.rufen, daten)

    def rufen(self, kontextdaten: dict[str, Any], methode: str, **kwargs: Any) -> Any:
        registriert: list[str] = []

        def register_for_reply(correlation_id: str) -> Callable[[], Any]:
            registriert.append(correlation_id)
            return self.reply_listener.register_for_reply(correlation_id)

        publish = partial(self.publisher.publish, expiration=self.timeout)
        client = Client(publish, register_for_reply, kontextdaten, self.dienst, methode)
        timer = eventlet.Timeout(self.timeout)
        try:
            return client(**kwargs)
        except eventlet.Timeout as abgelaufen:
            if abgelaufen is not timer:
                raise
            log.warning("zustaendigkeit_timeout", sekunden=self.timeout)
        except (
            UnknownService,
            ReplyQueueExpiredWithPendingReplies,
            OSError,
            OperationalError,
        ) as e:
            log.warning("zustaendigkeit_nicht_erreichbar", error_type=type(e).__name__)
        finally:
            timer.cancel()
            for correlation_id in registriert:
                self.reply_listener.pending.pop(correlation_id, None)
        raise DienstNichtErreichbar("zustaendigkeit_nicht_erreichbar")


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
