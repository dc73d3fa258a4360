"""The JSON API of a real `nameko run` gateway: sign-up, login, logout, CSRF and their refusals,
problem+json in the request's language, and every answer as the OpenAPI document lists it."""

from __future__ import annotations

import json

import pytest
from gateway_test_support import OPENAPI, PASSWORT, Klient, neue_email, pruefe_antwort

from kernel.testing import ServiceProcess

pytestmark = pytest.mark.rabbitmq


@pytest.fixture
def klient(gateway: ServiceProcess) -> Klient:
    return Klient(gateway.url)


def test_sign_up_log_in_read_and_log_out(klient: Klient) -> None:
    email = neue_email()

    angelegt = klient.registrieren(email)
    pruefe_antwort(angelegt, "POST", "/api/v1/konto")
    assert (angelegt.status_code, angelegt.content) == (202, b"")

    sitzung = klient.anmelden(email.upper())
    pruefe_antwort(sitzung, "POST", "/api/v1/sitzung")
    assert sitzung.status_code == 201
    assert sitzung.json()["anmeldeart"] == "passwort"

    gelesen = klient.get("/api/v1/sitzung")
    pruefe_antwort(gelesen, "GET", "/api/v1/sitzung")
    assert gelesen.json()["csrf_token"] == klient.csrf_token

    abgemeldet = klient.abmelden()
    pruefe_antwort(abgemeldet, "DELETE", "/api/v1/sitzung")
    assert abgemeldet.status_code == 204
    danach = klient.get("/api/v1/sitzung")
    pruefe_antwort(danach, "GET", "/api/v1/sitzung")
    assert danach.status_code == 401
    assert danach.json()["code"] == "nicht_angemeldet"


