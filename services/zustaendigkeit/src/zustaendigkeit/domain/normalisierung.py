"""Town names as people type them, reduced to comparable keys.

"Frankfurt a. M.", "frankfurt am main" and "FRANKFURT/MAIN" become "frankfurt main"; "St. Ingbert"
and "Sankt Ingbert" become "sankt ingbert"; "Köln", "Koeln" and (as a second key of the name)
"Koln" match. Small words (am, an der, in, bei, ...) are dropped because the sources and the
people abbreviate them freely ("Neustadt a.Main" is in the PLZ data).
"""

from __future__ import annotations

import re
import unicodedata

_UMLAUTE = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
_UMLAUTE_EINFACH = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})
_NICHT_ALPHANUMERISCH = re.compile(r"[^a-z0-9]+")
_SANKT = frozenset({"st", "skt"})
FUELLWOERTER = frozenset(
    {"a", "am", "an", "auf", "b", "bei", "d", "dem", "den", "der", "die", "i", "im", "in"}
    | {"ob", "u", "und", "v", "vor"}
)


def tokens(text: str, *, umlaute_einfach: bool = False) -> tuple[str, ...]:
    """The words of a town name, lower case, ASCII, "St." as "sankt", small words dropped."""
    # casefold turns ß into ss; umlauts become ae/oe/ue (or a/o/u for the second key), other
    # accents are dropped (é -> e).
    folded = text.casefold().translate(_UMLAUTE_EINFACH if umlaute_einfach else _UMLAUTE)
    decomposed = unicodedata.normalize("NFKD", folded)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    words = _NICHT_ALPHANUMERISCH.sub(" ", ascii_text).split()
    words = ["sankt" if word in _SANKT else word for word in words]
    kept = [word for word in words if word not in FUELLWOERTER]
    # A name made only of small words (none is known, but never return an empty key).
    return tuple(kept or words)


def schluessel(text: str) -> str:
    """The key a typed text is compared with."""
    return " ".join(tokens(text))


def namensschluessel(name: str) -> tuple[str, ...]:
    """The keys of a town's name: with ae/oe/ue and, if different, with a/o/u ("Koln")."""
    keys = [" ".join(tokens(name)), " ".join(tokens(name, umlaute_einfach=True))]
    return tuple(dict.fromkeys(key for key in keys if key))
