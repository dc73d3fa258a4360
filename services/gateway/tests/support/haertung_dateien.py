"""Files as people upload them: phone photos of several megabytes and scanned PDFs, real JPEG
and PDF that Pillow writes and pypdf reads. Noise over a gradient keeps JPEG from compressing
them to a few hundred kilobytes, as the grain of a real photo does."""

from __future__ import annotations

import io

from PIL import Image, ImageChops


def _bild(breite: int, hoehe: int, koernung: int) -> Image.Image:
    verlauf = Image.linear_gradient("L").resize((breite, hoehe))
    kanaele = [
        ImageChops.add(Image.effect_noise((breite, hoehe), koernung), verlauf, scale=2.0)
        for _ in range(3)
    ]
    return Image.merge("RGB", kanaele)


def handyfoto(koernung: int = 20) -> bytes:
    """A 12-megapixel phone photo (4000 x 3000): about 3.7 MB at 20, 6 MB at 40."""
    datei = io.BytesIO()
    _bild(4000, 3000, koernung).save(datei, "JPEG", quality=90)
    return datei.getvalue()


def scan_pdf(koernung: int = 28) -> bytes:
    """A colour scan of four A4 pages at 300 dpi, one JPEG each: about 10 MB at 28 (pages
    two to four are the first one mirrored, which costs no compression)."""
    seite = _bild(2480, 3508, koernung)
    bilder = [
        seite,
        seite.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
        seite.transpose(Image.Transpose.FLIP_TOP_BOTTOM),
        seite.transpose(Image.Transpose.ROTATE_180),
    ]
    datei = io.BytesIO()
    bilder[0].save(
        datei, "PDF", save_all=True, append_images=bilder[1:], resolution=300, quality=85
    )
    return datei.getvalue()
