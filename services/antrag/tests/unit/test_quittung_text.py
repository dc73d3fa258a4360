"""The receipt's text layer says exactly what was submitted, in every script: characters beyond
the Basic Multilingual Plane and characters the embedded font has no glyph for included
(docs/adr/0067), and the receipt is a tagged PDF (PDF/UA-1, docs/adr/0120).

The text is read as a screen reader or a search reads it: through each font's ToUnicode map.
pypdf does that for the usual encoding (Identity-H); where the font has no glyph for a
character, WeasyPrint gives it a code of its own in an embedded encoding CMap, which pypdf
does not read, so ``text_ueber_tounicode`` maps the shown codes itself, by the PDF standard
(ISO 32000-1, 9.10.2)."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pypdf import PdfReader

from antrag.adapters.quittung import quittung_pdf
from antrag.formulare import FORMULARE
from kernel.testing import pdf_strukturarten

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


def quittung(ort: str) -> bytes:
    eingereicht = {
        **EINGEREICHT,
        "antrag": {"wohnort": {"plz": "63571", "ort": ort}, "abschnitte": {}},
    }
    return quittung_pdf(
        FORMULARE["einstiegsgeld"],
        eingereicht,
        zeitpunkt="2026-01-15T09:30:05+00:00",
        jobcenter_name="Main-Kinzig-Kreis",
    )


def text_der_quittung(ort: str) -> str:
    return text_ueber_tounicode(quittung(ort))


def text_ueber_tounicode(pdf: bytes) -> str:
    """The shown text of the first page, each code mapped by its font's ToUnicode CMap."""
    dokument = pikepdf.open(io.BytesIO(pdf))
    seite = dokument.pages[0]
    karten = {
        str(name): _tounicode(schrift.ToUnicode.read_bytes())
        for name, schrift in seite.Resources.Font.items()
    }
    text: list[str] = []
    karte: dict[int, str] = {}
    for operanden, operator in pikepdf.parse_content_stream(seite):
        if str(operator) == "Tf":
            karte = karten[str(operanden[0])]
        elif str(operator) in ("Tj", "TJ"):
            teile = operanden[0] if str(operator) == "TJ" else [operanden[0]]
            for teil in teile:
                if isinstance(teil, pikepdf.String):
                    roh = bytes(teil)
                    text += [
                        karte.get(int.from_bytes(roh[i : i + 2]), "\ufffd")
                        for i in range(0, len(roh), 2)
                    ]
        elif str(operator) == "ET":
            text.append("\n")
    return "".join(text)


def _tounicode(cmap: bytes) -> dict[int, str]:
    """bfchar entries (WeasyPrint writes no bfrange): <code> <UTF-16BE>."""
    return {
        int(code, 16): bytes.fromhex(ziel.decode()).decode("utf-16-be")
        for code, ziel in re.findall(
            rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", cmap.split(b"beginbfchar", 1)[-1]
        )
    }


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
    """Shaped by HarfBuzz and drawn right to left; pypdf reads it back in reading order."""
    name = "محمد علي"
    text = PdfReader(io.BytesIO(quittung(name))).pages[0].extract_text()
    assert name in text


def test_the_receipt_is_a_tagged_pdf_with_its_language_title_and_structure() -> None:
    """PDF/UA-1 as WeasyPrint writes it: marked content, a structure tree with the headings,
    paragraphs and the tables' header cells, the language, and the title as the window's."""
    dokument = pikepdf.open(io.BytesIO(quittung("Gelnhausen")))
    katalog = dokument.Root
    assert katalog.MarkInfo.Marked is True
    assert str(katalog.Lang) == "de-DE"
    assert katalog.ViewerPreferences.DisplayDocTitle is True
    assert str(dokument.docinfo.Title) == "Eingangsbestätigung: " + str(
        FORMULARE["einstiegsgeld"].titel.in_sprache("de")
    )
    arten = pdf_strukturarten(katalog)
    assert {"/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD"} <= arten, arten
    assert "pdfuaid" in katalog.Metadata.read_bytes().decode()


def test_the_same_application_gives_the_same_bytes() -> None:
    assert quittung("Łukasz 李") == quittung("Łukasz 李")
