"""The appointment API and pages (issue 12) of a real `nameko run` gateway in front of a stand-in
of the termine service (gateway_termine_attrappe: its RPC interface on two made-up centres), so
that every answer can be played: booked with the links, a time taken meanwhile (409 with the
next free times), bad input (422), an ambiguous town, a wrong or spent secret (404), CSRF for
sessions, staff of one centre kept from another's bookings. Every answer is held to the OpenAPI
document. The walk against the real termine service: test_termine_dienst.py."""

from __future__ import annotations

import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from gateway_termine_attrappe import ANGEBOT_BONN, ANGEBOT_KOELN, BONN, KOELN
from gateway_termine_plattform import TerminePlattform
from gateway_test_support import Klient, pruefe_antwort

from kernel.testing import ServiceProcess

pytestmark = pytest.mark.rabbitmq

BUCHUNGEN = "/api/v1/buchungen"


@pytest.fixture(scope="module")
def plattform(termine_attrappe_plattform: TerminePlattform) -> TerminePlattform:
    return termine_attrappe_plattform


@pytest.fixture(scope="module")
def gateway(plattform: TerminePlattform) -> ServiceProcess:
    return plattform.gateway


@pytest.fixture
def klient(gateway: ServiceProcess) -> Klient:
    return Klient(gateway.url)


def freie(klient: Klient, stelle: str = KOELN, art: str = "vor_ort") -> list[dict]:
    pfad = f"/api/v1/beratungsstellen/{stelle}/termine"
    response = klient.get(f"{pfad}?art={art}")
    pruefe_antwort(response, "GET", "/api/v1/beratungsstellen/{beratungsstelle_id}/termine")
    assert response.status_code == 200
    return response.json()["termine"]


def buchen(klient: Klient, beginn: str, **felder: object) -> requests.Response:
    body = {
        "beratungsstelle_id": KOELN,
        "angebot_id": ANGEBOT_KOELN,
        "beginn": beginn,
        "art": "vor_ort",
        **felder,
    }
    response = klient.post_json(BUCHUNGEN, body)
    pruefe_antwort(response, "POST", BUCHUNGEN)
    return response


def test_search_finds_centres_by_distance_with_the_next_free_time(klient: Klient) -> None:
    response = klient.get("/api/v1/beratungsstellen?plz=50667&thema=schuldnerberatung")
    pruefe_antwort(response, "GET", "/api/v1/beratungsstellen")
    antwort = response.json()
    assert response.status_code == 200 and antwort["gesamt"] == 2
    koeln, bonn = antwort["treffer"]
    assert (koeln["id"], bonn["id"]) == (KOELN, BONN)
    assert koeln["entfernung_km"] < bonn["entfernung_km"]
    assert koeln["naechster_termin"] and koeln["beispieldaten"] is True
    assert klient.get("/api/v1/beratungsstellen?plz=50667&umkreis_km=10").json()["gesamt"] == 1


@pytest.mark.parametrize(
    ("query", "status", "code"),
    [
        ("", 422, "eingabe_ungueltig"),
        ("plz=50667&thema=kochkurs", 422, "eingabe_ungueltig"),
        ("plz=50667&umkreis_km=0", 422, "eingabe_ungueltig"),
        ("plz=50667&barrierefrei=vielleicht", 422, "eingabe_ungueltig"),
        ("plz=99999", 404, "ort_unbekannt"),
        ("ort=Neustadt", 422, "ort_mehrdeutig"),
    ],
)
def test_bad_searches_are_refused_with_a_readable_problem(
    klient: Klient, query: str, status: int, code: str
) -> None:
    response = klient.get(f"/api/v1/beratungsstellen?{query}", headers={"Accept-Language": "en"})
    pruefe_antwort(response, "GET", "/api/v1/beratungsstellen")
    assert (response.status_code, response.json()["code"]) == (status, code)
    if code == "ort_mehrdeutig":
        orte = response.json()["details"]["orte"]
        assert {ort["plz"] for ort in orte} == {"67433", "96465"}


