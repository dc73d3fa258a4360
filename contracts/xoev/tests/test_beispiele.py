"""Every message of the XÖV schema has a golden example that validates; broken ones do not."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

ORDNER = Path(__file__).resolve().parent.parent
SCHEMA = ORDNER / "sozialplattform-antrag-1.0.xsd"
NS = "urn:xoev-de:sozialplattform:schemata:antrag:1"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA), PARSER))


def nachrichten() -> list[str]:
    wurzel = etree.parse(str(SCHEMA), PARSER).getroot()
    return [e.get("name") for e in wurzel.findall("{http://www.w3.org/2001/XMLSchema}element")]


def beispiel(name: str) -> etree._ElementTree:
    return etree.parse(str(ORDNER / "beispiele" / f"{name}.xml"), PARSER)


def test_the_schema_declares_the_seven_messages() -> None:
    assert nachrichten() == [
        "antrag.einreichung.0101",
        "antrag.kurzantrag.0102",
        "postkorb.antwort.0201",
        "postkorb.nachricht.0202",
        "postkorb.nachricht.0203",
        "postkorb.abrufbestaetigung.0204",
        "postkorb.bereitstellungsende.0205",
    ]


def test_a_0203_without_kind_is_refused_and_0202_stays_valid(schema: etree.XMLSchema) -> None:
    dokument = copy.deepcopy(beispiel("postkorb.nachricht.0203"))
    art = next(dokument.getroot().iter(f"{{{NS}}}art"))
    art.getparent().remove(art)
    assert not schema.validate(dokument)
    assert "art" in str(schema.error_log)
    assert schema.validate(beispiel("postkorb.nachricht.0202"))


@pytest.mark.parametrize("name", nachrichten())
def test_golden_example_validates(schema: etree.XMLSchema, name: str) -> None:
    dokument = beispiel(name)
    assert schema.validate(dokument), schema.error_log
    assert dokument.getroot().tag == f"{{{NS}}}{name}"
    typ = dokument.findtext(f".//{{{NS}}}nachrichtentyp/code")
    assert typ == name, "the header's message type names the root element"


@pytest.mark.parametrize("name", nachrichten())
def test_each_field_value_has_the_element_its_type_names(name: str) -> None:
    for feld in beispiel(name).iter(f"{{{NS}}}feld"):
        typ = feld.findtext(f"{{{NS}}}typ")
        (wert,) = feld.find(f"{{{NS}}}wert")
        assert etree.QName(wert).localname == typ


@pytest.mark.parametrize(
    ("aenderung", "erwartet"),
    [
        ("kopf_fehlt", "nachrichtenkopf"),
        ("uuid_falsch", "nachrichtenUUID"),
        ("zeit_ohne_zone", "erstellungszeitpunkt"),
        ("betrag_drei_nachkommastellen", "betrag"),
        ("sha256_kurz", "sha256"),
        ("anlage_verweis_ins_leere", "anlageVerweis"),
    ],
)
def test_broken_variants_are_refused(
    schema: etree.XMLSchema, aenderung: str, erwartet: str
) -> None:
    dokument = copy.deepcopy(beispiel("antrag.einreichung.0101"))
    wurzel = dokument.getroot()

    def erstes(name: str) -> etree._Element:
        return next(wurzel.iter(f"{{{NS}}}{name}"))

    if aenderung == "kopf_fehlt":
        wurzel.remove(erstes("nachrichtenkopf"))
    elif aenderung == "uuid_falsch":
        erstes("nachrichtenUUID").text = "nicht-eine-uuid"
    elif aenderung == "zeit_ohne_zone":
        erstes("erstellungszeitpunkt").text = "2026-01-15T09:30:05"
    elif aenderung == "betrag_drei_nachkommastellen":
        erstes("betrag").text = "520.001"
    elif aenderung == "sha256_kurz":
        erstes("sha256").text = "abc"
    elif aenderung == "anlage_verweis_ins_leere":
        erstes("anlageVerweis").text = "a-gibt-es-nicht"
    assert not schema.validate(dokument)
    assert erwartet in str(schema.error_log)
