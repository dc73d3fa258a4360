"""The counselling centre's own pages in the browser (issue 12, "the centre's side"): the week's
bookings, consultation hours and absences, the entry; at 360 px, without JavaScript, in German,
English and Leichte Sprache, every page checked with axe-core (WCAG 2.1 AA), for its width, its
weight (< 100 KB) and the CSP. Staff of a public counselling service are users under BITV 2.0
too. A wrong weekly hour, absence or offer comes back as typed, with the message at its field
(they used to answer a bare error page and drop what was typed). Against the termine stand-in
(gateway_termine_attrappe), whose state other tests share: nothing here changes it."""

from __future__ import annotations

import re

import pytest
from gateway_antrag_browser import Antragsseiten, registrieren
from gateway_browser_support import VIEWPORT
from gateway_termine_attrappe import KOELN
from gateway_termine_plattform import TerminePlattform
from nameko.standalone.rpc import ServiceRpcClient
from playwright.sync_api import Browser, expect

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

SEITEN = ("/stelle", "/stelle/sprechzeiten", "/stelle/eintrag")


def test_the_centres_pages_pass_axe_in_three_languages_and_a_wrong_hour_is_shown_at_its_field(
    browser: Browser, termine_attrappe_plattform: TerminePlattform
) -> None:
    plattform = termine_attrappe_plattform
    context = browser.new_context(viewport=VIEWPORT, base_url=plattform.gateway.url)
    page = context.new_page()
    registrieren(page)
    person_id = page.request.get("/api/v1/konto").json()["person_id"]
    with ServiceRpcClient(plattform.termine_name, uri=plattform.termine.amqp_uri) as termine:
        termine.zugang_geben(person_id, KOELN)
    seiten = Antragsseiten(page)  # every page checked, its weight counted from its load
    laden, pruefen = seiten.laden, seiten.pruefen

    for sprache in ("de", "en", "de-x-ls"):
        laden(f"/sprache/{sprache}?zurueck=/stelle")
        for pfad in SEITEN:
            if pfad != "/stelle":
                laden(pfad)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            pruefen(f"{sprache} {pfad}")

    laden("/sprache/de?zurueck=/stelle/sprechzeiten")
    formular = page.locator('form[action^="/stelle/sprechzeiten/"]').first
    formular.locator('input[name="tage-0"][value="SA"]').check()
    formular.locator('input[name="von-0"]').fill("12:00")
    formular.locator('input[name="bis-0"]').fill("09:00")
    laden(formular.get_by_role("button", name="Sprechzeiten speichern"))
    expect(page).to_have_title(re.compile(r"^Fehler: Sprechzeiten und Abwesenheiten"))
    zusammenfassung = page.get_by_role("alert")
    expect(zusammenfassung).to_contain_text("das Ende nach dem Beginn")
    formular = page.locator('form[action^="/stelle/sprechzeiten/"]').first
    von = formular.locator('input[name="von-0"]')
    expect(von).to_have_attribute("aria-invalid", "true")
    expect(von).to_have_accessible_description(re.compile("das Ende nach dem Beginn"))
    # what was typed is kept: the times and the Saturday just ticked
    expect(von).to_have_value("12:00")
    expect(formular.locator('input[name="bis-0"]')).to_have_value("09:00")
    expect(formular.locator('input[name="tage-0"][value="SA"]')).to_be_checked()
    zusammenfassung.get_by_role("link").first.click()
    expect(von).to_be_focused()
    pruefen("de sprechzeiten mit fehler")

    laden("/sprache/en?zurueck=/stelle/sprechzeiten")
    abwesenheit = page.locator('form[action="/stelle/abwesenheiten"]').first
    abwesenheit.locator('input[name="von"]').fill("2027-01-08")
    abwesenheit.locator('input[name="bis"]').fill("2027-01-04")
    laden(abwesenheit.get_by_role("button"))
    abwesenheit = page.locator('form[action="/stelle/abwesenheiten"]').first
    bis = abwesenheit.locator('input[name="bis"]')
    expect(bis).to_have_accessible_description("The last day must not be before the first.")
    expect(abwesenheit.locator('input[name="von"]')).to_have_value("2027-01-08")
    expect(bis).to_have_value("2027-01-04")
    pruefen("en abwesenheit mit fehler")

    laden("/sprache/de-x-ls?zurueck=/stelle/eintrag")
    neues = page.locator('form[action="/stelle/angebote"]').last  # the empty one to add
    neues.locator('select[name="thema"]').select_option("suchtberatung")
    neues.locator('input[name="dauer_minuten"]').fill("50")  # and no way ticked
    laden(neues.get_by_role("button"))
    expect(page).to_have_title(re.compile(r"^Fehler: "))
    neues = page.locator('form[action="/stelle/angebote"]').last
    expect(neues.locator('select[name="thema"]')).to_have_value("suchtberatung")
    expect(neues.locator('input[name="dauer_minuten"]')).to_have_value("50")
    expect(neues.get_by_role("group")).to_have_accessible_description(re.compile(".+"))
    expect(page.get_by_role("alert").get_by_role("link")).to_have_count(1)
    pruefen("de-x-ls angebot mit fehler")
    pruefen.ergebnis()
    context.close()
