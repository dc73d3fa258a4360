"""Crypto-shredding: personal fields are encrypted per data subject with a key kept apart.

An event store never forgets, so personal data in it is sealed with AES-GCM under a key that
belongs to one person (the data subject) and lives in another database. ``forget(subject)``
deletes that key: every stream, projection, snapshot and backup then holds only ciphertext that
nobody can open, and readers see the fields as erased (None).
"""

from __future__ import annotations

import base64
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from marshmallow import Schema, fields
from sqlalchemy import Column, LargeBinary, MetaData, String, Table, delete, insert, select
from sqlalchemy.exc import IntegrityError

from kernel.database import Database
from kernel.envelope import utc_now_rfc3339
from kernel.errors import MissingDataSubject

TOKEN_PREFIX = "enc:v1:"

_key_metadata = MetaData()
data_keys = Table(
    "data_keys",
    _key_metadata,
    Column("subject_id", String(100), primary_key=True),
    Column("data_key", LargeBinary, nullable=False),
    Column("created_at", String(40), nullable=False),
)


class KeyStore:
    """One 256-bit key per data subject, in a database of its own."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def create_schema(self) -> None:
        _key_metadata.create_all(self.database.engine)

    def key_for(self, subject_id: str) -> bytes:
        """The subject's key, created on first use."""
        existing = self.get_many([subject_id]).get(subject_id)
        if existing is not None:
            return existing
        key = AESGCM.generate_key(bit_length=256)
        try:
            with self.database.write() as connection:
                connection.execute(
                    insert(data_keys).values(
                        subject_id=subject_id, data_key=key, created_at=utc_now_rfc3339()
                    )
                )
        except IntegrityError:
            # Another writer created it first: theirs is the key.
            return self.get_many([subject_id])[subject_id]
        return key

    def get_many(self, subject_ids: Iterable[str]) -> dict[str, bytes]:
        wanted = sorted(set(subject_ids))
        if not wanted:
            return {}
        with self.database.read() as connection:
            rows = connection.execute(
                select(data_keys.c.subject_id, data_keys.c.data_key).where(
                    data_keys.c.subject_id.in_(wanted)
                )
            )
            return {row.subject_id: bytes(row.data_key) for row in rows}

    def forget(self, subject_id: str) -> bool:
        """Delete the subject's key. True when there was one."""
        with self.database.write() as connection:
            result = connection.execute(
                delete(data_keys).where(data_keys.c.subject_id == subject_id)
            )
            return result.rowcount > 0


@dataclass
class Keyring:
    """Keys fetched for one operation (one append, one read): no cache outlives it, so a
    ``forget`` in any process takes effect at the next operation everywhere."""

    store: KeyStore
    keys: dict[str, bytes | None] = field(default_factory=dict)

    def prefetch(self, subject_ids: Iterable[str]) -> None:
        missing = [s for s in set(subject_ids) if s not in self.keys]
        if missing:
            found = self.store.get_many(missing)
            for subject_id in missing:
                self.keys[subject_id] = found.get(subject_id)

    def existing(self, subject_id: str) -> bytes | None:
        self.prefetch([subject_id])
        return self.keys[subject_id]

    def for_writing(self, subject_id: str) -> bytes:
        key = self.keys.get(subject_id)
        if key is None:
            key = self.store.key_for(subject_id)
            self.keys[subject_id] = key
        return key


