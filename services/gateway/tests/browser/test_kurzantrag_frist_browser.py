"""Issue #11, items 7, 8 and 12 and the receipt, in Debian's headless Chromium on a 360 px
screen without JavaScript, axe-core on every page in German, English and Leichte Sprache:

- the short filing on a form of its own: only name, birth date and the place of residence,
  a wrong date refused at its field, afterwards by when to complete the application (a
  recommendation: the Jobcenter sets the binding date); a second application's short form
  offers what the first one knows;
- Mietschulden with an eviction suit: the Schonfrist's last day (§ 569 Abs. 3 Nr. 2 BGB,
  counted as the BGB counts), the short filing urged, where counselling is, "dringend" and the
  deadline in "Meine Anträge";
- the application number to read out (two groups of four with a check character) on the
  status page, in the list, in the API and on the receipt, which comes in the person's
  language with the next steps.
"""

from __future__ import annotations

import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.dates import format_date
from gateway_antrag_browser import Antragsseiten, registrieren
from gateway_antrag_plattform import EINSTIEGSGELD, Plattform
from playwright.sync_api import BrowserContext, expect
from pypdf import PdfReader

from antrag.domain.fristen import heute  # the platform's day: Europe/Berlin, not the machine's

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

SPRACHEN = ["de", "en", "de-x-ls"]
PERSON = EINSTIEGSGELD["antragsteller"]
NUMMER = re.compile(r"^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")


def anlegen(seiten: Antragsseiten, leistung: str) -> str:
    seiten.laden("/antraege/neu")
    seiten.page.get_by_label("Postleitzahl").fill(PERSON["plz"])
    seiten.page.get_by_label("Ort", exact=True).fill(PERSON["ort"])
    return seiten.anlegen(leistung)


def lang(tag: date, sprache: str = "de") -> str:
    return format_date(tag, "long", locale={"en": "en_GB"}.get(sprache, "de_DE"))


def in_jeder_sprache(seiten: Antragsseiten, adresse: str, name: str) -> None:
    for sprache in SPRACHEN:
        seiten.laden(f"{adresse}?sprache={sprache}")
        expect(seiten.page.locator("html")).to_have_attribute("lang", sprache)
        seiten.pruefen(f"{sprache} {name}")
    seiten.laden(f"{adresse}?sprache=de")


