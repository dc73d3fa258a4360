"""The operators' command: export, import with exit codes, staff access."""

from __future__ import annotations

import uuid

from termine_testhilfen import KOELN, anwendung_fuer, stellen_dokumente

from termine import betrieb, verzeichnis_laden
from termine.domain.stelle import stelle_aus_dokument


def test_export_import_and_access_from_the_command_line(tmp_path, monkeypatch, capsys):
    quelle = tmp_path / "quelle"
    monkeypatch.setenv("SOZ_DATA_DIR", str(quelle))
    anwendung = anwendung_fuer(
        f"sqlite:///{quelle}/termine.db", f"sqlite:///{quelle}/termine-keys.db"
    )
    verzeichnis_laden.uebernehmen(
        anwendung, [stelle_aus_dokument(d) for d in stellen_dokumente()], "hsds"
    )
    anwendung.close()
    assert betrieb.main(["hsds-export", str(tmp_path / "paket")]) == 0
    assert "2 Beratungsstellen" in capsys.readouterr().out
    person = str(uuid.uuid4())
    assert (
        betrieb.main(["zugang", "--person", person, "--stelle", KOELN, "--rolle", "leitung"]) == 0
    )
    assert (
        betrieb.main(["zugang", "--person", "kein-uuid", "--stelle", KOELN, "--rolle", "leitung"])
        == 2
    )

    monkeypatch.setenv("SOZ_DATA_DIR", str(tmp_path / "ziel"))
    assert betrieb.main(["hsds-import", str(tmp_path / "paket")]) == 0
    assert "neu: 2, geändert: 0, unverändert: 0" in capsys.readouterr().out
    with (tmp_path / "paket" / "service.csv").open("a", encoding="utf-8") as datei:
        datei.write("kaputt,gibt-es-nicht,x,active,x,vor_ort,45,0\n")
    with (tmp_path / "paket" / "service_at_location.csv").open("a", encoding="utf-8") as datei:
        datei.write(f"kaputt,fehlt,{KOELN}\n")
    assert betrieb.main(["hsds-import", str(tmp_path / "paket")]) == 1
    ausgabe = capsys.readouterr()
    assert "neu: 0, geändert: 0, unverändert: 1" in ausgabe.out
    assert ausgabe.err.splitlines() == [
        "FEHLER service.csv Zeile 4: organization_id unbekannt",
        "FEHLER service_at_location.csv Zeile 4: service_id unbekannt",
    ]
