"""HSDS 3.0 tabular data package: export, import, round trip, idempotence, bad rows."""

from __future__ import annotations

import csv
import json

from termine_testhilfen import BONN, KOELN, VIDEO_VORLAGE, anwendung_fuer

from termine import verzeichnis_laden
from termine.adapters import hsds
from termine.adapters.verzeichnis import stellen_laden


def test_round_trip_second_import_changes_nothing_changed_rows_become_events(anwendung, tmp_path):
    ordner = tmp_path / "hsds"
    hsds.exportieren(stellen_laden(anwendung), ordner)
    paket = json.loads((ordner / "datapackage.json").read_text())
    assert paket["profile"] == "tabular-data-package"
    assert {r["name"] for r in paket["resources"]} >= {
        "organization",
        "location",
        "service",
        "schedule",
    }

    ziel = anwendung_fuer(f"sqlite:///{tmp_path}/ziel.db", f"sqlite:///{tmp_path}/ziel-keys.db")
    ergebnis = hsds.importieren(ordner)
    assert ergebnis.fehler == []
    assert verzeichnis_laden.uebernehmen(ziel, ergebnis.stellen, "hsds").neu == 2
    vorher = {s.id: s.dokument() for s in stellen_laden(anwendung)}
    assert vorher[BONN]["berater"][0]["abwesenheiten"] == [
        {
            "id": "00000000-0000-0000-0000-00000000000e",
            "von": "2026-12-24T00:00:00+01:00",
            "bis": "2027-01-01T00:00:00+01:00",
        }
    ]
    assert {s.id: s.dokument() for s in stellen_laden(ziel)} == vorher
    # The access of the centre's video tool travels as an x_ column of the location.
    assert vorher[BONN]["fernzugang"] == {"video": VIDEO_VORLAGE}
    with (ordner / "location.csv").open(encoding="utf-8") as datei:
        spalte = {z["id"]: z["x_fernzugang_video"] for z in csv.DictReader(datei)}
    assert spalte == {BONN: VIDEO_VORLAGE, KOELN: ""}
    position = ziel.store.stream_version(f"beratungsstelle-{KOELN}")
    nochmal = verzeichnis_laden.uebernehmen(ziel, hsds.importieren(ordner).stellen, "hsds")
    assert (nochmal.neu, nochmal.geaendert, nochmal.unveraendert) == (0, 0, 2)
    assert ziel.store.stream_version(f"beratungsstelle-{KOELN}") == position

    # One changed row: one event, in that centre's stream only.
    pfad = ordner / "location.csv"
    zeilen = list(csv.DictReader(pfad.open(encoding="utf-8")))
    for zeile in zeilen:
        if zeile["id"] == BONN:
            zeile["name"] = "Suchtberatung Bonn-Süd (Beispiel)"
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = csv.DictWriter(datei, fieldnames=list(zeilen[0]))
        schreiber.writeheader()
        schreiber.writerows(zeilen)
    geaendert = verzeichnis_laden.uebernehmen(ziel, hsds.importieren(ordner).stellen, "hsds")
    assert (geaendert.neu, geaendert.geaendert, geaendert.unveraendert) == (0, 1, 1)
    assert [e.event_type for e in ziel.store.read_stream(f"beratungsstelle-{BONN}")] == [
        "BeratungsstelleErfasst",
        "BeratungsstelleGeaendert",
    ]
    ziel.close()


def test_bad_rows_are_reported_with_line_and_reason_and_the_valid_centres_kept(anwendung, tmp_path):
    ordner = tmp_path / "hsds"
    hsds.exportieren(stellen_laden(anwendung), ordner)
    pfad = ordner / "schedule.csv"
    zeilen = list(csv.DictReader(pfad.open(encoding="utf-8")))
    bonn_zeile = next(i for i, z in enumerate(zeilen) if z["location_id"] == BONN)
    zeilen[bonn_zeile]["opens_at"] = "25:00"
    zeilen.append({**zeilen[0], "id": "x", "location_id": "gibt-es-nicht"})
    with pfad.open("w", encoding="utf-8", newline="") as datei:
        schreiber = csv.DictWriter(datei, fieldnames=list(zeilen[0]))
        schreiber.writeheader()
        schreiber.writerows(zeilen)
    with (ordner / "address.csv").open("a", encoding="utf-8") as datei:
        datei.write("waise,gibt-es-nicht,Weg 1,Ort,12345,DE,physical\n")

    ergebnis = hsds.importieren(ordner)
    assert "address.csv Zeile 4: location_id unbekannt" in ergebnis.fehler
    assert f"schedule.csv Zeile {len(zeilen) + 1}: location_id unbekannt" in ergebnis.fehler
    [bonn_fehler] = [f for f in ergebnis.fehler if BONN in f]
    assert bonn_fehler.startswith("location.csv Zeile 3: ") and ".von ungueltig" in bonn_fehler
    assert len(ergebnis.fehler) == 3
    # Nothing valid is lost: Köln, whose rows are all fine, is taken.
    assert [s.id for s in ergebnis.stellen] == [KOELN]
