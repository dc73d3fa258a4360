"""The one definition of text (contracts.text): what it refuses, what it keeps, what it changes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest
from marshmallow import Schema, ValidationError

from contracts.text import Text, json_schema_pattern, unzulaessige_zeichen, vereinheitlichen

# One representative of each class of refused characters, with the class's edges.
NICHT_XML = [0x00, 0x08, 0x0B, 0x0C, 0x0E, 0x1F, 0xD800, 0xDFFF, 0xFFFE, 0xFFFF]
NUR_MEHRZEILIG = [0x09, 0x0A, 0x0D, 0x7F, 0x80, 0x85, 0x9F, 0x2028, 0x2029]
BIDI = [0x061C, 0x200E, 0x200F, 0x202A, 0x202E, 0x2066, 0x2069]


@pytest.mark.parametrize("code", NICHT_XML, ids=lambda c: f"U+{c:04X}")
@pytest.mark.parametrize("einzeilig", [False, True])
def test_characters_xml_cannot_carry_are_refused_in_all_text(code: int, einzeilig: bool) -> None:
    assert unzulaessige_zeichen(f"Begr\u00fcndung {chr(code)} Ende", einzeilig=einzeilig) == [
        f"U+{code:04X}"
    ]


@pytest.mark.parametrize("code", NUR_MEHRZEILIG + BIDI, ids=lambda c: f"U+{c:04X}")
def test_line_structure_and_bidi_controls_are_refused_only_in_single_line_text(code: int) -> None:
    assert unzulaessige_zeichen(f"M\u00fcller{chr(code)}", einzeilig=True) == [f"U+{code:04X}"]
    assert unzulaessige_zeichen(f"M\u00fcller{chr(code)}", einzeilig=False) == []


@pytest.mark.parametrize(
    "name",
    [
        "\u0160\u0107epanovi\u0107",
        "\u0391\u03b8\u03b7\u03bd\u03ac",
        "\u0639\u0644\u064a",
        "\u674e\u5c0f\u9f99",
        "\U00020000\u4e00",
        "\U0001d504da",
        "Zo\u00eb \U0001f600",
        "O\u2019Brien-Sm\u00edth",
    ],
)
def test_names_in_every_script_are_text(name: str) -> None:
    assert unzulaessige_zeichen(name, einzeilig=True) == []


def test_every_character_is_named_once_in_order() -> None:
    assert unzulaessige_zeichen("a\x07b\x00c\x07") == ["U+0007", "U+0000"]


def test_every_character_the_definition_accepts_is_carried_by_xml() -> None:
    erlaubt = "".join(chr(code) for code in range(0x110000) if not unzulaessige_zeichen(chr(code)))
    element = ElementTree.fromstring(
        f"<t>{erlaubt.replace('&', '&amp;').replace('<', '&lt;')}</t>".encode()
    )
    # The parser turns a lone CR into LF; everything else arrives unchanged.
    assert element.text == erlaubt.replace("\r", "\n")


def test_multi_line_text_is_loaded_with_lf_line_ends() -> None:
    assert vereinheitlichen("Zeile 1\r\nZeile 2\rZeile 3\n") == "Zeile 1\nZeile 2\nZeile 3\n"
    assert Text().deserialize("Miete\r\noffen") == "Miete\noffen"


def test_the_field_error_names_code_points_and_never_the_value() -> None:
    class Antrag(Schema):
        nachname = Text(einzeilig=True, required=True)
        begruendung = Text()

    with pytest.raises(ValidationError) as raised:
        Antrag().load({"nachname": "Geheim\u202eName", "begruendung": "Geheim\x1b[2J"})
    messages = raised.value.messages
    assert "U+202E" in messages["nachname"][0]
    assert "U+001B" in messages["begruendung"][0]
    assert "Geheim" not in str(messages)


@pytest.mark.parametrize("einzeilig", [False, True])
def test_the_json_schema_pattern_agrees_with_the_check_on_the_basic_plane(einzeilig: bool) -> None:
    muster = re.compile(json_schema_pattern(einzeilig=einzeilig))
    # Python's $ also matches before a final LF, ECMA-262's does not: fullmatch is ECMA's meaning.
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        zeichen = chr(code)
        assert bool(muster.fullmatch(zeichen)) == (
            unzulaessige_zeichen(zeichen, einzeilig=einzeilig) == []
        ), f"U+{code:04X}"


def test_schemas_whose_messages_are_codes_get_their_codes() -> None:
    codes = {"steuerzeichen": "text_steuerzeichen", "nicht_einzeilig": "text_einzeilig"}

    class Wohnort(Schema):
        ort = Text(einzeilig=True, error_messages=codes)
        hinweis = Text(error_messages=codes)

    with pytest.raises(ValidationError) as raised:
        Wohnort().load({"ort": "Gelnhausen\n", "hinweis": "Hinterhaus\x0c"})
    assert raised.value.messages == {
        "ort": ["text_einzeilig"],
        "hinweis": ["text_steuerzeichen"],
    }


def test_the_not_blank_pattern_needs_one_character_that_is_no_white_space() -> None:
    muster = re.compile(json_schema_pattern(einzeilig=True, nicht_leer=True))
    assert muster.fullmatch("Gelnhausen") and muster.fullmatch(" Bad Orb ")
    assert not muster.fullmatch("") and not muster.fullmatch("   ")
    assert not muster.fullmatch("Bad\u202eOrb")
