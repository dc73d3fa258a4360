"""One service database (PostgreSQL or SQLite) and the few places where the two differ.

Everything else in the kernel is written once against SQLAlchemy Core.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, insert, text
from sqlalchemy.engine import make_url

from kernel.tables import events, metadata, outbox

# One advisory lock id for all appends of a service database (see append_lock below).
APPEND_LOCK_ID = 7_431_204_118
OUTBOX_CHANNEL = "kernel_outbox"
_EVENT_COLUMNS = (
    "stream_id",
    "stream_version",
    "event_id",
    "event_type",
    "schema_version",
    "occurred_at",
    "payload",
    "metadata",
)


class Database:
    """Engine plus the backend differences: write transactions, append ordering, commit hooks."""

    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self._after_commit: list[Callable[[], None]] = []
        # SQLite allows one writer; a process-wide lock keeps green threads from waiting for
        # each other inside sqlite's busy handler, which would block the whole event loop.
        self._sqlite_write_lock = threading.Lock()
        # Appends take the append lock (see append_lock). Only a test switches this off, to
        # show what the lock prevents.
        self.serialize_appends = True
        if self.is_sqlite:
            if self.url.database and self.url.database != ":memory:":
                Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url, echo=echo)
            self._configure_sqlite()
        else:
            self.engine = create_engine(url, echo=echo, pool_size=pool_size, max_overflow=pool_size)

    def _configure_sqlite(self) -> None:
        @event.listens_for(self.engine, "connect")
        def _connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=10000")
            cursor.close()

        @event.listens_for(self.engine, "begin")
        def _begin(connection):  # type: ignore[no-untyped-def]
            # A writer takes the lock at the start (IMMEDIATE): no deadlock on a read-to-write
            # upgrade. Readers begin deferred and, in WAL mode, never wait for the writer.
            writes = connection.get_execution_options().get("kernel_write", False)
            connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")

    def create_schema(self) -> None:
        metadata.create_all(self.engine)

    def drop_schema(self) -> None:
        metadata.drop_all(self.engine)

    def on_commit(self, hook: Callable[[], None]) -> None:
        """Call hook after every write transaction this process commits (wakes the relay)."""
        self._after_commit.append(hook)

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: commits on success, rolls back on any error."""
        lock = self._sqlite_write_lock if self.is_sqlite else None
        if lock is not None:
            lock.acquire()
        try:
            with self.engine.connect() as connection:
                connection.execution_options(kernel_write=True)
                with connection.begin():
                    yield connection
        finally:
            if lock is not None:
                lock.release()
        for hook in self._after_commit:
            hook()

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as connection:
            yield connection

    def insert_events(
        self,
        connection: Connection,
        rows: Sequence[dict],
        *,
        published: Sequence[bool],
        created_at: str,
    ) -> list[int]:
        """Insert event rows and the outbox rows of the published ones; their positions.

        On PostgreSQL this is one round trip (lock, notify, both inserts), because the append
        lock is held from here to the commit and every round trip inside it costs all writers.
        """
        if self.is_sqlite:
            positions = list(
                connection.execute(
                    insert(events).returning(events.c.position, sort_by_parameter_order=True),
                    list(rows),
                ).scalars()
            )
            outbox_rows = [
                {"position": position, "created_at": created_at}
                for position, publish in zip(positions, published, strict=True)
                if publish
            ]
            if outbox_rows:
                connection.execute(insert(outbox), outbox_rows)
            return positions
        parameters: dict[str, object] = {"lock_id": APPEND_LOCK_ID, "created_at": created_at}
        lock = "SELECT pg_advisory_xact_lock(%(lock_id)s);" if self.serialize_appends else ""
        values = []
        for index, (row, publish) in enumerate(zip(rows, published, strict=True)):
            names = []
            for column in (*_EVENT_COLUMNS, "ordinal", "publish"):
                key = f"{column}_{index}"
                names.append(f"%({key})s")
                parameters[key] = (
                    index
                    if column == "ordinal"
                    else (publish if column == "publish" else row[column])
                )
            values.append(f"({', '.join(names)})")
        notify = f"NOTIFY {OUTBOX_CHANNEL};" if any(published) else ""
        sql = (
            f"{lock}{notify}"
            f"WITH new_rows ({', '.join(_EVENT_COLUMNS)}, ordinal, publish) AS "
            f"(VALUES {', '.join(values)}), "
            f"inserted AS (INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) "
            f"SELECT {', '.join(_EVENT_COLUMNS)} FROM new_rows ORDER BY ordinal "
            "RETURNING position, stream_version), "
            "queued AS (INSERT INTO outbox (position, created_at) "
            "SELECT inserted.position, %(created_at)s FROM inserted "
            "JOIN new_rows USING (stream_version) WHERE new_rows.publish) "
            "SELECT position FROM inserted ORDER BY stream_version"
        )
        return [row[0] for row in connection.exec_driver_sql(sql, parameters)]

    def append_lock(self, connection: Connection) -> None:
        """Serialise appends until commit so global positions become visible in commit order.

        Sequence values are handed out before commit: without this, a reader of "all events
        after position N" could pass over a row whose transaction commits later with a smaller
        position. SQLite already has a single writer.
        """
        if not self.is_sqlite:
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": APPEND_LOCK_ID})

    def dispose(self) -> None:
        self.engine.dispose()
