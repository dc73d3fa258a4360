"""The dated parameters (loader, lookup by date, drafts, version), the Mietenstufen lookup and
the request schema's field errors."""

from __future__ import annotations

import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from marshmallow import ValidationError

from finder.regeln import (
    LEISTUNGEN,
    HaushaltSchema,
    KeinParameter,
    Mietenstufen,
    MietenstufenFehlen,
    ParameterFehlerhaft,
    Parameterstand,
    leistungsname,
)
from finder.regeln.parameter import PARAMETER_VERZEICHNIS


def test_werte_nach_stichtag(parameter: Parameterstand) -> None:
    assert parameter.wert("kindergeld.betrag", date(2025, 12, 31)).wert == 255
    kindergeld = parameter.wert("kindergeld.betrag", date(2026, 1, 1))
    assert kindergeld.wert == 259
    assert kindergeld.quelle.paragraph.startswith("§ 66 Abs. 1 EStG")
    assert "BGBl. 2024 I Nr. 449" in kindergeld.quelle.bgbl
    assert kindergeld.status == "in_kraft" and kindergeld.gilt_ab == date(2026, 1, 1)
    assert parameter.wert("sgb2.regelbedarf", date(2026, 6, 1)).wert["rbs1"] == 563
    # the asset rule changes its nature on 01.07.2026
    assert parameter.wert("sgb2.vermoegen", date(2026, 6, 30)).wert["art"] == "karenzzeit"
    assert parameter.wert("sgb2.vermoegen", date(2026, 7, 1)).wert["art"] == "altersgestaffelt"


def test_kein_parameter_sagt_es_lesbar(parameter: Parameterstand) -> None:
    with pytest.raises(KeinParameter) as spaeter:
        parameter.wert("sgb2.regelbedarf", date(2027, 1, 1))
    assert str(spaeter.value).startswith("Werte für 2027 sind noch nicht veröffentlicht")
    with pytest.raises(KeinParameter) as frueher:
        parameter.wert("sgb2.regelbedarf", date(2024, 12, 31))
    assert "ab 2025" in str(frueher.value)
    with pytest.raises(KeinParameter) as unbekannt:
        parameter.wert("gibt.es.nicht", date(2026, 1, 1))
    assert "kennt der Finder nicht" in str(unbekannt.value)


def test_entwurf_wird_nie_als_geltend_benutzt(parameter: Parameterstand) -> None:
    """The Wohngeld bill for 2027 (BT-Drs. 21/8284) is a draft: shown, never applied."""
    entwurf = parameter.entwurf("wohngeld.bagatellgrenze", date(2027, 3, 1))
    assert entwurf is not None and entwurf.wert == 15 and entwurf.status == "entwurf"
    with pytest.raises(KeinParameter):
        parameter.wert("wohngeld.bagatellgrenze", date(2027, 3, 1))
    assert parameter.wert("wohngeld.bagatellgrenze", date(2026, 12, 31)).wert == 10


def test_regelstand_und_jeder_wert_hat_quelle(parameter: Parameterstand) -> None:
    assert parameter.regelstand(date(2026, 12, 1)) == date(2026, 7, 1)
    assert parameter.regelstand(date(2026, 3, 1)) == date(2026, 1, 1)
    for name in parameter.namen():
        for wert in parameter.alle_werte(name):
            assert wert.quelle.paragraph and wert.einheit and wert.status in ("in_kraft", "entwurf")


def test_jahreswerte_enden_2026(parameter: Parameterstand) -> None:
    """Values fixed year by year must not silently run on into 2027."""
    for name in ("sgb2.regelbedarf", "wohngeld.koeffizienten", "kiz.hoechstbetrag", "uvg.betrag"):
        letzter = parameter.alle_werte(name)[-1]
        assert letzter.gilt_bis == date(2026, 12, 31), name


def _kopie(ziel: Path) -> Path:
    shutil.copytree(PARAMETER_VERZEICHNIS, ziel)
    return ziel


