"""Aggregate base and domain events.

Pure Python: domain code built on this imports no infrastructure.

An aggregate changes only by raising events; ``when`` methods apply them. Loading replays the
same methods, so the state after loading equals the state after the commands that made it.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar


@dataclasses.dataclass(frozen=True)
class DomainEvent:
    """A fact, named in the past tense. Subclasses are frozen dataclasses."""

    event_type: ClassVar[str] = ""
    schema_version: ClassVar[int | None] = None  # None: the latest registered version

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "event_type" not in cls.__dict__:
            cls.event_type = cls.__name__

    def to_payload(self) -> dict[str, Any]:
        """JSON types; a field that is None is left out (contracts: optional means absent)."""
        return {
            f.name: to_json_safe(value)
            for f in dataclasses.fields(self)
            if (value := getattr(self, f.name)) is not None
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any]) -> DomainEvent:
        """Absent fields come back as None, like erased ones."""
        hints = _field_hints(cls)
        return cls(**{name: _from_json(payload.get(name), hint) for name, hint in hints.items()})


class Aggregate:
    """Base of event-sourced aggregates: an id, a version, and the events not yet stored."""

    stream_prefix: ClassVar[str] = ""
    events: ClassVar[tuple[type[DomainEvent], ...]] = ()
    # Take a snapshot every N versions (0: never). Worth it only for long streams.
    snapshot_every: ClassVar[int] = 0

    def __init__(self, aggregate_id: str) -> None:
        self.id = aggregate_id
        self.version = 0
        self._pending: list[DomainEvent] = []

    @classmethod
    def stream_id_for(cls, aggregate_id: str) -> str:
        return f"{cls.stream_prefix or cls.__name__.lower()}-{aggregate_id}"

    @property
    def stream_id(self) -> str:
        return self.stream_id_for(self.id)

    @property
    def data_subject(self) -> str | None:
        """The pseudonymous id of the person this aggregate is about (seals its snapshots)."""
        return None

    def _raise(self, event: DomainEvent) -> None:
        self._apply(event)
        self._pending.append(event)

    def _apply(self, event: DomainEvent) -> None:
        handler = getattr(self, f"when_{event.event_type}", None)
        if handler is None:
            raise TypeError(f"{type(self).__name__} has no when_{event.event_type}")
        handler(event)
        self.version += 1

    def collect_events(self) -> list[DomainEvent]:
        pending, self._pending = self._pending, []
        return pending

    @property
    def has_pending_events(self) -> bool:
        return bool(self._pending)

    @classmethod
    def event_class(cls, event_type: str) -> type[DomainEvent]:
        for event_cls in cls.events:
            if event_cls.event_type == event_type:
                return event_cls
        raise TypeError(f"{cls.__name__} does not know event type {event_type}")

    # snapshots: override both to enable ------------------------------------------------------

    def snapshot_state(self) -> dict[str, Any]:
        raise NotImplementedError(f"{type(self).__name__} takes no snapshots")

    @classmethod
    def from_snapshot(cls, aggregate_id: str, version: int, state: dict[str, Any]) -> Aggregate:
        raise NotImplementedError(f"{cls.__name__} takes no snapshots")


@functools.cache
def _field_hints(event_class: type) -> dict[str, Any]:
    """Field name -> the declared type, as a converter argument; resolving hints is slow, and
    loading an aggregate replays many events."""
    hints = typing.get_type_hints(event_class)
    return {f.name: _scalar_type(hints.get(f.name)) for f in dataclasses.fields(event_class)}


def _scalar_type(hint: Any) -> Any:
    """Optional[X] -> X; the types _from_json converts stay, everything else becomes None."""
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        options = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        hint = options[0] if len(options) == 1 else None
    if hint in (datetime, date, Decimal) or (isinstance(hint, type) and issubclass(hint, Enum)):
        return hint
    if typing.get_origin(hint) is tuple:
        return tuple
    return None


def to_json_safe(value: Any) -> Any:
    """Dates, decimals, enums and dataclasses as JSON types, recursively."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, list | tuple):
        return [to_json_safe(item) for item in value]
    if isinstance(value, dict):
        return {key: to_json_safe(item) for key, item in value.items()}
    return value


def _from_json(value: Any, hint: Any) -> Any:
    """Back to the declared type for the scalar types events use; None stays None (erased)."""
    if value is None or hint is None:
        return value
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if hint is Decimal:
        return Decimal(value)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return hint(value)
    if hint is tuple and isinstance(value, list):
        return tuple(value)
    return value
