"""The appointment pages' other paths (the straight walk is the browser test): a search that
names several towns, a time taken while the form was open, bad input at its field, a wrong
secret, "Meine Termine", and the centre's pages for its staff only. Against the termine
stand-in (gateway_termine_attrappe)."""

from __future__ import annotations

import html
import re

import pytest
from gateway_termine_attrappe import ANGEBOT_BONN, ANGEBOT_KOELN, BONN, KOELN
from gateway_termine_plattform import TerminePlattform
from gateway_test_support import Klient
from nameko.standalone.rpc import ServiceRpcClient

from kernel.testing import ServiceProcess

pytestmark = pytest.mark.rabbitmq

ZEITEN = f"/termine/stellen/{KOELN}/zeiten?angebot={ANGEBOT_KOELN}&art=telefon"


@pytest.fixture(scope="module")
def plattform(termine_attrappe_plattform: TerminePlattform) -> TerminePlattform:
    return termine_attrappe_plattform


@pytest.fixture
def klient(plattform: TerminePlattform) -> Klient:
    return Klient(plattform.gateway.url)


def links(text: str, teil: str) -> list[str]:
    return [
        html.unescape(link) for link in re.findall(rf'href="([^"]*{re.escape(teil)}[^"]*)"', text)
    ]


def csrf(text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text)[1]


def buchungsformular(
    klient: Klient, nummer: int = 0, zeiten: str = ZEITEN
) -> tuple[str, dict[str, str]]:
    """The booking form of the first free time on the ``nummer``-th day with free times: its
    address and its fields."""
    pfad, felder, _ = buchungsseite(klient, nummer, zeiten)
    return pfad, felder


def buchungsseite(
    klient: Klient, nummer: int = 0, zeiten: str = ZEITEN
) -> tuple[str, dict[str, str], str]:
    """The booking form's address, its fields and its page."""
    tag = links(klient.get(zeiten).text, "/zeiten?")[nummer]
    formular = links(klient.get(tag).text, "/buchen?")[0]
    seite = klient.get(formular)
    assert seite.status_code == 200
    felder = dict(re.findall(r'type="hidden" name="([a-z_]+)" value="([^"]*)"', seite.text))
    return formular.split("?")[0], {k: html.unescape(v) for k, v in felder.items()}, seite.text


def test_the_start_page_and_the_zustaendigkeit_answer_lead_to_appointments(klient: Klient) -> None:
    assert 'href="/termine"' in klient.get("/").text
    seite = klient.get("/termine?suche=Neustadt")
    assert seite.status_code == 422
    assert "67433 Neustadt (RP)" in seite.text  # the places to choose from, as links
    assert "/termine?suche=67433+Neustadt" in html.unescape(seite.text)
    leer = klient.get("/termine?suche=")
    assert leer.status_code == 422 and 'aria-invalid="true"' in leer.text
    treffer = klient.get("/termine?suche=50667&umkreis_km=10")
    assert treffer.status_code == 200 and "Beispieldaten" in treffer.text
    assert len(treffer.content) < 100_000


def test_a_time_taken_meanwhile_offers_the_next_free_ones(klient: Klient) -> None:
    pfad, felder = buchungsformular(klient)
    andere = Klient(klient.base_url)
    _, andere_felder = buchungsformular(andere)
    assert andere.request("POST", pfad, data=andere_felder).status_code == 303
    verloren = klient.request("POST", pfad, data={**felder, "telefon": "0221 1"})
    assert verloren.status_code == 409
    assert "jemand anderes gebucht" in verloren.text
    naechste = links(verloren.text, "/buchen?angebot")
    assert naechste and felder["beginn"] not in " ".join(naechste)


