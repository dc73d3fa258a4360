"""The HTML pages of a real gateway without a browser: forms with CSRF tokens, sign-up, login,
logout, the language switch and the error pages, all working without JavaScript."""

from __future__ import annotations

import re

import pytest
from gateway_test_support import PASSWORT, Klient, neue_email

from gateway.web.angebote import ANGEBOTE
from kernel.testing import ServiceProcess

pytestmark = pytest.mark.rabbitmq

SEITEN = [
    "/",
    "/impressum",
    "/datenschutz",
    "/barrierefreiheit",
    "/leichte-sprache",
    "/anmelden",
    "/registrieren",
    "/zustaendigkeit",
]


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


@pytest.fixture
def klient(gateway: ServiceProcess) -> Klient:
    return Klient(gateway.url)


@pytest.mark.parametrize("sprache", ["de", "en", "de-x-ls"])
@pytest.mark.parametrize("pfad", SEITEN)
def test_every_page_renders_in_every_language(
    gateway: ServiceProcess, pfad: str, sprache: str
) -> None:
    response = Klient(gateway.url).get(f"{pfad}?sprache={sprache}")

    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert f'<html lang="{sprache}">' in response.text
    assert response.headers["Cache-Control"] == "no-store"
    assert "<script" not in response.text and "style=" not in response.text


def test_sign_up_asks_to_log_in_and_logout_logs_out_without_javascript(klient: Klient) -> None:
    formular = klient.get("/registrieren")
    assert "soz_formular" in klient.session.cookies
    email = neue_email()

    angelegt = klient.request(
        "POST",
        "/registrieren",
        data={"email": email, "passwort": PASSWORT, "csrf_token": csrf_token(formular.text)},
    )
    assert angelegt.status_code == 200 and "soz_sitzung" not in klient.session.cookies
    assert "Bitte melden Sie sich jetzt mit Ihrer E-Mail-Adresse" in angelegt.text
    assert f'value="{email}"' in angelegt.text and 'value="/konto?neu"' in angelegt.text
    eingeloggt = klient.request(
        "POST",
        "/anmelden",
        data={
            "email": email,
            "passwort": PASSWORT,
            "csrf_token": csrf_token(angelegt.text),
            "weiter": "/konto?neu",
        },
    )
    assert (eingeloggt.status_code, eingeloggt.headers["Location"]) == (303, "/konto?neu")
    konto = klient.get("/konto?neu")
    assert "Ihr Konto ist angelegt." in konto.text and "Sie sind angemeldet." in konto.text
    # what the account holds, linked; nothing announced as coming that is already there
    for pfad, name in (("/antraege", "Meine Anträge"), ("/termine/meine", "Meine Termine")):
        assert f'<p><a href="{pfad}">{name}</a></p>' in konto.text
    assert '<p><a href="/postfach">Postfach</a></p>' in konto.text
    assert "bald" not in konto.text

    abgemeldet = klient.request("POST", "/abmelden", data={"csrf_token": csrf_token(konto.text)})
    assert (abgemeldet.status_code, abgemeldet.headers["Location"]) == (303, "/?abgemeldet")
    assert "Sie sind jetzt abgemeldet." in klient.get("/?abgemeldet").text
    assert klient.get("/konto").status_code == 303

    anmeldung = klient.get("/anmelden")
    angemeldet = klient.request(
        "POST",
        "/anmelden",
        data={
            "email": email,
            "passwort": PASSWORT,
            "csrf_token": csrf_token(anmeldung.text),
            "weiter": "/konto",
        },
    )
    assert (angemeldet.status_code, angemeldet.headers["Location"]) == (303, "/konto")
    assert klient.get("/api/v1/sitzung").status_code == 200


def test_a_form_without_its_token_is_refused(klient: Klient) -> None:
    klient.get("/registrieren")
    for token in (None, "erfunden"):
        data = {"email": neue_email(), "passwort": PASSWORT}
        if token:
            data["csrf_token"] = token
        response = klient.request("POST", "/registrieren", data=data)
        assert response.status_code == 403
        assert "Anfrage nicht bestätigt" in response.text

    fremd = Klient(klient.base_url)  # another browser's token does not fit this cookie
    token = csrf_token(fremd.get("/registrieren").text)
    response = klient.request(
        "POST",
        "/registrieren",
        data={"email": neue_email(), "passwort": PASSWORT, "csrf_token": token},
    )
    assert response.status_code == 403


def test_a_form_too_large_is_a_413_page(klient: Klient) -> None:
    response = klient.request("POST", "/registrieren", data={"email": "x" * 70_000})
    assert response.status_code == 413
    assert "Anfrage zu groß" in response.text


def test_wrong_input_shows_the_form_again_with_messages_linked_to_fields(klient: Klient) -> None:
    token = csrf_token(klient.get("/registrieren").text)

    response = klient.request(
        "POST", "/registrieren", data={"email": "erika", "passwort": "kurz", "csrf_token": token}
    )

    assert response.status_code == 422
    html = response.text
    assert "<title>Fehler: Konto anlegen – Sozialplattform</title>" in html
    assert 'role="alert"' in html and 'href="#email"' in html and 'href="#passwort"' in html
    assert 'aria-describedby="email-fehler"' in html and 'aria-invalid="true"' in html
    assert 'value="erika"' in html and "kurz" not in html.split("<form")[1].split("</form>")[0]


