"""Crypto-shredding: personal fields are encrypted per data subject with a key kept apart.

An event store never forgets, so personal data in it is sealed with AES-GCM under a key that
belongs to one person (the data subject) and lives in another database. ``forget(subject)``
deletes that key: every stream, projection, snapshot and backup then holds only ciphertext that
nobody can open, and readers see the fields as erased (None).
"""

from __future__ import annotations

import base64
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from marshmallow import Schema, fields
from sqlalchemy import (
    Column,
    LargeBinary,
    MetaData,
    String,
    Table,
    bindparam,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError

from kernel.database import Database
from kernel.envelope import utc_now_rfc3339
from kernel.errors import MissingDataSubject

TOKEN_PREFIX = "enc:v1:"
# How long a forget is remembered against reads that were running when it happened.
FORGOTTEN_KEPT_SECONDS = 300.0

_key_metadata = MetaData()
data_keys = Table(
    "data_keys",
    _key_metadata,
    Column("subject_id", String(100), primary_key=True),
    Column("data_key", LargeBinary, nullable=False),
    Column("created_at", String(40), nullable=False),
)

# PostgreSQL: create the subject's key unless it has one, and return the key that holds.
_CREATE_OR_READ_KEY = text(
    "WITH created AS (INSERT INTO data_keys (subject_id, data_key, created_at) "
    "VALUES (:subject_id, :data_key, :created_at) ON CONFLICT (subject_id) DO NOTHING "
    "RETURNING data_key) "
    "SELECT data_key, true AS created FROM created "
    "UNION ALL SELECT data_key, false FROM data_keys WHERE subject_id = :subject_id"
).bindparams(bindparam("data_key", type_=LargeBinary))


class KeyStore:
    """One 256-bit key per data subject, in a database of its own.

    With ``cache_seconds`` > 0, keys that were found are kept in this process for that long
    (at most ``cache_size`` of them; docs/adr/0009): a person's key is read once per form-filling
    session instead of on every read and append. ``forget`` drops the key here at once; another
    process still holding it stops using it within ``cache_seconds``. A subject without a key
    is never cached, so a key created elsewhere is seen at the next operation.
    """

    def __init__(
        self,
        database: Database,
        *,
        cache_seconds: float = 0.0,
        cache_size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.database = database
        self.cache_seconds = cache_seconds
        self.cache_size = cache_size
        self._clock = clock
        self._cache: dict[str, tuple[bytes, float]] = {}
        # When each subject was last forgotten here: a read that began before must not keep
        # the key it found (it may finish after the delete).
        self._forgotten_at: dict[str, float] = {}

    def create_schema(self) -> None:
        with self.database.schema_lock():
            _key_metadata.create_all(self.database.engine)

    def key_for(self, subject_id: str) -> bytes:
        """The subject's key, created on first use."""
        if not self.database.is_sqlite:
            return self._key_for_postgres(subject_id)
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
        self._keep(subject_id, key)
        return key

    def _key_for_postgres(self, subject_id: str) -> bytes:
        """Cached, or one autocommit statement that creates the key unless there is one and
        returns whichever holds (before: a read, then an insert and its commit)."""
        now = self._clock()
        cached = self._cache.get(subject_id)
        if cached is not None and cached[1] > now:
            return cached[0]
        key = AESGCM.generate_key(bit_length=256)
        rows = self.database.run_alone(
            _CREATE_OR_READ_KEY,
            {"subject_id": subject_id, "data_key": key, "created_at": utc_now_rfc3339()},
        )
        if not rows:
            # Created by another writer after this statement's snapshot was taken: read it.
            return self.get_many([subject_id])[subject_id]
        found, created = bytes(rows[0].data_key), rows[0].created
        self._keep(subject_id, found, read_at=None if created else now)
        return found

    def get_many(self, subject_ids: Iterable[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        wanted: list[str] = []
        now = self._clock()
        for subject_id in set(subject_ids):
            cached = self._cache.get(subject_id)
            if cached is not None and cached[1] > now:
                found[subject_id] = cached[0]
            else:
                wanted.append(subject_id)
        if not wanted:
            return found
        wanted.sort()
        started = now
        with self.database.read() as connection:
            rows = connection.execute(
                select(data_keys.c.subject_id, data_keys.c.data_key).where(
                    data_keys.c.subject_id.in_(wanted)
                )
            )
            for row in rows:
                key = bytes(row.data_key)
                found[row.subject_id] = key
                self._keep(row.subject_id, key, read_at=started)
        return found

    def forget(self, subject_id: str) -> bool:
        """Delete the subject's key. True when there was one."""
        self.drop_cached(subject_id)
        with self.database.write() as connection:
            result = connection.execute(
                delete(data_keys).where(data_keys.c.subject_id == subject_id)
            )
        now = self._clock()
        self._forgotten_at = {
            s: t for s, t in self._forgotten_at.items() if t > now - FORGOTTEN_KEPT_SECONDS
        }
        self._forgotten_at[subject_id] = now
        self.drop_cached(subject_id)  # a read that ran meanwhile may have kept it again
        return result.rowcount > 0

    def drop_cached(self, subject_id: str) -> None:
        self._cache.pop(subject_id, None)

    def _keep(self, subject_id: str, key: bytes, read_at: float | None = None) -> None:
        if self.cache_seconds <= 0:
            return
        forgotten = self._forgotten_at.get(subject_id)
        if forgotten is not None and (read_at is None or read_at <= forgotten):
            return
        if subject_id not in self._cache and len(self._cache) >= self.cache_size:
            # The entry kept longest goes first (dicts keep insertion order).
            del self._cache[next(iter(self._cache))]
        self._cache[subject_id] = (key, self._clock() + self.cache_seconds)


@dataclass
class Keyring:
    """Keys gathered for one operation (one append, one read), each asked of the store once.
    Whether they outlive the operation is the store's business (its cache)."""

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
        ring = keyring or self.keyring()
        key = ring.existing(subject_id)
        if key is None:
            return None, True
        raw = base64.b64decode(data)
        try:
            plaintext = AESGCM(key).decrypt(raw[:12], raw[12:], subject_id.encode())
        except InvalidTag:
            # A cached key may be one that was forgotten and created anew elsewhere: ask the
            # store itself once; a value that still does not open is damaged, not erased.
            self.key_store.drop_cached(subject_id)
            ring.keys.pop(subject_id, None)
            fresh = ring.existing(subject_id)
            if fresh is None:
                return None, True
            if fresh == key:
                raise
            plaintext = AESGCM(fresh).decrypt(raw[:12], raw[12:], subject_id.encode())
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
