"""The contacts projection: the latest imported contacts file, one row per Jobcenter.

A projection of its own, beside the directory's (adapters.projektion): a new directory replaces
the directory's tables and leaves the contacts alone, and the other way round. Written in the
transaction that appends ``JobcenterKontakteImportiert``, rebuildable from the store.
"""

from __future__ import annotations

import orjson
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, Text, select

from kernel.database import Database
from kernel.eventstore import RecordedEvent
from kernel.projections import Projection
from zustaendigkeit.domain.kontakte import Kontakt, Kontaktdaten

metadata = MetaData()

kontakte_stand = Table(
    "zv_kontakte_stand",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: one file at a time
    Column("pruefsumme", String(64), nullable=False),
    Column("datenstand", String(100), nullable=False),  # the directory it was checked against
    Column("event_id", String(36), nullable=False),
    Column("importiert_am", String(40), nullable=False),
)

kontakt = Table(
    "zv_kontakt",
    metadata,
    Column("jobcenter_id", String(5), primary_key=True),
    Column("daten", Text, nullable=False),  # JSON: the row's given fields
)


class KontakteProjektion(Projection):
    name = "zustaendigkeit_kontakte"
    metadata = metadata
    handles = frozenset({"JobcenterKontakteImportiert"})

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        for table in reversed(self.tables):
            connection.execute(table.delete())
        connection.execute(
            kontakte_stand.insert().values(
                id=1,
                pruefsumme=event.payload["pruefsumme"],
                datenstand=event.payload["datenstand"],
                event_id=event.event_id,
                importiert_am=event.occurred_at,
            )
        )
        zeilen = [
            {"jobcenter_id": k["jobcenter_id"], "daten": orjson.dumps(k).decode()}
            for k in event.payload["kontakte"]
        ]
        if zeilen:
            connection.execute(kontakt.insert(), zeilen)


def aktueller_stand(database: Database) -> tuple[str, str] | None:
    """(checksum of the file, directory version it was checked against), None when empty."""
    with database.read() as connection:
        row = connection.execute(
            select(kontakte_stand.c.pruefsumme, kontakte_stand.c.datenstand)
        ).first()
    return (row.pruefsumme, row.datenstand) if row else None


def laden(database: Database) -> Kontaktdaten | None:
    """The contacts as the projection holds them, None when none were ever imported."""
    with database.read() as connection:
        pruefsumme = connection.execute(select(kontakte_stand.c.pruefsumme)).scalar_one_or_none()
        if pruefsumme is None:
            return None
        rows = connection.execute(select(kontakt).order_by(kontakt.c.jobcenter_id)).all()
    return Kontaktdaten(
        pruefsumme, tuple(Kontakt.from_dict(orjson.loads(row.daten)) for row in rows)
    )