def test_the_short_filing_asks_only_what_it_needs_and_says_by_when_to_complete(
    antrag_kontext: BrowserContext,
) -> None:
    page = antrag_kontext.new_page()
    seiten = Antragsseiten(page)
    registrieren(page)
    basis = anlegen(seiten, "Antrag auf Einstiegsgeld")

    seiten.laden(page.get_by_role("link", name="Zum Kurzantrag"))
    expect(page).to_have_url(f"{basis}/kurzantrag")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Kurzantrag: das Antragsdatum sichern"
    )
    formular = page.locator("#formular")
    expect(formular.locator("input:not([type=hidden])")).to_have_count(3)
    expect(formular).to_contain_text(f"{PERSON['plz']} {PERSON['ort']}")
    in_jeder_sprache(seiten, f"{basis}/kurzantrag", "Kurzantrag")

    page.get_by_label("Vorname(n)").fill(PERSON["vorname"])
    page.get_by_label("Familienname").fill(PERSON["nachname"])
    geburtsdatum = page.get_by_label("Geburtsdatum")
    geburtsdatum.fill("31.02.1980")
    seiten.laden(seiten.knopf("Kurzantrag jetzt einreichen"))
    expect(page.get_by_label("Vorname(n)")).to_have_value(PERSON["vorname"])
    seiten.abgelehnt(geburtsdatum, "Bitte geben Sie ein Datum ein", "Kurzantrag Fehler")

    geburtsdatum.fill(PERSON["geburtsdatum"])
    seiten.laden(seiten.knopf("Kurzantrag jetzt einreichen"))
    expect(page).to_have_url(f"{basis}?hinweis=kurzantrag")
    expect(seiten.status()).to_contain_text("Das Antragsdatum ist gesichert.")
    bis = heute() + timedelta(days=14)
    kasten = page.get_by_role("region", name="Bis wann Sie den Antrag vervollständigen")
    expect(kasten).to_contain_text("Das Gesetz nennt dafür keine Frist.")
    expect(kasten).to_contain_text(f"Wir empfehlen: bis zum {lang(bis)}.")
    expect(page.get_by_role("link", name="Zum Kurzantrag")).to_have_count(0)
    in_jeder_sprache(seiten, basis, "nach dem Kurzantrag")
    seiten.laden(f"{basis}?sprache=en")
    expect(page.get_by_text(f"We recommend: by {lang(bis, 'en')}.")).to_be_visible()
    seiten.laden(f"{basis}?sprache=de")

    seiten.meine_antraege()
    eintrag = page.locator(".angebot").filter(has_text="Antrag auf Einstiegsgeld")
    expect(eintrag).to_contain_text(f"Vervollständigen bis {lang(bis)} (Empfehlung)")

    # a second application: its short form offers what the first one knows
    zweiter = anlegen(seiten, "Antrag auf Übernahme von Mietschulden")
    seiten.laden(f"{zweiter}/kurzantrag")
    expect(page.get_by_text("Einige Angaben kennen wir aus Ihrem letzten Antrag.")).to_be_visible()
    expect(page.get_by_label("Vorname(n)")).to_have_value(PERSON["vorname"])
    expect(page.get_by_label("Geburtsdatum")).to_have_value(PERSON["geburtsdatum"])
    seiten.pruefen("Kurzantrag mit bekannten Angaben")
    seiten.pruefen.ergebnis()


def test_an_eviction_suit_shows_the_schonfrist_urges_the_short_filing_and_marks_the_list(
    antrag_kontext: BrowserContext,
) -> None:
    from antrag.domain.fristen import fristende  # the BGB's counting, tested in antrag

    page = antrag_kontext.new_page()
    seiten = Antragsseiten(page)
    registrieren(page)
    basis = anlegen(seiten, "Antrag auf Übernahme von Mietschulden")
    zugestellt = heute() - timedelta(days=9)
    ende = fristende(zugestellt, 2, "HE")  # Gelnhausen is in Hesse

    seiten.laden(f"{basis}/abschnitte/kuendigung")
    seiten.weitere_fragen({"gekuendigt": True, "raeumungsklage": True})
    seiten.speichern(
        {
            "kuendigung_am": (zugestellt - timedelta(days=30)).strftime("%d.%m.%Y"),
            "kuendigung_art": "fristlos",
            "klage_zugestellt_am": zugestellt.strftime("%d.%m.%Y"),
            "gericht": "Amtsgericht Gelnhausen",
        }
    )
    seiten.laden(basis)
    dringend = page.get_by_role(
        "region", name=f"Dringend: Die Mietschulden müssen bis zum {lang(ende)} bezahlt sein"
    )
    expect(dringend).to_contain_text(f"am {lang(zugestellt)} zugestellt")
    expect(dringend).to_contain_text("Stellen Sie deshalb jetzt den Kurzantrag.")
    beratung = dringend.get_by_role("link", name="Ihr Jobcenter und wie Sie es erreichen")
    expect(beratung).to_have_attribute("href", "/zustaendigkeit")
    expect(dringend).to_contain_text("Schuldnerberatung")
    expect(dringend).to_contain_text("Fachstelle für Wohnungsnotfälle")
    # the counselling search near the place of residence, by theme (issue 11, item 8)
    for name, thema in (
        ("Schuldnerberatung in Ihrer Nähe finden und einen Termin buchen", "schuldnerberatung"),
        ("Hilfe bei drohendem Wohnungsverlust in Ihrer Nähe finden", "wohnungslosenhilfe"),
    ):
        expect(dringend.get_by_role("link", name=name)).to_have_attribute(
            "href", f"/termine?suche=63571&thema={thema}"
        )
    in_jeder_sprache(seiten, basis, "Schonfrist")
    in_jeder_sprache(seiten, f"{basis}/pruefen", "Schonfrist prüfen")

    seiten.meine_antraege()
    eintrag = page.locator(".angebot").filter(has_text="Mietschulden")
    expect(eintrag).to_contain_text("dringend")
    expect(eintrag).to_contain_text(f"Schonfrist bis {lang(ende)}")
    in_jeder_sprache(seiten, "/antraege", "Meine Anträge dringend")

    seiten.laden(basis)
    seiten.laden(dringend.get_by_role("link", name="Jetzt Kurzantrag stellen"))
    expect(page).to_have_url(f"{basis}/kurzantrag")
    expect(page.get_by_role("region", name=re.compile("Dringend"))).to_be_visible()
    seiten.pruefen("Kurzantrag dringend")
    seiten.pruefen.ergebnis()


