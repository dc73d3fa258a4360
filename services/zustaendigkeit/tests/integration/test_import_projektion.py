"""The import as an event and the lookup projection, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from kernel.application import Application
from kernel.config import Settings
from kernel.projections import rebuild
from kernel.tables import outbox
from zustaendigkeit import importer
from zustaendigkeit.adapters import projektion, quelldateien
from zustaendigkeit.bootstrap import bootstrap
from zustaendigkeit.errors import ReferenzdatenFehlen

POSTGRES_URL = os.environ.get(
    "SOZ_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test"
)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this module, dropped afterwards."""
    admin = create_engine(
        make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    name = f"zustaendigkeit_test_{uuid.uuid4().hex[:8]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def application(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Application]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'zustaendigkeit.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    settings = Settings(
        service_name="zustaendigkeit",
        data_dir=tmp_path,
        database_url=url,
        keystore_url=f"sqlite:///{tmp_path / 'keys.db'}",
        amqp_uri="",
        http_port=0,
        log_level="WARNING",
    )
    app = bootstrap(settings)
    app.database.drop_schema()
    for table in reversed(projektion.metadata.sorted_tables):
        table.drop(app.database.engine, checkfirst=True)
    app.create_schema()
    yield app
    app.close()


def test_import_as_an_event_then_once_per_data_version_and_rebuildable(
    application, datenverzeichnis, datenkopie, referenzdaten
):
    """One scenario per backend (an import takes about a second): import, import again,
    rebuild the projection from the store, import changed data."""
    bericht = importer.importieren(application, datenverzeichnis)
    assert bericht.neu and bericht.datenstand == referenzdaten.datenstand
    assert bericht.anzahl["plz"] == 8170
    [event] = application.store.read_stream(importer.STREAM)
    assert event.event_type == "ReferenzdatenImportiert"
    assert event.payload["pruefsumme"] == referenzdaten.pruefsumme
    assert event.payload["anzahl"] == referenzdaten.anzahl()
    assert len(event.payload["plz_orte"]) == 12871
    with application.database.read() as connection:  # internal: never on the bus
        assert connection.execute(select(func.count()).select_from(outbox)).scalar_one() == 0
    assert projektion.laden(application.database) == referenzdaten

    assert not importer.importieren(application, datenverzeichnis).neu
    assert len(application.store.read_stream(importer.STREAM)) == 1

    with application.database.write() as connection:
        for table in reversed(projektion.metadata.sorted_tables):
            connection.execute(table.delete())
    assert projektion.laden(application.database) is None
    rebuild(application.store, application.projections)
    assert projektion.laden(application.database) == referenzdaten

    pfad = datenkopie / quelldateien.UNTERORDNER / "komtrzv_anlage_zkt.csv"
    pfad.write_text(pfad.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    geaendert = importer.importieren(application, datenkopie)
    assert geaendert.neu and geaendert.datenstand != referenzdaten.datenstand
    assert projektion.laden(application.database).datenstand == geaendert.datenstand
    assert len(application.store.read_stream(importer.STREAM)) == 2

    # At start without files, the imported directory keeps serving.
    assert importer.sicherstellen(application, datenkopie.parent / "leer").datenstand == (
        geaendert.datenstand
    )


def test_at_start_without_files_and_without_a_directory_the_service_cannot_start(
    application, tmp_path
):
    with pytest.raises(ReferenzdatenFehlen):
        importer.sicherstellen(application, tmp_path / "leer")
