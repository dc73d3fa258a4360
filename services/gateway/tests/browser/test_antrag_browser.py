"""The online application in Debian's headless Chromium on a 360 px screen, without JavaScript:
one benefit (Einstiegsgeld, the shortest) from the start page to the receipt and the status
timeline; a repeating group grown and shrunk with buttons; axe-core (zero WCAG 2.1 A/AA
violations), the 360 px width and the 100 KB budget on every page of it, in all three
languages, with and without errors on the page.

The real gateway, antrag and zustaendigkeit services run in a RabbitMQ virtual host of their
own (fixture ``antrag_plattform``), so the Jobcenter is found the way it is in production.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from gateway_antrag_plattform import Plattform, zustellung_melden
from gateway_browser_support import (
    AXE,
    AXE_RUN,
    BUDGET_BYTES,
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    WCAG_21_AA,
    Gewicht,
)
from gateway_test_support import PASSWORT, neue_email
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.rabbitmq]

SPRACHEN = ["de", "en", "de-x-ls"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("Chromium or axe-core is missing: run scripts/setup.sh browser")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def ohne_js(browser: Browser, antrag_plattform: Plattform) -> Iterator[BrowserContext]:
    """Pages run without JavaScript (Pruefer switches it off through the DevTools protocol,
    the way java_script_enabled=False does, and on only for the moment axe runs: Playwright
    cannot evaluate anything in a context without JavaScript)."""
    context = browser.new_context(
        viewport=VIEWPORT, base_url=antrag_plattform.url, locale="de-DE", accept_downloads=True
    )
    yield context
    context.close()


class Pruefer:
    """axe-core, the 360 px width, the page weight and the CSP on every page visited."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.devtools = page.context.new_cdp_session(page)
        self._skripte(aus=True)
        self.axe = AXE.read_text(encoding="utf-8")
        self.gewicht = Gewicht(page)
        self.befunde: dict[str, list] = {}
        self.csp: list[str] = []
        self.geprueft: list[str] = []
        page.on(
            "console",
            lambda m: self.csp.append(m.text) if "Content Security Policy" in m.text else None,
        )

    def neu(self) -> None:
        self.gewicht.neu()

    def _skripte(self, *, aus: bool) -> None:
        self.devtools.send("Emulation.setScriptExecutionDisabled", {"value": aus})

    def __call__(self, name: str) -> None:
        page = self.page
        self._skripte(aus=False)
        try:
            page.evaluate(self.axe)  # through the DevTools protocol: the CSP stays in force
            violations = page.evaluate(AXE_RUN, WCAG_21_AA)
            breite = page.evaluate("document.documentElement.scrollWidth")
        finally:
            self._skripte(aus=True)
        if violations:
            self.befunde[name] = violations
        assert breite <= VIEWPORT["width"], (name, breite)
        assert self.gewicht.bytes < BUDGET_BYTES, (name, self.gewicht.bytes)
        self.geprueft.append(name)

    def ergebnis(self) -> None:
        assert self.befunde == {}
        assert self.csp == []


def registrieren(page: Page) -> None:
    page.goto("/registrieren")
    page.locator("#email").fill(neue_email())
    page.locator("#passwort").fill(PASSWORT)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/konto\?neu$"))


def png() -> dict:
    datei = io.BytesIO()
    Image.new("RGB", (60, 80), (20, 90, 160)).save(datei, "PNG")
    return {"name": "vertrag-seite-1.png", "mimeType": "image/png", "buffer": datei.getvalue()}


def weiter(page: Page) -> None:
    page.get_by_role("button", name="Speichern und weiter").click()


