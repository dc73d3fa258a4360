"""The envelope every event travels in on the bus (ARCHITECTURE.md, "Envelope")."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson

from kernel.errors import MalformedEnvelope

ENVELOPE_FIELDS = (
    "event_id",
    "event_type",
    "schema_version",
    "occurred_at",
    "producer",
    "stream_id",
    "stream_version",
    "correlation_id",
    "causation_id",
    "payload",
)


def utc_now_rfc3339() -> str:
    """UTC time as RFC 3339 with microseconds and a literal Z."""
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass(frozen=True)
class Envelope:
    event_id: str
    event_type: str
    schema_version: int
    occurred_at: str
    producer: str
    stream_id: str
    stream_version: int
    correlation_id: str
    causation_id: str | None
    payload: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> bytes:
        return orjson.dumps(self)  # orjson writes dataclasses natively, without a copy

    @classmethod
    def from_json(cls, body: bytes | str | dict) -> Envelope:
        """Parse and check the shape; MalformedEnvelope names what is wrong, never values."""
        if isinstance(body, dict):
            data = body
        else:
            try:
                data = orjson.loads(body)
            except orjson.JSONDecodeError as error:
                raise MalformedEnvelope(f"body is not JSON ({error.msg})") from None
        if not isinstance(data, dict):
            raise MalformedEnvelope("body is not a JSON object")
        missing = [name for name in ENVELOPE_FIELDS if name not in data]
        unknown = sorted(set(data) - set(ENVELOPE_FIELDS))
        if missing or unknown:
            raise MalformedEnvelope(f"envelope fields missing: {missing}, unknown: {unknown}")
        problems = [
            name
            for name, kind in (
                ("event_id", str),
                ("event_type", str),
                ("occurred_at", str),
                ("producer", str),
                ("stream_id", str),
                ("correlation_id", str),
                ("payload", dict),
            )
            if not isinstance(data[name], kind)
        ]
        for name in ("schema_version", "stream_version"):
            if not isinstance(data[name], int) or isinstance(data[name], bool) or data[name] < 1:
                problems.append(name)
        if data["causation_id"] is not None and not isinstance(data["causation_id"], str):
            problems.append("causation_id")
        if problems:
            raise MalformedEnvelope(f"envelope fields of the wrong type: {problems}")
        return cls(**data)
