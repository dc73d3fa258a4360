"""The gateway in Debian's headless Chromium on a 360 px wide screen: click through the start
page, the language switch, sign-up, login and logout, and the Zuständigkeitsfinder without
JavaScript; axe-core on every page in every language (zero WCAG 2.1 A/AA violations); page
weight, layout width, CSP.

Nothing is downloaded: Chromium is /usr/bin/chromium (apt), axe-core comes from node_modules
here (npm ci from package-lock.json); `scripts/setup.sh browser` installs both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from gateway_browser_support import AXE, AXE_RUN, BUDGET_BYTES, VIEWPORT, WCAG_21_AA, Gewicht
from gateway_test_support import PASSWORT, neue_email
from playwright.sync_api import Browser, BrowserContext, expect

from kernel.testing import ServiceProcess

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

SPRACHEN = ["de", "en", "de-x-ls"]
SEITEN = [
    "/",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/leichte-sprache",
    "/anmelden",
    "/registrieren",
    "/gibt-es-nicht",
    "/zustaendigkeit",
    "/zustaendigkeit?suche=63571",  # a connected zkT: apply here
    "/zustaendigkeit?suche=63450",  # a gE: jobcenter.digital
    "/zustaendigkeit?suche=88400",  # a zkT not connected: contact it directly
    "/zustaendigkeit?suche=17337",  # ambiguous: which town?
    "/zustaendigkeit?suche=Berlin",  # which Bezirk? 12 Jobcenters
    "/zustaendigkeit?suche=Neustadt",  # too many towns: the PLZ, please
    "/zustaendigkeit?suche=1234",  # an error at the field
    "/zustaendigkeit?suche=00000",  # unknown PLZ
]


@pytest.fixture
def ohne_js(browser: Browser, gateway: ServiceProcess) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport=VIEWPORT, java_script_enabled=False, base_url=gateway.url, locale="de-DE"
    )
    yield context
    context.close()


@pytest.fixture
def mit_js(browser: Browser, gateway: ServiceProcess) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=VIEWPORT, base_url=gateway.url, locale="de-DE")
    yield context
    context.close()


def test_start_page_and_language_switch_without_javascript(ohne_js: BrowserContext) -> None:
    page = ohne_js.new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sozialleistungen verstehen, finden und beantragen"
    )
    expect(page.locator(".angebot")).to_have_count(6)

    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Understand, find and apply for social benefits"
    )

    page.get_by_role("link", name="Imprint").click()
    expect(page).to_have_url(re.compile(r"/impressum$"))
    page.get_by_role("navigation", name="Choose language").get_by_role(
        "link", name="Leichte Sprache"
    ).click()
    expect(page).to_have_url(re.compile(r"/impressum$"))
    expect(page.locator("html")).to_have_attribute("lang", "de-x-ls")

    page.get_by_role("link", name="Start·seite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hilfe vom Staat: verstehen, finden und beantragen"
    )
    page.get_by_role("link", name="Deutsch").click()
    expect(page.locator("html")).to_have_attribute("lang", "de")


def test_sign_up_logout_and_login_without_javascript(ohne_js: BrowserContext) -> None:
    page = ohne_js.new_page()
    email = neue_email()
    page.goto("/")

    page.get_by_role("navigation", name="Hauptmenü").get_by_role(
        "link", name="Konto anlegen"
    ).click()
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill("kurz")
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Das Passwort muss mindestens 12 Zeichen")
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value(email)

    page.get_by_label("Passwort").fill("Passwort12345")
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Dieses Passwort ist leicht zu erraten")

    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Konto anlegen").click()
    expect(page.get_by_role("status")).to_contain_text("Bitte melden Sie sich jetzt")
    expect(page.get_by_label("E-Mail-Adresse")).to_have_value(email)
    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/konto\?neu$"))
    expect(page.get_by_text("Sie sind angemeldet.")).to_be_visible()

    page.get_by_role("navigation", name="Hauptmenü").get_by_role("button", name="Abmelden").click()
    expect(page.get_by_role("status")).to_have_text("Sie sind jetzt abgemeldet.")

    page.get_by_role("navigation", name="Hauptmenü").get_by_role("link", name="Anmelden").click()
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill("ein falscher langer Satz")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("E-Mail-Adresse oder Passwort stimmen nicht.")

    page.get_by_label("Passwort").fill(PASSWORT)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/konto$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mein Konto")


def test_find_the_jobcenter_without_javascript(ohne_js: BrowserContext) -> None:
    page = ohne_js.new_page()
    page.goto("/")
    page.get_by_role("link", name="Zuständiges Jobcenter finden").click()
    expect(page).to_have_url(re.compile(r"/zustaendigkeit$"))
    feld = page.get_by_label("Postleitzahl oder Wohnort")

    feld.fill("63571")
    page.get_by_role("button", name="Jobcenter finden").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Ihr Jobcenter: Main-Kinzig-Kreis")
    expect(
        page.get_by_text("Dieses Jobcenter nimmt Anträge über die Sozialplattform an.")
    ).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("OpenStreetMap contributors"))).to_be_visible()

    feld.fill("17337")
    page.get_by_role("button", name="Jobcenter finden").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Mehrere Jobcenter kommen in Frage")
    expect(page.locator(".angebot")).to_have_count(3)
    page.get_by_role("link", name="Uckerland").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Ihr Jobcenter: Uckermark")
    expect(page.get_by_text("Bitte wenden Sie sich direkt an das Jobcenter.")).to_be_visible()

    feld.fill("Berlin")
    page.get_by_role("button", name="Jobcenter finden").click()
    expect(page.get_by_text("In welchem Bezirk wohnen Sie?")).to_be_visible()
    expect(page.locator(".auswahl a")).to_have_count(12)
    page.locator(".auswahl").get_by_role("link", name="Neukölln").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Ihr Jobcenter: Neukölln")
    expect(page.get_by_role("link", name="Weiter zu jobcenter.digital")).to_have_attribute(
        "href", "https://jobcenter.digital"
    )


def test_a_wrong_input_shows_its_message_linked_to_the_field(ohne_js: BrowserContext) -> None:
    page = ohne_js.new_page()
    page.goto("/zustaendigkeit?sprache=en")
    feld = page.get_by_label("Postcode or town")

    feld.fill("1234")
    page.get_by_role("button", name="Find Jobcenter").click()

    meldung = "A postcode has exactly five digits."
    expect(page.get_by_role("alert")).to_contain_text(meldung)
    expect(feld).to_have_attribute("aria-invalid", "true")
    expect(feld).to_have_accessible_description(re.compile(re.escape(meldung)))
    expect(feld).to_have_value("1234")
    page.get_by_role("alert").get_by_role("link").click()
    expect(feld).to_be_focused()


def test_the_keyboard_reaches_the_skip_link_first_and_it_jumps_to_the_content(
    mit_js: BrowserContext,
) -> None:
    page = mit_js.new_page()
    page.goto("/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#inhalt$"))


def test_every_page_in_every_language_passes_axe_fits_360px_and_stays_light(
    mit_js: BrowserContext,
) -> None:
    page = mit_js.new_page()
    axe = AXE.read_text(encoding="utf-8")
    gewicht = Gewicht(page)
    csp_verstoesse: list[str] = []
    page.on(
        "console",
        lambda message: (
            csp_verstoesse.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    befunde: dict[str, list] = {}

    def pruefen(name: str) -> None:
        page.evaluate(axe)  # through the DevTools protocol: the page's CSP stays in force
        violations = page.evaluate(AXE_RUN, WCAG_21_AA)
        if violations:
            befunde[name] = violations
        assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORT["width"], name
        assert gewicht.bytes < BUDGET_BYTES, (name, gewicht.bytes)

    for sprache in SPRACHEN:
        for pfad in SEITEN:
            gewicht.neu()
            page.goto(f"{pfad}{'&' if '?' in pfad else '?'}sprache={sprache}")
            pruefen(f"{sprache} {pfad}")
        gewicht.neu()  # a form with errors
        page.goto(f"/registrieren?sprache={sprache}")
        page.get_by_role("button").last.click()
        page.wait_for_load_state()
        pruefen(f"{sprache} /registrieren (mit Fehlern)")

    email = neue_email()
    page.goto("/registrieren")
    page.locator("#email").fill(email)
    page.locator("#passwort").fill(PASSWORT)
    page.locator("form button[type=submit]").last.click()
    gewicht.neu()  # the login form after sign-up, with its notice
    expect(page.locator(".hinweis")).to_be_visible()
    pruefen("de /registrieren (angenommen)")
    page.locator("#passwort").fill(PASSWORT)
    page.locator("form button[type=submit]").last.click()
    for sprache in SPRACHEN:
        gewicht.neu()
        page.goto(f"/konto?sprache={sprache}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        pruefen(f"{sprache} /konto")

    assert befunde == {}
    assert csp_verstoesse == []


def test_axe_does_report_violations_where_there_are_some(mit_js: BrowserContext) -> None:
    """Guards the test above against an axe run that checks nothing."""
    page = mit_js.new_page()
    page.set_content('<html><body><img src="x.png"><a href="/x"></a></body></html>')
    page.evaluate(AXE.read_text(encoding="utf-8"))

    found = {violation["id"] for violation in page.evaluate(AXE_RUN, WCAG_21_AA)}

    assert {"html-has-lang", "image-alt", "link-name"} <= found
