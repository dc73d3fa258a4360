"""Uploaded files checked by content, and made into one PDF per attachment.

A file is accepted only when its first bytes say PDF, JPEG or PNG and a real parser reads it
completely (pypdf for PDF, Pillow for images); the name and the type the browser claimed are
ignored. One attachment is one PDF document: a single PDF stays byte for byte as it came; photos
of a paper document (several pages) become one PDF, each photo one page, turned upright, scaled
to print size and without their EXIF metadata (which can hold the place a photo was taken).
docs/adr/0032.
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"

_MAGIE = (
    (b"%PDF-", PDF),
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
)
# A4 at 200 dpi on the long side: legible for a caseworker, small enough for XTA.
_LANGE_SEITE = 2339
_HOECHSTE_PIXEL = 60_000_000  # more is no photo of a page: refused, not decompressed

# pypdf logs what it finds broken in a file; the refusal says it, and a log line could quote
# from the file.
logging.getLogger("pypdf").setLevel(logging.CRITICAL)


class DateiFehler(Exception):
    """One uploaded file is refused; ``nummer`` is its position, ``code`` says why."""

    def __init__(self, nummer: int, code: str) -> None:
        super().__init__(f"file {nummer}: {code}")
        self.nummer = nummer
        self.code = code


@dataclass(frozen=True)
class Dokument:
    dateiname: str
    inhalt: bytes
    seiten: int
    mime_type: str = PDF


def dokument_aus(dateien: object, *, max_bytes: int, max_dateien: int) -> Dokument:
    """``dateien``: ``[{"dateiname": str, "inhalt": base64}]`` as the RPC receives them."""
    if not isinstance(dateien, list) or not dateien:
        raise DateiFehler(0, "anlage_leer")
    if len(dateien) > max_dateien:
        raise DateiFehler(max_dateien, "zu_viele_dateien")
    gelesen: list[tuple[str, bytes, str]] = []
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
        gelesen.append((_dateiname(datei.get("dateiname")), inhalt, art))

    name = gelesen[0][0]
    if len(gelesen) == 1 and gelesen[0][2] == PDF:
        return Dokument(_als_pdf_name(name), gelesen[0][1], _pdf_seiten(0, gelesen[0][1]))
    teile = [
        _pdf_lesen(nummer, inhalt) if art == PDF else _bild_lesen(nummer, inhalt)
        for nummer, (_, inhalt, art) in enumerate(gelesen)
    ]
    inhalt, seiten = _zusammenfuegen(teile)
    if len(inhalt) > max_bytes * max(1, len(gelesen)):
        raise DateiFehler(0, "anlage_zu_gross")
    return Dokument(_als_pdf_name(name), inhalt, seiten)


def _art(inhalt: bytes) -> str | None:
    for magie, art in _MAGIE:
        if inhalt.startswith(magie):
            return art
    return None


def _pdf_seiten(nummer: int, inhalt: bytes) -> int:
    return len(_pdf_lesen(nummer, inhalt).pages)


def _pdf_lesen(nummer: int, inhalt: bytes) -> PdfReader:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(inhalt), strict=False)
            if reader.is_encrypted:
                raise DateiFehler(nummer, "anlage_verschluesselt")
            seiten = len(reader.pages)
            for seite in reader.pages:
                seite.mediabox  # noqa: B018 - reading each page's box parses the page tree
    except DateiFehler:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        raise DateiFehler(nummer, "anlage_beschaedigt") from None
    if seiten < 1:
        raise DateiFehler(nummer, "anlage_beschaedigt")
    return reader


def _bild_lesen(nummer: int, inhalt: bytes) -> Image.Image:
    try:
        with Image.open(io.BytesIO(inhalt)) as probe:
            if probe.width * probe.height > _HOECHSTE_PIXEL:
                raise DateiFehler(nummer, "anlage_zu_gross")
            probe.verify()  # structure and checksums
        bild = Image.open(io.BytesIO(inhalt))
        bild.load()  # decompress it all: a truncated file fails here
        bild = ImageOps.exif_transpose(bild)
    except DateiFehler:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise DateiFehler(nummer, "anlage_beschaedigt") from None
    if bild.mode in ("RGBA", "LA", "P"):
        hintergrund = Image.new("RGB", bild.size, "white")
        rgba = bild.convert("RGBA")
        hintergrund.paste(rgba, mask=rgba.getchannel("A"))
        bild = hintergrund
    elif bild.mode not in ("RGB", "L"):
        bild = bild.convert("RGB")
    bild.thumbnail((_LANGE_SEITE, _LANGE_SEITE))
    return bild


def _zusammenfuegen(teile: list) -> tuple[bytes, int]:  # noqa: ANN001
    writer = PdfWriter()
    for teil in teile:
        if isinstance(teil, Image.Image):
            puffer = io.BytesIO()
            # 200 dpi: a photo scaled to 2339 px on its long side prints as A4.
            teil.save(puffer, "PDF", resolution=200.0, quality=80)
            writer.append(PdfReader(io.BytesIO(puffer.getvalue())))
        else:
            writer.append(teil)
    writer.add_metadata({"/Producer": "Sozialplattform"})
    ausgabe = io.BytesIO()
    writer.write(ausgabe)
    return ausgabe.getvalue(), len(writer.pages)


def _dateiname(name: object) -> str:
    """A file name safe to show and store: no path, no control characters, at most 120."""
    if not isinstance(name, str):
        return "anlage"
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip(" .")
    return name[:120] or "anlage"


def _als_pdf_name(name: str) -> str:
    stamm = re.sub(r"\.(pdf|jpe?g|png)$", "", name, flags=re.IGNORECASE) or "anlage"
    return f"{stamm}.pdf"
