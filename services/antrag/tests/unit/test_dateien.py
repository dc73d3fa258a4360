"""Attachments: checked by content, photos made into one PDF, stored sealed."""

from __future__ import annotations

import base64
import io
import uuid

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter

from antrag.adapters.ablage import Anlagenablage
from antrag.adapters.dateien import DateiFehler, dokument_aus
from kernel.crypto import KeyStore
from kernel.database import Database

GRENZE = 2 * 1024 * 1024


def foto(format_: str, groesse=(1200, 1600), mode="RGB", exif: bool = False) -> bytes:  # noqa: ANN001
    puffer = io.BytesIO()
    bild = Image.new(mode, groesse, "white")
    if exif:
        daten = Image.Exif()
        daten[0x010F] = "Kamerahersteller"  # Make
        bild.save(puffer, format_, exif=daten)
    else:
        bild.save(puffer, format_)
    return puffer.getvalue()


def pdf(seiten: int = 1) -> bytes:
    writer = PdfWriter()
    for _ in range(seiten):
        writer.add_blank_page(595, 842)
    puffer = io.BytesIO()
    writer.write(puffer)
    return puffer.getvalue()


def datei(inhalt: bytes, name: str = "scan.jpg") -> dict[str, str]:
    return {"dateiname": name, "inhalt": base64.b64encode(inhalt).decode()}


def aus(*dateien: dict) -> object:
    return dokument_aus(list(dateien), max_bytes=GRENZE, max_dateien=5)


def test_photos_of_one_paper_document_become_one_pdf_without_their_metadata():
    dokument = aus(
        datei(foto("JPEG", exif=True), "seite-1.jpg"),
        datei(foto("PNG", mode="RGBA"), "seite-2.png"),
        datei(foto("JPEG", groesse=(4000, 3000)), "seite-3.jpeg"),
    )
    assert (dokument.dateiname, dokument.mime_type, dokument.seiten) == (
        "seite-1.pdf",
        "application/pdf",
        3,
    )
    reader = PdfReader(io.BytesIO(dokument.inhalt))
    assert len(reader.pages) == 3
    assert b"Kamerahersteller" not in dokument.inhalt
    breite = float(reader.pages[2].mediabox.width)
    assert 800 < breite < 860  # the large photo is scaled to about A4 at 200 dpi (842 pt)


def test_a_single_pdf_is_kept_byte_for_byte():
    original = pdf(seiten=2)
    dokument = aus(datei(original, "mietvertrag.PDF"))
    assert dokument.inhalt == original and dokument.seiten == 2
    assert dokument.dateiname == "mietvertrag.pdf"


@pytest.mark.parametrize(
    ("inhalt", "code"),
    [
        (b"GIF89a" + b"\x00" * 100, "anlage_typ_nicht_erlaubt"),
        (b"MZ\x90\x00 an executable named like a photo", "anlage_typ_nicht_erlaubt"),
        (b"%PDF-1.7\nnothing else", "anlage_beschaedigt"),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "anlage_beschaedigt"),
        (b"", "anlage_leer"),
    ],
)
def test_content_decides_not_the_name(inhalt, code):
    with pytest.raises(DateiFehler) as fehler:
        aus(datei(inhalt, "harmlos.pdf"))
    assert fehler.value.code == code


def test_a_truncated_photo_and_limits_are_refused_with_the_files_position():
    ganz = foto("PNG")
    with pytest.raises(DateiFehler) as fehler:
        aus(datei(ganz), datei(ganz[: len(ganz) // 2]))
    assert (fehler.value.nummer, fehler.value.code) == (1, "anlage_beschaedigt")
    with pytest.raises(DateiFehler) as fehler:
        dokument_aus([datei(pdf())], max_bytes=100, max_dateien=5)
    assert fehler.value.code == "anlage_zu_gross"
    with pytest.raises(DateiFehler) as fehler:
        aus(*[datei(ganz)] * 6)
    assert fehler.value.code == "zu_viele_dateien"
    with pytest.raises(DateiFehler) as fehler:
        aus({"dateiname": "x", "inhalt": "kein base64!"})
    assert fehler.value.code == "anlage_beschaedigt"


def test_file_names_lose_paths_and_control_characters():
    dokument = aus(datei(pdf(), "../../etc/\x00pass\nwd.pdf"))
    assert dokument.dateiname == "passwd.pdf"


def test_the_store_seals_files_and_a_forgotten_key_leaves_nothing_readable(tmp_path):
    schluessel = KeyStore(Database(f"sqlite:///{tmp_path / 'keys.db'}"))
    schluessel.create_schema()
    ablage = Anlagenablage(tmp_path / "anlagen", schluessel)
    antrag_id, anlage_id = str(uuid.uuid4()), str(uuid.uuid4())
    inhalt = pdf()
    ablage.speichern(antrag_id, anlage_id, inhalt)
    [datei_auf_platte] = (tmp_path / "anlagen" / antrag_id).iterdir()
    assert b"%PDF" not in datei_auf_platte.read_bytes()
    assert ablage.lesen(antrag_id, anlage_id) == inhalt
    assert ablage.lesen(antrag_id, str(uuid.uuid4())) is None
    with pytest.raises(ValueError):
        ablage.lesen("../../etc", anlage_id)
    schluessel.forget(antrag_id)
    assert ablage.lesen(antrag_id, anlage_id) is None
    schluessel.database.dispose()
