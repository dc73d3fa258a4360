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
import itertools
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

from antrag.domain.formular import Feld, Formular, Text
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


# The receipt's own words in the person's language (de, en, ls; docs/adr/0089), by their
# German text; the contact block's labels (kontaktzeilen) too.
_WORTE: dict[str, tuple[str, str]] = {
    "Eingangsbestätigung": ("Receipt", "Bestätigung: Ihr Antrag ist angekommen"),
    "Leistung": ("Benefit", "Antrag auf"),
    "Antragsnummer": ("Application number", "Antrags·nummer"),
    "Interne Kennung": ("Internal ID", "Nummer für die Technik"),
    "Jobcenter": ("Jobcenter", "Jobcenter"),
    "Wohnort": ("Place of residence", "Wohn·ort"),
    "Antrag gestellt am": ("Applied on", "Antrag gestellt am"),
    "Übermittelt am": ("Sent on", "Abgeschickt am"),
    "Art": ("Kind", "Art"),
    "Kurzantrag (sichert das Antragsdatum, § 37 SGB II)": (
        "Short application (secures the application date, section 37 SGB II)",
        "Kurz·antrag: Das Datum von Ihrem Antrag ist sicher.",
    ),
    "Vollantrag": ("Complete application", "Ganzer Antrag"),
    "Formularversion": ("Form version", "Formular·version"),
    "Hinweis": ("Note", "Wichtig"),
    "Eilbedürftig": ("Urgent", "Sehr eilig"),
    "Frist": ("Deadline", "Bis wann?"),
    "Schonfrist bis {datum} (§ 569 Abs. 3 Nr. 2 BGB)": (
        "Grace period until {datum} (section 569 (3) no. 2 BGB)",
        "Schon·frist bis {datum}",
    ),
    "So erreichen Sie Ihr Jobcenter": (
        "How to reach your Jobcenter",
        "So erreichen Sie Ihr Jobcenter",
    ),
    "Kontaktdaten": ("Contact details", "Kontakt·daten"),
    "liegen uns nicht vor": ("not known to us", "haben wir nicht"),
    "Online": ("Online", "Im Internet"),
    "Träger (Kreis oder kreisfreie Stadt)": (
        "Run by (district or city)",
        "Wer ist verantwortlich? (Kreis oder Stadt)",
    ),
    "Adresse": ("Address", "Adresse"),
    "Telefon": ("Phone", "Telefon"),
    "E-Mail": ("E-mail", "E-Mail"),
    "Internetseite": ("Website", "Internet·seite"),
    "Öffnungszeiten": ("Opening hours", "Öffnungs·zeiten"),
    "Quelle": ("Source", "Woher die Daten kommen"),
    "Anlagen": ("Attachments", "Ihre Dateien"),
    "Ja": ("Yes", "Ja"),
    "Nein": ("No", "Nein"),
    "Wie es weitergeht": ("What happens next", "So geht es weiter"),
    "Prüfsumme (SHA-256) des übermittelten Antrags": (
        "Checksum (SHA-256) of the application sent",
        "Prüf·summe (SHA-256)",
    ),
}
_WEITER = {
    "kurz": Text(
        "Ihr Antragsdatum ist gesichert. Füllen Sie den Antrag jetzt vollständig aus und reichen "
        "Sie ihn ein. Das Gesetz nennt dafür keine Frist; Ihr Jobcenter sagt Ihnen, bis wann. "
        "Wir empfehlen: bis zum {datum}.",
        "Your application date is secured. Now fill in the whole application and submit it. "
        "The law sets no deadline for it; your Jobcenter will tell you by when. We recommend: "
        "by {datum}.",
        "Das Datum von Ihrem Antrag ist sicher. Füllen Sie jetzt den ganzen Antrag aus. Dann "
        "schicken Sie ihn ab. Ihr Jobcenter sagt Ihnen, bis wann. Unser Tipp: bis zum {datum}.",
    ),
    "voll": Text(
        "Ihr Jobcenter prüft Ihren Antrag. Fehlt etwas, meldet es sich bei Ihnen. Über Ihren "
        "Antrag entscheidet das Jobcenter mit einem Bescheid.",
        "Your Jobcenter checks your application. If anything is missing, it will contact you. "
        "The Jobcenter decides on your application in a written decision (Bescheid).",
        "Ihr Jobcenter prüft jetzt Ihren Antrag. Wenn etwas fehlt, meldet sich das Jobcenter "
        "bei Ihnen. Danach bekommen Sie einen Brief vom Jobcenter. Der Brief heißt Bescheid. "
        "Darin steht: Bekommen Sie das Geld?",
    ),
    "aufbewahren": Text(
        "Bewahren Sie diese Bestätigung auf. Sie zeigt, wann Sie den Antrag gestellt haben. "
        "Nennen Sie am Telefon die Antragsnummer. Mit der Prüfsumme lässt sich zeigen, dass "
        "der Inhalt nicht verändert wurde.",
        "Keep this receipt. It shows when you applied. Give the application number on the "
        "phone. The checksum shows that the content was not changed.",
        "Heben Sie diese Bestätigung gut auf. Sie zeigt: Wann haben Sie den Antrag gestellt? "
        "Am Telefon sagen Sie die Antrags·nummer. Die Prüf·summe zeigt: Niemand hat den Antrag "
        "verändert.",
    ),
}
# the document's language (/Lang): Leichte Sprache is German
_PDF_SPRACHE = {"de": "de-DE", "en": "en-GB", "ls": "de-DE"}


