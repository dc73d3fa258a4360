"""Fixtures of the antrag tests: the service's Application on SQLite or PostgreSQL, a worker
context per person, and envelopes of the events the service consumes."""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from antrag.bootstrap import AntragApplication, bootstrap
from kernel.config import Settings
from kernel.envelope import new_id
from kernel.nameko.provider import ServiceContext

sys.path.insert(0, str(Path(__file__).parent))

POSTGRES_URL = os.environ.get(
    "SOZ_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test"
)
AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this session, dropped at the end."""
    admin = create_engine(
        make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    name = f"antrag_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        service_name="antrag",
        data_dir=tmp_path,
        database_url=database_url,
        keystore_url=f"sqlite:///{tmp_path / 'antrag-keys.db'}",
        amqp_uri=AMQP_URI,
        http_port=0,
        log_level="WARNING",
    )


@pytest.fixture
def sqlite_app(tmp_path: Path) -> Iterator[AntragApplication]:
    application = bootstrap(_settings(tmp_path, f"sqlite:///{tmp_path / 'antrag.db'}"))
    application.create_schema()
    yield application
    application.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AntragApplication]:
    """The service's Application on each backend (PostgreSQL: tables emptied first)."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_app")
        return
    application = bootstrap(_settings(tmp_path, request.getfixturevalue("postgres_url")))
    for projection in application.projections:
        projection.metadata.drop_all(application.database.engine)
    application.database.drop_schema()
    application.create_schema()
    yield application
    application.close()


Kontext = Callable[[str | None], ServiceContext]


@pytest.fixture
def kontext(app: AntragApplication) -> Kontext:
    """kontext(person_id) -> what a worker gets when the gateway calls for that person."""

    def _kontext(person_id: str | None) -> ServiceContext:
        return ServiceContext(app, new_id(), None, lambda: {}, person_id)

    return _kontext
