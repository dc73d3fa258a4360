"""The OpenAPI document says what the server requires (issue 10, finding 15): a request valid by
the document is not refused for its form, and what the document lets through the request
schemas accept. The document is walked operation by operation; nothing is listed by hand but
the four cases the probe found."""

from __future__ import annotations

from typing import Any

import jsonschema
import pytest
from marshmallow import Schema, ValidationError

from contracts.text import Text
from gateway.web import antraege_schemas, api_schemas, openapi
from gateway.web.api import ENDPUNKTE

DOKUMENT = openapi.dokument()


def gueltig(schema: dict[str, Any], wert: Any) -> bool:
    validator = jsonschema.Draft202012Validator(
        {
            "$ref": "#/components/schemas/x",
            "components": {"schemas": {**DOKUMENT["components"]["schemas"], "x": schema}},
        }
    )
    return validator.is_valid(wert)


def komponente(name: str) -> dict[str, Any]:
    return {"$ref": f"#/components/schemas/{name}"}


def anfrage_schemas() -> list[tuple[str, type[Schema]]]:
    schemas = []
    for endpunkt in ENDPUNKTE:
        for schema in (endpunkt.anfrage, endpunkt.abfrage):
            if isinstance(schema, type) and issubclass(schema, Schema):
                schemas.append((endpunkt.operation_id, schema))
    return schemas


# the four cases ------------------------------------------------------------------------------


def test_the_zustaendigkeit_query_needs_a_postcode_or_a_town_and_says_so() -> None:
    operation = DOKUMENT["paths"]["/api/v1/zustaendigkeit"]["get"]
    [abfrage] = [p for p in operation["parameters"] if p["in"] == "query"]
    assert abfrage["required"] is True and abfrage["style"] == "form" and abfrage["explode"]
    schema = abfrage["schema"]
    assert not gueltig(schema, {})  # neither: the service answers eingabe_fehlt
    assert not gueltig(schema, {"plz": ""})  # empty counts as absent
    assert not gueltig(schema, {"ort": "   "})  # blank, too
    assert not gueltig(schema, {"plz": "1733"})
    assert gueltig(schema, {"plz": "17337"})
    assert gueltig(schema, {"ort": "Uckerland"})
    assert gueltig(schema, {"plz": " 17337 ", "ort": "Uckerland"})


def test_an_upload_needs_at_least_one_file_by_the_document() -> None:
    schema = komponente("AnlageHochladen")
    assert not gueltig(schema, {"abschnitt": "taetigkeit", "dateien": []})
    assert not gueltig(schema, {"abschnitt": "", "dateien": ["x"]})
    assert gueltig(schema, {"abschnitt": "taetigkeit", "dateien": ["%PDF-1.7"]})


@pytest.mark.parametrize("begruendung", ["", "   ", "\n"])
def test_a_blank_withdrawal_reason_valid_by_the_document_is_no_reason_not_an_error(
    begruendung: str,
) -> None:
    assert gueltig(komponente("Zurueckziehung"), {"begruendung": begruendung})
    # the antrag service refuses a blank reason; the gateway passes none on
    assert antraege_schemas.Zurueckziehung().load({"begruendung": begruendung}) == {}


def test_the_place_of_residence_needs_a_postcode_and_a_town() -> None:
    schema = komponente("Wohnort")
    assert not gueltig(schema, {"plz": "", "ort": "Gelnhausen"})
    assert not gueltig(schema, {"plz": "63571", "ort": " "})
    assert not gueltig(schema, {"ort": "Gelnhausen"})
    assert gueltig(schema, {"plz": "63571", "ort": "Gelnhausen", "strasse": "Marktplatz 1"})


# the general check ---------------------------------------------------------------------------


@pytest.mark.parametrize(("operation", "schema"), anfrage_schemas(), ids=lambda x: str(x))
def test_every_request_field_the_server_requires_is_required_in_the_document(
    operation: str, schema: type[Schema]
) -> None:
    komponenten = DOKUMENT["components"]["schemas"]
    assert schema.__name__ in komponenten, f"{operation}: request schema not a component"
    dokumentiert = komponenten[schema.__name__]
    pflicht = {name for name, feld in schema._declared_fields.items() if feld.required}
    assert pflicht <= set(dokumentiert.get("required", []))
    for name, feld in schema._declared_fields.items():
        if isinstance(feld, Text):
            eigenschaft = dokumentiert["properties"][name]
            assert eigenschaft["x-text"] == ("einzeilig" if feld.einzeilig else "mehrzeilig")
            assert "pattern" in eigenschaft, f"{operation}.{name}: the text rule is undocumented"


@pytest.mark.parametrize(("operation", "schema"), anfrage_schemas(), ids=lambda x: str(x))
def test_a_text_field_refuses_what_its_documented_pattern_refuses(
    operation: str, schema: type[Schema]
) -> None:
    """Control, line-break and bidi characters: invalid by the document and refused by the
    schema, with the field's code (never a 500 further in)."""
    dokumentiert = DOKUMENT["components"]["schemas"][schema.__name__]["properties"]
    for name, feld in schema._declared_fields.items():
        if not isinstance(feld, Text):
            continue
        for zeichen in ("\x00", "\x1b", "\ufffe", *(("\n", "\u202e") if feld.einzeilig else ())):
            wert = f"Gel{zeichen}nhausen"
            assert not jsonschema.Draft202012Validator(dokumentiert[name]).is_valid(wert)
            with pytest.raises(ValidationError) as refused:
                schema().load({name: wert})
            assert refused.value.messages[name][0] in ("text_steuerzeichen", "text_einzeilig")


def test_the_api_s_text_fields_give_codes_the_gateway_has_messages_for() -> None:
    from gateway.fehler import FELDMELDUNGEN

    assert {"text_steuerzeichen", "text_einzeilig"} <= set(FELDMELDUNGEN)
    assert api_schemas.TEXT_ERRORS["steuerzeichen"] == "text_steuerzeichen"
