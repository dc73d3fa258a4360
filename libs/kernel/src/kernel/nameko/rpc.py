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
"""

from __future__ import annotations

from typing import Any

from nameko import config
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_SSL_CONFIG_KEY, LOGIN_METHOD_CONFIG_KEY
from nameko.rpc import Responder, Rpc, RpcConsumer, get_rpc_exchange

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
