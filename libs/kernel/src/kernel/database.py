"""One service database (PostgreSQL or SQLite) and the few places where the two differ.

Everything else in the kernel is written once against SQLAlchemy Core.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from kernel.tables import metadata

# One advisory lock id for all appends of a service database (see append_lock below).
APPEND_LOCK_ID = 7_431_204_118
OUTBOX_CHANNEL = "kernel_outbox"


class Database:
    """Engine plus the backend differences: write transactions, append ordering, commit hooks."""

    def __init__(self, url: str, *, pool_size: int = 10, echo: bool = False) -> None:
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
            self.engine = create_engine(
                url, echo=echo, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
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

    def append_lock(self, connection: Connection) -> None:
        """Serialise appends until commit so global positions become visible in commit order.

        Sequence values are handed out before commit: without this, a reader of "all events
        after position N" could pass over a row whose transaction commits later with a smaller
        position. SQLite already has a single writer.
        """
        if not self.is_sqlite:
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": APPEND_LOCK_ID})

    def notify_outbox(self, connection: Connection) -> None:
        """Tell relays in other processes that outbox rows are coming (delivered at commit)."""
        if not self.is_sqlite:
            connection.execute(text(f"NOTIFY {OUTBOX_CHANNEL}"))

    def dispose(self) -> None:
        self.engine.dispose()
