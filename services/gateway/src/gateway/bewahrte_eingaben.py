"""Bewahrte Eingaben: what a person sent after their session had ended, kept until they log in
again (docs/adr/0080).

A section form sent with a session that expired meanwhile still proves where it came from: its
CSRF token is the HMAC of that session's token, which only that browser holds. Its fields and
files are sealed with AES-GCM under a key made from the gateway's secret and a fresh random
token that goes into a cookie of that browser and nowhere else; the record holds the person's
id (also bound into the seal) and lives ``SOZ_GATEWAY_KEPT_INPUT_SECONDS``. One record per
ended session: sending again replaces it. The database alone opens nothing, and nothing of it
is logged.
"""

from __future__ import annotations

import base64
import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Column, Float, LargeBinary, MetaData, String, Table, delete, select

from gateway.sicherheit import Schluessel, neues_token
from kernel.database import Database

metadata = MetaData()
tabelle = Table(
    "bewahrte_eingaben",
    metadata,
    Column("schluessel", String(64), primary_key=True),  # SHA-256 of the cookie's token
    Column("sitzung_id", String(64), nullable=False, unique=True),  # the session that ended
    Column("person_id", String(36), nullable=False),
    Column("inhalt", LargeBinary, nullable=False),  # nonce + AES-GCM of path, fields, files
    Column("bis", Float, nullable=False, index=True),  # POSIX seconds
)


@dataclass(frozen=True)
class Datei:
    name: str
    typ: str
    inhalt: bytes


@dataclass(frozen=True)
class Bewahrt:
    """A page's form as it was sent: its path, fields in order (names repeat), files."""

    person_id: str
    pfad: str
    felder: list[tuple[str, str]]
    dateien: list[Datei]


class BewahrteEingaben:
    def __init__(
        self,
        database: Database,
        schluessel: Schluessel,
        dauer_sekunden: float,
        uhr: Callable[[], float] = time.time,
    ) -> None:
        self.database = database
        self.schluessel = schluessel
        self.dauer = dauer_sekunden
        self.uhr = uhr

    def create_schema(self) -> None:
        metadata.create_all(self.database.engine)

    def bewahren(self, *, sitzung_id: str, bewahrt: Bewahrt) -> str:
        """Seals and stores; the token for the browser's cookie."""
        token = neues_token()
        inhalt = orjson.dumps(
            {
                "pfad": bewahrt.pfad,
                "felder": bewahrt.felder,
                "dateien": [
                    {"name": d.name, "typ": d.typ, "inhalt": base64.b64encode(d.inhalt).decode()}
                    for d in bewahrt.dateien
                ],
            }
        )
        nonce = os.urandom(12)
        versiegelt = nonce + AESGCM(self.schluessel.bewahr_schluessel(token)).encrypt(
            nonce, inhalt, bewahrt.person_id.encode()
        )
        with self.database.write() as connection:
            connection.execute(delete(tabelle).where(tabelle.c.sitzung_id == sitzung_id))
            connection.execute(
                tabelle.insert().values(
                    schluessel=_schluessel(token),
                    sitzung_id=sitzung_id,
                    person_id=bewahrt.person_id,
                    inhalt=versiegelt,
                    bis=self.uhr() + self.dauer,
                )
            )
        return token

    def person(self, token: str | None) -> str | None:
        """Whose input the token keeps, while it is kept."""
        if not token:
            return None
        with self.database.read() as connection:
            return connection.execute(
                select(tabelle.c.person_id).where(
                    (tabelle.c.schluessel == _schluessel(token)) & (tabelle.c.bis > self.uhr())
                )
            ).scalar()

    def lesen(self, token: str | None) -> Bewahrt | None:
        """The kept input, or None when there is none (any more) or it cannot be opened."""
        if not token:
            return None
        with self.database.read() as connection:
            row = connection.execute(
                select(tabelle.c.person_id, tabelle.c.inhalt).where(
                    (tabelle.c.schluessel == _schluessel(token)) & (tabelle.c.bis > self.uhr())
                )
            ).first()
        if row is None:
            return None
        raw = bytes(row.inhalt)
        try:
            klartext = AESGCM(self.schluessel.bewahr_schluessel(token)).decrypt(
                raw[:12], raw[12:], row.person_id.encode()
            )
        except InvalidTag:
            return None
        daten = orjson.loads(klartext)
        return Bewahrt(
            person_id=row.person_id,
            pfad=daten["pfad"],
            felder=[(name, wert) for name, wert in daten["felder"]],
            dateien=[
                Datei(d["name"], d["typ"], base64.b64decode(d["inhalt"])) for d in daten["dateien"]
            ],
        )

    def verwerfen(self, token: str | None) -> None:
        if token:
            with self.database.write() as connection:
                connection.execute(
                    delete(tabelle).where(tabelle.c.schluessel == _schluessel(token))
                )

    def aufraeumen(self) -> int:
        """Deletes what nobody came back for in time; how many."""
        with self.database.write() as connection:
            return connection.execute(delete(tabelle).where(tabelle.c.bis <= self.uhr())).rowcount


def _schluessel(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
