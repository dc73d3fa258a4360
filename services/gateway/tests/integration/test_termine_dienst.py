"""The gateway in front of the real termine service (its demo directory of about 5,300 centres)
and the real zustaendigkeit service: the "Done when" walk of issue 12 through the API (a
Schuldnerberatung near 50667 Köln, booked anonymously, calendar file, moved and cancelled with
the link) and a centre's staff seeing and cancelling a booking, kept from another centre's.
Every answer is held to the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from gateway_termine_plattform import EchteTerminePlattform, echte_termine_plattform, zugang_geben
from gateway_test_support import Klient, pruefe_antwort

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow]

BUCHUNGEN = "/api/v1/buchungen"


@pytest.fixture(scope="module")
def plattform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EchteTerminePlattform]:
    with echte_termine_plattform(tmp_path_factory.mktemp("termine-echt")) as plattform:
        yield plattform


def schuldnerberatung_koeln(klient: Klient) -> list[dict]:
    response = klient.get("/api/v1/beratungsstellen?plz=50667&thema=schuldnerberatung")
    pruefe_antwort(response, "GET", "/api/v1/beratungsstellen")
    assert response.status_code == 200, response.text
    treffer = response.json()["treffer"]
    assert treffer and all(t["beispieldaten"] for t in treffer)
    entfernungen = [t["entfernung_km"] for t in treffer if not t.get("landesweit")]
    assert entfernungen == sorted(entfernungen) and entfernungen[0] <= 25
    return [t for t in treffer if t["naechster_termin"] and "vor_ort" in t["arten"]]


def freie_zeiten(klient: Klient, stelle: dict) -> tuple[str, list[dict]]:
    angebote = klient.get(f"/api/v1/beratungsstellen/{stelle['id']}").json()["angebote"]
    angebot = next(a for a in angebote if a["thema"] == "schuldnerberatung")
    pfad = f"/api/v1/beratungsstellen/{stelle['id']}/termine"
    response = klient.get(f"{pfad}?angebot={angebot['id']}&art=vor_ort")
    pruefe_antwort(response, "GET", "/api/v1/beratungsstellen/{beratungsstelle_id}/termine")
    return angebot["id"], response.json()["termine"]


def test_done_when_walk_near_50667_koeln(plattform: EchteTerminePlattform) -> None:
    klient = Klient(plattform.gateway.url)
    stelle = schuldnerberatung_koeln(klient)[0]
    angebot_id, zeiten = freie_zeiten(klient, stelle)
    assert len(zeiten) >= 2

    body = {
        "beratungsstelle_id": stelle["id"],
        "angebot_id": angebot_id,
        "beginn": zeiten[0]["beginn"],
        "art": "vor_ort",
        "anliegen": "Mahnungen vom Versandhandel",
    }
    gebucht = klient.post_json(BUCHUNGEN, body)
    pruefe_antwort(gebucht, "POST", BUCHUNGEN)
    assert gebucht.status_code == 201, gebucht.text
    buchung = gebucht.json()
    geheimnis = parse_qs(urlsplit(buchung["verwaltung_url"]).query)["geheimnis"][0]
    zweiter = klient.post_json(BUCHUNGEN, body)
    assert zweiter.status_code == 409 and zweiter.json()["details"]["naechste_freie"]

    ics = klient.get(buchung["ics_url"])
    assert ics.status_code == 200 and "TZID=Europe/Berlin" in ics.text
    assert "BEGIN:VTIMEZONE" in ics.text

    pfad = f"{BUCHUNGEN}/{buchung['id']}"
    header = {"X-Termin-Geheimnis": geheimnis}
    verschoben = klient.post_json(
        f"{pfad}/verschiebung", {"beginn": zeiten[1]["beginn"]}, headers=header
    )
    pruefe_antwort(verschoben, "POST", "/api/v1/buchungen/{buchung_id}/verschiebung")
    assert verschoben.status_code == 200 and verschoben.json()["beginn"] == zeiten[1]["beginn"]
    falsch = klient.get(pfad, headers={"X-Termin-Geheimnis": "A" * 43})
    assert falsch.status_code == 404
    storniert = klient.request("POST", f"{pfad}/stornierung", headers=header)
    pruefe_antwort(storniert, "POST", "/api/v1/buchungen/{buchung_id}/stornierung")
    assert storniert.status_code == 200 and storniert.json()["status"] == "storniert"
    assert klient.get(pfad, headers=header).status_code == 404  # the secret is spent


def test_staff_see_and_cancel_their_centres_booking_and_nothing_of_another(
    plattform: EchteTerminePlattform,
) -> None:
    buerger = Klient(plattform.gateway.url)
    gebucht = {}
    for stelle in schuldnerberatung_koeln(buerger)[:2]:
        angebot_id, zeiten = freie_zeiten(buerger, stelle)
        antwort = buerger.post_json(
            BUCHUNGEN,
            {
                "beratungsstelle_id": stelle["id"],
                "angebot_id": angebot_id,
                "beginn": zeiten[-1]["beginn"],
                "art": "vor_ort",
                "anliegen": f"Kontopfändung {len(gebucht)}",
            },
        )
        assert antwort.status_code == 201, antwort.text
        gebucht[stelle["id"]] = antwort.json()
    (stelle_a, eigene), (_, fremde) = gebucht.items()

    personal = Klient(plattform.gateway.url)
    personal.neues_konto()
    assert personal.get("/stelle").status_code == 403  # bound to no centre yet
    zugang_geben(plattform, personal.get("/api/v1/konto").json()["person_id"], stelle_a)

    woche = f"/stelle?woche={eigene['beginn'][:10]}"
    seite = personal.get(woche)
    assert seite.status_code == 200 and "Kontopfändung 0" in seite.text
    assert "Kontopfändung 1" not in seite.text and fremde["id"] not in seite.text
    api = personal.get(f"/api/v1/stelle/buchungen?von={eigene['beginn'][:10]}")
    assert eigene["id"] in api.text and fremde["id"] not in api.text

    token = seite.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    fremd = personal.request(
        "POST",
        f"/stelle/buchungen/{fremde['id']}/stornieren",
        data={"csrf_token": token, "grund": "Versuch"},
    )
    assert fremd.status_code == 404
    absage = personal.request(
        "POST",
        f"/stelle/buchungen/{eigene['id']}/stornieren",
        data={"csrf_token": token, "grund": "Beraterin krank"},
    )
    assert absage.status_code == 303
    nachher = personal.get(f"/api/v1/stelle/buchungen?von={eigene['beginn'][:10]}").json()
    [abgesagt] = [b for b in nachher["buchungen"] if b["id"] == eigene["id"]]
    assert abgesagt["status"] == "storniert"
