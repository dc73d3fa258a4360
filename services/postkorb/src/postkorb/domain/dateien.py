"""What a person may attach to a reply: PDF, JPEG or PNG, recognised by their first bytes (the
name and the type a browser claims count for nothing), within size limits. Pure."""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata
from dataclasses import dataclass

MEDIENTYPEN = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
_UNERLAUBT = re.compile(r"[\x00-\x1f\x7f/\\]")


@dataclass(frozen=True)
class Datei:
    dateiname: str
    inhalt: bytes
    medientyp: str


class DateiUngueltig(Exception):
    def __init__(self, index: int, code: str) -> None:
        super().__init__(code)
        self.index = index
        self.code = code


def medientyp(inhalt: bytes) -> str | None:
    for anfang, typ in MEDIENTYPEN:
        if inhalt.startswith(anfang):
            return typ
    return None


def dateiname(roh: object) -> str | None:
    if not isinstance(roh, str):
        return None
    name = unicodedata.normalize("NFC", roh).strip()
    name = _UNERLAUBT.sub("_", name)
    return name[:255] if name else None


def lesen(index: int, roh: object, max_bytes: int) -> Datei | tuple[str, str, int]:
    """One uploaded file. A file over ``max_bytes`` is not refused here: it is kept as
    ``zu_gross`` (name, type, size) so the person sees which one and why."""
    if not isinstance(roh, dict):
        raise DateiUngueltig(index, "base64_ungueltig")
    name = dateiname(roh.get("dateiname"))
    if name is None:
        raise DateiUngueltig(index, "dateiname_ungueltig")
    kodiert = roh.get("inhalt")
    if not isinstance(kodiert, str):
        raise DateiUngueltig(index, "base64_ungueltig")
    if len(kodiert) > (max_bytes * 4) // 3 + 8:
        # too large: look at the type only, decode no more than its start
        anfang = _b64(kodiert[:64], index)
        typ = medientyp(anfang)
        if typ is None:
            raise DateiUngueltig(index, "dateityp_nicht_erlaubt")
        return (name, typ, (len(kodiert) * 3) // 4)
    inhalt = _b64(kodiert, index)
    if not inhalt:
        raise DateiUngueltig(index, "leere_datei")
    typ = medientyp(inhalt)
    if typ is None:
        raise DateiUngueltig(index, "dateityp_nicht_erlaubt")
    if len(inhalt) > max_bytes:
        return (name, typ, len(inhalt))
    return Datei(name, inhalt, typ)


def _b64(kodiert: str, index: int) -> bytes:
    try:
        return base64.b64decode(kodiert, validate=True)
    except (binascii.Error, ValueError):
        raise DateiUngueltig(index, "base64_ungueltig") from None
