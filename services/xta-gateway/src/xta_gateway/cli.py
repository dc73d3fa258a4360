"""Operators: ``python -m xta_gateway.cli list|show|resend|geparkt``.

Works on the service's database directly (the same environment as the service:
``SOZ_DATA_DIR``, ``SOZ_DATABASE_URL``, ``SOZ_KEYSTORE_URL``), so it answers when the service is
down too. ``resend`` records the request; the running service's sweeper picks it up within
``SOZ_XTA_SWEEP_SEKUNDEN``. Prints JSON, no personal data (ids, states, codes, times).
"""

from __future__ import annotations

import argparse
import json
import sys

from kernel.config import Settings
from xta_gateway import handlers
from xta_gateway.bootstrap import bootstrap
from xta_gateway.domain.zustellung import ZustellungNichtMoeglich
from xta_gateway.projections import lesemodell_anpassen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m xta_gateway.cli", description=__doc__)
    befehle = parser.add_subparsers(dest="befehl", required=True)
    auflisten = befehle.add_parser("list", help="deliveries, newest first")
    auflisten.add_argument(
        "--status", help="offen, eroeffnet, …, angenommen, erneut, zugestellt, fehlgeschlagen"
    )
    auflisten.add_argument("--jobcenter", help="Träger-Nr")
    auflisten.add_argument("--grenze", type=int, default=100)
    zeigen = befehle.add_parser("show", help="one delivery with its history and reports")
    zeigen.add_argument("zustellung_id")
    erneut = befehle.add_parser("resend", help="deliver a failed delivery again")
    erneut.add_argument("zustellung_id")
    befehle.add_parser("geparkt", help="fetched messages that could not be read or filed")
    argumente = parser.parse_args(argv)

    application = bootstrap(Settings.from_env("xta_gateway"))
    application.create_schema()
    lesemodell_anpassen(application)  # a read model from before Postkorb replies
    try:
        if argumente.befehl == "list":
            ergebnis: object = handlers.zustellungen_auflisten(
                application, argumente.status, argumente.jobcenter, argumente.grenze
            )
        elif argumente.befehl == "show":
            ergebnis = handlers.zustellung_ansehen(application, argumente.zustellung_id)
        elif argumente.befehl == "resend":
            ergebnis = handlers.erneut_zustellen(application, argumente.zustellung_id)
        else:
            ergebnis = handlers.geparkte_nachrichten(application)
    except (handlers.NichtGefunden, ZustellungNichtMoeglich) as fehler:
        print(json.dumps({"fehler": str(fehler)}), file=sys.stderr)
        return 1
    finally:
        application.close()
    print(json.dumps(ergebnis, indent=2, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
