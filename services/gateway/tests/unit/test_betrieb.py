"""The operators' account command: creates a local account (a centre's staff account is one)
and prints the person id the termine service binds to a centre."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from gateway import betrieb


def test_creates_an_account_and_prints_its_person_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOZ_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("ein langer Satz als Passwort\n"))
    assert betrieb.main(["konto-anlegen", "--email", "Beratung@Stelle.example.org"]) == 0
    person_id = capsys.readouterr().out.strip()
    assert len(person_id) == 36

    assert betrieb.main(["person", "--email", "beratung@stelle.example.org"]) == 0
    assert capsys.readouterr().out.strip() == person_id
    assert betrieb.main(["konto-anlegen", "--email", "beratung@stelle.example.org"]) == 1
    assert betrieb.main(["person", "--email", "niemand@stelle.example.org"]) == 1

    monkeypatch.setattr("sys.stdin", io.StringIO("kurz\n"))
    assert betrieb.main(["konto-anlegen", "--email", "zwei@stelle.example.org"]) == 1
    assert "passwort_zu_kurz" in capsys.readouterr().err
