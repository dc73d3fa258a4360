"""What handlers return, and the headers every answer of the gateway carries.

Page handlers return ``Seite`` (a template with its values) or ``Weiterleitung``; API handlers
return ``JsonAntwort``. The web layer renders them, sets cookies and adds the security headers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# No inline script or style anywhere, no foreign origin: the CSP says so and the browser holds
# every page to it. One script file of our own, the notice before the session ends, which asks
# the gateway itself (docs/adr/0081).
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
# Only where the browser reached us over TLS (not on localhost): tells it to never use plain HTTP.
HSTS = "max-age=31536000; includeSubDomains"
NO_STORE = "no-store"


@dataclass
class Seite:
    vorlage: str
    werte: dict[str, Any] = field(default_factory=dict)
    status: int = 200


@dataclass
class Weiterleitung:
    ziel: str
    status: int = 303  # See Other: after a form, the browser follows with GET


@dataclass
class JsonAntwort:
    body: Any = None  # None: no content
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


@dataclass(frozen=True)
class Cookie:
    name: str
    value: str
    max_age: int | None = None  # None: until the browser closes; 0: delete


def lokaler_pfad(ziel: str | None, standard: str = "/") -> str:
    """A redirect target only if it stays on this site (no open redirect)."""
    if (
        not ziel
        or not ziel.startswith("/")
        or ziel.startswith("//")
        or "\\" in ziel
        or any(ord(c) < 32 for c in ziel)
    ):
        return standard
    return ziel
