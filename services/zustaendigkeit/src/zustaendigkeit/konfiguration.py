"""Per-instance configuration: which zkT this instance takes applications for.

A Land's overlay sets it; it is configuration, not code, and not part of the imported data:

- ``SOZ_ANGEBUNDENE_ZKT``: Träger-Nummern separated by commas or blanks, e.g. ``68410,08426``
- ``SOZ_ANGEBUNDENE_ZKT_DATEI``: a file with one Träger-Nummer per line (``#`` starts a comment)

Both may be given (the union counts). Unset means no zkT is connected: every zkT is shown with
the advice to apply there directly. A number that is not a zkT of the directory stops the start:
a typo must not silently send people elsewhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from zustaendigkeit.domain.model import Anbindung, Referenzdaten, TraegerArt

ANGEBUNDENE_ZKT = "SOZ_ANGEBUNDENE_ZKT"
ANGEBUNDENE_ZKT_DATEI = "SOZ_ANGEBUNDENE_ZKT_DATEI"
_TRAEGER_NR = re.compile(r"[0-9]{5}")


class KonfigurationFehlerhaft(Exception):
    """The configuration names something that is not there; the message says what and where."""


def anbindung_aus_umgebung(environ: Mapping[str, str] = os.environ) -> Anbindung:
    nummern: list[tuple[str, str]] = []  # (Träger-Nr, where it was written)
    for wert in re.split(r"[,\s]+", environ.get(ANGEBUNDENE_ZKT, "")):
        if wert:
            nummern.append((wert, ANGEBUNDENE_ZKT))
    datei = environ.get(ANGEBUNDENE_ZKT_DATEI, "").strip()
    if datei:
        pfad = Path(datei)
        if not pfad.is_file():
            raise KonfigurationFehlerhaft(f"{ANGEBUNDENE_ZKT_DATEI}: Datei {pfad} gibt es nicht")
        for nummer, zeile in enumerate(pfad.read_text(encoding="utf-8").splitlines(), start=1):
            wert = zeile.split("#", 1)[0].strip()
            if wert:
                nummern.append((wert, f"{pfad} Zeile {nummer}"))
    falsch = [f"{wo}: {wert!r}" for wert, wo in nummern if not _TRAEGER_NR.fullmatch(wert)]
    if falsch:
        raise KonfigurationFehlerhaft(
            "Angebundene zkT: keine fünfstellige Träger-Nummer: " + "; ".join(falsch)
        )
    return Anbindung(frozenset(wert for wert, _ in nummern))


def anbindung_pruefen(anbindung: Anbindung, daten: Referenzdaten) -> None:
    """Every connected Träger-Nummer must be a zkT of the imported directory."""
    arten = {j.id: j.traeger_art for j in daten.jobcenter}
    probleme = []
    for nummer in sorted(anbindung.angebundene_zkt):
        if nummer not in arten:
            probleme.append(f"{nummer} ist kein Jobcenter des Verzeichnisses")
        elif arten[nummer] is not TraegerArt.ZKT:
            probleme.append(f"{nummer} ist eine gemeinsame Einrichtung (gE), kein zkT")
    if probleme:
        raise KonfigurationFehlerhaft(
            f"Angebundene zkT ({ANGEBUNDENE_ZKT} / {ANGEBUNDENE_ZKT_DATEI}): " + "; ".join(probleme)
        )
