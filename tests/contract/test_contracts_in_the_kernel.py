"""Every published event, as its contract's example, goes through the kernel's store: validated,
personal fields sealed at rest, read back unchanged, erased after forget, and published as an
envelope that the contract's Envelope JSON Schema accepts."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from contracts.registry import REGISTRY
from kernel.application import Application
from kernel.crypto import KeyStore
from kernel.database import Database
from kernel.eventstore import NewEvent
from kernel.tables import events

GENERATED = Path(__file__).parents[2] / "contracts" / "generated" / "jsonschema"
SCHEMAS = sorted(REGISTRY.all(), key=lambda cls: (cls.event_type, cls.schema_version))


@pytest.fixture
def application(tmp_path):
    key_store = KeyStore(Database(f"sqlite:///{tmp_path / 'keys.db'}"))
    app = Application(
        name="contracttest",
        database=Database(f"sqlite:///{tmp_path / 'events.db'}"),
        key_store=key_store,
        registry=REGISTRY,
    )
    app.create_schema()
    yield app
    app.close()


def personal_values(schema_cls) -> list[str]:
    example = schema_cls.example
    names = schema_cls.personal_fields()
    return [json.dumps(example[name], ensure_ascii=False) for name in names if name in example]


@pytest.mark.parametrize(
    "schema_cls", SCHEMAS, ids=lambda cls: f"{cls.event_type}.v{cls.schema_version}"
)
def test_example_round_trips_through_the_store(application, schema_cls):
    example = schema_cls.example
    with application.unit_of_work() as uow:
        [recorded] = uow.append(
            "contract-1", 0, [NewEvent(schema_cls.event_type, example, schema_cls.schema_version)]
        )
        uow.commit()
    [read] = application.store.read_stream("contract-1")
    assert read.payload == recorded.payload
    assert read.payload == REGISTRY.get(schema_cls.event_type, schema_cls.schema_version).dump(
        REGISTRY.get(schema_cls.event_type, schema_cls.schema_version).load(example)
    )
    envelope = json.loads(read.envelope().to_json())
    jsonschema.validate(envelope, json.loads((GENERATED / "Envelope.json").read_text()))
    payload_schema = GENERATED / f"{schema_cls.event_type}.v{schema_cls.schema_version}.json"
    jsonschema.validate(envelope["payload"], json.loads(payload_schema.read_text()))

    with application.database.read() as connection:
        stored = connection.execute(select(events.c.payload)).scalar_one()
    for name in schema_cls.personal_fields():
        value = example.get(name)
        if isinstance(value, str) and len(value) > 3:
            assert value not in stored, f"{name} stored in clear"


@pytest.mark.parametrize(
    "schema_cls",
    [cls for cls in SCHEMAS if cls.personal_fields()],
    ids=lambda cls: cls.event_type,
)
def test_forget_erases_the_personal_fields_of_every_personal_event(application, schema_cls):
    example = schema_cls.example
    subject = example[schema_cls.subject_field()]
    with application.unit_of_work() as uow:
        uow.append(
            "contract-1", 0, [NewEvent(schema_cls.event_type, example, schema_cls.schema_version)]
        )
        uow.commit()
    application.forget(subject)
    [read] = application.store.read_stream("contract-1")
    for name in schema_cls.personal_fields():
        if name in example:
            assert read.payload[name] is None
    assert set(read.erased_fields) == {n for n in schema_cls.personal_fields() if n in example}
