"""Reading the operators' contacts file ``jobcenter_kontakte.csv`` from the folder that
``SOZ_JOBCENTER_KONTAKTE_DIR`` names (docs/adr/0084). Like the reference data, real contact
details are never committed: the project ships only an example with example.org data
(deploy/embedded/jobcenter-kontakte/) for the embedded default and the tests."""

from __future__ import annotations

import csv
import hashlib
import io
import os
from pathlib import Path

from zustaendigkeit.domain.kontakte import KONTAKTE_DATEI, SPALTEN, KontakteFehlerhaft

UMGEBUNGSVARIABLE = "SOZ_JOBCENTER_KONTAKTE_DIR"


class KontaktdateiFehlt(Exception):
    """The configured folder holds no contacts file; the message says where it was looked for."""


def konfiguriertes_verzeichnis() -> Path | None:
    """The folder of the contacts file, None when this instance configures none."""
    wert = os.environ.get(UMGEBUNGSVARIABLE, "").strip()
    return Path(wert) if wert else None


def datei(verzeichnis: Path) -> Path:
    return verzeichnis / KONTAKTE_DATEI


def inhalt(verzeichnis: Path) -> bytes:
    pfad = datei(verzeichnis)
    if not pfad.is_file():
        raise KontaktdateiFehlt(
            f"Kontaktdatei fehlt: {pfad} (Spalten: {','.join(SPALTEN)}; "
            f"Ordner über --dir oder {UMGEBUNGSVARIABLE})"
        )
    return pfad.read_bytes()


def pruefsumme(daten: bytes) -> str:
    return hashlib.sha256(daten).hexdigest()


def zeilen(daten: bytes) -> list[tuple[int, dict[str, str]]]:
    """The rows with the line each starts on; raises KontakteFehlerhaft for a file that is no
    UTF-8 or lacks columns."""
    try:
        text = daten.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise KontakteFehlerhaft(
            [f"{KONTAKTE_DATEI}: keine UTF-8-Datei (Byte {error.start})"]
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fehlend = [spalte for spalte in SPALTEN if spalte not in (reader.fieldnames or [])]
    if fehlend:
        raise KontakteFehlerhaft([f"{KONTAKTE_DATEI}: Spalten fehlen: {', '.join(fehlend)}"])
    ergebnis = []
    beginn = reader.line_num + 1
    for row in reader:
        ergebnis.append((beginn, {k: (v or "") for k, v in row.items() if k is not None}))
        beginn = reader.line_num + 1
    return ergebnis
