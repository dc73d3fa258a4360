"""The receipt (Eingangsbestätigung): a PDF with the submitted content, the submission time and
a SHA-256 checksum of exactly what was submitted.

The checksum is taken over the AntragEingereicht payload in canonical JSON (keys sorted, UTF-8,
no spaces): whoever holds the same payload (the Jobcenter, from the XÖV message's data, or the
person, from an export) computes the same value. The PDF is built deterministically (reportlab
``invariant``), so asking again gives the same bytes: nothing needs to be stored.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape
from zoneinfo import ZoneInfo

import orjson
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from antrag.domain.formular import Feld, Formular
from contracts.text import unzulaessige_zeichen
from kernel import schriften

_BERLIN = ZoneInfo("Europe/Berlin")
# DejaVu Sans, embedded (kernel.schriften, docs/adr/0060): names and answers as the person
# wrote them, "Łukasz" and "Олександр" too. Registered when the service loads this module, so
# a missing font stops it at start rather than at a person's receipt.
_SCHRIFT = schriften.NORMAL
_FETT = schriften.FETT
for _name in (_SCHRIFT, _FETT):
    if _name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(_name, str(schriften.datei(_name))))


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap with each character as UTF-16BE, as the PDF standard wants.

    reportlab (5.1) writes a code point beyond the Basic Multilingual Plane as five or six hex
    digits (``<1D504>``), which no reader decodes: "𝔄", "𠀀" or an emoji in a name vanished from
    the receipt's text layer (copy, search, screen readers). A surrogate pair is what belongs
    there (``<D835DD04>``). Where DejaVu Sans has no glyph, the page shows its box, and the text
    layer still says which character it is (docs/adr/0067).
    """
    zeilen = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(
            f"<{code:02X}> <{chr(zeichen).encode('utf-16-be', 'surrogatepass').hex().upper()}>"
            for code, zeichen in enumerate(subset)
        ),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(zeilen)


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def _ohne_glyphe_eigener_code(*werte: Any) -> None:
    """Give each character of ``werte`` that the font lacks a code of its own, drawn as the
    font's box (.notdef). reportlab draws them all with code 0, so in the text layer every
    such character (a CJK name, "𠀀", a Fraktur letter) became the same U+0000.

    Names in every script are accepted (docs/adr/0066); the receipt cannot draw every script
    with one embedded font, but its text says exactly what was submitted (docs/adr/0067).
    """
    im_text = {ord(zeichen) for text in _texte(werte) for zeichen in text if ord(zeichen) >= 0x20}
    for name in (_SCHRIFT, _FETT):
        zuordnung = pdfmetrics.getFont(name).face.charToGlyph
        for code in im_text - zuordnung.keys():
            zuordnung[code] = 0


def _texte(wert: Any) -> Iterator[str]:
    if isinstance(wert, str):
        yield wert
    elif isinstance(wert, dict):
        for key, item in wert.items():
            yield str(key)
            yield from _texte(item)
    elif isinstance(wert, list | tuple):
        for item in wert:
            yield from _texte(item)


def pruefsumme(payload: dict[str, Any]) -> str:
    return hashlib.sha256(orjson.dumps(payload, option=orjson.OPT_SORT_KEYS)).hexdigest()


def quittung_pdf(
    formular: Formular,
    eingereicht: dict[str, Any],
    *,
    zeitpunkt: str,
    jobcenter_name: str | None,
    jobcenter_kontakt: Mapping[str, Any] | None = None,
) -> bytes:
    """``eingereicht``: the AntragEingereicht payload; ``zeitpunkt``: when it was recorded;
    ``jobcenter_kontakt``: how to reach the Jobcenter, as zustaendigkeit answers it."""
    kontakt = kontaktzeilen(jobcenter_kontakt)
    _ohne_glyphe_eigener_code(eingereicht, jobcenter_name, kontakt)
    text = ParagraphStyle("text", fontName=_SCHRIFT, fontSize=9, leading=12)
    titel = ParagraphStyle("titel", parent=text, fontName=_FETT, fontSize=15, leading=19)
    ueberschrift = ParagraphStyle("h", parent=text, fontName=_FETT, fontSize=11, leading=15)

    antrag = eingereicht["antrag"]
    kurz = eingereicht["kurzantrag"]
    kopf = [
        ("Leistung", formular.titel.de),
        ("Antragsnummer", str(eingereicht["antrag_id"])),
        ("Jobcenter", f"{jobcenter_name or ''} ({eingereicht['jobcenter_id']})".strip()),
        ("Wohnort", _wohnort(antrag.get("wohnort") or {})),
        ("Antrag gestellt am", _zeit(eingereicht["eingereicht_am"])),
        ("Übermittelt am", _zeit(zeitpunkt)),
        ("Art", "Kurzantrag (sichert das Antragsdatum, § 37 SGB II)" if kurz else "Vollantrag"),
        ("Formularversion", eingereicht["definition_version"]),
    ]
    if antrag.get("dringlich"):
        kopf.append(("Hinweis", "Eilbedürftig"))
    teile: list = [
        Paragraph("Eingangsbestätigung", titel),
        Paragraph(escape(formular.titel.de), ueberschrift),
        Spacer(1, 4 * mm),
        _tabelle(kopf, text),
        Spacer(1, 4 * mm),
    ]
    if kontakt:
        teile.extend(
            [
                Paragraph("So erreichen Sie Ihr Jobcenter", ueberschrift),
                _tabelle(kontakt, text),
                Spacer(1, 4 * mm),
            ]
        )
    for abschnitt in formular.abschnitte:
        daten = antrag.get("abschnitte", {}).get(abschnitt.name)
        if daten is None:
            continue
        quelle = f"{abschnitt.vordruck}, " if abschnitt.vordruck else ""
        teile.append(
            Paragraph(
                f"{escape(abschnitt.titel.de)} <font size=8>({escape(quelle)}"
                f"{escape(abschnitt.rechtsgrundlage)})</font>",
                ueberschrift,
            )
        )
        teile.append(_tabelle(_zeilen(abschnitt.felder, daten, ""), text))
        teile.append(Spacer(1, 3 * mm))
    if eingereicht["anlagen"]:
        teile.append(Paragraph("Anlagen", ueberschrift))
        teile.append(
            _tabelle(
                [
                    (a["dateiname"], f"{a['groesse']} Bytes, SHA-256 {a['sha256']}")
                    for a in eingereicht["anlagen"]
                ],
                text,
            )
        )
    teile.extend(
        [
            Spacer(1, 6 * mm),
            Paragraph("Prüfsumme (SHA-256) des übermittelten Antrags", ueberschrift),
            Paragraph(pruefsumme(eingereicht), text),
            Paragraph(
                "Die Prüfsumme ist über die übermittelten Antragsdaten in kanonischem JSON "
                "gebildet. Bewahren Sie diese Bestätigung auf.",
                text,
            ),
        ]
    )
    puffer = io.BytesIO()
    SimpleDocTemplate(
        puffer,
        pagesize=A4,
        title="Eingangsbestätigung",
        author="Sozialplattform",
        invariant=1,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    ).build(teile)
    return puffer.getvalue()


