"""JSON Schema (draft 2020-12) of the payload schemas, converted by apispec's marshmallow plugin.

apispec targets OpenAPI 3.1, whose Schema Object is JSON Schema 2020-12. Nested schemas are
inlined (the name resolver returns None), so every document stands alone. The kernel's markers
become the extension keywords ``x-personal`` and ``x-subject``; a text field (contracts.text)
carries its rule as ``pattern`` and ``x-text``.
"""

from __future__ import annotations

import inspect
from typing import Any

import marshmallow
from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter

from contracts.base import EventPayloadSchema
from contracts.envelope import Envelope
from contracts.text import text_properties

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def event_schema_id(schema_cls: type[EventPayloadSchema]) -> str:
    return (
        f"urn:sozialplattform:contracts:event:{schema_cls.event_type}:v{schema_cls.schema_version}"
    )


ENVELOPE_SCHEMA_ID = "urn:sozialplattform:contracts:envelope"


def event_json_schema(schema_cls: type[EventPayloadSchema]) -> dict[str, Any]:
    """The standalone JSON Schema document of one event payload version."""
    document = _converter().schema2jsonschema(schema_cls())
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": event_schema_id(schema_cls),
        "title": f"{schema_cls.event_type} v{schema_cls.schema_version}",
        "description": _description(schema_cls),
        "x-event-type": schema_cls.event_type,
        "x-schema-version": schema_cls.schema_version,
        "x-producer": schema_cls.producer,
        "examples": [schema_cls.example],
        **document,
        **schema_cls.json_schema_rules,
    }


def envelope_json_schema() -> dict[str, Any]:
    """The JSON Schema document of the envelope every event travels in."""
    document = _converter().schema2jsonschema(Envelope())
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": ENVELOPE_SCHEMA_ID,
        "title": "Envelope",
        "description": _description(Envelope),
        "examples": [Envelope.example],
        **document,
    }


def _description(schema_cls: type[marshmallow.Schema]) -> str:
    return inspect.cleandoc(schema_cls.__doc__ or "")


def _converter() -> OpenAPIConverter:
    plugin = MarshmallowPlugin(schema_name_resolver=lambda schema: None)
    APISpec(title="contracts", version="1", openapi_version="3.1.0", plugins=[plugin])
    converter = plugin.converter
    assert converter is not None
    converter.add_attribute_function(_marker_properties)
    converter.add_attribute_function(text_properties)
    return converter


def _marker_properties(
    converter: OpenAPIConverter, field: marshmallow.fields.Field, **kwargs: Any
) -> dict[str, Any]:
    markers: dict[str, Any] = {}
    if field.metadata.get("personal"):
        markers["x-personal"] = True
    if field.metadata.get("subject"):
        markers["x-subject"] = True
    return markers
