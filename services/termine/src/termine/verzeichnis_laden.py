"""Taking centres into the directory: each checked document becomes an event of its centre's
stream, but only when it is new or changed. A second load of the same data appends nothing
(docs/adr/0109). Used by the demo at first start and by the HSDS import.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import select

from kernel.eventstore import NewEvent
from termine.adapters.projektion import stellen
from termine.bootstrap import TermineApplication
from termine.domain.demo import demo_verzeichnis, gemeinden_aus_gv
from termine.domain.stelle import Stelle, stelle_aus_dokument

log = structlog.get_logger("termine")

GV_DATEI = Path("zustaendigkeit") / "destatis_auszug_gv_2020q4.csv"
_STAPEL = 500


@dataclass(frozen=True)
class Bilanz:
    neu: int = 0
    geaendert: int = 0
    unveraendert: int = 0


def _kanonisch(dokument: dict[str, Any]) -> str:
    return json.dumps(dokument, ensure_ascii=False, sort_keys=True)


def uebernehmen(application: TermineApplication, stellen_neu: list[Stelle], quelle: str) -> Bilanz:
    """Append BeratungsstelleErfasst / BeratungsstelleGeaendert for what is new or changed."""
    with application.database.read() as connection:
        vorhanden = dict(connection.execute(select(stellen.c.stelle_id, stellen.c.dokument)).all())
    neu = geaendert = gleich = 0
    ereignisse: list[tuple[str, int, NewEvent]] = []
    for stelle in stellen_neu:
        dokument = stelle.dokument()
        alt = vorhanden.get(stelle.id)
        if alt is not None and _kanonisch(json.loads(alt)) == _kanonisch(dokument):
            gleich += 1
            continue
        art = "BeratungsstelleErfasst" if alt is None else "BeratungsstelleGeaendert"
        payload = {"beratungsstelle_id": stelle.id, "dokument": dokument, "quelle": quelle}
        application.verzeichnis.vormerken(_kanonisch(dokument), stelle)
        ereignisse.append(
            (f"beratungsstelle-{stelle.id}", -1 if alt else 0, NewEvent(art, payload))
        )
        neu += alt is None
        geaendert += alt is not None
    for anfang in range(0, len(ereignisse), _STAPEL):
        with application.unit_of_work() as uow:
            for stream, version, ereignis in ereignisse[anfang : anfang + _STAPEL]:
                if version < 0:
                    version = application.store.stream_version(stream, uow.connection)
                uow.append(stream, version, [ereignis])
            uow.commit()
    if ereignisse:
        application.verzeichnis.index(frisch=True)
    return Bilanz(neu, geaendert, gleich)


def daten_verzeichnis() -> Path:
    """Where the reference data lies: $SOZ_REFERENCE_DATA, else ``../shared/data`` beside the
    repository (never copied into it)."""
    konfiguriert = os.environ.get("SOZ_REFERENCE_DATA", "").strip()
    if konfiguriert:
        return Path(konfiguriert)
    for ordner in Path(__file__).resolve().parents:
        if (ordner / "services").is_dir() and (ordner / "pyproject.toml").is_file():
            return ordner.parent / "shared" / "data"
    return Path.cwd().parent / "shared" / "data"


def demo_laden(application: TermineApplication, daten_verzeichnis: Path, seed: int = 1) -> Bilanz:
    datei = daten_verzeichnis / GV_DATEI
    with datei.open(encoding="utf-8-sig", newline="") as handle:
        gemeinden = gemeinden_aus_gv(csv.DictReader(handle))
    dokumente = demo_verzeichnis(gemeinden, seed)
    return uebernehmen(application, [stelle_aus_dokument(d) for d in dokumente], "demo")


def leer(application: TermineApplication) -> bool:
    with application.database.read() as connection:
        return connection.execute(select(stellen.c.stelle_id).limit(1)).first() is None
