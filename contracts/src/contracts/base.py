"""The base classes every event payload schema builds on, and the conventions they must keep.

The shared kernel reads two markers from field metadata, so they are part of the contract:

- ``personal=True``: the field holds personal data (Sozialdaten). The kernel encrypts its value
  with the data key of the payload's data subject, so that deleting that key erases the person
  from every stream, projection and backup (crypto-shredding).
- ``subject=True``: the field holds the pseudonymous id of the data subject. It is not personal
  itself (the kernel needs it in clear to find the key), and at most one field carries it.

Markers are only read on a payload's top-level fields: a Nested or List field is personal as a
whole. That keeps the kernel's encryption a flat walk over the payload's keys.
"""

from __future__ import annotations

import functools
import re
from typing import Any, ClassVar

from marshmallow import RAISE, Schema, fields

EVENT_TYPE_PATTERN = re.compile(r"^[A-Z][A-Za-z0-9]*$")
PRODUCER_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")


class SchemaConventionError(TypeError):
    """An event payload schema breaks one of the conventions the kernel relies on."""


class PayloadPartSchema(Schema):
    """A part of a payload used through ``fields.Nested``; it is never an event of its own."""

    class Meta:
        unknown = RAISE


class EventPayloadSchema(Schema):
    """The payload of one version of one event type.

    Subclasses set ``event_type``, ``schema_version``, ``producer`` (the nameko service name,
    which also names the exchange ``<producer>.events``) and ``example`` (a valid payload in
    its JSON form, used by the tests and the generated documents).

    ``json_schema_rules`` holds JSON Schema keywords (e.g. if/then/else) for cross-field rules
    that a ``validates_schema`` method enforces, so the generated JSON Schema is as strict.
    """

    event_type: ClassVar[str]
    schema_version: ClassVar[int]
    producer: ClassVar[str]
    example: ClassVar[dict[str, Any]]
    json_schema_rules: ClassVar[dict[str, Any]] = {}

    class Meta:
        unknown = RAISE

    @classmethod
    def personal_fields(cls) -> tuple[str, ...]:
        """Names of the top-level fields the kernel must encrypt, in declaration order."""
        return _personal_fields(cls)

    @classmethod
    def subject_field(cls) -> str | None:
        """Name of the field holding the data subject's pseudonymous id, if the event has one."""
        return _subject_field(cls)


@functools.cache
def _personal_fields(schema_cls: type[EventPayloadSchema]) -> tuple[str, ...]:
    return tuple(
        name for name, field in _declared_fields(schema_cls) if field.metadata.get("personal")
    )


@functools.cache
def _subject_field(schema_cls: type[EventPayloadSchema]) -> str | None:
    subjects = [
        name for name, field in _declared_fields(schema_cls) if field.metadata.get("subject")
    ]
    return subjects[0] if subjects else None


def _declared_fields(schema_cls: type[Schema]) -> list[tuple[str, fields.Field]]:
    return list(schema_cls._declared_fields.items())


def convention_violations(schema_cls: type) -> list[str]:
    """Every way ``schema_cls`` breaks the conventions; an empty list means it keeps them all."""
    if not (isinstance(schema_cls, type) and issubclass(schema_cls, EventPayloadSchema)):
        return [f"{schema_cls!r} is not a subclass of contracts.base.EventPayloadSchema"]
    name = schema_cls.__name__
    problems: list[str] = []

    event_type = getattr(schema_cls, "event_type", None)
    if not (isinstance(event_type, str) and EVENT_TYPE_PATTERN.match(event_type)):
        problems.append(f"{name}.event_type must be a CamelCase name, e.g. 'AntragAngelegt'")
    version = getattr(schema_cls, "schema_version", None)
    if not (isinstance(version, int) and not isinstance(version, bool) and version >= 1):
        problems.append(f"{name}.schema_version must be an integer >= 1")
    producer = getattr(schema_cls, "producer", None)
    if not (isinstance(producer, str) and PRODUCER_PATTERN.match(producer)):
        problems.append(f"{name}.producer must be a service name such as 'antrag' or 'xta_gateway'")
    if not isinstance(getattr(schema_cls, "example", None), dict):
        problems.append(f"{name}.example must be a dict holding a valid payload")
    if schema_cls.opts.unknown != RAISE:
        problems.append(f"{name} must reject unknown fields (Meta.unknown = RAISE)")

    declared = _declared_fields(schema_cls)
    for field_name, field in declared:
        if field.data_key not in (None, field_name) or field.attribute not in (None, field_name):
            problems.append(f"{name}.{field_name}: data_key/attribute must not rename the field")
        for part_field in _marked_fields_inside(field):
            problems.append(
                f"{name}.{field_name}: nested field {part_field!r} is marked personal/subject; "
                "mark the whole Nested/List field instead"
            )

    subjects = [(n, f) for n, f in declared if f.metadata.get("subject")]
    personal = [n for n, f in declared if f.metadata.get("personal")]
    if len(subjects) > 1:
        problems.append(f"{name} marks more than one subject field: {[n for n, _ in subjects]}")
    for subject_name, subject in subjects:
        if subject.metadata.get("personal"):
            problems.append(f"{name}.{subject_name}: the subject field must not be personal")
        if not subject.required or subject.allow_none:
            problems.append(f"{name}.{subject_name}: the subject field must be required, not null")
    if personal and not subjects:
        problems.append(f"{name} has personal fields {personal} but no subject=True field")
    return problems


def check_conventions(schema_cls: type) -> None:
    """Raise ``SchemaConventionError`` naming every convention ``schema_cls`` breaks."""
    problems = convention_violations(schema_cls)
    if problems:
        raise SchemaConventionError("; ".join(problems))


def _marked_fields_inside(field: fields.Field) -> list[str]:
    """Names of fields marked personal/subject anywhere inside a Nested/List field."""
    if isinstance(field, fields.List):
        return _marked_fields_inside(field.inner)
    if isinstance(field, fields.Nested) and isinstance(field.nested, type):
        marked: list[str] = []
        for part_name, part_field in _declared_fields(field.nested):
            if part_field.metadata.get("personal") or part_field.metadata.get("subject"):
                marked.append(part_name)
            marked.extend(_marked_fields_inside(part_field))
        return marked
    return []
