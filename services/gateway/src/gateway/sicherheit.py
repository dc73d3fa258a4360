"""Keys, tokens and checks of the gateway (docs/adr/0022).

All keys are derived from one master secret (SOZ_GATEWAY_SECRET) by HMAC with a label, so each
use has its own key and none can stand in for another.

- Lookup keys (``kennung``): HMAC of an email address or an identity provider's subject. The
  projection finds an account by it without storing the identifier in clear.
- Client keys: HMAC of the client address, for rate limits, so no IP address is stored.
- CSRF tokens: HMAC of the session token (or, before login, of a random form cookie). Nothing
  to store, and a token is worthless without the cookie it belongs to.
- Signed values: short-lived state kept in a cookie (the OpenID Connect login in flight).

And the password rule (docs/adr/0071): passwords are compared in NFKC, as NIST SP 800-63B
asks, so the same password typed on another keyboard or system still matches.
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
from collections.abc import Iterable
from typing import Any

from zxcvbn import zxcvbn

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
MAX_EMAIL_LENGTH = 254
MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
# zxcvbn's estimate of the guesses an attacker needs, below which a password is refused: under
# 10^6 it is a common password (zxcvbn ships 30,000 from breaches), a dictionary word or name, or
# one of these with the usual changes (capitals, digits or a year added, l33t, repeated), or a
# pattern (aaaa..., 1234..., keyboard rows, dates). zxcvbn calls that band "too guessable".
MIN_PASSWORD_GUESSES = 10**6
# zxcvbn's time grows steeply with length (72 random characters: 0.15 s, 256: 17 s): it rates
# the first 64 characters (at most about 0.04 s). A password whose first 64 characters are
# guessable is refused whatever follows.
PASSWORD_ESTIMATE_CHARACTERS = 64
# Words of this service an attacker tries first (NIST: "context-specific words").
KONTEXTWOERTER = ("sozialplattform", "jobcenter", "buergergeld", "bürgergeld", "passwort")


def neues_token() -> str:
    """A session or form token: 256 random bits."""
    return secrets.token_urlsafe(32)


def sitzung_id(token: str) -> str:
    """What the store keeps of a session token: its SHA-256. A copy of the database holds no
    token that would let anyone in."""
    return hashlib.sha256(token.encode()).hexdigest()


def email_normalisieren(email: str) -> str:
    return unicodedata.normalize("NFC", email.strip()).lower()


def email_maskieren(email: str) -> str:
    """Enough of an address for its owner to recognise it, not enough to read it off a
    screen: "erika.mustermann@example.org" shows as "er…n@example.org"."""
    lokal, _, domain = email.partition("@")
    if len(lokal) <= 3:
        return f"{lokal[:1]}…@{domain}"
    return f"{lokal[:2]}…{lokal[-1]}@{domain}"


def email_gueltig(email: str) -> bool:
    """Also refuses every Unicode "other" character (controls, format characters, lone
    surrogates, unassigned code points): none belongs in an address, and a lone surrogate could
    not even be encoded to look the address up."""
    return (
        len(email) <= MAX_EMAIL_LENGTH
        and EMAIL_PATTERN.match(email) is not None
        and not any(unicodedata.category(zeichen).startswith("C") for zeichen in email)
    )


def passwort_normalisieren(passwort: str) -> str:
    """NFKC, as NIST SP 800-63B §5.1.1.2 asks: "Å" as one code point or as A and a ring, a
    full-width "Ａ" or a ligature "ﬁ" are the same password whichever keyboard typed them."""
    return unicodedata.normalize("NFKC", passwort)


def passwort_mangel(passwort: str, kontext: Iterable[str] = ()) -> str | None:
    """What is wrong with a new password, as a field message code, or None when it is fine.

    Checked in NFKC. Refused: control characters and lone surrogates (a password a keyboard
    cannot type again, and NUL cuts strings short in other software), a password of only
    white space, fewer than 12 or more than 256 characters, and a guessable one (see
    MIN_PASSWORD_GUESSES; ``kontext`` adds words of this person, such as their email address).
    No composition rules (NIST: they make passwords no stronger, only harder to remember).
    """
    passwort = passwort_normalisieren(passwort)
    if any(unicodedata.category(zeichen) in ("Cc", "Cs") for zeichen in passwort):
        return "passwort_steuerzeichen"
    if not passwort.strip():
        return "passwort_nur_leerraum"
    if len(passwort) < MIN_PASSWORD_LENGTH:
        return "passwort_zu_kurz"
    if len(passwort) > MAX_PASSWORD_LENGTH:
        return "passwort_zu_lang"
    woerter = [*KONTEXTWOERTER, *(wort.lower() for wort in kontext if wort)]
    schaetzung = zxcvbn(passwort[:PASSWORD_ESTIMATE_CHARACTERS], user_inputs=woerter)
    if schaetzung["guesses"] < MIN_PASSWORD_GUESSES:
        return "passwort_zu_leicht"
    return None


def email_kontextwoerter(email: str) -> list[str]:
    """The parts of an address a guesser would try: "erika.mustermann@example.org" gives
    erika, mustermann, erika.mustermann, example."""
    lokal, _, domain = email_normalisieren(email).partition("@")
    teile = [lokal, *re.split(r"[._+-]+", lokal), domain.split(".")[0]]
    return [teil for teil in teile if len(teil) >= 3]


class Schluessel:
    def __init__(self, secret: bytes) -> None:
        self._kennung = _derive(secret, "kennung")
        self._client = _derive(secret, "client")
        self._csrf = _derive(secret, "csrf")
        self._signatur = _derive(secret, "signatur")
        self._bewahren = _derive(secret, "bewahren")

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

    def bewahr_schluessel(self, token: str) -> bytes:
        """The AES key of input kept after a session ended (docs/adr/0080): from the secret
        and the random token in that browser's cookie, so the database alone opens nothing."""
        return hmac.new(self._bewahren, token.encode(), hashlib.sha256).digest()

    def _signature(self, body: str) -> str:
        return _b64(hmac.new(self._signatur, body.encode(), hashlib.sha256).digest())


def _derive(secret: bytes, label: str) -> bytes:
    return hmac.new(secret, f"sozialplattform-gateway/{label}".encode(), hashlib.sha256).digest()


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
