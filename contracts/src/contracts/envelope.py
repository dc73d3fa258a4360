"""The envelope around every event on the bus (the body of the AMQP message).

The kernel writes it; the payload inside follows the schema named by (event_type,
schema_version). Fields marked personal in that schema may travel encrypted by the kernel.
"""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, validate

from contracts.base import EVENT_TYPE_PATTERN, PRODUCER_PATTERN
from contracts.fields import JsonObject
from contracts.text import Text


class Envelope(Schema):
    """Metadata of one event plus its payload."""

    class Meta:
        unknown = RAISE

    event_id = fields.UUID(
        required=True, metadata={"description": "Unique id of the event; consumers dedupe on it"}
    )
    event_type = Text(
        einzeilig=True,
        required=True,
        validate=validate.Regexp(EVENT_TYPE_PATTERN),
        metadata={"description": "Name of the event; also the AMQP routing key"},
    )
    schema_version = fields.Integer(
        required=True,
        validate=validate.Range(min=1),
        metadata={"description": "Version of the payload schema of event_type"},
    )
    occurred_at = fields.AwareDateTime(
        required=True, metadata={"description": "When the event was recorded, UTC, RFC 3339"}
    )
    producer = Text(
        einzeilig=True,
        required=True,
        validate=validate.Regexp(PRODUCER_PATTERN),
        metadata={"description": "Service that published it; exchange <producer>.events"},
    )
    stream_id = Text(
        einzeilig=True,
        required=True,
        validate=validate.Length(min=1, max=255),
        metadata={"description": "Stream (aggregate) the event belongs to"},
    )
    stream_version = fields.Integer(
        required=True,
        validate=validate.Range(min=1),
        metadata={"description": "Position of the event in its stream, from 1"},
    )
    correlation_id = fields.UUID(
        required=True,
        metadata={"description": "One per citizen action, carried through every hop and log"},
    )
    causation_id = fields.UUID(
        required=True,
        allow_none=True,
        metadata={
            "description": "Id of the command or event that caused this one; "
            "null only when nothing did (e.g. a scheduled sweep)"
        },
    )
    payload = JsonObject(
        required=True, metadata={"description": "Event payload, see the schema of event_type"}
    )

    example: dict[str, Any] = {
        "event_id": "e0a1b2c3-d4e5-4f60-8a7b-9c0d1e2f3a4b",
        "event_type": "FinderAusgewertet",
        "schema_version": 1,
        "occurred_at": "2026-01-15T09:30:00+00:00",
        "producer": "finder",
        "stream_id": "finder-auswertung-2b3c4d5e-6f70-4a8b-9c0d-1e2f3a4b5c6d",
        "stream_version": 1,
        "correlation_id": "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
        "causation_id": "f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b",
        "payload": {
            "sprache": "de",
            "leistungen_moeglich": ["wohngeld"],
            "regelstand": "2026-01-01",
        },
    }
