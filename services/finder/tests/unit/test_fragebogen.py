"""The questionnaire as data and the walk through it (finder.fragen): steps by conditions,
answers checked per step, the Gemeinde asked only when the postcode has several, and the
answers turned into the household of POST /api/v1/finder/auswertung."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from finder import fragen

BOGEN = fragen.laden()
BERLIN = [{"ags": "11000000", "name": "Berlin"}]
ZWEI = [{"ags": "06435014", "name": "Gelnhausen"}, {"ags": "06435016", "name": "Linsengericht"}]


def suche(plz: str, ort: str | None) -> list[dict[str, str]]:
    if plz == "99999":
        raise fragen.PlzUnbekannt()
    return ZWEI if plz == "63571" else BERLIN


FAMILIE = {
    "plz": "10115",
    "alter": "38",
    "partner": "ja",
    "partner_alter": "36",
    "kinder_anzahl": "2",
    "kind_1_alter": "4",
    "kind_2_alter": "11",
    "erwerbsfaehig": "ja",
    "partner_erwerbsfaehig": "ja",
    "ausbildung": "keine",
    "erwerb_brutto": "2.100",
    "erwerb_netto": "1.580,40",
    "warmmiete": "950",
    "heizkosten": "110",
}


def durchlaufen(antworten: dict[str, str]) -> list[str]:
    """Every step pressed 'weiter' once, as a person would: the steps seen in order."""
    gesehen = []
    fortschritt = fragen.weiter(BOGEN, antworten, None, "", suche)
    while fortschritt.schritt is not None:
        assert fortschritt.fehler == {}, (fortschritt.schritt, fortschritt.fehler)
        gesehen.append(fortschritt.schritt)
        fortschritt = fragen.weiter(
            BOGEN, {**antworten, **fortschritt.antworten}, fortschritt.schritt, "weiter", suche
        )
    return gesehen


def test_die_daten_sind_vollstaendig_in_drei_sprachen_und_hoechstens_zehn_schritte() -> None:
    assert 1 <= len(BOGEN.schritte) <= 10
    for sprache in fragen.SPRACHEN:
        definition = fragen.definition(BOGEN, sprache)
        for schritt in definition["schritte"]:
            assert schritt["titel"]
            assert all(frage["text"] for frage in schritt["fragen"])
        assert set(definition["meldungen"]) == set(BOGEN.meldungen)


def test_ein_fehler_in_den_daten_haelt_den_start_an(tmp_path: Path) -> None:
    kaputt = fragen.DATEI.read_text(encoding="utf-8").replace("de-x-ls: Wie alt sind Sie?", "")
    datei = tmp_path / "fragebogen.yaml"
    datei.write_text(kaputt, encoding="utf-8")
    with pytest.raises(fragen.FragebogenFehlerhaft, match="alter"):
        fragen.laden.__wrapped__(datei)


def test_die_schritte_folgen_den_antworten() -> None:
    assert durchlaufen(FAMILIE) == [
        "wohnort",
        "haushalt",
        "kinder",
        "lage",
        "einkommen",
        "einkommen_partner",
        "wohnen",
        "vermoegen",
    ]
    allein = {k: v for k, v in FAMILIE.items() if not k.startswith(("partner", "kind_"))}
    allein |= {"partner": "nein", "kinder_anzahl": "0"}
    assert durchlaufen(allein) == [
        "wohnort",
        "haushalt",
        "lage",
        "einkommen",
        "wohnen",
        "vermoegen",
    ]


def test_bleiben_zeigt_denselben_schritt_ohne_pruefung() -> None:
    fortschritt = fragen.weiter(BOGEN, {**FAMILIE, "alter": "x"}, "haushalt", "bleiben", suche)
    assert (fortschritt.schritt, fortschritt.fehler) == ("haushalt", {})
    assert fortschritt.antworten["alter"] == "x"


def test_zurueck_prueft_nichts_und_behaelt_die_antworten() -> None:
    fortschritt = fragen.weiter(BOGEN, {**FAMILIE, "alter": "x"}, "lage", "zurueck", suche)
    assert fortschritt.schritt == "kinder"
    assert fortschritt.fehler == {}
    assert fortschritt.antworten["alter"] == "x"


def test_falsche_antworten_bleiben_im_schritt_mit_ihrem_code() -> None:
    antworten = {**FAMILIE, "alter": "12", "partner": "vielleicht", "kinder_anzahl": ""}
    fortschritt = fragen.weiter(BOGEN, antworten, "haushalt", "weiter", suche)
    assert fortschritt.schritt == "haushalt"
    assert fortschritt.fehler == {
        "alter": "zu_klein",
        "partner": "auswahl_ungueltig",
        "kinder_anzahl": "pflichtfeld",
    }
    ansicht = fragen.schritt_ansicht(BOGEN, fortschritt, "en")
    meldungen = {f["id"]: f["fehler"]["meldung"] for f in ansicht["fragen"] if "fehler" in f}
    assert meldungen["kinder_anzahl"] == "Please answer this question."
    # the other steps' answers travel on in hidden fields, the step's own are its fields
    assert "alter" not in ansicht["weitere_antworten"]
    assert ansicht["weitere_antworten"]["warmmiete"] == "950"


def test_fremde_felder_werden_nicht_weitergetragen() -> None:
    fortschritt = fragen.weiter(
        BOGEN, {**FAMILIE, "csrf_token": "t", "kind_9_alter": "3", "boese": "<x>"}, None, "", suche
    )
    assert "csrf_token" not in fortschritt.antworten
    assert "kind_9_alter" not in fortschritt.antworten  # at most 8 children
    assert "boese" not in fortschritt.antworten


def test_mehrere_gemeinden_werden_zur_wahl_gestellt_eine_wird_uebernommen() -> None:
    fortschritt = fragen.weiter(BOGEN, {"plz": "63571"}, "wohnort", "weiter", suche)
    assert fortschritt.schritt == "wohnort"
    assert fortschritt.fehler == {}  # asked first, not reported missing
    ansicht = fragen.schritt_ansicht(BOGEN, fortschritt, "de")
    [gemeinde] = [f for f in ansicht["fragen"] if f["id"] == "gemeinde"]
    assert [o["wert"] for o in gemeinde["optionen"]] == ["06435014", "06435016"]
    ohne_wahl = fragen.weiter(
        BOGEN, {"plz": "63571", "gefragt": ansicht["gefragt"]}, "wohnort", "weiter", suche
    )
    assert ohne_wahl.fehler == {"gemeinde": "gemeinde_waehlen"}
    gewaehlt = fragen.weiter(
        BOGEN, {"plz": "63571", "gemeinde": "06435016"}, "wohnort", "weiter", suche
    )
    assert (gewaehlt.schritt, gewaehlt.fehler) == ("haushalt", {})
    eine = fragen.weiter(BOGEN, {"plz": "10115"}, "wohnort", "weiter", suche)
    assert eine.antworten["gemeinde"] == "11000000"
    # without a choice to make, the question is not shown
    assert "gemeinde" not in {f["id"] for f in fragen.schritt_ansicht(BOGEN, eine, "de")["fragen"]}


def test_unbekannte_postleitzahl() -> None:
    fortschritt = fragen.weiter(BOGEN, {"plz": "99999"}, "wohnort", "weiter", suche)
    assert fortschritt.fehler == {"plz": "plz_unbekannt"}


@pytest.mark.parametrize(
    ("text", "betrag"),
    [
        ("450", Decimal("450")),
        ("450,50", Decimal("450.50")),
        ("1.234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("1 234 €", Decimal("1234")),
        ("2.100", Decimal("2100")),
        ("12,345", None),
        ("-5", None),
        ("1,2,3", None),
        ("viel", None),
    ],
)
def test_betraege_wie_menschen_sie_schreiben(text: str, betrag: Decimal | None) -> None:
    assert fragen.betrag_lesen(text) == betrag


def test_die_antworten_werden_zum_haushalt_der_api() -> None:
    fortschritt = fragen.weiter(
        BOGEN, {**FAMILIE, "gemeinde": "11000000"}, "vermoegen", "weiter", suche
    )
    assert fortschritt.schritt is None
    assert fragen.haushalt(BOGEN, fortschritt.antworten) == {
        "wohnort": {"plz": "10115", "ags": "11000000"},
        "personen": [
            {
                "rolle": "antragsteller",
                "alter": 38,
                "erwerbsfaehig": True,
                "einkommen": {"erwerb_brutto": 2100.0, "erwerb_netto": 1580.4},
            },
            {"rolle": "partner", "alter": 36, "erwerbsfaehig": True},
            {"rolle": "kind", "alter": 4},
            {"rolle": "kind", "alter": 11},
        ],
        "alleinerziehend": False,
        "wohnkosten": {"warmmiete": 950.0, "heizkosten": 110.0},
    }


def test_alleinerziehend_schwanger_in_ausbildung_mit_unterhalt() -> None:
    antworten = {
        "plz": "10115",
        "gemeinde": "11000000",
        "alter": "24",
        "partner": "nein",
        "kinder_anzahl": "1",
        "kind_1_alter": "3",
        "kind_1_unterhalt": "200",
        "kind_1_unterhaltsvorschuss": "0",
        "erwerbsfaehig": "ja",
        "schwanger": "ja",
        "ausbildung": "bafoeg",
        "warmmiete": "600",
        "vermoegen": "0",
    }
    haushalt = fragen.haushalt(BOGEN, antworten)
    assert haushalt["alleinerziehend"] is True
    assert haushalt["personen"][0] == {
        "rolle": "antragsteller",
        "alter": 24,
        "erwerbsfaehig": True,
        "schwanger": True,
        "in_ausbildung": "bafoeg",
    }
    assert haushalt["personen"][1] == {
        "rolle": "kind",
        "alter": 3,
        "einkommen": {"unterhalt": 200.0},
    }
    assert haushalt["vermoegen"] == 0.0


def test_eine_frage_die_erst_die_antwort_oeffnet_wird_gestellt_nicht_bemaengelt() -> None:
    """Without JavaScript the partner's age appears only after "yes, a partner" was sent."""
    seite = {"alter": "40", "partner": "ja", "kinder_anzahl": "0"}  # no partner_alter field
    antworten = {k: v for k, v in FAMILIE.items() if k != "partner_alter"} | seite
    fortschritt = fragen.weiter(BOGEN, antworten, "haushalt", "weiter", suche)
    assert (fortschritt.schritt, fortschritt.fehler) == ("haushalt", {})
    ansicht = fragen.schritt_ansicht(BOGEN, fortschritt, "de")
    assert "partner_alter" in {f["id"] for f in ansicht["fragen"]}
    # once the field was on the page, leaving it empty is an error
    leer = fragen.weiter(BOGEN, {**antworten, "partner_alter": ""}, "haushalt", "weiter", suche)
    assert leer.fehler == {"partner_alter": "pflichtfeld"}