def test_version_aendert_sich_mit_den_daten(tmp_path: Path, parameter: Parameterstand) -> None:
    ordner = _kopie(tmp_path / "p")
    assert Parameterstand.laden(ordner).version == parameter.version
    datei = ordner / "familie.yaml"
    datei.write_text(datei.read_text(encoding="utf-8") + "\n# geprüft\n", encoding="utf-8")
    assert Parameterstand.laden(ordner).version != parameter.version


def test_ueberschneidung_und_fehlende_quelle_werden_abgelehnt(tmp_path: Path) -> None:
    ordner = tmp_path / "p"
    ordner.mkdir()
    (ordner / "x.yaml").write_text(
        "parameter:\n  a.b:\n    einheit: EUR\n    werte:\n"
        "      - {gilt_ab: 2025-01-01, gilt_bis: 2025-12-31, wert: 1, quelle: {paragraph: '§ 1'}}\n"
        "      - {gilt_ab: 2025-06-01, wert: 2, quelle: {paragraph: '§ 1'}}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterFehlerhaft, match="überschneiden"):
        Parameterstand.laden(ordner)
    (ordner / "x.yaml").write_text(
        "parameter:\n  a.b:\n    einheit: EUR\n    werte:\n"
        "      - {gilt_ab: 2025-01-01, wert: 1}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterFehlerhaft, match="Quelle"):
        Parameterstand.laden(ordner)


def test_leistungsname_folgt_dem_recht() -> None:
    assert leistungsname("grundsicherung_arbeitsuchende", date(2026, 6, 30)) == "Bürgergeld"
    assert leistungsname("grundsicherung_arbeitsuchende", date(2026, 7, 1)) == "Grundsicherungsgeld"
    assert {leistungsname(key, date(2026, 1, 1)) for key in LEISTUNGEN} >= {"Wohngeld", "BAföG"}


def test_mietenstufen(mietenstufen: Mietenstufen) -> None:
    assert mietenstufen.fuer_ags("11000000") == 4  # Berlin, own row
    assert mietenstufen.fuer_ags("09162000") == 7  # München
    assert mietenstufen.fuer_ags("01051074") == 1  # Meldorf: row of Kreis Dithmarschen
    insel = mietenstufen.nachschlagen("01054005")  # Alkersum on Föhr, § 12 Abs. 4a WoGG
    assert insel is not None and insel.stufe == 5 and insel.herkunft == "insel"
    taufkirchen = mietenstufen.nachschlagen("09184145")
    assert taufkirchen is not None and taufkirchen.zweifel  # named as doubtful, not hidden
    assert mietenstufen.fuer_ags("1100000") is None
    assert mietenstufen.fuer_ags("99999999") is None


def test_mietenstufen_fehlen_klar(tmp_path: Path) -> None:
    with pytest.raises(MietenstufenFehlen, match="mietenstufen_gemeinden_2023.csv"):
        Mietenstufen.laden(tmp_path)


GUT: dict[str, Any] = {
    "wohnort": {"plz": "10115", "ags": "11000000"},
    "personen": [
        {"rolle": "antragsteller", "alter": 34, "einkommen": {"erwerb_brutto": "1200.50"}},
        {"rolle": "kind", "alter": 3},
    ],
    "wohnkosten": {"warmmiete": 700, "heizkosten": "90"},
}


def test_schema_laedt_mit_decimals(laden: Any) -> None:
    daten = laden(GUT)
    assert daten["wohnkosten"]["warmmiete"] == Decimal(700)
    assert daten["personen"][0]["einkommen"]["erwerb_brutto"] == Decimal("1200.50")
    assert daten["stichtag"] is None and daten["wohnort"]["ags"] == "11000000"


@pytest.mark.parametrize(
    ("aenderung", "pfad"),
    [
        ({"wohnort": {"plz": "1011"}}, ("wohnort", "plz")),
        ({"wohnort": {"plz": "10115", "ags": "110"}}, ("wohnort", "ags")),
        ({"wohnkosten": {"warmmiete": "-5"}}, ("wohnkosten", "warmmiete")),
        ({"wohnkosten": {"warmmiete": "500", "heizkosten": "600"}}, ("wohnkosten", "heizkosten")),
        ({"personen": []}, ("personen",)),
        ({"personen": [{"rolle": "kind", "alter": 3}]}, ("personen",)),
        ({"personen": [{"rolle": "antragsteller", "alter": 200}]}, ("personen", 0, "alter")),
        ({"personen": [{"rolle": "chef", "alter": 30}]}, ("personen", 0, "rolle")),
        ({"stichtag": "morgen"}, ("stichtag",)),
        ({"unbekannt": 1}, ("unbekannt",)),
        (
            {
                "personen": [
                    {
                        "rolle": "antragsteller",
                        "alter": 30,
                        "einkommen": {"erwerb_brutto": "100", "erwerb_netto": "200"},
                    }
                ]
            },  # noqa: E501
            ("personen", 0, "einkommen", "erwerb_netto"),
        ),
    ],
)
def test_schema_fehler_je_feld(aenderung: dict[str, Any], pfad: tuple[Any, ...]) -> None:
    with pytest.raises(ValidationError) as fehler:
        HaushaltSchema().load(GUT | aenderung)
    meldungen: Any = fehler.value.messages
    for schritt in pfad:
        meldungen = meldungen[schritt]
    assert meldungen


def test_fehlermeldungen_ohne_eingaben() -> None:
    """A field error never repeats what the person typed (no personal data in responses/logs)."""
    with pytest.raises(ValidationError) as fehler:
        HaushaltSchema().load(GUT | {"wohnkosten": {"warmmiete": "Müller 12"}})
    assert "Müller" not in str(fehler.value.messages)


def test_texte_deutsche_betraege_und_werte() -> None:
    from finder.regeln.texte import TEXTE, text

    eintrag = text(
        "sgb2_anspruch", bedarf=Decimal("1163.5"), einkommen=Decimal("999.99"), betrag=Decimal(0)
    )
    assert eintrag["text"] == (
        "Bedarf 1.163,50 € minus Einkommen 999,99 € ergibt etwa 0,00 € im Monat."
    )
    assert eintrag["werte"] == {"bedarf": 1163.5, "einkommen": 999.99, "betrag": 0.0}
    assert text("hinweis_rechtsstand", regelstand=date(2026, 7, 1), stichtag=date(2026, 12, 1))[
        "werte"
    ] == {"regelstand": "2026-07-01", "stichtag": "2026-12-01"}
    assert all(isinstance(vorlage, str) and vorlage for vorlage in TEXTE.values())


def test_ags_aus_dem_aufruf_und_unbekannte_gemeinde(
    laden: Any, parameter: Parameterstand, mietenstufen: Mietenstufen
) -> None:
    from finder.regeln import auswerten

    body = {
        "wohnort": {"plz": "10115"},
        "personen": [{"rolle": "antragsteller", "alter": 35}],
        "wohnkosten": {"warmmiete": "600", "heizkosten": "80"},
    }

    def wohngeld(ags: str | None) -> dict[str, Any]:
        antwort = auswerten(
            laden(body), stichtag=date(2026, 12, 1), ags=ags, parameter=parameter,
            mietenstufen=mietenstufen,
        )  # fmt: skip
        return next(e for e in antwort["ergebnisse"] if e["leistung"] == "wohngeld")

    berlin = wohngeld("11000000")
    assert any(g["code"] == "wohngeld_mietenstufe" and g["werte"]["stufe"] == "IV"
               for g in berlin["gruende"])  # fmt: skip
    unbekannt = wohngeld("99999999")
    assert [u["code"] for u in unbekannt["unsicher"]] == ["unsicher_mietenstufe"]
