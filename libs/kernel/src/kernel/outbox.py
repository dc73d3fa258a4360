"""The outbox relay: publishes committed outbox rows to RabbitMQ and deletes them after the confirm.

Why no high-water mark: sequence values are handed out before commit, so a transaction can
commit late with a smaller id than rows already published. A relay that remembered "published
up to id N" would pass over it for ever. This relay reads whatever rows are still in the outbox,
oldest first, every pass: a late row is simply there on the next pass.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import structlog
from sqlalchemy import delete, func, select, text

from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage, PublishFailed
from kernel.database import OUTBOX_CHANNEL
from kernel.eventstore import EventStore, RecordedEvent
from kernel.metrics import OUTBOX_LAG, OUTBOX_PENDING, OUTBOX_PUBLISHED
from kernel.tables import outbox

log = structlog.get_logger("kernel.outbox")

RELAY_LOCK_ID = 7_431_204_119


def exchange_name(producer: str) -> str:
    return f"{producer}.events"


def to_message(event: RecordedEvent) -> OutgoingMessage:
    return OutgoingMessage(
        exchange=exchange_name(event.producer),
        routing_key=event.event_type,
        body=event.envelope().to_json(),
        message_id=event.event_id,
        correlation_id=event.correlation_id,
        headers={
            "event_type": event.event_type,
            "schema_version": event.schema_version,
            "correlation_id": event.correlation_id,
        },
    )


class OutboxRelay:
    def __init__(
        self,
        store: EventStore,
        publisher: ConfirmingPublisher,
        *,
        batch_size: int = 500,
        idle_wait: float = 5.0,
        max_backoff: float = 30.0,
    ) -> None:
        self.store = store
        self.database = store.database
        self.publisher = publisher
        self.batch_size = batch_size
        self.idle_wait = idle_wait
        self.max_backoff = max_backoff
        self._wake = threading.Event()
        self._stopped = threading.Event()
        self.database.on_outbox_commit(self.wake)
        self.healthy = True

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stopped.set()
        self._wake.set()

    def publish_pending(self) -> int:
        """One pass: publish every row in the outbox now, in id order. Returns how many."""
        published = 0
        while True:
            with self.database.read() as connection:
                ids, created, recorded = self.store.read_outbox(connection, self.batch_size)
            if not ids:
                break
            self._record_lag(created)
            self.publisher.publish([to_message(event) for event in recorded])
            self.database.run_alone(delete(outbox).where(outbox.c.id.in_(ids)))
            published += len(ids)
            OUTBOX_PUBLISHED.labels(self.store.producer).inc(len(ids))
            if len(ids) < self.batch_size:
                break
        # The pass ended on a read that found the outbox drained: nothing is pending now (a row
        # committed since wakes the relay again). Counting is only needed when a pass fails.
        OUTBOX_PENDING.labels(self.store.producer).set(0)
        OUTBOX_LAG.labels(self.store.producer).set(0.0)
        return published

    def _record_lag(self, oldest_created_at: str) -> None:
        oldest = datetime.fromisoformat(oldest_created_at.replace("Z", "+00:00"))
        lag = (datetime.now(UTC) - oldest).total_seconds()
        OUTBOX_LAG.labels(self.store.producer).set(max(lag, 0.0))

    def _count_pending(self) -> None:
        """After a failed pass: how many rows wait for the broker."""
        try:
            with self.database.read() as connection:
                pending = connection.execute(select(func.count()).select_from(outbox)).scalar_one()
        except Exception:  # noqa: BLE001 - the database may be what failed
            return
        OUTBOX_PENDING.labels(self.store.producer).set(pending)

    def run(self) -> None:
        """Publish until stopped: after every local commit at once, otherwise every idle_wait
        seconds (and at once on PostgreSQL NOTIFY from other processes)."""
        backoff = 0.5
        with self._leadership():
            listener = self._start_listener()
            try:
                while not self._stopped.is_set():
                    self._wake.clear()
                    try:
                        self.publish_pending()
                        self.healthy = True
                        backoff = 0.5
                        self._wake.wait(self.idle_wait)
                    except PublishFailed as error:
                        self.healthy = False
                        self._count_pending()
                        log.warning("outbox_publish_failed", error=str(error), retry_in=backoff)
                        self._stopped.wait(backoff)
                        backoff = min(backoff * 2, self.max_backoff)
                    except Exception as error:  # noqa: BLE001 - the relay must outlive a DB outage
                        self.healthy = False
                        self._count_pending()
                        log.error("outbox_pass_failed", error_type=type(error).__name__)
                        self._stopped.wait(backoff)
                        backoff = min(backoff * 2, self.max_backoff)
            finally:
                if listener is not None:
                    listener.close()
                self.publisher.close()

    # several replicas of a service: one relay publishes, the others stand by ----------------

    def _leadership(self):  # noqa: ANN202
        return _PostgresLeadership(self) if not self.database.is_sqlite else _NoLeadership()

    def _start_listener(self) -> _NotifyListener | None:
        if self.database.is_sqlite:
            return None
        return _NotifyListener(self)


class _NoLeadership:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc_info: object) -> None:
        return None


class _PostgresLeadership:
    """A session advisory lock held for as long as this relay runs: per-stream order needs a
    single publisher per database."""

    def __init__(self, relay: OutboxRelay) -> None:
        self.relay = relay
        self.connection = None

    def __enter__(self) -> None:
        while not self.relay._stopped.is_set():
            connection = self.relay.database.engine.connect()
            acquired = connection.execute(
                text("SELECT pg_try_advisory_lock(:id)"), {"id": RELAY_LOCK_ID}
            ).scalar_one()
            connection.commit()
            if acquired:
                self.connection = connection
                return
            connection.close()
            self.relay._stopped.wait(self.relay.idle_wait)

    def __exit__(self, *exc_info: object) -> None:
        if self.connection is not None:
            self.connection.close()  # the lock ends with the session


class _NotifyListener:
    """Wakes the relay when another process commits outbox rows (PostgreSQL LISTEN)."""

    def __init__(self, relay: OutboxRelay) -> None:
        self.relay = relay
        self.raw = relay.database.engine.raw_connection()
        self.raw.driver_connection.set_isolation_level(0)  # autocommit: LISTEN acts at once
        with self.raw.driver_connection.cursor() as cursor:
            cursor.execute(f"LISTEN {OUTBOX_CHANNEL}")
        self._thread = threading.Thread(target=self._listen, daemon=True, name="outbox-listen")
        self._closed = threading.Event()
        self._thread.start()

    def _listen(self) -> None:
        import select as select_module

        driver = self.raw.driver_connection
        while not self._closed.is_set():
            try:
                ready, _, _ = select_module.select([driver], [], [], 1.0)
                if ready:
                    driver.poll()
                    if driver.notifies:
                        driver.notifies.clear()
                        self.relay.wake()
            except Exception:  # noqa: BLE001 - the idle poll still covers us
                return

    def close(self) -> None:
        self._closed.set()
        self._thread.join(timeout=2)
        self.raw.invalidate()
