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
from zustaendigkeit import importer, kontakte
from zustaendigkeit.adapters import kontaktdatei, kontakte_projektion, projektion, quelldateien
from zustaendigkeit.bootstrap import bootstrap
from zustaendigkeit.domain.kontakte import KontakteFehlerhaft
from zustaendigkeit.errors import ReferenzdatenFehlen

BEISPIEL_KONTAKTE = Path(__file__).resolve().parents[4] / "deploy/embedded/jobcenter-kontakte"

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
    for tabellen in (projektion.metadata, kontakte_projektion.metadata):
        for table in reversed(tabellen.sorted_tables):
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


def test_contacts_imported_as_events_once_per_file_traceable_and_rebuildable(
    application, datenverzeichnis, referenzdaten, tmp_path, monkeypatch
):
    """Good rows are imported as one event; the same file again changes nothing; a bad file
    names every bad row and changes nothing; a changed file is a second event that says what
    changed; the projection rebuilds from the store; at start a bad file keeps the last good
    one in service."""
    importer.importieren(application, datenverzeichnis)
    ordner = tmp_path / "kontakte"
    ordner.mkdir()
    datei = kontaktdatei.datei(ordner)
    datei.write_bytes(kontaktdatei.inhalt(BEISPIEL_KONTAKTE))

    erster = kontakte.importieren(application, ordner, referenzdaten)
    assert erster.neu and erster.anzahl == 6 and "68410" in erster.hinzugekommen
    [event] = application.store.read_stream(kontakte.STREAM)
    assert event.event_type == "JobcenterKontakteImportiert"
    assert event.payload["datenstand"] == referenzdaten.datenstand
    biberach = next(k for k in event.payload["kontakte"] if k["jobcenter_id"] == "68410")
    assert biberach["telefon"] == "069 90009 106" and biberach["stand"] == "2026-01-15"
    with application.database.read() as connection:  # internal: never on the bus
        assert connection.execute(select(func.count()).select_from(outbox)).scalar_one() == 0
    gespeichert = kontakte_projektion.laden(application.database)
    assert gespeichert.stand == erster.stand and len(gespeichert.kontakte) == 6

    zweiter = kontakte.importieren(application, ordner, referenzdaten)
    assert not zweiter.neu and zweiter.stand == erster.stand
    assert len(application.store.read_stream(kontakte.STREAM)) == 1

    gut = datei.read_text(encoding="utf-8")
    datei.write_text(
        gut + "31118,Düren,,,,0123,,,,Quelle,2026-01-15\n99999,Nirgendwo,,,,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(KontakteFehlerhaft) as fehler:
        kontakte.importieren(application, ordner, referenzdaten)
    assert any(
        p.startswith("jobcenter_kontakte.csv Zeile 8: telefon") for p in fehler.value.probleme
    )
    assert any("Zeile 9: jobcenter_id" in p for p in fehler.value.probleme)
    assert any("Zeile 9: quelle: fehlt" in p for p in fehler.value.probleme)
    assert len(application.store.read_stream(kontakte.STREAM)) == 1

    monkeypatch.setenv(kontaktdatei.UMGEBUNGSVARIABLE, str(ordner))
    assert kontakte.sicherstellen(application, referenzdaten).stand == erster.stand

    datei.write_text(
        gut.replace("069 90009 106", "069 90009 199")
        + "31118,Düren,Beispielweg 7,52349,Düren,,,,,Beispieldaten,2026-01-20\n",
        encoding="utf-8",
    )
    geaendert = kontakte.importieren(application, ordner, referenzdaten)
    assert geaendert.neu and geaendert.hinzugekommen == ("31118",)
    assert geaendert.geaendert == ("68410",) and geaendert.entfernt == ()
    alt, neu = application.store.read_stream(kontakte.STREAM)
    assert alt.payload["pruefsumme"] != neu.payload["pruefsumme"]  # both versions are kept

    with application.database.write() as connection:
        for table in reversed(kontakte_projektion.metadata.sorted_tables):
            connection.execute(table.delete())
    rebuild(application.store, application.projections)
    assert kontakte_projektion.laden(application.database).stand == geaendert.stand
