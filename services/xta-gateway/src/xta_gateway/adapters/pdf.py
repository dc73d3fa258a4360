"""The PDF rendering of an application for the Jobcenter's e-file (reportlab, pinned).

The same generic walk as the XÖV renderer: sections as headings, fields as rows, repeating
entries numbered. Deterministic (``invariant``: no creation date, no random document id), so a
resend carries the same bytes and the XÖV message can name its sha256.

Not tagged, unlike the receipt and a Postkorb message (kernel.pdf): WeasyPrint costs 30 to 100
times as much CPU per document, on the delivery's hot path (docs/adr/0122). What costs nothing
is there: the document's language (/Lang de-DE, for a screen reader's voice) and the
application as the title the viewer shows.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from kernel import schriften
from xta_gateway.xoev.renderer import LEISTUNGSNAMEN, META

# Page streams zlib-compressed as binary, without the ASCII85 layer on top (reportlab's
# default): ASCII85 only keeps a PDF 7-bit clean, which nothing here needs, and reportlab's
# pure-Python encoder cost about a fifth of the rendering. Process-wide setting; reportlab
# is used for this PDF only.
rl_config.useA85 = 0

# Names as the person wrote them (kernel.schriften, docs/adr/0060). A document whose text is
# all WinAnsi (cp1252: German and most Western European names) is set in the standard
# Helvetica, which costs nothing to embed; any other character ("Łukasz", "Олександр") sets
# the whole document in DejaVu Sans, embedded as a subset (about 5 ms and 40 KB more). The
# choice follows from the content alone, so a resend has the same bytes. Registered at
# import: a missing font stops the service at start.
WINANSI = ("Helvetica", "Helvetica-Bold")
UNICODE = (schriften.NORMAL, schriften.FETT)
for _name in UNICODE:
    if _name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_name, str(schriften.datei(_name))))


class PdfUngueltig(Exception):
    """The rendering is no PDF (checked before it is stored or sent)."""


def rendern(
    payload: Mapping[str, Any], *, jobcenter_name: str | None, erstellt_am: datetime
) -> bytes:
    leistung = str(payload.get("leistung", ""))
    art = "Kurzantrag" if payload.get("kurzantrag") else "Antrag"
    schriften_ = WINANSI if _winansi(payload, jobcenter_name) else UNICODE
    seite = _Seite(f"{art}: {LEISTUNGSNAMEN.get(leistung, leistung)}", schriften_)
    for schluessel, wert in (
        ("Antrags-ID", payload.get("antrag_id", "")),
        ("Eingereicht am", payload.get("eingereicht_am", "")),
        ("Jobcenter", f"{jobcenter_name or ''} ({payload.get('jobcenter_id', '')})"),
        ("Formularversion", payload.get("definition_version", "")),
        ("Erstellt am", erstellt_am.isoformat()),
    ):
        seite.zeile(schluessel, str(wert))
    antrag = payload.get("antrag") or {}
    abschnitte = antrag.get("abschnitte") if isinstance(antrag, Mapping) else None
    if not isinstance(abschnitte, Mapping):
        abschnitte = {k: v for k, v in antrag.items() if k not in META}
    meta = {k: antrag[k] for k in META if k not in ("abschnitte", "anlagen") and k in antrag}
    for name, werte in [*abschnitte.items(), *meta.items()]:
        _abschnitt(seite, name, werte, ebene=0)
    anlagen = payload.get("anlagen") or []
    if anlagen:
        seite.ueberschrift("Anlagen", 0)
        for a in anlagen:
            seite.zeile(
                str(a.get("dateiname", "")), f"{a.get('mime_type')}, {a.get('groesse')} Bytes"
            )
    daten = seite.fertig()
    pruefen(daten)
    return daten


def _winansi(*inhalt: Any) -> bool:
    """Whether every character of the content is one the standard fonts have."""
    try:
        json.dumps(inhalt, ensure_ascii=False, default=str).encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


def pruefen(daten: bytes) -> None:
    if not daten.startswith(b"%PDF-") or b"%%EOF" not in daten[-1024:]:
        raise PdfUngueltig("the rendering is not a complete PDF")


class _Seite:
    """Plain text on A4 pages, drawn directly on the canvas: headings, then "key: value" rows
    with wrapped values (platypus tables cost ten times as much for the same content)."""

    RAND = 18 * mm
    SPALTE = 70 * mm

    def __init__(self, titel: str, schriften_: tuple[str, str]) -> None:
        self.schrift, self.fett = schriften_
        self.puffer = io.BytesIO()
        self.canvas = canvas.Canvas(self.puffer, pagesize=A4, invariant=1, lang="de-DE")
        self.canvas.setTitle(titel)
        self.canvas.setViewerPreference("DisplayDocTitle", "true")
        self.canvas.setAuthor("Sozialplattform")
        self.breite, self.hoehe = A4
        self.y = self.hoehe - self.RAND
        self._schrift: tuple[str, float] | None = None
        self._text(titel, self.fett, 15, self.RAND)
        self.y -= 8

    def _platz(self, hoehe: float) -> None:
        if self.y - hoehe < self.RAND:
            self.canvas.showPage()
            self.y = self.hoehe - self.RAND
            self._schrift = None  # a new page starts without a font set

    def _font(self, schrift: str, groesse: float) -> None:
        """setFont only when it changes (it writes a text operator each time)."""
        if self._schrift != (schrift, groesse):
            self.canvas.setFont(schrift, groesse)
            self._schrift = (schrift, groesse)

    def _text(self, text: str, schrift: str, groesse: float, x: float) -> None:
        self._platz(groesse + 3)
        self.y -= groesse + 3
        self._font(schrift, groesse)
        self.canvas.drawString(x, self.y, text)

    def ueberschrift(self, text: str, ebene: int) -> None:
        self.y -= 6 if ebene == 0 else 2
        self._text(text, self.fett, 12 if ebene == 0 else 10, self.RAND + ebene * 4 * mm)

    def zeile(self, schluessel: str, wert: str) -> None:
        breite = self.breite - 2 * self.RAND - self.SPALTE
        teile = simpleSplit(wert, self.schrift, 9, breite) or [""]
        for nummer, teil in enumerate(teile):
            self._platz(12)
            self.y -= 12
            if nummer == 0:
                self._font(self.fett, 9)
                self.canvas.drawString(self.RAND, self.y, schluessel[:60])
            self._font(self.schrift, 9)
            self.canvas.drawString(self.RAND + self.SPALTE, self.y, teil)

    def fertig(self) -> bytes:
        self.canvas.save()
        return self.puffer.getvalue()


def _abschnitt(seite: _Seite, name: str, werte: Any, ebene: int) -> None:
    if isinstance(werte, Mapping):
        seite.ueberschrift(name, ebene)
        for k, v in werte.items():
            if not _verschachtelt(v):
                seite.zeile(k, _text(v))
        for k, v in werte.items():
            if _verschachtelt(v):
                _abschnitt(seite, f"{name}.{k}" if ebene else k, v, ebene + 1)
    elif isinstance(werte, list) and werte and all(isinstance(w, Mapping) for w in werte):
        for nummer, eintrag in enumerate(werte, start=1):
            _abschnitt(seite, f"{name} {nummer}", eintrag, ebene + 1)
    elif werte not in (None, "", []):
        seite.zeile(name, _text(werte))


def _verschachtelt(wert: Any) -> bool:
    return isinstance(wert, Mapping) or (
        isinstance(wert, list) and bool(wert) and all(isinstance(w, Mapping) for w in wert)
    )


def _text(wert: Any) -> str:
    if isinstance(wert, bool):
        return "ja" if wert else "nein"
    if isinstance(wert, list):
        return ", ".join(_text(w) for w in wert)
    return "" if wert is None else str(wert)
