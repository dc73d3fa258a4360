"""The event store: append with optimistic concurrency, read a stream, read all, snapshots."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol

import orjson
from marshmallow import RAISE, Schema, ValidationError
from sqlalchemy import Connection, bindparam, func, insert, literal, select, text, tuple_
from sqlalchemy.exc import IntegrityError

from kernel.aggregate import to_json_safe
from kernel.crypto import Keyring, PersonalDataCipher, data_subject
from kernel.database import Database
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.errors import ConcurrencyConflict, InvalidEvent, UnregisteredEvent
from kernel.metrics import EVENTS_APPENDED
from kernel.tables import events, outbox, snapshots
from kernel.upcasting import Upcasters

_READ_STREAM = (
    select(events)
    .where(
        events.c.stream_id == bindparam("stream_id"),
        events.c.stream_version > bindparam("after_version"),
    )
    .order_by(events.c.stream_version)
)
# Built once: SQLAlchemy then finds the compiled form without rebuilding the statement.
_CURRENT_VERSION = select(func.coalesce(func.max(events.c.stream_version), 0)).where(
    events.c.stream_id == bindparam("stream_id")
)

# The relay's read: the oldest outbox rows with their events, in outbox order.
_READ_OUTBOX = (
    select(outbox.c.id, outbox.c.created_at, *events.c)
    .join(events, events.c.position == outbox.c.position)
    .order_by(outbox.c.id)
    .limit(bindparam("limit"))
)


class SchemaRegistry(Protocol):
    """What the kernel needs of a schema registry (contracts.registry.SchemaRegistry is one)."""

    def get(self, event_type: str, schema_version: int) -> Schema: ...

    def latest_version(self, event_type: str) -> int: ...


class Schemas:
    """The smallest SchemaRegistry, for a service's internal events, tests and benchmarks:
    schema classes with ``event_type`` and ``schema_version`` attributes, registered by
    decorator. The published contracts have their own (contracts.registry)."""

    def __init__(self) -> None:
        self._classes: dict[tuple[str, int], type[Schema]] = {}

    def register(self, schema_cls: type[Schema]) -> type[Schema]:
        key = (schema_cls.event_type, schema_cls.schema_version)  # type: ignore[attr-defined]
        self._classes[key] = schema_cls
        return schema_cls

    def get(self, event_type: str, schema_version: int) -> Schema:
        return self._classes[(event_type, schema_version)]()

    def latest_version(self, event_type: str) -> int:
        return max(v for (t, v) in self._classes if t == event_type)


@dataclass(frozen=True)
class NewEvent:
    """An event about to be appended. Payload in plain text; the store seals personal fields."""

    event_type: str
    payload: dict[str, Any]
    schema_version: int | None = None  # None: the latest registered version
    event_id: str = field(default_factory=new_id)
    occurred_at: str = field(default_factory=utc_now_rfc3339)


@dataclass(frozen=True, order=True)
class Checkpoint:
    """A place in the store's commit order: read_all(after=event.checkpoint) goes on from there."""

    transaction_id: int
    position: int

    START: ClassVar[Checkpoint]


Checkpoint.START = Checkpoint(-1, 0)


@dataclass(slots=True)
class RecordedEvent:
    """An event as stored. Treat it as read-only (slots without frozen: loading replays many
    events, and a frozen dataclass pays for every field it sets)."""

    position: int
    transaction_id: int
    stream_id: str
    stream_version: int
    event_id: str
    event_type: str
    schema_version: int
    occurred_at: str
    payload: dict[str, Any]
    producer: str
    correlation_id: str
    causation_id: str | None
    # The payload as stored, personal fields still sealed: for projections that keep them.
    sealed_payload: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)
    erased_fields: tuple[str, ...] = ()

    @property
    def checkpoint(self) -> Checkpoint:
        return Checkpoint(self.transaction_id, self.position)

    def envelope(self) -> Envelope:
        return Envelope(
            event_id=self.event_id,
            event_type=self.event_type,
            schema_version=self.schema_version,
            occurred_at=self.occurred_at,
            producer=self.producer,
            stream_id=self.stream_id,
            stream_version=self.stream_version,
            correlation_id=self.correlation_id,
            causation_id=self.causation_id,
            payload=self.payload,
        )


@dataclass(frozen=True)
class Snapshot:
    stream_id: str
    stream_version: int
    state_type: str
    state: dict[str, Any]


