"""The information pages: one per benefit of finder.regeln in three languages, every amount a
dated parameter filled in on the day asked for, never typed into the text (docs/adr/0100)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from finder import inhalte, regeln
from finder.inhalte.laden import NBSP, PLATZHALTER, VERZEICHNIS, formatieren

SPRACHEN = ("de", "en", "de-x-ls")
# the first of every month of 2025-2027, and the days the law changed or changes
TAGE = [date(jahr, monat, 1) for jahr in (2025, 2026, 2027) for monat in range(1, 13)] + [
    date(2026, 6, 30),
    date(2026, 12, 31),
    date(2020, 5, 1),  # before the finder's law: said so, no failure
    date(2035, 1, 1),
]
# Every amount is published for these days (BAföG's 992 € hold until 2026-07-31).
VOLLSTAENDIG = [date(2025, 1, 1), date(2025, 10, 1), date(2026, 3, 1), date(2026, 7, 31)]

# A figure with a currency or a percentage typed into content: "563 €", "€563", "15 Euro",
# "17 %", "45 Prozent", "20 percent". Ages, hours, days and section numbers are no amounts.
GETIPPTER_BETRAG = re.compile(
    r"\d[\d.,]*\s*(€|euro|eur\b|%|prozent|percent|per cent)|€\s*\d", re.IGNORECASE
)


@pytest.fixture(scope="module")
def parameter() -> regeln.Parameterstand:
    return regeln.Parameterstand.laden()


def texte(seite: dict[str, Any]) -> list[str]:
    """Every sentence a page shows (the no-break space before a unit read as a space)."""
    gefunden = [seite["name"], seite["kurz"], *seite["hinweise"]]
    for abschnitt in seite["abschnitte"]:
        gefunden.append(abschnitt["titel"])
        for block in abschnitt["bloecke"]:
            gefunden.extend(block.get("liste", [block.get("text", "")]))
    gefunden.extend(link["text"] for link in seite["weiter"])
    return [text.replace(NBSP, " ") for text in gefunden]


def rohtexte(daten: Any) -> list[str]:
    if isinstance(daten, str):
        return [daten]
    if isinstance(daten, dict):
        return [
            t for schluessel, wert in daten.items() if schluessel != "url" for t in rohtexte(wert)
        ]
    if isinstance(daten, list):
        return [t for wert in daten for t in rohtexte(wert)]
    return []


def test_every_benefit_of_the_rules_has_a_page_in_every_language(parameter) -> None:
    for sprache in SPRACHEN:
        ids = [
            eintrag["id"] for eintrag in inhalte.leistungen(sprache, date(2026, 3, 1), parameter)
        ]
        assert ids == list(regeln.LEISTUNGEN)


def test_every_page_has_who_how_much_what_to_bring_where_and_deadlines(parameter) -> None:
    for sprache in SPRACHEN:
        for leistung in regeln.LEISTUNGEN:
            seite = inhalte.leistung(leistung, sprache, date(2026, 3, 1), parameter)
            arten = [abschnitt["art"] for abschnitt in seite["abschnitte"]]
            assert arten == ["wer", "wie_viel", "mitbringen", "wo", "fristen"]
            assert all(abschnitt["bloecke"] for abschnitt in seite["abschnitte"]), leistung
            assert seite["rechtsgrundlagen"], leistung


def test_every_placeholder_resolves_on_every_day_in_every_language(parameter) -> None:
    """No page fails on any day from 2025 to 2027, and no placeholder is left unfilled; where all
    values are published, nothing is said to be missing."""
    for tag in TAGE:
        for sprache in SPRACHEN:
            for leistung in regeln.LEISTUNGEN:
                seite = inhalte.leistung(leistung, sprache, tag, parameter)
                for text in texte(seite):
                    assert not PLATZHALTER.search(text), (tag, sprache, leistung, text)
                    assert "{" not in text and "}" not in text, (tag, sprache, leistung, text)
                if tag in VOLLSTAENDIG:
                    assert seite["hinweise"] == [], (tag, sprache, leistung)


def test_no_amount_is_typed_into_the_content() -> None:
    """Amounts come only from the dated parameters: the content files hold none."""
    dateien = sorted(VERZEICHNIS.glob("leistungen/*.yaml")) + sorted(
        VERZEICHNIS.glob("ausfuellhilfen/*.yaml")
    )
    assert len(dateien) > 40
    for datei in dateien:
        for text in rohtexte(yaml.safe_load(datei.read_text(encoding="utf-8"))):
            treffer = GETIPPTER_BETRAG.search(PLATZHALTER.sub("", text))
            assert treffer is None, f"{datei.name}: {treffer[0]!r} in {text!r}"


def test_the_check_for_typed_amounts_finds_them() -> None:
    for getippt in ("563 €", "€563", "15 Euro", "1.000 EUR", "17 %", "45 Prozent", "20 percent"):
        assert GETIPPTER_BETRAG.search(f"Es gibt {getippt} im Monat")
    for erlaubt in ("unter 25 Jahren", "§ 12a SGB II", "3 Stunden", "24 Monate", "1. August"):
        assert not GETIPPTER_BETRAG.search(erlaubt)


class GeaenderteWerte:
    """The real parameters with every number raised by 1000: a page that still showed an old
    figure would have it typed in somewhere."""

    def __init__(self, echt: regeln.Parameterstand) -> None:
        self._echt = echt
        self.version = "test"

    def wert(self, name: str, stichtag: date) -> Any:
        echt = self._echt.wert(name, stichtag)
        return regeln.Parameter(
            name=echt.name,
            wert=_erhoehen(echt.wert),
            einheit=echt.einheit,
            gilt_ab=echt.gilt_ab,
            gilt_bis=echt.gilt_bis,
            quelle=echt.quelle,
            status=echt.status,
        )


def _erhoehen(wert: Any) -> Any:
    if isinstance(wert, Decimal):
        return wert + 1000 if wert >= 1 else wert  # shares stay shares
    if isinstance(wert, dict):
        return {k: _erhoehen(v) for k, v in wert.items()}
    if isinstance(wert, list):
        return [_erhoehen(v) for v in wert]
    return wert


def test_a_change_of_a_parameter_changes_the_page(parameter) -> None:
    tag = date(2026, 3, 1)
    echt = inhalte.leistung("grundsicherung_arbeitsuchende", "de", tag, parameter)
    geaendert = inhalte.leistung(
        "grundsicherung_arbeitsuchende", "de", tag, GeaenderteWerte(parameter)
    )
    assert "Alleinstehende und Alleinerziehende: 563 €" in texte(echt)
    assert "Alleinstehende und Alleinerziehende: 1.563 €" in texte(geaendert)
    assert "563 €" not in " ".join(texte(geaendert)).replace("1.563 €", "")
    kindergeld = inhalte.leistung("kindergeld", "en", tag, GeaenderteWerte(parameter))
    assert kindergeld["kurz"].startswith("€1,259 a month")


def test_the_amounts_used_are_listed_with_their_period_and_legal_source(parameter) -> None:
    seite = inhalte.leistung("kindergeld", "de", date(2025, 6, 1), parameter)
    betrag = next(b for b in seite["betraege"] if b["name"] == "kindergeld.betrag")
    assert betrag["wert"] == 255
    assert (betrag["gilt_ab"], betrag["gilt_bis"]) == ("2025-01-01", "2025-12-31")
    assert "EStG" in betrag["quelle"]["paragraph"] or "BKGG" in betrag["quelle"]["paragraph"]
    assert betrag["status"] == "in_kraft"
    assert (
        seite["kurz"] == "255\u00a0€ im Monat für jedes Kind, unabhängig vom Einkommen der Eltern."
    )
    assert seite["parameterstand"] == parameter.version


def test_the_name_follows_the_law_in_force_on_the_day(parameter) -> None:
    for tag in (date(2026, 6, 30), date(2026, 7, 1), date(2025, 3, 1), date(2027, 3, 1)):
        for leistung in regeln.LEISTUNGEN:
            seite = inhalte.leistung(leistung, "de", tag, parameter)
            assert seite["name"] == regeln.leistungsname(leistung, tag), (leistung, tag)
    vorher = inhalte.leistung(
        "grundsicherung_arbeitsuchende", "de-x-ls", date(2026, 6, 30), parameter
    )
    nachher = inhalte.leistung("grundsicherung_arbeitsuchende", "en", date(2026, 7, 1), parameter)
    assert vorher["name"] == "Bürger·geld"
    assert nachher["name"] == "Basic income support (Grundsicherungsgeld)"
    assert any(
        t.startswith("Basic income support (Grundsicherungsgeld) is for people aged 15")
        for t in texte(nachher)
    )


def test_the_asset_rules_change_on_1_july_2026(parameter) -> None:
    def vermoegen(tag: date) -> str:
        seite = inhalte.leistung("grundsicherung_arbeitsuchende", "de", tag, parameter)
        return next(t for t in texte(seite) if t.startswith("Vermögen:"))

    assert "40.000 € für die erste Person und 15.000 € für jede weitere" in vermoegen(
        date(2026, 6, 30)
    )
    juli = vermoegen(date(2026, 7, 1))
    assert "keine Karenzzeit für Vermögen mehr" in juli
    assert "unter 20 Jahren 5.000 €" in juli and "ab 50 Jahren 15.000 €" in juli


def test_a_year_without_published_values_says_so_and_shows_no_old_amount(parameter) -> None:
    seite = inhalte.leistung("grundsicherung_arbeitsuchende", "de", date(2027, 1, 15), parameter)
    alles = " ".join(texte(seite))
    assert "563" not in alles
    assert "Alleinstehende und Alleinerziehende: (Betrag noch nicht veröffentlicht)" in alles
    assert seite["hinweise"][0].startswith("Die Beträge für 2027 sind noch nicht alle")
    assert "sgb2.regelbedarf" not in [b["name"] for b in seite["betraege"]]
    englisch = inhalte.leistung("unterhaltsvorschuss", "en", date(2027, 1, 15), parameter)
    assert "(amount not yet published)" in englisch["kurz"]
    assert englisch["hinweise"][0].startswith("Not all amounts for 2027")


def test_a_day_before_the_finder_s_law_is_not_called_unpublished(parameter) -> None:
    seite = inhalte.leistung("kindergeld", "de", date(2020, 5, 1), parameter)
    assert seite["kurz"].startswith("(Betrag für diesen Tag nicht hinterlegt)")
    assert seite["hinweise"] == [
        "Für Tage im Jahr 2020 sind hier keine Beträge hinterlegt: Die Plattform kennt die "
        "Werte ab 2025."
    ]


def test_a_draft_value_is_marked_as_draft(parameter) -> None:
    seite = inhalte.leistung("wohngeld", "de", date(2027, 2, 1), parameter)
    assert "Wohngeld unter 15 € (Entwurf) im Monat wird nicht ausgezahlt." in " ".join(texte(seite))
    assert any("Gesetzentwurf" in hinweis for hinweis in seite["hinweise"])
    bagatelle = next(b for b in seite["betraege"] if b["name"] == "wohngeld.bagatellgrenze")
    assert bagatelle["status"] == "entwurf"
    heute = inhalte.leistung("wohngeld", "de", date(2026, 12, 1), parameter)
    assert "Wohngeld unter 10 € im Monat wird nicht ausgezahlt." in " ".join(texte(heute))


def test_paragraphs_dated_to_the_reform_appear_only_from_then(parameter) -> None:
    def deckel(tag: date) -> bool:
        seite = inhalte.leistung("grundsicherung_arbeitsuchende", "en", tag, parameter)
        return any("1.5 times the local limit" in t for t in texte(seite))

    assert not deckel(date(2026, 6, 30))
    assert deckel(date(2026, 7, 1))


def test_links_lead_only_into_the_platform(parameter) -> None:
    for sprache in SPRACHEN:
        for leistung in regeln.LEISTUNGEN:
            seite = inhalte.leistung(leistung, sprache, date(2026, 3, 1), parameter)
            for link in seite["weiter"]:
                assert link["url"].startswith("/") and not link["url"].startswith("//")


@pytest.mark.parametrize(
    ("wert", "einheit", "sprache", "pfad", "erwartet"),
    [
        (Decimal("563"), "EUR/Monat", "de", (), "563 €"),
        (Decimal("563"), "EUR/Monat", "en", (), "€563"),
        (Decimal("563"), "EUR/Monat", "de-x-ls", (), "563 Euro"),
        (Decimal("95.71"), "EUR/Monat", "de", (), "95,71 €"),
        (Decimal("14.4"), "EUR/Monat", "en", (), "€14.40"),
        (Decimal("15000"), "EUR", "de", (), "15.000 €"),
        (Decimal("15000"), "EUR", "en", (), "€15,000"),
        (Decimal("100000"), "EUR/Jahr brutto", "de-x-ls", (), "100.000 Euro"),
        (Decimal("0.17"), "Anteil am maßgebenden Regelbedarf", "de", (), "17 %"),
        (Decimal("0.45"), "Anteil", "en", (), "45%"),
        (Decimal("0.3"), "Anteil", "de-x-ls", (), "30 Prozent"),
        (Decimal("0.20"), "EUR/Monat bzw. Anteil", "de", ("stufen", "0", "satz"), "20 %"),
        (Decimal("520"), "EUR/Monat bzw. Anteil", "de", ("stufen", "0", "bis"), "520 €"),
        (Decimal("1.5"), "Monate bzw. Faktor", "de", ("deckel_faktor",), "1,5"),
        (Decimal("12"), "Monate bzw. Faktor", "de", ("monate",), "12"),
        (Decimal("20"), "EUR", "de", ("stufen", "1", "ab_alter"), "20"),
        (Decimal("18"), "Jahre", "en", ("ohne_bedingung_bis_unter",), "18"),
        ("Bürgergeld", "Text", "de", (), "Bürgergeld"),
    ],
)
def test_values_are_written_as_people_of_the_language_read_them(
    wert: Any, einheit: str, sprache: str, pfad: tuple[str, ...], erwartet: str
) -> None:
    assert formatieren(wert, einheit, sprache, pfad).replace(NBSP, " ") == erwartet


def test_a_unit_stays_on_the_line_of_its_number() -> None:
    assert formatieren(Decimal("563"), "EUR/Monat", "de") == "563\u00a0€"
    assert formatieren(Decimal("0.17"), "Anteil", "de-x-ls") == "17\u00a0Prozent"


def test_unknown_benefit_and_language_are_named_errors(parameter) -> None:
    with pytest.raises(inhalte.LeistungUnbekannt):
        inhalte.leistung("lottogewinn", "de", date(2026, 3, 1), parameter)
    with pytest.raises(inhalte.SpracheUnbekannt):
        inhalte.leistung("wohngeld", "fr", date(2026, 3, 1), parameter)
    with pytest.raises(inhalte.SpracheUnbekannt):
        inhalte.leistungen("", date(2026, 3, 1), parameter)


def test_the_answers_travel_as_json(parameter) -> None:
    """RPC and API carry them as JSON: no Decimal, no date objects."""
    import json

    for leistung in regeln.LEISTUNGEN:
        json.dumps(inhalte.leistung(leistung, "de", date(2026, 7, 1), parameter))
    json.dumps(inhalte.leistungen("en", date(2026, 7, 1), parameter))


def test_content_files_are_where_the_package_says(parameter) -> None:
    assert Path(VERZEICHNIS, "leistungen", "reihenfolge.yaml").is_file()
