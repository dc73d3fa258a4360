"""EventSubscription: a nameko entrypoint that consumes one event type of one producer, with
retries on back-off queues and a parking queue instead of nameko's ack-and-forget.

    @subscribe("zustaendigkeit", "ZustaendigkeitErmittelt")
    def on_zustaendigkeit_ermittelt(self, event: Envelope) -> None:
        self.events.handle_once("antrag.zustaendigkeit", event, handlers.zustaendigkeit_ermittelt)

- A body that is no valid envelope, or whose payload does not match its registered schema,
  goes to the parking queue at once: no retry can mend it.
- A payload of an older schema version reaches the service upcast to the latest, by the
  application's upcasters (the same that lift stored events on read).
- A handler that raises is retried after 1 s, 5 s, 30 s, 2 min, 10 min (on TTL queues, not in
  memory), then parked. ``PermanentFailure`` parks at once.
- The message is acknowledged only after its copy sits confirmed in a retry or parking queue:
  never dropped, never requeued hot.
"""

from __future__ import annotations

import traceback
from functools import partial

import eventlet
import structlog
from kombu import Exchange, Queue
from nameko import config
from nameko.exceptions import ContainerBeingKilled
from nameko.messaging import Consumer

from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage, PublishFailed
from kernel.dead_letters import (
    DEFAULT_RETRY_DELAYS,
    H_ATTEMPT,
    declare_topology,
    park_message,
    queue_arguments,
    retry_queue_arguments,
    retry_queue_name,
)
from kernel.envelope import Envelope
from kernel.errors import KernelError, MalformedEnvelope, PermanentFailure
from kernel.metrics import DEAD_LETTERS, HANDLER_RETRIES
from kernel.outbox import exchange_name

log = structlog.get_logger("kernel.subscription")


class EventSubscription(Consumer):
    def __init__(
        self,
        source_service: str,
        event_type: str,
        *,
        retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS,
        **consumer_options,
    ) -> None:
        self.source_service = source_service
        self.event_type = event_type
        self.retry_delays = tuple(retry_delays)
        super().__init__(queue=None, **consumer_options)

    def setup(self) -> None:
        service = self.container.service_name
        self.queue_name = f"{service}.{self.method_name}"
        self.queue = Queue(
            self.queue_name,
            exchange=Exchange(
                exchange_name(self.source_service), "topic", durable=True, auto_delete=False
            ),
            routing_key=self.event_type,
            durable=True,
            queue_arguments=queue_arguments(),
        )
        self.consumer_options["on_decode_error"] = self._on_decode_error
        self.publisher = ConfirmingPublisher(config["AMQP_URI"])
        declare_topology(config["AMQP_URI"], service, self.queue, self.retry_delays)
        super().setup()

    def stop(self) -> None:
        super().stop()
        self.publisher.close()

    # receiving -------------------------------------------------------------------------------

    def _on_decode_error(self, message, error: Exception) -> None:  # noqa: ANN001
        self._park(message, reason="malformed", error=error)

    def handle_message(self, body, message) -> None:  # noqa: ANN001
        try:
            envelope = Envelope.from_json(body)
            if envelope.event_type != self.event_type:
                raise MalformedEnvelope(f"expected {self.event_type}, got another event type")
            envelope = self._checked_and_upcast(envelope)
        except KernelError as error:
            self._park(message, reason="malformed", error=error)
            return
        context_data = {
            "correlation_id": envelope.correlation_id,
            "causation_id": envelope.event_id,
        }
        handle_result = partial(self.handle_result, message)

        def spawn_worker() -> None:
            try:
                self.container.spawn_worker(
                    self, (envelope,), {}, context_data=context_data, handle_result=handle_result
                )
            except ContainerBeingKilled:
                self.consumer.requeue_message(message)

        self.container.spawn_managed_thread(spawn_worker, identifier=f"spawn[{self.queue_name}]")

    def _checked_and_upcast(self, envelope: Envelope) -> Envelope:
        """Checked against the registered schema of its version, then lifted to the latest
        version by the application's upcasters (a handler sees one shape of each event, as a
        reader of the store does). Without the service's EventSourcing dependency: as it came.
        """
        from kernel.nameko.provider import EventSourcing

        for dependency in self.container.dependencies:
            if isinstance(dependency, EventSourcing) and dependency.application is not None:
                store = dependency.application.store
                store.check_payload(envelope.event_type, envelope.schema_version, envelope.payload)
                return store.upcasters.upcast_envelope(envelope)
        return envelope

    # outcome ---------------------------------------------------------------------------------

    def handle_result(self, message, worker_ctx, result=None, exc_info=None):  # noqa: ANN001, ANN201
        if exc_info is None:
            self.consumer.ack_message(message)
            return result, exc_info
        error = exc_info[1]
        attempt = int((message.headers or {}).get(H_ATTEMPT, 0))
        service = self.container.service_name
        if isinstance(error, PermanentFailure) or attempt >= len(self.retry_delays):
            reason = (
                "permanent_failure" if isinstance(error, PermanentFailure) else "retries_exhausted"
            )
            self._park(message, reason=reason, error=error)
        else:
            try:
                self._schedule_retry(message, attempt)
            except PublishFailed:
                # The broker is in trouble: give the message back, slowly, rather than lose it.
                eventlet.sleep(1)
                self.consumer.requeue_message(message)
                return result, exc_info
            HANDLER_RETRIES.labels(service, self.method_name).inc()
            log.warning(
                "handler_failed_will_retry",
                handler=self.method_name,
                error_type=type(error).__name__,
                attempt=attempt + 1,
                retry_in_seconds=self.retry_delays[attempt],
            )
            self.consumer.ack_message(message)
        return result, exc_info

    def _schedule_retry(self, message, attempt: int) -> None:  # noqa: ANN001
        self.publisher.declare_queue(
            retry_queue_name(self.queue_name, attempt),
            retry_queue_arguments(self.queue_name, self.retry_delays[attempt]),
        )
        self.publisher.publish(
            [
                OutgoingMessage(
                    exchange="",
                    routing_key=retry_queue_name(self.queue_name, attempt),
                    body=message.body,
                    message_id=message.properties.get("message_id") or "",
                    content_type=message.content_type or "application/json",
                    headers={**(message.headers or {}), H_ATTEMPT: attempt + 1},
                )
            ]
        )

    def _park(self, message, *, reason: str, error: BaseException) -> None:  # noqa: ANN001
        service = self.container.service_name
        try:
            park_message(
                self.publisher,
                service,
                body=message.body,
                content_type=message.content_type,
                headers=dict(message.headers or {}),
                message_id=message.properties.get("message_id"),
                original_queue=self.queue_name,
                reason=reason,
                error_type=type(error).__name__,
                error=describe_error(error),
            )
        except PublishFailed:
            eventlet.sleep(1)
            self.consumer.requeue_message(message)
            return
        DEAD_LETTERS.labels(service, self.method_name, reason).inc()
        log.error(
            "message_parked",
            handler=self.method_name,
            reason=reason,
            error_type=type(error).__name__,
            message_id=message.properties.get("message_id"),
        )
        self.consumer.ack_message(message)


subscribe = EventSubscription.decorator


def describe_error(error: BaseException) -> str:
    """For the operator: the kernel's own messages (they carry no values) or, for any other
    exception, its type and where it was raised, but not its message, which may quote data."""
    if isinstance(error, KernelError):
        return str(error)
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return type(error).__name__
    frame = frames[-1]
    return f"{type(error).__name__} at {frame.filename}:{frame.lineno} in {frame.name}"
