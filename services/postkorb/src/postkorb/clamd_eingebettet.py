"""A clamd of the platform's own for ``make run`` and the tests (docs/adr/0105).

``python -m postkorb.clamd_eingebettet --port 8007 --data-dir var/clamd`` writes a clamd
configuration and a signature folder into the data folder, starts Debian's clamd in the
foreground on the Unix socket ``<data-dir>/clamd.sock`` and answers ``/health/live`` and
``/health/ready`` (200 once clamd answers PING) on the port, for the supervisor of ``make run``.
The postkorb service finds the socket there (``SOZ_CLAMD_SOCKET`` unset:
``$SOZ_DATA_DIR/clamd/clamd.sock``).

Signatures: nothing is downloaded. The folder holds the platform's test signature, a hash
body signature of the EICAR test string (the string is assembled here at run time, so no file of the
repository carries it), and links to the signature files the machine has in /var/lib/clamav
(freshclam's, where an operator runs it). Production points ``SOZ_CLAMD_SOCKET`` at the
instance's own clamd instead.

Limits: a file over them is refused, never passed (Debian's default scans the first 25 MB and
lets the rest through): StreamMaxLength refuses a longer stream, and with AlertExceedsMax a
file over MaxFileSize/MaxScanSize is reported ``Heuristics.Limits.Exceeded`` (FOUND).
"""

from __future__ import annotations

import argparse
import shutil
import signal
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from postkorb.adapters.clamav import Scanner

SIGNATUR_NAME = "Sozialplattform.Test.EICAR"
SYSTEM_SIGNATUREN = Path("/var/lib/clamav")


def eicar() -> bytes:
    """The EICAR anti-virus test file (harmless by definition), assembled from two halves."""
    return b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def clamd_programm() -> str | None:
    return shutil.which("clamd") or (
        "/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None
    )


def vorbereiten(
    ordner: Path,
    *,
    max_file_mb: int = 20,
    max_scan_mb: int = 80,
    stream_max_mb: int = 21,
    system_signaturen: bool = True,
) -> Path:
    """Configuration and signatures in ``ordner``; returns the configuration file."""
    ordner.mkdir(parents=True, exist_ok=True)
    datenbank = ordner / "signaturen"
    datenbank.mkdir(exist_ok=True)
    test = eicar()
    # a body signature: the test string anywhere in any file (also inside a PDF or a photo)
    (datenbank / "sozialplattform-test.ndb").write_text(f"{SIGNATUR_NAME}:0:*:{test.hex()}\n")
    if system_signaturen and SYSTEM_SIGNATUREN.is_dir():
        for datei in SYSTEM_SIGNATUREN.iterdir():
            ziel = datenbank / datei.name
            if datei.suffix in (".cvd", ".cld") and not ziel.exists():
                ziel.symlink_to(datei)
    konfiguration = ordner / "clamd.conf"
    konfiguration.write_text(
        "\n".join(
            [
                "Foreground yes",
                f"LocalSocket {ordner / 'clamd.sock'}",
                "LocalSocketMode 660",
                f"DatabaseDirectory {datenbank}",
                f"TemporaryDirectory {ordner}",
                f"LogFile {ordner / 'clamd.log'}",
                "LogTime yes",
                f"PidFile {ordner / 'clamd.pid'}",
                f"MaxFileSize {max_file_mb}M",
                f"MaxScanSize {max_scan_mb}M",
                f"StreamMaxLength {stream_max_mb}M",
                "AlertExceedsMax yes",
                "Bytecode no",
                "",
            ]
        )
    )
    return konfiguration


def starten(
    ordner: Path, warten: float = 60.0, **limits: object
) -> tuple[subprocess.Popen, Scanner]:
    programm = clamd_programm()
    if programm is None:
        raise FileNotFoundError("clamd is missing: scripts/setup.sh clamav installs it")
    konfiguration = vorbereiten(ordner, **limits)  # type: ignore[arg-type]
    prozess = subprocess.Popen(
        [programm, "--config-file", str(konfiguration)],
        stdout=subprocess.DEVNULL,
        stderr=(ordner / "clamd.stderr").open("wb"),
    )
    scanner = Scanner(str(ordner / "clamd.sock"), timeout=30.0)
    ende = time.monotonic() + warten
    while not scanner.bereit():
        if prozess.poll() is not None:
            raise RuntimeError(
                f"clamd stopped at start: {(ordner / 'clamd.stderr').read_text()[-2000:]}"
            )
        if time.monotonic() > ende:
            prozess.kill()
            raise TimeoutError("clamd did not answer PING in time")
        time.sleep(0.1)
    return prozess, scanner


def main() -> None:
    argumente = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    argumente.add_argument("--port", type=int, required=True)
    argumente.add_argument("--data-dir", type=Path, required=True)
    argumente.add_argument("--ops-port", type=int)
    optionen = argumente.parse_args()
    ordner = optionen.data_dir.resolve()
    prozess, scanner = starten(ordner)
    print(f"clamd ready on {ordner / 'clamd.sock'}", flush=True)  # noqa: T201

    class Gesundheit(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            if self.path == "/health/live":
                status = 200 if prozess.poll() is None else 503
            elif self.path == "/health/ready":
                status = 200 if scanner.bereit() else 503
            else:
                status = 404
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", optionen.port), Gesundheit)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def beenden(*_: object) -> None:
        prozess.terminate()

    signal.signal(signal.SIGTERM, beenden)
    signal.signal(signal.SIGINT, beenden)
    code = prozess.wait()
    server.shutdown()
    sys.exit(code if code > 0 else 0)


if __name__ == "__main__":
    main()
