"""The registry finds a payload schema by (event type, schema version)."""

from __future__ import annotations

import pytest
from marshmallow import fields

from contracts.common import Sprache
from contracts.events.antrag import AntragAngelegt, AntragEingereicht
from contracts.registry import REGISTRY, DuplicateSchema, SchemaRegistry, UnknownEventType
from contracts.validation import InvalidPayload, validate_payload


def test_get_returns_a_reused_instance_of_the_registered_class() -> None:
    schema = REGISTRY.get("AntragAngelegt", 1)
    assert isinstance(schema, AntragAngelegt)
    assert REGISTRY.get("AntragAngelegt", 1) is schema


def test_unknown_event_type_names_what_is_known() -> None:
    with pytest.raises(UnknownEventType) as raised:
        REGISTRY.get("AntragVerloren", 1)
    message = str(raised.value)
    assert "AntragVerloren v1" in message
    assert "AntragAngelegt" in message
    assert raised.value.event_type == "AntragVerloren"


def test_unknown_version_names_the_known_versions() -> None:
    with pytest.raises(UnknownEventType, match=r"AntragAngelegt v7.*known versions: 1"):
        REGISTRY.get("AntragAngelegt", 7)
    with pytest.raises(UnknownEventType, match="AntragVerloren"):
        REGISTRY.latest_version("AntragVerloren")


def test_all_is_sorted_and_published_by_filters_by_producer() -> None:
    keys = [(cls.event_type, cls.schema_version) for cls in REGISTRY.all()]
    assert keys == sorted(keys)
    assert len(keys) == 26  # 21 + TerminGebucht/Storniert/Verschoben v2 + FinderAusgewertet v2, v3
    assert [
        (cls.event_type, cls.schema_version) for cls in REGISTRY.published_by("xta_gateway")
    ] == [
        ("NachrichtEmpfangen", 1),
        ("NachrichtEmpfangen", 2),
        ("NachrichtZugestellt", 1),
        ("NachrichtZugestellt", 2),
        ("ZustellungFehlgeschlagen", 1),
        ("ZustellungFehlgeschlagen", 2),
        ("ZustellungFehlgeschlagen", 3),
    ]
    # the gateway publishes one event: its account was deleted (docs/adr/0092)
    assert [cls.event_type for cls in REGISTRY.published_by("gateway")] == ["KontoGeloescht"]
    assert REGISTRY.producers() == [
        "antrag",
        "finder",
        "gateway",
        "postkorb",
        "termine",
        "xta_gateway",
        "zustaendigkeit",
    ]


def test_a_changed_schema_is_a_new_version_registered_next_to_the_old_one() -> None:
    class AntragAngelegtV2(AntragAngelegt):
        """V1 plus the language the person uses, so letters can follow it."""

        schema_version = 2
        sprache = fields.Enum(Sprache, by_value=fields.String, required=True)
        example = {**AntragAngelegt.example, "sprache": "en"}

    registry = SchemaRegistry([AntragAngelegt, AntragEingereicht])
    registry.register(AntragAngelegtV2)

    assert registry.latest_version("AntragAngelegt") == 2
    assert isinstance(registry.get("AntragAngelegt", 2), AntragAngelegtV2)
    assert type(registry.get("AntragAngelegt", 1)) is AntragAngelegt
    assert [cls.schema_version for cls in registry.published_by("antrag")] == [1, 2, 1]
    # Stored v1 events stay valid as v1, and v2 demands the new field.
    v1 = AntragAngelegt.example
    assert validate_payload("AntragAngelegt", 1, v1, registry=registry) == v1
    with pytest.raises(InvalidPayload, match="sprache"):
        validate_payload("AntragAngelegt", 2, v1, registry=registry)
    assert validate_payload("AntragAngelegt", 2, AntragAngelegtV2.example, registry=registry)
    # The published set is untouched.
    assert REGISTRY.latest_version("AntragAngelegt") == 1