class PersonalDataCipher:
    """Seals and opens single values, and whole payloads along their marshmallow schema."""

    def __init__(self, key_store: KeyStore) -> None:
        self.key_store = key_store

    def keyring(self) -> Keyring:
        return Keyring(self.key_store)

    # single values ---------------------------------------------------------------------------

    def seal(self, subject_id: str, value: Any, keyring: Keyring | None = None) -> str:
        ring = keyring or self.keyring()
        key = ring.for_writing(subject_id)
        nonce = os.urandom(12)
        ciphertext = AESGCM(key).encrypt(nonce, orjson.dumps(value), subject_id.encode())
        return f"{TOKEN_PREFIX}{subject_id}:{base64.b64encode(nonce + ciphertext).decode()}"

    def open(self, token: Any, keyring: Keyring | None = None) -> tuple[Any, bool]:
        """(value, erased). A value that is no token is returned as it is."""
        if not is_token(token):
            return token, False
        subject_id, _, data = token[len(TOKEN_PREFIX) :].rpartition(":")
        key = (keyring or self.keyring()).existing(subject_id)
        if key is None:
            return None, True
        raw = base64.b64decode(data)
        plaintext = AESGCM(key).decrypt(raw[:12], raw[12:], subject_id.encode())
        return orjson.loads(plaintext), False

    # payloads --------------------------------------------------------------------------------

    def seal_payload(self, schema: Schema, payload: dict, keyring: Keyring | None = None) -> dict:
        if not has_personal_fields(schema):
            return payload
        subject_id = data_subject(schema, payload)
        if not subject_id:
            raise MissingDataSubject(type(schema).__name__)
        ring = keyring or self.keyring()
        return _walk(schema, payload, lambda value: self.seal(subject_id, value, ring))

    def open_payload(
        self, schema: Schema, payload: dict, keyring: Keyring | None = None
    ) -> tuple[dict, list[str]]:
        """The payload with personal fields opened, and the paths of the erased ones."""
        if not has_personal_fields(schema):
            return payload, []
        ring = keyring or self.keyring()
        erased: list[str] = []

        def _open(value: Any, path: str) -> Any:
            opened, was_erased = self.open(value, ring)
            if was_erased:
                erased.append(path)
            return opened

        return _walk(schema, payload, _open, with_path=True), erased


def is_token(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TOKEN_PREFIX)


def token_subject(value: str) -> str:
    return value[len(TOKEN_PREFIX) :].rpartition(":")[0]


def data_subject(schema: Schema, payload: dict) -> str | None:
    for name, schema_field in schema.fields.items():
        if schema_field.metadata.get("subject"):
            value = payload.get(schema_field.data_key or name)
            return str(value) if value else None
    return None


def has_personal_fields(schema: Schema) -> bool:
    cached = getattr(type(schema), "_kernel_has_personal", None)
    if cached is None:
        cached = any(_field_is_or_holds_personal(f) for f in schema.fields.values())
        type(schema)._kernel_has_personal = cached  # type: ignore[attr-defined]
    return cached


def _field_is_or_holds_personal(schema_field: fields.Field) -> bool:
    if schema_field.metadata.get("personal"):
        return True
    nested = _nested_schema(schema_field)
    return nested is not None and has_personal_fields(nested)


def _nested_schema(schema_field: fields.Field) -> Schema | None:
    if isinstance(schema_field, fields.Nested):
        return schema_field.schema
    if isinstance(schema_field, fields.List) and isinstance(schema_field.inner, fields.Nested):
        return schema_field.inner.schema
    return None


def _walk(schema: Schema, payload: dict, transform, *, with_path: bool = False, prefix: str = ""):
    """A copy of payload with transform applied to every personal field's value (not None)."""
    result = dict(payload)
    for name, schema_field in schema.fields.items():
        key = schema_field.data_key or name
        if key not in result or result[key] is None:
            continue
        path = f"{prefix}{key}"
        value = result[key]
        if schema_field.metadata.get("personal"):
            result[key] = transform(value, path) if with_path else transform(value)
            continue
        nested = _nested_schema(schema_field)
        if nested is None or not has_personal_fields(nested):
            continue
        if isinstance(value, list):
            result[key] = [
                _walk(nested, item, transform, with_path=with_path, prefix=f"{path}[{i}].")
                if isinstance(item, dict)
                else item
                for i, item in enumerate(value)
            ]
        elif isinstance(value, dict):
            result[key] = _walk(nested, value, transform, with_path=with_path, prefix=f"{path}.")
    return result
