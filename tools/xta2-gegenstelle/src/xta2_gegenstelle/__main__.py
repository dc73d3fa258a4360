"""python -m xta2_gegenstelle --port 8700 --data-dir var/gegenstelle

Options: --host, --konfiguration FILE (accounts, readers, services, report delay; JSON),
--stoerungen FILE (fault rules at start; JSON list), --seed N, --fachschemata DIR (payload XSDs,
default: the repository's contracts/xoev), --tls-cert/--tls-key [--tls-client-ca] for HTTPS with
(mutual) TLS, --threads N (requests served at once, default 64). Environment: SOZ_REFERENCE_DATA
(the folder holding xta2-v3/).
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import ssl
import sys
from pathlib import Path
from types import FrameType

from xta2_gegenstelle.ablage import Ablage
from xta2_gegenstelle.app import MAX_ANFRAGE_BYTES, GegenstelleApp
from xta2_gegenstelle.operationen import Gegenstelle, Konfiguration, fachschemata_standard
from xta2_gegenstelle.schemata import (
    Fachschemata,
    ReferenzdatenFehlen,
    XtaSchemata,
    xta_schema_verzeichnis,
)
from xta2_gegenstelle.server import STANDARD_THREADS, HttpServer
from xta2_gegenstelle.stoerungen import Stoerung, Stoerungen


def baue_gegenstelle(
    datenverzeichnis: Path,
    *,
    konfiguration: Konfiguration | None = None,
    stoerungen: list[Stoerung] | None = None,
    seed: int | None = None,
    fachschemata: Path | None = None,
    referenzdaten: Path | None = None,
) -> Gegenstelle:
    zufall = Stoerungen(seed)
    for regel in stoerungen or []:
        zufall.hinzufuegen(regel)
    return Gegenstelle(
        ablage=Ablage(datenverzeichnis),
        schemata=XtaSchemata(xta_schema_verzeichnis(referenzdaten)),
        fachschemata=Fachschemata(fachschemata),
        konfiguration=konfiguration or Konfiguration(),
        stoerungen=zufall,
    )


def baue_server(
    gegenstelle: Gegenstelle,
    host: str,
    port: int,
    ssl_context: ssl.SSLContext | None = None,
    threads: int = STANDARD_THREADS,
) -> HttpServer:
    """A keep-alive server with a pool of worker threads (server.py); port 0 picks a free port
    (``server.server_port``)."""
    return HttpServer(
        GegenstelleApp(gegenstelle), host, port, ssl_context, threads, MAX_ANFRAGE_BYTES
    )


def tls_kontext(zertifikat: Path, schluessel: Path, client_ca: Path | None) -> ssl.SSLContext:
    kontext = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    kontext.minimum_version = ssl.TLSVersion.TLSv1_2
    kontext.load_cert_chain(zertifikat, schluessel)
    if client_ca is not None:
        kontext.verify_mode = ssl.CERT_REQUIRED
        kontext.load_verify_locations(client_ca)
    return kontext


def _argumente(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="xta2_gegenstelle", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8700)
    parser.add_argument("--data-dir", type=Path, default=Path("var/gegenstelle"))
    parser.add_argument("--konfiguration", type=Path)
    parser.add_argument("--stoerungen", type=Path)
    parser.add_argument("--seed", type=int)
    parser.add_argument("--fachschemata", type=Path)
    parser.add_argument("--tls-cert", type=Path)
    parser.add_argument("--tls-key", type=Path)
    parser.add_argument("--tls-client-ca", type=Path)
    parser.add_argument("--threads", type=int, default=STANDARD_THREADS)
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    argumente = _argumente(argv)
    logging.basicConfig(
        level=argumente.log_level.upper(),
        format="%(asctime)s %(levelname)s %(name)s %(message)s",
    )
    konfiguration = None
    if argumente.konfiguration:
        konfiguration = Konfiguration.aus_json(json.loads(argumente.konfiguration.read_text()))
    regeln = []
    if argumente.stoerungen:
        regeln = [Stoerung.aus_json(d) for d in json.loads(argumente.stoerungen.read_text())]
    try:
        gegenstelle = baue_gegenstelle(
            argumente.data_dir,
            konfiguration=konfiguration,
            stoerungen=regeln,
            seed=argumente.seed,
            fachschemata=argumente.fachschemata or fachschemata_standard(),
        )
    except ReferenzdatenFehlen as fehler:
        print(f"xta2-gegenstelle: {fehler}", file=sys.stderr)
        return 2
    kontext = None
    if argumente.tls_cert and argumente.tls_key:
        kontext = tls_kontext(argumente.tls_cert, argumente.tls_key, argumente.tls_client_ca)
    server = baue_server(gegenstelle, argumente.host, argumente.port, kontext, argumente.threads)

    def anhalten(signum: int, _frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, anhalten)
    schema = "https" if kontext else "http"
    logging.getLogger("xta2_gegenstelle").info(
        "XTA2-Gegenstelle bereit: %s://%s:%s/xta (Daten: %s, Fachschemata: %d)",
        schema,
        argumente.host,
        server.server_port,
        argumente.data_dir,
        len(gegenstelle.fachschemata.schemata),
    )
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        gegenstelle.stoerungen.beenden()
        server.server_close()
        gegenstelle.ablage.schliessen()
    return 0


if __name__ == "__main__":
    sys.exit(main())
