"""Projections (read models): tables derived from events, updated in the appending transaction
and rebuildable from the store by one command (``kernel projections rebuild``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from sqlalchemy import Connection, MetaData, Table

from kernel.eventstore import EventStore, RecordedEvent


class Projection:
    """Subclass with a name, the tables it owns, the event types it reads, and ``apply``.

    Personal values belong in the tables sealed, as they stand in ``event.sealed_payload``:
    then forgetting a person's key erases them from the projection too (see kernel.crypto).
    """

    name: ClassVar[str]
    metadata: ClassVar[MetaData]
    handles: ClassVar[frozenset[str]] = frozenset()  # empty: every event type

    def wants(self, event: RecordedEvent) -> bool:
        return not self.handles or event.event_type in self.handles

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        raise NotImplementedError

    def apply_batch(self, events: Sequence[RecordedEvent], connection: Connection) -> None:
        """The events of one append that this projection wants, in order. Override to fold
        several events of a stream into fewer statements; by default ``apply`` each."""
        for event in events:
            self.apply(event, connection)

    @property
    def tables(self) -> Sequence[Table]:
        return self.metadata.sorted_tables


def apply_projections(
    projections: Sequence[Projection], recorded: Sequence[RecordedEvent], connection: Connection
) -> None:
    """Each projection gets the events of one append it wants, in order, in one call (each
    projection owns its tables, so the order between projections does not matter)."""
    for projection in projections:
        wanted = [event for event in recorded if projection.wants(event)]
        if wanted:
            projection.apply_batch(wanted, connection)


def rebuild(store: EventStore, projections: Sequence[Projection], batch_size: int = 1000) -> int:
    """Empty the projections' tables and replay every event into them, in one transaction.

    Appends wait meanwhile (the append lock), so no event slips between the replay and the
    switch back to live updates. Returns the number of events replayed.
    """
    database = store.database
    for projection in projections:
        projection.metadata.create_all(database.engine)
    replayed = 0
    with database.write() as connection:
        database.exclusive_append_lock(connection)
        for projection in projections:
            for table in reversed(projection.tables):
                connection.execute(table.delete())
        for event in store.read_all(
            batch_size=batch_size, connection=connection, appends_held_off=True
        ):
            apply_projections(projections, [event], connection)
            replayed += 1
    return replayed
