"""Fixtures of the postkorb tests: the service's Application on SQLite, a worker context per
person, envelopes of the consumed events, and one clamd per session (its own signatures and
small limits)."""

from __future__ import annotations

import dataclasses
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kernel.envelope import new_id
from kernel.nameko.provider import ServiceContext
from postkorb import benachrichtigung
from postkorb.adapters import ablage
from postkorb.bootstrap import PostkorbApplication, bootstrap

sys.path.insert(0, str(Path(__file__).parent))

POSTGRES_URL = os.environ.get(
    "SOZ_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test"
)
AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
# small limits so that a file over them costs little to build
GRENZEN = {"max_file_mb": 1, "max_scan_mb": 2, "stream_max_mb": 2, "system_signaturen": False}


@pytest.fixture(scope="session")
def clamd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One clamd for the session: the socket path."""
    from postkorb.clamd_eingebettet import clamd_programm, starten

    if clamd_programm() is None:
        pytest.fail("clamd is missing: run scripts/setup.sh clamav")
    ordner = tmp_path_factory.mktemp("clamd")
    prozess, scanner = starten(ordner, **GRENZEN)
    yield scanner.adresse
    prozess.terminate()
    prozess.wait(10)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this session, dropped at the end."""
    admin = create_engine(
        make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    name = f"postkorb_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(
    request: pytest.FixtureRequest, tmp_path: Path, clamd: str, monkeypatch: pytest.MonkeyPatch
) -> Iterator[PostkorbApplication]:
    """The service's Application on each backend (PostgreSQL: tables emptied first)."""
    monkeypatch.setenv("SOZ_CLAMD_SOCKET", clamd)
    monkeypatch.setenv("SOZ_POSTKORB_LAND", "HE")
    from postkorb_testhilfen import einstellungen

    settings = einstellungen(tmp_path)
    if request.param == "postgres":
        settings = dataclasses.replace(
            settings, database_url=request.getfixturevalue("postgres_url")
        )
    application = bootstrap(settings)
    if request.param == "postgres":
        for projection in application.projections:
            projection.metadata.drop_all(application.database.engine)
        ablage.metadata.drop_all(application.database.engine)
        benachrichtigung.metadata.drop_all(application.database.engine)
        application.database.drop_schema()
    application.create_schema()
    yield application
    application.close()


Kontext = Callable[..., ServiceContext]


@pytest.fixture
def kontext(app: PostkorbApplication) -> Kontext:
    """kontext(person_id, broker_user=...) -> what a worker gets for that caller."""

    def _kontext(person_id: str | None, broker_user: str = "gateway") -> ServiceContext:
        return ServiceContext(app, new_id(), None, lambda: {}, person_id, broker_user)

    return _kontext
