"""The demo directory: about 5,300 made-up counselling centres on real Gemeinden, deterministic
by seed (docs/adr/0109).

No open directory of real centres exists, so the embedded default shows this one: every name
ends in "(Beispiel)", streets are made up, contacts are on example.org, and every record carries
``beispieldaten: true`` so that every page and answer can say so. A centre offering video has a
room per booking at video.example.org, one offering chat a fixed chat address at
chat.example.org (docs/adr/0121; made of the id, so the random draws stay as they were).

Placement: each theme gets at least one centre in every Kreis (in its most populous Gemeinde);
the rest are drawn with a probability proportional to the Gemeinden's population, so cities get
many and villages few.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from contracts.common import LAENDER_NACH_AGS

ANZAHL_JE_THEMA = {
    "suchtberatung": 1300,
    "schuldnerberatung": 1000,
    "wohnungslosenhilfe": 1000,
    "sozialberatung": 2000,
}
_NAMENSRAUM = uuid.UUID("6f2a0c4e-1b7d-4f3a-9c8e-5d1b2a3c4e5f")
_THEMA_NAME = {
    "suchtberatung": "Suchtberatung",
    "schuldnerberatung": "Schuldner- und Insolvenzberatung",
    "wohnungslosenhilfe": "Fachberatung Wohnungsnotfallhilfe",
    "sozialberatung": "Allgemeine Sozialberatung",
}
_TRAEGER_WORT = (
    "Lindenhof",
    "Brückenschlag",
    "Weggefährten",
    "Neuer Anfang",
    "Rückenwind",
    "Kompass",
    "Lotsenhaus",
    "Miteinander",
    "Herberge",
    "Sonnenseite",
)
_TRAEGER_FORM = ("e. V.", "gGmbH", "Stiftung", "Verein")
_STRASSEN = (
    "Lindenweg",
    "Birkenallee",
    "Am Beispielplatz",
    "Musterstraße",
    "Gartenstraße",
    "Am Mühlbach",
    "Kastanienweg",
    "Schulstraße",
    "Rosenhof",
    "Am Anger",
)
_SPRACHEN = (
    ("en", 0.45),
    ("tr", 0.2),
    ("ar", 0.2),
    ("ru", 0.15),
    ("uk", 0.2),
    ("pl", 0.1),
    ("fa", 0.08),
    ("fr", 0.1),
)
_FENSTER = (
    ("09:00", "12:00"),
    ("13:00", "16:00"),
    ("10:00", "14:00"),
    ("14:00", "18:00"),
    ("08:30", "12:30"),
)
_WERKTAGE = ("MO", "TU", "WE", "TH", "FR")
_BERATER_ANZAHL = (1, 2, 2, 3, 3, 3, 4, 4, 5, 6)
_ANONYM = {
    "suchtberatung": 0.9,
    "schuldnerberatung": 0.4,
    "wohnungslosenhilfe": 0.6,
    "sozialberatung": 0.5,
}
_DAUER = {
    "suchtberatung": 50,
    "schuldnerberatung": 60,
    "wohnungslosenhilfe": 45,
    "sozialberatung": 45,
}


@dataclass(frozen=True, slots=True)
class Gemeinde:
    ags: str
    name: str
    kreis: str
    land: str  # ISO 3166-2 without "DE-"
    breite: float
    laenge: float
    einwohner: int
    plz: str


def demo_verzeichnis(
    gemeinden: Sequence[Gemeinde],
    seed: int = 1,
    anzahl_je_thema: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """The centres' documents (domain.stelle form), the same for the same seed and Gemeinden."""
    zufall = random.Random(seed)
    bewohnt = sorted((g for g in gemeinden if g.einwohner > 0 and g.plz), key=lambda g: g.ags)
    je_kreis: dict[str, list[Gemeinde]] = defaultdict(list)
    for gemeinde in bewohnt:
        je_kreis[gemeinde.kreis].append(gemeinde)
    groesste = [
        max(liste, key=lambda g: (g.einwohner, g.ags)) for _, liste in sorted(je_kreis.items())
    ]
    gewichte = [g.einwohner for g in bewohnt]
    dokumente: list[dict[str, Any]] = []
    for thema, anzahl in (anzahl_je_thema or ANZAHL_JE_THEMA).items():
        orte = list(groesste)
        if anzahl > len(orte):
            orte += zufall.choices(bewohnt, weights=gewichte, k=anzahl - len(orte))
        nummer_je_ort: dict[str, int] = defaultdict(int)
        for index, gemeinde in enumerate(orte):
            nummer_je_ort[gemeinde.ags] += 1
            dokumente.append(
                _stelle(zufall, seed, thema, index, gemeinde, nummer_je_ort[gemeinde.ags])
            )
    return dokumente


def _kennung(seed: int, *teile: object) -> str:
    return str(uuid.uuid5(_NAMENSRAUM, ":".join(str(t) for t in (seed, *teile))))


