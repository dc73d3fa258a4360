"""The receipt (Eingangsbestätigung): a PDF with the submitted content, the submission time and
a SHA-256 checksum of exactly what was submitted.

The checksum is taken over the AntragEingereicht payload in canonical JSON (keys sorted, UTF-8,
no spaces): whoever holds the same payload (the Jobcenter, from the XÖV message's data, or the
person, from an export) computes the same value. The PDF is the same bytes for the same
application and language: nothing needs to be stored.

A tagged PDF (PDF/UA-1, docs/adr/0120): the receipt is written as an HTML document and laid out
by WeasyPrint, which writes the structure tree (headings, paragraphs, tables with header cells),
the language, the title shown as the window's title, and the headings as bookmarks. Text is
shaped by HarfBuzz (Arabic joins, right-to-left in reading order); DejaVu Sans is embedded
(kernel.pdf, shared with the Postkorb message and the e-file: docs/adr/0122); a character it
has no glyph for is drawn as its box and keeps a code of its own, so the text layer still says
which character it is (docs/adr/0067).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from html import escape
from typing import Any

import orjson

from antrag.domain.formular import Feld, Formular, Text
from contracts.text import unzulaessige_zeichen
from kernel import pdf
from kernel.zeit import BERLIN as _BERLIN

# DejaVu Sans, embedded (kernel.pdf, kernel.schriften, docs/adr/0060): names and answers as
# the person wrote them, "Łukasz" and "Олександр" too; kernel.pdf looks the font up when the
# service loads this module, so a missing font stops it at start rather than at a receipt.
_STIL = """
@page { size: A4; margin: 18mm; }
body { font-family: DejaVuSans; font-size: 9pt; line-height: 1.35; }
h1 { font-size: 15pt; margin: 0 0 2mm; }
h2 { font-size: 11pt; margin: 5mm 0 1.5mm; }
p { margin: 0 0 2mm; }
p.leistung { font-weight: bold; font-size: 11pt; margin-bottom: 4mm; }
p.quelle { font-size: 8pt; color: #333; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 1mm 1mm 1mm 0;
         border-bottom: 0.25pt solid #c8c8c8; }
th { width: 37%; font-weight: normal; }
th.stufe-1 { padding-left: 4mm; }
th.stufe-2 { padding-left: 8mm; }
th.stufe-3 { padding-left: 12mm; }
.pruefsumme { word-break: break-all; }
"""


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
    ``sprache``: de, en or ls, the person's; ``fristen``: antrag.domain.fristen's."""
    return pdf.schreiben(
        quittung_html(
            formular,
            eingereicht,
            zeitpunkt=zeitpunkt,
            jobcenter_name=jobcenter_name,
            jobcenter_kontakt=jobcenter_kontakt,
            sprache=sprache,
            antragsnummer=antragsnummer,
            fristen=fristen,
        )
    )


def quittung_html(
    formular: Formular,
    eingereicht: dict[str, Any],
    *,
    zeitpunkt: str,
    jobcenter_name: str | None,
    jobcenter_kontakt: Mapping[str, Any] | None = None,
    sprache: str = "de",
    antragsnummer: str | None = None,
    fristen: list[dict[str, Any]] | None = None,
) -> str:
    """The receipt as the HTML document the PDF is laid out from; every value escaped."""
    kontakt = [(_t(a, sprache), _t(b, sprache)) for a, b in kontaktzeilen(jobcenter_kontakt)]
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
    if kurz:
        empfohlen = next(
            (f["bis"] for f in fristen or () if f["code"] == "antrag_vervollstaendigen"), None
        )
        weiter = _WEITER["kurz"].in_sprache(sprache).format(datum=_datum(empfohlen or ""))
    else:
        weiter = _WEITER["voll"].in_sprache(sprache)
    teile = [
        f"<h1>{escape(titeltext)}</h1>",
        f'<p class="leistung">{escape(formular.titel.in_sprache(sprache))}</p>',
        _tabelle(kopf),
        f"<h2>{escape(_t('Wie es weitergeht', sprache))}</h2>",
        f"<p>{escape(weiter)}</p>",
        f"<p>{escape(_WEITER['aufbewahren'].in_sprache(sprache))}</p>",
    ]
    if kontakt:
        teile += [
            f"<h2>{escape(_t('So erreichen Sie Ihr Jobcenter', sprache))}</h2>",
            _tabelle(kontakt),
        ]
    for abschnitt in formular.abschnitte:
        daten = antrag.get("abschnitte", {}).get(abschnitt.name)
        if daten is None:
            continue
        quelle = f"{abschnitt.vordruck}, " if abschnitt.vordruck else ""
        teile += [
            f"<h2>{escape(abschnitt.titel.in_sprache(sprache))}</h2>",
            f'<p class="quelle">{escape(quelle + abschnitt.rechtsgrundlage)}</p>',
            _tabelle(_zeilen(abschnitt.felder, daten, "", sprache)),
        ]
    if eingereicht["anlagen"]:
        teile += [
            f"<h2>{escape(_t('Anlagen', sprache))}</h2>",
            _tabelle(
                [
                    (a["dateiname"], f"{a['groesse']} Bytes, SHA-256 {a['sha256']}")
                    for a in eingereicht["anlagen"]
                ]
            ),
        ]
    teile += [
        f"<h2>{escape(_t('Prüfsumme (SHA-256) des übermittelten Antrags', sprache))}</h2>",
        f'<p class="pruefsumme">{pruefsumme(eingereicht)}</p>',
    ]
    titel = f"{titeltext}: {formular.titel.in_sprache(sprache)}"
    return pdf.dokument(
        sprache=_PDF_SPRACHE.get(sprache, "de-DE"), titel=titel, stil=_STIL, inhalt="".join(teile)
    )


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


def _tabelle(zeilen: list[tuple[str, str]]) -> str:
    """Label and value per row; the label is the row's header cell, a nested group's rows are
    indented by their level (four spaces of ``_zeilen`` each)."""
    reihen = []
    for label, wert in zeilen:
        stufe = (len(label) - len(label.lstrip(" "))) // 4
        klasse = f' class="stufe-{min(stufe, 3)}"' if stufe else ""
        reihen.append(
            f'<tr><th scope="row"{klasse}>{escape(label.strip())}</th><td>{escape(wert)}</td></tr>'
        )
    return f"<table><tbody>{''.join(reihen)}</tbody></table>"


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
