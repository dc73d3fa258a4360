"""Import the Jobcenter directory: ``python -m zustaendigkeit.importer [--data-dir DIR]``.

Reads the source files from ``DIR/zustaendigkeit/`` (default: $SOZ_REFERENCE_DATA, else
``../shared/data`` beside the repository), checks them, and appends ``ReferenzdatenImportiert``
to the service's event store; the lookup projection is updated in the same transaction. Nothing
happens when the projection already holds this data version. The service runs the same import
at start (``sicherstellen``), so the command is for operators and for checking new data.

Exit codes: 0 imported or already current, 1 the data fails the checks, 2 files are missing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import structlog

from kernel.application import Application
from kernel.config import Settings
from kernel.errors import ConcurrencyConflict
from kernel.eventstore import NewEvent
from kernel.logs import configure_logging
from zustaendigkeit.adapters import projektion, quelldateien
from zustaendigkeit.bootstrap import bootstrap
from zustaendigkeit.domain.model import Referenzdaten
from zustaendigkeit.domain.referenzdaten import aufloesen
from zustaendigkeit.errors import ReferenzdatenFehlen, ReferenzdatenFehlerhaft
from zustaendigkeit.schemas import payload_aus

log = structlog.get_logger("zustaendigkeit.importer")

STREAM = "zustaendigkeit-referenzdaten"
SERVICE_NAME = "zustaendigkeit"


@dataclass(frozen=True)
class Importbericht:
    datenstand: str
    neu: bool  # False: the projection already held this data version
    anzahl: dict[str, int]
    hinweise: tuple[str, ...]


def importieren(
    application: Application, verzeichnis: Path, *, erzwingen: bool = False
) -> Importbericht:
    """Import when the data version differs from the projection's (or when forced)."""
    pruefsumme = quelldateien.pruefsumme(verzeichnis)
    if not erzwingen and projektion.aktuelle_pruefsumme(application.database) == pruefsumme:
        return _bericht(projektion.laden(application.database), neu=False)
    daten = aufloesen(quelldateien.lesen(verzeichnis))
    try:
        with application.unit_of_work() as uow:
            version = application.store.stream_version(STREAM, uow.connection)
            uow.append(STREAM, version, [NewEvent("ReferenzdatenImportiert", payload_aus(daten))])
            uow.commit()
    except ConcurrencyConflict:
        # Another replica imported at the same moment; if it was this version, all is well.
        if projektion.aktuelle_pruefsumme(application.database) != daten.pruefsumme:
            raise
        return _bericht(daten, neu=False)
    log.info(
        "referenzdaten_importiert",
        datenstand=daten.datenstand,
        **{f"anzahl_{name}": anzahl for name, anzahl in daten.anzahl().items()},
    )
    return _bericht(daten, neu=True)


def sicherstellen(application: Application, verzeichnis: Path) -> Referenzdaten:
    """At service start: import when needed, then hand back the directory to serve.

    Without readable source files, a directory imported earlier keeps being served (logged);
    without both, the service cannot answer and does not start.
    """
    try:
        importieren(application, verzeichnis)
    except (ReferenzdatenFehlen, ReferenzdatenFehlerhaft) as error:
        if projektion.aktuelle_pruefsumme(application.database) is None:
            raise
        log.error(
            "referenzdaten_nicht_importiert_bestand_bleibt",
            error_type=type(error).__name__,
            verzeichnis=str(verzeichnis),
        )
    daten = projektion.laden(application.database)
    if daten is None:  # pragma: no cover - importieren either filled it or raised
        raise RuntimeError("the lookup projection is empty after the import")
    return daten


def _bericht(daten: Referenzdaten | None, *, neu: bool) -> Importbericht:
    assert daten is not None
    return Importbericht(daten.datenstand, neu, daten.anzahl(), daten.hinweise)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zustaendigkeit.importer",
        description="Jobcenter-Verzeichnis importieren (Zuständigkeitsfinder).",
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="Ordner mit dem Unterordner zustaendigkeit/ "
        f"(Standard: ${quelldateien.UMGEBUNGSVARIABLE} oder ../shared/data)",
    )
    parser.add_argument(
        "--erzwingen",
        action="store_true",
        help="auch importieren, wenn dieser Datenstand schon importiert ist",
    )
    args = parser.parse_args(argv)
    verzeichnis = args.data_dir or quelldateien.standard_verzeichnis()
    settings = Settings.from_env(SERVICE_NAME)
    configure_logging(settings.service_name, "WARNING")  # the report below is for people
    application = bootstrap(settings)
    try:
        application.create_schema()
        bericht = importieren(application, verzeichnis, erzwingen=args.erzwingen)
    except ReferenzdatenFehlen as error:
        print(error, file=sys.stderr)
        return 2
    except ReferenzdatenFehlerhaft as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        application.close()
    status = "importiert" if bericht.neu else "schon aktuell"
    print(f"Datenstand {bericht.datenstand}: {status}")
    print("  " + ", ".join(f"{name} {anzahl}" for name, anzahl in bericht.anzahl.items()))
    for hinweis in bericht.hinweise:
        print(f"  Hinweis: {hinweis}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