def test_a_version_cannot_be_registered_twice_by_different_classes() -> None:
    class AntragAngelegtGeaendert(AntragAngelegt):
        notiz = fields.String()

    registry = SchemaRegistry([AntragAngelegt])
    registry.register(AntragAngelegt)
    with pytest.raises(DuplicateSchema, match="needs a new schema_version"):
        registry.register(AntragAngelegtGeaendert)


def test_an_event_type_has_one_producer() -> None:
    class AntragAngelegtVonWoanders(AntragAngelegt):
        schema_version = 2
        producer = "postkorb"

    registry = SchemaRegistry([AntragAngelegt])
    with pytest.raises(DuplicateSchema, match="one producer"):
        registry.register(AntragAngelegtVonWoanders)


def test_delivery_outcomes_v2_name_what_was_delivered_and_v1_upcasts_to_antrag() -> None:
    from contracts.events.xta_gateway import (
        NachrichtZugestellt,
        NachrichtZugestelltV2,
        ZustellungFehlgeschlagen,
        upcaster_eintragen,
    )

    assert REGISTRY.latest_version("NachrichtZugestellt") == 2
    assert REGISTRY.latest_version("ZustellungFehlgeschlagen") == 3
    antwort = {k: v for k, v in NachrichtZugestelltV2.example.items() if k != "antrag_id"}
    assert validate_payload("NachrichtZugestellt", 2, antwort)["art"] == "postkorb_antwort"
    with pytest.raises(InvalidPayload, match="nachricht_id"):
        validate_payload("NachrichtZugestellt", 2, {**antwort, "nachricht_id": None})
    ohne = {k: v for k, v in antwort.items() if k != "nachricht_id"}
    with pytest.raises(InvalidPayload, match="nachricht_id"):
        validate_payload("NachrichtZugestellt", 2, ohne)
    with pytest.raises(InvalidPayload, match="antrag_id"):
        validate_payload("NachrichtZugestellt", 2, {**ohne, "art": "kurzantrag"})
    with pytest.raises(InvalidPayload, match="art"):
        validate_payload("NachrichtZugestellt", 2, NachrichtZugestellt.example)

    class Schritte:  # kernel.upcasting.Upcasters in miniature
        def __init__(self) -> None:
            self.schritte: dict = {}

        def register(self, event_type: str, from_version: int):
            return lambda f: self.schritte.setdefault((event_type, from_version), f)

    schritte = upcaster_eintragen(Schritte()).schritte
    for schema_cls in (NachrichtZugestellt, ZustellungFehlgeschlagen):
        v2 = schritte[(schema_cls.event_type, 1)](dict(schema_cls.example))
        assert v2 == {**schema_cls.example, "art": "antrag"}
        assert validate_payload(schema_cls.event_type, 2, v2)


def test_a_delivery_failure_v3_says_whether_a_retry_can_mend_it_and_v2_reads_as_mendable() -> None:
    from contracts.events.xta_gateway import (
        ZustellungFehlgeschlagenV2,
        ZustellungFehlgeschlagenV3,
        upcaster_eintragen,
    )

    assert validate_payload("ZustellungFehlgeschlagen", 3, ZustellungFehlgeschlagenV3.example)
    with pytest.raises(InvalidPayload, match="endgueltig"):
        validate_payload("ZustellungFehlgeschlagen", 3, ZustellungFehlgeschlagenV2.example)

    class Schritte:
        def __init__(self) -> None:
            self.schritte: dict = {}

        def register(self, event_type: str, from_version: int):
            return lambda f: self.schritte.setdefault((event_type, from_version), f)

    schritt = upcaster_eintragen(Schritte()).schritte[("ZustellungFehlgeschlagen", 2)]
    v3 = schritt(dict(ZustellungFehlgeschlagenV2.example))
    assert v3 == {**ZustellungFehlgeschlagenV2.example, "endgueltig": False}
    assert validate_payload("ZustellungFehlgeschlagen", 3, v3)
