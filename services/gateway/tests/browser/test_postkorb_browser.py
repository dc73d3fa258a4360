"""The mailbox in the browser (issue 13), without JavaScript, at 360 px, 0 axe violations, under
100 KB a page: "Postfach" with its unread count in the menu, the thread, a Bescheid with the day
it counts as notified, the deadline and why a reply is no Widerspruch, a reply with a photo
through the check step (a file with the test signature refused by name first), the consent as
its own step and its withdrawal; the message and the consent page in English and Leichte
Sprache. The postkorb RPC is the stand-in of gateway_postkorb_dienst."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from gateway_antrag_browser import Pruefer, registrieren
from gateway_browser_support import VIEWPORT
from gateway_postkorb import PostkorbGateway, foto, mit_testsignatur, postkorb_gateway
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def plattform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PostkorbGateway]:
    with postkorb_gateway(tmp_path_factory.mktemp("postkorb-browser")) as gestartet:
        yield gestartet


def test_mailbox_bescheid_reply_with_check_step_and_consent(
    browser: Browser, plattform: PostkorbGateway
) -> None:
    context = browser.new_context(viewport=VIEWPORT, base_url=plattform.url, locale="de-DE")
    page = context.new_page()
    registrieren(page)
    person_id = page.request.get("/api/v1/sitzung").json()["person_id"]
    ids = plattform.bescheid(person_id)
    pruefer = Pruefer(page)

    def pruefen(name: str) -> None:
        pruefer(name)
        pruefer.neu()

    page.goto("/konto")
    menue = page.get_by_role("navigation", name="Hauptmenü")
    expect(menue.get_by_role("link", name="Postfach 1 ungelesen")).to_be_visible()
    menue.get_by_role("link", name="Postfach 1 ungelesen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Postfach")
    pruefen("postfach")
    page.get_by_role("link", name="Ihr Antrag auf Einstiegsgeld").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Antrag auf Einstiegsgeld")
    pruefen("unterhaltung")
    page.get_by_role("link", name="Bescheid über Einstiegsgeld").click()
    expect(page.get_by_text("Gilt als bekannt gegeben am 11. Dezember 2026.")).to_be_visible()
    expect(page.get_by_text("Widerspruch möglich bis 11. Januar 2027.")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Eine Antwort hier ist kein Widerspruch")
    ).to_be_visible()
    expect(page.get_by_role("link", name="bescheid.pdf")).to_be_visible()
    pruefen("bescheid")
    expect(menue.get_by_role("link", name="Postfach", exact=True)).to_be_visible()  # read now

    page.get_by_role("link", name="Antworten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antworten")
    pruefen("antworten")
    page.locator("#text").fill("Guten Tag,\n\nanbei die Rechnung.")
    page.locator("#dateien").set_input_files(
        [{"name": "rechnung.pdf", "mimeType": "application/pdf", "buffer": mit_testsignatur()}]
    )
    page.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "rechnung.pdf: Diese Datei enthält einen Virus"
    )
    expect(page.get_by_role("button", name="Jetzt an das Jobcenter senden")).to_have_count(0)
    pruefen("antwort abgelehnt")
    page.get_by_role("button", name="Antwort ändern").click()
    expect(page.locator("#text")).to_have_value("Guten Tag,\n\nanbei die Rechnung.")
    page.locator("#dateien").set_input_files(
        [{"name": "rechnung.jpg", "mimeType": "image/jpeg", "buffer": foto(800)}]
    )
    page.get_by_role("button", name="Weiter zur Prüfung").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Antwort prüfen")
    expect(page.get_by_text("rechnung.jpg")).to_be_visible()
    pruefen("antwort pruefen")
    vorher = len(plattform.gesendet())
    page.get_by_role("button", name="Jetzt an das Jobcenter senden").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Antwort ist gesendet")
    expect(page.get_by_text("Gesendet, noch nicht beim Jobcenter angekommen")).to_be_visible()
    pruefen("gesendet")
    assert len(plattform.gesendet()) == vorher + 1

    page.goto("/postfach")
    page.get_by_role("link", name="Mehr lesen und einwilligen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bescheide im Postfach empfangen")
    pruefen("einwilligung")
    page.get_by_role("button", name="Einwilligen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte kreuzen Sie an")
    expect(page.locator("#einverstanden")).to_have_attribute("aria-invalid", "true")
    pruefen("einwilligung fehlt")
    page.locator("#benachrichtigung_email").fill("erika@example.org")
    page.get_by_label("Ich habe den Text gelesen und willige ein.").check()
    page.get_by_role("button", name="Einwilligen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Einwilligung ist gespeichert.")
    expect(page.get_by_text(re.compile(r"Eingewilligt am \d\d\.\d\d\.\d{4}"))).to_be_visible()
    pruefen("eingewilligt")
    page.get_by_role("button", name="Einwilligung widerrufen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Einwilligung ist widerrufen.")
    pruefen("widerrufen")

    for sprache, bekanntgabe, knopf in (
        ("en", "Deemed notified on 11 December 2026.", "Give consent"),
        ("de-x-ls", "Gilt als bekannt gegeben am 11. Dezember 2026.", "Einverstanden"),
    ):
        page.goto(f"/postfach/nachrichten/{ids['nachricht_id']}?sprache={sprache}")
        expect(page.locator("html")).to_have_attribute("lang", sprache)
        expect(page.get_by_text(bekanntgabe)).to_be_visible()
        pruefen(f"bescheid {sprache}")
        page.goto(f"/postfach/einwilligung?sprache={sprache}")
        expect(page.get_by_role("button", name=knopf, exact=True)).to_be_visible()
        pruefen(f"einwilligung {sprache}")
    pruefer.ergebnis()
    context.close()
