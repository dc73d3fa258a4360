"""Mietenstufe of a Gemeinde by its AGS (§ 12 Abs. 3 WoGG, § 1 WoGV and its Anlage).

Read from ``<reference data>/finder/`` (``$SOZ_REFERENCE_DATA`` or ``../shared/data`` beside the
repository), never copied into the project. The rule of the Anlage: a Gemeinde listed on its own
has its own Stufe; every other Gemeinde takes the row of its Kreis (``ags[:5]``); islands without
a road to the mainland are Stufe V (§ 12 Abs. 4a WoGG; they are in the Gemeinde file).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

GEMEINDE_DATEI = "mietenstufen_gemeinden_2023.csv"
KREIS_DATEI = "mietenstufen_kreise_2023.csv"
GILT_AB = date(2023, 1, 1)
QUELLE = "Anlage zu § 1 Abs. 3 WoGV (Mietenstufen der Gemeinden nach Ländern ab 1. Januar 2023)"
NAMENSNENNUNG = (
    "Mietenstufen: Anlage zu § 1 Abs. 3 WoGV; "
    "Gemeindeschlüssel: © Statistisches Bundesamt (Destatis), GV-ISys"
)
# Rows the data's README names as doubtful: the finder uses them but says so.
ZWEIFELHAFT = {"09184145": "Stufe 2 bei Nachbarn mit 6 und 7: vermutlich Namensverwechslung"}


class MietenstufenFehlen(FileNotFoundError):
    pass


def standard_verzeichnis() -> Path:
    """``$SOZ_REFERENCE_DATA/finder``, else ``../shared/data/finder`` beside the repository."""
    konfiguriert = os.environ.get("SOZ_REFERENCE_DATA", "").strip()
    if konfiguriert:
        return Path(konfiguriert) / "finder"
    for ordner in Path(__file__).resolve().parents:
        if (ordner / "services").is_dir() and (ordner / "pyproject.toml").is_file():
            return ordner.parent / "shared" / "data" / "finder"
    return Path.cwd().resolve().parent / "shared" / "data" / "finder"


@dataclass(frozen=True)
class Mietenstufe:
    ags: str
    stufe: int
    herkunft: str  # "gemeinde", "insel" or "kreis"
    zweifel: str = ""


class Mietenstufen:
    def __init__(self, gemeinden: dict[str, tuple[int, str]], kreise: dict[str, int]) -> None:
        self._gemeinden = gemeinden
        self._kreise = kreise
        self.gilt_ab = GILT_AB
        self.gilt_bis: date | None = None  # a new list from 2027 is only a bill (BT-Drs. 21/8284)
        self.quelle = QUELLE
        self.namensnennung = NAMENSNENNUNG

    @classmethod
    def laden(cls, daten: Path | None = None) -> Mietenstufen:
        ordner = daten or standard_verzeichnis()
        fehlend = [n for n in (GEMEINDE_DATEI, KREIS_DATEI) if not (ordner / n).is_file()]
        if fehlend:
            raise MietenstufenFehlen(
                f"Mietenstufen fehlen in {ordner}: {', '.join(fehlend)} "
                "(Referenzdaten ../shared/data/finder, siehe deren README.md)"
            )
        gemeinden: dict[str, tuple[int, str]] = {}
        with (ordner / GEMEINDE_DATEI).open(encoding="utf-8", newline="") as datei:
            for zeile in csv.DictReader(datei, delimiter=";"):
                herkunft = "insel" if zeile["herkunft"].startswith("insel") else "gemeinde"
                gemeinden[zeile["ags"].strip()] = (_stufe(zeile["mietenstufe"]), herkunft)
        kreise: dict[str, int] = {}
        with (ordner / KREIS_DATEI).open(encoding="utf-8", newline="") as datei:
            for zeile in csv.DictReader(datei, delimiter=";"):
                if zeile["mietenstufe_kreis"].strip():
                    kreise[zeile["kreisschluessel"].strip()] = _stufe(zeile["mietenstufe_kreis"])
        return cls(gemeinden, kreise)

    def fuer_ags(self, ags: str) -> int | None:
        gefunden = self.nachschlagen(ags)
        return gefunden.stufe if gefunden else None

    def nachschlagen(self, ags: str) -> Mietenstufe | None:
        ags = ags.strip()
        if len(ags) != 8 or not ags.isdigit():
            return None
        eigene = self._gemeinden.get(ags)
        if eigene is not None:
            return Mietenstufe(ags, eigene[0], eigene[1], ZWEIFELHAFT.get(ags, ""))
        kreis = self._kreise.get(ags[:5])
        if kreis is not None:
            return Mietenstufe(ags, kreis, "kreis")
        return None

    def __len__(self) -> int:
        return len(self._gemeinden)


def _stufe(text: str) -> int:
    stufe = int(text.strip())
    if not 1 <= stufe <= 7:
        raise ValueError(f"Mietenstufe {stufe} außerhalb I bis VII")
    return stufe
