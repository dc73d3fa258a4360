"""Unit of work: one write transaction in which aggregates are loaded and changed, their events
appended with outbox rows, projections updated and the inbox row of the consumed event written.

It rolls back unless ``commit()`` is called: either everything happens, or nothing does.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, Generic, TypeVar

from sqlalchemy import Connection
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kernel.aggregate import Aggregate
from kernel.envelope import new_id, utc_now_rfc3339
from kernel.errors import StreamNotFound
from kernel.eventstore import NewEvent, RecordedEvent, Snapshot
from kernel.projections import apply_projections
from kernel.tables import inbox

if TYPE_CHECKING:
    from kernel.application import Application

A = TypeVar("A", bound=Aggregate)

# The inbox row of a consumed event, unless it is there already (built once per backend).
_CLAIM_POSTGRES = postgres_insert(inbox).on_conflict_do_nothing(
    index_elements=[inbox.c.consumer, inbox.c.event_id]
)
_CLAIM_SQLITE = sqlite_insert(inbox).on_conflict_do_nothing(
    index_elements=[inbox.c.consumer, inbox.c.event_id]
)


class UnitOfWork:
    def __init__(
        self,
        application: Application,
        *,
        correlation_id: str | None = None,
        causation_id: str | None = None,
    ) -> None:
        self.application = application
        self.correlation_id = correlation_id or new_id()
        self.causation_id = causation_id
        self.recorded: list[RecordedEvent] = []
        self._seen: dict[str, Aggregate] = {}
        self._loaded_versions: dict[str, int] = {}
        self._stack = ExitStack()
        self._connection: Connection | None = None
        self._committed = False

    def __enter__(self) -> UnitOfWork:
        self._connection = self._stack.enter_context(self.application.database.write())
        return self

    def __exit__(self, *exc_info: object) -> None:
        try:
            if not self._committed and self._connection is not None:
                self._connection.rollback()
        finally:
            self._connection = None
            self._stack.__exit__(*exc_info)

    @property
    def connection(self) -> Connection:
        if self._connection is None:
            raise RuntimeError("the unit of work is not open (use it in a with block)")
        return self._connection

    def repository(self, aggregate_class: type[A]) -> Repository[A]:
        return Repository(self, aggregate_class)

    # inbox -----------------------------------------------------------------------------------

    def claim(self, consumer: str, event_id: str) -> bool:
        """Record that this consumer handles this event, in this transaction: False when it
        was handled already (its inbox row exists). One statement, before the handler runs:
        on PostgreSQL a copy handled at the same moment waits for this transaction and then
        finds the row; if this transaction rolls back, the row goes with the effects."""
        statement = _CLAIM_SQLITE if self.application.database.is_sqlite else _CLAIM_POSTGRES
        result = self.connection.execute(
            statement,
            {"consumer": consumer, "event_id": event_id, "processed_at": utc_now_rfc3339()},
        )
        return result.rowcount == 1

    # appending without an aggregate ----------------------------------------------------------

    def append(
        self, stream_id: str, expected_version: int, events: Sequence[NewEvent]
    ) -> list[RecordedEvent]:
        recorded = self.application.store.append(
            self.connection,
            stream_id,
            expected_version,
            events,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
        )
        apply_projections(self.application.projections, recorded, self.connection)
        self.recorded.extend(recorded)
        return recorded

    # commit ----------------------------------------------------------------------------------

    def commit(self) -> None:
        for aggregate in list(self._seen.values()):
            self._save(aggregate)
        self.connection.commit()
        self._committed = True

    def _save(self, aggregate: Aggregate) -> None:
        pending = aggregate.collect_events()
        if not pending:
            return
        expected = self._loaded_versions.get(aggregate.stream_id, 0)
        self.append(
            aggregate.stream_id,
            expected,
            [NewEvent(e.event_type, e.to_payload(), e.schema_version) for e in pending],
        )
        self._loaded_versions[aggregate.stream_id] = aggregate.version
        every = aggregate.snapshot_every
        if every and aggregate.version // every > expected // every:
            self.application.store.save_snapshot(
                self.connection,
                Snapshot(
                    aggregate.stream_id,
                    aggregate.version,
                    type(aggregate).__name__,
                    aggregate.snapshot_state(),
                ),
                subject_id=aggregate.data_subject,
            )


class Repository(Generic[A]):
    def __init__(self, uow: UnitOfWork, aggregate_class: type[A]) -> None:
        self.uow = uow
        self.aggregate_class = aggregate_class

    def add(self, aggregate: A) -> None:
        self.uow._seen[aggregate.stream_id] = aggregate
        self.uow._loaded_versions.setdefault(aggregate.stream_id, 0)

    def get(self, aggregate_id: str) -> A:
        found = self.find(aggregate_id)
        if found is None:
            raise StreamNotFound(self.aggregate_class.stream_id_for(aggregate_id))
        return found

    def find(self, aggregate_id: str) -> A | None:
        stream_id = self.aggregate_class.stream_id_for(aggregate_id)
        if stream_id in self.uow._seen:
            return self.uow._seen[stream_id]  # type: ignore[return-value]
        aggregate = load_aggregate(
            self.uow.application, self.aggregate_class, aggregate_id, self.uow.connection
        )
        if aggregate is None:
            return None
        self.uow._seen[stream_id] = aggregate
        self.uow._loaded_versions[stream_id] = aggregate.version
        return aggregate


def load_aggregate(
    application: Application,
    aggregate_class: type[A],
    aggregate_id: str,
    connection: Connection | None = None,
) -> A | None:
    """Snapshot (when there is a readable one) plus the events after it."""
    store = application.store
    stream_id = aggregate_class.stream_id_for(aggregate_id)
    aggregate: A | None = None
    after = 0
    if aggregate_class.snapshot_every:
        snapshot = store.load_snapshot(stream_id, connection)
        if snapshot is not None:
            aggregate = aggregate_class.from_snapshot(  # type: ignore[assignment]
                aggregate_id, snapshot.stream_version, snapshot.state
            )
            after = snapshot.stream_version
    recorded = store.read_stream(stream_id, after_version=after, connection=connection)
    if aggregate is None and not recorded:
        return None
    if aggregate is None:
        aggregate = aggregate_class(aggregate_id)
    for event in recorded:
        event_class = aggregate_class.event_class(event.event_type)
        aggregate._apply(event_class.from_payload(event.payload))
    aggregate.version = after + len(recorded)
    return aggregate
