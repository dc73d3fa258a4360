"""Idempotent consumption: the handler's effects and the inbox row commit together.

The inbox row is written first, in the handler's transaction: a redelivered or duplicated event
finds it and is skipped. Of two copies handled at the same moment, on PostgreSQL the second
waits for the first transaction and then finds the row; SQLite has one writer at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import structlog

from kernel.envelope import Envelope
from kernel.errors import ConcurrencyConflict
from kernel.metrics import DUPLICATES_SKIPPED, HANDLER_LATENCY

if TYPE_CHECKING:
    from kernel.application import Application
    from kernel.unit_of_work import UnitOfWork

log = structlog.get_logger("kernel.consuming")

Handler = Callable[[Envelope, "UnitOfWork"], None]
CONFLICT_ATTEMPTS = 3


def handle_once(
    application: Application, consumer: str, envelope: Envelope, handler: Handler
) -> bool:
    """Run handler(envelope, uow) once per (consumer, event). False when it was a duplicate.

    The handler changes state through the unit of work only and does not commit: this function
    commits the effects together with the inbox row. It sees the event at its latest schema
    version (the application's upcasters; the subscription has done so already when the event
    came from the broker).
    """
    started = time.perf_counter()
    envelope = application.store.upcasters.upcast_envelope(envelope)
    for attempt in range(1, CONFLICT_ATTEMPTS + 1):
        try:
            with application.unit_of_work(
                correlation_id=envelope.correlation_id, causation_id=envelope.event_id
            ) as uow:
                if not uow.claim(consumer, envelope.event_id):
                    DUPLICATES_SKIPPED.labels(application.name, consumer).inc()
                    log.info("duplicate_skipped", consumer=consumer, event_id=envelope.event_id)
                    return False
                handler(envelope, uow)
                uow.commit()
            break
        except ConcurrencyConflict:
            # A command changed the same aggregate meanwhile: nothing was written, so run the
            # handler again on the new state (a few times) before the message goes to retry.
            if attempt == CONFLICT_ATTEMPTS:
                raise
            log.info("handler_conflict_rerun", consumer=consumer, attempt=attempt)
    HANDLER_LATENCY.labels(application.name, consumer).observe(time.perf_counter() - started)
    return True
