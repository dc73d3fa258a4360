"""How a person gets into a chat or video appointment: the centre's own tool, at an address the
centre states per way (docs/adr/0121). Pure Python.

The address is an https URL, optionally with the placeholder ``{raum}``: then every booking gets
a room of its own, named by 128 bits of fresh randomness (Jitsi, BigBlueButton and the like
create a room on demand by its name); without it, every booking gets the same fixed address
(a waiting room, the Träger's chat portal).
"""

from __future__ import annotations

import secrets
from urllib.parse import parse_qsl, urlsplit

# The ways whose appointment happens in the centre's tool, reached by an address.
ZUGANG_WEGE = ("chat", "video")
PLATZHALTER = "{raum}"
HOECHSTLAENGE = 500
RAUM_BYTES = 16  # secrets.token_urlsafe(16): 128 bits, 22 characters
# Query parameters that carry the centre's own secrets (of its account at the tool), not a
# participant's way in: refused like a user and password before the host.
_GEHEIME_PARAMETER = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "client_secret",
        "password",
        "passwort",
        "secret",
        "token",
    }
)


def zugang_pruefen(wert: object) -> tuple[str | None, str | None]:
    """(the address, None) or (None, the reason code); an empty value is (None, None): no
    access. Codes: ``ungueltig``, ``zu_lang``, ``nur_https``, ``mit_zugangsdaten``,
    ``platzhalter_mehrfach``."""
    if wert is None:
        return None, None
    if not isinstance(wert, str):
        return None, "ungueltig"
    text = wert.strip()
    if not text:
        return None, None
    if len(text) > HOECHSTLAENGE:
        return None, "zu_lang"
    # A URI is printable ASCII (an international domain in its xn-- form); no spaces.
    if any(not 33 <= ord(zeichen) <= 126 for zeichen in text):
        return None, "ungueltig"
    if text.count(PLATZHALTER) > 1:
        return None, "platzhalter_mehrfach"
    ohne_platzhalter = text.replace(PLATZHALTER, "raum")
    if "{" in ohne_platzhalter or "}" in ohne_platzhalter:
        return None, "ungueltig"
    try:
        teile = urlsplit(ohne_platzhalter)
        teile.port  # noqa: B018 - a port that is no number raises here
    except ValueError:
        return None, "ungueltig"
    if teile.scheme.lower() != "https":
        return None, "nur_https"
    if "@" in teile.netloc:
        return None, "mit_zugangsdaten"
    if not teile.hostname or "." not in teile.hostname:
        return None, "ungueltig"
    if PLATZHALTER in urlsplit(text).netloc:  # the room is named in the path or query only
        return None, "ungueltig"
    if any(name.lower() in _GEHEIME_PARAMETER for name, _ in parse_qsl(teile.query)):
        return None, "mit_zugangsdaten"
    return text, None


def raum_url(vorlage: str) -> str:
    """The address of one booking: a fresh room name for ``{raum}``, else the fixed address."""
    if PLATZHALTER not in vorlage:
        return vorlage
    return vorlage.replace(PLATZHALTER, secrets.token_urlsafe(RAUM_BYTES))
