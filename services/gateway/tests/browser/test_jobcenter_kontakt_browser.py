"""A way to reach every Jobcenter (issue 11, item 4), in Debian's headless Chromium on a
360 px screen without JavaScript, each page checked (axe-core, width, weight, CSP) in German,
English and Leichte Sprache: a person whose Jobcenter takes no applications here is not left
at a dead end but sees its phone number and a link; where no contact details are known, the
page says so and names who runs the Jobcenter.

The real gateway, antrag and zustaendigkeit services (fixture ``antrag_plattform``) with the
example contacts of deploy/embedded/jobcenter-kontakte (made-up example.org data).
"""

from __future__ import annotations

import pytest
from gateway_antrag_browser import Pruefer, registrieren, wohnort_senden
from playwright.sync_api import BrowserContext, expect

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

SPRACHEN = ["de", "en", "de-x-ls"]


def test_a_person_handed_over_to_a_jobcenter_sees_its_phone_number_and_a_link(
    antrag_kontext: BrowserContext,
) -> None:
    page = antrag_kontext.new_page()
    pruefen = Pruefer(page)
    registrieren(page)

    for code in SPRACHEN:
        page.goto(f"/sprache/{code}?zurueck=/")
        pruefen.neu()
        wohnort_senden(page, "88400", "Biberach an der Riß")  # Biberach: a zkT not connected here
        telefon = page.locator('main a[href="tel:06990009106"]')
        expect(telefon.first).to_have_text("069 90009 106")
        website = page.locator('main a[href="https://biberach.jobcenter.example.org"]')
        expect(website.first).to_be_visible()
        expect(page.locator("main")).to_contain_text("Beispielring 6")
        pruefen(f"Jobcenter Biberach erreichen ({code})")

    page.goto("/sprache/de?zurueck=/")
    page.goto("/zustaendigkeit?suche=52349")  # Düren: a zkT without contact details
    pruefen.neu()
    kontakt = page.locator("main .kontakt")
    expect(kontakt).to_contain_text("Kontaktdaten liegen uns nicht vor.")
    expect(kontakt).to_contain_text("Düren")
    pruefen("Jobcenter Düren ohne Kontaktdaten")
    pruefen.ergebnis()
