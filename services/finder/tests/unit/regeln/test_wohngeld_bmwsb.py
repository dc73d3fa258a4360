"""Wohngeld against the BMWSB "Beispiele für die Berechnung des Wohngeldes", Stand 01.01.2025.

The published results (11 cases) and their M and Y were taken from a reproduction of the
ministry's PDF (repository nyko073006/wohngeld-rechner, test/fixtures/bmwsb-2025*.ts, facts
only); the PDF itself was not read here. Each case is checked twice: the formula with the
published M and Y, and, where the example's incomes are simple, M and Y from our own income and
rent functions (hand arithmetic in the comments).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from finder.regeln import Parameterstand, wohngeld
from finder.regeln.grundlagen import Kontext
from finder.regeln.haushalt import haushalt_aus

D = Decimal

# (Nr, place, Mietenstufe, members, rent, Y, M, Wohngeld)
BEISPIELE = [
    (1, "Jüterbog", 1, 1, "335", "1162.35", "445.40", 110),
    (2, "Ludwigshafen", 4, 1, "470", "1350.00", "580.40", 88),
    (3, "Leipzig", 2, 2, "480", "1589.70", "622.60", 166),
    (4, "Kreis Schleswig-Flensburg", 1, 3, "750", "1638.00", "720.80", 320),
    (5, "Wiesbaden", 6, 3, "700", "1728.00", "870.20", 372),
    (6, "München", 7, 4, "1225", "2227.25", "1371.20", 691),
    (7, "Weimar", 3, 4, "580", "1710.00", "777.80", 485),
    (8, "Friedrichshafen", 5, 5, "870", "1853.25", "1095.40", 747),
    (9, "Attendorn", 2, 6, "780", "3301.10", "1033.00", 343),
    (11, "Neubrandenburg", 2, 1, "345", "561.35", "455.40", 342),
]


@pytest.mark.parametrize(("nr", "ort", "stufe", "personen", "miete", "y", "m", "betrag"), BEISPIELE)
def test_bmwsb_beispiel_formel_und_miete(
    k2025: Kontext, nr: int, ort: str, stufe: int, personen: int, miete: str, y: str, m: str,
    betrag: int,
) -> None:  # fmt: skip
    assert wohngeld.zu_beruecksichtigende_miete(personen, D(miete), stufe, k2025) == D(m), ort
    assert wohngeld.formel(personen, D(m), D(y), k2025) == betrag, ort


def test_bmwsb_beispiel_10_nur_ein_mitglied_zu_beruecksichtigen(k2025: Kontext) -> None:
    # Lübeck (IV): two people live there, one receives Grundsicherungsgeld and is not counted;
    # the other's Wohngeld is computed for one member: rent share 570 € for one → M = 356.30.
    assert wohngeld.formel(1, D("356.30"), D("784.35"), k2025) == 191


def test_bmwsb_einkommen_aus_eigenen_funktionen(k2025: Kontext) -> None:
    # 1 Jüterbog: pension 1,300 €, pays KV/PV: (1300 − 8.50) × 0.9 = 1162.35
    assert wohngeld.einkommen_person(rente_brutto=D(1300), abzuege=1, k=k2025) == D("1162.35")
    # 2 Ludwigshafen: Arbeitslosengeld I 1,350 €, no deductions: 1350.00
    assert wohngeld.einkommen_person(ohne_abzug=D(1350), k=k2025) == D("1350.00")
    # 3 Leipzig: pensions 1,410 and 540 €, both KV/PV; one severely disabled (150 €/month):
    # (1410 − 8.50) × 0.9 = 1261.35; (540 − 8.50) × 0.9 = 478.35; 1739.70 − 150 = 1589.70
    zusammen = wohngeld.einkommen_person(rente_brutto=D(1410), abzuege=1, k=k2025)
    zusammen += wohngeld.einkommen_person(rente_brutto=D(540), abzuege=1, k=k2025)
    assert zusammen - k2025.p("wohngeld.freibetraege")["schwerbehindert"] == D("1589.70")
    # 6 München: 2,490 € gross, tax + KV/PV + RV: (2490 − 102.50) × 0.7 = 1671.25; the
    # partner's flat-taxed Minijob 556 € counts in full: 2227.25
    zusammen = wohngeld.einkommen_person(erwerb_brutto=D(2490), abzuege=3, k=k2025)
    assert zusammen + wohngeld.einkommen_person(minijob=D(556), k=k2025) == D("2227.25")
    # 7 Weimar: 2,240 € gross, KV/PV + RV: (2240 − 102.50) × 0.8 = 1710.00
    assert wohngeld.einkommen_person(erwerb_brutto=D(2240), abzuege=2, k=k2025) == D("1710.00")
    # 11 Neubrandenburg: pension 945 €, KV/PV, 33 years Grundrentenzeiten: (945 − 8.50) × 0.9
    # = 842.85, less the § 17a allowance min(100 + 0.3 × 845, 0.5 × 563) = 281.50 → 561.35
    rente = wohngeld.einkommen_person(rente_brutto=D(945), abzuege=1, k=k2025)
    grundrente = k2025.p("wohngeld.grundrente_freibetrag")
    freibetrag = min(
        grundrente["sockel"] + grundrente["satz"] * (D(945) - grundrente["sockel"]),
        k2025.p("sgb2.regelbedarf")["rbs1"] * grundrente["hoechst_anteil_rbs1"],
    )
    assert rente - freibetrag == D("561.35")


def test_bmwsb_beispiel_5_alleinerziehend_mit_eigenen_funktionen(k2025: Kontext) -> None:
    # Wiesbaden (VI): single parent, 1,530 € gross (KV/PV + RV), two children with 696 €
    # Unterhaltsvorschuss together, one of them under 12 (Freibetrag 110 €):
    # (1530 − 102.50) × 0.8 = 1142.00; + 696 = 1838.00; − 110 = 1728.00
    y = wohngeld.einkommen_person(erwerb_brutto=D(1530), abzuege=2, k=k2025)
    y += wohngeld.einkommen_person(ohne_abzug=D(696), k=k2025)
    y -= k2025.p("wohngeld.freibetraege")["alleinerziehend_je_kind"]
    assert y == D("1728.00")
    m = wohngeld.zu_beruecksichtigende_miete(3, D(700), 6, k2025)
    assert wohngeld.formel(3, m, y, k2025) == 372


def test_haushalt_ueber_zwoelf_mitglieder(k2025: Kontext) -> None:
    # Länderhinweis zu WoGVwV 19.31 (12/2024): 14 members, Stufe III, M 2018.60, Y 4688.25:
    # the amount for 12 is 1,205 €, plus 2 × 65 € for the two further members = 1,335 €
    assert wohngeld.formel(12, D("2018.60"), D("4688.25"), k2025) == 1205
    assert wohngeld.formel(14, D("2018.60"), D("4688.25"), k2025) == 1335


def test_mindestwerte_und_nie_negativ(k2025: Kontext) -> None:
    # Y below the minimum counts as the minimum (1 member: 396 €); M = 54 € minimum.
    assert wohngeld.formel(1, D("445.40"), D(0), k2025) == wohngeld.formel(
        1, D("445.40"), D(396), k2025
    )
    assert wohngeld.formel(1, D(54), D(5000), k2025) == 0


def test_unter_der_bagatellgrenze_kein_wohngeld(laden: Any, parameter: Parameterstand) -> None:
    # Single, Arbeitslosengeld I 1,470 € (counts in full), Berlin (IV), kalt 400 €:
    # M = 400 + 110.40 = 510.40; z1 = 0.04 + 0.0004797·510.40 + 0.0000408·1470 = 0.34481488;
    # z1·Y = 506.8778736; 1.15 · 3.5221264 = 4.05 → 4 € < 10 € (§ 21 Nr. 1 WoGG): nothing paid.
    k = Kontext(parameter, date(2026, 12, 1))
    assert wohngeld.formel(1, D("510.40"), D(1470), k) == 4
    haushalt = haushalt_aus(
        laden(
            {
                "wohnort": {"plz": "10115", "ags": "11000000"},
                "personen": [
                    {"rolle": "antragsteller", "alter": 50, "einkommen": {"sonstiges": "1470"}}
                ],
                "wohnkosten": {"warmmiete": "470", "heizkosten": "70"},
            }
        )
    )
    ergebnis = wohngeld.berechnen(haushalt, 4, "", k)
    assert (ergebnis.von, ergebnis.bis) == (0, 0)
    assert ergebnis.gruende[-1]["code"] == "wohngeld_bagatelle"


@pytest.mark.parametrize(
    ("nr", "stufe", "personen", "warm", "betrag"),
    [
        # 1 Jüterbog (I): pensioner, 1,300 € pension, 335 € gross cold rent → 110 €
        (1, 1, [{"rolle": "antragsteller", "alter": 70, "einkommen": {"rente_brutto": "1300"}}],
         "335", 110),
        # 2 Ludwigshafen (IV): Arbeitslosengeld I 1,350 €, 470 € → 88 €
        (2, 4, [{"rolle": "antragsteller", "alter": 45, "einkommen": {"sonstiges": "1350"}}],
         "470", 88),
        # 7 Weimar (III): 2,240 € gross, partner and two children, 580 € → 485 €
        (7, 3, [
            {"rolle": "antragsteller", "alter": 40,
             "einkommen": {"erwerb_brutto": "2240", "erwerb_netto": "1700"}},
            {"rolle": "partner", "alter": 38},
            {"rolle": "kind", "alter": 9},
            {"rolle": "kind", "alter": 5},
        ], "580", 485),
    ],
)  # fmt: skip
def test_bmwsb_beispiele_aus_den_fragebogenangaben(
    nr: int, stufe: int, personen: list[dict[str, Any]], warm: str, betrag: int,
    laden: Any, k2025: Kontext,
) -> None:  # fmt: skip
    """The same cases from the questionnaire's answers (our income and tax estimate)."""
    haushalt = haushalt_aus(
        laden(
            {
                "wohnort": {"plz": "10115"},
                "personen": personen,
                "wohnkosten": {"warmmiete": warm, "heizkosten": "0"},
            }
        )
    )
    ergebnis = wohngeld.berechnen(haushalt, stufe, "", k2025)
    assert (ergebnis.von, ergebnis.bis) == (betrag, betrag), nr
