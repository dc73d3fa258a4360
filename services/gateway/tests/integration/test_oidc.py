"""Production mode: login only through the identity provider (OpenID Connect, code flow with
PKCE), against a minimal provider run by the test on 127.0.0.1. Local accounts do not exist."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from gateway_test_support import PASSWORT, Klient, gateway_process, neue_email
from oidc_testanbieter import CLIENT_ID, CLIENT_SECRET, OidcTestanbieter

from kernel.testing import ServiceProcess

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow]


@pytest.fixture(scope="module")
def anbieter() -> Iterator[OidcTestanbieter]:
    with OidcTestanbieter() as provider:
        yield provider


@pytest.fixture(autouse=True)
def gutartig(anbieter: OidcTestanbieter) -> None:
    anbieter.fehler = ""
    anbieter.subjekt = "buerger-1"


@pytest.fixture(scope="module")
def produktion(
    tmp_path_factory: pytest.TempPathFactory, anbieter: OidcTestanbieter
) -> Iterator[ServiceProcess]:
    with gateway_process(
        tmp_path_factory.mktemp("gateway-produktion"),
        SOZ_GATEWAY_MODE="production",
        SOZ_GATEWAY_SECRET="ef" * 32,
        SOZ_GATEWAY_OIDC_ISSUER=anbieter.issuer,
        SOZ_GATEWAY_OIDC_CLIENT_ID=CLIENT_ID,
        SOZ_GATEWAY_OIDC_CLIENT_SECRET=CLIENT_SECRET,
    ) as process:
        yield process


def anmelden(klient: Klient, weiter: str = "/konto") -> tuple[Klient, list]:
    """Follow the redirects by hand: gateway -> provider -> gateway. Returns the hops."""
    hops = [klient.get(f"/anmelden/oidc?weiter={weiter}")]
    while hops[-1].status_code in (302, 303) and len(hops) < 5:
        location = hops[-1].headers["Location"]
        if location.startswith("/"):
            location = klient.base_url + location
        hops.append(klient.session.get(location, allow_redirects=False, timeout=10))
        if urlsplit(location).path == "/anmelden/oidc/rueckruf":
            break
    return klient, hops


def test_login_through_the_identity_provider(
    produktion: ServiceProcess, anbieter: OidcTestanbieter
) -> None:
    klient, hops = anmelden(Klient(produktion.url))

    start, autorisierung, rueckruf = hops
    assert start.status_code == 302
    anfrage = parse_qs(urlsplit(start.headers["Location"]).query)
    assert anfrage["code_challenge_method"] == ["S256"] and anfrage["nonce"] and anfrage["state"]
    assert anfrage["redirect_uri"] == [f"{produktion.url}/anmelden/oidc/rueckruf"]
    assert "soz_anmeldung" in start.headers["Set-Cookie"]
    assert autorisierung.status_code == 302
    assert (rueckruf.status_code, rueckruf.headers["Location"]) == (303, "/konto")
    assert anbieter.token_anfragen[-1]["code_verifier"]

    sitzung = klient.get("/api/v1/sitzung").json()
    assert sitzung["anmeldeart"] == "oidc"
    assert "Sie sind angemeldet." in klient.get("/konto").text

    wieder, _ = anmelden(Klient(produktion.url))
    assert wieder.get("/api/v1/sitzung").json()["person_id"] == sitzung["person_id"]
    anbieter.subjekt = "buerger-2"
    andere, _ = anmelden(Klient(produktion.url))
    assert andere.get("/api/v1/sitzung").json()["person_id"] != sitzung["person_id"]

    assert klient.abmelden(sitzung["csrf_token"]).status_code == 204
    assert klient.get("/api/v1/sitzung").status_code == 401


@pytest.mark.parametrize(
    "fehler", ["falsche_signatur", "falscher_nonce", "abgelaufen", "falsches_publikum"]
)
def test_an_id_token_that_does_not_check_out_logs_nobody_in(
    produktion: ServiceProcess, anbieter: OidcTestanbieter, fehler: str
) -> None:
    anbieter.fehler = fehler

    klient, hops = anmelden(Klient(produktion.url))

    assert hops[-1].status_code == 400
    assert "Anmeldung nicht abgeschlossen" in hops[-1].text
    assert klient.get("/api/v1/sitzung").status_code == 401


def test_a_provider_with_a_new_signing_key_is_asked_for_its_keys_again(
    produktion: ServiceProcess, anbieter: OidcTestanbieter
) -> None:
    anmelden(Klient(produktion.url))  # the gateway has cached the old key set
    anbieter.fehler = "neuer_schluessel"

    klient, hops = anmelden(Klient(produktion.url))

    assert hops[-1].status_code == 303
    assert klient.get("/api/v1/sitzung").status_code == 200


def test_a_callback_without_the_browser_s_login_state_is_refused(
    produktion: ServiceProcess,
) -> None:
    angreifer, hops = anmelden(Klient(produktion.url))
    rueckruf = hops[1].headers["Location"]  # a valid code and state, for another browser

    opfer = Klient(produktion.url)
    response = opfer.session.get(rueckruf, allow_redirects=False, timeout=10)

    assert response.status_code == 400
    assert opfer.get("/api/v1/sitzung").status_code == 401

    falscher_state = Klient(produktion.url)
    start = falscher_state.get("/anmelden/oidc")
    assert start.status_code == 302
    response = falscher_state.get("/anmelden/oidc/rueckruf?code=abc&state=falsch")
    assert response.status_code == 400


def test_local_accounts_do_not_exist_in_production(produktion: ServiceProcess) -> None:
    klient = Klient(produktion.url)

    konto = klient.post_json("/api/v1/konto", {"email": neue_email(), "passwort": PASSWORT})
    sitzung = klient.post_json("/api/v1/sitzung", {"email": neue_email(), "passwort": PASSWORT})
    assert konto.status_code == sitzung.status_code == 404
    assert konto.json()["code"] == "nicht_gefunden"
    assert klient.get("/registrieren").status_code == 404
    assert klient.request("POST", "/anmelden", data={"email": "a@example.org"}).status_code in (
        403,
        404,
    )

    anmeldeseite = klient.get("/anmelden").text
    assert "/anmelden/oidc?weiter=" in anmeldeseite
    assert "Um einen Antrag zu stellen" not in anmeldeseite  # nobody was on the way anywhere
    # on the way to an application, the page says why the login is asked for (ADR 0083)
    unterwegs = klient.get("/anmelden?weiter=/antraege/neu").text
    assert "Um einen Antrag zu stellen, melden Sie sich bitte an." in unterwegs
    assert "/anmelden/oidc?weiter=/antraege/neu" in unterwegs
    assert (
        'name="passwort"' not in anmeldeseite and 'href="/registrieren"' not in klient.get("/").text
    )

    paths = klient.get("/api/v1/openapi.json").json()["paths"]
    # who is logged in (GET /api/v1/konto) holds in production too; signing up does not, nor
    # anything a local password is for
    assert "post" not in paths.get("/api/v1/konto", {}) and "post" not in paths["/api/v1/sitzung"]
    assert not [pfad for pfad in paths if pfad.startswith("/api/v1/passwort")]


def test_the_embedded_gateway_has_no_identity_provider_login(gateway: ServiceProcess) -> None:
    assert Klient(gateway.url).get("/anmelden/oidc").status_code == 404
