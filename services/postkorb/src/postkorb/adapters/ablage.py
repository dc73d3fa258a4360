"""The files a person attaches to a reply, sealed with AES-GCM under the person's data key, in
the service's database: ``kernel forget`` of the person makes them unreadable, and
``PostkorbApplication.forget`` deletes the rows as well."""

from __future__ import annotations

import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Column, LargeBinary, MetaData, String, Table, delete, insert, select

from kernel.application import Application

metadata = MetaData()
dateien = Table(
    "postkorb_dateien",
    metadata,
    Column("anlage_id", String(36), primary_key=True),
    Column("person_id", String(36), nullable=False, index=True),
    Column("inhalt", LargeBinary, nullable=False),  # nonce + ciphertext
)


class Ablage:
    def __init__(self, application: Application) -> None:
        self.application = application

    def create_schema(self) -> None:
        metadata.create_all(self.application.database.engine)

    def ablegen(self, connection, person_id: str, anlage_id: str, inhalt: bytes) -> None:  # noqa: ANN001
        key = self.application.key_store.key_for(person_id)
        nonce = os.urandom(12)
        versiegelt = nonce + AESGCM(key).encrypt(nonce, inhalt, anlage_id.encode())
        connection.execute(
            insert(dateien).values(anlage_id=anlage_id, person_id=person_id, inhalt=versiegelt)
        )

    def lesen(self, person_id: str, anlage_id: str) -> bytes | None:
        with self.application.database.read() as connection:
            zeile = connection.execute(
                select(dateien.c.inhalt).where(
                    dateien.c.anlage_id == anlage_id, dateien.c.person_id == person_id
                )
            ).first()
        if zeile is None:
            return None
        key = self.application.cipher.keyring().existing(person_id)
        if key is None:  # the person was forgotten
            return None
        roh = bytes(zeile.inhalt)
        return AESGCM(key).decrypt(roh[:12], roh[12:], anlage_id.encode())

    def besitzer(self, anlage_id: str) -> str | None:
        with self.application.database.read() as connection:
            return connection.execute(
                select(dateien.c.person_id).where(dateien.c.anlage_id == anlage_id)
            ).scalar()

    def person_loeschen(self, person_id: str, connection=None) -> None:  # noqa: ANN001
        """Delete the person's files, in the caller's transaction when it gives one."""
        if connection is not None:
            connection.execute(delete(dateien).where(dateien.c.person_id == person_id))
            return
        with self.application.database.write() as eigene:
            eigene.execute(delete(dateien).where(dateien.c.person_id == person_id))
            eigene.commit()