def test_a_centre_and_its_free_times(klient: Klient) -> None:
    response = klient.get(f"/api/v1/beratungsstellen/{KOELN}")
    pruefe_antwort(response, "GET", "/api/v1/beratungsstellen/{beratungsstelle_id}")
    assert response.json()["angebote"][0]["id"] == ANGEBOT_KOELN
    zeiten = freie(klient)
    assert zeiten and all("+" in zeit["beginn"] for zeit in zeiten)  # RFC 3339 with offset
    unbekannt = klient.get(f"/api/v1/beratungsstellen/{uuid.uuid4()}")
    assert unbekannt.status_code == 404
    falsch = klient.get(f"/api/v1/beratungsstellen/{KOELN}/termine?von=morgen")
    assert falsch.status_code == 422


def test_anonymous_booking_walk_by_the_secret(klient: Klient) -> None:
    """Book without an account, read, get the calendar, move, cancel; the secret is spent."""
    erster, zweiter = freie(klient)[:2]
    response = buchen(klient, erster["beginn"], anliegen="Schulden", kontakt={"telefon": "0221 1"})
    assert response.status_code == 201
    gebucht = response.json()
    assert gebucht["status"] == "gebucht" and "geheimnis" not in gebucht
    assert response.headers["Location"] == f"{BUCHUNGEN}/{gebucht['id']}"
    geheimnis = parse_qs(urlsplit(gebucht["verwaltung_url"]).query)["geheimnis"][0]
    assert len(geheimnis) >= 22  # at least 128 bits, URL-safe
    assert geheimnis in gebucht["ics_url"]

    pfad = f"{BUCHUNGEN}/{gebucht['id']}"
    header = {"X-Termin-Geheimnis": geheimnis}
    lesen = klient.get(pfad, headers=header)
    pruefe_antwort(lesen, "GET", "/api/v1/buchungen/{buchung_id}")
    assert lesen.status_code == 200 and lesen.json()["beginn"] == erster["beginn"]
    assert klient.get(f"{pfad}?geheimnis={geheimnis}").status_code == 200
    for falsch in ({}, {"X-Termin-Geheimnis": geheimnis[:-2] + "xx"}):
        nicht = klient.get(pfad, headers=falsch)
        pruefe_antwort(nicht, "GET", "/api/v1/buchungen/{buchung_id}")
        assert nicht.status_code == 404

    ics = klient.get(gebucht["ics_url"])
    assert ics.status_code == 200 and ics.headers["Content-Type"].startswith("text/calendar")
    assert f"UID:{gebucht['id']}" in ics.text

    verschoben = klient.post_json(
        f"{pfad}/verschiebung", {"beginn": zweiter["beginn"]}, headers=header
    )
    pruefe_antwort(verschoben, "POST", "/api/v1/buchungen/{buchung_id}/verschiebung")
    assert verschoben.status_code == 200 and verschoben.json()["beginn"] == zweiter["beginn"]

    storniert = klient.request("POST", f"{pfad}/stornierung", headers=header)
    pruefe_antwort(storniert, "POST", "/api/v1/buchungen/{buchung_id}/stornierung")
    assert storniert.status_code == 200 and storniert.json()["status"] == "storniert"
    verbraucht = klient.get(pfad, headers=header)
    assert verbraucht.status_code == 404  # a spent secret is like a wrong one


