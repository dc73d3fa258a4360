"""The platform's PDFs for people as tagged PDF/UA-1, laid out from HTML by WeasyPrint: the
receipt (antrag) and a Postkorb message (postkorb); docs/adr/0120 and 0122. (The Jobcenter's
e-file stays on reportlab for its cost on the delivery path: docs/adr/0122.)

What they share is here once: DejaVu Sans (kernel.schriften) as ``@font-face``, embedded
as a subset; the HTML skeleton that carries the document's language (``/Lang``) and title (the
window's title) and names the author; and the one call that writes the PDF. WeasyPrint writes
the structure tree from the HTML (h1-h6, p, tables with their header cells, lists) and the
headings as bookmarks; HarfBuzz shapes the text, so Arabic joins and reads right to left.

Same bytes for the same HTML, so nothing needs to be stored: the skeleton names no creation
or modification date (WeasyPrint writes the dates of ``dcterms.created``/``dcterms.modified``
only), and no file identifier is asked for (PDF/UA-1 needs none; WeasyPrint's would be a hash
of the content anyway). Each PDF's tests check it.

Requires ``weasyprint`` (the kernel's ``pdf`` extra) and Debian's Pango and HarfBuzz's subsetter
(``scripts/setup.sh fonts``). The font files are looked up when this module is imported, and a
missing one raises ``kernel.schriften.SchriftFehlt`` naming the package to install: antrag
imports it at start; postkorb at its first message PDF, so it starts without loading WeasyPrint.
"""

from __future__ import annotations

from html import escape

from weasyprint import HTML

from kernel import schriften

VARIANTE = "pdf/ua-1"
SCHRIFT = "DejaVuSans"
AUTOR = "Sozialplattform"

SCHRIFTEN_CSS = "".join(
    f"@font-face {{ font-family: {SCHRIFT}; font-weight: {gewicht}; "
    f"src: url({schriften.datei(name).resolve().as_uri()}); }}"
    for gewicht, name in (("normal", schriften.NORMAL), ("bold", schriften.FETT))
)


def dokument(*, sprache: str, titel: str, stil: str, inhalt: str) -> str:
    """The HTML document a PDF is laid out from. ``sprache``: a BCP 47 tag (``de-DE``), the
    PDF's /Lang; ``titel``: plain text, escaped here; ``stil``: the document's CSS, after the
    font faces (``font-family: DejaVuSans``); ``inhalt``: the body, already escaped HTML."""
    return (
        f'<!DOCTYPE html><html lang="{escape(sprache)}"><head>'
        f'<meta charset="utf-8"><title>{escape(titel)}</title>'
        f'<meta name="author" content="{AUTOR}">'
        f"<style>{SCHRIFTEN_CSS}{stil}</style></head><body>{inhalt}</body></html>"
    )


def schreiben(html: str) -> bytes:
    """The tagged PDF (PDF/UA-1) of ``html``, as ``dokument`` builds it."""
    return HTML(string=html).write_pdf(pdf_variant=VARIANTE)
