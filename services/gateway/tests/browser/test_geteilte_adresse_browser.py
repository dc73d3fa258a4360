"""Sign-up behind a shared address, in the browser (issue 11, item 14): people behind one client
address (a shelter, a library, a mobile carrier) can all sign up; the limit that protects an
e-mail address is hit only by that address's own repeated sign-ups, and the page then says
truthfully how long it lasts, keeps what was typed, and passes axe at 360 px without JavaScript.
The gateway runs with its production limits (60 sign-ups per client address and hour, 3 per
e-mail address and hour); the old limit of 5 per client address refused the sixth person."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gateway_antrag_browser import Pruefer
from gateway_browser_support import VIEWPORT
from gateway_test_support import PASSWORT, gateway_process, neue_email
from playwright.sync_api import Browser, Page, expect

from kernel.testing import ServiceProcess

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

MENSCHEN = 8  # more than the old limit of 5 per client address and hour


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    """The sign-up limits as shipped: no SOZ_GATEWAY_LIMIT_* set."""
    with gateway_process(tmp_path_factory.mktemp("gateway-geteilte-adresse")) as process:
        yield process


def anlegen(page: Page, email: str) -> None:
    page.goto("/registrieren")
    page.locator("#email").fill(email)
    page.locator("#passwort").fill(PASSWORT)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()


def test_many_people_behind_one_address_sign_up_and_a_repeated_address_is_told_how_long(
    browser: Browser, gateway: ServiceProcess
) -> None:
    for _ in range(MENSCHEN):  # each person with a browser of their own, all from 127.0.0.1
        context = browser.new_context(viewport=VIEWPORT, base_url=gateway.url, locale="de-DE")
        page = context.new_page()
        anlegen(page, neue_email())
        expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
        context.close()

    context = browser.new_context(viewport=VIEWPORT, base_url=gateway.url, locale="de-DE")
    page = context.new_page()
    pruefer = Pruefer(page)
    email = neue_email()
    for _ in range(3):  # the address's own sign-ups: the first and two repeats answer alike
        anlegen(page, email)
        expect(page.get_by_role("heading", level=1)).to_have_text("Anmelden")
    pruefer.neu()  # the page weight from here
    anlegen(page, email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Konto anlegen")
    expect(page).to_have_title("Fehler: Konto anlegen – Sozialplattform")
    meldung = page.locator("main").get_by_text("Bitte warten Sie 60 Minuten.")
    expect(meldung.first).to_be_visible()
    expect(page.locator("#email")).to_have_value(email)  # nothing typed is lost
    pruefer("Registrierung begrenzt")
    for sprache, text in (
        ("en", "Please wait 60 minutes."),
        ("de-x-ls", "Bitte warten Sie 60 Minuten. Dann versuchen Sie es noch einmal."),
    ):
        pruefer.neu()
        page.goto(f"/sprache/{sprache}?zurueck=/registrieren")  # the choice, kept in a cookie
        page.locator("#email").fill(email)
        page.locator("#passwort").fill(PASSWORT)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
        expect(page.locator("main").get_by_text(text).first).to_be_visible()
        pruefer(f"{sprache} Registrierung begrenzt")
    pruefer.ergebnis()
    context.close()