def test_wrong_password_shows_one_message_for_both_fields(klient: Klient) -> None:
    token = csrf_token(klient.get("/anmelden").text)

    response = klient.request(
        "POST", "/anmelden", data={"email": neue_email(), "passwort": PASSWORT, "csrf_token": token}
    )

    assert response.status_code == 401
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in response.text


def test_login_redirects_only_within_the_site(klient: Klient) -> None:
    email = neue_email()
    klient.registrieren(email)
    token = csrf_token(klient.get("/anmelden?weiter=//evil.example/").text)

    response = klient.request(
        "POST",
        "/anmelden",
        data={
            "email": email,
            "passwort": PASSWORT,
            "csrf_token": token,
            "weiter": "//evil.example/",
        },
    )

    assert response.headers["Location"] == "/konto"


def test_a_page_that_needs_login_sends_to_the_login_and_back(klient: Klient) -> None:
    response = klient.get("/konto")
    assert (response.status_code, response.headers["Location"]) == (303, "/anmelden?weiter=/konto")


def test_the_language_switch_keeps_the_choice_and_the_page(klient: Klient) -> None:
    response = klient.get("/sprache/en?zurueck=/impressum")
    assert (response.status_code, response.headers["Location"]) == (303, "/impressum")

    impressum = klient.get("/impressum")
    assert '<html lang="en">' in impressum.text and "<h1>Imprint</h1>" in impressum.text

    klient.get("/sprache/de-x-ls?zurueck=https://evil.example/")
    start = klient.get("/")
    assert '<html lang="de-x-ls">' in start.text and "Start·seite" in start.text
    assert klient.get("/sprache/xx").status_code == 404


def test_the_explanation_in_leichte_sprache_is_there_in_every_language(
    gateway: ServiceProcess,
) -> None:
    for sprache in ("de", "en"):
        html = Klient(gateway.url).get(f"/leichte-sprache?sprache={sprache}").text
        assert '<div lang="de-x-ls">' in html
        assert "Die Sozial·plattform in Leichter Sprache" in html
    start = Klient(gateway.url).get("/?sprache=en").text
    assert 'href="/leichte-sprache"' in start


def test_offers_that_do_not_exist_yet_are_marked_and_not_linked(klient: Klient) -> None:
    html = klient.get("/").text
    assert html.count('class="angebot"') == 6
    spaeter = [angebot for angebot in ANGEBOTE if not angebot.verfuegbar]
    assert html.count("Kommt bald: Dieses Angebot ist noch in Arbeit.") == len(spaeter)
    assert ("im Aufbau" in html) == bool(spaeter)  # the notice only while something is missing
    for angebot in spaeter:
        assert f">{angebot.titel}</a>" not in html
    assert '<a href="/leistungen">Informationen zu Sozialleistungen</a>' in html
    assert '<a href="/zustaendigkeit">Zuständiges Jobcenter finden</a>' in html
    assert '<a href="/antraege/neu">Online einen Antrag stellen</a>' in html
    assert '<a href="/postfach">Nachrichten an Ihr Jobcenter</a>' in html


def test_every_offer_is_there_and_none_is_announced_as_coming(klient: Klient) -> None:
    """The mailbox was announced as "Kommt bald" on the start page, in Leichte Sprache and on
    the account page long after it worked."""
    assert [angebot.schluessel for angebot in ANGEBOTE if not angebot.verfuegbar] == []
    for sprache in ("de", "en"):
        leicht = klient.get(f"/leichte-sprache?sprache={sprache}").text
        assert "bald" not in leicht and "noch nicht fertig" not in leicht
        for angebot in ("Termin für die Beratung", "Nachrichten an Ihr Job·center", "Hilfe"):
            assert angebot in leicht


def test_the_imprint_says_honestly_that_no_operator_is_configured(klient: Klient) -> None:
    html = klient.get("/impressum").text
    assert "Entwicklungs- und Testumgebung" in html


def test_an_unknown_page_is_a_404_page_in_the_person_s_language(gateway: ServiceProcess) -> None:
    response = Klient(gateway.url, sprache="en").get("/gibt-es-nicht")

    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.text
    assert "urn:uuid" not in response.text and re.search(
        r"<code>[0-9a-f-]{36}</code>", response.text
    )


def test_every_page_stays_under_the_weight_budget(gateway: ServiceProcess) -> None:
    """100 KB per page without images: the HTML and the stylesheet it loads."""
    klient = Klient(gateway.url)
    css = klient.get("/static/style.css").content
    for pfad in SEITEN:
        html = klient.get(pfad).content
        assert len(html) + len(css) < 100_000, pfad


def test_static_files_are_cached_by_version(klient: Klient) -> None:
    html = klient.get("/").text
    url = re.search(r'href="(/static/style\.css\?v=[0-9a-f]+)"', html).group(1)

    assert "immutable" in klient.get(url).headers["Cache-Control"]
    assert klient.get("/static/style.css").headers["Cache-Control"] == "public, max-age=300"
    assert klient.get("/static/gibt-es-nicht.css").status_code == 404
