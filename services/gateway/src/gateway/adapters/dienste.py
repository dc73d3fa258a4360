"""RPC from the gateway to the services: always with a time-out, always with the person.

nameko 3.0.0rc11's ``ServiceRpc`` waits for a reply for ever. ``DownstreamRpc`` is the same
client (a ``ClusterRpc``, through ``kernel.nameko.rpc.TimedCalls``, which the services' own
clients share: same publisher, same shared reply listener) with

- a time-out around publish and reply (``eventlet.Timeout``), after which the person gets a
  503 (``DienstNichtVerfuegbar``) and the pending reply is dropped;
- the same time-out as the request message's expiration, so a service that comes back later
  does not act on a request whose caller has long been told it failed;
- the worker's context data sent along as nameko does: ``person_id`` of the authenticated
  person (absent when nobody is logged in), ``correlation_id`` and ``language``
  (docs/adr/0023);
- every request published with ``user_id``, the gateway's own broker user: the broker refuses
  it from any other connection, and the services take a person only from this user
  (``SOZ_GATEWAY_BROKER_USER``, docs/adr/0074);
- for the services of ``gateway.config.ZWISCHENSPEICHERBAR``, their answers kept per answer
  version (``adapters.zwischenspeicher``, docs/adr/0015): a background thread reads each one's
  version every few seconds; a kept answer is returned without a call.

    dienste.zustaendigkeit.ermitteln("10115", ort=None)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

import eventlet
import structlog
from nameko.exceptions import MethodNotFound, RemoteError

from gateway.adapters.zwischenspeicher import Antwortspeicher, Zwischenspeicherbar
from gateway.fehler import DienstNichtVerfuegbar
from kernel.envelope import new_id
from kernel.nameko.rpc import KeineAntwort, TimedCalls

log = structlog.get_logger("gateway.dienste")

# Keys of the worker context data that travel with every RPC (nameko sends them as headers).
PERSON_ID = "person_id"
CORRELATION_ID = "correlation_id"
LANGUAGE = "language"  # nameko.constants.LANGUAGE_CONTEXT_KEY: nameko.contextdata.Language
# No service can define a method of this name (not a Python identifier), so a running service
# always answers it at once with MethodNotFound: proof that it consumes and replies.
PROBE_METHOD = "health-probe"


class DownstreamRpc(TimedCalls):
    """Declare once on the service; the web layer hands each handler a ``Downstream``.

    Requests are transient messages (they expire with the time-out; a broker restart that
    loses them is a 503 like any other) and do not declare the reply queue again each time:
    the reply listener declares it whenever it (re)connects (docs/adr/0023). Replies lost
    with the reply queue end the calls waiting for them (a 503), not the gateway
    (``kernel.nameko.rpc.ReplyListener``, docs/adr/0058).
    """

    def __init__(self, **publisher_options: Any) -> None:
        super().__init__(**publisher_options)
        self.timeout = 5.0
        self.zwischenspeicher: dict[str, Antwortspeicher] = {}
        self.stand_pruefen_alle = 2.0

    def configure(
        self,
        timeout: float,
        zwischenspeicherbar: Mapping[str, Zwischenspeicherbar] | None = None,
        eintraege: int = 0,
        stand_pruefen_alle: float = 2.0,
    ) -> None:
        """Called by the web layer at set-up; ``eintraege`` 0 keeps no answers at all."""
        self.timeout = timeout
        self.stand_pruefen_alle = stand_pruefen_alle
        self.zwischenspeicher = {
            dienst: Antwortspeicher(dienst, zusage, eintraege)
            for dienst, zusage in (zwischenspeicherbar or {}).items()
            if eintraege > 0
        }

    def start(self) -> None:
        super().start()
        for speicher in self.zwischenspeicher.values():
            self.container.spawn_managed_thread(
                partial(self._stand_verfolgen, speicher), identifier=f"stand-{speicher.dienst}"
            )

    def _stand_verfolgen(self, speicher: Antwortspeicher) -> None:
        # The extensions start side by side. A reply registered before the reply listener has
        # declared its queue makes that listener fail at start (nameko's check for lost
        # replies finds a pending reply and no queue), so the first call waits for it.
        self.reply_listener.consumer.wait_until_consumer_ready()
        while True:
            self.stand_pruefen(speicher)
            eventlet.sleep(self.stand_pruefen_alle)

    def stand_pruefen(self, speicher: Antwortspeicher) -> None:
        """Read the service's answer version; any failure counts as unknown, which drops the
        kept answers (a service that does not answer gets its 503s, docs/adr/0015)."""
        downstream = Downstream(self, {CORRELATION_ID: new_id()}, self.timeout)
        try:
            stand = downstream.call(speicher.dienst, speicher.zusage.stand_methode)
        except Exception as error:  # noqa: BLE001 - this thread must never die
            stand = None
            grund = type(error).__name__
        else:
            stand = stand if isinstance(stand, str) else None
            grund = None
        if speicher.stand_setzen(stand):
            log.info("antwortstand_gewechselt", service=speicher.dienst, stand=stand, grund=grund)

    def get_dependency(self, worker_ctx) -> Downstream:  # noqa: ANN001
        return self.downstream(worker_ctx.data)

    def downstream(self, context_data: dict) -> Downstream:
        """For one worker: its context data (person, correlation, language) goes along."""
        return Downstream(self, context_data, self.timeout)


class Downstream:
    """The services, as seen by one worker: ``downstream.<service>.<method>(...)``."""

    def __init__(self, provider: DownstreamRpc, context_data: dict, timeout: float) -> None:
        self._provider = provider
        self._context_data = context_data
        self._timeout = timeout

    def __getattr__(self, service: str) -> _Service:
        if service.startswith("_"):
            raise AttributeError(service)
        return _Service(self, service)

    def mit_zeitlimit(self, sekunden: float) -> Downstream:
        """The same caller with another time-out, for the few calls known to take long (an
        upload converted to PDF)."""
        return Downstream(self._provider, self._context_data, sekunden)

    def call(self, service: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call and wait at most the time-out, or answer from the kept answers. Remote errors
        are raised as nameko gives them (``RemoteError`` with ``exc_type``); ``gateway.fehler``
        maps them."""
        speicher = self._provider.zwischenspeicher.get(service)
        schluessel = None if speicher is None else speicher.schluessel(method, args, kwargs)
        if speicher is None or schluessel is None:
            return self._rufen(service, method, args, kwargs)
        gefunden, antwort = speicher.lesen(schluessel)
        if gefunden:
            return antwort
        stand = speicher.stand
        try:
            antwort = self._rufen(service, method, args, kwargs)
        except RemoteError as error:
            speicher.fehler_merken(schluessel, stand, error)
            raise
        speicher.merken(schluessel, stand, antwort)
        return antwort

    def _rufen(self, service: str, method: str, args: tuple, kwargs: dict) -> Any:
        try:
            return self._provider.call_within(
                self._context_data, service, method, self._timeout, args, kwargs
            )
        except KeineAntwort:
            raise DienstNichtVerfuegbar(service) from None

    def answers(self, service: str, timeout: float) -> bool:
        """Whether a service consumes RPC requests and replies within ``timeout``."""
        probe = Downstream(self._provider, self._context_data, timeout)
        try:
            probe.call(service, PROBE_METHOD)
        except MethodNotFound:
            return True
        except Exception:  # noqa: BLE001 - any other outcome means: not ready
            return False
        return True

    def readiness(self, services: Iterable[str], timeout: float) -> dict[str, bool]:
        """Ask every service at once; the whole check takes at most ``timeout``."""
        names = list(services)
        pool = eventlet.GreenPool(max(1, len(names)))
        answers = pool.imap(lambda name: self.answers(name, timeout), names)
        return {f"service:{name}": ok for name, ok in zip(names, answers, strict=True)}


class _Service:
    def __init__(self, downstream: Downstream, service: str) -> None:
        self._downstream = downstream
        self._service = service

    def __getattr__(self, method: str) -> Callable[..., Any]:
        if method.startswith("_"):
            raise AttributeError(method)
        return partial(self._downstream.call, self._service, method)
