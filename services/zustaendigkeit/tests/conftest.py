"""Fixtures of the zustaendigkeit tests: the real reference data, read once per session."""

from __future__ import annotations

import csv
import os
import shutil
from pathlib import Path

import pytest

from zustaendigkeit.adapters import quelldateien
from zustaendigkeit.domain.model import Anbindung, Referenzdaten
from zustaendigkeit.domain.referenzdaten import aufloesen
from zustaendigkeit.domain.verzeichnis import Verzeichnis

ANGEBUNDEN = "68410"  # Biberach (zkT), connected in these tests


@pytest.fixture(scope="session")
def datenverzeichnis() -> Path:
    """The real data ($SOZ_REFERENCE_DATA or ../shared/data). Its absence is a failure, not
    a skip: the suite's main promises are about the real data."""
    verzeichnis = quelldateien.standard_verzeichnis()
    fehlend = quelldateien.fehlende_dateien(verzeichnis)
    if fehlend:
        pytest.fail(quelldateien.meldung_fehlende(verzeichnis, fehlend))
    return verzeichnis


@pytest.fixture(scope="session")
def referenzdaten(datenverzeichnis: Path) -> Referenzdaten:
    return aufloesen(quelldateien.lesen(datenverzeichnis))


@pytest.fixture(scope="session")
def verzeichnis(referenzdaten: Referenzdaten) -> Verzeichnis:
    return Verzeichnis(referenzdaten, Anbindung(frozenset({ANGEBUNDEN})))


@pytest.fixture(scope="session")
def rohdaten(datenverzeichnis: Path) -> dict[str, list[dict[str, str]]]:
    """The CSV rows as they are, for checks computed independently of the import."""
    ordner = datenverzeichnis / quelldateien.UNTERORDNER
    return {
        datei.name: list(csv.DictReader((ordner / datei.name).open(encoding="utf-8-sig")))
        for datei in quelldateien.QUELLDATEIEN
    }


@pytest.fixture
def datenkopie(datenverzeichnis: Path, tmp_path: Path) -> Path:
    """A writable copy of the data in tmp_path, to break on purpose."""
    ziel = tmp_path / "daten"
    shutil.copytree(datenverzeichnis / quelldateien.UNTERORDNER, ziel / quelldateien.UNTERORDNER)
    for datei in (ziel / quelldateien.UNTERORDNER).iterdir():
        datei.chmod(0o644)  # the shared copy is read-only
    return ziel


@pytest.fixture(scope="session")
def amqp_uri() -> str:
    return os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
