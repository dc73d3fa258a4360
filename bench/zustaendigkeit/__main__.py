"""python -m bench.zustaendigkeit: in-process lookups over the whole Jobcenter index.

``python -m bench.zustaendigkeit --http`` measures GET /api/v1/zustaendigkeit through the real
gateway instead (bench/zustaendigkeit/durch_gateway.py, README.md beside it).

The index is built the way the service builds it at start: import of the reference data into a
fresh SQLite event store (ReferenzdatenImportiert + projection), load of the projection, index.
Then every figure runs in rounds, each round timing the reference (a plain dict lookup of the
same keys, same loop) right before the index, so both see the same load on the machine; the
median round is reported. Target (issue 3): ermitteln(plz) >= 100,000 lookups/s.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from importlib.metadata import version
from pathlib import Path
from typing import Any

from kernel.config import Settings
from kernel.logs import configure_logging
from zustaendigkeit import importer
from zustaendigkeit.adapters import projektion, quelldateien
from zustaendigkeit.bootstrap import bootstrap
from zustaendigkeit.domain.model import Anbindung
from zustaendigkeit.domain.verzeichnis import Verzeichnis

ZIEL_PRO_SEKUNDE = 100_000


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.zustaendigkeit", description=__doc__)
    parser.add_argument(
        "--http",
        action="store_true",
        help="through the gateway with wrk instead (see --http --help)",
    )
    parser.add_argument("--data-dir", type=Path, default=None, help="reference data folder")
    parser.add_argument("--runden", type=int, default=5, help="rounds per figure (default 5)")
    parser.add_argument(
        "--durchlaeufe", type=int, default=20, help="passes over all keys per round (default 20)"
    )
    return parser.parse_args()


def index_bauen(datenverzeichnis: Path) -> tuple[Verzeichnis, dict[str, float]]:
    zeiten: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="bench-zustaendigkeit-") as ordner:
        settings = Settings(
            service_name="zustaendigkeit",
            data_dir=Path(ordner),
            database_url=f"sqlite:///{ordner}/zustaendigkeit.db",
            keystore_url=f"sqlite:///{ordner}/zustaendigkeit-keys.db",
            amqp_uri="",
            http_port=0,
            log_level="WARNING",
        )
        application = bootstrap(settings)
        application.create_schema()
        start = time.perf_counter()
        importer.importieren(application, datenverzeichnis)
        zeiten["import (parse, check, event, projection)"] = time.perf_counter() - start
        start = time.perf_counter()
        daten = projektion.laden(application.database)
        zeiten["load projection"] = time.perf_counter() - start
        application.close()
    assert daten is not None
    start = time.perf_counter()
    verzeichnis = Verzeichnis(daten, Anbindung(frozenset({"68410"})))
    zeiten["build index"] = time.perf_counter() - start
    return verzeichnis, zeiten


def messen(funktion: Callable[[Any], Any], schluessel: Sequence[Any], durchlaeufe: int) -> float:
    """Calls per second of funktion over the keys, `durchlaeufe` times."""
    start = time.perf_counter()
    for _ in range(durchlaeufe):
        for key in schluessel:
            funktion(key)
    return durchlaeufe * len(schluessel) / (time.perf_counter() - start)


def figur(
    name: str,
    funktion: Callable[[Any], Any],
    schluessel: Sequence[Any],
    referenz: dict[Any, Any],
    runden: int,
    durchlaeufe: int,
) -> tuple[str, float, float, int]:
    index_raten, referenz_raten = [], []
    for _ in range(runden):
        referenz_raten.append(messen(referenz.__getitem__, schluessel, durchlaeufe))
        index_raten.append(messen(funktion, schluessel, durchlaeufe))
    return (
        name,
        statistics.median(index_raten),
        statistics.median(referenz_raten),
        len(schluessel) * durchlaeufe,
    )


def main() -> None:
    args = parse_args()
    configure_logging("bench.zustaendigkeit", "WARNING")
    datenverzeichnis = args.data_dir or quelldateien.standard_verzeichnis()
    verzeichnis, zeiten = index_bauen(datenverzeichnis)
    rng = random.Random(20260101)

    alle_plz = verzeichnis.alle_plz()
    rng.shuffle(alle_plz)
    plz_mit_ort = [(plz, verzeichnis.ermitteln(plz).kandidaten[0].ort) for plz in alle_plz]
    orte = sorted({ort for _, ort in plz_mit_ort})
    rng.shuffle(orte)
    anfaenge = [ort[:4] for ort in orte]

    def ermitteln_plz_ort(paar: tuple[str, str]) -> Any:
        return verzeichnis.ermitteln(paar[0], ort=paar[1])

    def ermitteln_ort(ort: str) -> Any:
        return verzeichnis.ermitteln(ort=ort)

    def als_dict(plz: str) -> Any:
        return verzeichnis.ermitteln(plz).to_dict()

    # The reference: the same keys in a plain dict (what a lookup cannot beat).
    def referenz(schluessel: Sequence[Any]) -> dict[Any, Any]:
        return {key: True for key in schluessel}

    n = args.durchlaeufe
    figuren = [
        figur("ermitteln(plz)   all 8,170 PLZ", verzeichnis.ermitteln, alle_plz,
              referenz(alle_plz), args.runden, n),
        figur("ermitteln(plz).to_dict() (RPC body)", als_dict, alle_plz,
              referenz(alle_plz), args.runden, max(1, n // 4)),
        figur("ermitteln(plz, ort)  town of each PLZ", ermitteln_plz_ort, plz_mit_ort,
              referenz(plz_mit_ort), args.runden, max(1, n // 4)),
        figur("ermitteln(ort)   every town name", ermitteln_ort, orte,
              referenz(orte), args.runden, max(1, n // 10)),
        figur("orte(first 4 letters)  search-as-you-type", verzeichnis.orte, anfaenge,
              referenz(anfaenge), args.runden, max(1, n // 20)),
    ]  # fmt: skip

    print("bench.zustaendigkeit: in-process lookups over the whole index")
    print(
        f"  Python {platform.python_version()}, rapidfuzz {version('rapidfuzz')}, "
        f"{args.runden} rounds, median; reference = dict[key] of the same keys in the same loop"
    )
    print(f"  data version {verzeichnis.datenstand}")
    for name, sekunden in zeiten.items():
        print(f"  {name:<44} {sekunden * 1000:8.0f} ms")
    print()
    print(f"  {'figure':<44} {'lookups/s':>12} {'µs each':>8} {'dict/s':>12} {'dict/index':>10}")
    for name, rate, referenz_rate, anzahl in figuren:
        print(
            f"  {name:<44} {rate:12,.0f} {1e6 / rate:8.2f} {referenz_rate:12,.0f} "
            f"{referenz_rate / rate:9.1f}x   ({anzahl:,} calls/round)"
        )
    haupt = figuren[0][1]
    ergebnis = "PASS" if haupt >= ZIEL_PRO_SEKUNDE else "MISS"
    print()
    print(f"  target ermitteln(plz) >= {ZIEL_PRO_SEKUNDE:,}/s: {haupt:,.0f}/s  {ergebnis}")


if __name__ == "__main__":
    if "--http" in sys.argv[1:]:
        from bench.zustaendigkeit import durch_gateway

        sys.exit(durch_gateway.main())
    main()