def test_a_video_booking_carries_its_room_and_chat_without_an_access_needs_a_contact(
    klient: Klient,
) -> None:
    bonn = {"beratungsstelle_id": BONN, "angebot_id": ANGEBOT_BONN}
    stelle = klient.get(f"/api/v1/beratungsstellen/{BONN}")
    pruefe_antwort(stelle, "GET", "/api/v1/beratungsstellen/{beratungsstelle_id}")
    assert stelle.json()["zugang_fuer"] == ["video"] and "fernzugang" not in stelle.json()
    video = buchen(klient, freie(klient, BONN, "video")[2]["beginn"], **bonn, art="video")
    assert video.status_code == 201
    raum = video.json()["zugang_url"]
    assert raum.startswith("https://video.example.org/bonn/") and len(raum.split("/")[-1]) == 22
    geheimnis = parse_qs(urlsplit(video.json()["verwaltung_url"]).query)["geheimnis"][0]
    pfad = f"{BUCHUNGEN}/{video.json()['id']}"
    lesen = klient.get(pfad, headers={"X-Termin-Geheimnis": geheimnis})
    pruefe_antwort(lesen, "GET", "/api/v1/buchungen/{buchung_id}")
    assert lesen.json()["zugang_url"] == raum

    chat = freie(klient, BONN, "chat")[2]["beginn"]
    ohne = buchen(klient, chat, **bonn, art="chat", anliegen="Spielsucht")
    assert ohne.status_code == 422
    [eintrag] = ohne.json()["felder"]
    assert (eintrag["feld"], eintrag["code"]) == ("kontakt", "kontakt_fuer_zugang")
    mit = buchen(klient, chat, **bonn, art="chat", kontakt={"telefon": "0228 1"})
    assert mit.status_code == 201 and mit.json()["zugang_url"] is None
    vor_ort = buchen(klient, freie(klient)[7]["beginn"])
    assert vor_ort.status_code == 201 and vor_ort.json()["zugang_url"] is None


def test_a_taken_time_is_a_409_with_the_next_free_ones(klient: Klient) -> None:
    zeit = freie(klient)[-1]
    assert buchen(klient, zeit["beginn"]).status_code == 201
    zweiter = buchen(Klient(klient.base_url), zeit["beginn"])
    assert zweiter.status_code == 409
    problem = zweiter.json()
    assert problem["code"] == "termin_vergeben"
    naechste = problem["details"]["naechste_freie"]
    assert naechste and zeit["beginn"] not in {n["beginn"] for n in naechste}


@pytest.mark.parametrize(
    ("felder", "feld"),
    [
        ({"art": "brieftaube"}, "art"),
        ({"beginn": "morgen früh"}, "beginn"),
        ({"beginn": "2027-01-12T09:00:00"}, "beginn"),  # no offset
        ({"beratungsstelle_id": "koeln"}, "beratungsstelle_id"),
        ({"anliegen": "x" * 2001}, "anliegen"),
        ({"kontakt": {"email": "kaputt"}}, "kontakt.email"),  # the service's field code
        ({"unbekannt": 1}, "unbekannt"),
    ],
)
def test_bad_bookings_are_422_at_their_field(klient: Klient, felder: dict, feld: str) -> None:
    beginn = freie(klient)[0]["beginn"]
    response = buchen(klient, felder.pop("beginn", beginn), **felder)
    assert response.status_code == 422
    assert feld in {eintrag["feld"] for eintrag in response.json()["felder"]}


def test_a_time_not_offered_is_422(klient: Klient) -> None:
    response = buchen(klient, "2031-01-06T03:00:00+01:00")
    assert response.status_code == 422
    [eintrag] = response.json()["felder"]
    assert (eintrag["feld"], eintrag["code"]) == ("beginn", "termin_nicht_angeboten")


def test_a_session_books_as_the_person_and_needs_its_csrf_token(klient: Klient) -> None:
    klient.neues_konto()
    zeit = freie(klient)[3]
    ohne = buchen(klient, zeit["beginn"])
    assert (ohne.status_code, ohne.json()["code"]) == (403, "csrf_ungueltig")
    klient.session.headers["X-CSRF-Token"] = klient.csrf_token
    mit = buchen(klient, zeit["beginn"])
    assert mit.status_code == 201 and "verwaltung_url" not in mit.json()
    assert "geheimnis" not in mit.json()["ics_url"]
    meine = klient.get("/api/v1/termine")
    pruefe_antwort(meine, "GET", "/api/v1/termine")
    assert [t["id"] for t in meine.json()["termine"]] == [mit.json()["id"]]
    anderer = Klient(klient.base_url)
    anderer.neues_konto()
    assert anderer.get(f"{BUCHUNGEN}/{mit.json()['id']}").status_code == 404
    assert Klient(klient.base_url).get("/api/v1/termine").status_code == 401


