"""Where a Gemeinde lies: its coordinates, population and Land from the Destatis
Gemeindeverzeichnis (GV-ISys 2020-Q4), for services that measure distances (termine asks
``lage`` to find counselling centres near a place; docs/adr/0108).

Pure: the GV rows come in as dicts (adapters.quelldateien reads the file).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from contracts.common import land_aus_ags

_SATZART_GEMEINDE = "60"

# Land key (first two digits of the AGS) -> ISO 3166-2 subdivision code without "DE-".


@dataclass(frozen=True, slots=True)
class Lage:
    ags: str
    name: str  # Destatis' name ("Köln, Stadt")
    land: str  # ISO 3166-2 code without "DE-": "NW"
    breite: float  # latitude, WGS84
    laenge: float  # longitude
    einwohner: int
    plz: str  # the Gemeinde's main PLZ as Destatis gives it

    def to_dict(self) -> dict[str, Any]:
        return {
            "ags": self.ags,
            "name": self.name,
            "land": self.land,
            "breite": self.breite,
            "laenge": self.laenge,
            "einwohner": self.einwohner,
            "plz": self.plz,
        }


def lagen_aus_gv(rows: Iterable[Mapping[str, str]]) -> dict[str, Lage]:
    """AGS -> Lage for every Gemeinde row (Satzart 60) with coordinates. Destatis writes
    decimal commas ("9,43751") and thousands separated by blanks (" 90 164")."""
    lagen: dict[str, Lage] = {}
    for row in rows:
        if row.get("satzart", "").strip() != _SATZART_GEMEINDE:
            continue
        ags = row["land"] + row["rb"] + row["kreis"] + row["gemeinde"]
        try:
            breite = float(row["breitengrad"].strip().replace(",", "."))
            laenge = float(row["laengengrad"].strip().replace(",", "."))
        except (KeyError, ValueError):
            continue
        einwohner_text = "".join(row.get("bevoelkerung", "").split())
        lagen[ags] = Lage(
            ags=ags,
            name=row["gemeindename"].strip(),
            land=land_aus_ags(ags) or "",
            breite=breite,
            laenge=laenge,
            einwohner=int(einwohner_text) if einwohner_text.isdigit() else 0,
            plz=row.get("postleitzahl", "").strip(),
        )
    return lagen
