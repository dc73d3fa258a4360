"""The local SMTP sink: every mail it is handed lands as one file ``<time>-<id>.eml`` in a
folder, readable with any mail program or a text editor. It relays nothing.

For `make run` (``python -m mail_senke``) and for tests (``Senke`` as a context manager).
"""

from __future__ import annotations

import email
import email.policy
import os
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session

# Mails as large as this are taken; the platform's are a few KB.
GROESSTE_MAIL_BYTES = 1024 * 1024


class Ablage:
    """aiosmtpd's handler: writes each mail atomically (a temporary name, then renamed), mode
    0600 (a mail names a person's address)."""

    def __init__(self, ordner: Path) -> None:
        self.ordner = ordner
        ordner.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Session, envelope: Envelope
    ) -> str:
        inhalt = envelope.original_content or b""
        name = f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml"
        vorlaeufig = self.ordner / f".{name}.tmp"
        descriptor = os.open(vorlaeufig, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as datei:
            datei.write(inhalt)
        vorlaeufig.rename(self.ordner / name)
        return "250 Message accepted for delivery"


class Senke:
    """The sink on ``host``:``port`` (0: a free port, see ``port`` after start), filing into
    ``ordner``."""

    def __init__(self, ordner: Path, *, host: str = "127.0.0.1", port: int = 0) -> None:
        self.ordner = ordner
        self.host = host
        self._controller = Controller(
            Ablage(ordner),
            hostname=host,
            port=port or _freier_port(host),
            data_size_limit=GROESSTE_MAIL_BYTES,
        )

    @property
    def port(self) -> int:
        return self._controller.port

    def start(self) -> Senke:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> Senke:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def mails(self) -> list[EmailMessage]:
        return lesen(self.ordner)

    def warten(self, an: str, anzahl: int = 1, sekunden: float = 15.0) -> list[EmailMessage]:
        """The mails to ``an``, once there are at least ``anzahl`` of them (tests)."""
        ende = time.monotonic() + sekunden
        while True:
            gefunden = [mail for mail in self.mails() if mail["To"] == an]
            if len(gefunden) >= anzahl or time.monotonic() > ende:
                return gefunden
            time.sleep(0.1)


def lesen(ordner: Path) -> list[EmailMessage]:
    """The mails in ``ordner``, oldest first."""
    if not ordner.exists():
        return []
    return [
        email.message_from_bytes(pfad.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
        for pfad in sorted(ordner.glob("*.eml"))
    ]


def text(mail: EmailMessage) -> str:
    """The mail's plain text."""
    teil = mail.get_body(preferencelist=("plain",))
    return "" if teil is None else teil.get_content()


def _freier_port(host: str) -> int:
    import socket

    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]
