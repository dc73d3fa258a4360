"""The checked-in JSON Schemas and AsyncAPI document match the schemas and are valid."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator, Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from contracts.asyncapi import asyncapi_document, example_envelope
from contracts.events import PUBLISHED_SCHEMAS
from contracts.events.zustaendigkeit import ZustaendigkeitErmittelt
from contracts.generate import GENERATED_DIR, REGENERATE_HINT, drift, render_all, write_all
from contracts.registry import REGISTRY

# The official AsyncAPI 3.0.0 JSON Schema from the npm package @asyncapi/specs 6.11.1
# (schemas/3.0.0-without-$id.json, Apache-2.0, Copyright AsyncAPI Initiative), kept unchanged.
ASYNCAPI_3_SCHEMA = Path(__file__).parent / "data" / "asyncapi-3.0.0.schema.json"

published = pytest.mark.parametrize(
    "schema_cls", PUBLISHED_SCHEMAS, ids=lambda cls: f"{cls.event_type}.v{cls.schema_version}"
)


def _checked_in_schema(name: str) -> dict[str, Any]:
    return json.loads((GENERATED_DIR / "jsonschema" / name).read_text(encoding="utf-8"))


def _validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_checked_in_files_match_the_schemas() -> None:
    problems = drift()
    assert not problems, (
        "Generated contract files differ from the schemas in contracts/src:\n  "
        + "\n  ".join(problems)
        + f"\n{REGENERATE_HINT}"
    )


def test_generation_is_deterministic_and_ends_with_a_newline() -> None:
    first, second = render_all(), render_all()
    assert first == second
    assert all(
        content.endswith("\n") and not content.endswith("\n\n") for content in first.values()
    )


def test_writing_then_checking_finds_no_drift_and_removes_stale_files(tmp_path: Path) -> None:
    stale = tmp_path / "jsonschema" / "AntragVerloren.v1.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}\n", encoding="utf-8")
    assert drift(tmp_path)[-1] == "not generated (stale): jsonschema/AntragVerloren.v1.json"
    write_all(tmp_path)
    assert drift(tmp_path) == []
    assert not stale.exists()
    assert write_all(tmp_path) == []


@published
def test_json_schema_validates_its_example(schema_cls: Any) -> None:
    schema = _checked_in_schema(f"{schema_cls.event_type}.v{schema_cls.schema_version}.json")
    validator = _validator(schema)
    assert schema["examples"] == [schema_cls.example]
    validator.validate(schema_cls.example)
    assert not validator.is_valid({**schema_cls.example, "unerwartet": 1})
    required = schema.get("required", [])
    if required:
        incomplete = {k: v for k, v in schema_cls.example.items() if k != required[0]}
        assert not validator.is_valid(incomplete)


@published
def test_json_schema_marks_personal_and_subject_fields(schema_cls: Any) -> None:
    schema = _checked_in_schema(f"{schema_cls.event_type}.v{schema_cls.schema_version}.json")
    properties = schema["properties"]
    personal = {name for name, prop in properties.items() if prop.get("x-personal")}
    subjects = [name for name, prop in properties.items() if prop.get("x-subject")]
    assert personal == set(schema_cls.personal_fields())
    assert subjects == ([schema_cls.subject_field()] if schema_cls.subject_field() else [])
    assert (schema["x-event-type"], schema["x-schema-version"], schema["x-producer"]) == (
        schema_cls.event_type,
        schema_cls.schema_version,
        schema_cls.producer,
    )


def test_json_schema_is_as_strict_as_marshmallow_about_eindeutig() -> None:
    validator = _validator(_checked_in_schema("ZustaendigkeitErmittelt.v1.json"))
    example = ZustaendigkeitErmittelt.example
    assert not validator.is_valid({k: v for k, v in example.items() if k != "jobcenter"})
    mehrdeutig = {**example, "eindeutig": False}
    assert not validator.is_valid(mehrdeutig)
    del mehrdeutig["ags"], mehrdeutig["jobcenter"]
    assert validator.is_valid(mehrdeutig)


def test_envelope_schema_validates_every_example_message() -> None:
    validator = _validator(_checked_in_schema("Envelope.json"))
    for schema_cls in REGISTRY.all():
        validator.validate(example_envelope(schema_cls))
    broken = example_envelope(ZustaendigkeitErmittelt)
    broken["occurred_at"] = 1234
    del broken["correlation_id"]
    assert len(list(validator.iter_errors(broken))) == 2


def _asyncapi() -> dict[str, Any]:
    return yaml.safe_load((GENERATED_DIR / "asyncapi.yaml").read_text(encoding="utf-8"))


def test_asyncapi_document_is_valid_asyncapi_3() -> None:
    official = json.loads(ASYNCAPI_3_SCHEMA.read_text(encoding="utf-8"))
    errors = [error.message for error in Draft7Validator(official).iter_errors(_asyncapi())]
    assert errors == []


def test_asyncapi_has_one_exchange_per_producer_with_event_types_as_routing_keys() -> None:
    document = _asyncapi()
    assert document == asyncapi_document()
    assert set(document["channels"]) == {f"{p}.events" for p in REGISTRY.producers()}
    for schema_cls in REGISTRY.all():
        channel = document["channels"][f"{schema_cls.producer}.events"]
        assert channel["bindings"]["amqp"]["exchange"]["type"] == "topic"
        message_id = f"{schema_cls.event_type}.v{schema_cls.schema_version}"
        assert message_id in channel["messages"]
        operation = document["operations"][f"publish{schema_cls.event_type}"]
        assert operation["bindings"]["amqp"]["cc"] == [schema_cls.event_type]


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _references(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _references(item)]
    return []


def test_asyncapi_references_resolve_and_examples_match_their_message() -> None:
    document = _asyncapi()
    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource("urn:asyncapi", resource)
    resolver = registry.resolver("urn:asyncapi")
    for reference in _references(document):
        resolver.lookup(reference)
    for message_id, message in document["components"]["messages"].items():
        validator = Draft202012Validator(
            {"$ref": f"urn:asyncapi#/components/messages/{message_id}/payload"},
            registry=registry,
        )
        example = message["examples"][0]["payload"]
        validator.validate(example)
        wrong_version = copy.deepcopy(example)
        wrong_version["schema_version"] += 1
        assert not validator.is_valid(wrong_version)