def test_bad_input_is_shown_at_its_field_and_kept(klient: Klient) -> None:
    pfad, felder = buchungsformular(klient, 2)
    seite = klient.request(
        "POST", pfad, data={**felder, "email": "keine adresse", "anliegen": "Meine Miete"}
    )
    assert seite.status_code == 422
    assert 'id="email-fehler"' in seite.text and "Meine Miete" in seite.text
    nicht_angeboten = klient.request(
        "POST", pfad, data={**felder, "beginn": "2031-01-06T03:00:00+01:00"}
    )
    assert nicht_angeboten.status_code == 422
    assert "Diese Zeit wird nicht angeboten" in nicht_angeboten.text
    ohne_csrf = klient.request("POST", pfad, data={**felder, "csrf_token": "x"})
    assert ohne_csrf.status_code == 403


def test_a_wrong_secret_is_not_found_and_the_owner_sees_meine_termine(klient: Klient) -> None:
    assert klient.get("/termine/buchung/irgendeine?geheimnis=falsch").status_code == 404
    assert klient.get("/termine/buchung/irgendeine").status_code == 404
    assert klient.get("/termine/meine").status_code == 303  # to the login
    klient.neues_konto()
    pfad, felder = buchungsformular(klient, 3)
    felder["csrf_token"] = csrf(klient.get(ZEITEN).text)  # the session's token now
    gebucht = klient.request("POST", pfad, data={**felder, "telefon": "0221 2"})
    assert gebucht.status_code == 303 and "geheimnis" not in gebucht.headers["Location"]
    seite = klient.get(gebucht.headers["Location"])
    assert seite.status_code == 200 and 'id="verwaltungslink"' not in seite.text
    meine = klient.get("/termine/meine")
    assert meine.status_code == 200 and gebucht.headers["Location"].split("?")[0] in meine.text


def test_video_shows_the_room_link_and_chat_asks_for_a_contact_before(
    klient: Klient, plattform: TerminePlattform
) -> None:
    """Bonn (stand-in): video in its own tool, a room per booking; chat without an address."""
    video = f"/termine/stellen/{BONN}/zeiten?angebot={ANGEBOT_BONN}&art=video"
    pfad, felder, seite = buchungsseite(klient, 0, video)
    assert "Nach der Buchung bekommen Sie einen Link" in seite
    gebucht = klient.request("POST", pfad, data=felder)
    assert gebucht.status_code == 303
    bestaetigung = klient.get(gebucht.headers["Location"]).text
    raum = html.unescape(re.search(r'class="zugangslink" href="([^"]+)"', bestaetigung)[1])
    assert re.fullmatch(r"https://video\.example\.org/bonn/[A-Za-z0-9_-]{22}", raum)

    chat = f"/termine/stellen/{BONN}/zeiten?angebot={ANGEBOT_BONN}&art=chat"
    pfad, felder, seite = buchungsseite(klient, 1, chat)
    assert "Dafür braucht sie Ihre E-Mail-Adresse oder Ihre Telefonnummer" in seite
    assert "E-Mail-Adresse (freiwillig)" not in seite
    ohne = klient.request("POST", pfad, data=felder)
    assert ohne.status_code == 422 and 'id="email-fehler"' in ohne.text
    assert "Bitte geben Sie dafür Ihre E-Mail-Adresse oder Telefonnummer an." in ohne.text
    mit = klient.request("POST", pfad, data={**felder, "email": "chat@example.org"})
    assert mit.status_code == 303
    gesendet = klient.get(mit.headers["Location"]).text
    assert "Den Zugang schickt Ihnen die Beratungsstelle." in gesendet
    assert "zugangslink" not in gesendet

    # Bonn's staff see the room beside the booking in their week.
    klient.neues_konto()
    person_id = klient.get("/api/v1/konto").json()["person_id"]
    with ServiceRpcClient(plattform.termine_name, uri=plattform.termine.amqp_uri) as termine:
        termine.zugang_geben(person_id, BONN)
    woche = klient.get(f"/stelle?woche={felder['beginn'][:10]}").text
    assert raum in html.unescape(woche)


