"""What the application tests in the browser share: the checks on every page (axe-core, the
360 px width, the page weight, the CSP) and a person's way through the pages, without
JavaScript: sign up, choose a benefit, fill a section page by page, see a refusal at its field,
leave a draft and come back to it through "Meine Anträge", submit, download the receipt and
follow the status until the Jobcenter has the application.

Every step that loads a page waits for that page (``laden``): no sleeps.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from gateway_antrag_plattform import Plattform, zustellung_melden
from gateway_browser_support import AXE, AXE_RUN, BUDGET_BYTES, VIEWPORT, WCAG_21_AA, Gewicht
from gateway_test_support import PASSWORT, neue_email
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

# A field's answer as a person gives it: text, yes/no (or a declaration confirmed), the values
# of several boxes ticked.
Antwort = str | bool | Sequence[str]
WEITERE_FRAGEN = "weitere Fragen"


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
        """Pages run without JavaScript (switched off through the DevTools protocol, the way
        java_script_enabled=False does, and on only for the moment axe runs: Playwright
        cannot evaluate anything in a context without JavaScript)."""
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


# the button of /antraege/neu's form
ANLEGEN = 'form[action="/antraege/neu"] button[type=submit]'


def wohnort_senden(page: Page, plz: str, ort: str, leistung: str = "buergergeld") -> None:
    """The new application's form sent with this place of residence (in whatever language):
    a hand-over follows, or, where a draft is made, its page."""
    page.goto("/antraege/neu")
    page.locator(f'input[name=leistung][value="{leistung}"]').check()
    page.locator("#plz").fill(plz)
    page.locator("#ort").fill(ort)
    with page.expect_navigation():
        page.locator(ANLEGEN).click()


def kontext(browser: Browser, plattform: Plattform, **optionen: Any) -> BrowserContext:
    """A browser context of the application tests: 360 px, German, downloads allowed."""
    return browser.new_context(
        viewport=VIEWPORT, base_url=plattform.url, locale="de-DE", accept_downloads=True, **optionen
    )


def registrieren(page: Page) -> None:
    """Sign up, then log in on the form the sign-up answers with (email already filled in)."""
    page.goto("/registrieren")
    page.locator("#email").fill(neue_email())
    page.locator("#passwort").fill(PASSWORT)
    page.locator("form button[type=submit]").last.click()
    page.locator("#passwort").fill(PASSWORT)
    page.locator("form button[type=submit]").last.click()
    expect(page).to_have_url(re.compile(r"/konto\?neu$"))


def png() -> dict:
    datei = io.BytesIO()
    Image.new("RGB", (60, 80), (20, 90, 160)).save(datei, "PNG")
    return {"name": "vertrag-seite-1.png", "mimeType": "image/png", "buffer": datei.getvalue()}


def weiter(page: Page) -> None:
    page.get_by_role("button", name="Speichern und weiter").click()


def ausfuellen(page: Page, antworten: Mapping[str, Antwort]) -> None:
    """Answers by the field's path (``kinder.1.leistungen``), as a person gives them: types
    into a text field, picks from a list, ticks a radio button or the boxes of a choice."""
    for pfad, antwort in antworten.items():
        name = f'[name="{pfad}"]'
        if isinstance(antwort, bool):  # yes/no, or one declaration to confirm
            page.locator(f'{name}[value="{"ja" if antwort else "nein"}"]').check()
        elif not isinstance(antwort, str):
            for wert in antwort:
                page.locator(f'input[type=checkbox]{name}[value="{wert}"]').check()
        elif page.locator(name).first.get_attribute("type") == "radio":
            page.locator(f'{name}[value="{antwort}"]').check()
        elif page.locator(f"select{name}").count():
            page.locator(f"select{name}").select_option(antwort)
        else:
            page.locator(name).fill(antwort)


class Antragsseiten:
    """One person in the browser going through the application pages, each page checked."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.pruefen = Pruefer(page)

    def laden(self, ausloeser: Locator | str) -> None:
        """Follows a link or sends a form (or opens an address) and waits for the new page;
        its weight counts from here."""
        self.pruefen.neu()
        if isinstance(ausloeser, str):
            self.page.goto(ausloeser)
            return
        with self.page.expect_navigation():
            ausloeser.click()

    def knopf(self, name: str) -> Locator:
        return self.page.get_by_role("button", name=name, exact=True)

    def status(self) -> Locator:
        return self.page.get_by_role("status")

    def meine_antraege(self) -> None:
        menue = self.page.get_by_role("navigation", name="Hauptmenü")
        self.laden(menue.get_by_role("link", name="Meine Anträge"))
        expect(self.page.get_by_role("heading", level=1)).to_have_text("Meine Anträge")

    def anlegen(self, leistung: str, jobcenter: str = "Main-Kinzig-Kreis") -> str:
        """On the benefit choice page (place of residence filled in): the new application's
        overview once its Jobcenter is known; its address."""
        self.page.get_by_label(leistung, exact=True).check()
        self.laden(self.knopf("Antrag anlegen"))
        expect(self.status()).to_contain_text("Ihr Antrag ist angelegt.")
        basis = self.page.url.split("?")[0]
        self.jobcenter_abwarten(jobcenter)
        return basis

    def jobcenter_abwarten(self, jobcenter: str) -> None:
        """The Jobcenter arrives by event; the page says to reload meanwhile."""
        for _ in range(50):
            if self.page.get_by_text(jobcenter).count():
                break
            self.laden(self.page.get_by_role("link", name="Seite neu laden"))
        # its name may stand twice (the status and the contact block's heading)
        expect(self.page.get_by_text(jobcenter).first).to_be_visible()

    def abschnitt_oeffnen(self, titel: str) -> None:
        """A section from the progress list of the overview."""
        fortschritt = self.page.get_by_role("navigation", name="Abschnitte des Antrags")
        self.laden(fortschritt.get_by_role("link", name=titel, exact=True))
        expect(self.page.get_by_role("heading", level=1)).to_have_text(titel)

    def ausfuellen(self, antworten: Mapping[str, Antwort]) -> None:
        ausfuellen(self.page, antworten)

    def speichern(self, antworten: Mapping[str, Antwort]) -> None:
        """Answers the page and saves it ("Speichern und weiter"); whatever page follows."""
        ausfuellen(self.page, antworten)
        self.laden(self.knopf("Speichern und weiter"))

    def weitere_fragen(self, antworten: Mapping[str, Antwort]) -> None:
        """Answers that bring up further questions: saved, the same page asks them."""
        titel = self.page.get_by_role("heading", level=1).inner_text()
        self.speichern(antworten)
        expect(self.page.get_by_role("heading", level=1)).to_have_text(titel)
        expect(self.status()).to_contain_text(WEITERE_FRAGEN)

    def abschnitt(
        self, titel: str, *schritte: Mapping[str, Antwort], pruefen: bool = False
    ) -> None:
        """A section page filled in and saved (checked first with ``pruefen``). Answers that
        bring up further questions come in more than one step, each but the last showing the
        page again with them; the last step goes on to the next page."""
        expect(self.page.get_by_role("heading", level=1)).to_have_text(titel)
        if pruefen:
            self.pruefen(titel)
        *vorher, letzter = schritte
        for antworten in vorher:
            self.weitere_fragen(antworten)
        self.speichern(letzter)
        expect(self.page.get_by_role("heading", level=1)).not_to_have_text(titel)

    def abgelehnt(self, feld: Locator, meldung: str, name: str | None = None) -> None:
        """A saved page refused: the message in the summary at the top and at its field, the
        summary's link leading to the field (the page checked first when ``name`` names it)."""
        expect(self.page.get_by_role("alert")).to_contain_text(meldung)
        expect(feld).to_have_attribute("aria-invalid", "true")
        expect(feld).to_have_accessible_description(re.compile(re.escape(meldung)))
        if name:
            self.pruefen(name)
        self.page.get_by_role("alert").get_by_role("link", name=meldung).click()
        expect(feld).to_be_focused()

    def spaeter_weitermachen(self, leistung: str, weiter_bei: str) -> None:
        """Saves the page and leaves; comes back through "Meine Anträge" to the draft and on
        to the next section from its progress list."""
        self.laden(self.knopf("Speichern und später weitermachen"))
        expect(self.status()).to_contain_text("Ihre Angaben sind gespeichert.")
        self.meine_antraege()
        eintrag = self.page.locator(".angebot").filter(
            has=self.page.get_by_role("link", name=leistung, exact=True)
        )
        expect(eintrag).to_contain_text("Entwurf")
        self.laden(eintrag.get_by_role("link", name=leistung, exact=True))
        fortschritt = self.page.get_by_role("navigation", name="Abschnitte des Antrags")
        expect(fortschritt.locator("li").filter(has_text=weiter_bei)).to_contain_text(
            "noch nicht ausgefüllt"
        )
        self.abschnitt_oeffnen(weiter_bei)

    def einreichen_und_verfolgen(
        self, plattform: Plattform, ablage: Path, leistung: str, name: str, *, alle: bool = True
    ) -> bytes:
        """From the summary (nothing missing): submit, the receipt, the delivery reported by
        the xta-gateway, the status in "Meine Anträge". The receipt's bytes. Without
        ``alle``, only the summary is checked: the pages after it are of kinds checked
        already."""
        page = self.page
        expect(page.get_by_role("heading", level=1)).to_have_text("Angaben prüfen")
        expect(page.get_by_role("heading", name="Das fehlt noch")).to_have_count(0)
        self.pruefen(f"{name}: Prüfen")
        pruefen = self.pruefen if alle else lambda _: None
        self.laden(self.knopf("Antrag verbindlich einreichen"))
        expect(self.status()).to_contain_text("Ihr Antrag ist eingereicht.")
        expect(page.locator(".zeitleiste")).to_contain_text("Eingereicht")
        pruefen(f"{name}: eingereicht")
        uebersicht = page.url.split("?")[0]
        with page.expect_download() as download:
            page.get_by_role("link", name="Eingangsbestätigung herunterladen (PDF)").click()
        ziel = ablage / "quittung.pdf"
        download.value.save_as(ziel)
        quittung = ziel.read_bytes()
        assert quittung.startswith(b"%PDF-")

        person_id = page.request.get("/api/v1/sitzung").json()["person_id"]
        antrag = page.request.get(f"/api/v1/antraege/{uebersicht.rsplit('/', 1)[1]}").json()
        zustellung_melden(plattform, antrag, person_id)
        for _ in range(50):
            self.laden(uebersicht)
            if page.locator(".zeitleiste").get_by_text("Beim Jobcenter angekommen").count():
                break
        expect(page.locator(".zeitleiste li")).to_have_count(3)
        pruefen(f"{name}: zugestellt")
        self.meine_antraege()
        eintrag = page.locator(".angebot").filter(
            has=page.get_by_role("link", name=leistung, exact=True)
        )
        expect(eintrag).to_contain_text("Beim Jobcenter angekommen")
        pruefen(f"{name}: Meine Anträge")
        return quittung
