"""The platform's one mail path (docs/adr/0090): plain-text mails, queued in the sending
service's database and handed by SMTP to the relay set for the instance.

- ``Mail``: recipient, subject, text. A mail names no health or case details: it says that
  something happened and links to the platform, where the person logs in to see it.
- ``Postausgang``: the queue. ``einreihen`` writes a mail in the caller's transaction, so a mail
  goes out exactly when the change it reports commits (and never when it rolls back), and the
  caller's answer does not wait for the relay. ``zustellen`` sends what is due; a failed attempt
  is tried again after 10 s, 1 min, 5 min, 30 min, 2 h, then given up. Two replicas never send
  the same row: each claims a row before sending it.
- The queued mail is sealed under a data key of its own (kernel.crypto), deleted with the row
  once the mail is out: a backup of the database holds no readable mail, and the address and
  link in it are gone from the key store as soon as they were sent.
- ``SmtpVersand``: SMTP with STARTTLS and login where configured.

Settings (environment):

| variable | default | meaning |
| --- | --- | --- |
| SOZ_SMTP_HOST | 127.0.0.1 | the relay (the embedded default: the local sink of `make run`) |
| SOZ_SMTP_PORT | 8025 | its port |
| SOZ_SMTP_USER, SOZ_SMTP_PASSWORD | (none) | login at the relay, if it asks for one |
| SOZ_SMTP_STARTTLS | false | `true`: upgrade to TLS (certificate checked) before anything is sent |
| SOZ_SMTP_FROM | Sozialplattform <keine-antwort@sozialplattform.invalid> | the sender |
| SOZ_SMTP_TIMEOUT | 10 | seconds a connection to the relay may take |

Logs name the mail's id and never its recipient, subject or text.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import structlog
from sqlalchemy import (
    Column,
    Connection,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)

from kernel.application import Application

log = structlog.get_logger("kernel.mail")

# After the n-th failed attempt, wait this long; after the last, give up.
WIEDERHOLEN_NACH_SEKUNDEN = (10.0, 60.0, 300.0, 1800.0, 7200.0)
# A claimed row is not taken by another replica for this long (a send takes seconds).
BEANSPRUCHT_SEKUNDEN = 120.0
STANDARD_ABSENDER = "Sozialplattform <keine-antwort@sozialplattform.invalid>"

metadata = MetaData()
postausgang = Table(
    "postausgang",
    metadata,
    Column("mail_id", String(36), primary_key=True),
    Column("inhalt", Text, nullable=False),  # sealed token: recipient, subject, text
    Column("versuche", Integer, nullable=False, default=0),
    Column("faellig_um", Float, nullable=False, index=True),  # POSIX seconds
    Column("erstellt_um", Float, nullable=False),
)


class MailNichtGesendet(Exception):
    """The relay did not take the mail. ``endgueltig``: no retry can mend it (the relay refused
    the recipient or the sender for good, 5xx)."""

    def __init__(self, grund: str, *, endgueltig: bool = False) -> None:
        super().__init__(grund)
        self.endgueltig = endgueltig


@dataclass(frozen=True)
class Mail:
    an: str
    betreff: str
    text: str

    def nachricht(self, absender: str) -> EmailMessage:
        nachricht = EmailMessage()
        nachricht["From"] = absender
        nachricht["To"] = self.an
        nachricht["Subject"] = self.betreff
        nachricht["Date"] = format_datetime(datetime.now(UTC))
        nachricht["Message-ID"] = make_msgid(domain=absender.rpartition("@")[2].rstrip(">"))
        nachricht["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to this
        nachricht.set_content(self.text)  # text/plain; charset=utf-8
        return nachricht


@dataclass(frozen=True)
class MailEinstellungen:
    host: str = "127.0.0.1"
    port: int = 8025
    benutzer: str | None = None
    passwort: str | None = None
    starttls: bool = False
    absender: str = STANDARD_ABSENDER
    timeout: float = 10.0

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> MailEinstellungen:
        source = os.environ if env is None else env

        def get(name: str, default: str = "") -> str:
            return source.get(name, "").strip() or default

        port = get("SOZ_SMTP_PORT", "8025")
        timeout = get("SOZ_SMTP_TIMEOUT", "10")
        starttls = get("SOZ_SMTP_STARTTLS", "false").lower()
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"SOZ_SMTP_PORT must be a port number, got {port!r}")
        if starttls not in ("true", "false", "1", "0", "yes", "no"):
            raise ValueError(f"SOZ_SMTP_STARTTLS must be true or false, got {starttls!r}")
        return cls(
            host=get("SOZ_SMTP_HOST", "127.0.0.1"),
            port=int(port),
            benutzer=get("SOZ_SMTP_USER") or None,
            passwort=source.get("SOZ_SMTP_PASSWORD") or None,
            starttls=starttls in ("true", "1", "yes"),
            absender=get("SOZ_SMTP_FROM", STANDARD_ABSENDER),
            timeout=float(timeout),
        )


class SmtpVersand:
    """Hands one mail to the relay. Under eventlet the socket is green: a slow relay holds no
    OS thread."""

    def __init__(self, einstellungen: MailEinstellungen) -> None:
        self.einstellungen = einstellungen

    def senden(self, mail: Mail) -> None:
        e = self.einstellungen
        try:
            with smtplib.SMTP(e.host, e.port, timeout=e.timeout) as smtp:
                if e.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if e.benutzer:
                    smtp.login(e.benutzer, e.passwort or "")
                smtp.send_message(mail.nachricht(e.absender))
        except smtplib.SMTPRecipientsRefused as error:
            codes = [code for code, _ in error.recipients.values()]
            raise MailNichtGesendet(
                "recipient refused", endgueltig=all(code >= 500 for code in codes)
            ) from None
        except smtplib.SMTPResponseException as error:
            raise MailNichtGesendet(
                f"relay answered {error.smtp_code}", endgueltig=error.smtp_code >= 500
            ) from None
        except (smtplib.SMTPException, OSError) as error:
            raise MailNichtGesendet(type(error).__name__) from None


class Postausgang:
    """The queue of one service's mails, in that service's database (see the module's doc)."""

    def __init__(self, application: Application, uhr: Callable[[], float] = time.time) -> None:
        self.application = application
        self.uhr = uhr

    def create_schema(self) -> None:
        metadata.create_all(self.application.database.engine)

    def einreihen(self, connection: Connection, mail: Mail) -> str:
        """Queue ``mail`` in the caller's transaction; it goes out once that commits."""
        mail_id = str(uuid.uuid4())
        inhalt = self.application.cipher.seal(
            _schluessel(mail_id), {"an": mail.an, "betreff": mail.betreff, "text": mail.text}
        )
        jetzt = self.uhr()
        connection.execute(
            insert(postausgang).values(
                mail_id=mail_id, inhalt=inhalt, versuche=0, faellig_um=jetzt, erstellt_um=jetzt
            )
        )
        log.info("mail_eingereiht", mail_id=mail_id)
        return mail_id

    def zustellen(self, versand: SmtpVersand, hoechstens: int = 50) -> int:
        """Send the mails that are due; returns how many went out."""
        jetzt = self.uhr()
        with self.application.database.read() as connection:
            faellig = connection.execute(
                select(postausgang.c.mail_id, postausgang.c.faellig_um)
                .where(postausgang.c.faellig_um <= jetzt)
                .order_by(postausgang.c.faellig_um)
                .limit(hoechstens)
            ).all()
        gesendet = 0
        for mail_id, faellig_um in faellig:
            if self._beanspruchen(mail_id, faellig_um):
                gesendet += self._eine_zustellen(versand, mail_id)
        return gesendet

    def laufen(self, versand: SmtpVersand, intervall: float = 1.0) -> None:
        """Send what is due every ``intervall`` seconds, for ever (a managed thread)."""
        while True:
            try:
                self.zustellen(versand)
            except Exception as error:  # noqa: BLE001 - the next round tries again
                log.warning("postausgang_fehlgeschlagen", error_type=type(error).__name__)
            time.sleep(intervall)

    def _beanspruchen(self, mail_id: str, faellig_um: float) -> bool:
        with self.application.database.write() as connection:
            result = connection.execute(
                update(postausgang)
                .where(postausgang.c.mail_id == mail_id, postausgang.c.faellig_um == faellig_um)
                .values(faellig_um=self.uhr() + BEANSPRUCHT_SEKUNDEN)
            )
            return result.rowcount == 1

    def _eine_zustellen(self, versand: SmtpVersand, mail_id: str) -> int:
        with self.application.database.read() as connection:
            zeile = connection.execute(
                select(postausgang.c.inhalt, postausgang.c.versuche).where(
                    postausgang.c.mail_id == mail_id
                )
            ).first()
        if zeile is None:
            return 0
        inhalt, geloescht = self.application.cipher.open(zeile.inhalt)
        if geloescht:
            self._entfernen(mail_id)
            log.warning("mail_unlesbar_verworfen", mail_id=mail_id)
            return 0
        try:
            versand.senden(Mail(inhalt["an"], inhalt["betreff"], inhalt["text"]))
        except MailNichtGesendet as error:
            versuche = zeile.versuche + 1
            if error.endgueltig or versuche > len(WIEDERHOLEN_NACH_SEKUNDEN):
                self._entfernen(mail_id)
                log.error("mail_aufgegeben", mail_id=mail_id, grund=str(error), versuche=versuche)
                return 0
            warten = WIEDERHOLEN_NACH_SEKUNDEN[versuche - 1]
            with self.application.database.write() as connection:
                connection.execute(
                    update(postausgang)
                    .where(postausgang.c.mail_id == mail_id)
                    .values(versuche=versuche, faellig_um=self.uhr() + warten)
                )
            log.warning(
                "mail_nicht_gesendet", mail_id=mail_id, grund=str(error), naechster_in=warten
            )
            return 0
        self._entfernen(mail_id)
        log.info("mail_gesendet", mail_id=mail_id)
        return 1

    def _entfernen(self, mail_id: str) -> None:
        with self.application.database.write() as connection:
            connection.execute(delete(postausgang).where(postausgang.c.mail_id == mail_id))
        self.application.forget(_schluessel(mail_id))

    def anzahl(self) -> int:
        """Mails still queued (for tests and operators)."""
        with self.application.database.read() as connection:
            return len(connection.execute(select(postausgang.c.mail_id)).all())


def _schluessel(mail_id: str) -> str:
    return f"mail-{mail_id}"
