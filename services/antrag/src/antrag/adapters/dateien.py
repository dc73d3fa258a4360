"""Uploaded files checked by content, bounded in work, and made into one PDF per attachment.

A file is accepted only when its first bytes say PDF, JPEG or PNG and a real parser reads it
(qpdf through pikepdf for PDF, Pillow for images); the name and the type the browser claimed
are ignored. One attachment is one PDF document.

- Work is bounded before it is done (docs/adr/0068): every image's size is read from its
  header and every PDF's page count from its page tree before a single pixel is decoded, so a
  highly compressible 59-megapixel PNG is refused in milliseconds. Limits per image, per
  request (decoded pixels, pages) and a deadline checked between the steps.
- A PDF is never passed on as it came (docs/adr/0069): JavaScript, launch and other actions,
  embedded files, multimedia and XFA forms are removed, and the file is written anew by qpdf
  (which also drops whatever a polyglot carries outside the PDF objects). ``Dokument.entschaerft``
  names what was removed, so the person and the Jobcenter can see it.
- Photos of a paper document become pages, turned upright, scaled to print size and without
  their EXIF metadata (which can hold the place a photo was taken). docs/adr/0032.
"""

from __future__ import annotations

import base64
import binascii
import io
import math
import re
import struct
import time
from dataclasses import dataclass, field

import pikepdf
from PIL import Image, ImageFile, ImageOps, JpegImagePlugin, PngImagePlugin

from contracts.text import dateiname as sicherer_dateiname

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

_MAGIE = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
# The image classes are chosen by the magic bytes; opened directly they read the header only.
_BILDKLASSEN: dict[str, type[ImageFile.ImageFile]] = {
    JPEG: JpegImagePlugin.JpegImageFile,
    PNG: PngImagePlugin.PngImageFile,
}
# A4 at 200 dpi on the long side: legible for a caseworker, small enough for XTA.
_LANGE_SEITE = 2339

# Limits of the work one upload may cause (docs/adr/0068). A phone photo has 12 to 50 megapixels.
# The request's budget counts the pixels that will be decoded (a JPEG at its reduced scale): the
# gateway's 11 MiB carry about three real photos (36 megapixels); more pixels than the budget
# come only with files made to be compressible.
MAX_PIXEL_BILD = 50_000_000
MAX_PIXEL_ANFRAGE = 100_000_000
MAX_SEITEN = 300
# Pillow's own guard for any other image this process opens: a warning above, an error above
# twice the limit.
Image.MAX_IMAGE_PIXELS = MAX_PIXEL_BILD

# Actions a PDF may keep: links within the document and to web pages, viewer menu items,
# layer switches. Everything else (JavaScript, Launch, SubmitForm, ImportData, GoToR, GoToE,
# Rendition, ...) is removed.
_ERLAUBTE_AKTIONEN = frozenset({"/GoTo", "/URI", "/Named", "/SetOCGState", "/Thread"})
_AKTION_ART = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/GoToE": "eingebettete_dateien",
    "/Rendition": "multimedia",
    "/RichMediaExecute": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
}
_AKTIVE_ANMERKUNGEN = {
    "/FileAttachment": "eingebettete_dateien",
    "/RichMedia": "multimedia",
    "/Screen": "multimedia",
    "/Movie": "multimedia",
    "/Sound": "multimedia",
    "/3D": "multimedia",
}
_PRUEFEN_ALLE = 500  # objects between two looks at the deadline


class DateiFehler(Exception):
    """One uploaded file is refused; ``nummer`` is its position, ``code`` says why, ``werte``
    fill in the message (numbers only, never a part of the file)."""

    def __init__(self, nummer: int, code: str, **werte: object) -> None:
        super().__init__(f"file {nummer}: {code}")
        self.nummer = nummer
        self.code = code
        self.werte = werte


@dataclass(frozen=True)
class Dokument:
    dateiname: str
    inhalt: bytes
    seiten: int
    mime_type: str = PDF
    # what was removed from the PDFs, e.g. ["eingebettete_dateien", "javascript"]
    entschaerft: list[str] = field(default_factory=list)


@dataclass
class _Datei:
    nummer: int
    inhalt: bytes
    art: str
    pdf: pikepdf.Pdf | None = None