def _stelle(
    zufall: random.Random, seed: int, thema: str, index: int, gemeinde: Gemeinde, nummer: int
) -> dict[str, Any]:
    stelle_id = _kennung(seed, thema, index)
    ort = gemeinde.name.split(",")[0].strip()
    kurz = stelle_id[:8]
    arten = ["vor_ort"] + [
        art
        for art, anteil in (("telefon", 0.7), ("video", 0.4), ("chat", 0.15))
        if zufall.random() < anteil
    ]
    angebot_id = _kennung(seed, thema, index, "angebot")
    berater = []
    for b in range(zufall.choice(_BERATER_ANZAHL)):
        tage = sorted(zufall.sample(_WERKTAGE, zufall.choice((2, 3, 3, 4))), key=_WERKTAGE.index)
        von, bis = zufall.choice(_FENSTER)
        zweites = zufall.random() < 0.3
        sprechzeiten = [
            {
                "id": _kennung(seed, thema, index, b, "sz", 0),
                "tage": tage,
                "von": von,
                "bis": bis,
                "arten": arten,
            }
        ]
        if zweites:
            rest = [t for t in _WERKTAGE if t not in tage]
            sprechzeiten.append(
                {
                    "id": _kennung(seed, thema, index, b, "sz", 1),
                    "tage": [zufall.choice(rest)],
                    "von": "15:00",
                    "bis": "18:00",
                    "arten": [a for a in arten if a != "vor_ort"] or arten,
                }
            )
        berater.append(
            {
                "id": _kennung(seed, thema, index, b),
                "name": f"Berater·in {chr(65 + b)} (Beispiel)",
                "angebot_ids": [],
                "sprechzeiten": sprechzeiten,
                "abwesenheiten": [],
            }
        )
    sprachen = ["de"] + [s for s, anteil in _SPRACHEN if zufall.random() < anteil]
    traeger = f"{zufall.choice(_TRAEGER_WORT)} {zufall.choice(_TRAEGER_FORM)} (Beispiel)"
    zusatz = f" {nummer}" if nummer > 1 else ""
    return {
        "id": stelle_id,
        "name": f"{_THEMA_NAME[thema]} {ort}{zusatz} (Beispiel)",
        "traeger": traeger,
        "beschreibung": (
            "Erfundener Eintrag des Beispielverzeichnisses: diese Beratungsstelle gibt es nicht."
        ),
        "sprachen": sprachen,
        "barrierefrei": zufall.random() < 0.6,
        "anonym_moeglich": zufall.random() < _ANONYM[thema],
        "kostenlos": True,
        "adresse": {
            "strasse": f"{zufall.choice(_STRASSEN)} {zufall.randint(1, 120)}",
            "plz": gemeinde.plz,
            "ort": ort,
        },
        "kontakt": {
            "email": f"beratung-{kurz}@example.org",
            "website": f"https://example.org/beratung/{kurz}",
        },
        "land": gemeinde.land,
        "ags": gemeinde.ags,
        "breite": round(gemeinde.breite + zufall.uniform(-0.01, 0.01), 5),
        "laenge": round(gemeinde.laenge + zufall.uniform(-0.015, 0.015), 5),
        "angebote": [
            {
                "id": angebot_id,
                "thema": thema,
                "arten": arten,
                "dauer_minuten": _DAUER[thema],
                "puffer_minuten": 15 if _DAUER[thema] < 60 else 10,
            }
        ],
        "berater": berater,
        "beispieldaten": True,
        "mindestvorlauf_stunden": 24,
        "horizont_tage": 42,
        "fernzugang": {
            weg: adresse
            for weg, adresse in (
                ("chat", f"https://chat.example.org/beratung-{kurz}"),
                ("video", f"https://video.example.org/beratung-{kurz}/{{raum}}"),
            )
            if weg in arten
        },
    }


def gemeinden_aus_gv(rows: Iterable[dict[str, str]]) -> list[Gemeinde]:
    """The Gemeinden (Satzart 60) of the Destatis GV extract with coordinates and population."""
    gemeinden = []
    for row in rows:
        if row.get("satzart", "").strip() != "60":
            continue
        try:
            breite = float(row["breitengrad"].strip().replace(",", "."))
            laenge = float(row["laengengrad"].strip().replace(",", "."))
        except (KeyError, ValueError):
            continue
        einwohner = "".join(row.get("bevoelkerung", "").split())
        kreis = row["land"] + row["rb"] + row["kreis"]
        gemeinden.append(
            Gemeinde(
                ags=kreis + row["gemeinde"],
                name=row["gemeindename"].strip(),
                kreis=kreis,
                land=LAENDER_NACH_AGS.get(row["land"], ""),
                breite=breite,
                laenge=laenge,
                einwohner=int(einwohner) if einwohner.isdigit() else 0,
                plz=row.get("postleitzahl", "").strip(),
            )
        )
    return gemeinden