def test_the_session_cookie_is_httponly_samesite_lax_and_not_secure_on_localhost(
    klient: Klient,
) -> None:
    email = neue_email()
    klient.registrieren(email)

    response = klient.anmelden(email)

    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("soz_sitzung=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie
    assert "Strict-Transport-Security" not in response.headers


def test_outside_localhost_cookies_are_secure_host_only_and_hsts_is_sent(
    gateway: ServiceProcess,
) -> None:
    klient = Klient(gateway.url)
    email = neue_email()
    klient.registrieren(email)
    host = {"Host": "sozialplattform.example"}

    response = klient.post_json(
        "/api/v1/sitzung", {"email": email, "passwort": PASSWORT}, headers=host
    )

    assert response.status_code == 201
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-soz_sitzung=") and "; Secure" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    token = cookie.split(";")[0].split("=", 1)[1]
    wieder = klient.get(
        "/api/v1/sitzung", headers={**host, "Cookie": f"__Host-soz_sitzung={token}"}
    )
    assert wieder.status_code == 200


def test_logout_needs_the_session_s_csrf_token(gateway: ServiceProcess) -> None:
    erste, zweite = Klient(gateway.url), Klient(gateway.url)
    erste.neues_konto()
    zweite.neues_konto()

    for token in ("", "erfunden", zweite.csrf_token):
        response = erste.abmelden(token)
        pruefe_antwort(response, "DELETE", "/api/v1/sitzung")
        assert response.status_code == 403
        assert response.json()["code"] == "csrf_ungueltig"
    assert erste.get("/api/v1/sitzung").status_code == 200
    assert erste.abmelden().status_code == 204


def test_a_logged_out_cookie_opens_nothing_any_more(gateway: ServiceProcess) -> None:
    klient = Klient(gateway.url)
    klient.neues_konto()
    cookie = klient.session.cookies.get("soz_sitzung")
    klient.abmelden()

    geklaut = Klient(gateway.url)
    geklaut.session.cookies.set("soz_sitzung", cookie)
    assert geklaut.get("/api/v1/sitzung").status_code == 401


def test_login_and_sign_up_started_by_another_site_are_refused(klient: Klient) -> None:
    email = neue_email()
    for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = klient.post_json(
            "/api/v1/konto", {"email": email, "passwort": PASSWORT}, headers=headers
        )
        pruefe_antwort(response, "POST", "/api/v1/konto")
        assert response.json()["code"] == "csrf_ungueltig"
    same_origin = {"Origin": klient.base_url, "Sec-Fetch-Site": "same-origin"}
    response = klient.post_json(
        "/api/v1/konto", {"email": email, "passwort": PASSWORT}, headers=same_origin
    )
    assert response.status_code == 202


def test_login_and_sign_up_need_a_json_body(klient: Klient) -> None:
    """A form post (what another site could send without CORS) is refused."""
    response = klient.request(
        "POST", "/api/v1/sitzung", data={"email": "a@example.org", "passwort": PASSWORT}
    )
    pruefe_antwort(response, "POST", "/api/v1/sitzung")
    assert (response.status_code, response.json()["code"]) == (415, "medientyp_nicht_unterstuetzt")

    kaputt = klient.request(
        "POST", "/api/v1/konto", data="{kein json", headers={"Content-Type": "application/json"}
    )
    pruefe_antwort(kaputt, "POST", "/api/v1/konto")
    assert kaputt.json()["code"] == "json_ungueltig"

    gross = klient.post_json("/api/v1/konto", {"email": "a@example.org", "x": "y" * 70_000})
    pruefe_antwort(gross, "POST", "/api/v1/konto")
    assert gross.status_code == 413


@pytest.mark.parametrize(
    ("body", "felder"),
    [
        ({}, {"email": "pflichtfeld", "passwort": "pflichtfeld"}),
        (
            {"email": "erika", "passwort": "kurz"},
            {"email": "email_ungueltig", "passwort": "passwort_zu_kurz"},
        ),
        ({"email": 42, "passwort": None}, {"email": "text_erwartet", "passwort": "pflichtfeld"}),
        ({"email": "a@example.org", "passwort": "x" * 257}, {"passwort": "passwort_zu_lang"}),
        (
            {"email": "a@example.org", "passwort": PASSWORT, "rolle": "admin"},
            {"rolle": "unbekanntes_feld"},
        ),
        ([1, 2], {"_schema": "objekt_erwartet"}),
    ],
)
def test_invalid_input_is_a_422_naming_each_field(
    klient: Klient, body: object, felder: dict
) -> None:
    response = klient.post_json("/api/v1/konto", body)

    pruefe_antwort(response, "POST", "/api/v1/konto")
    assert response.status_code == 422
    assert {f["feld"]: f["code"] for f in response.json()["felder"]} == felder


def test_problems_come_in_the_request_s_language(gateway: ServiceProcess) -> None:
    meldungen = {}
    for sprache in ("de", "en", "de-x-ls"):
        response = Klient(gateway.url, sprache=sprache).post_json(
            "/api/v1/konto", {"email": "erika", "passwort": PASSWORT}
        )
        assert response.headers["Content-Language"] == sprache
        assert response.headers["Content-Type"] == "application/problem+json"
        meldungen[sprache] = response.json()["felder"][0]["meldung"]
    assert meldungen["en"].startswith("This does not look like an email address")
    assert "So sieht eine E-Mail-Adresse aus" in meldungen["de-x-ls"]
    assert len(set(meldungen.values())) == 3


def test_wrong_password_and_unknown_account_answer_the_same(klient: Klient) -> None:
    email = neue_email()
    klient.registrieren(email)

    falsch = klient.anmelden(email, "ein falscher langer Satz")
    unbekannt = klient.anmelden(neue_email())

    for response in (falsch, unbekannt):
        pruefe_antwort(response, "POST", "/api/v1/sitzung")
        assert response.status_code == 401
    assert falsch.json()["detail"] == unbekannt.json()["detail"]
    assert falsch.json()["code"] == unbekannt.json()["code"] == "anmeldung_fehlgeschlagen"


def test_unknown_paths_and_methods_are_problems_too(klient: Klient) -> None:
    unbekannt = klient.get("/api/v1/gibt-es-nicht")
    assert unbekannt.status_code == 404
    assert unbekannt.headers["Content-Type"] == "application/problem+json"

    falsche_methode = klient.request("PUT", "/api/v1/sitzung")
    assert falsche_methode.status_code == 405
    assert falsche_methode.headers["Allow"] == "DELETE, GET, HEAD, POST"
    assert falsche_methode.json()["code"] == "methode_nicht_erlaubt"

    optionen = klient.request("OPTIONS", "/api/v1/sitzung")
    assert optionen.status_code == 204 and "DELETE" in optionen.headers["Allow"]

    problemart = klient.get("/api/v1/probleme/zu_viele_versuche", headers={"Accept-Language": "en"})
    pruefe_antwort(problemart, "GET", "/api/v1/probleme/{code}")
    assert problemart.json() == {
        "code": "zu_viele_versuche",
        "status": 429,
        "title": "Too many attempts",
        "detail": "Please wait a few minutes. Then you can try again.",
    }


def test_the_served_document_is_the_one_in_contracts(klient: Klient) -> None:
    response = klient.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json() == json.loads(OPENAPI.read_text(encoding="utf-8"))


def test_the_offers_in_three_languages(gateway: ServiceProcess) -> None:
    titel = {}
    for sprache in ("de", "en", "de-x-ls"):
        response = Klient(gateway.url).get(f"/api/v1/angebote?sprache={sprache}")
        pruefe_antwort(response, "GET", "/api/v1/angebote")
        body = response.json()
        assert body["sprache"] == sprache and len(body["angebote"]) == 6
        titel[sprache] = body["angebote"][2]["titel"]
    assert titel == {
        "de": "Zuständiges Jobcenter finden",
        "en": "Find your Jobcenter",
        "de-x-ls": "Ihr Job·center finden",
    }


@pytest.mark.parametrize(
    "path", ["/", "/api/v1/angebote", "/api/v1/gibt-es-nicht", "/static/style.css"]
)
def test_security_headers_on_every_kind_of_answer(klient: Klient, path: str) -> None:
    headers = klient.get(path).headers

    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "no-referrer"


def test_the_logs_hold_no_email_password_or_client_address(gateway: ServiceProcess) -> None:
    klient = Klient(gateway.url, ip="203.0.113.9")
    email = klient.neues_konto()
    klient.anmelden(email, "ein falscher langer Satz")
    klient.get("/?suche=geheime-eingabe")

    log = gateway.log()
    for geheim in (email, email.split("@")[0], PASSWORT, "geheime-eingabe", klient.csrf_token):
        assert geheim not in log
    assert '] "GET' not in log  # eventlet's raw access line (with the client address)
    assert "http GET / 200" in log
