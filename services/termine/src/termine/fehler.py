"""The named errors of the termine service, raised as nameko expected exceptions.

The caller sees the class name (``exc_type``) and ``str(error)``, a JSON text with what it
needs to answer: the fields and their codes, the places to choose from, the next free times.
No message quotes what the person typed.
"""

from __future__ import annotations

import json
from typing import Any


class TermineFehler(Exception):
    """Base: ``args == (json_text,)`` so nameko can carry it as it is."""

    def __init__(self, **inhalt: Any) -> None:
        self.inhalt = inhalt
        super().__init__(json.dumps(inhalt, ensure_ascii=False, sort_keys=True))

    def __str__(self) -> str:
        return self.args[0]


class UngueltigeEingabe(TermineFehler):
    """Bad input (422): ``felder`` maps each field to a code."""

    def __init__(self, felder: dict[str, str]) -> None:
        super().__init__(felder=felder)
        self.felder = felder


class OrtMehrdeutig(TermineFehler):
    """The town name stands for several Gemeinden far apart: ``optionen`` to choose from."""

    def __init__(self, optionen: list[dict[str, Any]]) -> None:
        super().__init__(optionen=optionen)


class OrtUnbekannt(TermineFehler):
    def __init__(self) -> None:
        super().__init__(code="ort_unbekannt")


class NichtGefunden(TermineFehler):
    """No such centre, offer or booking, or not this caller's (404: never says which)."""

    def __init__(self) -> None:
        super().__init__(code="nicht_gefunden")


class TerminVergeben(TermineFehler):
    """The time was taken a moment ago (409), with the next free times."""

    def __init__(self, naechste_freie: list[dict[str, Any]]) -> None:
        super().__init__(naechste_freie=naechste_freie)
        self.naechste_freie = naechste_freie


class ZuVieleBuchungen(TermineFehler):
    """Abuse limit: too many open anonymous bookings from this address or contact (429)."""

    def __init__(self, code: str, grenze: int) -> None:
        super().__init__(code=code, grenze=grenze)


class NichtAenderbar(TermineFehler):
    """The booking is cancelled or past and cannot be changed (409)."""

    def __init__(self, code: str) -> None:
        super().__init__(code=code)


class KeinZugang(TermineFehler):
    """Staff calls by someone who is no centre's staff, or not logged in (403)."""

    def __init__(self, code: str = "kein_zugang") -> None:
        super().__init__(code=code)


ERWARTET = (TermineFehler,)
