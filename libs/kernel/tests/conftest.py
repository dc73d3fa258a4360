"""Fixtures shared by the kernel's tests: one suite, run against SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kernel.application import Application
from kernel.crypto import KeyStore, data_keys
from kernel.database import Database
from kernel.upcasting import Upcasters

# The kernel's test helpers (kernel_test_support, kernel_probe_service) import by plain name.
sys.path[:0] = [str(Path(__file__).parent), str(Path(__file__).parent / "integration")]

from kernel_test_support import REGISTRY, build_upcasters  # noqa: E402

POSTGRES_URL = os.environ.get(
    "SOZ_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test"
)


@pytest.fixture(scope="session")
def postgres_server_url() -> str:
    """A fresh PostgreSQL database for this test session, dropped at the end."""
    admin_url = make_url(POSTGRES_URL).set(database="postgres")
    name = f"kernel_test_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, tmp_path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'events.db'}"
    return request.getfixturevalue("postgres_server_url")


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    db.drop_schema()
    db.create_schema()
    yield db
    db.dispose()


@pytest.fixture
def key_store(backend: str, database_url: str, tmp_path) -> Iterator[KeyStore]:
    # As services run it: found keys are kept for a while (forget must still erase at once).
    # On the backend under test (a production instance keeps its keys in PostgreSQL too).
    url = f"sqlite:///{tmp_path / 'keys.db'}" if backend == "sqlite" else database_url
    store = KeyStore(Database(url), cache_seconds=30)
    data_keys.drop(store.database.engine, checkfirst=True)
    store.create_schema()
    yield store
    store.database.dispose()


@pytest.fixture
def upcasters() -> Upcasters:
    return build_upcasters()


@pytest.fixture
def app(database: Database, key_store: KeyStore, upcasters: Upcasters) -> Iterator[Application]:
    from kernel_test_support import KontoUebersicht

    projection = KontoUebersicht()
    projection.metadata.drop_all(database.engine)
    application = Application(
        name=f"testdienst-{uuid.uuid4().hex[:8]}",
        database=database,
        key_store=key_store,
        registry=REGISTRY,
        projections=[projection],
        upcasters=upcasters,
    )
    application.create_schema()
    yield application


AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")


@pytest.fixture
def amqp_uri() -> str:
    return AMQP_URI


@pytest.fixture
def listen(amqp_uri: str):
    """listen(exchange) -> a function that returns the messages that reached a fresh queue
    bound to that exchange (every routing key)."""
    from kombu import Connection, Exchange, Queue

    connection = Connection(amqp_uri)
    channel = connection.channel()
    exchanges: list[str] = []

    def _listen(exchange_name: str):
        exchange = Exchange(exchange_name, "topic", durable=True, auto_delete=False)
        queue = Queue(f"test-{uuid.uuid4().hex[:8]}", exchange, routing_key="#", exclusive=True)
        queue(channel).declare()
        exchanges.append(exchange_name)

        def received(expected: int = 0, timeout: float = 5.0) -> list:
            import time

            messages = []
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                message = queue(channel).get(no_ack=True)
                if message is None:
                    if len(messages) >= expected:
                        break
                    time.sleep(0.02)
                    continue
                messages.append(message)
            return messages

        return received

    yield _listen
    for name in exchanges:
        channel.exchange_delete(name)
    connection.release()
