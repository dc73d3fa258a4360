"""The persona table: 23 households with their results worked out by hand (issue 14).

Every expected figure below was computed by hand from the law and the parameter files, step by
step in the comments, not by running the module. Values used (2026 unless said):
Regelbedarf 563 / 506 (partners) / 451 (18-24) / 471 (14-17) / 390 (6-13) / 357 (0-5); Kinder-
sofortzuschlag 25; Kindergeld 259 (2025: 255); Kinderzuschlag at most 297 per child; UVG 227 /
299 / 394; § 11b SGB II: 100 € + 20 % of 100-520 + 30 % of 520-1,000 + 10 % up to 1,200 (1,500
with a minor child), i.e. at most 348 / 378 €. Wohngeld: 1.15 · (M − (a + b·M + c·Y) · Y), steps
to ten places, result half up to the euro; pensions less 12.35 % KV/PV in the Sozialhilfe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from finder.regeln import KeinParameter, Mietenstufen, Parameterstand, auswerten

W, M, U = "wahrscheinlich", "moeglich", "unwahrscheinlich"
GRUSI, ALTER, HLU = (
    "grundsicherung_arbeitsuchende",
    "grundsicherung_alter_erwerbsminderung",
    "hilfe_zum_lebensunterhalt",
)
DEZ = date(2026, 12, 1)


def person(rolle: str, alter: int, **weiteres: Any) -> dict[str, Any]:
    return {"rolle": rolle, "alter": alter} | weiteres


def lohn(brutto: str, netto: str) -> dict[str, Any]:
    return {"einkommen": {"erwerb_brutto": brutto, "erwerb_netto": netto}}


def rente(brutto: str) -> dict[str, Any]:
    return {"einkommen": {"rente_brutto": brutto}}


@dataclass
class Persona:
    name: str
    personen: list[dict[str, Any]]
    warm: str
    heizung: str | None
    ags: str | None
    erwartet: dict[str, tuple[str, float | None, float | None]]
    stichtag: date = DEZ
    vermoegen: str | None = None
    wahlrecht: bool = False
    weiteres: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        wohnkosten = {"warmmiete": self.warm}
        if self.heizung is not None:
            wohnkosten["heizkosten"] = self.heizung
        body: dict[str, Any] = {
            "wohnort": {"plz": "10115"} | ({"ags": self.ags} if self.ags else {}),
            "personen": self.personen,
            "wohnkosten": wohnkosten,
        }
        if self.vermoegen is not None:
            body["vermoegen"] = self.vermoegen
        return body | self.weiteres


PERSONAS = [
    # 1 Single, no income, Berlin (IV), 600 € warm incl. 80 € heating.
    # Grundsicherung: 563 + 600 = 1,163.00.
    # Wohngeld: kalt 520 ≤ cap 511 + 19.20 = 530.20 → M = 520 + 110.40 = 630.40; Y = min 396;
    # z1 = 0.04 + 0.0004797·630.40 + 0.0000408·396 = 0.35855968; z1·Y = 141.98963328;
    # 1.15 · (630.40 − 141.98963328) = 561.67 → 562 < 1,163: does not end the need.
    Persona(
        "alleinstehend ohne Einkommen, Berlin",
        [person("antragsteller", 35)],
        "600",
        "80",
        "11000000",
        {GRUSI: (W, 1163.00, 1163.00), "wohngeld": (U, None, None), "kindergeld": (U, None, None)},
    ),
    # 2 Minijob 603 € (gross = net) in München (VII), 900 € warm incl. 100 € heating.
    # § 11b: 100 + 0.2·420 + 0.3·83 = 208.90 → counted 394.10; need 563 + 900 = 1,463;
    # Grundsicherung 1,463 − 394.10 = 1,068.90.
    # Wohngeld: kalt 800 > cap 677 + 19.20 = 696.20 → M = 806.60; Y = 603 (flat-taxed Minijob in
    # full); z1 = 0.04 + 0.38692602 + 0.0246024 = 0.45152842; z1·Y = 272.27163726;
    # 1.15 · 534.32836274 = 614.48 → 614; 394.10 + 614 < 1,463.
    Persona(
        "Minijob, München",
        [person("antragsteller", 30, **lohn("603", "603"))],
        "900",
        "100",
        "09162000",
        {GRUSI: (W, 1068.90, 1068.90), "wohngeld": (U, None, None)},
    ),
    # 3 Couple 40/38, children 8 and 4, one earns 2,600 gross / 1,950 net; Plön (Kreis row,
    # Stufe III), 1,000 € warm incl. 150 € heating. Priority case.
    # Need: 2·506 + 390 + 357 + 2·25 + 1,000 = 2,809. § 11b with child: 100 + 84 + 144 + 50 =
    # 378 → 1,572; children's Kindergeld 2·259 = 518 (each child's need 665 / 632 is higher);
    # E = 2,090 → open 719.
    # KiZ: parents' need 1,012 + 1,000 · 7,848 / (7,848 + 2·1,584) = 1,012 + 712.42 = 1,724.42
    # > 1,572 → full 2·297 = 594.
    # Wohngeld: 4 members, kalt 850 > cap 766 + 34.40 = 800.40 → M = 800.40 + 197.80 = 998.20;
    # tax? 2,600·12·0.8 − 1,230 = 23,730 < 2·12,348 → no: Y = (2,600 − 102.50)·0.8 = 1,998;
    # z1 = 0.01 + 0.21591066 + 0.0351648 = 0.26107546; z1·Y = 521.62876908;
    # 1.15 · 476.57123092 = 548.06 → 548. W + K = 1,142 ≥ 719: Wohngeld and KiZ come first.
    # BuT: Teilhabe 2·15 = 30; Schulbedarf 195/12 = 16.25 for the 8-year-old → 30 to 46.25.
    Persona(
        "Familie, Wohngeld und Kinderzuschlag vorrangig, Kreis Plön",
        [
            person("antragsteller", 40, **lohn("2600", "1950")),
            person("partner", 38),
            person("kind", 8),
            person("kind", 4),
        ],
        "1000",
        "150",
        "01057057",
        {
            GRUSI: (U, None, None),
            "wohngeld": (W, 548, 548),
            "kinderzuschlag": (W, 594, 594),
            "kindergeld": (W, 518, 518),
            "bildung_teilhabe": (W, 30, 46.25),
            "einstiegsgeld": (U, None, None),
        },
    ),
    # 4 Same family earning 1,500 gross / 1,200 net: just below the line (Wahlrecht).
    # § 11b: 100 + 84 + 144 + 50 = 378 → 822; E = 822 + 518 = 1,340; open 2,809 − 1,340 = 1,469.
    # KiZ: 822 < 1,724.42 → 594. Wohngeld: Y = (1,500 − 102.50)·0.8 = 1,118 < minimum 1,132 →
    # Y = 1,132; z1 = 0.01 + 0.21591066 + 0.0199232 = 0.24583386; z1·Y = 278.28392952;
    # 1.15 · 719.91607048 = 827.90 → 828. W + K = 1,422; missing 47 ≤ 100, § 11b ≥ 100: choice.
    Persona(
        "Familie knapp unter der Grenze: Wahlrecht",
        [
            person("antragsteller", 40, **lohn("1500", "1200")),
            person("partner", 38),
            person("kind", 8),
            person("kind", 4),
        ],
        "1000",
        "150",
        "01057057",
        {
            GRUSI: (M, 1469, 1469),
            "wohngeld": (M, 828, 828),
            "kinderzuschlag": (M, 594, 594),
            "einstiegsgeld": (M, None, None),
        },
        wahlrecht=True,
    ),
    # 5 Pensioner 70, pension 900 gross, Leipzig (II), 500 € warm incl. 70 € heating.
    # Sozialhilfe: need 563 + 500 = 1,063; pension net 900 · 0.8765 = 788.85 → open 274.15.
    # Wohngeld: kalt 430 > cap 408 + 19.20 = 427.20 → M = 537.60; Y = (900 − 8.50)·0.9 = 802.35;
    # z1 = 0.04 + 0.25788672 + 0.03273588 = 0.3306226; z1·Y = 265.27504311;
    # 1.15 · 272.32495689 = 313.17 → 313; 788.85 + 313 ≥ 1,063: Wohngeld comes first.
    Persona(
        "Rentnerin, Wohngeld statt Grundsicherung, Leipzig",
        [person("antragsteller", 70, **rente("900"))],
        "500",
        "70",
        "14713000",
        {ALTER: (U, None, None), "wohngeld": (W, 313, 313), GRUSI: (U, None, None)},
    ),
    # 6 Pensioner couple 70/68 without pension, Weimar (III), 350 € kalt + 100 € heating (the
    # VdK case in GETTSIM's 2026 tests: 731 € each). Need 2·506 + 450 = 1,462.
    # Wohngeld: M = 350 + 142.60 = 492.60; Y = min 679; z1 = 0.03 + 0.17590746 + 0.0206416 =
    # 0.22654906; z1·Y = 153.82681174; 1.15 · 338.77318826 = 389.59 → 390 < 1,462.
    Persona(
        "Rentnerpaar ohne Rente, Weimar",
        [person("antragsteller", 70), person("partner", 68)],
        "450",
        "100",
        "16055000",
        {ALTER: (W, 1462, 1462), HLU: (U, None, None), "wohngeld": (U, None, None)},
    ),
    # 7 Pregnant, 25, no income, before the reform (Bürgergeld), place unknown.
    # 563 + 17 % of 563 = 95.71 + 500 = 1,158.71. Wohngeld from Stufe I (M = 380.20 + 110.40 =
    # 490.60 → 1.15·(490.60 − 0.29149762·396) = 431.44 → 431) to Stufe III-VII (kalt 440 under
    # the cap, M = 550.40 → 487): far below the need.
    Persona(
        "Schwangere ohne Einkommen, Gemeinde unbekannt",
        [person("antragsteller", 25, schwanger=True)],
        "500",
        "60",
        None,
        {GRUSI: (W, 1158.71, 1158.71), "wohngeld": (U, None, None)},
        stichtag=date(2026, 3, 1),
    ),
    # 8 Student with BAföG entitlement, alone: no Grundsicherung (§ 7 Abs. 5 SGB II), no
    # Wohngeld (§ 20 Abs. 2 WoGG: everyone in the household is a BAföG student).
    Persona(
        "Studentin mit BAföG-Anspruch",
        [person("antragsteller", 22, in_ausbildung="bafoeg")],
        "400",
        "50",
        "14713000",
        {
            GRUSI: (U, None, None),
            "wohngeld": (U, None, None),
            "bafoeg": (M, None, None),
            ALTER: (U, None, None),
        },
        stichtag=date(2026, 5, 1),
    ),
    # 9 Assets 30,000 € on 15.06.2026: Karenzzeit limit 40,000 € → Grundsicherung 563 + 500.
    Persona(
        "Vermögen 30.000 € vor dem 01.07.2026",
        [person("antragsteller", 45)],
        "500",
        "60",
        "11000000",
        {GRUSI: (W, 1063, 1063), "wohngeld": (U, None, None)},
        stichtag=date(2026, 6, 15),
        vermoegen="30000",
    ),
    # 10 Same on 15.07.2026: Freibetrag at 45 is 12,500 € → no Grundsicherungsgeld. Wohngeld
    # (assets below 60,000): M = 440 + 110.40 = 550.40; Y = 396; z1 = 0.04 + 0.26402688 +
    # 0.0161568 = 0.32018368; z1·Y = 126.79273728; 1.15 · 423.60726272 = 487.15 → 487.
    Persona(
        "Vermögen 30.000 € nach dem 01.07.2026",
        [person("antragsteller", 45)],
        "500",
        "60",
        "11000000",
        {GRUSI: (U, None, None), "wohngeld": (W, 487, 487)},
        stichtag=date(2026, 7, 15),
        vermoegen="30000",
    ),
    # 11 Single parent 32, children 5 and 10, 1,800 gross / 1,350 net, Kiel (V), 950 € warm
    # incl. 120 € heating, no maintenance: Unterhaltsvorschuss 227 + 299 = 526.
    # Need: 563 + 390 + 357 + 2·25 + 36 % of 563 = 202.68 + 950 = 2,512.68. § 11b with child 378
    # → 972; children: 259 + 227 = 486 and 259 + 299 = 558 (needs 698.67 / 731.67 higher);
    # E = 972 + 1,044 = 2,016; open 496.68.
    # KiZ: parent's need 563 + 202.68 + 950 · 5,340 / (5,340 + 3,168) = 596.26 → 1,361.94 > 972;
    # children: 297 − 0.45·227 = 194.85 and 297 − 0.45·299 = 162.45 → 357.30.
    # Wohngeld: kalt 830 ≤ cap 809 + 29.60 = 838.60 → M = 830 + 170.20 = 1,000.20; tax?
    # 1,800·12·0.8 − 1,230 = 16,050 > 12,348 → yes: (1,800 − 102.50)·0.7 = 1,188.25; + UVG 526;
    # − 2·110 (children under 12) → Y = 1,494.25; z1 = 0.02 + 0.29175834 + 0.036609125 =
    # 0.348367465; z1·Y = 520.5480845763; 1.15 · 479.6519154237 = 551.60 → 552.
    # W + K = 909.30 ≥ 496.68: Wohngeld and Kinderzuschlag first.
    Persona(
        "Alleinerziehend mit zwei Kindern, Kiel",
        [
            person("antragsteller", 32, **lohn("1800", "1350")),
            person("kind", 5),
            person("kind", 10),
        ],
        "950",
        "120",
        "01002000",
        {
            GRUSI: (U, None, None),
            "wohngeld": (W, 552, 552),
            "kinderzuschlag": (W, 357.30, 357.30),
            "unterhaltsvorschuss": (W, 526, 526),
            "kindergeld": (W, 518, 518),
        },
    ),
    # 12 Couple 50/48 without children, 3,500 gross / 2,400 net, Meldorf (Kreis Dithmarschen,
    # Stufe I). Need 1,012 + 900 = 1,912; § 11b 348 → 2,052 ≥ 1,912: no Grundsicherung.
    # Wohngeld: M = 437 + 24.80 + 142.60 = 604.40; tax (32,370 > 24,696): Y = 3,397.50·0.7 =
    # 2,378.25; z1·Y = 0.31813004 · 2,378.25 = 756.59 > M → 0.
    Persona(
        "Paar mit gutem Lohn, Gemeinde im Kreis Dithmarschen",
        [person("antragsteller", 50, **lohn("3500", "2400")), person("partner", 48)],
        "900",
        "100",
        "01051074",
        {GRUSI: (U, None, None), "wohngeld": (U, None, None), "kinderzuschlag": (U, None, None)},
    ),
    # 13 Not able to work, 55, no income, place unknown, 500 € warm incl. 60 € heating:
    # Sozialhilfe 563 + 500 = 1,063, permanent (Grundsicherung) or temporary (HLU) open;
    # Wohngeld at most 487 (see 10): below the need.
    Persona(
        "Erwerbsunfähig, 55",
        [person("antragsteller", 55, erwerbsfaehig=False)],
        "500",
        "60",
        None,
        {
            GRUSI: (U, None, None),
            ALTER: (M, 1063, 1063),
            HLU: (M, 1063, 1063),
            "wohngeld": (U, None, None),
        },
    ),
    # 14 Couple 45/44, children 19 (at school) and 15, 4,500 gross / 3,000 net, Wiesbaden (VI),
    # 1,400 € warm incl. 200 € heating.
    # Need 1,012 + 451 + 471 + 2·25 + 1,400 = 3,384; § 11b 378 → 2,622; Kindergeld 518;
    # E = 3,140; open 244.
    # KiZ: parents' need 1,012 + 1,400 · 7,848 / 11,016 = 997.39 → 2,009.39; (2,622 − 2,009.39)
    # · 0.45 = 275.67 → 594 − 275.67 = 318.33.
    # Wohngeld: kalt 1,200 > cap 1,035 + 34.40 → M = 1,069.40 + 197.80 = 1,267.20; tax: Y =
    # 4,397.50 · 0.7 = 3,078.25; z1 = 0.01 + 0.27409536 + 0.054177 = 0.33827236; z1·Y =
    # 1,041.28739217; 1.15 · 225.91260783 = 259.80 → 260. W + K = 578.33 ≥ 244.
    # BuT: Teilhabe 15 (the 15-year-old); Schulbedarf for both: 2 · 16.25 → 15 to 47.50.
    Persona(
        "Familie mit Schüler über 18, Wiesbaden",
        [
            person("antragsteller", 45, **lohn("4500", "3000")),
            person("partner", 44),
            person("kind", 19, in_ausbildung="schule"),
            person("kind", 15),
        ],
        "1400",
        "200",
        "06414000",
        {
            GRUSI: (U, None, None),
            "wohngeld": (W, 260, 260),
            "kinderzuschlag": (W, 318.33, 318.33),
            "kindergeld": (W, 518, 518),
            "bildung_teilhabe": (W, 15, 47.50),
        },
    ),
    # 15 Single 28, 2,000 gross / 1,450 net, Hamburg (VI), 800 € warm incl. 90 € heating.
    # § 11b 348 → 1,102; need 1,363 → 261. Wohngeld: kalt 710 > cap 615 + 19.20 → M = 634.20 +
    # 110.40 = 744.60; tax (17,970 > 12,348): Y = 1,897.50 · 0.7 = 1,328.25; z1 = 0.04 +
    # 0.35718462 + 0.0541926 = 0.45137722; z1·Y = 599.541792465; 1.15 · 145.058207535 = 166.82
    # → 167; 1,102 + 167 < 1,363: Grundsicherung, no Wohngeld.
    Persona(
        "Alleinstehend mit Vollzeitlohn, Hamburg",
        [person("antragsteller", 28, **lohn("2000", "1450"))],
        "800",
        "90",
        "02000000",
        {GRUSI: (W, 261, 261), "wohngeld": (U, None, None), "einstiegsgeld": (M, None, None)},
    ),
    # 16 66 years, pension 1,200 gross, Dresden (III), 550 € warm incl. 70 € heating.
    # Sozialhilfe: 563 + 550 = 1,113; pension net 1,200 · 0.8765 = 1,051.80 → open 61.20.
    # Wohngeld: kalt 480 > cap 456 + 19.20 → M = 475.20 + 110.40 = 585.60; Y = 1,191.50 · 0.9 =
    # 1,072.35; z1 = 0.04 + 0.28091232 + 0.04375188 = 0.3646642; z1·Y = 391.04765487;
    # 1.15 · 194.55234513 = 223.74 → 224; 1,051.80 + 224 ≥ 1,113: Wohngeld first.
    Persona(
        "66 Jahre mit Rente, Dresden",
        [person("antragsteller", 66, **rente("1200"))],
        "550",
        "70",
        "14612000",
        {ALTER: (U, None, None), "wohngeld": (W, 224, 224), GRUSI: (U, None, None)},
    ),
    # 17 2025: single parent 30, child 3, no income, Berlin (IV), 700 € warm incl. 90 € heating.
    # Need 563 + 357 + 25 + 202.68 + 700 = 1,847.68; child: Kindergeld 255 + UVG 227 = 482
    # (its need 732 is higher); open 1,365.68 (Bürgergeld). No KiZ (no income). Wohngeld: Y =
    # 227 < min 679; M = 610 + 142.60 = 752.60; z1 = 0.03 + 0.26875346 + 0.0206416 = 0.31939506;
    # z1·Y = 216.86924574; 1.15 · 535.73075426 = 616.09 → 616: far below the need.
    Persona(
        "Alleinerziehend ohne Einkommen, 2025",
        [person("antragsteller", 30), person("kind", 3)],
        "700",
        "90",
        "11000000",
        {
            GRUSI: (W, 1365.68, 1365.68),
            "unterhaltsvorschuss": (W, 227, 227),
            "kindergeld": (W, 255, 255),
            "kinderzuschlag": (U, None, None),
            "wohngeld": (U, None, None),
            "bildung_teilhabe": (W, 15, 15),
        },
        stichtag=date(2025, 5, 1),
    ),
    # 18 Single parent 40, child 14, no income, Berlin: UVG for 12-17 only if the child needs no
    # Grundsicherung or the parent earns 600 € (§ 1 Abs. 1a UVG): 259 + 394 = 653 < 471 + 25 +
    # 350 = 846 → no UVG. Need 563 + 471 + 25 + 12 % of 563 = 67.56 + 700 = 1,826.56; E = 259;
    # open 1,567.56.
    Persona(
        "Alleinerziehend mit 14-Jähriger ohne Einkommen",
        [person("antragsteller", 40), person("kind", 14)],
        "700",
        "90",
        "11000000",
        {
            GRUSI: (W, 1567.56, 1567.56),
            "unterhaltsvorschuss": (U, None, None),
            "wohngeld": (U, None, None),
        },
    ),
    # 19 Pregnant in a couple, 24/26, partner earns 1,000 gross / 800 net, Berlin, 700 € warm
    # incl. 90 € heating. Need 2·506 + 17 % of 506 = 86.02 + 700 = 1,798.02; § 11b without child:
    # 100 + 84 + 144 = 328 → 472; open 1,326.02.
    # Wohngeld: 2 members, kalt 610 ≤ 619 + 24.80 → M = 752.60; Y = 897.50 · 0.8 = 718 (no tax);
    # z1 = 0.03 + 0.26875346 + 0.0218272 = 0.32058066; z1·Y = 230.17691388;
    # 1.15 · 522.42308612 = 600.79 → 601; 472 + 601 < 1,798.02.
    Persona(
        "Schwangere mit Partner, Berlin",
        [
            person("antragsteller", 24, schwanger=True),
            person("partner", 26, **lohn("1000", "800")),
        ],
        "700",
        "90",
        "11000000",
        {GRUSI: (W, 1326.02, 1326.02), "wohngeld": (U, None, None)},
    ),
    # 20 Pensioner couple 72/70, pensions 1,500 and 900 gross, München (VII), 1,100 € warm
    # incl. 120 € heating: Sozialhilfe need 1,012 + 1,100 = 2,112; pensions net (1,500 + 900) ·
    # 0.8765 = 1,314.75 + 788.85 = 2,103.60 → open 8.40.
    # Wohngeld: kalt 980 > cap 820 + 24.80 → M = 844.80 + 142.60 = 987.40; Y = (1,491.50 +
    # 891.50) · 0.9 = 2,144.70; z1 = 0.03 + 0.35260054 + 0.06519888 = 0.44779942; z1·Y =
    # 960.39541607; 1.15 · 27.00458393 = 31.05 → 31 ≥ 8.40: Wohngeld first.
    Persona(
        "Rentnerpaar in München",
        [person("antragsteller", 72, **rente("1500")), person("partner", 70, **rente("900"))],
        "1100",
        "120",
        "09162000",
        {ALTER: (U, None, None), "wohngeld": (W, 31, 31)},
    ),
    # 21 Island Gemeinde Alkersum (Föhr, § 12 Abs. 4a WoGG: Stufe V), single, 1,300 gross /
    # 1,000 net, 650 € warm incl. 80 € heating. § 11b: 100 + 84 + 144 + 0.1·200 = 348 → 652;
    # need 563 + 650 = 1,213 → open 561. Wohngeld: kalt 570 > 562 + 19.20 = 581.20? No: 570 ≤
    # 581.20 → M = 570 + 110.40 = 680.40; tax? 1,300·12·0.8 − 1,230 = 11,250 < 12,348 → no;
    # Y = 1,197.50 · 0.8 = 958; z1 = 0.04 + 0.32638788 + 0.0390864 = 0.40547428; z1·Y =
    # 388.44436024; 1.15 · 291.95563976 = 335.75 → 336; 652 + 336 = 988 < 1,213.
    Persona(
        "Inselgemeinde (Stufe V)",
        [person("antragsteller", 33, **lohn("1300", "1000"))],
        "650",
        "80",
        "01054005",
        {GRUSI: (W, 561, 561), "wohngeld": (U, None, None)},
    ),
    # 22 Couple 60 (able to work) and 70 (pension 700 gross), Berlin, 700 € warm incl. 90 €:
    # one Bedarfsgemeinschaft under SGB II (the 70-year-old's share would come from the
    # Sozialamt). Need 2·506 + 700 = 1,712; pension net 700 · 0.8765 = 613.55, less the 30 €
    # Versicherungspauschale = 583.55; open 1,128.45. Wohngeld: M = 610 + 142.60 = 752.60;
    # Y = 691.50 · 0.9 = 622.35 < min 679; z1 = 0.31939506; z1·Y = 216.86924574;
    # 1.15 · 535.73075426 = 616.09 → 616; 583.55 + 616 < 1,712.
    Persona(
        "Paar 60 und 70, gemischt",
        [person("antragsteller", 60), person("partner", 70, **rente("700"))],
        "700",
        "90",
        "11000000",
        {GRUSI: (W, 1128.45, 1128.45), ALTER: (M, None, None), "wohngeld": (U, None, None)},
    ),
    # 23 16 years, not able to work, alone, 400 € warm incl. 50 €: Grundsicherung bei
    # Erwerbsminderung only from 18 (§ 41 Abs. 3 SGB XII), so Hilfe zum Lebensunterhalt:
    # 563 + 400 = 963. Wohngeld: M = 350 + 110.40 = 460.40; Y = 396; z1 = 0.04 + 0.22085388 +
    # 0.0161568 = 0.27701068; z1·Y = 109.69622928; 1.15 · 350.70377072 = 403.31 → 403 < 963.
    Persona(
        "16 Jahre, nicht erwerbsfähig",
        [person("antragsteller", 16, erwerbsfaehig=False)],
        "400",
        "50",
        "11000000",
        {HLU: (W, 963, 963), ALTER: (U, None, None), GRUSI: (U, None, None)},
    ),
]


@pytest.mark.parametrize("persona", PERSONAS, ids=[p.name for p in PERSONAS])
def test_persona(
    persona: Persona, laden: Any, parameter: Parameterstand, mietenstufen: Mietenstufen
) -> None:
    antwort = auswerten(
        laden(persona.body()),
        stichtag=persona.stichtag,
        ags=None,
        parameter=parameter,
        mietenstufen=mietenstufen,
    )
    ergebnisse = {ergebnis["leistung"]: ergebnis for ergebnis in antwort["ergebnisse"]}
    for leistung, (einschaetzung, von, bis) in persona.erwartet.items():
        ergebnis = ergebnisse[leistung]
        assert ergebnis["einschaetzung"] == einschaetzung, leistung
        betrag = ergebnis["betrag_monatlich"]
        if von is None:
            assert betrag is None or einschaetzung == M, leistung
        else:
            assert betrag == {"von": von, "bis": bis}, leistung
    assert ("wahlrecht" in antwort) == persona.wahlrecht


def test_wahlrecht_zeigt_beide_wege(
    laden: Any, parameter: Parameterstand, mietenstufen: Mietenstufen
) -> None:
    familie = next(p for p in PERSONAS if p.wahlrecht)
    antwort = auswerten(
        laden(familie.body()), stichtag=DEZ, ags=None, parameter=parameter,
        mietenstufen=mietenstufen,
    )  # fmt: skip
    optionen = {option["art"]: option for option in antwort["wahlrecht"]["optionen"]}
    # 1,469 from the Jobcenter, or 594 Kinderzuschlag + 828 Wohngeld = 1,422 without it
    assert optionen["grundsicherung"]["betrag_monatlich"] == {"von": 1469.0, "bis": 1469.0}
    assert optionen["kinderzuschlag_wohngeld"]["betrag_monatlich"] == {"von": 1422.0, "bis": 1422.0}
    assert antwort["wahlrecht"]["werte"]["fehlt"] == 47.0


def test_name_folgt_dem_recht_am_stichtag(
    laden: Any, parameter: Parameterstand, mietenstufen: Mietenstufen
) -> None:
    body = PERSONAS[0].body()
    vorher = auswerten(
        laden(body), stichtag=date(2026, 6, 30), ags=None, parameter=parameter,
        mietenstufen=mietenstufen,
    )  # fmt: skip
    nachher = auswerten(
        laden(body), stichtag=date(2026, 7, 1), ags=None, parameter=parameter,
        mietenstufen=mietenstufen,
    )  # fmt: skip
    namen = [
        next(e["name"] for e in antwort["ergebnisse"] if e["leistung"] == GRUSI)
        for antwort in (vorher, nachher)
    ]
    assert namen == ["Bürgergeld", "Grundsicherungsgeld"]


def test_2027_wird_ehrlich_abgelehnt(
    laden: Any, parameter: Parameterstand, mietenstufen: Mietenstufen
) -> None:
    with pytest.raises(KeinParameter) as fehler:
        auswerten(
            laden(PERSONAS[0].body()), stichtag=date(2027, 3, 1), ags=None, parameter=parameter,
            mietenstufen=mietenstufen,
        )  # fmt: skip
    assert str(fehler.value).startswith("Werte für 2027 sind noch nicht veröffentlicht")


def test_jede_zahl_hat_ihre_parameter(
    laden: Any, parameter: Parameterstand, mietenstufen: Mietenstufen
) -> None:
    """Every parameter a reason names exists on the date: each figure can be traced."""
    for persona in PERSONAS:
        antwort = auswerten(
            laden(persona.body()), stichtag=persona.stichtag, ags=None, parameter=parameter,
            mietenstufen=mietenstufen,
        )  # fmt: skip
        for ergebnis in antwort["ergebnisse"]:
            assert ergebnis["gruende"], ergebnis["leistung"]
            for eintrag in ergebnis["gruende"]:
                for name in eintrag["parameter"]:
                    assert parameter.wert(name, persona.stichtag).quelle.paragraph
