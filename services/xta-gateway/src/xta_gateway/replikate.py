"""Several xta-gateway replicas on one PostgreSQL database (docs/adr/0057).

A *lease* per delivery names the replica that drives it, and until when: a row in
``zustellung_leases`` (projections.py; operational state, not an event). The replica whose
consumer opened a delivery holds it from the opening commit on; the sweeper claims only
deliveries that are free, whose lease ran out, or that are its own, with one conditional upsert
per batch; a replica renews every lease it holds with one statement every third of the lease
time, gives a lease up (with that statement) once its delivery is final, and releases all of
them when it stops. A replica that lost a lease stops driving that delivery at its next step.

The lease saves work; it guarantees nothing. Exactly once stays with the event store: an
append at a stale version conflicts, and a resend reuses the stored MessageID, whose 9024
counts as sent (docs/adr/0046). Two replicas that both believe they hold a delivery cost calls,
never a second message.

Times in the table are the database's clock (epoch seconds), so the replicas' clocks need not
agree. A replica judges its own leases by its monotonic clock, from the moment before the
statement that took or renewed them: never later than the database sees them run out.

On SQLite (the embedded default) there is one replica. Unless ``SOZ_XTA_REPLIKA`` names it,
every process on a SQLite database is the replica ``eingebettet``, so a restarted process takes
over at once what the one before it held, as before leases existed.

Inbound polling of the MsgBox runs in one replica at a time: ``nur_eine_replik`` (a PostgreSQL
advisory lock, tried without waiting; SQLite: always this process).
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
import socket
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import structlog
from prometheus_client import Counter, Gauge
from sqlalchemy import (
    Connection,
    Float,
    bindparam,
    delete,
    literal_column,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.sql.elements import TextClause

from kernel.database import Database
from xta_gateway.projections import zustellung_leases, zustellungen

log = structlog.get_logger("xta_gateway.replikate")

EINGEBETTET = "eingebettet"
# PostgreSQL advisory lock keys of this service (the kernel uses 7_431_204_118 and _119).
POSTFACH_SPERRE = 7_431_204_201
LESEMODELL_SPERRE = 7_431_204_202
_FINAL = ("zugestellt", "fehlgeschlagen")
_BLOCK = 500  # ids per statement: SQLite takes at most 32766 parameters

GEHALTEN = Gauge("xta_leases_gehalten", "Deliveries whose lease this replica holds")
LEASES = Counter(
    "xta_lease_ereignisse_total",
    "Leases this replica took (eroeffnung, sweeper, bearbeiten, erneut_zustellen) or lost "
    "(verloren)",
    ["ereignis"],
)


def replika_kennung(gesetzt: str | None, database: Database) -> str:
    """This replica's name in the lease table: ``SOZ_XTA_REPLIKA`` if set (a stable name, e.g.
    the pod's, lets a restarted container take over its leases at once); on SQLite the one
    replica ``eingebettet``; else host, process id and a random part (a new process is a new
    replica: what its predecessor held is free when the lease runs out)."""
    if gesetzt:
        return gesetzt[:200]
    if database.is_sqlite:
        return EINGEBETTET
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"[:200]


def _jetzt_sql(database: Database) -> str:
    """Now, in epoch seconds, by the database's clock (the time the statement runs)."""
    if database.is_sqlite:
        return "((julianday('now') - 2440587.5) * 86400.0)"
    return "CAST(extract(epoch FROM clock_timestamp()) AS double precision)"


@functools.lru_cache(maxsize=64)
def _upsert(zeilen: int, nur_frei: bool, jetzt: str) -> TextClause:
    """Take the leases of ``zeilen`` deliveries in one atomic statement (PostgreSQL and SQLite
    ≥ 3.35 alike): a missing row is inserted; an existing one is taken over — with ``nur_frei``
    only when it ran out or is this replica's already; one another replica still holds stays as
    it is and is not returned. Text, not SQLAlchemy's dialect ``insert``, whose compiled form
    is not cached: compiling it cost more than a millisecond per opening."""
    werte = ", ".join(f"(:z{n}, :inhaber, {jetzt} + :dauer)" for n in range(zeilen))
    bedingung = (
        f" WHERE zustellung_leases.bis < {jetzt} OR zustellung_leases.inhaber = excluded.inhaber"
        if nur_frei
        else ""
    )
    return text(
        f"INSERT INTO zustellung_leases (zustellung_id, inhaber, bis) VALUES {werte} "
        "ON CONFLICT (zustellung_id) DO UPDATE SET inhaber = excluded.inhaber, bis = excluded.bis"
        f"{bedingung} RETURNING zustellung_id"
    )


@dataclass(frozen=True)
class Anspruch:
    """Leases taken inside a transaction of someone else's (the opening, a resend): held only
    once that transaction committed — then ``Leases.bestaetigen``."""

    zustellung_ids: tuple[str, ...]
    seit: float  # monotonic, before the statement ran