def _t(text: str, sprache: str) -> str:
    """One of the receipt's own words in ``sprache`` (German when not in the table)."""
    if sprache == "de" or text not in _WORTE:
        return text
    return _WORTE[text][0 if sprache == "en" else 1]


def quittung_pdf(
    formular: Formular,
    eingereicht: dict[str, Any],
    *,
    zeitpunkt: str,
    jobcenter_name: str | None,
    jobcenter_kontakt: Mapping[str, Any] | None = None,
    sprache: str = "de",
    antragsnummer: str | None = None,
    fristen: list[dict[str, Any]] | None = None,
) -> bytes:
    """``eingereicht``: the AntragEingereicht payload; ``zeitpunkt``: when it was recorded;
    ``jobcenter_kontakt``: how to reach the Jobcenter, as zustaendigkeit answers it;
    ``sprache``: de, en or ls, the person's; ``fristen``: antrag.domain.fristen's.

    Accessible as far as reportlab goes (docs/adr/0089): real text in reading order, one
    column, the language in /Lang, the title shown as the window's title, headings in the
    outline. reportlab cannot write a structure tree (tagged PDF)."""
    kontakt = [(_t(a, sprache), _t(b, sprache)) for a, b in kontaktzeilen(jobcenter_kontakt)]
    _ohne_glyphe_eigener_code(eingereicht, jobcenter_name, kontakt)
    text = ParagraphStyle("text", fontName=_SCHRIFT, fontSize=9, leading=12)
    titel = ParagraphStyle("titel", parent=text, fontName=_FETT, fontSize=15, leading=19)
    ueberschrift = ParagraphStyle("h", parent=text, fontName=_FETT, fontSize=11, leading=15)

    nummern = itertools.count()

    def gliederung(wort: str, stil: ParagraphStyle = ueberschrift, zusatz: str = "") -> Paragraph:
        """A heading, also an entry of the outline (bookmarks: the document's headings)."""
        return _Ueberschrift(wort, stil, next(nummern), zusatz)

    antrag = eingereicht["antrag"]
    kurz = eingereicht["kurzantrag"]
    art = "Kurzantrag (sichert das Antragsdatum, § 37 SGB II)" if kurz else "Vollantrag"
    kopf = [
        (_t("Leistung", sprache), formular.titel.in_sprache(sprache)),
        (_t("Antragsnummer", sprache), antragsnummer or str(eingereicht["antrag_id"])),
        (_t("Interne Kennung", sprache), str(eingereicht["antrag_id"])),
        (
            _t("Jobcenter", sprache),
            f"{jobcenter_name or ''} ({eingereicht['jobcenter_id']})".strip(),
        ),
        (_t("Wohnort", sprache), _wohnort(antrag.get("wohnort") or {})),
        (_t("Antrag gestellt am", sprache), _zeit(eingereicht["eingereicht_am"], sprache)),
        (_t("Übermittelt am", sprache), _zeit(zeitpunkt, sprache)),
        (_t("Art", sprache), _t(art, sprache)),
        (_t("Formularversion", sprache), eingereicht["definition_version"]),
    ]
    if antrag.get("dringlich"):
        kopf.append((_t("Hinweis", sprache), _t("Eilbedürftig", sprache)))
    for frist in fristen or ():
        if frist["code"] == "schonfrist":
            wort = _t("Schonfrist bis {datum} (§ 569 Abs. 3 Nr. 2 BGB)", sprache)
            kopf.append((_t("Frist", sprache), wort.format(datum=_datum(frist["bis"]))))
    titeltext = _t("Eingangsbestätigung", sprache)
    teile: list = [
        gliederung(titeltext, titel),
        Paragraph(escape(formular.titel.in_sprache(sprache)), ueberschrift),
        Spacer(1, 4 * mm),
        _tabelle(kopf, text),
        Spacer(1, 4 * mm),
        gliederung(_t("Wie es weitergeht", sprache)),
    ]
    if kurz:
        empfohlen = next(
            (f["bis"] for f in fristen or () if f["code"] == "antrag_vervollstaendigen"), None
        )
        weiter = _WEITER["kurz"].in_sprache(sprache).format(datum=_datum(empfohlen or ""))
    else:
        weiter = _WEITER["voll"].in_sprache(sprache)
    teile.extend(
        [
            Paragraph(escape(weiter), text),
            Paragraph(escape(_WEITER["aufbewahren"].in_sprache(sprache)), text),
            Spacer(1, 4 * mm),
        ]
    )
    if kontakt:
        teile.extend(
            [
                gliederung(_t("So erreichen Sie Ihr Jobcenter", sprache)),
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
            gliederung(
                abschnitt.titel.in_sprache(sprache),
                zusatz=f" <font size=8>({escape(quelle)}{escape(abschnitt.rechtsgrundlage)})"
                "</font>",
            )
        )
        teile.append(_tabelle(_zeilen(abschnitt.felder, daten, "", sprache), text))
        teile.append(Spacer(1, 3 * mm))
    if eingereicht["anlagen"]:
        teile.append(gliederung(_t("Anlagen", sprache)))
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
            gliederung(_t("Prüfsumme (SHA-256) des übermittelten Antrags", sprache)),
            Paragraph(pruefsumme(eingereicht), text),
        ]
    )
    puffer = io.BytesIO()
    SimpleDocTemplate(
        puffer,
        pagesize=A4,
        title=f"{titeltext}: {formular.titel.in_sprache(sprache)}",
        author="Sozialplattform",
        lang=_PDF_SPRACHE.get(sprache, "de-DE"),
        displayDocTitle=True,
        invariant=1,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
    ).build(teile)
    return puffer.getvalue()