def test_the_centres_pages_for_its_staff(klient: Klient, plattform: TerminePlattform) -> None:
    klient.neues_konto()
    assert klient.get("/stelle").status_code == 403
    person_id = klient.get("/api/v1/konto").json()["person_id"]
    with ServiceRpcClient(plattform.termine_name, uri=plattform.termine.amqp_uri) as termine:
        termine.zugang_geben(person_id, KOELN)
    for pfad in ("/stelle", "/stelle/sprechzeiten", "/stelle/eintrag"):
        seite = klient.get(pfad)
        assert seite.status_code == 200, pfad
        assert len(seite.content) < 100_000
    sprechzeiten = klient.get("/stelle/sprechzeiten").text
    assert 'value="09:00"' in sprechzeiten and "Berater Eins" in sprechzeiten
    falsch = klient.request(
        "POST",
        "/stelle/sprechzeiten/b1",
        data={
            "csrf_token": csrf(sprechzeiten),
            "zeilen": "1",
            "tage-0": "MO",
            "von-0": "12:00",
            "bis-0": "09:00",
        },
    )
    assert falsch.status_code == 422
    assert 'value="12:00"' in falsch.text and 'aria-invalid="true"' in falsch.text  # kept
    for zeilen in ("viele", "51", ""):  # no row count the page sends: refused, nothing wiped
        kaputt = klient.request(
            "POST",
            "/stelle/sprechzeiten/b1",
            data={"csrf_token": csrf(sprechzeiten), "zeilen": zeilen},
        )
        assert kaputt.status_code == 422, zeilen
    assert 'value="09:00"' in klient.get("/stelle/sprechzeiten").text
    eintrag_seite = klient.get("/stelle/eintrag").text
    zu_lang = klient.request(  # what a browser's own check would stop: the server says it too
        "POST",
        "/stelle/angebote",
        data={
            "csrf_token": csrf(eintrag_seite),
            "thema": "suchtberatung",
            "arten": "telefon",
            "dauer_minuten": "300",
        },
    )
    assert zu_lang.status_code == 422
    assert 'value="300" aria-invalid="true"' in zu_lang.text
    token = csrf(sprechzeiten)
    formulare = {
        "/stelle/sprechzeiten/b1": {
            "zeilen": "2",
            "tage-0": ["MO", "DI"],
            "von-0": "09:00",
            "bis-0": "12:00",
            "arten-0": ["vor_ort", "telefon"],
            "von-1": "",
        },
        "/stelle/abwesenheiten": {"berater_id": "b1", "von": "2027-01-04", "bis": "2027-01-08"},
        "/stelle/eintrag": {"name": "Schuldnerberatung Köln-Mitte (Beispiel)", "plz": "50667"},
        "/stelle/angebote": {
            "id": ANGEBOT_KOELN,
            "thema": "schuldnerberatung",
            "arten": ["vor_ort"],
            "dauer_minuten": "60",
        },
    }
    for pfad, daten in formulare.items():
        antwort = klient.request("POST", pfad, data={"csrf_token": token, **daten})
        assert antwort.status_code == 303, (pfad, antwort.status_code)
    assert "60" in klient.get("/stelle/eintrag").text
    # The address of the centre's video tool: a bad one is shown at its field, kept as typed.
    eintrag = {"csrf_token": token, "name": "Schuldnerberatung Köln-Mitte (Beispiel)"}
    falsch = klient.request(
        "POST", "/stelle/eintrag", data={**eintrag, "zugang_video": "http://x.example.org/{raum}"}
    )
    assert falsch.status_code == 422 and 'id="eintrag-zugang_video-fehler"' in falsch.text
    assert 'value="http://x.example.org/{raum}"' in falsch.text
    vorlage = "https://meet.example.org/koeln/{raum}"
    gesetzt = klient.request("POST", "/stelle/eintrag", data={**eintrag, "zugang_video": vorlage})
    assert gesetzt.status_code == 303
    assert f'value="{vorlage}"' in klient.get("/stelle/eintrag").text


def test_the_zustaendigkeit_answer_offers_counselling(gateway: ServiceProcess) -> None:
    """The session's gateway with the real zustaendigkeit service (conftest)."""
    seite = Klient(gateway.url).get("/zustaendigkeit?suche=50667 Köln")
    assert seite.status_code == 200 and "Sie brauchen Beratung?" in seite.text
    assert 'href="/termine?suche=50667+K%C3%B6ln"' in seite.text
