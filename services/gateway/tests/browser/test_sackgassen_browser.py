"""No dead ends, and the goal kept through sign-up (issue 11, items 3, 5 and 10), in Debian's
headless Chromium on a 360 px screen, without JavaScript, each page checked (axe-core, width,
weight, CSP) in German, English and Leichte Sprache.

- A place whose Jobcenter takes no applications here gets no draft but the hand-over:
  jobcenter.digital for a joint Jobcenter (Hanau), the Jobcenter itself for a municipal one not
  connected (Düren); Berlin's twelve joint Jobcenters are one way on, not twelve cards.
- A place with several Gemeinden whose Jobcenters differ asks for the Gemeinde before the
  draft; the draft then has its Jobcenter without asking again (docs/adr/0082).
- "Antrag hier stellen" says on the login page why a login is needed, sign-up keeps the goal,
  and the person lands where they were going; a foreign goal is refused (docs/adr/0083).

The real gateway, antrag and zustaendigkeit services (fixture ``antrag_plattform``); connected
here: Main-Kinzig-Kreis and Odenwaldkreis.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from gateway_antrag_browser import ANLEGEN, Antragsseiten, Pruefer, registrieren, wohnort_senden
from gateway_test_support import PASSWORT, neue_email
from playwright.sync_api import BrowserContext, Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

SPRACHEN = ["de", "en", "de-x-ls"]
JOBCENTER_DIGITAL = "https://jobcenter.digital"


def sprache(page: Page, code: str) -> None:
    page.goto(f"/sprache/{code}?zurueck=/")


def keine_antraege(page: Page) -> None:
    page.goto("/antraege")
    expect(page.locator("ul.angebote")).to_have_count(0)


def test_a_joint_jobcenter_is_handed_over_to_jobcenter_digital_without_a_draft(
    antrag_kontext: BrowserContext,
) -> None:
    page = antrag_kontext.new_page()
    pruefen = Pruefer(page)
    registrieren(page)

    for code in SPRACHEN:
        sprache(page, code)
        pruefen.neu()
        wohnort_senden(page, "63450", "Hanau")
        expect(page).to_have_url(re.compile(r"/antraege/neu$"))
        weiter = page.locator(f'main a.knopf[href="{JOBCENTER_DIGITAL}"]')
        expect(weiter).to_have_count(1)
        expect(page.locator("main form")).to_have_count(0)
        pruefen(f"Übergabe gE ({code})")

    sprache(page, "de")
    wohnort_senden(page, "63450", "Hanau")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wo Sie Ihren Antrag stellen")
    expect(page.get_by_role("status")).to_contain_text("legen wir hier keinen Antrag an")
    expect(page.get_by_role("link", name="Weiter zu jobcenter.digital")).to_be_visible()
    expect(page.get_by_text("Füllen Sie die Abschnitte aus")).to_have_count(0)
    expect(page.get_by_text("Kurzantrag")).to_have_count(0)
    page.get_by_role("link", name="Anderen Wohnort angeben").click()
    expect(page.locator("#plz")).to_have_value("63450")
    expect(page.locator("input[name=leistung][value=buergergeld]")).to_be_checked()
    keine_antraege(page)
    pruefen.ergebnis()


def test_a_municipal_jobcenter_not_connected_is_handed_over_to_itself_without_a_draft(
    antrag_kontext: BrowserContext,
) -> None:
    page = antrag_kontext.new_page()
    pruefen = Pruefer(page)
    registrieren(page)

    for code in SPRACHEN:
        sprache(page, code)
        pruefen.neu()
        wohnort_senden(page, "52349", "Düren")
        expect(page.locator("main a.knopf")).to_have_count(1)
        expect(page.locator(f'main a[href="{JOBCENTER_DIGITAL}"]')).to_have_count(0)
        pruefen(f"Übergabe zkT ({code})")

    sprache(page, "de")
    wohnort_senden(page, "52349", "Düren")
    expect(page.get_by_role("status")).to_contain_text("legen wir hier keinen Antrag an")
    kontakt = page.get_by_role("link", name=re.compile("^So erreichen Sie das Jobcenter"))
    ziel = kontakt.get_attribute("href") or ""
    assert re.fullmatch(r"/zustaendigkeit\?plz=52349&ort=D%C3%BCren#jobcenter-\d{5}", ziel), ziel
    pruefen.neu()
    kontakt.click()
    eintrag = page.locator(f"#{ziel.split('#')[1]}")
    expect(eintrag).to_contain_text("nicht über die Sozialplattform")
    pruefen("Jobcenter auf der Zuständigkeitsseite")
    keine_antraege(page)
    pruefen.ergebnis()


def test_berlin_is_handed_over_once_without_a_draft_or_twelve_choices(
    antrag_kontext: BrowserContext,
) -> None:
    page = antrag_kontext.new_page()
    pruefen = Pruefer(page)
    registrieren(page)

    for code in SPRACHEN:
        sprache(page, code)
        pruefen.neu()
        wohnort_senden(page, "10115", "Berlin")
        expect(page.locator("main a.knopf")).to_have_count(1)
        expect(page.locator(f'main a.knopf[href="{JOBCENTER_DIGITAL}"]')).to_have_count(1)
        expect(page.locator('input[name="gemeinde"]')).to_have_count(0)
        pruefen(f"Übergabe Berlin ({code})")
    keine_antraege(page)
    pruefen.ergebnis()


def test_several_gemeinden_are_chosen_before_the_draft(antrag_kontext: BrowserContext) -> None:
    """64395: Brensbach (Odenwaldkreis, connected) and Groß-Bieberau (Darmstadt-Dieburg, not)."""
    page = antrag_kontext.new_page()
    seiten = Antragsseiten(page)
    pruefen = seiten.pruefen
    registrieren(page)

    for code in SPRACHEN:
        sprache(page, code)
        pruefen.neu()
        wohnort_senden(page, "64395", "Ortsteil ohne Eintrag")
        expect(page.locator('input[name="gemeinde"]')).to_have_count(2)
        pruefen(f"Gemeinde wählen ({code})")
    sprache(page, "de")
    keine_antraege(page)

    wohnort_senden(page, "64395", "Ortsteil ohne Eintrag")
    gruppe = page.get_by_role("group", name="In welcher Gemeinde wohnen Sie?")
    expect(gruppe.get_by_role("radio")).to_have_count(2)
    expect(page.locator("#plz")).to_have_value("64395")
    seiten.laden(page.locator(ANLEGEN))  # nothing chosen
    expect(page.get_by_role("alert")).to_contain_text("Bitte wählen Sie einen der angebotenen")
    expect(gruppe).to_have_attribute("aria-invalid", "true")
    pruefen("Gemeinde nicht gewählt")
    keine_antraege(page)

    wohnort_senden(page, "64395", "Ortsteil ohne Eintrag")
    gruppe.get_by_label("Groß-Bieberau (Darmstadt-Dieburg)").check()
    seiten.laden(page.locator(ANLEGEN))
    expect(page.get_by_role("status")).to_contain_text("legen wir hier keinen Antrag an")
    expect(
        page.get_by_role("heading", name="Jobcenter Darmstadt-Dieburg", exact=True)
    ).to_be_visible()
    keine_antraege(page)

    wohnort_senden(page, "64395", "Ortsteil ohne Eintrag")
    gruppe.get_by_label("Brensbach (Odenwaldkreis)").check()
    seiten.laden(page.locator(ANLEGEN))
    expect(seiten.status()).to_contain_text("Ihr Antrag ist angelegt.")
    jobcenter = page.locator("dl.angaben dd", has_text="Odenwaldkreis")
    for _ in range(50):  # the Jobcenter arrives by event
        if jobcenter.count():
            break
        seiten.laden(page.get_by_role("link", name="Seite neu laden"))
    expect(jobcenter).to_have_count(1)
    expect(page.get_by_text("In welcher Gemeinde wohnen Sie?")).to_have_count(0)
    pruefen("Übersicht nach der Wahl vorab")
    pruefen.ergebnis()


def test_a_place_without_any_jobcenter_is_refused_at_its_field_without_a_draft(
    antrag_kontext: BrowserContext,
) -> None:
    page = antrag_kontext.new_page()
    pruefen = Pruefer(page)
    registrieren(page)
    for code in SPRACHEN:
        sprache(page, code)
        pruefen.neu()
        wohnort_senden(page, "00000", "Xyzzyqwertz")
        expect(page.get_by_role("alert")).to_have_count(1)
        expect(page.locator("#plz")).to_have_attribute("aria-invalid", "true")
        pruefen(f"Wohnort unbekannt ({code})")
    sprache(page, "de")
    wohnort_senden(page, "00000", "Xyzzyqwertz")
    expect(page.get_by_role("alert")).to_contain_text("finden wir kein Jobcenter")
    keine_antraege(page)
    pruefen.ergebnis()


def test_the_finder_shows_berlin_s_bezirke_compactly_with_one_way_on(
    antrag_kontext: BrowserContext,
) -> None:
    page = antrag_kontext.new_page()
    pruefen = Pruefer(page)
    for code in SPRACHEN:
        pruefen.neu()
        page.goto(f"/zustaendigkeit?suche=10115&sprache={code}")
        ergebnis = page.locator("section.ergebnis")
        expect(ergebnis.locator("ul.auswahl a")).to_have_count(12)  # the Bezirke, as links
        expect(ergebnis.locator("li.angebot")).to_have_count(0)  # not twelve cards
        expect(ergebnis.locator(f'a[href="{JOBCENTER_DIGITAL}"]')).to_have_count(1)
        pruefen(f"Berlin im Finder ({code})")
    pruefen.neu()
    page.locator("section.ergebnis ul.auswahl a", has_text="Neukölln").click()
    expect(page.get_by_role("heading", level=2, name=re.compile("Neukölln"))).to_be_visible()
    pruefen("Berlin Neukölln im Finder")
    pruefen.ergebnis()


def test_the_goal_is_carried_through_login_and_sign_up(antrag_kontext: BrowserContext) -> None:
    page = antrag_kontext.new_page()
    pruefen = Pruefer(page)
    page.goto("/zustaendigkeit?suche=63571+Gelnhausen")
    pruefen.neu()
    page.get_by_role("link", name="Antrag hier stellen").click()
    expect(page).to_have_url(re.compile(r"/anmelden\?weiter="))
    expect(page.get_by_role("status")).to_contain_text(
        "Um einen Antrag zu stellen, melden Sie sich bitte an."
    )
    pruefen("Anmelden mit Ziel")
    pruefen.neu()
    page.get_by_role("link", name="Neues Konto anlegen").click()
    expect(page).to_have_url(re.compile(r"/registrieren\?weiter="))
    expect(page.get_by_role("status")).to_contain_text("Um einen Antrag zu stellen")
    pruefen("Registrieren mit Ziel")
    page.locator("#email").fill(neue_email())
    page.locator("#passwort").fill(PASSWORT)
    pruefen.neu()
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    page.locator("#passwort").fill(PASSWORT)
    pruefen.neu()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/antraege/neu\?plz=63571&ort=Gelnhausen$"))
    expect(page.locator("#plz")).to_have_value("63571")
    expect(page.locator("#ort")).to_have_value("Gelnhausen")
    pruefen("Ziel erreicht")

    page.context.clear_cookies()  # logged out
    for code in SPRACHEN:
        pruefen.neu()
        page.goto(f"/anmelden?weiter={quote('/antraege/neu')}&sprache={code}")
        expect(page.get_by_role("status")).to_have_count(1)
        pruefen.neu()
        pruefen(f"Anmelden mit Ziel ({code})")
        page.goto(f"/registrieren?weiter={quote('/antraege/neu')}&sprache={code}")
        expect(page.get_by_role("status")).to_have_count(1)
        pruefen.neu()
        pruefen(f"Registrieren mit Ziel ({code})")
    pruefen.ergebnis()


@pytest.mark.parametrize(
    "fremd", ["https://boese.example/", "//boese.example/", "/\\boese.example"]
)
def test_a_foreign_goal_is_refused_and_sign_up_lands_on_a_page_that_goes_on(
    antrag_kontext: BrowserContext, fremd: str
) -> None:
    page = antrag_kontext.new_page()
    pruefen = Pruefer(page)
    page.goto(f"/registrieren?weiter={quote(fremd, safe='')}")
    expect(page.get_by_role("status")).to_have_count(0)  # no goal, no reason to give
    page.locator("#email").fill(neue_email())
    page.locator("#passwort").fill(PASSWORT)
    page.locator("main form button[type=submit]").click()
    page.locator("#passwort").fill(PASSWORT)
    pruefen.neu()
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/konto\?neu$"))
    assert "boese" not in page.url
    # the main button goes on to an application, logging out is the lesser one
    expect(page.locator("main .knopf").first).to_have_text("Online einen Antrag stellen")
    expect(page.locator("main .knopf", has_text="Abmelden")).to_have_count(0)
    pruefen("Konto nach der Registrierung")
    pruefen.ergebnis()