class EventStore:
    def __init__(
        self,
        database: Database,
        registry: SchemaRegistry,
        cipher: PersonalDataCipher,
        *,
        producer: str,
        upcasters: Upcasters | None = None,
    ) -> None:
        self.database = database
        self.registry = registry
        self.cipher = cipher
        self.producer = producer
        self.upcasters = upcasters or Upcasters()
        self._schemas: dict[tuple[str, int], Schema] = {}

    # writing ---------------------------------------------------------------------------------

    def append(
        self,
        connection: Connection,
        stream_id: str,
        expected_version: int,
        new_events: Sequence[NewEvent],
        *,
        correlation_id: str,
        causation_id: str | None = None,
    ) -> list[RecordedEvent]:
        """Append in the caller's write transaction; published events get an outbox row.

        expected_version is the version the caller last saw (0 for a new stream). If another
        writer appended since, ConcurrencyConflict is raised and nothing is written.
        """
        if not new_events:
            return []
        keyring = self.cipher.keyring()
        prepared = [self._prepare(event, keyring) for event in new_events]
        rows = [
            {
                "stream_id": stream_id,
                "stream_version": expected_version + offset,
                "event_id": event.event_id,
                "event_type": event.event_type,
                "schema_version": version,
                "occurred_at": event.occurred_at,
                "payload": orjson.dumps(sealed).decode(),
                "producer": self.producer,
                "correlation_id": correlation_id,
                "causation_id": causation_id,
            }
            for offset, (event, version, _, sealed, _) in enumerate(prepared, start=1)
        ]
        try:
            inserted = self.database.insert_events(
                connection,
                rows,
                published=[publish for _, _, publish, _, _ in prepared],
                created_at=utc_now_rfc3339(),
                expected_version=expected_version,
            )
        except IntegrityError as error:
            if "event_id" in str(error.orig):
                raise
            raise ConcurrencyConflict(stream_id, expected_version) from None
        if inserted is None:  # the stream has not reached expected_version
            raise ConcurrencyConflict(stream_id, expected_version)
        EVENTS_APPENDED.labels(self.producer).inc(len(rows))
        return [
            RecordedEvent(
                position=position,
                transaction_id=transaction_id,
                stream_id=stream_id,
                stream_version=row["stream_version"],
                event_id=row["event_id"],
                event_type=row["event_type"],
                schema_version=row["schema_version"],
                occurred_at=row["occurred_at"],
                payload=plain,
                producer=self.producer,
                correlation_id=correlation_id,
                causation_id=causation_id,
                sealed_payload=sealed,
            )
            for (position, transaction_id), row, (_, _, _, sealed, plain) in zip(
                inserted, rows, prepared, strict=True
            )
        ]

    def _prepare(self, event: NewEvent, keyring: Keyring) -> tuple[NewEvent, int, bool, dict, dict]:
        version = event.schema_version or self._latest_version(event.event_type)
        schema = self._schema(event.event_type, version)
        try:
            plain = schema.dump(schema.load(to_json_safe(event.payload), unknown=RAISE))
        except ValidationError as error:
            raise InvalidEvent(event.event_type, error.normalized_messages()) from None
        sealed = self.cipher.seal_payload(schema, plain, keyring)
        publish = getattr(schema, "published", True)
        return event, version, publish, sealed, plain

    def check_payload(self, event_type: str, schema_version: int, payload: dict) -> None:
        """Raise UnregisteredEvent or InvalidEvent (field names only) unless payload matches
        the registered schema of that version."""
        errors = self._schema(event_type, schema_version).validate(payload)
        if errors:
            raise InvalidEvent(event_type, errors)

    def _latest_version(self, event_type: str) -> int:
        try:
            return self.registry.latest_version(event_type)
        except Exception:
            raise UnregisteredEvent(event_type, 0) from None

    def _schema(self, event_type: str, version: int) -> Schema:
        key = (event_type, version)
        schema = self._schemas.get(key)
        if schema is None:
            try:
                schema = self.registry.get(event_type, version)
            except Exception:
                raise UnregisteredEvent(event_type, version) from None
            self._schemas[key] = schema
        return schema

    def _current_version(self, connection: Connection, stream_id: str) -> int:
        return connection.execute(_CURRENT_VERSION, {"stream_id": stream_id}).scalar_one()

    # reading ---------------------------------------------------------------------------------

    def read_stream(
        self, stream_id: str, *, after_version: int = 0, connection: Connection | None = None
    ) -> list[RecordedEvent]:
        parameters = {"stream_id": stream_id, "after_version": after_version}
        if connection is not None:
            return self._decode_rows(connection.execute(_READ_STREAM, parameters).all())
        with self.database.read() as own:
            return self._decode_rows(own.execute(_READ_STREAM, parameters).all())

    def stream_version(self, stream_id: str, connection: Connection | None = None) -> int:
        if connection is not None:
            return self._current_version(connection, stream_id)
        with self.database.read() as own:
            return self._current_version(own, stream_id)

    def read_all(
        self,
        *,
        after: Checkpoint = Checkpoint.START,
        batch_size: int = 1000,
        connection: Connection | None = None,
        appends_held_off: bool = False,
    ) -> Iterator[RecordedEvent]:
        """Every event after a checkpoint, in commit order, in batches.

        Commit order is (transaction_id, position) and only events of transactions older than
        every one still running are returned (kernel.database.visible_commits_filter): an event
        that commits late is returned later, never passed over. A caller that holds the
        exclusive append lock (appends_held_off) sees everything at once.
        """
        visible = None if appends_held_off else self.database.visible_commits_filter()
        checkpoint = after
        while True:
            query = (
                select(events)
                .where(
                    tuple_(events.c.transaction_id, events.c.position)
                    > tuple_(literal(checkpoint.transaction_id), literal(checkpoint.position))
                )
                .order_by(events.c.transaction_id, events.c.position)
                .limit(batch_size)
            )
            if visible is not None:
                query = query.where(text(visible))
            if connection is not None:
                rows = connection.execute(query).all()
            else:
                with self.database.read() as own:
                    rows = own.execute(query).all()
            if not rows:
                return
            yield from self._decode_rows(rows)
            if len(rows) < batch_size:
                return
            checkpoint = Checkpoint(rows[-1].transaction_id, rows[-1].position)

    def max_position(self) -> int:
        with self.database.read() as connection:
            return connection.execute(
                select(func.coalesce(func.max(events.c.position), 0))
            ).scalar_one()

    def read_positions(
        self, connection: Connection, positions: Sequence[int]
    ) -> list[RecordedEvent]:
        rows = connection.execute(
            select(events).where(events.c.position.in_(positions)).order_by(events.c.position)
        ).all()
        return self._decode_rows(rows)

    def read_outbox(
        self, connection: Connection, limit: int
    ) -> tuple[list[int], str | None, list[RecordedEvent]]:
        """The oldest ``limit`` outbox rows with their events, in one query: (their ids, when
        the first was queued, the events in outbox order)."""
        rows = connection.execute(_READ_OUTBOX, {"limit": limit}).all()
        if not rows:
            return [], None, []
        return (
            [row[0] for row in rows],
            rows[0][1],
            self._decode_rows([row[2:] for row in rows]),
        )

    def _decode_rows(self, rows: Sequence[Any]) -> list[RecordedEvent]:
        """Rows of select(events), in table column order: unpacked by position, because this
        is the inner loop of every read and attribute access per column adds up."""
        keyring = self.cipher.keyring()
        decoded = []
        for (
            position,
            transaction_id,
            stream_id,
            stream_version,
            event_id,
            event_type,
            schema_version,
            occurred_at,
            payload,
            producer,
            correlation_id,
            causation_id,
        ) in rows:
            sealed = orjson.loads(payload)
            schema = self._schema(event_type, schema_version)
            plain, erased = self.cipher.open_payload(schema, sealed, keyring)
            version, plain = self.upcasters.upcast(event_type, schema_version, plain)
            decoded.append(
                RecordedEvent(
                    position,
                    transaction_id,
                    stream_id,
                    stream_version,
                    event_id,
                    event_type,
                    version,
                    occurred_at,
                    plain,
                    producer,
                    correlation_id,
                    causation_id,
                    sealed,
                    tuple(erased),
                )
            )
        return decoded

    def subject_of(self, event: RecordedEvent) -> str | None:
        return data_subject(self._schema(event.event_type, event.schema_version), event.payload)

    # snapshots -------------------------------------------------------------------------------

    def save_snapshot(
        self,
        connection: Connection,
        snapshot: Snapshot,
        *,
        subject_id: str | None,
    ) -> None:
        """Replace the stream's snapshot. A subject's snapshot is sealed with their key whole."""
        state: Any = snapshot.state
        if subject_id:
            state = self.cipher.seal(subject_id, state)
        values = {
            "stream_version": snapshot.stream_version,
            "state_type": snapshot.state_type,
            "state": orjson.dumps(state).decode(),
            "created_at": utc_now_rfc3339(),
        }
        updated = connection.execute(
            snapshots.update().where(snapshots.c.stream_id == snapshot.stream_id).values(**values)
        )
        if updated.rowcount == 0:
            connection.execute(insert(snapshots).values(stream_id=snapshot.stream_id, **values))

    def load_snapshot(
        self, stream_id: str, connection: Connection | None = None
    ) -> Snapshot | None:
        """The stream's snapshot, or None when there is none or its subject was forgotten
        (the caller then rebuilds from the events, whose personal fields read as erased)."""
        query = select(snapshots).where(snapshots.c.stream_id == stream_id)
        if connection is not None:
            row = connection.execute(query).first()
        else:
            with self.database.read() as own:
                row = own.execute(query).first()
        if row is None:
            return None
        state, erased = self.cipher.open(orjson.loads(row.state))
        if erased:
            return None
        return Snapshot(row.stream_id, row.stream_version, row.state_type, state)
