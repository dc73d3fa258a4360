"""The gateway's door under the requests the outside probe of issue #10 sent (findings 1, 9,
12), through a real gateway with the real antrag and zustaendigkeit services behind it and the
default upload limit (11 MiB):

- phone photos of several megabytes and a 10 MB scanned PDF are attached through the API and
  the page, the application with them is submitted; just over the limit is a clear 413;
- JSON nested deeper than the gateway passes on is a 400 problem before any RPC;
- every method, declared for the path or not, gets the platform's own answer with the right
  Allow and the security headers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from gateway_antrag_plattform import AntragKlient, Plattform
from gateway_antrag_plattform import antrag_plattform as antrag_plattform_starten
from gateway_test_support import pruefe_antwort
from haertung_dateien import handyfoto, scan_pdf

from gateway.config import GatewaySettings
from gateway.web.antworten import SECURITY_HEADERS
from gateway.web.kontext import MAX_JSON_TIEFE

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow]

ANLAGEN = "/api/v1/antraege/{antrag_id}/anlagen"
ABSCHNITT = "/api/v1/antraege/{antrag_id}/abschnitte/{abschnitt}"
EINREICHUNG = "/api/v1/antraege/{antrag_id}/einreichung"
ANLAGE_MAX_BYTES = GatewaySettings.anlage_max_bytes


@pytest.fixture(scope="module")
def plattform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Plattform]:
    """The platform as it runs: no test setting for the upload limit."""
    with antrag_plattform_starten(tmp_path_factory.mktemp("haertung-pforte")) as plattform:
        yield plattform


@pytest.fixture
def klient(plattform: Plattform) -> AntragKlient:
    return AntragKlient(plattform.url).konto()


@pytest.fixture(scope="module")
def fotos() -> list[bytes]:
    return [handyfoto(), handyfoto(koernung=40)]


def hochladen(klient: AntragKlient, antrag_id: str, *dateien: tuple[str, bytes, str]):  # noqa: ANN201
    return klient.mit_csrf(
        "POST",
        ANLAGEN.format(antrag_id=antrag_id),
        data={"abschnitt": "taetigkeit"},
        files=[("dateien", datei) for datei in dateien],
    )


def verschachtelt(tiefe: int) -> str:
    """A JSON value ``tiefe`` levels deep, as the fuzzer sent it: {"art": [[[...]]]}."""
    return '{"art": ' + "[" * (tiefe - 1) + '"beschaeftigung"' + "]" * (tiefe - 1) + "}"


# finding 1: uploads of real size ---------------------------------------------------------------


def test_phone_photos_and_a_10_mb_scan_are_attached_through_the_api_and_submitted(
    klient: AntragKlient, fotos: list[bytes]
) -> None:
    antrag_id = klient.anlegen()
    klient.jobcenter_abwarten(antrag_id)
    klient.ausfuellen(antrag_id)
    assert [len(foto) // 1_000_000 for foto in fotos] == [3, 5]

    fotos_angehaengt = hochladen(
        klient,
        antrag_id,
        ("IMG_20260302_091544.jpg", fotos[0], "image/jpeg"),
        ("IMG_20260302_091602.jpg", fotos[1], "image/jpeg"),
    )
    pruefe_antwort(fotos_angehaengt, "POST", ANLAGEN)
    assert fotos_angehaengt.status_code == 201, fotos_angehaengt.text
    assert (fotos_angehaengt.json()["mime_type"], fotos_angehaengt.json()["seiten"]) == (
        "application/pdf",
        2,
    )

    scan = scan_pdf()
    assert 10_000_000 < len(scan) < 10 * 1024 * 1024
    scan_angehaengt = hochladen(klient, antrag_id, ("Arbeitsvertrag.pdf", scan, "application/pdf"))
    pruefe_antwort(scan_angehaengt, "POST", ANLAGEN)
    assert scan_angehaengt.status_code == 201, scan_angehaengt.text
    assert scan_angehaengt.json()["seiten"] == 4

    eingereicht = klient.einreichen(antrag_id)
    pruefe_antwort(eingereicht, "POST", EINREICHUNG)
    assert eingereicht.status_code == 202, eingereicht.text
    antrag = klient.antrag(antrag_id)
    assert antrag["status"] == "eingereicht"
    assert sorted(anlage["seiten"] for anlage in antrag["anlagen"]) == [2, 4]


def test_a_phone_photo_is_attached_through_the_page(
    klient: AntragKlient, fotos: list[bytes]
) -> None:
    antrag_id = klient.anlegen()
    seite = f"/antraege/{antrag_id}/abschnitte/taetigkeit"
    klient.get(seite)  # the page the form is on

    response = klient.request(
        "POST",
        f"/antraege/{antrag_id}/anlagen",
        data={"csrf_token": klient.csrf_token, "abschnitt": "taetigkeit"},
        files={"dateien": ("IMG_20260302_091544.jpg", fotos[1], "image/jpeg")},
        allow_redirects=False,
    )

    assert response.status_code == 303, response.text[:500]
    assert response.headers["Location"] == f"{seite}?hinweis=hochgeladen#anlagen"
    assert [anlage["seiten"] for anlage in klient.antrag(antrag_id)["anlagen"]] == [1]
    assert "IMG_20260302_091544.pdf" in klient.get(response.headers["Location"]).text


def test_just_over_the_limit_is_a_413_as_a_problem_and_as_a_page(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen()
    zu_gross = b"%PDF-1.7\n" + b"0" * (ANLAGE_MAX_BYTES - 9)  # the file alone is the limit

    api = hochladen(klient, antrag_id, ("scan.pdf", zu_gross, "application/pdf"))
    pruefe_antwort(api, "POST", ANLAGEN)
    assert (api.status_code, api.json()["code"]) == (413, "anlagen_zu_gross")
    assert api.headers["Content-Type"] == "application/problem+json"

    seite = klient.request(
        "POST",
        f"/antraege/{antrag_id}/anlagen",
        data={"csrf_token": klient.csrf_token, "abschnitt": "taetigkeit"},
        files={"dateien": ("scan.pdf", zu_gross, "application/pdf")},
    )
    assert seite.status_code == 413
    assert seite.headers["Content-Type"].startswith("text/html")
    assert "Die Dateien sind zusammen zu groß." in seite.text
    assert klient.antrag(antrag_id)["anlagen"] == []


def test_routes_without_files_keep_their_64_kb_limit(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen()
    pfad = ABSCHNITT.format(antrag_id=antrag_id, abschnitt="taetigkeit")

    response = klient.mit_csrf(
        "PUT", pfad, json={"art": "beschaeftigung", "arbeitgeber": "x" * 70_000}
    )

    pruefe_antwort(response, "PUT", ABSCHNITT)
    assert (response.status_code, response.json()["code"]) == (413, "anfrage_zu_gross")


# finding 9: deep JSON --------------------------------------------------------------------------


@pytest.mark.parametrize("tiefe", [MAX_JSON_TIEFE + 1, 500, 1000])
def test_json_nested_too_deep_is_refused_before_any_service_sees_it(
    klient: AntragKlient, tiefe: int
) -> None:
    antrag_id = klient.anlegen()
    pfad = ABSCHNITT.format(antrag_id=antrag_id, abschnitt="taetigkeit")

    response = klient.mit_csrf(
        "PUT",
        pfad,
        data=verschachtelt(tiefe),
        headers={"Content-Type": "application/json", "Accept-Language": "en"},
    )

    pruefe_antwort(response, "PUT", ABSCHNITT)
    assert (response.status_code, response.json()["code"]) == (400, "json_zu_tief")
    assert response.json()["detail"].startswith("The data of the request is nested too deeply.")
    assert klient.antrag(antrag_id)["abschnitte"] == {}  # and antrag still answers


def test_the_depth_limit_holds_for_every_json_body(plattform: Plattform) -> None:
    """Before login too: the login's body is read by the same one place."""
    response = requests.post(
        f"{plattform.url}/api/v1/sitzung",
        data=verschachtelt(40),
        headers={"Content-Type": "application/json"},
        timeout=10,
    )

    pruefe_antwort(response, "POST", "/api/v1/sitzung")
    assert (response.status_code, response.json()["code"]) == (400, "json_zu_tief")