def test_a_booking_started_by_another_site_is_refused(klient: Klient) -> None:
    zeit = freie(klient)[4]
    response = klient.post_json(
        BUCHUNGEN,
        {
            "beratungsstelle_id": KOELN,
            "angebot_id": ANGEBOT_KOELN,
            "beginn": zeit["beginn"],
            "art": "vor_ort",
        },
        headers={"Origin": "https://boese.example"},
    )
    assert (response.status_code, response.json()["code"]) == (403, "csrf_ungueltig")
    form = klient.request(
        "POST", BUCHUNGEN, data={"beginn": zeit["beginn"]}, headers={"Content-Type": "text/plain"}
    )
    assert form.status_code == 415


def test_staff_see_and_cancel_their_centres_bookings_only(
    klient: Klient, plattform: TerminePlattform
) -> None:
    """Through the staff pages: the service decides the access; the gateway shows it."""
    from nameko.standalone.rpc import ServiceRpcClient  # the test binds the staff account

    zeit_koeln = freie(klient)[5]
    koeln = buchen(klient, zeit_koeln["beginn"], anliegen="Mahnungen vom Versandhandel").json()
    zeit_bonn = freie(klient, BONN)[0]
    bonn = klient.post_json(
        BUCHUNGEN,
        {
            "beratungsstelle_id": BONN,
            "angebot_id": ANGEBOT_BONN,
            "beginn": zeit_bonn["beginn"],
            "art": "vor_ort",
        },
    ).json()

    personal = Klient(plattform.gateway.url)
    personal.neues_konto()
    person_id = personal.get("/api/v1/konto").json()["person_id"]
    assert personal.get("/stelle").status_code == 403  # not bound to any centre yet
    with ServiceRpcClient(plattform.termine_name, uri=plattform.termine.amqp_uri) as termine:
        termine.zugang_geben(person_id, KOELN)

    seite = personal.get(f"/stelle?woche={zeit_koeln['beginn'][:10]}")
    assert seite.status_code == 200
    assert "Mahnungen vom Versandhandel" in seite.text
    assert bonn["id"] not in seite.text
    csrf = _csrf(seite.text)
    fremd = personal.request(
        "POST",
        f"/stelle/buchungen/{bonn['id']}/stornieren",
        data={"csrf_token": csrf, "grund": "x"},
    )
    assert fremd.status_code == 404
    absage = personal.request(
        "POST",
        f"/stelle/buchungen/{koeln['id']}/stornieren",
        data={"csrf_token": csrf, "grund": "Beraterin krank"},
    )
    assert absage.status_code == 303 and "hinweis=storniert" in absage.headers["Location"]
    nachher = personal.get(f"/stelle?woche={zeit_koeln['beginn'][:10]}&hinweis=storniert")
    assert "Der Termin ist abgesagt" in nachher.text and "– abgesagt" in nachher.text


def _csrf(html: str) -> str:
    marke = 'name="csrf_token" value="'
    return html.split(marke, 1)[1].split('"', 1)[0]


