"""RPC from the gateway to the services: always with a time-out, always with the person.

nameko 3.0.0rc11's ``ServiceRpc`` waits for a reply for ever. ``DownstreamRpc`` is the same
client (it is a ``ClusterRpc``: same publisher, same shared reply listener) with

- a time-out around publish and reply (``eventlet.Timeout``), after which the person gets a
  503 (``DienstNichtVerfuegbar``) and the pending reply is dropped;
- the same time-out as the request message's expiration, so a service that comes back later
  does not act on a request whose caller has long been told it failed;
- the worker's context data sent along as nameko does: ``person_id`` of the authenticated
  person (absent when nobody is logged in), ``correlation_id`` and ``language``
  (docs/adr/0023).

    dienste.zustaendigkeit.ermitteln("10115", ort=None)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import eventlet
import structlog
from kombu.exceptions import OperationalError
from nameko.exceptions import MethodNotFound, UnknownService
from nameko.rpc import Client, ClusterRpc

from gateway.fehler import DienstNichtVerfuegbar

log = structlog.get_logger("gateway.dienste")

# Keys of the worker context data that travel with every RPC (nameko sends them as headers).
PERSON_ID = "person_id"
CORRELATION_ID = "correlation_id"
LANGUAGE = "language"  # nameko.constants.LANGUAGE_CONTEXT_KEY: nameko.contextdata.Language
# No service can define a method of this name (not a Python identifier), so a running service
# always answers it at once with MethodNotFound: proof that it consumes and replies.
PROBE_METHOD = "health-probe"


class DownstreamRpc(ClusterRpc):
    """Declare once on the service; the web layer hands each handler a ``Downstream``."""

    def __init__(self, **publisher_options: Any) -> None:
        super().__init__(**publisher_options)
        self.timeout = 5.0

    def configure(self, timeout: float) -> None:
        self.timeout = timeout

    def get_dependency(self, worker_ctx) -> Downstream:  # noqa: ANN001
        return self.downstream(worker_ctx.data)

    def downstream(self, context_data: dict) -> Downstream:
        """For one worker: its context data (person, correlation, language) goes along."""
        return Downstream(self, context_data, self.timeout)

    def client_for(
        self, context_data: dict, service: str, method: str, timeout: float
    ) -> tuple[Client, list[str]]:
        registered: list[str] = []

        def register_for_reply(correlation_id: str) -> Callable[[], Any]:
            registered.append(correlation_id)
            return self.reply_listener.register_for_reply(correlation_id)

        publish = partial(self.publisher.publish, expiration=timeout)
        return Client(publish, register_for_reply, context_data, service, method), registered

    def forget_replies(self, correlation_ids: Iterable[str]) -> None:
        for correlation_id in correlation_ids:
            self.reply_listener.pending.pop(correlation_id, None)


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

    def call(self, service: str, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call and wait at most the time-out. Remote errors are raised as nameko gives them
        (``RemoteError`` with ``exc_type``); ``gateway.fehler`` maps them."""
        client, registered = self._provider.client_for(
            self._context_data, service, method, self._timeout
        )
        timer = eventlet.Timeout(self._timeout)
        try:
            return client(*args, **kwargs)
        except eventlet.Timeout as timeout:
            if timeout is not timer:
                raise
            log.warning("rpc_timeout", service=service, method=method, seconds=self._timeout)
            raise DienstNichtVerfuegbar(service) from None
        except UnknownService:
            log.warning("rpc_unknown_service", service=service, method=method)
            raise DienstNichtVerfuegbar(service) from None
        except (OSError, OperationalError) as error:
            log.warning("rpc_broker_unreachable", service=service, error_type=type(error).__name__)
            raise DienstNichtVerfuegbar(service) from None
        finally:
            timer.cancel()
            self._provider.forget_replies(registered)

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
