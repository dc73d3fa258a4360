"""Attachments: checked by content, photos made into one PDF, stored sealed."""

from __future__ import annotations

import base64
import io
import time
import uuid

import pikepdf
import pytest
from dateien_testhilfen import AKTIV, aktives_pdf, einfarbig_png, entpackt, speichern
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


def pdf(seiten: int = 1, text: str | None = None) -> bytes:
    if text is None:
        writer = PdfWriter()
        for _ in range(seiten):
            writer.add_blank_page(595, 842)
        puffer = io.BytesIO()
        writer.write(puffer)
        return puffer.getvalue()
    dokument = pikepdf.new()
    for _ in range(seiten):
        seite = dokument.add_blank_page(page_size=(595, 842))
        seite.obj.Contents = dokument.make_stream(f"BT 72 770 Td ({text}) Tj ET".encode())
    return speichern(dokument)


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


def test_a_single_pdf_is_written_anew_with_its_pages_and_text():
    original = pdf(seiten=2, text="Mietvertrag Seite")
    dokument = aus(datei(original, "mietvertrag.PDF"))
    assert dokument.inhalt != original and dokument.seiten == 2
    assert dokument.dateiname == "mietvertrag.pdf" and dokument.entschaerft == []
    assert b"Mietvertrag Seite" in entpackt(dokument.inhalt)


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


def test_bidi_controls_leave_file_names_as_they_would_read():
    """U+202E makes "rechnung\u202efdp.exe.pdf" read as "rechnungfdp.exe.pdf" reversed:
    "rechnungfdp.exe" shows as "rechnungexe.pdf". The controls are removed."""
    dokument = aus(datei(pdf(), "rechnung\u202efdp.exe.pdf"))
    assert dokument.dateiname == "rechnungfdp.exe.pdf"
    dokument = aus(
        datei(pdf(), "\u2067\u0643\u0634\u0641\u200f \u062d\u0633\u0627\u0628\u2069.pdf")
    )
    assert dokument.dateiname == "\u0643\u0634\u0641 \u062d\u0633\u0627\u0628.pdf"


# bounded work (docs/adr/0068) ---------------------------------------------------------------


