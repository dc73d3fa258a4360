"""Checking what arrives over RPC before it touches the index. Errors carry codes only."""

from __future__ import annotations

import re

from zustaendigkeit.errors import UngueltigeEingabe

_PLZ = re.compile(r"[0-9]{5}")  # not str.isdigit: that accepts "²" and other scripts' digits
_JOBCENTER_ID = re.compile(r"[0-9]{5}")
# The longest Gemeinde name has about 60 characters; anything far longer is not a town.
MAX_ORT = 100
MAX_STRASSE = 200
MAX_PLZ = 20  # room for stray blanks around five digits, no more


def plz(value: object) -> str | None:
    """Five ASCII digits (surrounding blanks allowed), or None when nothing was given."""
    text = _text(value, "plz_ungueltig", MAX_PLZ)
    if text is None:
        return None
    if not _PLZ.fullmatch(text):
        raise UngueltigeEingabe("plz_ungueltig")
    return text


def ort(value: object) -> str | None:
    text = _text(value, "ort_ungueltig", MAX_ORT)
    if text is None:
        return None
    if not any(character.isalpha() for character in text):
        raise UngueltigeEingabe("ort_ungueltig")
    return text


def strasse(value: object) -> str | None:
    return _text(value, "strasse_ungueltig", MAX_STRASSE)


def suchtext(value: object) -> str:
    """For orte(): may be short or empty (search-as-you-type), but must be text."""
    return _text(value, "suchtext_ungueltig", MAX_ORT) or ""


def jobcenter_id(value: object) -> str:
    text = _text(value, "jobcenter_id_ungueltig", MAX_PLZ)
    if text is None or not _JOBCENTER_ID.fullmatch(text):
        raise UngueltigeEingabe("jobcenter_id_ungueltig")
    return text


def _text(value: object, code: str, maximum: int) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise UngueltigeEingabe(code)
    if len(value) > maximum:
        raise UngueltigeEingabe("eingabe_zu_lang")
    # Any run of white space (tabs, no-break spaces from copy and paste) counts as one blank;
    # what is left must be printable (no control characters).
    text = " ".join(value.split())
    if not text.isprintable():
        raise UngueltigeEingabe(code)
    return text or None
