"""What the browser tests share: Debian's Chromium, axe-core from node_modules, the 360 px
screen, the WCAG 2.1 A/AA rules and the page-weight budget (docs/adr/0025).

Nothing is downloaded: Chromium is /usr/bin/chromium (apt), axe-core comes from
tests/browser/node_modules (npm ci from package-lock.json); `scripts/setup.sh browser` installs
both.
"""

from __future__ import annotations

import os
from pathlib import Path

from playwright.sync_api import Page

CHROMIUM = Path(os.environ.get("SOZ_CHROMIUM", "/usr/bin/chromium"))
AXE = Path(__file__).parents[1] / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 360, "height": 740}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BUDGET_BYTES = 100_000
AXE_RUN = """async (tags) => {
  const options = {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']};
  const result = await axe.run(document, options);
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.map(n => n.target.join(' '))}));
}"""


class Gewicht:
    """Bytes a page load transferred, images left out (body plus response headers)."""

    def __init__(self, page: Page) -> None:
        self.bytes = 0
        page.on("response", self._count)

    def neu(self) -> None:
        self.bytes = 0

    def _count(self, response) -> None:  # noqa: ANN001
        if response.request.resource_type == "image":
            return
        headers = sum(len(k) + len(v) + 4 for k, v in response.headers.items())
        try:
            body = len(response.body())
        except Exception:  # noqa: BLE001 - redirects have no body
            body = 0
        self.bytes += headers + body
