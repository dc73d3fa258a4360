"""The counterpart's memory: one SQLite file in the data folder, so a restart loses nothing.

Every message lives in the mailbox of its reader (a Jobcenter's for what the platform sends, the
platform's for what a Jobcenter writes back); the message id is the primary key, which is what
makes a second sendMessage with the same id a 9024 instead of a duplicate. A message whose
TransportReport is red (3) was not delivered: it is kept (inspection, reports) but never offered
in the reader's mailbox, so a sender that sends it again after the red report (with a new id, as
it must) does not make the reader receive it twice.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROT = 3  # TransportReport status: not delivered

_SCHEMA = """
CREATE TABLE IF NOT EXISTS message_ids (
    message_id TEXT PRIMARY KEY,
    konto TEXT NOT NULL,
    erzeugt_um TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS nachrichten (
    message_id TEXT PRIMARY KEY,
    autor TEXT NOT NULL,
    leser TEXT NOT NULL,
    service TEXT NOT NULL,
    nachrichtentyp TEXT,
    herkunft TEXT NOT NULL,
    empfangen_um TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    groesse INTEGER NOT NULL,
    metadaten BLOB NOT NULL,
    inhalt BLOB NOT NULL,
    inhalt_attribute TEXT NOT NULL,
    bericht_status INTEGER NOT NULL,
    bericht_final_ab REAL NOT NULL,
    bericht_meldungen TEXT NOT NULL,
    erster_abruf_um TEXT,
    geschlossen_um TEXT
);
CREATE INDEX IF NOT EXISTS nachrichten_leser ON nachrichten (leser, geschlossen_um);
CREATE TABLE IF NOT EXISTS anlagen (
    message_id TEXT NOT NULL,
    nummer INTEGER NOT NULL,
    attribute TEXT NOT NULL,
    daten BLOB NOT NULL,
    PRIMARY KEY (message_id, nummer)
);
CREATE TABLE IF NOT EXISTS abrufe (
    request_id TEXT PRIMARY KEY,
    konto TEXT NOT NULL,
    erzeugt_um TEXT NOT NULL
);
"""


def jetzt_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Inhalt:
    """The Message or one Attachment of a ContentContainer: bytes and their MIME attributes
    (contentType, filename, id, …, as in xta:ContentType)."""

    daten: bytes
    attribute: dict[str, str]


@dataclass(frozen=True)
class Meldung:
    art: str  # "fehler", "warnung" or "info"
    code: str
    grund: str


@dataclass
class GespeicherteNachricht:
    message_id: str
    autor: str
    leser: str
    service: str
    nachrichtentyp: str | None
    herkunft: str
    empfangen_um: str
    sha256: str
    groesse: int
    metadaten: bytes
    inhalt: Inhalt
    bericht_status: int
    bericht_final_ab: float
    meldungen: list[Meldung]
    erster_abruf_um: str | None
    geschlossen_um: str | None
    anlagen: list[Inhalt] = field(default_factory=list)

    def aktueller_status(self, jetzt: float | None = None) -> int:
        """0 (open) until the report's time has come, then its final status 1, 2 or 3."""
        return self.bericht_status if (jetzt or time.time()) >= self.bericht_final_ab else 0


class MessageIdVergeben(Exception):
    """A message with this id is stored already."""


class UnbekannteMessageIds(Exception):
    """Ids that are not in the caller's mailbox."""


class Ablage:
    """Thread-safe: one connection, one lock. WAL with synchronous=NORMAL keeps every committed
    store across a killed process (only a power loss could cost the last transactions)."""

    def __init__(self, datenverzeichnis: Path) -> None:
        datenverzeichnis.mkdir(parents=True, exist_ok=True)
        self.pfad = datenverzeichnis / "gegenstelle.sqlite3"
        self._sperre = threading.Lock()
        self._verbindung = sqlite3.connect(self.pfad, check_same_thread=False, isolation_level=None)
        self._verbindung.execute("PRAGMA journal_mode=WAL")
        self._verbindung.execute("PRAGMA synchronous=NORMAL")
        self._verbindung.executescript(_SCHEMA)

    def schliessen(self) -> None:
        with self._sperre:
            self._verbindung.close()

    @contextmanager
    def _transaktion(self) -> Iterator[sqlite3.Connection]:
        with self._sperre:
            self._verbindung.execute("BEGIN IMMEDIATE")
            try:
                yield self._verbindung
            except BaseException:
                self._verbindung.execute("ROLLBACK")
                raise
            self._verbindung.execute("COMMIT")

    # -- message ids -------------------------------------------------------------------------

    def message_id_merken(self, message_id: str, konto: str) -> None:
        with self._transaktion() as db:
            db.execute(
                "INSERT INTO message_ids (message_id, konto, erzeugt_um) VALUES (?, ?, ?)",
                (message_id, konto, jetzt_iso()),
            )

    # -- messages ----------------------------------------------------------------------------

    def speichern(
        self,
        *,
        message_id: str,
        autor: str,
        leser: str,
        service: str,
        nachrichtentyp: str | None,
        herkunft: str,
        metadaten: bytes,
        inhalt: Inhalt,
        anlagen: list[Inhalt],
        bericht_status: int,
        bericht_verzoegerung: float,
        meldungen: list[Meldung],
    ) -> None:
        groesse = len(inhalt.daten) + sum(len(anlage.daten) for anlage in anlagen)
        sha256 = hashlib.sha256(inhalt.daten).hexdigest()
        empfangen_um = jetzt_iso()
        final_ab = time.time() + bericht_verzoegerung
        with self._transaktion() as db:
            try:
                db.execute(
                    "INSERT INTO nachrichten (message_id, autor, leser, service, nachrichtentyp,"
                    " herkunft, empfangen_um, sha256, groesse, metadaten, inhalt,"
                    " inhalt_attribute, bericht_status, bericht_final_ab, bericht_meldungen)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        message_id,
                        autor,
                        leser,
                        service,
                        nachrichtentyp,
                        herkunft,
                        empfangen_um,
                        sha256,
                        groesse,
                        metadaten,
                        inhalt.daten,
                        json.dumps(inhalt.attribute),
                        bericht_status,
                        final_ab,
                        json.dumps([m.__dict__ for m in meldungen]),
                    ),
                )
            except sqlite3.IntegrityError as fehler:
                raise MessageIdVergeben(message_id) from fehler
            db.executemany(
                "INSERT INTO anlagen (message_id, nummer, attribute, daten) VALUES (?, ?, ?, ?)",
                [
                    (message_id, nummer, json.dumps(anlage.attribute), anlage.daten)
                    for nummer, anlage in enumerate(anlagen)
                ],
            )

    def nachricht(self, message_id: str, mit_anlagen: bool = False) -> GespeicherteNachricht | None:
        with self._sperre:
            zeile = self._verbindung.execute(
                f"SELECT {_SPALTEN} FROM nachrichten WHERE message_id = ?", (message_id,)
            ).fetchone()
            if zeile is None:
                return None
            nachricht = _nachricht(zeile)
            if mit_anlagen:
                nachricht.anlagen = [
                    Inhalt(daten, json.loads(attribute))
                    for attribute, daten in self._verbindung.execute(
                        "SELECT attribute, daten FROM anlagen WHERE message_id = ? ORDER BY nummer",
                        (message_id,),
                    )
                ]
            return nachricht

    def nachrichten(self, leser: str | None = None) -> list[GespeicherteNachricht]:
        """All messages (of one reader), oldest first."""
        bedingung, werte = ("WHERE leser = ?", (leser,)) if leser else ("", ())
        with self._sperre:
            zeilen = self._verbindung.execute(
                f"SELECT {_SPALTEN} FROM nachrichten {bedingung} ORDER BY rowid", werte
            ).fetchall()
        return [_nachricht(zeile) for zeile in zeilen]

    def offene_fuer(self, leser: str, grenze: int | None = None) -> list[GespeicherteNachricht]:
        """The reader's mailbox: messages not closed yet, oldest first."""
        with self._sperre:
            zeilen = self._verbindung.execute(
                f"SELECT {_SPALTEN} FROM nachrichten WHERE leser = ? AND geschlossen_um IS NULL"
                " AND bericht_status != ? ORDER BY rowid LIMIT ?",
                (leser, ROT, grenze if grenze is not None else -1),
            ).fetchall()
        return [_nachricht(zeile) for zeile in zeilen]

    def anzahl_offen(self, leser: str) -> int:
        with self._sperre:
            return self._verbindung.execute(
                "SELECT count(*) FROM nachrichten WHERE leser = ? AND geschlossen_um IS NULL"
                " AND bericht_status != ?",
                (leser, ROT),
            ).fetchone()[0]

    def abgerufen(self, message_id: str) -> None:
        with self._transaktion() as db:
            db.execute(
                "UPDATE nachrichten SET erster_abruf_um = coalesce(erster_abruf_um, ?)"
                " WHERE message_id = ?",
                (jetzt_iso(), message_id),
            )

    def schliessen_fuer(self, leser: str, message_ids: list[str], wiederholen: bool) -> None:
        """Close the messages in the reader's mailbox, all or none: an id that is not in it
        raises ``UnbekannteMessageIds``. With ``wiederholen`` (the duplicate-delivery fault)
        the call succeeds but the messages stay in the mailbox and are delivered again."""
        with self._transaktion() as db:
            unbekannt = [
                message_id
                for message_id in message_ids
                if db.execute(
                    "SELECT 1 FROM nachrichten WHERE message_id = ? AND leser = ?",
                    (message_id, leser),
                ).fetchone()
                is None
            ]
            if unbekannt:
                raise UnbekannteMessageIds(unbekannt)
            if wiederholen:
                return
            db.executemany(
                "UPDATE nachrichten SET geschlossen_um = coalesce(geschlossen_um, ?)"
                " WHERE message_id = ?",
                [(jetzt_iso(), message_id) for message_id in message_ids],
            )

    # -- mailbox requests --------------------------------------------------------------------

    def abruf_merken(self, request_id: str, konto: str) -> None:
        with self._transaktion() as db:
            db.execute(
                "INSERT INTO abrufe (request_id, konto, erzeugt_um) VALUES (?, ?, ?)",
                (request_id, konto, jetzt_iso()),
            )

    def abruf_bekannt(self, request_id: str, konto: str) -> bool:
        with self._sperre:
            return (
                self._verbindung.execute(
                    "SELECT 1 FROM abrufe WHERE request_id = ? AND konto = ?", (request_id, konto)
                ).fetchone()
                is not None
            )


_SPALTEN = (
    "message_id, autor, leser, service, nachrichtentyp, herkunft, empfangen_um, sha256, groesse,"
    " metadaten, inhalt, inhalt_attribute, bericht_status, bericht_final_ab, bericht_meldungen,"
    " erster_abruf_um, geschlossen_um"
)


def _nachricht(zeile: tuple) -> GespeicherteNachricht:
    return GespeicherteNachricht(
        message_id=zeile[0],
        autor=zeile[1],
        leser=zeile[2],
        service=zeile[3],
        nachrichtentyp=zeile[4],
        herkunft=zeile[5],
        empfangen_um=zeile[6],
        sha256=zeile[7],
        groesse=zeile[8],
        metadaten=zeile[9],
        inhalt=Inhalt(zeile[10], json.loads(zeile[11])),
        bericht_status=zeile[12],
        bericht_final_ab=zeile[13],
        meldungen=[Meldung(**m) for m in json.loads(zeile[14])],
        erster_abruf_um=zeile[15],
        geschlossen_um=zeile[16],
    )