def dokument_aus(
    dateien: object, *, max_bytes: int, max_dateien: int, bis: float | None = None
) -> Dokument:
    """``dateien``: ``[{"dateiname": str, "inhalt": base64}]`` as the RPC receives them;
    ``bis``: the deadline on ``time.monotonic()``."""
    if not isinstance(dateien, list) or not dateien:
        raise DateiFehler(0, "anlage_leer")
    if len(dateien) > max_dateien:
        raise DateiFehler(max_dateien, "zu_viele_dateien")
    gelesen: list[_Datei] = []
    for nummer, datei in enumerate(dateien):
        if not isinstance(datei, dict) or not isinstance(datei.get("inhalt"), str):
            raise DateiFehler(nummer, "anlage_beschaedigt")
        kodiert = datei["inhalt"]
        if len(kodiert) * 3 // 4 > max_bytes + 3:
            raise DateiFehler(nummer, "anlage_zu_gross")
        try:
            inhalt = base64.b64decode(kodiert, validate=True)
        except (binascii.Error, ValueError):
            raise DateiFehler(nummer, "anlage_beschaedigt") from None
        if not inhalt:
            raise DateiFehler(nummer, "anlage_leer")
        if len(inhalt) > max_bytes:
            raise DateiFehler(nummer, "anlage_zu_gross")
        art = _art(inhalt)
        if art is None:
            raise DateiFehler(nummer, "anlage_typ_nicht_erlaubt")
        gelesen.append(_Datei(nummer, inhalt, art))
    name = sicherer_dateiname(dateien[0].get("dateiname"))

    try:
        _umfang_pruefen(gelesen)
        entschaerft: set[str] = set()
        for datei in gelesen:
            _frist(bis, datei.nummer)
            if datei.pdf is not None:
                entschaerft |= _entschaerfen(datei.pdf, datei.nummer, bis)
        if len(gelesen) == 1 and gelesen[0].pdf is not None:
            ergebnis = gelesen[0].pdf
        else:
            ergebnis = pikepdf.new()
            for datei in gelesen:
                _frist(bis, datei.nummer)
                teil = datei.pdf if datei.pdf is not None else _bild_als_pdf(datei)
                ergebnis.add_pages_from(teil)
        inhalt = _schreiben(ergebnis, bis)
        seiten = len(ergebnis.pages)
    finally:
        for datei in gelesen:
            if datei.pdf is not None:
                datei.pdf.close()
    if len(inhalt) > max_bytes * max(1, len(gelesen)):
        raise DateiFehler(0, "anlage_zu_gross")
    return Dokument(_als_pdf_name(name), inhalt, seiten, entschaerft=sorted(entschaerft))


def _art(inhalt: bytes) -> str | None:
    for magie, art in _MAGIE:
        if inhalt.startswith(magie):
            return art
    return None


def _frist(bis: float | None, nummer: int) -> None:
    if bis is not None and time.monotonic() > bis:
        raise DateiFehler(nummer, "anlage_zeitlimit")


# limits, from headers and page trees only -------------------------------------------------


def _umfang_pruefen(gelesen: list[_Datei]) -> None:
    """Pixels and pages of the whole request, before anything is decoded or rewritten."""
    pixel = seiten = 0
    for datei in gelesen:
        if datei.art == PDF:
            datei.pdf = _pdf_oeffnen(datei.nummer, datei.inhalt)
            seiten += len(datei.pdf.pages)
        else:
            breite, hoehe = _bildgroesse(datei.nummer, datei.inhalt, datei.art)
            if breite * hoehe > MAX_PIXEL_BILD:
                raise DateiFehler(
                    datei.nummer,
                    "bild_zu_gross",
                    megapixel=math.ceil(breite * hoehe / 1_000_000),
                    max_megapixel=MAX_PIXEL_BILD // 1_000_000,
                )
            pixel += _zu_dekodieren(breite, hoehe, datei.art)
            seiten += 1
            if pixel > MAX_PIXEL_ANFRAGE:
                raise DateiFehler(
                    datei.nummer, "bilder_zu_gross", max_megapixel=MAX_PIXEL_ANFRAGE // 1_000_000
                )
        if seiten > MAX_SEITEN:
            raise DateiFehler(datei.nummer, "zu_viele_seiten", max_seiten=MAX_SEITEN)


def _jpeg_massstab(breite: int, hoehe: int) -> int:
    """The divisor (1, 2, 4, 8) a JPEG is decoded at and still gives the print size."""
    massstab = 1
    while massstab < 8 and max(breite, hoehe) // (massstab * 2) >= _LANGE_SEITE:
        massstab *= 2
    return massstab


def _zu_dekodieren(breite: int, hoehe: int, art: str) -> int:
    massstab = _jpeg_massstab(breite, hoehe) if art == JPEG else 1
    return math.ceil(breite / massstab) * math.ceil(hoehe / massstab)


def _bildgroesse(nummer: int, inhalt: bytes, art: str) -> tuple[int, int]:
    try:
        with _BILDKLASSEN[art](io.BytesIO(inhalt)) as kopf:
            return kopf.size
    except (OSError, SyntaxError, ValueError, TypeError, struct.error):
        raise DateiFehler(nummer, "anlage_beschaedigt") from None


