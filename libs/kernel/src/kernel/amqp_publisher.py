"""Publishing to RabbitMQ with publisher confirms, a batch at a time.

Messages of a batch go out back to back on one channel and the broker's acknowledgements are
awaited together: as safe as waiting for each (nothing counts as sent before its confirm) and
much faster. Order within the channel is kept, which keeps per-stream order.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import amqp
from amqp import spec
from kombu import Connection as KombuConnection

PERSISTENT = 2


class PublishFailed(Exception):
    """The broker refused (nack) or did not confirm in time; nothing of the batch counts as sent."""


@dataclass(frozen=True)
class OutgoingMessage:
    exchange: str
    routing_key: str
    body: bytes
    message_id: str
    headers: dict = field(default_factory=dict)
    correlation_id: str | None = None
    content_type: str = "application/json"


class ConfirmingPublisher:
    def __init__(self, amqp_uri: str, *, confirm_timeout: float = 30.0) -> None:
        self.amqp_uri = amqp_uri
        self.confirm_timeout = confirm_timeout
        self._connection: KombuConnection | None = None
        self._channel: amqp.Channel | None = None
        self._declared: set = set()
        self._next_tag = 1
        self._batch_start = 1
        self._confirmed: set[int] = set()
        self._nacked = False
        self._lock = threading.Lock()  # green under eventlet: one batch on the channel at a time

    def _ensure_channel(self) -> amqp.Channel:
        if self._channel is not None and self._channel.is_open:
            return self._channel
        self.close()
        self._connection = KombuConnection(self.amqp_uri, connect_timeout=10, heartbeat=0)
        self._connection.connect()
        channel = self._connection.connection.channel()
        channel.confirm_select()
        channel.events["basic_ack"].add(self._on_ack)
        channel.events["basic_nack"].add(self._on_nack)
        self._channel = channel
        self._declared.clear()
        self._next_tag = 1
        return channel

    def _on_ack(self, delivery_tag: int, multiple: bool) -> None:
        # The broker answers every tag once, ack or nack, alone or "multiple" (all up to it).
        first = self._batch_start if multiple else delivery_tag
        self._confirmed.update(range(first, delivery_tag + 1))

    def _on_nack(self, delivery_tag: int, multiple: bool) -> None:
        self._nacked = True
        self._on_ack(delivery_tag, multiple)

    def declare_exchange(self, name: str) -> None:
        channel = self._ensure_channel()
        if name and name not in self._declared:  # "" is the default exchange
            channel.exchange_declare(name, "topic", durable=True, auto_delete=False)
            self._declared.add(name)

    def declare_queue(self, name: str, arguments: dict) -> None:
        """Make sure a queue exists before publishing to it by name: the default exchange
        confirms a message it could not route, and it would be gone."""
        with self._lock:
            try:
                channel = self._ensure_channel()
                if ("queue", name) not in self._declared:
                    channel.queue_declare(
                        name, durable=True, auto_delete=False, arguments=arguments
                    )
                    self._declared.add(("queue", name))
            except Exception as error:
                self.close()
                raise PublishFailed(f"declaring a queue failed: {type(error).__name__}") from error

    def publish(self, messages: Sequence[OutgoingMessage]) -> None:
        """Publish all and return only when the broker confirmed every one; else raise."""
        if not messages:
            return
        with self._lock:
            self._publish(messages)

    def _publish(self, messages: Sequence[OutgoingMessage]) -> None:
        try:
            channel = self._ensure_channel()
            for exchange in {m.exchange for m in messages}:
                self.declare_exchange(exchange)
            self._batch_start = self._next_tag
            self._confirmed = set()
            self._nacked = False
            for message in messages:
                properties = {
                    "delivery_mode": PERSISTENT,
                    "content_type": message.content_type,
                    "message_id": message.message_id,
                    "application_headers": message.headers,
                }
                if message.correlation_id:
                    properties["correlation_id"] = message.correlation_id
                channel.basic_publish(
                    amqp.Message(message.body, **properties),
                    exchange=message.exchange,
                    routing_key=message.routing_key,
                )
                self._next_tag += 1
            last = self._next_tag - 1
            deadline = time.monotonic() + self.confirm_timeout
            while len(self._confirmed) < last - self._batch_start + 1:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PublishFailed("the broker did not confirm in time")
                channel.wait([spec.Basic.Ack, spec.Basic.Nack], timeout=remaining)
        except PublishFailed:
            self.close()
            raise
        except Exception as error:  # connection lost, channel closed, socket time-out
            self.close()
            raise PublishFailed(f"publishing failed: {type(error).__name__}") from error
        if self._nacked:
            raise PublishFailed("the broker refused (nack) a message of the batch")

    def close(self) -> None:
        if self._connection is not None:
            # Closing a broken connection may fail; it is gone either way.
            with contextlib.suppress(Exception):
                self._connection.release()
        self._connection = None
        self._channel = None
