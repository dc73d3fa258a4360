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

On the calling side, ``ReplyListener`` replaces nameko's: when its reply queue is gone while
calls wait (it expired during a lost broker connection, or a call was published before the
listener had declared it at start), nameko raises in the listener's thread and the whole
container dies. Here those calls fail at once and the listener goes on (docs/adr/0058).
"""

from __future__ import annotations

from typing import Any

import structlog
from amqp.exceptions import NotFound
from nameko import config
from nameko.amqp.publish import Publisher, get_connection
from nameko.constants import AMQP_SSL_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY
from nameko.exceptions import ReplyQueueExpiredWithPendingReplies
from nameko.rpc import ReplyListener as NamekoReplyListener
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange

log = structlog.get_logger("kernel.rpc")

TRANSIENT = 1  # AMQP delivery mode: kept in memory only


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