def test_the_centres_api_for_its_staff_only(klient: Klient, plattform: TerminePlattform) -> None:
    from nameko.standalone.rpc import ServiceRpcClient

    zeit = freie(klient, BONN)[1]
    fremd = klient.post_json(
        BUCHUNGEN,
        {
            "beratungsstelle_id": BONN,
            "angebot_id": ANGEBOT_BONN,
            "beginn": zeit["beginn"],
            "art": "vor_ort",
        },
    ).json()
    eigen = buchen(klient, freie(klient)[6]["beginn"], anliegen="Stromschulden").json()

    personal = Klient(plattform.gateway.url)
    personal.neues_konto()
    assert personal.get("/api/v1/stelle").status_code == 403
    person_id = personal.get("/api/v1/konto").json()["person_id"]
    with ServiceRpcClient(plattform.termine_name, uri=plattform.termine.amqp_uri) as termine:
        termine.zugang_geben(person_id, KOELN)
    personal.session.headers["X-CSRF-Token"] = personal.csrf_token

    stelle = personal.get("/api/v1/stelle")
    pruefe_antwort(stelle, "GET", "/api/v1/stelle")
    assert stelle.json()["zugang"]["beratungsstelle_id"] == KOELN
    liste = personal.get("/api/v1/stelle/buchungen")
    pruefe_antwort(liste, "GET", "/api/v1/stelle/buchungen")
    eintraege = {b["id"]: b for b in liste.json()["buchungen"]}
    assert eintraege[eigen["id"]]["anliegen"] == "Stromschulden" and fremd["id"] not in eintraege

    pfad = "/api/v1/stelle/buchungen/{buchung_id}/stornierung"
    nicht = personal.post_json(pfad.format(buchung_id=fremd["id"]), {"grund": "x"})
    pruefe_antwort(nicht, "POST", pfad)
    assert nicht.status_code == 404
    ohne_grund = personal.post_json(pfad.format(buchung_id=eigen["id"]), {})
    assert ohne_grund.status_code == 422
    abgesagt = personal.post_json(pfad.format(buchung_id=eigen["id"]), {"grund": "krank"})
    pruefe_antwort(abgesagt, "POST", pfad)
    assert abgesagt.json()["status"] == "storniert"

    zeiten = "/api/v1/stelle/berater/{berater_id}/sprechzeiten"
    regel = {"tage": ["MO", "MI"], "von": "09:00", "bis": "12:30", "arten": ["vor_ort"]}
    gesetzt = personal.request(
        "PUT", zeiten.format(berater_id="b1"), json={"sprechzeiten": [regel]}
    )
    pruefe_antwort(gesetzt, "PUT", zeiten)
    assert gesetzt.status_code == 200 and gesetzt.json()["konflikte"] == []
    falsch = personal.request(
        "PUT", zeiten.format(berater_id="b1"), json={"sprechzeiten": [{**regel, "von": "9 Uhr"}]}
    )
    assert falsch.status_code == 422
    ohne_token = Klient(plattform.gateway.url)
    ohne_token.session.cookies = personal.session.cookies
    assert (
        ohne_token.request(
            "PUT", zeiten.format(berater_id="b1"), json={"sprechzeiten": []}
        ).status_code
        == 403
    )
    geaendert = personal.request("PUT", "/api/v1/stelle", json={"beschreibung": "Neu."})
    pruefe_antwort(geaendert, "PUT", "/api/v1/stelle")
    assert geaendert.json()["beschreibung"] == "Neu."
    # The address of the centre's video tool: checked by the service, a field error at its way.
    falsch = personal.request(
        "PUT", "/api/v1/stelle", json={"fernzugang": {"video": "http://x.example.org/{raum}"}}
    )
    pruefe_antwort(falsch, "PUT", "/api/v1/stelle")
    assert [(f["feld"], f["code"]) for f in falsch.json()["felder"]] == [
        ("fernzugang.video", "zugang_nur_https")
    ]
    vorlage = "https://meet.example.org/koeln/{raum}"
    gesetzt = personal.request("PUT", "/api/v1/stelle", json={"fernzugang": {"video": vorlage}})
    pruefe_antwort(gesetzt, "PUT", "/api/v1/stelle")
    assert gesetzt.json()["fernzugang"]["video"] == vorlage
