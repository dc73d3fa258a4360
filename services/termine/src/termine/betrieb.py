"""Operators' commands of the termine service (the same environment as the service:
SOZ_DATA_DIR / SOZ_DATABASE_URL / SOZ_KEYSTORE_URL):

    python -m termine.betrieb zugang --person ID --stelle ID --rolle leitung|beratung
    python -m termine.betrieb hsds-import DIR     # exit 1: bad rows listed (valid ones taken)
    python -m termine.betrieb hsds-export DIR
    python -m termine.betrieb demo [--seed 1]     # the demo directory (idempotent)

A Land with its own directory sets SOZ_TERMINE_DEMO=0 and imports its HSDS package.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kernel.config import Settings
from termine import handlers, verzeichnis_laden
from termine.adapters import hsds
from termine.adapters.verzeichnis import stellen_laden
from termine.bootstrap import bootstrap
from termine.fehler import TermineFehler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="termine.betrieb", description=__doc__.split("\n\n")[0])
    befehle = parser.add_subparsers(dest="befehl", required=True)
    zugang = befehle.add_parser("zugang", help="bind an account to a centre")
    zugang.add_argument("--person", required=True, help="the account's person id")
    zugang.add_argument("--stelle", required=True, help="the centre's id")
    zugang.add_argument("--rolle", required=True, choices=["leitung", "beratung"])
    einlesen = befehle.add_parser("hsds-import", help="import an HSDS 3.0 tabular data package")
    einlesen.add_argument("ordner", type=Path)
    ausgeben = befehle.add_parser("hsds-export", help="export the directory as HSDS 3.0")
    ausgeben.add_argument("ordner", type=Path)
    demo = befehle.add_parser("demo", help="load the demo directory")
    demo.add_argument("--seed", type=int, default=1)
    argumente = parser.parse_args(argv)

    application = bootstrap(Settings.from_env("termine"))
    application.create_schema()
    try:
        if argumente.befehl == "zugang":
            handlers.zugang_erteilen(
                application, argumente.person, argumente.stelle, argumente.rolle
            )
            print(f"Zugang erteilt: {argumente.rolle} der Beratungsstelle {argumente.stelle}")
        elif argumente.befehl == "hsds-import":
            ergebnis = hsds.importieren(argumente.ordner)
            bilanz = verzeichnis_laden.uebernehmen(application, ergebnis.stellen, "hsds")
            print(_bilanz(bilanz))
            for fehler in ergebnis.fehler:
                print(f"FEHLER {fehler}", file=sys.stderr)
            return 1 if ergebnis.fehler else 0
        elif argumente.befehl == "hsds-export":
            stellen = stellen_laden(application)
            hsds.exportieren(stellen, argumente.ordner)
            print(f"{len(stellen)} Beratungsstellen nach {argumente.ordner}")
        else:
            daten = verzeichnis_laden.daten_verzeichnis()
            print(_bilanz(verzeichnis_laden.demo_laden(application, daten, argumente.seed)))
    except TermineFehler as fehler:
        print(f"FEHLER {fehler}", file=sys.stderr)
        return 2
    finally:
        application.close()
    return 0


def _bilanz(bilanz: verzeichnis_laden.Bilanz) -> str:
    return f"neu: {bilanz.neu}, geändert: {bilanz.geaendert}, unverändert: {bilanz.unveraendert}"


if __name__ == "__main__":
    sys.exit(main())
