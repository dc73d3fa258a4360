"""The browser the browser tests share: Debian's headless Chromium, started once, and the
page context of the application tests (360 px, German, against ``antrag_plattform``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gateway_antrag_browser import kontext
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
