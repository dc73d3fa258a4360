"""Rate limits as fixed-window counters in the gateway's database.

In the database rather than in memory, so the limits hold across restarts and across replicas
sharing a PostgreSQL database. Keys are keyed hashes (client address, login identifier): no
address and no email is stored.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from sqlalchemy import Column, Connection, Float, Integer, MetaData, String, Table, delete, select
from sqlalchemy.exc import IntegrityError

from gateway.config import Limit
from gateway.fehler import ZuVieleVersuche
from kernel.database import Database

metadata = MetaData()
zaehler = Table(
    "anfragezaehler",
    metadata,
    Column("schluessel", String(120), primary_key=True),
    Column("fenster_beginn", Float, nullable=False),
    Column("anzahl", Integer, nullable=False),
)
# Counters whose window began this long ago are deleted on the next write.
AUFBEWAHRUNG_SEKUNDEN = 24 * 3600


class Begrenzer:
    def __init__(self, database: Database, uhr: Callable[[], float] = time.time) -> None:
        self.database = database
        self.uhr = uhr

    def create_schema(self) -> None:
        metadata.create_all(self.database.engine)

    def versuch(self, *grenzen: tuple[str, Limit], bremse: tuple[str, Limit] | None = None) -> int:
        """In one transaction: raise ZuVieleVersuche when one of ``grenzen`` is reached, else
        count this attempt on each of them and on ``bremse``, a counter that slows down but never
        refuses. Returns the bremse's count before this attempt (0 without one).

        Attempts are counted before they are judged and given back when they succeed
        (``zuruecksetzen``, ``zurueckgeben``): counted only after a failure, a hundred attempts
        sent at once would all pass the check before the first one was counted.
        """
        with self.database.write() as connection:
            jetzt = self.uhr()
            for schluessel, grenze in grenzen:
                self._pruefen(connection, schluessel, grenze, jetzt)
            vorher = 0
            if bremse is not None:
                vorher = self._anzahl(connection, *bremse, jetzt)
            for schluessel, grenze in [*grenzen, *([bremse] if bremse else [])]:
                self._zaehlen(connection, schluessel, grenze, jetzt)
            return vorher

    def zuruecksetzen(self, *schluessel: str) -> None:
        with self.database.write() as connection:
            connection.execute(delete(zaehler).where(zaehler.c.schluessel.in_(schluessel)))

    def zurueckgeben(self, schluessel: str) -> None:
        """Take back one counted attempt (a login that succeeded is no failure)."""
        with self.database.write() as connection:
            connection.execute(
                zaehler.update()
                .where(zaehler.c.schluessel == schluessel, zaehler.c.anzahl > 0)
                .values(anzahl=zaehler.c.anzahl - 1)
            )

    def _anzahl(self, connection: Connection, schluessel: str, grenze: Limit, jetzt: float) -> int:
        row = connection.execute(
            select(zaehler.c.fenster_beginn, zaehler.c.anzahl).where(
                zaehler.c.schluessel == schluessel
            )
        ).first()
        if row is None or jetzt >= row.fenster_beginn + grenze.seconds:
            return 0
        return row.anzahl

    def _pruefen(
        self, connection: Connection, schluessel: str, grenze: Limit, jetzt: float
    ) -> None:
        row = connection.execute(
            select(zaehler.c.fenster_beginn, zaehler.c.anzahl).where(
                zaehler.c.schluessel == schluessel
            )
        ).first()
        if row is None or jetzt >= row.fenster_beginn + grenze.seconds:
            return
        if row.anzahl >= grenze.count:
            raise ZuVieleVersuche(max(1, math.ceil(row.fenster_beginn + grenze.seconds - jetzt)))

    def _zaehlen(
        self, connection: Connection, schluessel: str, grenze: Limit, jetzt: float
    ) -> None:
        row = connection.execute(
            select(zaehler.c.fenster_beginn).where(zaehler.c.schluessel == schluessel)
        ).first()
        if row is None:
            connection.execute(
                delete(zaehler).where(zaehler.c.fenster_beginn < jetzt - AUFBEWAHRUNG_SEKUNDEN)
            )
            try:
                with connection.begin_nested():
                    connection.execute(
                        zaehler.insert().values(
                            schluessel=schluessel, fenster_beginn=jetzt, anzahl=1
                        )
                    )
                return
            except IntegrityError:  # a concurrent first attempt inserted it: count on it
                row = connection.execute(
                    select(zaehler.c.fenster_beginn).where(zaehler.c.schluessel == schluessel)
                ).one()
        if jetzt >= row.fenster_beginn + grenze.seconds:
            connection.execute(
                zaehler.update()
                .where(zaehler.c.schluessel == schluessel)
                .values(fenster_beginn=jetzt, anzahl=1)
            )
        else:
            connection.execute(
                zaehler.update()
                .where(zaehler.c.schluessel == schluessel)
                .values(anzahl=zaehler.c.anzahl + 1)
            )
