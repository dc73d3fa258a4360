"""The import checks, on broken copies of the real data in tmp_path."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zustaendigkeit import importer
from zustaendigkeit.adapters import quelldateien
from zustaendigkeit.domain.referenzdaten import aufloesen
from zustaendigkeit.errors import ReferenzdatenFehlen, ReferenzdatenFehlerhaft


def datei(verzeichnis: Path, name: str) -> Path:
    return verzeichnis / quelldateien.UNTERORDNER / name


def zeilen_aendern(pfad: Path, aendern) -> None:  # noqa: ANN001
    with pfad.open(encoding="utf-8-sig", newline="") as quelle:
        reader = csv.DictReader(quelle)
        spalten = list(reader.fieldnames or [])
        zeilen = [z for z in (aendern(dict(row)) for row in reader) if z is not None]
    with pfad.open("w", encoding="utf-8", newline="") as ziel:
        writer = csv.DictWriter(ziel, spalten)
        writer.writeheader()
        writer.writerows(zeilen)


def probleme(verzeichnis: Path) -> list[str]:
    with pytest.raises(ReferenzdatenFehlerhaft) as raised:
        aufloesen(quelldateien.lesen(verzeichnis))
    return raised.value.probleme


def test_the_real_data_passes_every_check(referenzdaten):
    assert referenzdaten.anzahl() == {
        "jobcenter": 404,
        "zkt": 104,
        "ge": 300,
        "kreise": 401,
        "gemeinden": 10789,
        "plz": 8170,
        "plz_orte": 12871,
    }


def test_a_missing_file_is_named_with_where_to_get_it(datenkopie, capsys):
    datei(datenkopie, "zuordnung_plz_ort.csv").unlink()
    with pytest.raises(ReferenzdatenFehlen) as raised:
        quelldateien.lesen(datenkopie)
    meldung = str(raised.value)
    assert "1 von 5 Dateien" in meldung and "zuordnung_plz_ort.csv" in meldung
    assert "maxjava44/datengerator-backend" in meldung and "ODbL" in meldung
    assert "jobcenters_einglmv2026_with_kreis.csv" not in meldung

    assert importer.main(["--data-dir", str(datenkopie)]) == 2
    assert "zuordnung_plz_ort.csv" in capsys.readouterr().err


def test_an_empty_folder_lists_all_five_files(tmp_path):
    meldung = quelldateien.meldung_fehlende(tmp_path, quelldateien.fehlende_dateien(tmp_path))
    for quelle in quelldateien.QUELLDATEIEN:
        assert quelle.name in meldung
    assert str(tmp_path / "zustaendigkeit") in meldung


def test_a_kreis_without_jobcenter_fails(datenkopie, monkeypatch, capsys):
    # Biberach's Jobcenter gone from both Jobcenter files: its Kreis and PLZ lead nowhere.
    zeilen_aendern(
        datei(datenkopie, "jobcenters_einglmv2026_with_kreis.csv"),
        lambda row: None if row["traeger_nr"] == "68410" else row,
    )
    zeilen_aendern(
        datei(datenkopie, "kreis_to_jobcenter_2026.csv"),
        lambda row: None if row["traeger_nr"] == "68410" else row,
    )
    gefunden = probleme(datenkopie)
    assert any(p.startswith("Kreis 08426 (Biberach) hat kein Jobcenter") for p in gefunden)
    assert any("PLZ 88400 führt zu keinem Jobcenter" in p for p in gefunden)
    # and the command says so, with exit code 1
    monkeypatch.setenv("SOZ_DATA_DIR", str(datenkopie.parent / "var"))
    assert importer.main(["--data-dir", str(datenkopie)]) == 1
    assert "Kreis 08426 (Biberach) hat kein Jobcenter" in capsys.readouterr().err


def test_a_jobcenter_without_kreis_fails(datenkopie):
    def ohne_kreis(row: dict[str, str]) -> dict[str, str]:
        if row["traeger_nr"] == "03002":
            row["kreis_keys"] = ""
        return row

    zeilen_aendern(datei(datenkopie, "jobcenters_einglmv2026_with_kreis.csv"), ohne_kreis)
    gefunden = probleme(datenkopie)
    assert any("Jobcenter 03002 deckt keinen Kreis ab" in p for p in gefunden)
    assert any("Jobcenter 03002 (Vorpommern-Greifswald) ist über keine PLZ" in p for p in gefunden)


def test_a_plz_in_a_kreis_nobody_covers_fails(datenkopie):
    zeilen_aendern(
        datei(datenkopie, "zuordnung_plz_ort.csv"),
        lambda row: {**row, "ags": "99999001"} if row["plz"] == "88400" else row,
    )
    assert any(
        "PLZ 88400 führt zu keinem Jobcenter (Kreis 99999" in p for p in probleme(datenkopie)
    )


def test_a_kreis_split_the_notes_do_not_explain_fails(datenkopie):
    def ohne_notiz(row: dict[str, str]) -> dict[str, str]:
        return {**row, "note": ""} if row["traeger_nr"] == "43106" else row

    zeilen_aendern(datei(datenkopie, "jobcenters_einglmv2026_with_kreis.csv"), ohne_notiz)
    assert any(
        p.startswith("Kreis 06435 hat die Jobcenter 43102, 43106") for p in probleme(datenkopie)
    )


def test_the_two_jobcenter_files_must_agree(datenkopie):
    zeilen_aendern(
        datei(datenkopie, "kreis_to_jobcenter_2026.csv"),
        lambda row: {**row, "traeger_nr": "68410"} if row["kreis_key"] == "08425" else row,
    )
    gefunden = probleme(datenkopie)
    assert any(
        "Kreis 08425 -> Jobcenter 68410 steht nur in kreis_to_jobcenter" in p for p in gefunden
    )


def test_komtrzv_and_einglmv_must_count_the_same_zkt(datenkopie):
    zeilen = 0

    def eine_weniger(row: dict[str, str]) -> dict[str, str] | None:
        nonlocal zeilen
        zeilen += 1
        return None if zeilen == 1 else row

    zeilen_aendern(datei(datenkopie, "komtrzv_anlage_zkt.csv"), eine_weniger)
    assert any("Baden-Württemberg: 10 zkT in komtrzv" in p for p in probleme(datenkopie))


def test_a_missing_column_is_named(datenkopie):
    pfad = datei(datenkopie, "zuordnung_plz_ort.csv")
    pfad.write_text(pfad.read_text(encoding="utf-8").replace(",ags,", ",gemeindeschluessel,", 1))
    with pytest.raises(ReferenzdatenFehlerhaft) as raised:
        quelldateien.lesen(datenkopie)
    assert raised.value.probleme == ["zuordnung_plz_ort.csv: Spalten fehlen: ags"]


def test_a_new_gemeinde_contradicting_the_gemeindeverzeichnis_fails(datenkopie):
    # Eisenach's new key in a Kreis of another Jobcenter than its old key's: a contradiction.
    zeilen_aendern(
        datei(datenkopie, "zuordnung_plz_ort.csv"),
        lambda row: {**row, "ags": "16064105"} if row["ags"] == "16063105" else row,
    )
    assert any(
        p.startswith("Eisenach: AGS 16064105 führt zu Jobcenter") for p in probleme(datenkopie)
    )


def test_the_data_version_changes_with_any_byte(datenkopie, datenverzeichnis):
    vorher = quelldateien.pruefsumme(datenkopie)
    assert vorher == quelldateien.pruefsumme(datenverzeichnis)
    pfad = datei(datenkopie, "komtrzv_anlage_zkt.csv")
    pfad.write_text(pfad.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert quelldateien.pruefsumme(datenkopie) != vorher


def test_problems_are_capped_per_kind(datenkopie):
    zeilen_aendern(
        datei(datenkopie, "zuordnung_plz_ort.csv"), lambda row: {**row, "ags": "9" + row["ags"][1:]}
    )
    gefunden = probleme(datenkopie)
    assert len([p for p in gefunden if "führt zu keinem Jobcenter" in p]) == 20
    assert "… weitere Probleme der Art 'plz_ohne_jobcenter' ausgelassen" in gefunden
