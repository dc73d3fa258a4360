"""The browser the browser tests share: Debian's headless Chromium, started once, and the
page context of the application tests (360 px, German, against ``antrag_plattform``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gateway_antrag_browser import Antragsseiten, kontext, registrieren
from gateway_antrag_plattform import Plattform
from gateway_browser_support import AXE, CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import Browser, BrowserContext, sync_playwright


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run scripts/setup.sh browser (apt-get install chromium)"
        )
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/setup.sh browser (npm ci in {AXE.parents[2]})")
    # Playwright starts Chromium with a fresh temporary --user-data-dir of its own each time.
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def antrag_kontext(browser: Browser, antrag_plattform: Plattform) -> Iterator[BrowserContext]:
    """A fresh context per test (no cookies); its pages run without JavaScript once a
    gateway_antrag_browser.Pruefer watches them."""
    context = kontext(browser, antrag_plattform)
    yield context
    context.close()


@pytest.fixture(scope="module")
def anmeldung(browser: Browser, antrag_plattform: Plattform) -> dict:
    """One account per test module (signing up hashes a password, seconds on a busy machine);
    the tests find their own applications by title."""
    context = kontext(browser, antrag_plattform)
    try:
        registrieren(context.new_page())
        return context.storage_state()
    finally:
        context.close()


@pytest.fixture
def seiten(
    browser: Browser, antrag_plattform: Plattform, anmeldung: dict
) -> Iterator[Antragsseiten]:
    """A page of a new browser context logged in with the module's account."""
    context = kontext(browser, antrag_plattform, storage_state=anmeldung)
    yield Antragsseiten(context.new_page())
    context.close()
