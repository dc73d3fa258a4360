"""The information pages and the Ausfüllhilfen in Debian's headless Chromium on a 360 px screen
without JavaScript, every page checked (axe-core WCAG 2.1 AA, width, weight under 100 KB, CSP),
in German, English and Leichte Sprache: from the start page to the overview, to a benefit, and
to the help for a section of an application.

The real gateway and finder services (fixture ``finder_plattform_dienste``).
"""

from __future__ import annotations

import pytest
from gateway_antrag_browser import Pruefer, kontext
from gateway_finder_plattform import FinderPlattform
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

UEBERSICHT = {
    "de": "Informationen zu Sozialleistungen",
    "en": "Information on social benefits",
    "de-x-ls": "Informationen über Sozial·leistungen",
}
WIE_VIEL = {"de": "Wie viel gibt es?", "en": "How much is it?", "de-x-ls": "Wie viel Geld gibt es?"}
HILFE = {
    "de": "Ihre Wohnung und die Kosten",
    "en": "Your home and its costs",
    "de-x-ls": "Ihre Wohnung",
}


def folgen(page: Page, pruefen: Pruefer, selektor: str, name: str) -> None:
    pruefen.neu()
    page.locator(selektor).first.click()
    pruefen(name)


def wohngeld(page: Page, pruefen: Pruefer, code: str) -> None:
    """From the overview to the Wohngeld page; its amounts' sources open without JavaScript."""
    pruefen.neu()
    page.locator('main a[href="/leistungen/wohngeld"]').click()
    main = page.locator("main")
    expect(main.locator("h2").nth(1)).to_have_text(WIE_VIEL[code])
    expect(main).to_contain_text("WoGG")
    page.locator("main details summary").click()
    expect(main.locator("details li").first).to_be_visible()
    pruefen(f"Wohngeld mit Quellen ({code})")


def ausfuellhilfe(page: Page, pruefen: Pruefer, code: str) -> None:
    pruefen.neu()
    page.goto("/ausfuellhilfen/buergergeld/wohnung")
    pruefen(f"Ausfüllhilfe Wohnung ({code})")
    expect(page.locator("h1")).to_have_text(HILFE[code])
    expect(page.locator("main section h2")).to_have_count(4)


def test_informationen_und_ausfuellhilfen_ohne_javascript_in_drei_sprachen(
    browser: Browser, finder_plattform_dienste: FinderPlattform
) -> None:
    context = kontext(browser, finder_plattform_dienste)
    page = context.new_page()
    pruefen = Pruefer(page)

    main = page.locator("main")

    # German: from the start page through the overview to two benefits and a section's help
    pruefen.neu()
    page.goto("/")
    pruefen("Startseite (de)")
    folgen(page, pruefen, 'main a[href="/leistungen"]', "Übersicht (de)")
    expect(page.locator("h1")).to_have_text(UEBERSICHT["de"])
    expect(main.locator("li.angebot")).to_have_count(11)
    wohngeld(page, pruefen, "de")
    pruefen.neu()
    page.goto("/leistungen/grundsicherung_arbeitsuchende")
    pruefen("Grundsicherung (de)")
    expect(main.locator('a[href="/zustaendigkeit"]')).to_be_visible()
    ausfuellhilfe(page, pruefen, "de")
    folgen(
        page,
        pruefen,
        'main a[href="/leistungen/grundsicherung_arbeitsuchende"]',
        "Von der Ausfüllhilfe zur Leistung (de)",
    )

    # English and Leichte Sprache: the overview, a benefit, a section's help
    for code in ("en", "de-x-ls"):
        pruefen.neu()
        page.goto(f"/sprache/{code}?zurueck=/leistungen")
        pruefen(f"Übersicht ({code})")
        expect(page.locator("h1")).to_have_text(UEBERSICHT[code])
        wohngeld(page, pruefen, code)
        ausfuellhilfe(page, pruefen, code)
    pruefen.ergebnis()
    assert len(pruefen.geprueft) == 12
    context.close()