def _pdf_oeffnen(nummer: int, inhalt: bytes) -> pikepdf.Pdf:
    try:
        pdf = pikepdf.open(io.BytesIO(inhalt))
    except pikepdf.PasswordError:
        raise DateiFehler(nummer, "anlage_verschluesselt") from None
    except (pikepdf.PdfError, ValueError, RuntimeError, OverflowError):
        raise DateiFehler(nummer, "anlage_beschaedigt") from None
    try:
        seiten = len(pdf.pages)
    except (pikepdf.PdfError, ValueError, RuntimeError, TypeError, OverflowError):
        pdf.close()
        raise DateiFehler(nummer, "anlage_beschaedigt") from None
    if seiten < 1:
        pdf.close()
        raise DateiFehler(nummer, "anlage_beschaedigt")
    return pdf


# images -------------------------------------------------------------------------------------


def _bild_als_pdf(datei: _Datei) -> pikepdf.Pdf:
    bild = _bild_lesen(datei.nummer, datei.inhalt, datei.art)
    puffer = io.BytesIO()
    # 200 dpi: a photo scaled to 2339 px on its long side prints as A4.
    bild.save(puffer, "PDF", resolution=200.0, quality=80)
    return pikepdf.open(io.BytesIO(puffer.getvalue()))


def _bild_lesen(nummer: int, inhalt: bytes, art: str) -> Image.Image:
    klasse = _BILDKLASSEN[art]
    try:
        with klasse(io.BytesIO(inhalt)) as probe:
            probe.verify()  # structure and checksums
        bild = klasse(io.BytesIO(inhalt))
        massstab = _jpeg_massstab(*bild.size) if art == JPEG else 1
        if massstab > 1:
            # Decoded at 1/2, 1/4 or 1/8 (in the JPEG's DCT): a 50-megapixel photo costs a
            # quarter of its pixels.
            bild.draft(bild.mode, (bild.width // massstab, bild.height // massstab))
        bild.load()  # decompress it all: a truncated file fails here
        bild = ImageOps.exif_transpose(bild)
    except (OSError, SyntaxError, ValueError, TypeError, Image.DecompressionBombError):
        raise DateiFehler(nummer, "anlage_beschaedigt") from None
    if bild.mode in ("RGBA", "LA", "P", "PA"):
        hintergrund = Image.new("RGB", bild.size, "white")
        rgba = bild.convert("RGBA")
        hintergrund.paste(rgba, mask=rgba.getchannel("A"))
        bild = hintergrund
    elif bild.mode not in ("RGB", "L"):
        bild = bild.convert("RGB")
    bild.thumbnail((_LANGE_SEITE, _LANGE_SEITE))
    return bild


# PDFs ---------------------------------------------------------------------------------------


def _entschaerfen(pdf: pikepdf.Pdf, nummer: int, bis: float | None) -> set[str]:
    """Remove active content in place; returns what kinds were found and removed."""
    entfernt: set[str] = set()
    if pdf.is_encrypted:
        # Only a file that opens without a password gets here (an owner password restricting
        # printing or copying, common on bank statements): written anew without it.
        entfernt.add("verschluesselung")
    root = pdf.Root
    namen = root.get("/Names")
    if isinstance(namen, pikepdf.Dictionary):
        for schluessel, art in (
            ("/JavaScript", "javascript"),
            ("/EmbeddedFiles", "eingebettete_dateien"),
        ):
            if schluessel in namen:
                del namen[schluessel]
                entfernt.add(art)
    if "/Collection" in root:  # a portfolio: its documents are embedded files
        del root["/Collection"]
        entfernt.add("eingebettete_dateien")
    formular = root.get("/AcroForm")
    if isinstance(formular, pikepdf.Dictionary) and "/XFA" in formular:
        del formular["/XFA"]
        entfernt.add("xfa")
    if "/NeedsRendering" in root:
        del root["/NeedsRendering"]

    for zaehler, seite in enumerate(pdf.pages):
        if zaehler % _PRUEFEN_ALLE == 0:
            _frist(bis, nummer)
        anmerkungen = seite.obj.get("/Annots")
        if not isinstance(anmerkungen, pikepdf.Array):
            continue
        behalten = []
        for anmerkung in anmerkungen:
            art = (
                _AKTIVE_ANMERKUNGEN.get(str(anmerkung.get("/Subtype")))
                if isinstance(anmerkung, pikepdf.Dictionary)
                else None
            )
            if art is None:
                behalten.append(anmerkung)
            else:
                entfernt.add(art)
        if len(behalten) != len(anmerkungen):
            seite.obj["/Annots"] = pikepdf.Array(behalten)

    # Actions hang off the catalog, pages, annotations, form fields and outline items, directly
    # or as shared objects: every dictionary of the file is looked at.
    for zaehler, objekt in enumerate(pdf.objects):
        if zaehler % _PRUEFEN_ALLE == 0:
            _frist(bis, nummer)
        _aktionen_entfernen(objekt, entfernt)
    return entfernt


def _aktionen_entfernen(objekt: object, entfernt: set[str]) -> None:
    """One indirect object and the direct objects inside it (indirect ones come on their own)."""
    offen = [objekt]
    while offen:
        aktuell = offen.pop()
        if isinstance(aktuell, pikepdf.Stream):
            aktuell = aktuell.stream_dict
        if isinstance(aktuell, pikepdf.Array):
            offen.extend(k for k in aktuell if _direkt_und_zusammengesetzt(k))
            continue
        if not isinstance(aktuell, pikepdf.Dictionary):
            continue
        typ = aktuell.get("/S")
        if isinstance(typ, pikepdf.Name) and str(typ) in _AKTION_ART:
            # an action however it is reached: left without its payload
            for schluessel in ("/JS", "/F", "/Win", "/Mac", "/Unix", "/R", "/D"):
                if schluessel in aktuell:
                    del aktuell[schluessel]
        if "/AA" in aktuell:
            _aktionsarten(aktuell["/AA"], entfernt, als_sammlung=True)
            del aktuell["/AA"]
        for schluessel in ("/A", "/OpenAction"):
            aktion = aktuell.get(schluessel)
            if isinstance(aktion, pikepdf.Dictionary) and not _erlaubt(aktion):
                _aktionsarten(aktion, entfernt)
                del aktuell[schluessel]
        offen.extend(
            aktuell[k] for k in list(aktuell.keys()) if _direkt_und_zusammengesetzt(aktuell[k])
        )


def _direkt_und_zusammengesetzt(objekt: object) -> bool:
    return isinstance(objekt, (pikepdf.Dictionary, pikepdf.Array)) and not objekt.is_indirect


def _kette(aktion: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """An action and those it names in /Next (a dictionary or an array), loops cut."""
    gesehen: set[tuple[int, int]] = set()
    kette, offen = [], [aktion]
    while offen and len(kette) < 1000:
        aktuell = offen.pop()
        if isinstance(aktuell, pikepdf.Array):
            offen.extend(aktuell)
            continue
        if not isinstance(aktuell, pikepdf.Dictionary):
            continue
        if aktuell.is_indirect:
            if aktuell.objgen in gesehen:
                continue
            gesehen.add(aktuell.objgen)
        kette.append(aktuell)
        if "/Next" in aktuell:
            offen.append(aktuell["/Next"])
    return kette


def _erlaubt(aktion: pikepdf.Dictionary) -> bool:
    return all(str(a.get("/S")) in _ERLAUBTE_AKTIONEN for a in _kette(aktion))


def _aktionsarten(wert: object, entfernt: set[str], *, als_sammlung: bool = False) -> None:
    if not isinstance(wert, pikepdf.Dictionary):
        return
    aktionen = [wert[k] for k in wert.keys()] if als_sammlung else [wert]  # noqa: SIM118
    for aktion in aktionen:
        if not isinstance(aktion, pikepdf.Dictionary):
            continue
        for teil in _kette(aktion):
            typ = str(teil.get("/S"))
            if typ not in _ERLAUBTE_AKTIONEN:
                entfernt.add(_AKTION_ART.get(typ, "andere_aktionen"))


def _schreiben(pdf: pikepdf.Pdf, bis: float | None) -> bytes:
    """qpdf writes only the objects reachable from the catalog: what was cut off above, and
    anything outside the PDF's objects (comments, bytes after %%EOF), is gone. Streams are
    copied as they are, never decoded (a compressed stream can unpack to gigabytes);
    uncompressed ones are compressed."""

    def fortschritt(_prozent: int) -> None:
        _frist(bis, 0)

    ausgabe = io.BytesIO()
    try:
        pdf.save(
            ausgabe,
            compress_streams=True,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            fix_metadata_version=False,
            preserve_pdfa=False,
            encryption=False,
            deterministic_id=True,
            progress=fortschritt,
        )
    except DateiFehler:
        raise
    except (pikepdf.PdfError, ValueError, RuntimeError, OverflowError):
        raise DateiFehler(0, "anlage_beschaedigt") from None
    return ausgabe.getvalue()


# file names ---------------------------------------------------------------------------------


def _als_pdf_name(name: str) -> str:
    stamm = re.sub(r"\.(pdf|jpe?g|png)$", "", name, flags=re.IGNORECASE) or "anlage"
    return f"{stamm}.pdf"
