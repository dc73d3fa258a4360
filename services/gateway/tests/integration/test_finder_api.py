"""The Sozialleistungsfinder's API through the real gateway, finder and zustaendigkeit: the
questionnaire, an evaluation, the Gemeinde to choose, field errors, the language, and every
answer as the OpenAPI document describes it. The pages' questionnaire without JavaScript is
walked in tests/browser/test_finder_browser.py; here its POST steps are checked plainly."""

from __future__ import annotations

import re

import pytest
from gateway_finder_plattform import FinderPlattform
from gateway_test_support import Klient, pruefe_antwort

pytestmark = pytest.mark.rabbitmq

FRAGEN = "/api/v1/finder/fragen"
AUSWERTUNG = "/api/v1/finder/auswertung"
FAMILIE = {
    "wohnort": {"plz": "10115"},
    "personen": [
        {
            "rolle": "antragsteller",
            "alter": 36,
            "erwerbsfaehig": True,
            "einkommen": {"erwerb_brutto": 2300, "erwerb_netto": 1700},
        },
        {"rolle": "partner", "alter": 34, "erwerbsfaehig": True},
        {"rolle": "kind", "alter": 4},
        {"rolle": "kind", "alter": 8},
    ],
    "wohnkosten": {"warmmiete": 1150, "heizkosten": 130},
}


@pytest.fixture(scope="module")
def klient(finder_plattform_dienste: FinderPlattform) -> Klient:
    return Klient(finder_plattform_dienste.url)


def test_fragen_in_der_sprache_der_anfrage(klient: Klient) -> None:
    for sprache, titel in (("de", "Wo wohnen Sie?"), ("en", "Where do you live?")):
        response = klient.get(FRAGEN, headers={"Accept-Language": sprache})
        assert response.status_code == 200
        pruefe_antwort(response, "GET", FRAGEN)
        assert response.json()["schritte"][0]["titel"] == titel
    leicht = klient.get(f"{FRAGEN}?sprache=de-x-ls").json()
    assert leicht["sprache"] == "de-x-ls"


def test_auswertung_einer_familie(klient: Klient) -> None:
    response = klient.post_json(AUSWERTUNG, FAMILIE, headers={"Accept-Language": "en"})
    assert response.status_code == 200, response.text
    pruefe_antwort(response, "POST", AUSWERTUNG)
    antwort = response.json()
    assert antwort["wohnort"]["ags"] == "11000000"
    ergebnisse = {e["leistung"]: e for e in antwort["ergebnisse"]}
    kindergeld = ergebnisse["kindergeld"]
    assert kindergeld["einschaetzung"] == "wahrscheinlich"
    assert kindergeld["betrag_monatlich"]["von"] >= 2 * 250  # two children, 2025/26 amounts
    assert kindergeld["rechtsgrundlagen"]
    assert all(g["text"] for g in kindergeld["gruende"])
    # English where translated; nothing the person sent comes back but the place
    assert ergebnisse["wohngeld"]["name"] == "Housing benefit (Wohngeld)"
    assert response.headers["Cache-Control"] == "no-store"


def test_mehrere_gemeinden_422_mit_auswahl(klient: Klient) -> None:
    anfrage = {**FAMILIE, "wohnort": {"plz": "64395"}}
    response = klient.post_json(AUSWERTUNG, anfrage)
    assert response.status_code == 422
    pruefe_antwort(response, "POST", AUSWERTUNG)
    problem = response.json()
    assert problem["code"] == "gemeinde_waehlen"
    gemeinden = problem["details"]["gemeinden"]
    assert len(gemeinden) >= 2 and all(re.fullmatch(r"\d{8}", g["ags"]) for g in gemeinden)
    gewaehlt = {**anfrage, "wohnort": {"plz": "64395", "ags": gemeinden[0]["ags"]}}
    response = klient.post_json(AUSWERTUNG, gewaehlt)
    assert response.status_code == 200, response.text
    assert response.json()["wohnort"]["gemeinde"] == gemeinden[0]["name"]


def test_falsche_angaben_422_mit_feldern_in_der_sprache(klient: Klient) -> None:
    anfrage = {
        **FAMILIE,
        "personen": [{"rolle": "chef", "alter": -3}],
        "wohnkosten": {"warmmiete": "viel"},
    }
    response = klient.post_json(AUSWERTUNG, anfrage, headers={"Accept-Language": "en"})
    assert response.status_code == 422
    pruefe_antwort(response, "POST", AUSWERTUNG)
    problem = response.json()
    assert problem["code"] == "haushalt_ungueltig"
    felder = {f["feld"] for f in problem["felder"]}
    assert {"personen.0.rolle", "personen.0.alter", "wohnkosten.warmmiete"} <= felder
    assert all(f["meldung"] and "viel" not in f["meldung"] for f in problem["felder"])
    unbekannt = klient.post_json(AUSWERTUNG, {**FAMILIE, "wohnort": {"plz": "00000"}})
    assert unbekannt.status_code == 422
    assert unbekannt.json()["felder"][0]["feld"] == "wohnort.plz"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ("[1, 2]", 422, "eingabe_ungueltig"),
        ("{nicht json", 400, "json_ungueltig"),
    ],
)
def test_kein_objekt(klient: Klient, body: str, status: int, code: str) -> None:
    response = klient.request(
        "POST", AUSWERTUNG, data=body, headers={"Content-Type": "application/json"}
    )
    assert (response.status_code, response.json()["code"]) == (status, code)
    pruefe_antwort(response, "POST", AUSWERTUNG)


