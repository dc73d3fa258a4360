"""Attachment bytes on disk, sealed with AES-256-GCM under the application's data key.

Attachments are Sozialdaten: they are encrypted with the same per-application key that seals
the draft's answers in the event store (kernel.crypto.KeyStore, a database of its own). When
that key is forgotten (retention, or the person is erased) the files cannot be opened any more,
also in backups; the files are deleted as well. docs/adr/0032.

File layout: ``<verzeichnis>/<antrag_id>/<anlage_id>.bin`` = magic, 12-byte nonce, ciphertext.
The associated data binds a file to its application and attachment id: a file copied to
another place does not open.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kernel.crypto import KeyStore

MAGIC = b"SOZANL1\n"


class Anlagenablage:
    def __init__(self, verzeichnis: Path, key_store: KeyStore) -> None:
        self.verzeichnis = verzeichnis
        self.key_store = key_store

    def _pfad(self, antrag_id: str, anlage_id: str) -> Path:
        # ids are UUIDs: checked so that no path can leave the directory
        return self.verzeichnis / str(uuid.UUID(antrag_id)) / f"{uuid.UUID(anlage_id)}.bin"

    def speichern(self, antrag_id: str, anlage_id: str, inhalt: bytes) -> None:
        """Write sealed and durably (temporary file, fsync, rename) before the event that
        refers to it is appended: an event never points to a missing file."""
        key = self.key_store.key_for(antrag_id)
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, inhalt, _aad(antrag_id, anlage_id))
        ziel = self._pfad(antrag_id, anlage_id)
        ziel.parent.mkdir(parents=True, exist_ok=True)
        temporaer = ziel.with_suffix(".tmp")
        with temporaer.open("wb") as datei:
            datei.write(MAGIC + nonce + sealed)
            datei.flush()
            os.fsync(datei.fileno())
        os.replace(temporaer, ziel)

    def lesen(self, antrag_id: str, anlage_id: str) -> bytes | None:
        """The plain bytes, or None when the file or its key is gone (erased)."""
        key = self.key_store.get_many([antrag_id]).get(antrag_id)
        pfad = self._pfad(antrag_id, anlage_id)
        if key is None or not pfad.is_file():
            return None
        daten = pfad.read_bytes()
        if not daten.startswith(MAGIC):
            return None
        rest = daten[len(MAGIC) :]
        try:
            return AESGCM(key).decrypt(rest[:12], rest[12:], _aad(antrag_id, anlage_id))
        except InvalidTag:
            return None

    def loeschen(self, antrag_id: str, anlage_id: str) -> None:
        self._pfad(antrag_id, anlage_id).unlink(missing_ok=True)

    def antrag_loeschen(self, antrag_id: str) -> None:
        shutil.rmtree(self.verzeichnis / str(uuid.UUID(antrag_id)), ignore_errors=True)


def _aad(antrag_id: str, anlage_id: str) -> bytes:
    return f"antrag-anlage:{antrag_id}:{anlage_id}".encode()
