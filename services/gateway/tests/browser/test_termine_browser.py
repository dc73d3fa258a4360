"""Appointments in the browser (issue 12): search near 50667 Köln, the centre, a day and a time,
book without an account, download the calendar file, move and cancel with the manage link; at
360 px, without JavaScript, in German, English and Leichte Sprache, every page checked with
axe-core (WCAG 2.1 AA), for its width and weight (< 100 KB) and for the CSP. The gateway runs
in front of the termine stand-in (gateway_termine_attrappe), so the walk is the same each run."""

from __future__ import annotations

import pytest
from gateway_antrag_browser import Antragsseiten
from gateway_browser_support import VIEWPORT
from gateway_termine_plattform import TerminePlattform
from playwright.sync_api import Browser, expect

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

BEISPIEL = {"de": "Beispieldaten", "en": "Sample data", "de-x-ls": "Beispiel·daten"}
ABGESAGT = {"de": "abgesagt", "en": "cancelled", "de-x-ls": "abgesagt"}


@pytest.fixture(scope="module")
def plattform(termine_attrappe_plattform: TerminePlattform) -> TerminePlattform:
    return termine_attrappe_plattform


def test_search_book_anonymously_calendar_move_cancel_in_three_languages(
    browser: Browser, plattform: TerminePlattform
) -> None:
    for sprache in ("de", "en", "de-x-ls"):
        context = browser.new_context(
            viewport=VIEWPORT, base_url=plattform.gateway.url, accept_downloads=True
        )
        page = context.new_page()
        seiten = Antragsseiten(page)  # every page checked, its weight counted from its load
        laden, pruefen = seiten.laden, seiten.pruefen
        try:
            laden(f"/sprache/{sprache}?zurueck=/termine")
            pruefen(f"{sprache} suche")

            page.locator("#suche").fill("50667 Köln")
            page.locator("#thema").select_option("schuldnerberatung")
            laden(page.locator("form[role=search] button[type=submit]"))
            expect(page.locator(".ergebnis h3 a")).to_have_count(2)
            expect(page.get_by_role("note")).to_contain_text(BEISPIEL[sprache])
            pruefen(f"{sprache} ergebnisse")

            laden(page.locator(".ergebnis h3 a").first)
            expect(page.locator("h1")).to_contain_text("Köln-Mitte")
            expect(page.get_by_role("note")).to_contain_text(BEISPIEL[sprache])
            pruefen(f"{sprache} beratungsstelle")

            laden(page.locator("form[action$='/zeiten'] button").first)
            pruefen(f"{sprache} tag und uhrzeit")
            laden(page.locator("ul[aria-labelledby=zeiten-titel] a").first)
            pruefen(f"{sprache} buchen")

            page.locator("#anliegen").fill("Mahnungen, die ich nicht bezahlen kann")
            laden(page.locator("form[action$='/buchen'] button[type=submit]"))
            expect(page.get_by_role("status")).to_be_visible()
            verwaltung = page.locator("#verwaltungslink").get_attribute("href")
            assert verwaltung and "geheimnis=" in verwaltung
            pruefen(f"{sprache} bestaetigung")

            with page.expect_download() as download:
                page.locator("a[download]").click()
            ics = download.value.path().read_text(encoding="utf-8")
            assert "BEGIN:VCALENDAR" in ics and "STATUS:CONFIRMED" in ics

            laden(verwaltung)
            expect(page.locator("#verwaltungslink")).to_have_count(0)  # shown once only
            page.locator("#beginn").select_option(index=1)
            laden(page.locator("form[action$='/verschieben'] button"))
            expect(page.get_by_role("status")).to_be_visible()
            pruefen(f"{sprache} verschoben")

            laden(page.locator("form[action$='/stornieren'] button"))
            expect(page.locator(".status")).to_have_text(ABGESAGT[sprache])
            pruefen(f"{sprache} abgesagt")

            laden(verwaltung)  # the secret is spent
            expect(page.locator("h1")).not_to_contain_text("Termin")
            pruefen.ergebnis()
        finally:
            context.close()
