"""Validate a payload against its contract, without ever echoing what was submitted.

Payloads hold Sozialdaten. Error messages end up in logs, dead-letter queues and RPC replies, so
an ``InvalidPayload`` carries field paths and the validators' generic messages only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from marshmallow import ValidationError

from contracts.registry import REGISTRY, SchemaRegistry

# A submitted key is reported only when it looks like a field name; anything else could be data.
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
REDACTED_KEY = "<redacted key>"


class InvalidPayload(ValueError):
    """The payload breaks its contract; ``errors`` maps field paths to generic messages."""

    def __init__(
        self, event_type: str, errors: Mapping[Any, Any], schema_version: int | None = None
    ) -> None:
        self.event_type = event_type
        self.schema_version = schema_version
        self.errors = _safe_errors(errors)
        wanted = event_type if schema_version is None else f"{event_type} v{schema_version}"
        details = "; ".join(f"{path}: {message}" for path, message in _flatten(self.errors))
        super().__init__(f"Invalid {wanted} payload: {details}")

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.event_type, self.errors, self.schema_version))


def validate_payload(
    event_type: str,
    schema_version: int,
    payload: dict[str, Any],
    *,
    registry: SchemaRegistry = REGISTRY,
) -> dict[str, Any]:
    """Load ``payload`` with its schema and return it dumped again: checked and JSON-safe.

    Raises ``UnknownEventType`` for an unregistered (event type, version) and
    ``InvalidPayload`` when the payload breaks the schema.
    """
    schema = registry.get(event_type, schema_version)
    try:
        loaded = schema.load(payload)
    except ValidationError as error:
        messages = error.messages
    else:
        return schema.dump(loaded)
    # Raised outside the except block on purpose: the ValidationError holds the submitted data
    # and must not ride along as __context__ into a traceback or an error tracker.
    raise InvalidPayload(event_type, _as_mapping(messages), schema_version)


def _as_mapping(messages: Any) -> Mapping[Any, Any]:
    return messages if isinstance(messages, Mapping) else {"_schema": messages}


def _safe_errors(errors: Any) -> Any:
    if isinstance(errors, Mapping):
        safe: dict[Any, Any] = {}
        for key, value in errors.items():
            safe_key = key if _is_reportable_key(key) else REDACTED_KEY
            safe[safe_key] = _merge(safe.get(safe_key), _safe_errors(value))
        return safe
    if isinstance(errors, list | tuple):
        return [_safe_errors(item) for item in errors]
    return str(errors)


def _is_reportable_key(key: Any) -> bool:
    if isinstance(key, int) and not isinstance(key, bool):
        return True
    return isinstance(key, str) and bool(_FIELD_NAME.match(key))


def _merge(existing: Any, new: Any) -> Any:
    if existing is None:
        return new
    as_list = existing if isinstance(existing, list) else [existing]
    return [*as_list, *(new if isinstance(new, list) else [new])]


def _flatten(errors: Any, path: str = "") -> list[tuple[str, str]]:
    if isinstance(errors, Mapping):
        flat: list[tuple[str, str]] = []
        for key, value in errors.items():
            flat.extend(_flatten(value, f"{path}.{key}" if path else str(key)))
        return flat
    if isinstance(errors, list):
        return [pair for item in errors for pair in _flatten(item, path)]
    return [(path or "_schema", str(errors))]
