"""RabbitMQ: the raw limit with pika (publisher confirms, one message at a time), the kernel's
batched-confirm publisher for comparison, and a queue that keeps what the outbox relay sends.

Every message is persistent and routed to a durable queue, so a confirm means "written to disk
by the broker" (an unroutable message is confirmed at once, which would flatter the figures).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

import pika

from bench.writers import Rate
from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage

BODY = b'{"event_type": "BenchItemAdjusted", "payload": {"item_id": "x", "delta": 5}}' * 4


def pika_parameters(amqp_uri: str) -> pika.ConnectionParameters:
    """pyamqp://user:password@host:port/vhost as pika parameters."""
    parts = urlsplit(amqp_uri)
    vhost = parts.path[1:] or "/"
    return pika.ConnectionParameters(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5672,
        virtual_host=vhost,
        credentials=pika.PlainCredentials(parts.username or "guest", parts.password or "guest"),
    )


@contextmanager
def bound_queue(amqp_uri: str, exchange: str, queue: str) -> Iterator[None]:
    """A durable queue bound to a durable topic exchange (every routing key) while in use."""
    connection = pika.BlockingConnection(pika_parameters(amqp_uri))
    channel = connection.channel()
    channel.exchange_declare(exchange, "topic", durable=True, auto_delete=False)
    channel.queue_delete(queue)
    channel.queue_declare(queue, durable=True)
    channel.queue_bind(queue, exchange, routing_key="#")
    try:
        yield
    finally:
        channel.queue_delete(queue)
        channel.exchange_delete(exchange)
        connection.close()


def pika_one_by_one(amqp_uri: str, seconds: float) -> Rate:
    """BlockingConnection + confirm_delivery(): each basic_publish waits for its own confirm."""
    queue = "bench.pika"
    connection = pika.BlockingConnection(pika_parameters(amqp_uri))
    try:
        channel = connection.channel()
        channel.queue_delete(queue)
        channel.queue_declare(queue, durable=True)
        channel.confirm_delivery()
        properties = pika.BasicProperties(delivery_mode=2, content_type="application/json")
        count = 0
        start = time.perf_counter()
        deadline = start + seconds
        while time.perf_counter() < deadline:
            channel.basic_publish("", queue, BODY, properties, mandatory=True)
            count += 1
        elapsed = time.perf_counter() - start
        channel.queue_delete(queue)
        return Rate(count, elapsed)
    finally:
        connection.close()


def kernel_publisher_batched(amqp_uri: str, seconds: float, batch_size: int = 500) -> Rate:
    """kernel.amqp_publisher.ConfirmingPublisher: batches, their confirms awaited together."""
    exchange, queue = "bench.publisher", "bench.publisher"
    publisher = ConfirmingPublisher(amqp_uri)
    with bound_queue(amqp_uri, exchange, queue):
        try:
            batch = [
                OutgoingMessage(exchange, "BenchItemAdjusted", BODY, message_id=str(i))
                for i in range(batch_size)
            ]
            publisher.publish(batch[:1])  # connect and declare, not counted
            count = 0
            start = time.perf_counter()
            deadline = start + seconds
            while time.perf_counter() < deadline:
                publisher.publish(batch)
                count += len(batch)
            return Rate(count, time.perf_counter() - start)
        finally:
            publisher.close()
