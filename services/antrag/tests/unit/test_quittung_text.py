"""The receipt's text layer says exactly what was submitted, in every script: characters beyond
the Basic Multilingual Plane and characters the embedded font has no glyph for included
(docs/adr/0067). Checked by extracting the text with pypdf, as a screen reader or a search
would read it."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from antrag.adapters.quittung import quittung_pdf
from antrag.formulare import FORMULARE

EINGEREICHT = {
    "antrag_id": "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60",
    "person_id": "5d0c1f7a-8e2b-4c3d-9f1e-2a3b4c5d6e7f",
    "leistung": "einstiegsgeld",
    "jobcenter_id": "43102",
    "eingereicht_am": "2026-01-15T09:30:00+00:00",
    "kurzantrag": False,
    "definition_version": "einstiegsgeld-2026.1",
    "anlagen": [],
}


def text_der_quittung(ort: str) -> str:
    eingereicht = {
        **EINGEREICHT,
        "antrag": {"wohnort": {"plz": "63571", "ort": ort}, "abschnitte": {}},
    }
    pdf = quittung_pdf(
        FORMULARE["einstiegsgeld"],
        eingereicht,
        zeitpunkt="2026-01-15T09:30:05+00:00",
        jobcenter_name="Main-Kinzig-Kreis",
    )
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


@pytest.mark.parametrize(
    "name",
    [
        "𝔄𝔟𝔢𝔩",  # Mathematical Fraktur, beyond the BMP
        "𠀀𠀁",  # CJK Extension B, beyond the BMP, no glyph in DejaVu Sans
        "Zoë 😀",  # an emoji
        "李小龙",  # CJK in the BMP, no glyph in DejaVu Sans
        "Łukasz Олександр Αθηνά",  # what DejaVu Sans draws
    ],
)
def test_the_text_layer_carries_every_character_of_a_name(name: str) -> None:
    assert f"63571 {name}" in text_der_quittung(name)


def test_two_different_characters_without_glyph_stay_different() -> None:
    text = text_der_quittung("李 王")
    assert "李 王" in text
    assert "\x00" not in text


def test_a_right_to_left_name_keeps_all_its_letters() -> None:
    """reportlab draws right-to-left scripts in logical order, unshaped (docs/adr/0067): the
    reader sees the letters reversed, yet none is lost or replaced."""
    name = "محمد علي"
    text = text_der_quittung(name)
    assert set(name) <= set(text)
