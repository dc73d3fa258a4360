"""Retry and parking topology on RabbitMQ, and the operator's view of parked messages.

For every consumer queue Q:
- Q.retry.<n> holds a failed message for the n-th back-off delay (a per-queue TTL), then
  dead-letters it back into Q. Nothing waits in memory; nothing loops hot.
- <service>.dead-letters (one per service) holds messages that failed for good or could not be
  read at all, with the reason in their headers, until an operator re-drives them into Q.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from amqp.exceptions import NotFound
from kombu import Connection, Queue

from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage
from kernel.envelope import new_id, utc_now_rfc3339

DEFAULT_RETRY_DELAYS = (1.0, 5.0, 30.0, 120.0, 600.0)

H_ATTEMPT = "x-attempt"
H_ORIGINAL_QUEUE = "x-original-queue"
H_REASON = "x-parked-reason"
H_ERROR_TYPE = "x-error-type"
H_ERROR = "x-error"
H_PARKED_AT = "x-parked-at"


def queue_arguments() -> dict:
    """Quorum queues in production (SOZ_QUEUE_TYPE=quorum), classic on the embedded default."""
    return {"x-queue-type": os.environ.get("SOZ_QUEUE_TYPE", "classic")}


def parking_queue_name(service: str) -> str:
    return f"{service}.dead-letters"


def retry_queue_name(queue: str, level: int) -> str:
    return f"{queue}.retry.{level}"


def retry_queue_arguments(queue: str, delay: float) -> dict:
    return {
        **queue_arguments(),
        "x-message-ttl": int(delay * 1000),
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": queue,
    }


def retry_queues(queue: str, delays: tuple[float, ...]) -> list[Queue]:
    return [
        Queue(
            retry_queue_name(queue, level),
            durable=True,
            queue_arguments=retry_queue_arguments(queue, delay),
        )
        for level, delay in enumerate(delays)
    ]


def parking_queue(service: str) -> Queue:
    return Queue(parking_queue_name(service), durable=True, queue_arguments=queue_arguments())


def declare_topology(amqp_uri: str, service: str, queue: Queue, delays: tuple[float, ...]) -> None:
    """The consumer queue with its binding, its retry queues and the parking queue, declared
    before the service reports ready: an event published from then on is kept, not dropped
    by an exchange that has no queue bound yet."""
    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        for declared in [queue, *retry_queues(queue.name, delays), parking_queue(service)]:
            declared(channel).declare()


def park_message(
    publisher: ConfirmingPublisher,
    service: str,
    *,
    body: bytes,
    content_type: str | None,
    headers: dict,
    message_id: str | None,
    original_queue: str,
    reason: str,
    error_type: str,
    error: str,
) -> None:
    """Put a message into the service's parking queue (confirmed) with why it is there."""
    publisher.declare_queue(parking_queue_name(service), queue_arguments())
    publisher.publish(
        [
            OutgoingMessage(
                exchange="",
                routing_key=parking_queue_name(service),
                body=body,
                message_id=message_id or new_id(),
                content_type=content_type or "application/octet-stream",
                headers={
                    **headers,
                    H_ORIGINAL_QUEUE: original_queue,
                    H_REASON: reason,
                    H_ERROR_TYPE: error_type,
                    H_ERROR: error[:500],
                    H_PARKED_AT: utc_now_rfc3339(),
                },
            )
        ]
    )


@dataclass(frozen=True)
class ParkedMessage:
    message_id: str
    original_queue: str
    reason: str
    error_type: str
    error: str
    attempts: int
    parked_at: str
    event_type: str | None
    size: int


class DeadLetters:
    """List and re-drive the parked messages of one service."""

    def __init__(self, amqp_uri: str, service: str) -> None:
        self.amqp_uri = amqp_uri
        self.service = service

    def _open(self):  # noqa: ANN202
        """(connection, channel, queue), or None when the service never parked anything."""
        connection = Connection(self.amqp_uri)
        channel = connection.channel()
        queue = parking_queue(self.service)(channel)
        try:
            queue.queue_declare(passive=True)
        except NotFound:
            connection.release()
            return None
        return connection, channel, queue

    def list(self) -> list[ParkedMessage]:
        """Every parked message, left in place (read without ack, returned on channel close)."""
        opened = self._open()
        if opened is None:
            return []
        connection, channel, queue = opened
        try:
            return [self._describe(m) for m in self._take_all(queue)]
        finally:
            channel.close()  # unacknowledged messages go back to the queue, in order
            connection.release()

    def redrive(self, message_id: str | None = None) -> int:
        """Send one parked message (by id) or all of them back to the queue they came from."""
        opened = self._open()
        if opened is None:
            return 0
        connection, channel, queue = opened
        publisher = ConfirmingPublisher(self.amqp_uri)
        moved = 0
        try:
            for message in self._take_all(queue):
                if message_id is not None and message.properties.get("message_id") != message_id:
                    continue
                headers = {
                    key: value
                    for key, value in (message.headers or {}).items()
                    if not key.startswith("x-")
                }
                original_queue = message.headers[H_ORIGINAL_QUEUE]
                publisher.declare_queue(original_queue, queue_arguments())
                publisher.publish(
                    [
                        OutgoingMessage(
                            exchange="",
                            routing_key=original_queue,
                            body=message.body,
                            message_id=message.properties.get("message_id") or new_id(),
                            content_type=message.content_type or "application/octet-stream",
                            headers={**headers, H_ATTEMPT: 0},
                        )
                    ]
                )
                message.ack()  # only after the broker confirmed the copy
                moved += 1
        finally:
            publisher.close()
            channel.close()
            connection.release()
        return moved

    @staticmethod
    def _take_all(queue):  # noqa: ANN001, ANN205
        # Only what is there now: a message parked again meanwhile is not taken twice.
        _, count, _ = queue.queue_declare(passive=True)
        for _ in range(count):
            message = queue.get(no_ack=False, accept=None)
            if message is None:
                time.sleep(0.05)
                message = queue.get(no_ack=False, accept=None)
                if message is None:
                    return
            yield message

    @staticmethod
    def _describe(message) -> ParkedMessage:  # noqa: ANN001
        headers = message.headers or {}
        return ParkedMessage(
            message_id=message.properties.get("message_id", ""),
            original_queue=headers.get(H_ORIGINAL_QUEUE, "?"),
            reason=headers.get(H_REASON, "?"),
            error_type=headers.get(H_ERROR_TYPE, "?"),
            error=headers.get(H_ERROR, ""),
            attempts=int(headers.get(H_ATTEMPT, 0)),
            parked_at=headers.get(H_PARKED_AT, ""),
            event_type=headers.get("event_type"),
            size=len(message.body or b""),
        )
