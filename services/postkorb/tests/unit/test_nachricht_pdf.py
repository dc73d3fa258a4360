"""A message as PDF is a tagged PDF/UA-1 (docs/adr/0122): structure tree, language, title;
names in any script come back from its text layer, Arabic in reading order; same bytes for
the same message. Checked as the receipt's PDF is (antrag's test_quittung_text.py)."""

from __future__ import annotations

import io

import pikepdf
import pytest
from pypdf import PdfReader

from kernel.testing import pdf_strukturarten
from postkorb.adapters.pdf import nachricht_als_pdf

NACHRICHT = {
    "absender": "jobcenter",
    "am": "2026-03-02T10:15:00+00:00",
    "betreff": "Bescheid für Олександр Шевченко",
    "aktenzeichen": "43102-BG-0815",
    "bekanntgabe_am": "2026-03-05",
    "frist_ende": "2026-04-07",
    "text": "Sehr geehrte Frau محمد علي,\nanbei Ihr Bescheid.\n\nMit freundlichen Grüßen",
    "anlagen": [{"dateiname": "bescheid.pdf", "groesse": 48213}],
}


@pytest.fixture(scope="module")
def dokument() -> bytes:
    return nachricht_als_pdf(NACHRICHT)


def test_the_message_is_a_tagged_pdf_with_its_language_title_and_structure(dokument) -> None:
    pdf = pikepdf.open(io.BytesIO(dokument))
    katalog = pdf.Root
    assert katalog.MarkInfo.Marked is True
    assert str(katalog.Lang) == "de-DE"
    assert katalog.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.docinfo.Title) == "Nachricht: Bescheid für Олександр Шевченко"
    arten = pdf_strukturarten(katalog)
    assert {"/H1", "/H2", "/P", "/Table", "/TH", "/TD", "/L", "/LI"} <= arten, arten
    assert "pdfuaid" in katalog.Metadata.read_bytes().decode()


def test_names_in_every_script_and_the_attachments_come_back_from_the_text(dokument) -> None:
    text = PdfReader(io.BytesIO(dokument)).pages[0].extract_text()
    assert "Олександр Шевченко" in text
    assert "محمد علي" in text  # shaped right to left, read back in reading order
    assert "43102-BG-0815" in text and "Widerspruchsfrist endet am" in text
    assert "bescheid.pdf (48213 Bytes)" in text


def test_the_same_message_gives_the_same_bytes(dokument) -> None:
    assert nachricht_als_pdf(NACHRICHT) == dokument