def test_eine_unbeantwortete_auswahl_der_seite_ist_ein_fehler() -> None:
    """A radio group left empty is not sent at all; the page's list of questions tells."""
    antworten = {k: v for k, v in FAMILIE.items() if k != "partner_erwerbsfaehig"}
    gefragt = "erwerbsfaehig,schwanger,ausbildung,partner_erwerbsfaehig"
    fortschritt = fragen.weiter(BOGEN, {**antworten, "gefragt": gefragt}, "lage", "weiter", suche)
    assert fortschritt.fehler == {"partner_erwerbsfaehig": "pflichtfeld"}
    # its condition is answered on an earlier step: an error even without the list
    ohne = fragen.weiter(BOGEN, antworten, "lage", "weiter", suche)
    assert ohne.fehler == {"partner_erwerbsfaehig": "pflichtfeld"}


def test_unterhaltsvorschuss_eines_kindes() -> None:
    antworten = {
        **FAMILIE,
        "partner": "nein",
        "kinder_anzahl": "1",
        "kind_1_alter": "7",
        "kind_1_unterhaltsvorschuss": "227",
    }
    kind = fragen.haushalt(BOGEN, antworten)["personen"][1]
    assert kind == {"rolle": "kind", "alter": 7, "einkommen": {"unterhaltsvorschuss": 227.0}}
