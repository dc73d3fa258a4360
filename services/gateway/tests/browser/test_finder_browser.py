"""The Sozialleistungsfinder in Debian's headless Chromium on a 360 px screen without
JavaScript, every page checked (axe-core WCAG 2.1 AA, width, weight under 100 KB, CSP), in
German, English and Leichte Sprache: a person answers the questions step by step (a wrong
answer shown at its field, a postcode with several Gemeinden answered with a choice, a step
back that keeps the answers) and gets the result with amounts, reasons and the next step.

The real gateway, finder and zustaendigkeit services (fixture ``finder_plattform_dienste``).
"""

from __future__ import annotations

import pytest
from gateway_antrag_browser import Pruefer, kontext
from gateway_finder_plattform import FinderPlattform
from playwright.sync_api import Browser, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

WEITER = 'button[name="aktion"][value="weiter"]'
ZURUECK = 'button[name="aktion"][value="zurueck"]'
ERGEBNIS = {"de": "Ihr Ergebnis", "en": "Your result", "de-x-ls": "Ihr Ergebnis"}
SCHRITT_1 = {"de": "Schritt 1 von", "en": "Step 1 of", "de-x-ls": "Schritt 1 von"}


def weiter(page: Page, pruefen: Pruefer, name: str) -> None:
    pruefen.neu()
    page.locator(WEITER).click()
    pruefen(name)


def test_der_fragebogen_ohne_javascript_in_drei_sprachen(
    browser: Browser, finder_plattform_dienste: FinderPlattform
) -> None:
    context = kontext(browser, finder_plattform_dienste)
    page = context.new_page()
    pruefen = Pruefer(page)

    # German: the long way, with every kind of question and answer
    page.goto("/")
    page.locator('main a[href="/finder"]').click()
    expect(page.locator("main")).to_contain_text(SCHRITT_1["de"])
    pruefen("Finder Start (de)")
    page.locator("#plz").fill("64395")  # Brensbach and Groß-Bieberau
    weiter(page, pruefen, "Gemeinde wählen (de)")
    expect(page.locator("main")).to_contain_text("In welcher Gemeinde wohnen Sie?")
    weiter(page, pruefen, "Gemeinde nicht gewählt (de)")
    expect(page.locator(".fehlerliste")).to_contain_text("Bitte wählen Sie Ihre Gemeinde.")
    page.locator("#gemeinde").check()
    weiter(page, pruefen, "Haushalt (de)")
    page.locator("#alter").fill("zwölf")
    page.locator("#partner-2").check()  # nein
    page.locator("#kinder_anzahl").fill("2")
    weiter(page, pruefen, "Haushalt mit Fehler (de)")
    expect(page.locator("#alter")).to_have_attribute("aria-invalid", "true")
    page.locator("#alter").fill("29")
    pruefen.neu()
    page.locator('button[formaction="/finder?sprache=en"]').click()  # answers kept
    expect(page.locator("h2")).to_have_text("Who lives in your household?")
    expect(page.locator("#alter")).to_have_value("29")
    pruefen("Haushalt auf Englisch gewechselt (en)")
    page.locator('button[formaction="/finder?sprache=de"]').click()
    expect(page.locator("#kinder_anzahl")).to_have_value("2")
    weiter(page, pruefen, "Kinder (de)")
    page.locator("#kind_1_alter").fill("3")
    page.locator("#kind_2_alter").fill("8")
    page.locator("#kind_2_unterhalt").fill("150")
    weiter(page, pruefen, "Lage (de)")
    pruefen.neu()
    page.locator(ZURUECK).click()  # back: the children's ages are still there
    expect(page.locator("#kind_2_alter")).to_have_value("8")
    pruefen("Kinder zurück (de)")
    weiter(page, pruefen, "Lage wieder (de)")
    page.locator("#erwerbsfaehig").check()
    page.locator("#ausbildung").check()  # keine
    weiter(page, pruefen, "Einkommen (de)")
    page.locator("#erwerb_brutto").fill("1.100")
    page.locator("#erwerb_netto").fill("880,50")
    weiter(page, pruefen, "Wohnen (de)")
    page.locator("#warmmiete").fill("780")
    weiter(page, pruefen, "Vermögen (de)")
    weiter(page, pruefen, "Ergebnis (de)")
    main = page.locator("main")
    expect(page.locator("h1")).to_have_text(ERGEBNIS["de"])
    expect(main).to_contain_text("Kindergeld")
    expect(main).to_contain_text("€ im Monat")
    expect(main).to_contain_text("Rechtsgrundlagen")
    expect(main.locator("section.kasten").first).to_be_visible()

    # English and Leichte Sprache: a single person, the short way
    for code in ("en", "de-x-ls"):
        page.goto(f"/sprache/{code}?zurueck=/finder")
        expect(page.locator("main")).to_contain_text(SCHRITT_1[code])
        pruefen.neu()
        page.reload()
        pruefen(f"Finder Start ({code})")
        page.locator("#plz").fill("10115")
        weiter(page, pruefen, f"Haushalt ({code})")
        page.locator("#alter").fill("52")
        page.locator("#partner-2").check()
        page.locator("#kinder_anzahl").fill("0")
        weiter(page, pruefen, f"Lage ({code})")
        page.locator("#erwerbsfaehig").check()
        page.locator("#ausbildung").check()
        weiter(page, pruefen, f"Einkommen ({code})")
        weiter(page, pruefen, f"Wohnen ({code})")
        page.locator("#warmmiete").fill("610")
        weiter(page, pruefen, f"Vermögen ({code})")
        weiter(page, pruefen, f"Ergebnis ({code})")
        expect(page.locator("h1")).to_have_text(ERGEBNIS[code])
        naechster = page.locator('main a[href^="/antraege/neu?leistung=buergergeld&plz=10115"]')
        expect(naechster.first).to_be_visible()
        jobcenter = page.locator('main a[href="/zustaendigkeit?plz=10115&ort=Berlin"]')
        expect(jobcenter.first).to_be_visible()
    pruefen.ergebnis()
    context.close()
