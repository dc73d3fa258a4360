"""When a person deletes their account (KontoGeloescht from the gateway): their open bookings
are cancelled (the centre sees the cancellation; nobody could log in to keep them), and concern
and contact of every booking of theirs are erased (the booking's key forgotten,
TerminDatenGeloescht). Anonymous bookings are nobody's account and stay.
"""

from __future__ import annotations

from datetime import datetime

import structlog
from sqlalchemy import select

from kernel.envelope import Envelope
from kernel.unit_of_work import UnitOfWork
from termine.adapters.projektion import buchungen
from termine.domain.termin import GEBUCHT, Termin

log = structlog.get_logger("termine.konto_geloescht")


def termine_loeschen(event: Envelope, uow: UnitOfWork) -> None:
    """In the consumer's transaction (kernel.consuming.handle_once). Keys are forgotten first:
    a retry after a failed commit finds the bookings again and finishes them."""
    person_id = str(event.payload["person_id"])
    am = datetime.fromisoformat(str(event.payload["geloescht_am"]))
    zeilen = uow.connection.execute(
        select(buchungen.c.termin_id, buchungen.c.status, buchungen.c.beginn).where(
            buchungen.c.person_id == person_id, buchungen.c.geloescht.is_(False)
        )
    ).all()
    for zeile in zeilen:
        uow.application.key_store.forget(zeile.termin_id)
        termin = uow.repository(Termin).get(zeile.termin_id)
        if zeile.status == GEBUCHT and zeile.beginn > am.timestamp():
            termin.stornieren("person")
        termin.daten_geloescht(am)
    log.info("termine_des_kontos_geloescht", anzahl=len(zeilen))
