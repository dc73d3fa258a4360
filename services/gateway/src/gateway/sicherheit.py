"""Keys, tokens and checks of the gateway (docs/adr/0022).

All keys are derived from one master secret (SOZ_GATEWAY_SECRET) by HMAC with a label, so each
use has its own key and none can stand in for another.

- Lookup keys (``kennung``): HMAC of an email address or an identity provider's subject. The
  projection finds an account by it without storing the identifier in clear.
- Client keys: HMAC of the client address, for rate limits, so no IP address is stored.
- CSRF tokens: HMAC of the session token (or, before login, of a random form cookie). Nothing
  to store, and a token is worthless without the cookie it belongs to.
- Signed values: short-lived state kept in a cookie (the OpenID Connect login in flight).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import time
import unicodedata
from typing import Any

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_EMAIL_LENGTH = 254
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256


def neues_token() -> str:
    """A session or form token: 256 random bits."""
    return secrets.token_urlsafe(32)


def sitzung_id(token: str) -> str:
    """What the store keeps of a session token: its SHA-256. A copy of the database holds no
    token that would let anyone in."""
    return hashlib.sha256(token.encode()).hexdigest()


def email_normalisieren(email: str) -> str:
    return unicodedata.normalize("NFC", email.strip()).lower()


def email_gueltig(email: str) -> bool:
    return len(email) <= MAX_EMAIL_LENGTH and EMAIL_PATTERN.match(email) is not None


class Schluessel:
    def __init__(self, secret: bytes) -> None:
        self._kennung = _derive(secret, "kennung")
        self._client = _derive(secret, "client")
        self._csrf = _derive(secret, "csrf")
        self._signatur = _derive(secret, "signatur")

    def kennung(self, art: str, wert: str) -> str:
        """Lookup key of a login identifier: ``art`` is "email" or "oidc"."""
        return hmac.new(self._kennung, f"{art}\n{wert}".encode(), hashlib.sha256).hexdigest()

    def client(self, adresse: str) -> str:
        return hmac.new(self._client, adresse.encode(), hashlib.sha256).hexdigest()[:32]

    def csrf_token(self, bezug: str) -> str:
        digest = hmac.new(self._csrf, bezug.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    def csrf_gueltig(self, bezug: str, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.csrf_token(bezug), str(token))

    def signieren(self, daten: dict[str, Any]) -> str:
        body = _b64(json.dumps({**daten, "iat": int(time.time())}).encode())
        return f"{body}.{self._signature(body)}"

    def oeffnen(self, wert: str | None, max_alter_sekunden: float) -> dict[str, Any] | None:
        """The signed data, or None when forged, malformed or older than allowed."""
        if not wert or "." not in wert:
            return None
        body, _, signature = wert.rpartition(".")
        if not hmac.compare_digest(self._signature(body), signature):
            return None
        try:
            daten = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        except ValueError:
            return None
        if not isinstance(daten, dict) or time.time() - daten.get("iat", 0) > max_alter_sekunden:
            return None
        return daten

    def _signature(self, body: str) -> str:
        return _b64(hmac.new(self._signatur, body.encode(), hashlib.sha256).digest())


def _derive(secret: bytes, label: str) -> bytes:
    return hmac.new(secret, f"sozialplattform-gateway/{label}".encode(), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
