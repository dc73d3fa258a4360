"""Every string of every event payload and the envelope is text by contracts.text: the schemas
use ``Text`` for each string field, and a payload holding a character XML cannot carry is
refused before it is stored or published, where it would otherwise fail a delivery for good."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest
from marshmallow import Schema, fields

from contracts.envelope import Envelope
from contracts.events import PUBLISHED_SCHEMAS
from contracts.json_schema import event_json_schema
from contracts.text import Text, TextValidator
from contracts.validation import InvalidPayload, validate_payload


def string_fields(schema: type[Schema], path: str = "") -> Iterator[tuple[str, fields.Field]]:
    for name, field in schema._declared_fields.items():
        yield from _strings(field, f"{path}{name}")


def _strings(field: fields.Field, path: str) -> Iterator[tuple[str, fields.Field]]:
    if isinstance(field, fields.List):
        yield from _strings(field.inner, f"{path}[]")
    elif isinstance(field, fields.Nested) and isinstance(field.nested, type):
        yield from string_fields(field.nested, f"{path}.")
    elif isinstance(field, fields.String):
        yield path, field


@pytest.mark.parametrize("schema_cls", [*PUBLISHED_SCHEMAS, Envelope], ids=lambda s: s.__name__)
def test_every_string_field_of_every_contract_is_text(schema_cls: type[Schema]) -> None:
    plain = [path for path, field in string_fields(schema_cls) if not _is_text(field)]
    assert plain == [], "use contracts.text.Text (einzeilig=True for one line)"


def _is_text(field: fields.Field) -> bool:
    return isinstance(field, Text) or any(isinstance(v, TextValidator) for v in field.validators)


def _examples_with_text() -> Iterator[Any]:
    for schema_cls in PUBLISHED_SCHEMAS:
        for path, field in string_fields(schema_cls):
            if "[]" in path:
                continue
            teile = path.split(".")
            wert: Any = schema_cls.example
            for teil in teile:
                wert = wert.get(teil) if isinstance(wert, dict) else None
            if isinstance(wert, str):
                yield pytest.param(schema_cls, teile, field, id=f"{schema_cls.__name__}.{path}")


@pytest.mark.parametrize(("schema_cls", "teile", "field"), list(_examples_with_text()))
@pytest.mark.parametrize("zeichen", ["\x00", "\x0b", "\x1f", "\ufffe", "\ud800"])
def test_a_payload_with_a_character_xml_cannot_carry_is_refused(
    schema_cls: Any, teile: list[str], field: Text, zeichen: str
) -> None:
    payload = copy.deepcopy(schema_cls.example)
    ziel = payload
    for teil in teile[:-1]:
        ziel = ziel[teil]
    ziel[teile[-1]] = ziel[teile[-1]][:1] + zeichen + ziel[teile[-1]][1:]
    with pytest.raises(InvalidPayload) as refused:
        validate_payload(schema_cls.event_type, schema_cls.schema_version, payload)
    assert ".".join(teile) in str(refused.value)
    assert zeichen not in str(refused.value)


def test_single_line_fields_refuse_line_breaks_and_bidi_controls_multi_line_keep_them() -> None:
    from contracts.events.antrag import AntragAngelegt, AntragZurueckgezogen

    angelegt = copy.deepcopy(AntragAngelegt.example)
    angelegt["wohnort"]["ort"] = "Biberach\u202e an der Riß"
    with pytest.raises(InvalidPayload, match=r"wohnort\.ort"):
        validate_payload("AntragAngelegt", 1, angelegt)
    angelegt["wohnort"] = {"plz": "88400\n", "ort": "Biberach an der Riß"}
    with pytest.raises(InvalidPayload, match=r"wohnort\.plz"):
        validate_payload("AntragAngelegt", 1, angelegt)

    zurueckgezogen = {**AntragZurueckgezogen.example, "begruendung": "Umzug.\r\nNeue Stelle."}
    geprueft = validate_payload("AntragZurueckgezogen", 1, zurueckgezogen)
    assert geprueft["begruendung"] == "Umzug.\nNeue Stelle."


def test_the_whole_application_in_antrag_eingereicht_holds_text_only() -> None:
    from contracts.events.antrag import AntragEingereicht

    payload = copy.deepcopy(AntragEingereicht.example)
    payload["antrag"]["abschnitte"]["antragsteller"]["nachname"] = "Muster\x00mann"
    with pytest.raises(InvalidPayload, match="antrag") as refused:
        validate_payload("AntragEingereicht", 1, payload)
    assert "U+0000" in str(refused.value) and "Muster" not in str(refused.value)
    payload["antrag"]["abschnitte"]["antragsteller"] = {"nach\x07name": "Mustermann"}
    with pytest.raises(InvalidPayload, match="U\\+0007"):
        validate_payload("AntragEingereicht", 1, payload)


def test_the_generated_json_schema_carries_the_text_rule() -> None:
    from contracts.events.antrag import AntragAngelegt, AntragZurueckgezogen

    wohnort = event_json_schema(AntragAngelegt)["properties"]["wohnort"]["properties"]
    assert wohnort["ort"]["x-text"] == "einzeilig" and "\\u202E" in wohnort["ort"]["pattern"]
    assert wohnort["plz"]["pattern"] == "^[0-9]{5}$"  # its own pattern is the stricter one
    begruendung = event_json_schema(AntragZurueckgezogen)["properties"]["begruendung"]
    assert begruendung["x-text"] == "mehrzeilig" and "\\u000A" not in begruendung["pattern"]