def test_ein_tag_ohne_veroeffentlichte_werte(klient: Klient) -> None:
    response = klient.post_json(AUSWERTUNG, {**FAMILIE, "stichtag": "2031-01-01"})
    assert response.status_code == 422
    pruefe_antwort(response, "POST", AUSWERTUNG)
    assert response.json()["code"] == "keine_werte_fuer_stichtag"


def test_von_einer_anderen_seite_abgelehnt(klient: Klient) -> None:
    response = klient.post_json(AUSWERTUNG, FAMILIE, headers={"Origin": "https://boese.example"})
    assert response.status_code == 403


def test_seiten_ohne_javascript_per_post(klient: Klient) -> None:
    """The first step by GET, then POSTs that carry the answers; a wrong answer comes back at
    its field with 422; the start page links the finder."""
    assert 'href="/finder"' in klient.get("/").text
    erste = klient.get("/finder")
    assert erste.status_code == 200
    token = re.search(r'name="csrf_token" value="([^"]+)"', erste.text)[1]
    falsch = klient.request(
        "POST",
        "/finder",
        data={"csrf_token": token, "schritt": "wohnort", "plz": "12", "aktion": "weiter"},
    )
    assert falsch.status_code == 422
    assert 'aria-invalid="true"' in falsch.text
    weiter = klient.request(
        "POST",
        "/finder",
        data={"csrf_token": token, "schritt": "wohnort", "plz": "10115", "aktion": "weiter"},
    )
    assert weiter.status_code == 200
    assert 'name="alter"' in weiter.text
    assert 'type="hidden" name="plz" value="10115"' in weiter.text
    ohne_token = klient.request("POST", "/finder", data={"schritt": "wohnort", "plz": "10115"})
    assert ohne_token.status_code == 403


def test_wahlrecht_mit_beiden_moeglichkeiten_auf_der_seite(klient: Klient) -> None:
    """A family just below the line (§ 6a Abs. 1a BKGG): the API names both options with
    their amounts, the result page shows them."""
    familie = {
        **FAMILIE,
        "personen": [
            {
                "rolle": "antragsteller",
                "alter": 35,
                "erwerbsfaehig": True,
                "einkommen": {"erwerb_brutto": 1300},
            },
            *FAMILIE["personen"][1:],
        ],
        "wohnkosten": {"warmmiete": 1100, "heizkosten": 120},
    }
    wahlrecht = klient.post_json(AUSWERTUNG, familie).json()["wahlrecht"]
    assert [o["art"] for o in wahlrecht["optionen"]] == [
        "grundsicherung",
        "kinderzuschlag_wohngeld",
    ]
    assert all(o["betrag_monatlich"]["von"] > 0 for o in wahlrecht["optionen"])
    token = re.search(r'name="csrf_token" value="([^"]+)"', klient.get("/finder").text)[1]
    antworten = {
        "plz": "10115",
        "gemeinde": "11000000",
        "alter": "35",
        "partner": "ja",
        "partner_alter": "34",
        "kinder_anzahl": "2",
        "kind_1_alter": "4",
        "kind_2_alter": "8",
        "erwerbsfaehig": "ja",
        "partner_erwerbsfaehig": "ja",
        "ausbildung": "keine",
        "erwerb_brutto": "1300",
        "warmmiete": "1100",
        "heizkosten": "120",
    }
    seite = klient.request(
        "POST",
        "/finder",
        data={**antworten, "csrf_token": token, "schritt": "vermoegen", "aktion": "weiter"},
    )
    assert seite.status_code == 200
    assert "Sie können wählen" in seite.text
    assert seite.text.count("Ungefähr") >= 3  # amounts of benefits and of both options
    # "Antworten ändern": the result's form posts every answer back to the first step
    formular = seite.text[seite.text.index('<form method="post"') :]
    felder = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', formular))
    zurueck = klient.request("POST", "/finder", data=felder)
    assert zurueck.status_code == 200
    assert 'id="plz" name="plz" type="text"' in zurueck.text and 'value="10115"' in zurueck.text
    assert 'type="hidden" name="erwerb_brutto" value="1300"' in zurueck.text


def test_eine_von_hand_veraenderte_gemeinde_ist_eine_fehlerseite(klient: Klient) -> None:
    """Hidden fields can be changed: a Gemeinde not of the postcode is refused as a page with
    the problem's message, not a 500."""
    token = re.search(r'name="csrf_token" value="([^"]+)"', klient.get("/finder").text)[1]
    antworten = {
        "plz": "10115",
        "gemeinde": "06435014",
        "alter": "40",
        "partner": "nein",
        "kinder_anzahl": "0",
        "erwerbsfaehig": "ja",
        "ausbildung": "keine",
        "warmmiete": "600",
    }
    seite = klient.request(
        "POST",
        "/finder",
        data={**antworten, "csrf_token": token, "schritt": "vermoegen", "aktion": "weiter"},
    )
    assert seite.status_code == 422
    assert "Einige Angaben zum Haushalt fehlen oder stimmen nicht." in seite.text
