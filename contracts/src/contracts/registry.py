"""Which schema holds the payload of (event type, schema version).

Versions live side by side: an event schema changes only by registering a new version class
(``AntragAngelegtV2`` with ``schema_version = 2``) next to the old one, which stays readable
for events already stored. Consumers ask for the version written in the envelope.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from contracts.base import EventPayloadSchema, check_conventions
from contracts.events import PUBLISHED_SCHEMAS


class UnknownEventType(LookupError):
    """No schema is registered for the event type, or not in the asked version."""

    def __init__(self, event_type: str, schema_version: int | None, known: str) -> None:
        self.event_type = event_type
        self.schema_version = schema_version
        wanted = event_type if schema_version is None else f"{event_type} v{schema_version}"
        super().__init__(f"No event schema registered for {wanted}; {known}")


class DuplicateSchema(ValueError):
    """Another class is already registered for the same (event type, schema version)."""


class SchemaRegistry:
    def __init__(self, schemas: Iterable[type[EventPayloadSchema]] = ()) -> None:
        self._classes: dict[tuple[str, int], type[EventPayloadSchema]] = {}
        self._instances: dict[tuple[str, int], EventPayloadSchema] = {}
        for schema_cls in schemas:
            self.register(schema_cls)

    def register(self, schema_cls: type[EventPayloadSchema]) -> type[EventPayloadSchema]:
        """Add one version of one event type; returns the class so it can serve as decorator."""
        check_conventions(schema_cls)
        key = (schema_cls.event_type, schema_cls.schema_version)
        registered = self._classes.get(key)
        if registered is schema_cls:
            return schema_cls
        if registered is not None:
            raise DuplicateSchema(
                f"{key[0]} v{key[1]} is already registered as {registered.__qualname__}; "
                "a changed schema needs a new schema_version"
            )
        for other in self._classes.values():
            if other.event_type == schema_cls.event_type and other.producer != schema_cls.producer:
                raise DuplicateSchema(
                    f"{schema_cls.event_type} is published by {other.producer!r}, "
                    f"not {schema_cls.producer!r}: an event type has one producer"
                )
        self._classes[key] = schema_cls
        return schema_cls

    def get(self, event_type: str, schema_version: int) -> EventPayloadSchema:
        """The schema instance for one version of one event type."""
        key = (event_type, schema_version)
        if key not in self._classes:
            versions = self._versions(event_type)
            if versions:
                known = f"known versions: {', '.join(map(str, versions))}"
            else:
                known = f"known event types: {', '.join(self.event_types())}"
            raise UnknownEventType(event_type, schema_version, known)
        if key not in self._instances:
            self._instances[key] = self._classes[key]()
        return self._instances[key]

    def latest_version(self, event_type: str) -> int:
        versions = self._versions(event_type)
        if not versions:
            raise UnknownEventType(
                event_type, None, f"known event types: {', '.join(self.event_types())}"
            )
        return versions[-1]

    def all(self) -> Iterator[type[EventPayloadSchema]]:
        """Every registered schema class, ordered by event type, then version."""
        for key in sorted(self._classes):
            yield self._classes[key]

    def published_by(self, producer: str) -> list[type[EventPayloadSchema]]:
        """The schema classes (all versions) of the events ``producer`` publishes."""
        return [schema_cls for schema_cls in self.all() if schema_cls.producer == producer]

    def event_types(self) -> list[str]:
        return sorted({event_type for event_type, _ in self._classes})

    def producers(self) -> list[str]:
        return sorted({schema_cls.producer for schema_cls in self._classes.values()})

    def _versions(self, event_type: str) -> list[int]:
        return sorted(version for known_type, version in self._classes if known_type == event_type)


REGISTRY = SchemaRegistry(PUBLISHED_SCHEMAS)
