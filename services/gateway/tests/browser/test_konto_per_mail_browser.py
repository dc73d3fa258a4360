"""The account by mail in the browser, without JavaScript, at 360 px, 0 axe violations (issue 11,
item 13): a person who forgot their password asks for a link on the login page, opens the link
from the mail the real SMTP sink received, is refused a guessable password at its field, sets a
good one, logs in with it and sees who is logged in; the link does not work twice. Then they
delete the account, told first what happens to drafts and submitted applications. The forgotten
password page in English and Leichte Sprache."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from gateway_antrag_browser import Pruefer
from gateway_browser_support import VIEWPORT
from gateway_test_support import PASSWORT, Klient, gateway_mit_mail
from playwright.sync_api import Browser, expect

from kernel.testing import ServiceProcess
from mail_senke.senke import Senke, text

NEUES_PASSWORT = "Apfelbaum im Regen am Montag"


@pytest.fixture(scope="module")
def senke(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Senke]:
    with Senke(tmp_path_factory.mktemp("mail")) as senke:
        yield senke


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory, senke: Senke) -> Iterator[ServiceProcess]:
    with gateway_mit_mail(tmp_path_factory.mktemp("gateway-mail-browser"), senke.port) as process:
        yield process


def test_a_forgotten_password_is_reset_by_mail_and_the_account_deleted(
    browser: Browser, gateway: ServiceProcess, senke: Senke
) -> None:
    email = Klient(gateway.url).neues_konto()
    context = browser.new_context(viewport=VIEWPORT, base_url=gateway.url, locale="de-DE")
    page = context.new_page()
    pruefer = Pruefer(page)

    def pruefen(name: str) -> None:
        """axe, width and the weight of what loaded since the last check."""
        pruefer(name)
        pruefer.neu()

    page.goto("/anmelden")
    page.get_by_role("link", name="Passwort vergessen?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort vergessen")
    pruefen("passwort vergessen")
    page.locator("#email").fill(email)
    page.get_by_role("button", name="Link schicken").click()
    expect(page.get_by_role("status")).to_contain_text("Wenn es zu dieser E-Mail-Adresse ein Konto")
    pruefen("link geschickt")

    (mail,) = senke.warten(email)
    link = re.search(r"http://\S+/passwort-neu\?token=\S+", text(mail))
    assert link, text(mail)
    page.goto(link[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Neues Passwort wählen")
    pruefen("neues passwort")
    page.locator("#passwort").fill("passwort1234")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.locator("#passwort-fehler")).to_contain_text("leicht zu erraten")
    expect(page.locator("#passwort")).to_have_attribute("aria-invalid", "true")
    pruefen("neues passwort abgelehnt")
    page.locator("#passwort").fill(NEUES_PASSWORT)
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Passwort gespeichert")
    pruefen("passwort gespeichert")

    page.get_by_role("link", name="Anmelden").last.click()
    page.locator("#email").fill(email)
    page.locator("#passwort").fill(PASSWORT)
    page.locator("form button[type=submit]").last.click()
    expect(page.get_by_role("alert")).to_contain_text("Anmeldung fehlgeschlagen")
    page.locator("#passwort").fill(NEUES_PASSWORT)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/konto$"))
    lokal = email.split("@")[0]
    expect(page.locator("dl")).to_contain_text(f"{lokal[:2]}…{lokal[-1]}@example.org")
    pruefen("mein konto")

    page.goto(link[0])
    expect(page.get_by_role("heading", level=1)).to_have_text("Link nicht mehr gültig")
    pruefen("link benutzt")

    page.goto("/konto")
    page.get_by_role("link", name="Konto löschen").click()
    expect(page.get_by_role("main")).to_contain_text("Ihre Entwürfe löschen wir")
    expect(page.get_by_role("main")).to_contain_text("hat das Jobcenter bekommen")
    pruefen("konto löschen")
    page.locator("#passwort").fill(NEUES_PASSWORT)
    page.get_by_role("button", name="Konto endgültig löschen").click()
    expect(page.locator("#bestaetigung-fehler")).to_be_visible()  # not ticked
    page.get_by_label("Ja, ich will mein Konto löschen.").check()
    page.locator("#passwort").fill(NEUES_PASSWORT)
    page.get_by_role("button", name="Konto endgültig löschen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Konto gelöscht")
    pruefen("konto gelöscht")
    assert Klient(gateway.url).anmelden(email, NEUES_PASSWORT).status_code == 401

    for sprache, titel in (("en", "Forgotten password"), ("de-x-ls", "Passwort vergessen")):
        page.goto(f"/sprache/{sprache}?zurueck=/passwort-vergessen")
        expect(page.get_by_role("heading", level=1)).to_have_text(titel)
        pruefen(f"passwort vergessen {sprache}")
    expect(page.get_by_role("main")).to_contain_text("Wir schicken Ihnen einen Link.")
    pruefer.ergebnis()
    context.close()