def kontaktzeilen(kontakt: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """The receipt's contact block (docs/adr/0085): the Jobcenter's details with their source,
    or what can honestly be said without them. The gateway passes them from zustaendigkeit;
    a value that is no single line of text is left out, not printed."""
    if not kontakt:
        return []

    def wert(name: str) -> str | None:
        inhalt = kontakt.get(name)
        gut = isinstance(inhalt, str) and 0 < len(inhalt) <= 500
        return inhalt if gut and not unzulaessige_zeichen(inhalt, einzeilig=True) else None

    if kontakt.get("bekannt") is not True:
        zeilen = [("Kontaktdaten", "liegen uns nicht vor")]
        if wert("website"):
            zeilen.append(("Online", str(wert("website"))))
        if wert("traeger"):
            zeilen.append(("Träger (Kreis oder kreisfreie Stadt)", str(wert("traeger"))))
        return zeilen
    zeilen = []
    anschrift = kontakt.get("anschrift")
    if isinstance(anschrift, Mapping):
        teile = [anschrift.get(n) for n in ("strasse", "plz", "ort")]
        if all(
            isinstance(t, str) and t and not unzulaessige_zeichen(t, einzeilig=True) for t in teile
        ):
            zeilen.append(("Adresse", f"{teile[0]}, {teile[1]} {teile[2]}"))
    for name, titel in (
        ("telefon", "Telefon"),
        ("email", "E-Mail"),
        ("website", "Internetseite"),
        ("oeffnungszeiten", "Öffnungszeiten"),
    ):
        if wert(name):
            zeilen.append((titel, str(wert(name))))
    if wert("quelle"):
        zeilen.append(("Quelle", f"{wert('quelle')}, Stand {wert('stand') or '?'}"))
    return zeilen


def _tabelle(zeilen: list[tuple[str, str]], stil: ParagraphStyle) -> Table:
    if not zeilen:
        zeilen = [("", "")]
    tabelle = Table(
        [[Paragraph(escape(a), stil), Paragraph(escape(b), stil)] for a, b in zeilen],
        colWidths=[65 * mm, 109 * mm],
    )
    tabelle.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
            ]
        )
    )
    return tabelle


def _zeilen(felder: tuple[Feld, ...], daten: dict[str, Any], einrueckung: str) -> list:
    zeilen: list[tuple[str, str]] = []
    for feld in felder:
        if feld.name not in daten:
            continue
        wert = daten[feld.name]
        if feld.typ == "gruppe":
            for nummer, eintrag in enumerate(wert, start=1):
                zeilen.append((f"{einrueckung}{feld.label.de} {nummer}", ""))
                zeilen.extend(_zeilen(feld.felder, eintrag, einrueckung + "    "))
            continue
        zeilen.append((einrueckung + feld.label.de, _anzeige(feld, wert)))
    return zeilen


def _anzeige(feld: Feld, wert: Any) -> str:
    if feld.typ == "ja_nein":
        return "Ja" if wert else "Nein"
    if feld.typ == "auswahl":
        return next((o.label.de for o in feld.optionen if o.wert == wert), str(wert))
    if feld.typ == "mehrfachauswahl":
        return ", ".join(o.label.de for o in feld.optionen if o.wert in wert)
    if feld.typ == "datum":
        jahr, monat, tag = str(wert).split("-")
        return f"{tag}.{monat}.{jahr}"
    if feld.typ == "betrag":
        betrag = f"{Decimal(str(wert)):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{betrag} €"
    return str(wert)


def _wohnort(wohnort: dict[str, str]) -> str:
    ort = f"{wohnort.get('plz', '')} {wohnort.get('ort', '')}".strip()
    return f"{wohnort['strasse']}, {ort}" if wohnort.get("strasse") else ort


def _zeit(zeitpunkt: str) -> str:
    lokal = datetime.fromisoformat(zeitpunkt).astimezone(_BERLIN)
    return lokal.strftime("%d.%m.%Y, %H:%M Uhr")
