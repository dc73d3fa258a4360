"""Operators: ``python -m xta_gateway.cli list|show|resend|geparkt|abrufen|erledigen``.

Works on the service's database directly (the same environment as the service:
``SOZ_DATA_DIR``, ``SOZ_DATABASE_URL``, ``SOZ_KEYSTORE_URL``), so it answers when the service is
down too. ``resend`` records the request; the running service's sweeper picks it up within
``SOZ_XTA_SWEEP_SEKUNDEN``. ``abrufen`` and ``erledigen`` also call the XTA server (the
service's ``SOZ_XTA_*`` settings). Prints JSON, no personal data (ids, states, codes, times).
"""

from __future__ import annotations

import argparse
import json
import sys

from kernel.application import Application
from kernel.config import Settings
from xta_gateway import handlers, postfach
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport
from xta_gateway.adapters.xta_fehler import XtaFehler
from xta_gateway.bootstrap import bootstrap
from xta_gateway.domain.zustellung import ZustellungNichtMoeglich
from xta_gateway.konfiguration import Konfiguration
from xta_gateway.projections import lesemodell_anpassen
from xta_gateway.xoev.renderer import Schema


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
    befehle.add_parser(
        "geparkt", help="inbound messages parked (unreadable) or held back in the MsgBox"
    )
    abrufen = befehle.add_parser(
        "abrufen", help="fetch a message held back in the MsgBox (e.g. too large) now"
    )
    abrufen.add_argument("message_id")
    erledigen = befehle.add_parser(
        "erledigen", help="a parked message is dealt with (one held back is closed in the MsgBox)"
    )
    erledigen.add_argument("message_id")
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
        elif argumente.befehl == "geparkt":
            ergebnis = handlers.geparkte_nachrichten(application)
        else:
            ergebnis = _mit_xta(application, argumente.befehl, argumente.message_id)
    except (
        handlers.NichtGefunden,
        ZustellungNichtMoeglich,
        postfach.EingangNichtMoeglich,
        XtaFehler,
    ) as fehler:
        print(json.dumps({"fehler": str(fehler)}), file=sys.stderr)
        return 1
    finally:
        application.close()
    print(json.dumps(ergebnis, indent=2, ensure_ascii=False, default=str))
    return 0


def _mit_xta(application: Application, befehl: str, message_id: str) -> dict[str, str]:
    konfiguration = Konfiguration.aus_umgebung()
    transport = Xta2V3Transport(konfiguration.xta)
    try:
        if befehl == "abrufen":
            return postfach.geparkt_abrufen(
                application, transport, konfiguration, Schema(), message_id
            )
        return postfach.geparkt_erledigen(application, transport, message_id)
    finally:
        transport.schliessen()


if __name__ == "__main__":
    sys.exit(main())
