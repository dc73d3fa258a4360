"""validate_payload accepts what the contract allows and rejects the rest without leaking data."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import pytest

from contracts.events import PUBLISHED_SCHEMAS
from contracts.events.antrag import AntragAngelegt, AntragEingereicht
from contracts.events.termine import TerminGebucht
from contracts.events.zustaendigkeit import ZustaendigkeitErmittelt
from contracts.registry import UnknownEventType
from contracts.validation import REDACTED_KEY, InvalidPayload, validate_payload


def _invalid(event_type: str, payload: Any) -> InvalidPayload:
    with pytest.raises(InvalidPayload) as raised:
        validate_payload(event_type, 1, payload)
    return raised.value


@pytest.mark.parametrize(
    "schema_cls", PUBLISHED_SCHEMAS, ids=lambda cls: f"{cls.event_type}.v{cls.schema_version}"
)
def test_the_example_passes_and_comes_back_unchanged(schema_cls: Any) -> None:
    dumped = validate_payload(schema_cls.event_type, schema_cls.schema_version, schema_cls.example)
    assert dumped == schema_cls.example
    assert json.loads(json.dumps(dumped)) == dumped


def test_a_valid_payload_is_returned_in_json_form() -> None:
    payload = {**AntragAngelegt.example, "antrag_id": "0B6F9F3E-4C1D-4B7E-9A2F-1D2C3B4A5F60"}
    assert validate_payload("AntragAngelegt", 1, payload)["antrag_id"] == (
        "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60"
    )


def test_optional_fields_may_be_absent() -> None:
    payload = copy.deepcopy(AntragAngelegt.example)
    del payload["wohnort"]["strasse"]
    assert validate_payload("AntragAngelegt", 1, payload) == payload


def test_missing_field_is_rejected_by_name() -> None:
    payload = {k: v for k, v in AntragAngelegt.example.items() if k != "person_id"}
    error = _invalid("AntragAngelegt", payload)
    assert error.errors == {"person_id": ["Missing data for required field."]}
    assert error.event_type == "AntragAngelegt"
    assert error.schema_version == 1
    assert str(error) == (
        "Invalid AntragAngelegt v1 payload: person_id: Missing data for required field."
    )


def test_extra_field_is_rejected() -> None:
    error = _invalid("AntragAngelegt", {**AntragAngelegt.example, "notiz": "x"})
    assert error.errors == {"notiz": ["Unknown field."]}


def test_null_is_not_an_absent_optional_field() -> None:
    payload = copy.deepcopy(AntragAngelegt.example)
    payload["wohnort"]["strasse"] = None
    assert _invalid("AntragAngelegt", payload).errors == {
        "wohnort": {"strasse": ["Field may not be null."]}
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("antrag_id", 42),
        ("kurzantrag", "vielleicht"),
        ("eingereicht_am", "2026-01-15T09:30:00"),  # no offset: not a point in time
        ("anlagen", {"anlage_id": "x"}),
        ("antrag", ["kein", "Objekt"]),
        ("leistung", "wohngeld"),
        ("jobcenter_id", "6841"),
    ],
)
def test_wrong_typed_field_is_rejected(field: str, value: Any) -> None:
    error = _invalid("AntragEingereicht", {**AntragEingereicht.example, field: value})
    assert list(error.errors) == [field]


def test_errors_inside_lists_and_nested_parts_name_their_path() -> None:
    payload = copy.deepcopy(AntragEingereicht.example)
    payload["anlagen"][0]["sha256"] = "abc"
    error = _invalid("AntragEingereicht", payload)
    assert "anlagen.0.sha256: String does not match expected pattern." in str(error)


def test_application_body_must_be_plain_json() -> None:
    payload = {**AntragEingereicht.example, "antrag": {"betrag": float("nan")}}
    assert "antrag" in _invalid("AntragEingereicht", payload).errors


def test_a_payload_that_is_not_an_object_is_rejected() -> None:
    assert _invalid("AntragAngelegt", ["not", "an", "object"]).errors == {
        "_schema": ["Invalid input type."]
    }


def test_unknown_event_type_is_not_an_invalid_payload() -> None:
    with pytest.raises(UnknownEventType):
        validate_payload("AntragVerloren", 1, {})


SECRETS = ("Erika", "Mustermann", "DE02120300000000202051", "Geheimstr", "1980-13-45", "7351")


def test_error_messages_never_contain_submitted_values() -> None:
    payload = {
        "antrag_id": "Erika Mustermann",
        "person_id": "DE02120300000000202051",
        "leistung": "Mustermann",
        "wohnort": {"plz": "Geheimstr 5", "ort": 1980, "strasse": ["Geheimstr"]},
        "geburtsdatum": "1980-13-45",
        "Erika Mustermann": "7351",
    }
    error = _invalid("AntragAngelegt", payload)
    for rendered in (str(error), repr(error), json.dumps(error.errors), repr(error.args)):
        for secret in SECRETS:
            assert secret not in rendered
    assert set(error.errors) == {
        "antrag_id",
        "person_id",
        "leistung",
        "wohnort",
        "geburtsdatum",
        REDACTED_KEY,
    }
    assert set(error.errors["wohnort"]) == {"plz", "ort", "strasse"}


def test_invalid_payload_does_not_carry_the_validation_error_along() -> None:
    error = _invalid("AntragAngelegt", {**AntragAngelegt.example, "person_id": "Erika"})
    assert error.__context__ is None
    assert error.__cause__ is None
    restored = pickle.loads(pickle.dumps(error))
    assert (restored.event_type, restored.errors, str(restored)) == (
        error.event_type,
        error.errors,
        str(error),
    )


def test_zustaendigkeit_eindeutig_and_jobcenter_agree() -> None:
    example = ZustaendigkeitErmittelt.example
    without_jobcenter = {k: v for k, v in example.items() if k != "jobcenter"}
    assert _invalid("ZustaendigkeitErmittelt", without_jobcenter).errors == {
        "jobcenter": ["Required when eindeutig is true."]
    }
    kandidat = {"ags": example["ags"], "gemeinde": "Biberach", "jobcenter": example["jobcenter"]}
    mehrdeutig = {
        "antrag_id": example["antrag_id"],
        "eindeutig": False,
        "kandidaten": [kandidat, {**kandidat, "ags": "08426011", "gemeinde": "Bad Buchau"}],
        "datenstand": example["datenstand"],
    }
    assert validate_payload("ZustaendigkeitErmittelt", 1, mehrdeutig) == mehrdeutig
    assert (
        "jobcenter"
        in _invalid(
            "ZustaendigkeitErmittelt", {**mehrdeutig, "jobcenter": example["jobcenter"]}
        ).errors
    )


def test_termin_ends_after_it_begins() -> None:
    payload = {**TerminGebucht.example, "ende": TerminGebucht.example["beginn"]}
    assert _invalid("TerminGebucht", payload).errors == {"ende": ["Must be after beginn."]}
