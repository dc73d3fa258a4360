"""GET /api/v1/zustaendigkeit and the page /zustaendigkeit of a real `nameko run` gateway in front
of the real zustaendigkeit service on the real reference data (Main-Kinzig-Kreis connected):
the answer shape of issue 3, bad input as 422 and unknown places as 404 in the request's
language, never a 500, a dead service as 503 within the time-out."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest
from gateway_test_support import (
    Klient,
    dienstname,
    gateway_process,
    pruefe_antwort,
    zustaendigkeit_process,
)

from kernel.testing import ServiceProcess

pytestmark = pytest.mark.rabbitmq

API = "/api/v1/zustaendigkeit"
ODBL = "© OpenStreetMap contributors, ODbL 1.0"


@pytest.fixture
def klient(gateway: ServiceProcess) -> Klient:
    return Klient(gateway.url)


def abfragen(klient: Klient, query: str, sprache: str | None = None) -> dict:
    headers = {"Accept-Language": sprache} if sprache else {}
    response = klient.get(f"{API}?{query}" if query else API, headers=headers)
    pruefe_antwort(response, "GET", API)
    return {"status": response.status_code, **response.json()}


# the API ---------------------------------------------------------------------------------------


def test_a_connected_zkt_is_one_answer_with_the_channel_of_this_platform(klient: Klient) -> None:
    antwort = abfragen(klient, "plz=63571")

    assert antwort["status"] == 200 and antwort["eindeutig"] is True
    kontakt = antwort["kandidaten"][0]["jobcenter"].pop("kontakt")
    assert kontakt["bekannt"] is True and kontakt["telefon"] == "069 90009 101"
    assert antwort["kandidaten"] == [
        {
            "ort": "Gelnhausen",
            "ags": "06435010",
            "jobcenter": {
                "id": "43102",
                "name": "Main-Kinzig-Kreis",
                "traeger_art": "zkT",
                "kanal": "sozialplattform",
                "url": None,
            },
        }
    ]
    assert antwort["rueckfrage"] is None
    assert antwort["datenstand"].startswith("einglmv2026+plz-osm+gv2020q4@")
    assert any(ODBL in quelle["titel"] for quelle in antwort["quellen"])


def test_the_answer_and_the_page_say_how_to_reach_the_jobcenter(klient: Klient) -> None:
    """Issue 11, item 4: the operators' contact details with their source, else an honest
    fallback (example data of deploy/embedded/jobcenter-kontakte)."""
    [biberach] = abfragen(klient, "plz=88400")["kandidaten"]
    assert biberach["jobcenter"]["kanal"] == "jobcenter"  # not connected here
    assert biberach["jobcenter"]["kontakt"] == {
        "bekannt": True,
        "anschrift": {"strasse": "Beispielring 6", "plz": "88400", "ort": "Biberach an der Riß"},
        "telefon": "069 90009 106",
        "email": "biberach@jobcenter.example.org",
        "website": "https://biberach.jobcenter.example.org",
        "oeffnungszeiten": "Mo–Fr 8–12 Uhr, Do 14–18 Uhr",
        "traeger": "Biberach",
        "quelle": "BEISPIELDATEN (example.org) – keine echten Kontaktdaten",
        "stand": "2026-01-15",
    }
    [dueren] = {
        k["jobcenter"]["id"]: k for k in abfragen(klient, "plz=52349")["kandidaten"]
    }.values()
    assert dueren["jobcenter"]["kontakt"]["bekannt"] is False
    assert dueren["jobcenter"]["kontakt"]["traeger"] == "Düren"
    [frankfurt] = {
        k["jobcenter"]["id"]: k for k in abfragen(klient, "plz=60311")["kandidaten"]
    }.values()
    assert frankfurt["jobcenter"]["kontakt"]["website"] == "https://jobcenter.digital"

    seite = klient.get("/zustaendigkeit?suche=88400").text
    assert '<a href="tel:06990009106">069 90009 106</a>' in seite
    assert 'href="https://biberach.jobcenter.example.org"' in seite
    assert 'href="mailto:biberach@jobcenter.example.org"' in seite
    assert "Beispielring 6" in seite and "Mo–Fr 8–12 Uhr, Do 14–18 Uhr" in seite
    assert "BEISPIELDATEN (example.org)" in seite
    seite = klient.get("/zustaendigkeit?suche=52349").text
    assert "Kontaktdaten liegen uns nicht vor." in seite and "Düren" in seite
    englisch = klient.get("/zustaendigkeit?suche=88400", headers={"Accept-Language": "en"}).text
    assert "Contact the Jobcenter Biberach" in englisch and "Opening hours" in englisch


def test_hanau_inside_the_connected_kreis_is_a_ge_linked_to_jobcenter_digital(
    klient: Klient,
) -> None:
    [kandidat] = abfragen(klient, "plz=63450")["kandidaten"]
    assert kandidat["jobcenter"]["traeger_art"] == "gE"
    assert kandidat["jobcenter"]["kanal"] == "jobcenter.digital"
    assert kandidat["jobcenter"]["url"] == "https://jobcenter.digital"


def test_an_ambiguous_plz_lists_all_its_jobcenters_and_the_town_decides(klient: Klient) -> None:
    antwort = abfragen(klient, "plz=17337")
    assert antwort["eindeutig"] is False
    assert {k["jobcenter"]["name"] for k in antwort["kandidaten"]} == {
        "Vorpommern-Greifswald",
        "Mecklenburgische Seenplatte",
        "Uckermark",
    }
    assert antwort["rueckfrage"] == {
        "art": "ort",
        "optionen": ["Groß Luckow", "Schönhausen", "Uckerland"],
    }

    entschieden = abfragen(klient, "plz=17337&ort=uckerland")
    assert entschieden["eindeutig"] is True
    assert entschieden["kandidaten"][0]["jobcenter"]["kanal"] == "jobcenter"  # zkT, not here


def test_a_town_alone_and_berlin(klient: Klient) -> None:
    frankfurt = abfragen(klient, "ort=Frankfurt")
    assert frankfurt["rueckfrage"]["optionen"] == ["Frankfurt (Oder)", "Frankfurt am Main"]
    assert abfragen(klient, "ort=Gelnhausen&plz=")["eindeutig"] is True

    berlin = abfragen(klient, "ort=Berlin")
    assert berlin["rueckfrage"]["art"] == "bezirk" and len(berlin["kandidaten"]) == 12
    assert abfragen(klient, "plz=10115&ort=Neuk%C3%B6lln")["eindeutig"] is True


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("plz=1234", "plz_ungueltig"),
        ("plz=123456", "plz_ungueltig"),
        ("plz=abcde", "plz_ungueltig"),
        ("plz=12a45", "plz_ungueltig"),
        ("plz=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95", "plz_ungueltig"),  # full-width
        ("", "eingabe_fehlt"),
        ("plz=&ort=", "eingabe_fehlt"),
        ("plz=%20%20", "eingabe_fehlt"),
        ("ort=12345", "ort_ungueltig"),
        ("plz=" + "9" * 5000, "eingabe_zu_lang"),
        ("ort=" + "Neustadt" * 100, "eingabe_zu_lang"),
        ("plz=63571&strasse=Weg", "eingabe_ungueltig"),  # not a parameter of this endpoint
    ],
)
def test_bad_input_is_a_422_that_says_what_is_wrong(klient: Klient, query: str, code: str) -> None:
    antwort = abfragen(klient, query)

    assert antwort["status"] == 422 and antwort["code"] == code
    assert antwort["type"] == f"/api/v1/probleme/{code}"
    assert "9999" not in antwort["detail"] and "Neustadt" not in antwort["detail"]


@pytest.mark.parametrize(
    ("sprache", "text"),
    [
        ("de", "Eine Postleitzahl hat genau fünf Ziffern."),
        ("en", "A postcode has exactly five digits."),
        ("de-x-ls", "Eine Post·leit·zahl hat genau 5 Ziffern."),
    ],
)
def test_the_message_comes_in_the_request_s_language(
    klient: Klient, sprache: str, text: str
) -> None:
    antwort = abfragen(klient, "plz=1234", sprache=sprache)
    assert antwort["detail"].startswith(text)


def test_an_unknown_plz_or_town_is_a_404_with_a_hint(klient: Klient) -> None:
    plz = abfragen(klient, "plz=00000", sprache="en")
    assert (plz["status"], plz["code"]) == (404, "plz_unbekannt")
    assert "search by the name of your town" in plz["detail"]

    ort = abfragen(klient, "ort=Xyzzyqwertz")
    assert (ort["status"], ort["code"]) == (404, "ort_unbekannt")
    assert "Postleitzahl" in ort["detail"]

    typ = klient.get(plz["type"], headers={"Accept-Language": "en"})
    assert typ.status_code == 200 and typ.json()["status"] == 404


@pytest.mark.parametrize(
    "query",
    [
        "plz=%FF%FE",
        "ort=%F0%9F%98%80",
        "plz=-1",
        "plz=1e5",
        "ort=%27%3B%20DROP%20TABLE",
        "ort=%3Cscript%3E",
        "plz=63571&plz=17337",
        "ort=" + "%20" * 90 + "x",
        "sprache=xx&plz=63571",
    ],
)
def test_no_input_makes_a_500(klient: Klient, query: str) -> None:
    antwort = abfragen(klient, query)
    assert antwort["status"] < 500


def test_a_control_character_in_the_town_is_refused_at_the_edge_naming_the_field(
    klient: Klient,
) -> None:
    """Text XML cannot carry is refused where it enters (docs/adr/0066), with the field."""
    antwort = abfragen(klient, "ort=%00Berlin")

    assert antwort["status"] == 422 and antwort["code"] == "eingabe_ungueltig"
    assert {(f["feld"], f["code"]) for f in antwort["felder"]} == {("ort", "text_steuerzeichen")}
    assert "Berlin" not in antwort["detail"]


def test_the_openapi_document_served_lists_the_endpoint(klient: Klient) -> None:
    dokument = klient.get("/api/v1/openapi.json").json()
    operation = dokument["paths"][API]["get"]
    # one query object: the document can then say that a PLZ or a town is required
    (anfrage,) = [p for p in operation["parameters"] if p["in"] == "query"]
    name = anfrage["schema"]["$ref"].rsplit("/", 1)[-1]
    assert set(dokument["components"]["schemas"][name]["properties"]) >= {"plz", "ort"}
    assert {"200", "404", "422", "503"} <= set(operation["responses"])


def test_the_gateway_is_ready_only_with_zustaendigkeit_answering(gateway: ServiceProcess) -> None:
    checks = Klient(gateway.ops_url).get("/health/ready").json()["checks"]
    assert checks["service:zustaendigkeit"] is True


# the page --------------------------------------------------------------------------------------


def seite(klient: Klient, query: str = "", sprache: str = "de") -> tuple[int, str]:
    response = klient.get(f"/zustaendigkeit?{query}", headers={"Accept-Language": sprache})
    assert response.headers["Content-Type"].startswith("text/html")
    return response.status_code, response.text


def test_the_start_page_links_the_finder(klient: Klient) -> None:
    assert 'href="/zustaendigkeit"' in klient.get("/").text


def test_the_page_answers_in_plain_words_with_the_next_step(klient: Klient) -> None:
    status, html = seite(klient, "suche=63571")
    assert status == 200
    assert "Ihr Jobcenter: Main-Kinzig-Kreis" in html
    assert "Für Gelnhausen ist das Jobcenter Main-Kinzig-Kreis zuständig." in html
    assert "Dieses Jobcenter nimmt Anträge über die Sozialplattform an." in html
    assert ODBL in html and "Destatis" in html and "Eingliederungsmittel-Verordnung" in html

    _, hanau = seite(klient, "suche=63450+Hanau", sprache="en")
    assert "You apply online at jobcenter.digital." in hanau
    assert 'href="https://jobcenter.digital"' in hanau

    _, biberach = seite(klient, "suche=Biberach+an+der+Ri%C3%9F")
    assert "Bitte wenden Sie sich direkt an das Jobcenter." in biberach


def test_the_page_asks_back_with_links_that_decide(klient: Klient) -> None:
    _, html = seite(klient, "suche=17337")
    assert "In welchem Ort wohnen Sie?" in html
    links = re.findall(r'<li><a href="(/zustaendigkeit\?[^"]+)">([^<]+)</a></li>', html)
    assert [text for _, text in links] == ["Groß Luckow", "Schönhausen", "Uckerland"]
    href = links[-1][0].replace("&amp;", "&")
    status, entschieden = seite(klient, href.split("?", 1)[1])
    assert status == 200 and "Ihr Jobcenter: Uckermark" in entschieden

    _, berlin = seite(klient, "suche=Berlin")
    bezirke = re.findall(r'<li><a href="(/zustaendigkeit\?[^"]+)">([^<]+)</a></li>', berlin)
    assert len(bezirke) == 12
    mitte = dict((text, href) for href, text in bezirke)["Mitte"].replace("&amp;", "&")
    assert "Ihr Jobcenter: Mitte" in seite(klient, mitte.split("?", 1)[1])[1]


def test_apply_here_carries_the_place_to_the_new_application(klient: Klient) -> None:
    """The new application page comes filled in with the PLZ searched for and the town, the
    language kept as the follow-up links keep it; no link where the Jobcenter takes none."""

    def antrag_links(query: str, sprache: str = "de") -> list[str]:
        html = seite(klient, query, sprache)[1]
        links = re.findall(r'<a class="knopf" href="(/antraege/neu[^"]*)">', html)
        return [link.replace("&amp;", "&") for link in links]

    assert antrag_links("suche=63571") == ["/antraege/neu?plz=63571&ort=Gelnhausen"]
    assert antrag_links("suche=Gelnhausen") == ["/antraege/neu?ort=Gelnhausen"]
    assert antrag_links("plz=63571&ort=Gelnhausen&sprache=en", "en") == [
        "/antraege/neu?plz=63571&ort=Gelnhausen&sprache=en"
    ]
    assert antrag_links("suche=63450") == antrag_links("suche=88400") == []


@pytest.mark.parametrize(
    ("suche", "status", "meldung"),
    [
        ("1234", 422, "Eine Postleitzahl hat genau fünf Ziffern."),
        ("", 422, "Bitte geben Sie eine Postleitzahl oder einen Ort ein."),
        ("00000", 404, "Diese Postleitzahl kennen wir nicht."),
        ("Xyzzyqwertz", 404, "Diesen Ort haben wir nicht gefunden."),
    ],
)
def test_a_wrong_input_shows_its_message_at_the_field(
    klient: Klient, suche: str, status: int, meldung: str
) -> None:
    antwort_status, html = seite(klient, f"suche={suche}")
    assert antwort_status == status
    assert f'<p class="feldfehler" id="suche-fehler">{meldung}' in html
    assert 'aria-describedby="suche-hinweis suche-fehler" aria-invalid="true"' in html
    assert '<a href="#suche">' in html


# a service that dies ---------------------------------------------------------------------------

RPC_TIMEOUT = 1.0


@pytest.fixture
def sterblich(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServiceProcess, str]]:
    name = dienstname("zustaendigkeit")
    with zustaendigkeit_process(tmp_path_factory.mktemp("sterblich"), name) as process:
        yield process, name


@pytest.fixture
def vor_sterblichem(
    tmp_path_factory: pytest.TempPathFactory, sterblich: tuple[ServiceProcess, str]
) -> Iterator[ServiceProcess]:
    with gateway_process(
        tmp_path_factory.mktemp("gateway-sterblich"),
        TEST_DIENSTNAMEN=f"zustaendigkeit={sterblich[1]}",
        SOZ_GATEWAY_RPC_TIMEOUT=str(RPC_TIMEOUT),
        SOZ_GATEWAY_CACHE_CHECK_SECONDS="0.5",
    ) as process:
        yield process


@pytest.mark.slow
def test_a_dead_service_is_a_503_within_the_time_out_even_for_kept_answers(
    sterblich: tuple[ServiceProcess, str], vor_sterblichem: ServiceProcess
) -> None:
    klient = Klient(vor_sterblichem.url, sprache="en")
    time.sleep(1.0)  # the answer version is known: answers are kept from now on
    assert klient.get(f"{API}?plz=63571").status_code == 200
    assert klient.get(f"{API}?plz=63571").status_code == 200

    sterblich[0].kill()

    deadline = time.monotonic() + 4 * RPC_TIMEOUT + 2
    while True:
        start = time.monotonic()
        response = klient.get(f"{API}?plz=63571")
        assert time.monotonic() - start < RPC_TIMEOUT + 1.5  # never a hang
        if response.status_code == 503:
            break
        assert response.status_code == 200 and time.monotonic() < deadline
        time.sleep(0.2)
    pruefe_antwort(response, "GET", API)
    assert response.json()["code"] == "dienst_nicht_verfuegbar"
    assert "in a few minutes" in response.json()["detail"]

    page = klient.get("/zustaendigkeit?suche=17337")
    assert page.status_code == 503 and "Temporarily unavailable" in page.text


def test_a_service_that_was_never_started_is_a_503_at_once(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    with gateway_process(tmp_path_factory.mktemp("gateway-ohne")) as process:
        start = time.monotonic()
        response = Klient(process.url).get(f"{API}?plz=63571")
        assert time.monotonic() - start < RPC_TIMEOUT + 1
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/problem+json"
