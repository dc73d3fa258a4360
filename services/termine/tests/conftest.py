"""Fixtures of the termine tests: the service's Application on SQLite (and PostgreSQL for the
race), a small directory of two centres, a fixed clock, places without zustaendigkeit."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from termine import handlers, verzeichnis_laden
from termine.bootstrap import TermineApplication
from termine.domain.stelle import stelle_aus_dokument

sys.path.insert(0, str(Path(__file__).parent))

from termine_testhilfen import (  # noqa: E402
    JETZT,
    POSTGRES_URL,
    anwendung_fuer,
    orte,
    schema_leeren,
    stellen_dokumente,
)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def anwendung(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TermineApplication]:
    """The service's Application with the two test centres, on SQLite and on PostgreSQL."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        schema_leeren(url)
        application = anwendung_fuer(url, url, pool=2)
    else:
        application = anwendung_fuer(
            f"sqlite:///{tmp_path}/termine.db", f"sqlite:///{tmp_path}/keys.db"
        )
    verzeichnis_laden.uebernehmen(
        application, [stelle_aus_dokument(d) for d in stellen_dokumente()], "hsds"
    )
    yield application
    application.close()


@pytest.fixture
def kontext(anwendung: TermineApplication) -> Callable[..., handlers.Kontext]:
    def machen(
        person_id: str | None = None, jetzt: float = JETZT, sprache: str = "de"
    ) -> handlers.Kontext:
        return handlers.Kontext(
            anwendung, person_id=person_id, sprache=sprache, uhr=lambda: jetzt, orte=orte
        )

    return machen


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin = create_engine(
        make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    name = f"termine_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()
