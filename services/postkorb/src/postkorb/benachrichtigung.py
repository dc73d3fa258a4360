"""The mail "Sie haben eine neue Nachricht" (docs/adr/0104): no content, no subject of the
message, no name of the Jobcenter's matter; a link to the mailbox.

It goes through the platform's mail path (``kernel.mail``: the instance's relay, the SMTP sink
under ``make run``), but postkorb keeps its own small queue of due notifications instead of the
kernel's ``Postausgang``, because a notice's dates start with the moment the mail was handed to
the relay: each send is recorded as ``BenachrichtigungVersandt`` (for a Bescheid with the day
it counts as given and the end of the Widerspruchsfrist), a mail given up as
``BenachrichtigungFehlgeschlagen`` (and for a Bescheid the provision ends: the Jobcenter is
told). A crash between the relay's acceptance and the event sends the mail once more; it never
loses the record of one sent.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)

from kernel.mail import Mail, MailNichtGesendet

log = structlog.get_logger("postkorb.benachrichtigung")

WIEDERHOLEN_NACH_SEKUNDEN = (10.0, 60.0, 300.0, 1800.0, 7200.0)
BETREFF = "Sie haben eine neue Nachricht"

metadata = MetaData()
faellig = Table(
    "postkorb_benachrichtigungen",
    metadata,
    Column("nachricht_id", String(36), primary_key=True),
    Column("thread_id", String(36), nullable=False),
    Column("person_id", String(36), nullable=False),
    Column("versuche", Integer, nullable=False, default=0),
    Column("faellig_um", Float, nullable=False, index=True),
)


def text(portal_url: str) -> str:
    return (
        "Guten Tag,\n\n"
        "in Ihrem Postfach auf der Sozialplattform ist eine neue Nachricht für Sie.\n"
        f"Melden Sie sich an, um sie zu lesen: {portal_url}\n\n"
        "Diese Mail wurde automatisch geschickt. Bitte antworten Sie nicht darauf.\n"
    )


def vormerken(connection: Any, nachricht_id: str, thread_id: str, person_id: str) -> None:
    connection.execute(
        insert(faellig).values(
            nachricht_id=nachricht_id,
            thread_id=thread_id,
            person_id=person_id,
            versuche=0,
            faellig_um=time.time(),
        )
    )


def faellige(application: Any, hoechstens: int = 50) -> list[Any]:
    with application.database.read() as connection:
        return list(
            connection.execute(
                select(faellig)
                .where(faellig.c.faellig_um <= time.time())
                .order_by(faellig.c.faellig_um)
                .limit(hoechstens)
            )
        )


def beanspruchen(application: Any, nachricht_id: str, faellig_um: float) -> bool:
    """Two replicas never send the same row at once."""
    with application.database.write() as connection:
        ergebnis = connection.execute(
            update(faellig)
            .where(faellig.c.nachricht_id == nachricht_id, faellig.c.faellig_um == faellig_um)
            .values(faellig_um=time.time() + 120)
        )
        connection.commit()
        return ergebnis.rowcount == 1


def senden(versand: Any, an: str, portal_url: str) -> str | None:
    """None when the relay took it; else why not, and whether that is final."""
    try:
        versand.senden(Mail(an=an, betreff=BETREFF, text=text(portal_url)))
    except MailNichtGesendet as fehler:
        return ("endgueltig:" if fehler.endgueltig else "") + str(fehler)
    return None


def spaeter(application: Any, nachricht_id: str, versuche: int) -> bool:
    """Another try later; False when the retries are used up."""
    if versuche > len(WIEDERHOLEN_NACH_SEKUNDEN):
        return False
    with application.database.write() as connection:
        connection.execute(
            update(faellig)
            .where(faellig.c.nachricht_id == nachricht_id)
            .values(
                versuche=versuche,
                faellig_um=time.time() + WIEDERHOLEN_NACH_SEKUNDEN[versuche - 1],
            )
        )
        connection.commit()
    return True


def erledigt(connection: Any, nachricht_id: str) -> None:
    connection.execute(delete(faellig).where(faellig.c.nachricht_id == nachricht_id))


def jetzt() -> datetime:
    return datetime.now(UTC)
