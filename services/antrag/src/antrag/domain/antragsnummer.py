"""The application number a person can read out on the phone: ``K7QM-3XR9``.

Eight characters in two groups of four, from an alphabet of 31 that leaves out what is misread
or misheard (0/O, 1/I/L): seven derived from the application's id, the eighth a check
character. It is a pure function of the id, so it survives every rebuild and anyone holding the
id computes the same number; antrag makes it unique by choosing, at ``anlegen``, an id whose
number no other application has (docs/adr/0089).

The check character makes the weighted sum of all eight values (weights 2..8 for the seven,
1 for the check) a multiple of 31. 31 is prime and the weights are distinct and non-zero
modulo 31, so every single wrong character and every swap of two characters is detected.
"""

from __future__ import annotations

import hashlib
import uuid

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BASIS = len(ALPHABET)  # 31, prime
STELLEN = 7  # derived characters; 31**7 = 27.5 billion numbers
_WERT = {zeichen: wert for wert, zeichen in enumerate(ALPHABET)}
_GEWICHTE = tuple(range(2, STELLEN + 2))


def antragsnummer(antrag_id: str) -> str:
    """The number of the application with this id (a UUID), grouped: ``XXXX-XXXX``."""
    zahl = int.from_bytes(hashlib.sha256(uuid.UUID(str(antrag_id)).bytes).digest()[:8], "big")
    werte = []
    for _ in range(STELLEN):
        zahl, rest = divmod(zahl, BASIS)
        werte.append(rest)
    zeichen = "".join(ALPHABET[w] for w in werte) + ALPHABET[_pruefwert(werte)]
    return f"{zeichen[:4]}-{zeichen[4:]}"


def normalisieren(eingabe: str) -> str | None:
    """A number as a person writes or says it (any case, blanks or hyphens anywhere) in its
    grouped form, or None when it is no valid number (wrong length, foreign character, wrong
    check character)."""
    zeichen = "".join(eingabe.split()).replace("-", "").upper()
    if len(zeichen) != STELLEN + 1 or any(z not in _WERT for z in zeichen):
        return None
    werte = [_WERT[z] for z in zeichen[:STELLEN]]
    if _WERT[zeichen[STELLEN]] != _pruefwert(werte):
        return None
    return f"{zeichen[:4]}-{zeichen[4:]}"


def _pruefwert(werte: list[int]) -> int:
    return -sum(g * w for g, w in zip(_GEWICHTE, werte, strict=True)) % BASIS
