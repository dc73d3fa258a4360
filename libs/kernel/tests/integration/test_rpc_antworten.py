"""kernel.nameko.rpc.ReplyListener against real RabbitMQ: calls waiting for replies whose
queue is gone fail at once, and the listener (with its container) goes on (docs/adr/0058).

nameko's own listener raises ``ReplyQueueExpiredWithPendingReplies`` in its consumer thread,
which kills the container: in CI a gateway died that way when its readiness probe was
published before the listener had declared its queue, and every later test of it failed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from kombu import Connection, Queue
from nameko import config
from nameko.constants import AMQP_URI_CONFIG_KEY
from nameko.exceptions import ReplyQueueExpiredWithPendingReplies
from nameko.rpc import ReplyListener as NamekoReplyListener
from nameko.rpc import get_rpc_exchange

from kernel.nameko.rpc import ReplyListener

pytestmark = pytest.mark.rabbitmq


@pytest.fixture
def antwortschlange() -> Queue:
    name = f"rpc.reply-kerneltest-{uuid.uuid4().hex[:8]}"
    return Queue(name, exchange=get_rpc_exchange(), routing_key=name, auto_delete=True)


@pytest.fixture
def mit_broker(amqp_uri: str) -> Iterator[None]:
    with config.patch({AMQP_URI_CONFIG_KEY: amqp_uri}):
        yield


def zuhoerer(art: type[NamekoReplyListener], schlange: Queue) -> NamekoReplyListener:
    listener = art()
    listener.queue = schlange
    return listener


def test_waiting_calls_fail_at_once_when_the_reply_queue_is_gone(mit_broker, antwortschlange):
    listener = zuhoerer(ReplyListener, antwortschlange)
    warten_a = listener.register_for_reply("a")
    warten_b = listener.register_for_reply("b")

    listener.check_for_lost_replies()  # the queue was never declared: both replies are lost

    assert listener.pending == {}
    for warten in (warten_a, warten_b):
        with pytest.raises(ReplyQueueExpiredWithPendingReplies):
            warten()
    listener.check_for_lost_replies()  # nothing waits any more: nothing to check


def test_nameko_s_listener_would_raise_in_its_consumer_thread(mit_broker, antwortschlange):
    """The behaviour replaced: the exception leaves the check (and kills the container)."""
    listener = zuhoerer(NamekoReplyListener, antwortschlange)
    listener.register_for_reply("a")
    with pytest.raises(ReplyQueueExpiredWithPendingReplies):
        listener.check_for_lost_replies()


def test_waiting_calls_keep_waiting_while_the_reply_queue_exists(
    mit_broker, amqp_uri, antwortschlange
):
    listener = zuhoerer(ReplyListener, antwortschlange)
    with Connection(amqp_uri) as verbindung:
        antwortschlange(verbindung.default_channel).declare()
        warten = listener.register_for_reply("a")

        listener.check_for_lost_replies()

        assert list(listener.pending) == ["a"]
        listener.pending["a"].send({"result": 42, "error": None})
        assert warten() == {"result": 42, "error": None}
