"""The benefits the finder knows, and their names as the law in force on a date calls them."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from finder.regeln.parameter import Parameterstand

LEISTUNGEN = (
    "grundsicherung_arbeitsuchende",
    "wohngeld",
    "kinderzuschlag",
    "kindergeld",
    "bildung_teilhabe",
    "unterhaltsvorschuss",
    "grundsicherung_alter_erwerbsminderung",
    "hilfe_zum_lebensunterhalt",
    "bafoeg",
    "einstiegsgeld",
    "eingliederung",
)

NAMEN = {
    "wohngeld": "Wohngeld",
    "kinderzuschlag": "Kinderzuschlag",
    "kindergeld": "Kindergeld",
    "bildung_teilhabe": "Bildung und Teilhabe",
    "unterhaltsvorschuss": "Unterhaltsvorschuss",
    "grundsicherung_alter_erwerbsminderung": "Grundsicherung im Alter und bei Erwerbsminderung",
    "hilfe_zum_lebensunterhalt": "Hilfe zum Lebensunterhalt",
    "bafoeg": "BAföG",
    "einstiegsgeld": "Einstiegsgeld",
    "eingliederung": "Leistungen zur Eingliederung in Arbeit",
}

RECHTSGRUNDLAGEN = {
    "grundsicherung_arbeitsuchende": ["§§ 7, 9, 11b, 12, 19-22 SGB II", "§ 12a SGB II"],
    "wohngeld": ["§§ 12-19 WoGG mit Anlagen 1-3", "§ 7 Abs. 1 WoGG", "§ 1 Abs. 3 WoGV mit Anlage"],
    "kinderzuschlag": ["§ 6a BKGG"],
    "kindergeld": ["§§ 62-66 EStG", "§ 6 BKGG"],
    "bildung_teilhabe": ["§ 28 SGB II", "§ 34 SGB XII", "§ 6b BKGG"],
    "unterhaltsvorschuss": ["§§ 1, 2 UVG"],
    "grundsicherung_alter_erwerbsminderung": ["§§ 41-43 SGB XII", "§ 90 SGB XII"],
    "hilfe_zum_lebensunterhalt": ["§§ 27-28 SGB XII", "§ 90 SGB XII"],
    "bafoeg": ["§§ 13, 13a BAföG", "§ 7 Abs. 5 SGB II"],
    "einstiegsgeld": ["§ 16b SGB II"],
    "eingliederung": ["§ 16 SGB II i. V. m. SGB III", "§ 16a, § 16k SGB II"],
}


@lru_cache(maxsize=1)
def _standard() -> Parameterstand:
    return Parameterstand.laden()


def leistungsname(key: str, stichtag: date, parameter: Parameterstand | None = None) -> str:
    """The German name in force on the date: Bürgergeld until 30.06.2026, Grundsicherungsgeld
    after. Raises KeinParameter for a date the names are not known for, KeyError for a key the
    finder does not know."""
    if key == "grundsicherung_arbeitsuchende":
        return str((parameter or _standard()).wert("sgb2.leistungsname", stichtag).wert)
    return NAMEN[key]