class _Ueberschrift(Paragraph):
    """A heading that is also an entry of the PDF's outline, so a reader can move by them."""

    def __init__(self, wort: str, stil: ParagraphStyle, nummer: int, zusatz: str = "") -> None:
        super().__init__(escape(wort) + zusatz, stil)
        self.wort = wort
        self.schluessel = f"h{nummer}"  # numbered in order: the same bytes every time

    def draw(self) -> None:
        super().draw()
        self.canv.bookmarkHorizontal(self.schluessel, 0, self.height)
        self.canv.addOutlineEntry(self.wort, self.schluessel, level=0)


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


def _zeilen(
    felder: tuple[Feld, ...], daten: dict[str, Any], einrueckung: str, sprache: str = "de"
) -> list:
    zeilen: list[tuple[str, str]] = []
    for feld in felder:
        if feld.name not in daten:
            continue
        wert = daten[feld.name]
        label = feld.label.in_sprache(sprache)
        if feld.typ == "gruppe":
            for nummer, eintrag in enumerate(wert, start=1):
                zeilen.append((f"{einrueckung}{label} {nummer}", ""))
                zeilen.extend(_zeilen(feld.felder, eintrag, einrueckung + "    ", sprache))
            continue
        zeilen.append((einrueckung + label, _anzeige(feld, wert, sprache)))
    return zeilen


def _anzeige(feld: Feld, wert: Any, sprache: str = "de") -> str:
    if feld.typ == "ja_nein":
        return _t("Ja" if wert else "Nein", sprache)
    if feld.typ == "auswahl":
        return next(
            (o.label.in_sprache(sprache) for o in feld.optionen if o.wert == wert), str(wert)
        )
    if feld.typ == "mehrfachauswahl":
        return ", ".join(o.label.in_sprache(sprache) for o in feld.optionen if o.wert in wert)
    if feld.typ == "datum":
        return _datum(str(wert))
    if feld.typ == "betrag":
        betrag = f"{Decimal(str(wert)):,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
        return f"{betrag} €"
    return str(wert)


def _wohnort(wohnort: dict[str, str]) -> str:
    ort = f"{wohnort.get('plz', '')} {wohnort.get('ort', '')}".strip()
    return f"{wohnort['strasse']}, {ort}" if wohnort.get("strasse") else ort


def _zeit(zeitpunkt: str, sprache: str = "de") -> str:
    lokal = datetime.fromisoformat(zeitpunkt).astimezone(_BERLIN)
    return lokal.strftime("%d.%m.%Y, %H:%M" + ("" if sprache == "en" else " Uhr"))


def _datum(iso: str) -> str:
    """A day as 31.01.2026 (in every language: the receipt is a German document)."""
    if not iso:
        return "?"
    jahr, monat, tag = iso.split("-")
    return f"{tag}.{monat}.{jahr}"