def handyfoto() -> bytes:
    """A 12-megapixel JPEG as a phone takes it (4032 x 3024, about 4 MB at quality 90)."""
    breite, hoehe = 4032, 3024
    flecken = Image.effect_noise((breite // 4, hoehe // 4), 60).resize((breite, hoehe))
    verlauf = Image.linear_gradient("L").resize((breite, hoehe))
    bild = Image.merge("RGB", (flecken, verlauf, Image.effect_noise((breite, hoehe), 25)))
    puffer = io.BytesIO()
    bild.save(puffer, "JPEG", quality=90)
    return puffer.getvalue()


def test_a_59_megapixel_png_is_refused_from_its_header_before_decoding():
    riesig = einfarbig_png(7680, 7680)
    assert len(riesig) < 1_000_000
    beginn = time.perf_counter()
    with pytest.raises(DateiFehler) as fehler:
        dokument_aus(
            [datei(foto("JPEG")), datei(riesig, "scan.png")], max_bytes=GRENZE, max_dateien=20
        )
    dauer = time.perf_counter() - beginn
    assert (fehler.value.nummer, fehler.value.code) == (1, "bild_zu_gross")
    assert fehler.value.werte == {"megapixel": 59, "max_megapixel": 50}
    assert dauer < 0.5, dauer


def test_twenty_big_pngs_are_refused_by_the_requests_pixel_budget_before_any_is_decoded():
    gross = einfarbig_png(7000, 7000)  # 49 megapixels each: under the limit per image
    beginn = time.perf_counter()
    with pytest.raises(DateiFehler) as fehler:
        dokument_aus([datei(gross, "seite.png")] * 20, max_bytes=GRENZE, max_dateien=20)
    assert (fehler.value.nummer, fehler.value.code) == (2, "bilder_zu_gross")
    assert fehler.value.werte == {"max_megapixel": 100}
    assert time.perf_counter() - beginn < 1.0


def test_a_jpeg_counts_with_the_pixels_it_is_decoded_at():
    # 48 megapixels (8000 x 6000) are decoded at half the scale: 12 count against the budget.
    photo = foto("JPEG", groesse=(8000, 6000))
    dokument = dokument_aus([datei(photo)] * 8, max_bytes=GRENZE, max_dateien=20)
    assert dokument.seiten == 8
    with pytest.raises(DateiFehler) as fehler:
        dokument_aus([datei(photo)] * 9, max_bytes=GRENZE, max_dateien=20)
    assert (fehler.value.nummer, fehler.value.code) == (8, "bilder_zu_gross")


def test_a_phone_photo_of_12_megapixels_and_4_mb_still_passes():
    original = handyfoto()
    assert 3_000_000 < len(original) < 6_000_000
    beginn = time.perf_counter()
    dokument = dokument_aus(
        [datei(original, "IMG_2041.JPG")], max_bytes=10 * 1024 * 1024, max_dateien=20
    )
    dauer = time.perf_counter() - beginn
    assert (dokument.dateiname, dokument.seiten) == ("IMG_2041.pdf", 1)
    assert dauer < 3.0, dauer


def seitenbaum(seiten: int) -> bytes:
    """A PDF of many pages sharing one content stream: 20,000 pages in about 185 KB."""
    dokument = pikepdf.new()
    inhalt = dokument.make_stream(b"BT 72 770 Td (Seite) Tj ET")
    wurzel = dokument.Root.Pages
    wurzel.Kids = pikepdf.Array(
        dokument.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                Parent=wurzel,
                MediaBox=pikepdf.Array([0, 0, 595, 842]),
                Contents=inhalt,
            )
        )
        for _ in range(seiten)
    )
    wurzel.Count = seiten
    return speichern(dokument, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def test_pages_are_limited_per_attachment_whatever_their_size():
    tausende = seitenbaum(20_000)
    assert len(tausende) < 250_000
    with pytest.raises(DateiFehler) as fehler:
        aus(datei(tausende, "kontoauszug.pdf"))
    assert (fehler.value.code, fehler.value.werte) == ("zu_viele_seiten", {"max_seiten": 300})
    assert aus(datei(seitenbaum(300))).seiten == 300
    with pytest.raises(DateiFehler) as fehler:
        aus(datei(seitenbaum(299)), datei(foto("JPEG")), datei(foto("PNG")))
    assert (fehler.value.nummer, fehler.value.code) == (2, "zu_viele_seiten")


def test_work_past_the_deadline_is_refused():
    with pytest.raises(DateiFehler) as fehler:
        dokument_aus(
            [datei(foto("JPEG"))], max_bytes=GRENZE, max_dateien=5, bis=time.monotonic() - 1
        )
    assert fehler.value.code == "anlage_zeitlimit"


# active content (docs/adr/0069) -------------------------------------------------------------


def test_active_content_is_removed_and_named_and_the_rest_kept():
    original = aktives_pdf()
    assert all(zeichen in original for zeichen in AKTIV)
    dokument = aus(datei(original, "abrechnung.pdf"))
    assert dokument.entschaerft == [
        "eingebettete_dateien",
        "javascript",
        "launch",
        "multimedia",
        "xfa",
    ]
    for ansicht in (dokument.inhalt, entpackt(dokument.inhalt)):
        assert [zeichen for zeichen in AKTIV if zeichen in ansicht] == []
    gelesen = entpackt(dokument.inhalt)
    assert b"Nebenkostenabrechnung" in gelesen and b"https://www.bund.de/" in gelesen
    assert b"/FT /Tx" in gelesen  # the form field stays, without its script


def test_a_pdf_among_photos_is_neutralised_too():
    dokument = aus(datei(foto("JPEG")), datei(aktives_pdf()), datei(foto("PNG")))
    assert dokument.seiten == 3 and "javascript" in dokument.entschaerft
    assert [zeichen for zeichen in AKTIV if zeichen in entpackt(dokument.inhalt)] == []


def test_encrypted_pdfs_need_their_password_and_restrictions_are_dropped():
    mit_passwort = speichern(
        pikepdf.open(io.BytesIO(pdf())),
        encryption=pikepdf.Encryption(user="geheim", owner="geheim"),
    )
    with pytest.raises(DateiFehler) as fehler:
        aus(datei(mit_passwort))
    assert fehler.value.code == "anlage_verschluesselt"
    nur_eingeschraenkt = speichern(
        pikepdf.open(io.BytesIO(pdf(text="Kontoauszug"))),
        encryption=pikepdf.Encryption(
            user="", owner="bank", allow=pikepdf.Permissions(print_highres=False)
        ),
    )
    dokument = aus(datei(nur_eingeschraenkt))
    assert dokument.entschaerft == ["verschluesselung"]
    with pikepdf.open(io.BytesIO(dokument.inhalt)) as gelesen:
        assert not gelesen.is_encrypted
    assert b"Kontoauszug" in entpackt(dokument.inhalt)


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
