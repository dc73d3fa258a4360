"""Import the Jobcenters' contact details: ``python -m zustaendigkeit.kontakte [--dir DIR]``.

Reads ``DIR/jobcenter_kontakte.csv`` (default: $SOZ_JOBCENTER_KONTAKTE_DIR), checks every row
against the imported directory (domain.kontakte: each bad row by line and reason) and appends
``JobcenterKontakteImportiert`` with the whole file to stream ``zustaendigkeit-kontakte``; the
contacts projection follows in the same transaction. Nothing happens when this file was already
imported against this directory version. The service runs the same import at start, so the
command is for operators: to check a changed file and to see what changes (docs/adr/0084).

Exit codes: 0 imported or already current, 1 the file fails the checks, 2 the file or the
directory is missing.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from dataclasses import dataclass
from pathlib import Path

import structlog

from kernel import zeit
from kernel.application import Application
from kernel.config import Settings
from kernel.errors import ConcurrencyConflict
from kernel.eventstore import NewEvent
from kernel.logs import configure_logging
from zustaendigkeit.adapters import kontaktdatei, kontakte_projektion, projektion
from zustaendigkeit.adapters.kontaktdatei import KontaktdateiFehlt
from zustaendigkeit.bootstrap import bootstrap
from zustaendigkeit.domain.kontakte import KONTAKTE_DATEI, Kontaktdaten, KontakteFehlerhaft, pruefen
from zustaendigkeit.domain.model import Referenzdaten

log = structlog.get_logger("zustaendigkeit.kontakte")

STREAM = "zustaendigkeit-kontakte"
SERVICE_NAME = "zustaendigkeit"


@dataclass(frozen=True)
class Kontaktbericht:
    stand: str
    neu: bool  # False: this file was already imported against this directory
    anzahl: int
    hinzugekommen: tuple[str, ...] = ()  # Jobcenter numbers
    geaendert: tuple[str, ...] = ()
    entfernt: tuple[str, ...] = ()


def importieren(
    application: Application,
    verzeichnis: Path,
    daten: Referenzdaten,
    *,
    heute: datetime.date | None = None,
) -> Kontaktbericht:
    """Import the file when it or the directory version changed since the last import."""
    roh = kontaktdatei.inhalt(verzeichnis)
    pruefsumme = kontaktdatei.pruefsumme(roh)
    vorher = kontakte_projektion.laden(application.database)
    if kontakte_projektion.aktueller_stand(application.database) == (pruefsumme, daten.datenstand):
        assert vorher is not None
        return Kontaktbericht(vorher.stand, False, len(vorher.kontakte))
    geprueft = pruefen(
        kontaktdatei.zeilen(roh),
        {j.id: j for j in daten.jobcenter},
        pruefsumme=pruefsumme,
        heute=heute or zeit.heute(),
    )
    payload = {
        "pruefsumme": pruefsumme,
        "datei": KONTAKTE_DATEI,
        "datenstand": daten.datenstand,
        "kontakte": [k.to_dict() for k in geprueft.kontakte],
    }
    try:
        with application.unit_of_work() as uow:
            version = application.store.stream_version(STREAM, uow.connection)
            uow.append(STREAM, version, [NewEvent("JobcenterKontakteImportiert", payload)])
            uow.commit()
    except ConcurrencyConflict:
        # Another replica imported at the same moment; if it was this file, all is well.
        if kontakte_projektion.aktueller_stand(application.database) != (
            pruefsumme,
            daten.datenstand,
        ):
            raise
        return Kontaktbericht(geprueft.stand, False, len(geprueft.kontakte))
    bericht = _bericht(vorher, geprueft)
    log.info(
        "kontakte_importiert",
        stand=bericht.stand,
        anzahl=bericht.anzahl,
        hinzugekommen=len(bericht.hinzugekommen),
        geaendert=len(bericht.geaendert),
        entfernt=len(bericht.entfernt),
    )
    return bericht


def sicherstellen(application: Application, daten: Referenzdaten) -> Kontaktdaten | None:
    """At service start: import the configured file when needed, then hand back the contacts
    to serve (None: none were ever imported, every answer shows the fallback).

    A missing or failing file keeps the contacts imported earlier in service (logged as an
    error); with none imported earlier, the service does not start: a configured file that
    cannot be read is a mistake to mend, not a reason to show fallbacks silently.
    """
    verzeichnis = kontaktdatei.konfiguriertes_verzeichnis()
    if verzeichnis is not None:
        try:
            importieren(application, verzeichnis, daten)
        except (KontaktdateiFehlt, KontakteFehlerhaft) as error:
            if kontakte_projektion.aktueller_stand(application.database) is None:
                raise
            log.error(
                "kontakte_nicht_importiert_bestand_bleibt",
                error_type=type(error).__name__,
                verzeichnis=str(verzeichnis),
            )
    return kontakte_projektion.laden(application.database)


def _bericht(vorher: Kontaktdaten | None, jetzt: Kontaktdaten) -> Kontaktbericht:
    alt = {k.jobcenter_id: k for k in (vorher.kontakte if vorher else ())}
    neu = {k.jobcenter_id: k for k in jetzt.kontakte}
    return Kontaktbericht(
        jetzt.stand,
        True,
        len(neu),
        hinzugekommen=tuple(sorted(neu.keys() - alt.keys())),
        geaendert=tuple(sorted(i for i in neu.keys() & alt.keys() if neu[i] != alt[i])),
        entfernt=tuple(sorted(alt.keys() - neu.keys())),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m zustaendigkeit.kontakte",
        description="Kontaktdaten der Jobcenter importieren (Zuständigkeitsfinder).",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help=f"Ordner mit {KONTAKTE_DATEI} (Standard: ${kontaktdatei.UMGEBUNGSVARIABLE})",
    )
    args = parser.parse_args(argv)
    verzeichnis = args.dir or kontaktdatei.konfiguriertes_verzeichnis()
    if verzeichnis is None:
        print(f"Kein Ordner: --dir oder {kontaktdatei.UMGEBUNGSVARIABLE} angeben", file=sys.stderr)
        return 2
    settings = Settings.from_env(SERVICE_NAME)
    configure_logging(settings.service_name, "WARNING")  # the report below is for people
    application = bootstrap(settings)
    try:
        application.create_schema()
        daten = projektion.laden(application.database)
        if daten is None:
            print(
                "Das Jobcenter-Verzeichnis ist noch nicht importiert: zuerst "
                "python -m zustaendigkeit.importer",
                file=sys.stderr,
            )
            return 2
        bericht = importieren(application, verzeichnis, daten)
    except KontaktdateiFehlt as error:
        print(error, file=sys.stderr)
        return 2
    except KontakteFehlerhaft as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        application.close()
    status = "importiert" if bericht.neu else "schon aktuell"
    print(f"Kontaktdaten {bericht.stand}: {status}, {bericht.anzahl} Jobcenter")
    for titel, nummern in (
        ("neu", bericht.hinzugekommen),
        ("geändert", bericht.geaendert),
        ("entfernt", bericht.entfernt),
    ):
        if nummern:
            print(f"  {titel}: {', '.join(nummern)}")
    ohne = len(daten.jobcenter) - bericht.anzahl
    print(
        f"  ohne Kontaktdaten: {ohne} Jobcenter (angezeigt wird: gE jobcenter.digital, "
        "zkT der Hinweis, dass uns keine Kontaktdaten vorliegen, mit dem Kreis oder der Stadt)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
