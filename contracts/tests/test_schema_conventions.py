"""The conventions the kernel relies on hold for every published payload schema."""

from __future__ import annotations

import pytest
from marshmallow import fields

from contracts.base import (
    EventPayloadSchema,
    PayloadPartSchema,
    SchemaConventionError,
    check_conventions,
    convention_violations,
)
from contracts.events import PUBLISHED_SCHEMAS
from contracts.registry import REGISTRY, SchemaRegistry

# The events named in ARCHITECTURE.md and the service that publishes each.
EXPECTED_PRODUCERS = {
    "AntragAngelegt": "antrag",
    "AntragEingereicht": "antrag",
    "AntragZurueckgezogen": "antrag",
    "AntragStatusGeaendert": "antrag",
    "ZustaendigkeitErmittelt": "zustaendigkeit",
    "NachrichtZugestellt": "xta_gateway",
    "ZustellungFehlgeschlagen": "xta_gateway",
    "NachrichtEmpfangen": "xta_gateway",
    "PostkorbNachrichtEingegangen": "postkorb",
    "PostkorbAntwortVerfasst": "postkorb",
    # § 37 Abs. 2a SGB X: the Jobcenter learns of the first retrieval or the end of a provision
    "PostkorbBescheidAbgerufen": "postkorb",
    "PostkorbBereitstellungBeendet": "postkorb",
    "TerminGebucht": "termine",
    "TerminStorniert": "termine",
    "TerminVerschoben": "termine",
    "FinderAusgewertet": "finder",
    # beyond the architecture's table: a deleted account, for every service (docs/adr/0092)
    "KontoGeloescht": "gateway",
}

published = pytest.mark.parametrize(
    "schema_cls", PUBLISHED_SCHEMAS, ids=lambda cls: f"{cls.event_type}.v{cls.schema_version}"
)


def test_every_event_of_the_architecture_is_published_by_its_service() -> None:
    assert {cls.event_type: cls.producer for cls in REGISTRY.all()} == EXPECTED_PRODUCERS


@published
def test_schema_keeps_the_conventions(schema_cls: type[EventPayloadSchema]) -> None:
    assert convention_violations(schema_cls) == []
    assert issubclass(schema_cls, EventPayloadSchema)
    assert schema_cls.schema_version >= 1
    suffix = "" if schema_cls.schema_version == 1 else f"V{schema_cls.schema_version}"
    assert schema_cls.__name__ == schema_cls.event_type + suffix


@published
def test_schema_with_personal_fields_has_a_subject(schema_cls: type[EventPayloadSchema]) -> None:
    if schema_cls.personal_fields():
        subject = schema_cls.subject_field()
        assert subject is not None, f"{schema_cls.event_type} has personal fields but no subject"
        assert subject not in schema_cls.personal_fields()


@published
def test_person_id_is_the_subject_wherever_it_appears(
    schema_cls: type[EventPayloadSchema],
) -> None:
    # Except where the data subject is a booking (Termin* v2, docs/adr/0111): person_id there
    # names the account that booked, and forgetting that person forgets their bookings' keys.
    if "person_id" in schema_cls._declared_fields:
        assert schema_cls.subject_field() in ("person_id", "termin_id")


def test_personal_data_is_marked_where_the_architecture_expects_it() -> None:
    personal = {cls.event_type: set(cls.personal_fields()) for cls in REGISTRY.all()}
    assert personal["AntragAngelegt"] == {"wohnort"}
    assert personal["AntragEingereicht"] == {"antrag", "anlagen"}
    assert personal["NachrichtEmpfangen"] == {
        "betreff",
        "inhalt",
        "anlagen",
        "aktenzeichen",
        "antwortadresse",
    }
    assert set(REGISTRY.get("NachrichtEmpfangen", 1).personal_fields()) == {
        "betreff",
        "inhalt",
        "anlagen",
    }
    assert personal["PostkorbBescheidAbgerufen"] == set()
    assert personal["PostkorbAntwortVerfasst"] == {"betreff", "inhalt", "anlagen"}
    assert personal["ZustaendigkeitErmittelt"] == set()
    assert personal["NachrichtZugestellt"] == set()
    assert REGISTRY.get("NachrichtZugestellt", 2).personal_fields() == ()
    assert REGISTRY.get("ZustellungFehlgeschlagen", 2).personal_fields() == ()


def test_finder_event_is_anonymous() -> None:
    finder = REGISTRY.get("FinderAusgewertet", 1).__class__
    assert finder.personal_fields() == ()
    assert finder.subject_field() is None
    assert not {"person_id", "plz", "ort", "wohnort"} & set(finder._declared_fields)


class _Adresse(PayloadPartSchema):
    strasse = fields.String(metadata={"personal": True})


def _schema(**attributes: object) -> type[EventPayloadSchema]:
    namespace = {
        "event_type": "Probe",
        "schema_version": 1,
        "producer": "probe",
        "example": {},
        **attributes,
    }
    return type("Probe", (EventPayloadSchema,), namespace)


def _subject() -> fields.UUID:
    return fields.UUID(required=True, metadata={"subject": True})


@pytest.mark.parametrize(
    ("attributes", "expected"),
    [
        ({"name": fields.String(metadata={"personal": True})}, "no subject=True field"),
        ({"a": _subject(), "b": _subject()}, "more than one subject field"),
        (
            {"person_id": fields.UUID(required=True, metadata={"subject": True, "personal": True})},
            "must not be personal",
        ),
        ({"person_id": fields.UUID(metadata={"subject": True})}, "must be required"),
        ({"person_id": _subject(), "adresse": fields.Nested(_Adresse)}, "mark the whole"),
        ({"person_id": _subject(), "x": fields.String(data_key="y")}, "must not rename"),
        ({"event_type": "antrag_angelegt"}, "event_type"),
        ({"schema_version": 0}, "schema_version"),
        ({"producer": "Xta-Gateway"}, "producer"),
        ({"example": None}, "example"),
    ],
)
def test_registering_a_schema_that_breaks_a_convention_fails(
    attributes: dict[str, object], expected: str
) -> None:
    with pytest.raises(SchemaConventionError, match=expected):
        SchemaRegistry().register(_schema(**attributes))


def test_a_schema_without_personal_fields_needs_no_subject() -> None:
    check_conventions(_schema(antrag_id=fields.UUID(required=True)))


def test_only_payload_schemas_can_be_registered() -> None:
    with pytest.raises(SchemaConventionError, match="not a subclass"):
        SchemaRegistry().register(_Adresse)  # type: ignore[arg-type]
