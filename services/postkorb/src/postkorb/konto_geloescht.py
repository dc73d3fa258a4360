"""When a person deletes their account (KontoGeloescht from the gateway, docs/adr/0092): nobody
can log in as them any more, so their mailbox is erased: their data key is forgotten (every
subject, text, file name and address, in every event, row and backup) and their reply files
deleted. The dated records of a notice (provided, notified, retrieved, ended) hold no personal
data and stay: the proof of those dates outlives the account. The Jobcenter keeps its own
records of what it sent."""

from __future__ import annotations

import structlog

from kernel.envelope import Envelope
from kernel.unit_of_work import UnitOfWork

log = structlog.get_logger("postkorb.konto_geloescht")


def vergessen(event: Envelope, uow: UnitOfWork) -> None:
    person_id = str(event.payload["person_id"])
    # the key first (its own database): a retry after a failed commit finds nothing to undo
    uow.application.key_store.forget(person_id)
    uow.application.ablage.person_loeschen(person_id, uow.connection)
    log.info("postfach_des_kontos_geloescht", person_id=person_id)
