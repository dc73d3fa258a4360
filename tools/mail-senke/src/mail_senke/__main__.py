"""`python -m mail_senke --port 8025 --data-dir var/mail [--ops-port 8026]`: the embedded
default's SMTP sink (docs/adr/0090). With ``--ops-port`` it answers ``GET /health/live`` and
``/health/ready`` there, where `make run` asks whether it is up."""

from __future__ import annotations

import argparse
import signal
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mail_senke.senke import Senke


class Gesundheit(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's hook name
        bekannt = self.path in ("/health/live", "/health/ready")
        self.send_response(200 if bekannt else 404)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"ok\n" if bekannt else b"not found\n")

    def log_message(self, *_: object) -> None:
        return  # probes every half second: nothing worth a line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="mail_senke", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--data-dir", type=Path, default=Path("var/mail"))
    parser.add_argument("--ops-port", type=int, default=None)
    arguments = parser.parse_args(argv)
    ordner = arguments.data_dir.resolve()
    stopp = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopp.set())
    with Senke(ordner, host=arguments.host, port=arguments.port):
        server = None
        if arguments.ops_port:
            server = ThreadingHTTPServer((arguments.host, arguments.ops_port), Gesundheit)
            threading.Thread(target=server.serve_forever, daemon=True).start()
        print(
            f"SMTP sink on {arguments.host}:{arguments.port}: every mail lands in {ordner}/*.eml",
            flush=True,
        )
        stopp.wait()
        if server is not None:
            server.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
