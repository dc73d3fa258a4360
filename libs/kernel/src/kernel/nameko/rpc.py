"""nameko's RPC entrypoint with lighter replies: ``from kernel.nameko import rpc``.

nameko sends every reply as a persistent message and waits for the broker's confirm before it
acknowledges the request. A reply goes to the caller's own, non-durable reply queue and is
worth nothing once the caller's time-out has passed: persisting it buys nothing, and a reply
lost with a broker connection is a time-out at the caller either way (the gateway answers
503). Here replies are transient and published without waiting for a confirm
(docs/adr/0023): a third fewer broker round trips per call, measured in bench.antrag's floor.

Every ``@rpc`` of one service must come from here or every one from nameko: the two
entrypoints keep separate consumers, and each would answer the other's methods with
MethodNotFound.

Every request names the broker user that published it: ``handle_message`` puts the request's
``user_id`` property into the worker's context data as ``broker_user`` (and drops whatever a
caller sent under that name). RabbitMQ refuses a message whose ``user_id`` is not the user of
the connection that publishes it, so the value is the caller's proven identity, not a claim;
absent when the caller set none. ``EventSourcing`` accepts a person only from the gateway's
user (docs/adr/0074); ``rpc_publish_options`` gives a client the ``user_id`` to send.

On the calling side, ``ReplyListener`` replaces nameko's: when its reply queue is gone while
calls wait (it expired during a lost broker connection, or a call was published before the
listener had declared it at start), nameko raises in the listener's thread and the whole
container dies. Here those calls fail at once and the listener goes on (docs/adr/0058).

``TimedCalls`` is every RPC client's common part (the gateway's ``DownstreamRpc`` builds on
it): that reply listener, transient requests that expire with the time-out, the service's own
broker user on every request, a time-out of our own (nameko waits for ever). ``TimedRpc`` is
the dependency a service calls one other service through, with only the context data named
passed on (a correlation id, a language: never a person). A call that gets no answer in time,
or finds the service missing or the broker gone, forgets its pending reply and raises the
caller's own error (a 503 at the gateway), never a hang.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import eventlet
import structlog
from amqp.exceptions import NotFound
from kombu import Connection
from kombu.exceptions import OperationalError
from nameko import config
from nameko.amqp.publish import Publisher, get_connection
from nameko.constants import AMQP_SSL_CONFIG_KEY, HEADER_PREFIX, LOGIN_METHOD_CONFIG_KEY
from nameko.exceptions import ReplyQueueExpiredWithPendingReplies, UnknownService
from nameko.rpc import Client, ClusterRpc, Responder, Rpc, RpcConsumer, get_rpc_exchange
from nameko.rpc import ReplyListener as NamekoReplyListener

log = structlog.get_logger("kernel.rpc")

TRANSIENT = 1  # AMQP delivery mode: kept in memory only
# Context data key of the broker user that published an RPC request, as the broker validated it.
BROKER_USER = "broker_user"


def broker_user(amqp_uri: str) -> str:
    """The user an AMQP URI logs in as (the broker's default, guest, when it names none)."""
    return Connection(amqp_uri).userid


def rpc_publish_options(amqp_uri: str) -> dict[str, str]:
    """What an RPC client publishes its requests with so that the service knows who asks:
    ``user_id``, the user of its own connection (the broker refuses any other)."""
    return {"user_id": broker_user(amqp_uri)}


class ReplyPublisher(Publisher):
    use_confirms = False
    delivery_mode = TRANSIENT


class LightResponder(Responder):
    publisher_cls = ReplyPublisher


class LightRpcConsumer(RpcConsumer):
    def handle_result(self, message: Any, result: Any, exc_info: Any) -> tuple[Any, Any]:
        responder = LightResponder(
            self.amqp_uri,
            get_rpc_exchange(),
            message,
            ssl=config.get(AMQP_SSL_CONFIG_KEY),
            login_method=config.get(LOGIN_METHOD_CONFIG_KEY),
        )
        result, exc_info = responder.send_response(result, exc_info)
        self.consumer.ack_message(message)
        return result, exc_info


class LightRpc(Rpc):
    rpc_consumer = LightRpcConsumer()

    def handle_message(self, body: Any, message: Any) -> None:
        # nameko turns every header into context data, with or without its prefix: both
        # spellings go, then the broker's word is put in.
        headers = message.headers
        for key in (BROKER_USER, f"{HEADER_PREFIX}.{BROKER_USER}"):
            headers.pop(key, None)
        user_id = message.properties.get("user_id")
        if user_id:
            headers[f"{HEADER_PREFIX}.{BROKER_USER}"] = user_id
        super().handle_message(body, message)


rpc = LightRpc.decorator


class ReplyListener(NamekoReplyListener):
    """nameko's shared reply listener, except that lost replies end the calls waiting for
    them instead of the container.

    Its consumer calls ``check_for_lost_replies`` each time it (re)connects. When calls wait
    and the reply queue does not exist, their replies are lost for good: each waiting call
    gets ``ReplyQueueExpiredWithPendingReplies`` (the caller maps it like a time-out), and
    the consumer then declares the queue anew and goes on consuming.
    """

    def check_for_lost_replies(self) -> None:
        if not self.pending:
            return
        try:
            with get_connection(self.amqp_uri, config.get(AMQP_SSL_CONFIG_KEY)) as connection:
                self.queue.bind(connection).queue_declare(passive=True)
        except NotFound:
            verloren, self.pending = self.pending, {}
            log.warning("rpc_antworten_verloren", wartende_aufrufe=len(verloren))
            for ereignis in verloren.values():
                ereignis.send_exception(
                    ReplyQueueExpiredWithPendingReplies("the reply queue was gone")
                )


class KeineAntwort(Exception):
    """A call to ``service`` got no answer: time-out, no such service, reply queue lost or
    broker unreachable (the reason is logged)."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


class TimedCalls(ClusterRpc):
    """The platform's RPC clients' common part: nameko's ``ClusterRpc`` with the kernel's reply
    listener, transient requests that expire with the time-out, no reply-queue declaration per
    request (the listener declares it when it connects: a broker round trip per call saved,
    docs/adr/0023), the service's own broker user on every request (docs/adr/0074) and
    ``call_within``: one call that waits at most ``timeout`` seconds."""

    reply_listener = ReplyListener()

    def __init__(self, **publisher_options: Any) -> None:
        publisher_options.setdefault("delivery_mode", TRANSIENT)
        super().__init__(**publisher_options)

    def setup(self) -> None:
        super().setup()
        self.publisher.declare = []
        self.publisher.publish_kwargs.update(rpc_publish_options(self.amqp_uri))

    def client_for(
        self, context_data: dict, service: str, method: str, timeout: float
    ) -> tuple[Client, list[str]]:
        registered: list[str] = []

        def register_for_reply(correlation_id: str) -> Callable[[], Any]:
            registered.append(correlation_id)
            return self.reply_listener.register_for_reply(correlation_id)

        publish = partial(self.publisher.publish, expiration=timeout)
        return Client(publish, register_for_reply, context_data, service, method), registered

    def forget_replies(self, correlation_ids: list[str]) -> None:
        for correlation_id in correlation_ids:
            self.reply_listener.pending.pop(correlation_id, None)

    def call_within(
        self,
        context_data: dict,
        service: str,
        method: str,
        timeout: float,
        args: tuple = (),
        kwargs: dict | None = None,
    ) -> Any:
        """The answer, or nameko's ``RemoteError`` for an error the service raised; no answer
        within ``timeout``: ``KeineAntwort``, and the pending reply is forgotten."""
        client, registered = self.client_for(context_data, service, method, timeout)
        timer = eventlet.Timeout(timeout)
        try:
            return client(*args, **(kwargs or {}))
        except eventlet.Timeout as abgelaufen:
            if abgelaufen is not timer:
                raise
            log.warning("rpc_timeout", service=service, method=method, seconds=timeout)
        except UnknownService:
            log.warning("rpc_unknown_service", service=service, method=method)
        except ReplyQueueExpiredWithPendingReplies:
            log.warning("rpc_reply_lost", service=service, method=method)
        except (OSError, OperationalError) as error:
            log.warning("rpc_broker_unreachable", service=service, error_type=type(error).__name__)
        finally:
            timer.cancel()
            self.forget_replies(registered)
        raise KeineAntwort(service)


class TimedRpc(TimedCalls):
    """``service.dependency(methode, **kwargs)`` calls ``dienst``'s method and returns its
    answer; a remote error comes back as nameko's ``RemoteError``. No answer within
    ``timeout`` seconds, an unknown service or a lost broker connection: ``nicht_erreichbar()``
    is raised. ``weitergegeben``: the worker's context data passed on with each call."""

    def __init__(
        self,
        dienst: str,
        timeout: float,
        nicht_erreichbar: Callable[[], Exception],
        weitergegeben: tuple[str, ...] = ("correlation_id",),
    ) -> None:
        super().__init__()
        self.dienst = dienst
        self.timeout = timeout
        self.nicht_erreichbar = nicht_erreichbar
        self.weitergegeben = weitergegeben

    def get_dependency(self, worker_ctx: Any) -> Callable[..., Any]:
        daten = {k: worker_ctx.data[k] for k in self.weitergegeben if k in worker_ctx.data}
        return partial(self.rufen, daten)

    def rufen(self, kontextdaten: dict[str, Any], methode: str, **kwargs: Any) -> Any:
        try:
            return self.call_within(kontextdaten, self.dienst, methode, self.timeout, (), kwargs)
        except KeineAntwort:
            raise self.nicht_erreichbar() from None