def test_einstiegsgeld_from_the_start_page_to_the_receipt_and_the_timeline(
    ohne_js: BrowserContext, antrag_plattform: Plattform, tmp_path: Path
) -> None:
    page = ohne_js.new_page()
    pruefen = Pruefer(page)
    registrieren(page)
    person_id = page.request.get("/api/v1/sitzung").json()["person_id"]

    page.goto("/")
    page.get_by_role("link", name="Online einen Antrag stellen").click()
    expect(page).to_have_url(re.compile(r"/antraege/neu$"))
    pruefen("neu")
    page.get_by_label("Antrag auf Einstiegsgeld").check()
    pruefen.neu()
    page.get_by_role("button", name="Antrag anlegen").click()
    expect(page.get_by_role("alert")).to_contain_text("Bitte prüfen Sie Postleitzahl und Ort.")
    expect(page.get_by_label("Postleitzahl")).to_have_attribute("aria-invalid", "true")
    pruefen("neu mit Fehlern")
    page.get_by_label("Postleitzahl").fill("63571")
    page.get_by_label("Ort", exact=True).fill("Gelnhausen")
    page.get_by_role("button", name="Antrag anlegen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihr Antrag ist angelegt.")
    uebersicht = page.url.split("?")[0]
    for _ in range(50):  # the Jobcenter arrives by event; the page says to reload meanwhile
        if page.get_by_text("Main-Kinzig-Kreis").count():
            break
        page.get_by_role("link", name="Seite neu laden").click()
    expect(page.get_by_text("Main-Kinzig-Kreis")).to_be_visible()
    pruefen.neu()
    page.goto(uebersicht)
    pruefen("Übersicht")

    page.get_by_role("link", name="Angaben zu Ihrer Person").click()
    expect(page.get_by_text("Abschnitt 1 von 5")).to_be_visible()
    pruefen("Person")
    page.get_by_label("Vorname(n)").fill("Erika")
    page.get_by_label("Familienname").fill("Mustermann")
    page.get_by_label("Geburtsdatum").fill("12.04.1980")
    page.get_by_label("Straße und Hausnummer").fill("Marktplatz 1")
    page.get_by_label("Postleitzahl").fill("63571")
    page.get_by_label("Ort", exact=True).fill("Gelnhausen")
    weiter(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Die neue Tätigkeit")
    page.get_by_label("sozialversicherungspflichtige Beschäftigung").check()
    page.get_by_label("Beginn").fill("01.03.2030")
    page.get_by_label("Stunden pro Woche").fill("30")
    page.get_by_label("Erwartetes Bruttoeinkommen im Monat").fill("2100,00")
    pruefen.neu()
    weiter(page)
    # the answer "employment" brings up more questions on the same page
    expect(page.get_by_role("status")).to_contain_text("weitere Fragen")
    expect(page.get_by_text("Arbeitsvertrag oder Einstellungszusage")).to_be_visible()
    pruefen("Tätigkeit mit neuen Fragen")
    page.get_by_label("Datei oder Fotos auswählen").set_input_files([png()])
    pruefen.neu()
    page.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihre Datei ist hochgeladen.")
    expect(page.locator(".anlagen")).to_contain_text("vertrag-seite-1.pdf")
    pruefen("Tätigkeit mit Anlage")

    page.get_by_label("Arbeitgeber").fill("Muster GmbH")
    page.get_by_role("group", name="Ist die Tätigkeit befristet?").get_by_label("Nein").check()
    page.get_by_label("Beginn").fill("31.02.2030")
    pruefen.neu()
    weiter(page)
    meldung = "Bitte geben Sie ein Datum ein, zum Beispiel 31.01.2026."
    expect(page.get_by_role("alert")).to_contain_text(meldung)
    beginn = page.get_by_label("Beginn")
    expect(beginn).to_have_attribute("aria-invalid", "true")
    expect(beginn).to_have_accessible_description(re.compile(re.escape(meldung)))
    expect(beginn).to_have_value("31.02.2030")
    expect(page.get_by_label("Arbeitgeber")).to_have_value("Muster GmbH")
    pruefen("Tätigkeit mit Fehlern")
    page.get_by_role("alert").get_by_role("link").click()
    expect(beginn).to_be_focused()
    beginn.fill("01.03.2030")
    weiter(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Bisher")
    page.get_by_label("Arbeitslos seit").fill("01.05.2024")
    page.get_by_role("group", name="Erhalten Sie Bürgergeld?").get_by_label("Ja").check()
    weiter(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bankverbindung")
    page.get_by_label("Kontoinhaberin / Kontoinhaber").fill("Erika Mustermann")
    page.get_by_label("IBAN").fill("DE02 1203 0000 0000 2020 51")
    page.get_by_label("IBAN").press("Enter")  # the Enter key saves and goes on
    expect(page.get_by_role("heading", level=1)).to_have_text("Erklärungen")
    pruefen("Erklärungen")
    for box in page.locator("#formular input[type=checkbox]").all():
        box.check()
    pruefen.neu()
    weiter(page)

    expect(page.get_by_role("heading", level=1)).to_have_text("Angaben prüfen")
    expect(page.get_by_text("Muster GmbH")).to_be_visible()
    expect(page.get_by_text("2.100,00 €")).to_be_visible()
    pruefen("Prüfen")
    pruefen.neu()
    page.get_by_role("button", name="Antrag verbindlich einreichen").click()
    expect(page.get_by_role("status")).to_contain_text("Ihr Antrag ist eingereicht.")
    expect(page.locator(".zeitleiste")).to_contain_text("Eingereicht")
    pruefen("eingereicht")
    with page.expect_download() as download:
        page.get_by_role("link", name="Eingangsbestätigung herunterladen (PDF)").click()
    ziel = tmp_path / "quittung.pdf"
    download.value.save_as(ziel)
    assert ziel.read_bytes().startswith(b"%PDF-")

    antrag = page.request.get(f"/api/v1/antraege/{uebersicht.rsplit('/', 1)[1]}").json()
    zustellung_melden(antrag_plattform, antrag, person_id)
    for _ in range(50):
        page.goto(uebersicht)
        if page.locator(".zeitleiste").get_by_text("Beim Jobcenter angekommen").count():
            break
    expect(page.locator(".zeitleiste li")).to_have_count(3)
    pruefen.neu()
    page.goto(uebersicht)
    pruefen("zugestellt")
    page.get_by_role("navigation", name="Hauptmenü").get_by_role(
        "link", name="Meine Anträge"
    ).click()
    expect(page.get_by_role("link", name="Antrag auf Einstiegsgeld")).to_be_visible()
    expect(page.get_by_text("Beim Jobcenter angekommen")).to_be_visible()
    pruefen("Meine Anträge")
    pruefen.ergebnis()


def test_a_repeating_group_grows_and_shrinks_with_buttons(ohne_js: BrowserContext) -> None:
    page = ohne_js.new_page()
    pruefen = Pruefer(page)
    registrieren(page)
    page.goto("/antraege/neu")
    page.get_by_label("Antrag auf Bürgergeld").check()
    page.get_by_label("Postleitzahl").fill("63571")
    page.get_by_label("Ort", exact=True).fill("Gelnhausen")
    page.get_by_role("button", name="Antrag anlegen").click()
    page.get_by_role("link", name="Weitere Personen in Ihrem Haushalt").click()

    frage = "Leben weitere Personen mit Ihnen in der Bedarfsgemeinschaft?"
    page.get_by_role("group", name=frage).get_by_label("Ja").check()
    weiter(page)
    expect(page.get_by_role("status")).to_contain_text("weitere Fragen")
    expect(page.locator("fieldset.eintrag")).to_have_count(1)
    page.get_by_label("Vorname(n)").fill("Max")
    page.get_by_role("button", name="Eintrag hinzufügen").first.click()
    expect(page).to_have_url(re.compile(r"#f-personen-1$"))
    expect(page.locator("fieldset.eintrag")).to_have_count(2)
    expect(page.locator("#f-personen-0-vorname")).to_have_value("Max")  # kept as a draft
    pruefen.neu()
    page.goto(page.url)
    pruefen("Gruppe mit zwei Einträgen")
    page.locator("#f-personen-1-vorname").fill("Moritz")
    page.get_by_role("button", name="Eintrag 1 entfernen").click()
    expect(page.locator("fieldset.eintrag")).to_have_count(1)
    expect(page.locator("#f-personen-0-vorname")).to_have_value("Moritz")
    pruefen.ergebnis()


def test_every_application_page_in_every_language_passes_axe(
    ohne_js: BrowserContext,
) -> None:
    """The pages of a draft, with and without errors, in German, English and Leichte Sprache."""
    page = ohne_js.new_page()
    pruefen = Pruefer(page)
    registrieren(page)
    page.goto("/antraege/neu")
    page.get_by_label("Antrag auf Einstiegsgeld").check()
    page.get_by_label("Postleitzahl").fill("63450")  # Hanau: a joint Jobcenter
    page.get_by_label("Ort", exact=True).fill("Hanau")
    page.get_by_role("button", name="Antrag anlegen").click()
    basis = page.url.split("?")[0]
    for _ in range(50):
        if page.get_by_text("jobcenter.digital").count():
            break
        page.goto(basis)
    seiten = [
        "/antraege",
        "/antraege/neu",
        basis,
        *(f"{basis}/abschnitte/{name}" for name in ("antragsteller", "taetigkeit", "erklaerung")),
        f"{basis}/pruefen",
        f"{basis}/zurueckziehen",
    ]
    for sprache in SPRACHEN:
        for seite in seiten:
            pruefen.neu()
            page.goto(f"{seite}?sprache={sprache}")
            expect(page.locator("html")).to_have_attribute("lang", sprache)
            pruefen(f"{sprache} {seite}")
        pruefen.neu()  # a section with an error
        page.goto(f"{basis}/abschnitte/arbeitslosigkeit?sprache={sprache}")
        page.locator("#f-arbeitslos_seit").fill("gestern")
        page.locator("#formular .knopf").first.click()
        expect(page.get_by_role("alert")).to_be_visible()
        pruefen(f"{sprache} Abschnitt mit Fehler")
        pruefen.neu()  # submitting: refused, a joint Jobcenter
        page.goto(f"{basis}/pruefen?sprache={sprache}")
        page.locator("form[action$='/einreichen'] button").click()
        expect(page.get_by_role("alert")).to_be_visible()
        pruefen(f"{sprache} Einreichen abgelehnt")
    pruefen.ergebnis()
