"""Where a place lies, asked of the zustaendigkeit service by RPC (``lage``, docs/adr/0108):
termine keeps no copy of the postcode data.

``ZustaendigkeitRpc`` is nameko's ``ClusterRpc`` as the platform's RPC clients need it (the
kernel's reply listener, transient requests that expire with the time-out, the service's own
broker user, a time-out of our own); it passes on only the correlation id, never a person.
Answers are kept for a while: places change with a data import, a few times a year.
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

from kernel.nameko.rpc import ReplyListener, rpc_publish_options
from termine.fehler import OrtUnbekannt, TermineFehler, UngueltigeEingabe

log = structlog.get_logger("termine.zustaendigkeit")

TRANSIENT = 1
WEITERGEGEBEN = ("correlation_id",)


class DienstNichtErreichbar(TermineFehler):
    def __init__(self) -> None:
        super().__init__(code="zustaendigkeit_nicht_erreichbar")


class ZustaendigkeitRpc(ClusterRpc):
    reply_listener = ReplyListener()

    def __init__(self, timeout: float = 5.0) -> None:
        super().__init__(delivery_mode=TRANSIENT)
        self.timeout = timeout

    def setup(self) -> None:
        super().setup()
        self.publisher.declare = []
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
        client = Client(publish, register_for_reply, kontextdaten, "zustaendigkeit", methode)
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
        raise DienstNichtErreichbar()


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
