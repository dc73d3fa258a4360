"""A message as PDF, to keep or print: subject, sender, date, file number, the text, the notice
dates, the list of attachments.

A citizen's document, so it is accessible (BITV 2.0): a tagged PDF/UA-1 laid out from HTML by
WeasyPrint (kernel.pdf, docs/adr/0122): the subject as the heading and the window's title, the
message's details as a table with row headers, the text as paragraphs, the attachments as a
list, German as the document's language. A screen reader announces that structure; HarfBuzz
shapes the text, so an Arabic name or sentence joins and reads in order. The same message gives
the same bytes.
"""

from __future__ import annotations

from html import escape
from typing import Any

from kernel import pdf

ABSENDER = {"jobcenter": "Jobcenter", "person": "Sie", "system": "Sozialplattform"}
_KOPF = (
    ("aktenzeichen", "Aktenzeichen"),
    ("frist", "Frist"),
    ("bekanntgabe_am", "Gilt als bekannt gegeben am"),
    ("frist_ende", "Widerspruchsfrist endet am"),
    ("antwortadresse", "Antwort an"),
)
_STIL = """
@page { size: A4; margin: 20mm; }
body { font-family: DejaVuSans; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 14pt; margin: 0 0 4mm; }
h2 { font-size: 10.5pt; margin: 6mm 0 1.5mm; }
p { margin: 0 0 2.5mm; }
table { border-collapse: collapse; margin-bottom: 6mm; font-size: 9pt; }
th, td { text-align: left; vertical-align: top; padding: 0.5mm 3mm 0.5mm 0; }
th { font-weight: normal; }
ul { margin: 0; padding-left: 5mm; font-size: 9pt; }
"""


def nachricht_als_pdf(nachricht: dict[str, Any]) -> bytes:
    return pdf.schreiben(nachricht_als_html(nachricht))


def nachricht_als_html(nachricht: dict[str, Any]) -> str:
    """The message as the HTML document its PDF is laid out from; every value escaped."""
    betreff = str(nachricht.get("betreff") or "").strip()
    kopf = [
        ("Von", ABSENDER.get(nachricht["absender"], nachricht["absender"])),
        ("Eingegangen", nachricht["am"]),
        *((name, nachricht[schluessel]) for schluessel, name in _KOPF if nachricht.get(schluessel)),
    ]
    teile = [
        f"<h1>{escape(betreff or 'Nachricht')}</h1>",
        "<table><tbody>",
        *(
            f'<tr><th scope="row">{escape(name)}:</th><td>{escape(str(wert))}</td></tr>'
            for name, wert in kopf
        ),
        "</tbody></table>",
        *_absaetze(str(nachricht.get("text") or "")),
    ]
    if nachricht.get("anlagen"):
        teile += [
            "<h2>Anlagen</h2><ul>",
            *(
                f"<li>{escape(a['dateiname'])} ({a['groesse']} Bytes)</li>"
                for a in nachricht["anlagen"]
            ),
            "</ul>",
        ]
    return pdf.dokument(
        sprache="de-DE",
        titel=f"Nachricht: {betreff}" if betreff else "Nachricht",
        stil=_STIL,
        inhalt="".join(teile),
    )


def _absaetze(text: str) -> list[str]:
    """A paragraph per block of lines (blank lines separate them), its lines kept apart."""
    absaetze = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        zeilen = [escape(zeile) for zeile in block.strip("\n").split("\n")]
        if any(z.strip() for z in zeilen):
            absaetze.append(f"<p>{'<br>'.join(zeilen)}</p>")
    return absaetze
