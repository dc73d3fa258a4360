"""Information pages per benefit and the Ausfüllhilfen through the real gateway and finder
service: the pages in three languages, the API as the OpenAPI document describes it, the day's
amounts and names, refusals, and the link from an application's section to its help. The pages
in the browser (360 px, no JavaScript, axe-core): tests/browser/test_leistungen_browser.py."""

from __future__ import annotations

import re

import pytest
from gateway_antrag_plattform import AntragKlient, Plattform
from gateway_finder_plattform import FinderPlattform
from gateway_test_support import Klient, pruefe_antwort
from markupsafe import escape

pytestmark = pytest.mark.rabbitmq

LEISTUNGEN = "/api/v1/leistungen"
ALLE = [
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
]


@pytest.fixture(scope="module")
def klient(finder_plattform_dienste: FinderPlattform) -> Klient:
    return Klient(finder_plattform_dienste.url)


def test_the_overview_links_every_benefit_in_three_languages(klient: Klient) -> None:
    for sprache, titel in (
        ("de", "Informationen zu Sozialleistungen"),
        ("en", "Information on social benefits"),
        ("de-x-ls", "Informationen über Sozial·leistungen"),
    ):
        response = klient.get(f"/leistungen?sprache={sprache}")
        assert response.status_code == 200
        assert f"<h1>{titel}</h1>" in response.text
        assert re.findall(r'href="/leistungen/([a-z_]+)"', response.text) == ALLE
        assert len(response.content) < 100_000


def test_a_benefit_page_shows_the_day_s_content(klient: Klient) -> None:
    heute = klient.get(f"{LEISTUNGEN}/kindergeld?sprache=en").json()
    response = klient.get("/leistungen/kindergeld?sprache=en")
    assert response.status_code == 200
    html = response.text
    assert f"<h1>{escape(heute['name'])}</h1>" in html
    assert str(escape(heute["kurz"])) in html
    for abschnitt in heute["abschnitte"]:
        assert f">{escape(abschnitt['titel'])}</h2>" in html
    assert "Where the amounts come from" in html


def test_an_unknown_benefit_is_a_404_page(klient: Klient) -> None:
    for pfad in ("/leistungen/lottogewinn", "/leistungen/Wohngeld", "/leistungen/%3Cscript%3E"):
        response = klient.get(f"{pfad}?sprache=en")
        assert response.status_code == 404, pfad
        assert "<h1>Not found</h1>" in response.text
        assert "<script>" not in response.text


def test_an_ausfuellhilfe_page(klient: Klient) -> None:
    response = klient.get("/ausfuellhilfen/buergergeld/wohnung?sprache=de")
    assert response.status_code == 200
    assert "<h1>Ihre Wohnung und die Kosten</h1>" in response.text
    assert "Das sollten Sie bereithalten" in response.text
    assert 'href="/leistungen/grundsicherung_arbeitsuchende"' in response.text
    leicht = klient.get("/ausfuellhilfen/mietrueckstaende/kuendigung?sprache=de-x-ls")
    assert "Darauf müssen Sie achten" in leicht.text
    for pfad in ("/ausfuellhilfen/buergergeld/hobby", "/ausfuellhilfen/x/y/z"):
        assert klient.get(pfad).status_code == 404, pfad


def test_the_api_lists_the_benefits_with_the_names_of_the_day(klient: Klient) -> None:
    vorher = klient.get(f"{LEISTUNGEN}?stichtag=2026-06-30")
    nachher = klient.get(f"{LEISTUNGEN}?stichtag=2026-07-01", headers={"Accept-Language": "en"})
    for response in (vorher, nachher):
        assert response.status_code == 200, response.text
        pruefe_antwort(response, "GET", LEISTUNGEN)
    assert [e["id"] for e in vorher.json()["leistungen"]] == ALLE
    assert vorher.json()["stichtag"] == "2026-06-30"
    assert vorher.json()["leistungen"][0]["name"] == "Bürgergeld"
    assert nachher.json()["leistungen"][0]["name"] == "Basic income support (Grundsicherungsgeld)"


def test_the_api_fills_in_the_amounts_of_the_day_with_their_sources(klient: Klient) -> None:
    pfad = f"{LEISTUNGEN}/kindergeld"
    response = klient.get(f"{pfad}?stichtag=2025-06-01&sprache=en")
    assert response.status_code == 200, response.text
    pruefe_antwort(response, "GET", "/api/v1/leistungen/{leistung_id}")
    seite = response.json()
    assert seite["kurz"].startswith("€255 a month")
    betrag = next(b for b in seite["betraege"] if b["name"] == "kindergeld.betrag")
    assert (betrag["wert"], betrag["gilt_ab"], betrag["gilt_bis"]) == (
        255,
        "2025-01-01",
        "2025-12-31",
    )
    spaeter = klient.get(f"{LEISTUNGEN}/grundsicherung_arbeitsuchende?stichtag=2027-03-01").json()
    assert "(Betrag noch nicht veröffentlicht)" in spaeter["kurz"]
    assert spaeter["hinweise"]


def test_the_api_refuses_what_it_cannot_answer(klient: Klient) -> None:
    falsch = klient.get(f"{LEISTUNGEN}?stichtag=gestern")
    assert falsch.status_code == 422
    pruefe_antwort(falsch, "GET", LEISTUNGEN)
    assert {f["feld"]: f["code"] for f in falsch.json()["felder"]} == {
        "stichtag": "angabe_ungueltig"
    }
    unbekannt = klient.get(f"{LEISTUNGEN}?farbe=blau")
    assert unbekannt.status_code == 422
    fehlt = klient.get(f"{LEISTUNGEN}/lottogewinn")
    assert fehlt.status_code == 404
    assert fehlt.json()["code"] == "leistung_nicht_gefunden"
    assert fehlt.headers["Content-Type"].startswith("application/problem+json")
    assert klient.get(f"{LEISTUNGEN}/WOHNGELD").status_code == 404


def test_each_section_of_an_application_links_its_ausfuellhilfe(
    antrag_plattform: Plattform, klient: Klient
) -> None:
    person = AntragKlient(antrag_plattform.url).konto()
    antrag_id = person.anlegen("buergergeld")
    html = person.get(f"/antraege/{antrag_id}/abschnitte/wohnung").text
    link = re.search(r'<a href="(/ausfuellhilfen/buergergeld/wohnung)" target="_blank"', html)
    assert link, html
    assert "öffnet in einem neuen Fenster" in html
    assert klient.get(link[1]).status_code == 200
