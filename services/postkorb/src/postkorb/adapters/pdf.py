"""A message as PDF, to keep or print: subject, sender, date, file number, the text, the
notice dates, the list of attachments (reportlab, DejaVu Sans: kernel.schriften)."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from kernel import schriften

ABSENDER = {"jobcenter": "Jobcenter", "person": "Sie", "system": "Sozialplattform"}
_registriert = False


def _schriften() -> None:
    global _registriert  # noqa: PLW0603 - registered once per process
    if not _registriert:
        pdfmetrics.registerFont(TTFont(schriften.NORMAL, str(schriften.datei(schriften.NORMAL))))
        pdfmetrics.registerFont(TTFont(schriften.FETT, str(schriften.datei(schriften.FETT))))
        _registriert = True


def nachricht_als_pdf(nachricht: dict[str, Any]) -> bytes:
    _schriften()
    normal = ParagraphStyle("normal", fontName=schriften.NORMAL, fontSize=10.5, leading=14)
    titel = ParagraphStyle("titel", parent=normal, fontName=schriften.FETT, fontSize=14, leading=18)
    klein = ParagraphStyle("klein", parent=normal, fontSize=9, leading=12)
    puffer = io.BytesIO()
    dokument = SimpleDocTemplate(
        puffer,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
        title="Nachricht",
        author="Sozialplattform",
    )
    teile: list[Any] = [Paragraph(escape(str(nachricht.get("betreff") or "")), titel)]
    kopf = [
        f"Von: {ABSENDER.get(nachricht['absender'], nachricht['absender'])}",
        f"Eingegangen: {nachricht['am']}",
    ]
    for schluessel, name in (
        ("aktenzeichen", "Aktenzeichen"),
        ("frist", "Frist"),
        ("bekanntgabe_am", "Gilt als bekannt gegeben am"),
        ("frist_ende", "Widerspruchsfrist endet am"),
        ("antwortadresse", "Antwort an"),
    ):
        if nachricht.get(schluessel):
            kopf.append(f"{name}: {nachricht[schluessel]}")
    teile += [Spacer(1, 4 * mm), *(Paragraph(escape(z), klein) for z in kopf), Spacer(1, 6 * mm)]
    for absatz in str(nachricht.get("text") or "").split("\n"):
        teile.append(Paragraph(escape(absatz) or "&nbsp;", normal))
    if nachricht.get("anlagen"):
        teile += [Spacer(1, 6 * mm), Paragraph("Anlagen:", klein)]
        teile += [
            Paragraph(escape(f"{a['dateiname']} ({a['groesse']} Bytes)"), klein)
            for a in nachricht["anlagen"]
        ]
    dokument.build(teile)
    return puffer.getvalue()