class Leases:
    """The leases of one replica (``inhaber``) on one database, and what it knows about them:
    for each delivery it holds, the monotonic time until which it surely holds it."""

    def __init__(self, database: Database, inhaber: str, dauer: float) -> None:
        self.database = database
        self.inhaber = inhaber
        self.dauer = dauer
        self._gehalten: dict[str, float] = {}
        self._jetzt = _jetzt_sql(database)
        jetzt = literal_column(self._jetzt, Float)
        tabelle = zustellung_leases
        # Statements built once (docs/adr/0054); taking leases: ``_upsert``.
        self._erneuern = (
            update(tabelle)
            .where(
                tabelle.c.inhaber == bindparam("b_inhaber"),
                tabelle.c.zustellung_id.in_(bindparam("b_ids", expanding=True)),
            )
            .values(bis=jetzt + bindparam("b_dauer", type_=Float))
            .returning(tabelle.c.zustellung_id)
        )
        # by the read model, not by a list of this process: a delivery resent meanwhile (not
        # final any more) keeps the lease its resend took
        self._finale_abgeben = delete(tabelle).where(
            tabelle.c.inhaber == bindparam("b_inhaber"),
            tabelle.c.zustellung_id.in_(
                select(zustellungen.c.zustellung_id).where(zustellungen.c.status.in_(_FINAL))
            ),
        )
        self._abgelaufene_loeschen = delete(tabelle).where(tabelle.c.bis < jetzt)
        self._alle_freigeben = delete(tabelle).where(tabelle.c.inhaber == bindparam("b_inhaber"))
        self._kandidaten = (
            select(zustellungen.c.zustellung_id)
            .select_from(
                zustellungen.outerjoin(
                    tabelle, tabelle.c.zustellung_id == zustellungen.c.zustellung_id
                )
            )
            .where(
                zustellungen.c.status.not_in(_FINAL),
                or_(
                    zustellungen.c.naechster_versuch_um.is_(None),
                    zustellungen.c.naechster_versuch_um <= bindparam("b_jetzt"),
                ),
                or_(
                    tabelle.c.zustellung_id.is_(None),
                    tabelle.c.bis < jetzt,
                    tabelle.c.inhaber == bindparam("b_inhaber"),
                ),
            )
            .order_by(zustellungen.c.eroeffnet_am)
            .limit(bindparam("b_grenze"))
        )

    # -- what this replica knows ----------------------------------------------------------------

    def haelt(self, zustellung_id: str) -> bool:
        """Surely held now (taken or renewed less than a lease time ago, and not lost)."""
        return self._gehalten.get(zustellung_id, 0.0) > time.monotonic()

    @property
    def gehalten(self) -> frozenset[str]:
        return frozenset(self._gehalten)

    def bestaetigen(self, anspruch: Anspruch, ereignis: str) -> None:
        """The transaction that took these leases committed: they are held now."""
        bis = anspruch.seit + self.dauer
        for zustellung_id in anspruch.zustellung_ids:
            self._gehalten[zustellung_id] = max(self._gehalten.get(zustellung_id, 0.0), bis)
        LEASES.labels(ereignis).inc(len(anspruch.zustellung_ids))
        GEHALTEN.set(len(self._gehalten))

    def abgeben(self, zustellung_id: str) -> None:
        """The delivery is final (or gone): not renewed any more; its row goes with the next
        renewal (or runs out)."""
        if self._gehalten.pop(zustellung_id, None) is not None:
            GEHALTEN.set(len(self._gehalten))

    def vergessen(self, zustellung_id: str) -> None:
        """Lost to another replica: not held any more, nothing to give up."""
        if self._gehalten.pop(zustellung_id, None) is not None:
            LEASES.labels("verloren").inc()
            GEHALTEN.set(len(self._gehalten))

    # -- statements -----------------------------------------------------------------------------

    def beanspruchen(self, verbindung: Connection, zustellung_ids: Sequence[str]) -> Anspruch:
        """Take the leases that are free, ran out or are this replica's already, inside the
        caller's transaction (the opening commit: no commit of its own). Held once that
        transaction committed (``bestaetigen``)."""
        seit = time.monotonic()
        erhalten = self._upsert(verbindung, zustellung_ids, nur_frei=True)
        return Anspruch(tuple(erhalten), seit)

    def uebernehmen(self, verbindung: Connection, zustellung_id: str) -> Anspruch:
        """Take the lease whoever holds it (an operator's resend of a final delivery, whose
        lease guards nothing any more), inside the caller's transaction."""
        seit = time.monotonic()
        erhalten = self._upsert(verbindung, [zustellung_id], nur_frei=False)
        return Anspruch(tuple(erhalten), seit)

    def nehmen(self, zustellung_ids: Sequence[str], ereignis: str) -> list[str]:
        """``beanspruchen`` in a transaction of its own; the leases taken are held at once."""
        if not zustellung_ids:
            return []
        with self.database.write() as verbindung:
            anspruch = self.beanspruchen(verbindung, zustellung_ids)
        self.bestaetigen(anspruch, ereignis)
        return list(anspruch.zustellung_ids)

    def faellige_beanspruchen(self, ausser: set[str], grenze: int) -> list[str]:
        """The sweeper: deliveries not final, due, and free, run out or this replica's, at
        most ``grenze`` besides those in ``ausser`` (driven here already); their leases taken
        with one upsert. What another replica took meanwhile is not among them."""
        with self.database.read() as verbindung:
            zeilen = verbindung.execute(
                self._kandidaten,
                {
                    "b_jetzt": time.time(),
                    "b_inhaber": self.inhaber,
                    "b_grenze": grenze + len(ausser),
                },
            ).all()
        kandidaten = [z for (z,) in zeilen if z not in ausser][:grenze]
        return self.nehmen(kandidaten, "sweeper")

    def erneuern(self) -> list[str]:
        """One transaction every third of the lease time: this replica's rows of final
        deliveries go, every lease held is renewed, rows that ran out are removed (a row that
        ran out means the same as none). Returns the deliveries whose lease was lost
        meanwhile."""
        seit = time.monotonic()
        gehalten = list(self._gehalten)
        erneuert: set[str] = set()
        with self.database.write() as verbindung:
            verbindung.execute(self._finale_abgeben, {"b_inhaber": self.inhaber})
            for block in _bloecke(gehalten):
                erneuert.update(
                    z
                    for (z,) in verbindung.execute(
                        self._erneuern,
                        {"b_inhaber": self.inhaber, "b_ids": block, "b_dauer": self.dauer},
                    )
                )
            verbindung.execute(self._abgelaufene_loeschen)
        verloren = []
        for zustellung_id in gehalten:
            bisher = self._gehalten.get(zustellung_id)
            if bisher is None:  # given up meanwhile
                continue
            if zustellung_id in erneuert:
                self._gehalten[zustellung_id] = max(bisher, seit + self.dauer)
            elif bisher < seit + self.dauer:  # not taken again since the renewal began
                verloren.append(zustellung_id)
        for zustellung_id in verloren:
            self.vergessen(zustellung_id)
        if verloren:
            log.warning("leases_verloren", anzahl=len(verloren), replika=self.inhaber)
        GEHALTEN.set(len(self._gehalten))
        return verloren

    def alle_freigeben(self) -> None:
        """On shutdown: every lease of this replica goes, so others take over at their next
        sweep instead of waiting for the leases to run out."""
        with self.database.write() as verbindung:
            verbindung.execute(self._alle_freigeben, {"b_inhaber": self.inhaber})
        self._gehalten.clear()
        GEHALTEN.set(0)

    def _upsert(
        self, verbindung: Connection, zustellung_ids: Iterable[str], *, nur_frei: bool
    ) -> list[str]:
        erhalten: list[str] = []
        # a row may be touched once per statement (PostgreSQL): no id twice
        for block in _bloecke(list(dict.fromkeys(zustellung_ids))):
            werte: dict[str, object] = {"inhaber": self.inhaber, "dauer": self.dauer}
            werte.update({f"z{n}": z for n, z in enumerate(block)})
            anweisung = _upsert(len(block), nur_frei, self._jetzt)
            erhalten += [z for (z,) in verbindung.execute(anweisung, werte)]
        return erhalten


def lease_freigeben(verbindung: Connection, zustellung_id: str) -> None:
    """Remove a delivery's lease whoever holds it, inside the caller's transaction (the
    operators' CLI resend: the next sweep of any replica takes the delivery)."""
    verbindung.execute(
        delete(zustellung_leases).where(zustellung_leases.c.zustellung_id == zustellung_id)
    )


def _bloecke(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _BLOCK):
        yield ids[start : start + _BLOCK]


@contextlib.contextmanager
def nur_eine_replik(database: Database, schluessel: int, *, warten: bool = False) -> Iterator[bool]:
    """True when this replica may do the work now, and no other until the block ends: a
    PostgreSQL advisory lock held by a transaction of its own (it ends with the block, whatever
    happens; a process that dies drops it with its connection). ``warten=False``: tried once,
    False when another replica holds it. SQLite (one replica): always True."""
    if database.is_sqlite:
        yield True
        return
    funktion = "pg_advisory_xact_lock" if warten else "pg_try_advisory_xact_lock"
    with database.engine.connect() as verbindung, verbindung.begin():
        ergebnis = verbindung.execute(
            text(f"SELECT {funktion}(:schluessel)"), {"schluessel": schluessel}
        )
        yield True if warten else bool(ergebnis.scalar_one())
