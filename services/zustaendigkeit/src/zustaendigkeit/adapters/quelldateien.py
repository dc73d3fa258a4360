"""Reading the source files of the directory from a folder (``<data dir>/zustaendigkeit/``).

The files are never copied into the project: the folder is given (``--data-dir``,
``SOZ_REFERENCE_DATA``) or found beside the repository (``../shared/data``). What is missing is
named with where to get it, as the data's README says.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from zustaendigkeit.domain.lage import Lage, lagen_aus_gv
from zustaendigkeit.domain.model import Datei, Quelle
from zustaendigkeit.domain.referenzdaten import (
    GEMEINDEVERZEICHNIS_DATEI,
    JOBCENTER_DATEI,
    KOMTRZV_DATEI,
    KREIS_JOBCENTER_DATEI,
    PLZ_DATEI,
    REGELWERK,
    Quelldaten,
)
from zustaendigkeit.errors import ReferenzdatenFehlen, ReferenzdatenFehlerhaft

UNTERORDNER = "zustaendigkeit"
UMGEBUNGSVARIABLE = "SOZ_REFERENCE_DATA"


@dataclass(frozen=True)
class Quelldatei:
    name: str
    spalten: tuple[str, ...]  # the columns the import reads
    herkunft: str  # where to get it (from the data's README)


QUELLDATEIEN = (
    Quelldatei(
        JOBCENTER_DATEI,
        ("traeger_nr", "traeger_form", "jobcenter_name", "bundesland", "kreis_keys", "note"),
        "EinglMV 2026 Anlage 1 (BGBl. 2025 I Nr. 335), aus der Liste 2022 (repo bundestag/gesetze, "
        "e/einglmv_2022/index.md) fortgeschrieben und gegen thunderquack/bundestag_gesetze "
        "e/einglmv_2026/index.md geprüft, mit Kreisschlüsseln",
    ),
    Quelldatei(
        KREIS_JOBCENTER_DATEI,
        ("kreis_key", "traeger_nr", "traeger_form"),
        "abgeleitet aus der Jobcenter-Liste 2026 und dem Gemeindeverzeichnis (Kreise GV 2020-Q4)",
    ),
    Quelldatei(
        KOMTRZV_DATEI,
        ("bundesland", "kommunaler_traeger"),
        "Anlage der Kommunalträger-Zulassungsverordnung (repo bundestag/gesetze, "
        "k/komtrzv/index.md)",
    ),
    Quelldatei(
        PLZ_DATEI,
        ("ags", "ort", "plz", "landkreis"),
        "suche-postleitzahl.org-Export (OpenStreetMap, ODbL 1.0), Kopie in repo "
        "maxjava44/datengerator-backend, Pfad zuordnung_plz_ort.csv, Commit "
        "89e15d42234966b2a81502d992f1a9550648cec0",
    ),
    Quelldatei(
        GEMEINDEVERZEICHNIS_DATEI,
        ("satzart", "land", "rb", "kreis", "gemeinde", "gemeindename"),
        "Destatis GV-ISys 'Auszug GV' 4. Quartal 2020 (dl-de/by-2-0), als CSV in repo "
        "grundeinkommensbuero/backend, utils/analyseData/recentMunicipalityData/data/"
        "AuszugGV4QAktuell.csv, Commit b4e64acdc1ac1a02ce8d7fb6720299ef162200c5",
    ),
)

QUELLEN = (
    Quelle(
        titel="Postleitzahlen und Orte: © OpenStreetMap contributors, ODbL 1.0 "
        "(über suche-postleitzahl.org)",
        lizenz="ODbL-1.0",
        url="https://www.openstreetmap.org/copyright",
    ),
    Quelle(
        titel="Gemeinden und Kreise: © Statistisches Bundesamt (Destatis), "
        "Gemeindeverzeichnis GV-ISys, Stand 31.12.2020",
        lizenz="dl-de/by-2-0",
        url="https://www.govdata.de/dl-de/by-2-0",
    ),
    Quelle(
        titel="Jobcenter: Eingliederungsmittel-Verordnung 2026, Anlage 1 (BGBl. 2025 I Nr. 335); "
        "zugelassene kommunale Träger: Kommunalträger-Zulassungsverordnung, Anlage",
        lizenz="amtliches Werk, § 5 UrhG",
        url=None,
    ),
)


def standard_verzeichnis() -> Path:
    """$SOZ_REFERENCE_DATA, else ``../shared/data`` beside the repository root."""
    configured = os.environ.get(UMGEBUNGSVARIABLE, "").strip()
    if configured:
        return Path(configured)
    return _repository_root().parent / "shared" / "data"


def _repository_root() -> Path:
    """The first folder above this file (or, installed elsewhere, above the working directory)
    that holds ``services/`` and ``pyproject.toml``."""
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for folder in start.parents:
            if (folder / "services").is_dir() and (folder / "pyproject.toml").is_file():
                return folder
    return Path.cwd().resolve()


def fehlende_dateien(verzeichnis: Path) -> list[Quelldatei]:
    ordner = verzeichnis / UNTERORDNER
    return [datei for datei in QUELLDATEIEN if not (ordner / datei.name).is_file()]


def vorhanden(verzeichnis: Path) -> bool:
    return not fehlende_dateien(verzeichnis)


def meldung_fehlende(verzeichnis: Path, fehlend: list[Quelldatei]) -> str:
    ordner = verzeichnis / UNTERORDNER
    zeilen = [
        f"Referenzdaten fehlen: {len(fehlend)} von {len(QUELLDATEIEN)} Dateien nicht in {ordner}",
    ]
    for datei in fehlend:
        zeilen.append(f"  - {datei.name}: {datei.herkunft}")
    zeilen.append(
        "Legen Sie die Dateien dort ab (Beschreibung und Lizenzen: README.md der Daten) oder "
        f"geben Sie den Ordner mit --data-dir oder {UMGEBUNGSVARIABLE} an (er muss den "
        f"Unterordner {UNTERORDNER}/ enthalten)."
    )
    return "\n".join(zeilen)


def pruefsumme(verzeichnis: Path) -> str:
    """sha256 over the resolution rules' version and the names and bytes of the source files,
    in a fixed order: the data version. Cheap (about 3 MB), so the service computes it at
    every start."""
    fehlend = fehlende_dateien(verzeichnis)
    if fehlend:
        raise ReferenzdatenFehlen(meldung_fehlende(verzeichnis, fehlend))
    return _pruefsumme(
        {
            d.name: hashlib.sha256((verzeichnis / UNTERORDNER / d.name).read_bytes()).hexdigest()
            for d in QUELLDATEIEN
        }
    )


def _pruefsumme(sha256_je_datei: dict[str, str]) -> str:
    gesamt = hashlib.sha256(f"regelwerk {REGELWERK}\n".encode())
    for datei in QUELLDATEIEN:
        gesamt.update(f"{datei.name}\0{sha256_je_datei[datei.name]}\n".encode())
    return gesamt.hexdigest()


def lesen(verzeichnis: Path) -> Quelldaten:
    """All five files, with their checksums; raises ReferenzdatenFehlen or, for a file that
    lacks a column, ReferenzdatenFehlerhaft."""
    fehlend = fehlende_dateien(verzeichnis)
    if fehlend:
        raise ReferenzdatenFehlen(meldung_fehlende(verzeichnis, fehlend))
    zeilen: dict[str, list[dict[str, str]]] = {}
    dateien: list[Datei] = []
    probleme: list[str] = []
    for datei in QUELLDATEIEN:
        inhalt = (verzeichnis / UNTERORDNER / datei.name).read_bytes()
        # utf-8-sig: the Destatis extract starts with a byte order mark.
        reader = csv.DictReader(io.StringIO(inhalt.decode("utf-8-sig"), newline=""))
        fehlende_spalten = [s for s in datei.spalten if s not in (reader.fieldnames or [])]
        if fehlende_spalten:
            probleme.append(f"{datei.name}: Spalten fehlen: {', '.join(fehlende_spalten)}")
            continue
        rows = [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
        zeilen[datei.name] = rows
        dateien.append(Datei(datei.name, hashlib.sha256(inhalt).hexdigest(), len(rows)))
    if probleme:
        raise ReferenzdatenFehlerhaft(probleme)
    return Quelldaten(
        jobcenter=zeilen[JOBCENTER_DATEI],
        kreis_jobcenter=zeilen[KREIS_JOBCENTER_DATEI],
        komtrzv=zeilen[KOMTRZV_DATEI],
        plz_orte=zeilen[PLZ_DATEI],
        gemeindeverzeichnis=zeilen[GEMEINDEVERZEICHNIS_DATEI],
        dateien=tuple(dateien),
        pruefsumme=_pruefsumme({d.name: d.sha256 for d in dateien}),
        quellen=QUELLEN,
    )


def gemeindelagen(verzeichnis: Path) -> dict[str, Lage]:
    """AGS -> where the Gemeinde lies, from the GV extract (empty when the file is missing:
    ``lage`` then answers OrtUnbekannt, the rest of the service is unaffected)."""
    datei = verzeichnis / UNTERORDNER / GEMEINDEVERZEICHNIS_DATEI
    if not datei.is_file():
        return {}
    with datei.open(encoding="utf-8-sig", newline="") as handle:
        return lagen_aus_gv(csv.DictReader(handle))