def test_json_as_deep_as_allowed_reaches_the_service(klient: AntragKlient) -> None:
    antrag_id = klient.anlegen()
    pfad = ABSCHNITT.format(antrag_id=antrag_id, abschnitt="taetigkeit")

    response = klient.mit_csrf(
        "PUT",
        pfad,
        data=verschachtelt(MAX_JSON_TIEFE),
        headers={"Content-Type": "application/json"},
    )

    pruefe_antwort(response, "PUT", ABSCHNITT)
    assert response.status_code == 422  # antrag's field error: a list is no choice of "art"


# finding 12: every method ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "pfad", "erlaubt"),
    [
        ("DELETE", "/", "GET, HEAD"),
        ("TRACE", "/", "GET, HEAD"),
        ("PROPFIND", "/impressum", "GET, HEAD"),
        ("PATCH", "/antraege/neu", "GET, HEAD, POST"),
        ("TRACE", "/antraege/0b4d6c1e/abschnitte/taetigkeit", "GET, HEAD, POST"),
        ("PATCH", "/api/v1/zustaendigkeit", "GET, HEAD"),
        ("TRACE", "/api/v1/zustaendigkeit", "GET, HEAD"),
        ("CONNECT", "/api/v1/sitzung", "DELETE, GET, HEAD, POST"),
        ("LOCK", "/api/v1/antraege/0b4d6c1e/anlagen", "POST"),
    ],
)
def test_a_method_the_path_does_not_take_is_a_405_of_the_platform(
    plattform: Plattform, method: str, pfad: str, erlaubt: str
) -> None:
    response = requests.request(method, f"{plattform.url}{pfad}", timeout=10)

    assert response.status_code == 405
    assert response.headers["Allow"] == erlaubt
    for name, wert in SECURITY_HEADERS.items():
        assert response.headers[name] == wert, name
    if pfad.startswith("/api/"):
        assert response.headers["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "methode_nicht_erlaubt"
    else:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        assert "Diese Aktion ist an dieser Adresse nicht möglich." in response.text


@pytest.mark.parametrize("method", ["TRACE", "MKCOL", "GET"])
def test_an_unknown_path_is_a_404_whatever_the_method(plattform: Plattform, method: str) -> None:
    response = requests.request(method, f"{plattform.url}/api/v1/gibt-es-nicht", timeout=10)

    assert response.status_code == 404
    assert response.json()["code"] == "nicht_gefunden"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_head_and_options_answer_as_http_says(plattform: Plattform) -> None:
    get = requests.get(f"{plattform.url}/impressum", timeout=10)
    head = requests.head(f"{plattform.url}/impressum", timeout=10)
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]

    optionen = requests.options(f"{plattform.url}/api/v1/zustaendigkeit", timeout=10)
    assert optionen.status_code == 204
    assert optionen.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert optionen.headers["X-Frame-Options"] == "DENY"
    assert requests.options(f"{plattform.url}/", timeout=10).headers["Allow"] == (
        "GET, HEAD, OPTIONS"
    )
