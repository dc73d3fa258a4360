"""clamd over its socket (INSTREAM): the scanner of every file a person attaches
(docs/adr/0105). A maintained client library exists (clamd, python-clamd) but is unmaintained
since 2018 and the protocol is four lines: chunks prefixed with their length, a zero length,
one answer.

Answers: ``stream: OK`` → ``sauber``; ``stream: <name> FOUND`` → ``infiziert``, except the
heuristic limits alerts (``Heuristics.Limits.Exceeded.*``, clamd's AlertExceedsMax) and
``INSTREAM size limit exceeded`` (StreamMaxLength) → ``zu_gross``: a file over clamd's limits is
refused, never passed. Anything else (no clamd, a time-out, an ERROR) → ``pruefung_fehlgeschlagen``,
which never counts as clean; the caller retries.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass

import structlog

log = structlog.get_logger("postkorb.clamav")

SAUBER = "sauber"
INFIZIERT = "infiziert"
ZU_GROSS = "zu_gross"
FEHLGESCHLAGEN = "pruefung_fehlgeschlagen"
_STUECK = 64 * 1024


@dataclass(frozen=True)
class Scanner:
    """``adresse``: a Unix socket path, or ``tcp://host:port``."""

    adresse: str
    timeout: float = 30.0

    def _verbinden(self) -> socket.socket:
        if self.adresse.startswith("tcp://"):
            host, _, port = self.adresse[len("tcp://") :].rpartition(":")
            return socket.create_connection((host, int(port)), timeout=self.timeout)
        verbindung = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        verbindung.settimeout(self.timeout)
        verbindung.connect(self.adresse)
        return verbindung

    def pruefen(self, inhalt: bytes) -> str:
        try:
            with self._verbinden() as verbindung:
                verbindung.sendall(b"zINSTREAM\0")
                try:
                    for start in range(0, len(inhalt), _STUECK):
                        stueck = inhalt[start : start + _STUECK]
                        verbindung.sendall(struct.pack("!L", len(stueck)) + stueck)
                    verbindung.sendall(struct.pack("!L", 0))
                except (BrokenPipeError, ConnectionResetError):
                    # clamd closes the stream once it exceeds StreamMaxLength; its answer waits
                    pass
                antwort = _lesen(verbindung)
        except OSError as fehler:
            log.warning("clamd_nicht_erreichbar", error_type=type(fehler).__name__)
            return FEHLGESCHLAGEN
        return deuten(antwort)

    def bereit(self) -> bool:
        try:
            with self._verbinden() as verbindung:
                verbindung.sendall(b"zPING\0")
                return _lesen(verbindung) == "PONG"
        except OSError:
            return False


def _lesen(verbindung: socket.socket) -> str:
    teile = []
    while True:
        teil = verbindung.recv(4096)
        if not teil:
            break
        teile.append(teil)
        if teil.endswith(b"\0"):
            break
    return b"".join(teile).rstrip(b"\0").decode("utf-8", "replace").strip()


def deuten(antwort: str) -> str:
    if antwort.endswith("size limit exceeded. ERROR"):
        return ZU_GROSS
    if antwort == "stream: OK":
        return SAUBER
    if antwort.startswith("stream: ") and antwort.endswith(" FOUND"):
        signatur = antwort[len("stream: ") : -len(" FOUND")]
        if signatur.startswith("Heuristics.Limits.Exceeded"):
            return ZU_GROSS
        log.warning("clamd_fund", signatur=signatur[:100])
        return INFIZIERT
    log.warning("clamd_antwort_unerwartet", antwort=antwort[:100])
    return FEHLGESCHLAGEN
