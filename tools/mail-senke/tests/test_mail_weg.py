"""The platform's mail path (kernel.mail) against the real local sink (aiosmtpd), started here:
a queued mail arrives as an .eml file; a mail whose transaction rolled back never leaves; a
relay that is down keeps the mail for a later attempt; the sent mail's key is gone."""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from kernel.application import Application
from kernel.crypto import KeyStore
from kernel.database import Database
from kernel.eventstore import Schemas
from kernel.mail import Mail, MailEinstellungen, Postausgang, SmtpVersand, postausgang

from mail_senke.senke import Senke, lesen, text


@pytest.fixture
def application(tmp_path: Path) -> Iterator[Application]:
    application = Application(
        name="mailtest",
        database=Database(f"sqlite:///{tmp_path / 'mailtest.db'}"),
        key_store=KeyStore(Database(f"sqlite:///{tmp_path / 'mailtest-keys.db'}")),
        registry=Schemas(),
    )
    application.create_schema()
    yield application
    application.close()


def _versand(port: int) -> SmtpVersand:
    return SmtpVersand(
        MailEinstellungen.from_env(
            {"SOZ_SMTP_PORT": str(port), "SOZ_SMTP_FROM": "Plattform <post@beispiel.invalid>"}
        )
    )


def test_a_queued_mail_reaches_the_sink_as_an_eml_file_and_its_key_is_forgotten(
    application: Application, tmp_path: Path
) -> None:
    ausgang = Postausgang(application)
    ausgang.create_schema()
    with Senke(tmp_path / "mail") as senke:
        with application.database.write() as connection:
            mail_id = ausgang.einreihen(
                connection,
                Mail("erika@example.org", "Grüße", "Hallo Erika,\nÄnderung gespeichert."),
            )
        with application.database.read() as connection:
            gespeichert = connection.execute(postausgang.select()).one()
        assert "erika" not in gespeichert.inhalt  # sealed at rest
        assert ausgang.zustellen(_versand(senke.port)) == 1
        (mail,) = senke.warten("erika@example.org")
    assert mail["Subject"] == "Grüße"
    assert mail["From"] == "Plattform <post@beispiel.invalid>"
    assert "Änderung gespeichert." in text(mail)
    assert ausgang.anzahl() == 0
    assert application.key_store.get_many([f"mail-{mail_id}"]) == {}
    assert application.cipher.open(gespeichert.inhalt) == (None, True)


def test_a_mail_of_a_rolled_back_transaction_never_leaves(
    application: Application, tmp_path: Path
) -> None:
    ausgang = Postausgang(application)
    ausgang.create_schema()
    with pytest.raises(RuntimeError), application.database.write() as connection:
        ausgang.einreihen(connection, Mail("a@example.org", "x", "y"))
        raise RuntimeError("the change failed")
    assert ausgang.anzahl() == 0


def test_a_relay_that_is_down_keeps_the_mail_for_a_later_attempt(
    application: Application, tmp_path: Path
) -> None:
    jetzt = [1000.0]
    ausgang = Postausgang(application, uhr=lambda: jetzt[0])
    ausgang.create_schema()
    with application.database.write() as connection:
        ausgang.einreihen(connection, Mail("b@example.org", "Betreff", "Text"))
    senke = Senke(tmp_path / "mail")
    assert ausgang.zustellen(_versand(senke.port)) == 0  # not started yet: refused
    assert ausgang.anzahl() == 1
    with senke:
        assert ausgang.zustellen(_versand(senke.port)) == 0  # not due before 10 s
        jetzt[0] += 10
        assert ausgang.zustellen(_versand(senke.port)) == 1
        assert len(senke.warten("b@example.org")) == 1


def test_the_sink_program_files_mails_and_answers_readiness(tmp_path: Path) -> None:
    import socket

    ports = []
    for _ in range(2):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            ports.append(probe.getsockname()[1])
    ordner = tmp_path / "mail"
    prozess = subprocess.Popen(
        [sys.executable, "-m", "mail_senke", "--port", str(ports[0]), "--data-dir", str(ordner)]
        + ["--ops-port", str(ports[1])],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert str(ordner) in prozess.stdout.readline()
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{ports[1]}/health/ready") as antwort:
                    assert antwort.status == 200
                    break
            except OSError:
                time.sleep(0.1)
        _versand(ports[0]).senden(Mail("c@example.org", "Hallo", "Text"))
        (mail,) = lesen(ordner)
        assert mail["To"] == "c@example.org"
        assert (ordner / next(p.name for p in ordner.glob("*.eml"))).stat().st_mode & 0o077 == 0
    finally:
        prozess.terminate()
        prozess.wait(10)