def test_the_number_to_read_out_is_on_every_view_and_the_receipt_in_the_persons_language(
    antrag_kontext: BrowserContext, antrag_plattform: Plattform, tmp_path: Path
) -> None:
    page = antrag_kontext.new_page()
    seiten = Antragsseiten(page)
    registrieren(page)
    basis = anlegen(seiten, "Antrag auf Einstiegsgeld")
    antrag_id = basis.rsplit("/", 1)[1]

    nummer = page.locator(".antragsnummer").inner_text()
    assert NUMMER.match(nummer), nummer
    expect(page.locator("dl.angaben").first).to_contain_text(antrag_id)  # beside the internal id
    assert page.request.get(f"/api/v1/antraege/{antrag_id}").json()["antragsnummer"] == nummer
    liste = page.request.get("/api/v1/antraege").json()["antraege"]
    assert [a["antragsnummer"] for a in liste if a["id"] == antrag_id] == [nummer]
    seiten.meine_antraege()
    expect(page.locator(".angebot").filter(has_text="Einstiegsgeld")).to_contain_text(nummer)

    seiten.laden(f"{basis}/kurzantrag")
    for name, wert in (("vorname", "Erika"), ("nachname", "Mustermann")):
        page.locator(f'[name="antragsteller.{name}"]').fill(wert)
    page.locator('[name="antragsteller.geburtsdatum"]').fill(PERSON["geburtsdatum"])
    seiten.laden(seiten.knopf("Kurzantrag jetzt einreichen"))
    expect(seiten.status()).to_contain_text("Das Antragsdatum ist gesichert.")

    bis = (heute() + timedelta(days=14)).strftime("%d.%m.%Y")
    for sprache, worte in (
        ("en", ["Receipt", "What happens next", f"We recommend: by {bis}."]),
        ("de-x-ls", ["Bestätigung: Ihr Antrag ist angekommen", "So geht es weiter"]),
        ("de", ["Eingangsbestätigung", "Wie es weitergeht", f"Wir empfehlen: bis zum {bis}."]),
    ):
        seiten.laden(f"/sprache/{sprache}")  # the language switch: the download's language too
        seiten.laden(basis)
        with page.expect_download() as download:
            page.locator('a[href$="/quittung.pdf"]').click()
        ziel = tmp_path / f"quittung-{sprache}.pdf"
        download.value.save_as(ziel)
        pdf = PdfReader(io.BytesIO(ziel.read_bytes()))
        text = " ".join(" ".join(s.extract_text().split()) for s in pdf.pages)
        for wort in worte:
            assert wort in text, (sprache, wort)
        assert nummer in text and antrag_id in text
        assert "kanonisch" not in text
        assert pdf.trailer["/Root"]["/Lang"] == ("en-GB" if sprache == "en" else "de-DE")
        assert pdf.metadata.title.startswith(worte[0])
        # tagged for accessibility (PDF/UA-1, docs/adr/0120): marked, with a structure tree
        assert bool(pdf.trailer["/Root"]["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in pdf.trailer["/Root"]
