"""One service database (PostgreSQL or SQLite) and the few places where the two differ.

Everything else in the kernel is written once against SQLAlchemy Core.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import (
    Connection,
    Engine,
    Row,
    bindparam,
    create_engine,
    event,
    insert,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.sql.expression import Executable

from kernel.tables import events, metadata, outbox

# Appends hold this advisory lock shared (they never wait for each other); a projection rebuild
# holds it exclusively, so no append slips between its replay and the switch back to live updates.
APPEND_LOCK_ID = 7_431_204_118
SCHEMA_LOCK_ID = 7_431_204_120
OUTBOX_CHANNEL = "kernel_outbox"
# Set in a connection's info by an append that queued outbox rows; read after its commit.
_OUTBOX_QUEUED = "kernel_outbox_queued"
CURRENT_TRANSACTION_ID = "pg_current_xact_id()::text::bigint"
_EVENT_COLUMNS = (
    "stream_id",
    "stream_version",
    "event_id",
    "event_type",
    "schema_version",
    "occurred_at",
    "payload",
    "producer",
    "correlation_id",
    "causation_id",
)


# Does the stream have this version? (SQLite's check before an append that continues a stream.)
_VERSION_EXISTS = select(events.c.position).where(
    events.c.stream_id == bindparam("stream_id"), events.c.stream_version == bindparam("version")
)


class Database:
    """Engine plus the backend differences: write transactions, append ordering, commit hooks."""

    def __init__(self, url: str, *, pool_size: int = 5, echo: bool = False) -> None:
        """On PostgreSQL two pools (writes; autocommit reads) of ``pool_size`` connections,
        each allowed as many again at peak; a caller beyond that waits for a free one (up to
        SQLAlchemy's 30 s) instead of failing with "too many clients"."""
        self.url = make_url(url)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self._after_commit: list[Callable[[], None]] = []
        # SQLite allows one writer; a process-wide lock keeps green threads from waiting for
        # each other inside sqlite's busy handler, which would block the whole event loop.
        self._sqlite_write_lock = threading.Lock()
        if self.is_sqlite:
            if self.url.database and self.url.database != ":memory:":
                Path(self.url.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = create_engine(url, echo=echo)
            self._configure_sqlite()
        else:
            self.engine = create_engine(url, echo=echo, pool_size=pool_size, max_overflow=pool_size)
        # Reads need no transaction of their own: on a pool of autocommit connections a read
        # is one round trip, without BEGIN, ROLLBACK or switching the connection's mode.
        self._read_engine = (
            self.engine
            if self.is_sqlite
            else create_engine(
                url,
                echo=echo,
                pool_size=pool_size,
                max_overflow=pool_size,
                isolation_level="AUTOCOMMIT",
            )
        )

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
        with self.schema_lock():
            metadata.create_all(self.engine)

    @contextmanager
    def schema_lock(self) -> Iterator[None]:
        """Held while tables are created: replicas starting at the same moment on an empty
        PostgreSQL database would otherwise race in CREATE TABLE (pg_type's unique index).
        Not re-entrant on one Database; SQLite needs none (one writer)."""
        if self.is_sqlite:
            yield
            return
        with self.engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:id)"), {"id": SCHEMA_LOCK_ID})
            connection.commit()
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": SCHEMA_LOCK_ID})
                connection.commit()

    def drop_schema(self) -> None:
        """Tests and benchmarks only. On PostgreSQL a connection left open in a transaction
        (an unclosed one of an earlier test) holds a lock on the tables: this fails within
        20 s instead of waiting for ever (a whole CI run hung that way once)."""
        with self.engine.begin() as connection:
            if not self.is_sqlite:
                connection.execute(text("SET LOCAL lock_timeout = '20s'"))
            metadata.drop_all(connection)

    def on_outbox_commit(self, hook: Callable[[], None]) -> None:
        """Call hook after every write transaction of this process that queued outbox rows
        (wakes the relay; a commit without any wakes nobody)."""
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
                connection.info.pop(_OUTBOX_QUEUED, None)  # a mark a failed one left
                with connection.begin():
                    yield connection
                queued = connection.info.pop(_OUTBOX_QUEUED, False)
        finally:
            if lock is not None:
                lock.release()
        if queued:
            for hook in self._after_commit:
                hook()

    def run_alone(self, statement: Executable, parameters: dict | None = None) -> list[Row]:
        """One statement committed on its own, and the rows it returns: on PostgreSQL a single
        round trip on the autocommit pool, without BEGIN and COMMIT."""
        if self.is_sqlite:
            with self.write() as connection:
                result = connection.execute(statement, parameters)
                return list(result.all()) if result.returns_rows else []
        with self._read_engine.connect() as connection:
            result = connection.execute(statement, parameters)
            return list(result.all()) if result.returns_rows else []

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reads: each statement sees what was committed when it started."""
        with self._read_engine.connect() as connection:
            yield connection

    def insert_events(
        self,
        connection: Connection,
        rows: Sequence[dict],
        *,
        published: Sequence[bool],
        created_at: str,
        expected_version: int = 0,
    ) -> list[tuple[int, int]] | None:
        """Insert event rows and the outbox rows of the published ones, in one round trip on
        PostgreSQL; (position, transaction_id) of each row.

        The rows continue one stream from ``expected_version``. A stream already past it makes
        the insert violate the unique (stream_id, stream_version) key; a stream that has not
        reached it yet (a caller ahead of the store) inserts nothing and gets None. On
        PostgreSQL that check is part of the insert statement; SQLite, in-process and with one
        writer, asks for the version first.
        """
        if self.is_sqlite:
            if expected_version > 0 and (
                connection.execute(
                    _VERSION_EXISTS,
                    {"stream_id": rows[0]["stream_id"], "version": expected_version},
                ).first()
                is None
            ):
                return None
            inserted = connection.execute(
                insert(events).returning(
                    events.c.position, events.c.transaction_id, sort_by_parameter_order=True
                ),
                [{**row, "transaction_id": 0} for row in rows],
            ).all()
            positions = [row.position for row in inserted]
            outbox_rows = [
                {"position": position, "created_at": created_at}
                for position, publish in zip(positions, published, strict=True)
                if publish
            ]
            if outbox_rows:
                connection.execute(insert(outbox), outbox_rows)
                connection.info[_OUTBOX_QUEUED] = True
            return [(row.position, row.transaction_id) for row in inserted]
        parameters: dict[str, object] = {"lock_id": APPEND_LOCK_ID, "created_at": created_at}
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
        guard = ""
        if expected_version > 0:
            parameters["guard_stream_id"] = rows[0]["stream_id"]
            parameters["guard_version"] = expected_version
            guard = (
                " WHERE EXISTS (SELECT 1 FROM events WHERE stream_id = %(guard_stream_id)s"
                " AND stream_version = %(guard_version)s)"
            )
        sql = (
            f"SELECT pg_advisory_xact_lock_shared(%(lock_id)s);{notify}"
            f"WITH new_rows ({', '.join(_EVENT_COLUMNS)}, ordinal, publish) AS "
            f"(VALUES {', '.join(values)}), "
            f"inserted AS (INSERT INTO events (transaction_id, {', '.join(_EVENT_COLUMNS)}) "
            f"SELECT {CURRENT_TRANSACTION_ID}, {', '.join(_EVENT_COLUMNS)} FROM new_rows"
            f"{guard} ORDER BY ordinal RETURNING position, transaction_id, stream_version), "
            "queued AS (INSERT INTO outbox (position, created_at) "
            "SELECT inserted.position, %(created_at)s FROM inserted "
            "JOIN new_rows USING (stream_version) WHERE new_rows.publish) "
            "SELECT position, transaction_id FROM inserted ORDER BY stream_version"
        )
        inserted = [(row[0], row[1]) for row in connection.exec_driver_sql(sql, parameters)]
        if inserted and any(published):
            connection.info[_OUTBOX_QUEUED] = True
        return inserted if inserted else None

    def exclusive_append_lock(self, connection: Connection) -> None:
        """Wait for appends in flight and hold off new ones until this transaction ends."""
        if not self.is_sqlite:
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": APPEND_LOCK_ID})

    def visible_commits_filter(self) -> str | None:
        """SQL condition on events that admits only rows no transaction in flight can precede.

        Positions are handed out before commit, so a transaction that commits late can leave a
        smaller position behind rows already visible. Commit order is therefore read as
        (transaction_id, position), and a reader sees only rows of transactions older than
        every transaction still in progress in this statement's snapshot: nothing can later
        appear before them. Transactions known to run in other databases of the cluster are
        left out of that horizon (they cannot write our events), so they do not hold readers
        back; one that ends while we look stays in, which only delays, never skips.
        SQLite's single writer commits in position order and needs no filter.
        """
        if self.is_sqlite:
            return None
        return (
            "events.transaction_id < (SELECT coalesce("
            "(SELECT min(x::text::bigint) FROM pg_snapshot_xip(pg_current_snapshot()) AS x "
            "WHERE (x::text::bigint & 4294967295) NOT IN ("
            "SELECT backend_xid::text::bigint FROM pg_stat_activity "
            "WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database())), "
            "pg_snapshot_xmax(pg_current_snapshot())::text::bigint))"
        )

    def dispose(self) -> None:
        self.engine.dispose()
        self._read_engine.dispose()
