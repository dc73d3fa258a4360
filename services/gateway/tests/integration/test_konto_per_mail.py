"""The account by mail through the gateway's API (issue 11, item 13; docs/adr/0090-0092): a
real gateway process sends to the real local SMTP sink (aiosmtpd) started here.

Password reset: request, mail, link, new password works, old does not, the link works once,
an expired link is refused, an address without an account gets the same answer and no mail.
Change of address: confirmed by a link to the new address, the old one told. Sign-up with a
taken address: the same answer, the owner told by mail. Delete: login fails afterwards.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest
from gateway_test_support import PASSWORT, Klient, gateway_mit_mail, neue_email, pruefe_antwort

from kernel.testing import ServiceProcess
from mail_senke.senke import Senke, text

NEUES_PASSWORT = "Apfelbaum im Regen am Montag"
TOKEN = re.compile(r"\?token=([A-Za-z0-9_\-]+)")


@pytest.fixture(scope="module")
def senke(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Senke]:
    with Senke(tmp_path_factory.mktemp("mail")) as senke:
        yield senke


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory, senke: Senke) -> Iterator[ServiceProcess]:
    with gateway_mit_mail(tmp_path_factory.mktemp("gateway-mail"), senke.port) as process:
        yield process


def _token(mail: EmailMessage) -> str:
    treffer = TOKEN.search(text(mail))
    assert treffer, text(mail)
    return treffer[1]


def _eine_mail(senke: Senke, an: str, anzahl: int = 1) -> EmailMessage:
    mails = senke.warten(an, anzahl)
    assert len(mails) == anzahl, [m["Subject"] for m in mails]
    return mails[-1]


def test_password_reset_end_to_end(gateway: ServiceProcess, senke: Senke) -> None:
    klient = Klient(gateway.url)
    email = klient.neues_konto()
    antwort = klient.post_json("/api/v1/passwort-zuruecksetzung", {"email": email.upper()})
    assert antwort.status_code == 202, antwort.text
    pruefe_antwort(antwort, "POST", "/api/v1/passwort-zuruecksetzung")
    mail = _eine_mail(senke, email)
    assert mail["Subject"] == "Neues Passwort für die Sozialplattform"
    assert f"{gateway.url}/passwort-neu?token=" in text(mail)
    token = _token(mail)
    assert token not in gateway.log()  # never logged

    fremder = Klient(gateway.url)
    antwort = fremder.post_json(
        "/api/v1/passwort-zuruecksetzung/neues-passwort",
        {"token": token, "passwort": NEUES_PASSWORT},
    )
    assert antwort.status_code == 204, antwort.text
    pruefe_antwort(antwort, "POST", "/api/v1/passwort-zuruecksetzung/neues-passwort")
    assert klient.get("/api/v1/sitzung").status_code == 401  # every session ended
    assert Klient(gateway.url).anmelden(email, PASSWORT).status_code == 401
    assert Klient(gateway.url).anmelden(email, NEUES_PASSWORT).status_code == 201
    hinweis = _eine_mail(senke, email, 2)
    assert hinweis["Subject"] == "Ihr Passwort wurde geändert"

    nochmal = fremder.post_json(
        "/api/v1/passwort-zuruecksetzung/neues-passwort",
        {"token": token, "passwort": "noch ein ganz anderes Passwort"},
    )
    assert nochmal.status_code == 400
    assert nochmal.json()["code"] == "link_ungueltig"
    pruefe_antwort(nochmal, "POST", "/api/v1/passwort-zuruecksetzung/neues-passwort")
    assert Klient(gateway.url).anmelden(email, NEUES_PASSWORT).status_code == 201


def test_a_reset_for_an_address_without_account_answers_alike_and_mails_nothing(
    gateway: ServiceProcess, senke: Senke
) -> None:
    email = neue_email()
    antwort = Klient(gateway.url).post_json("/api/v1/passwort-zuruecksetzung", {"email": email})
    assert antwort.status_code == 202
    assert not antwort.content
    time.sleep(2)  # the mail loop runs every second
    assert senke.warten(email, sekunden=0) == []


def test_a_new_password_is_held_to_the_password_rule(gateway: ServiceProcess, senke: Senke) -> None:
    klient = Klient(gateway.url)
    email = klient.neues_konto()
    klient.post_json("/api/v1/passwort-zuruecksetzung", {"email": email})
    token = _token(_eine_mail(senke, email))
    antwort = klient.post_json(
        "/api/v1/passwort-zuruecksetzung/neues-passwort",
        {"token": token, "passwort": "passwort1234"},
    )
    assert antwort.status_code == 422
    assert antwort.json()["felder"][0]["code"] == "passwort_zu_leicht"
    # the link still holds after a refused password
    antwort = klient.post_json(
        "/api/v1/passwort-zuruecksetzung/neues-passwort",
        {"token": token, "passwort": NEUES_PASSWORT},
    )
    assert antwort.status_code == 204


def test_an_expired_reset_link_is_refused(tmp_path: Path, senke: Senke) -> None:
    with gateway_mit_mail(
        tmp_path / "gateway", senke.port, SOZ_GATEWAY_RESET_LINK_SECONDS="1"
    ) as gateway:
        klient = Klient(gateway.url)
        email = klient.neues_konto()
        klient.post_json("/api/v1/passwort-zuruecksetzung", {"email": email})
        token = _token(_eine_mail(senke, email))
        time.sleep(1.5)
        antwort = klient.post_json(
            "/api/v1/passwort-zuruecksetzung/neues-passwort",
            {"token": token, "passwort": NEUES_PASSWORT},
        )
        assert antwort.status_code == 400
        assert antwort.json()["code"] == "link_ungueltig"
        assert Klient(gateway.url).anmelden(email, PASSWORT).status_code == 201


def test_reset_requests_are_limited_per_address(gateway: ServiceProcess) -> None:
    email = neue_email()
    klient = Klient(gateway.url)
    codes = [
        klient.post_json("/api/v1/passwort-zuruecksetzung", {"email": email}).status_code
        for _ in range(4)
    ]
    assert codes == [202, 202, 202, 429]


def test_sign_up_with_a_taken_address_answers_alike_and_tells_the_owner(
    gateway: ServiceProcess, senke: Senke
) -> None:
    email = Klient(gateway.url).neues_konto()
    antwort = Klient(gateway.url).registrieren(email, "ein ganz anderes langes Passwort")
    assert antwort.status_code == 202
    mail = _eine_mail(senke, email)
    assert mail["Subject"] == "Anmeldeversuch mit Ihrer E-Mail-Adresse"
    assert f"{gateway.url}/passwort-vergessen" in text(mail)
    neu = neue_email()
    assert Klient(gateway.url).registrieren(neu).status_code == 202
    time.sleep(2)
    assert senke.warten(neu, sekunden=0) == []  # a new account gets no mail


def test_the_account_shows_who_is_logged_in(gateway: ServiceProcess) -> None:
    klient = Klient(gateway.url)
    email = klient.neues_konto()
    antwort = klient.get("/api/v1/konto")
    assert antwort.status_code == 200
    pruefe_antwort(antwort, "GET", "/api/v1/konto")
    assert antwort.json()["email"] == f"{email[:2]}…{email.split('@')[0][-1]}@example.org"


def test_change_of_email_confirmed_by_the_new_address_the_old_one_told(
    gateway: ServiceProcess, senke: Senke
) -> None:
    klient = Klient(gateway.url)
    alt = klient.neues_konto()
    neu = neue_email()
    headers = {"X-CSRF-Token": klient.csrf_token}
    falsch = klient.post_json(
        "/api/v1/konto/email", {"email": neu, "passwort": "nicht das Passwort"}, headers=headers
    )
    assert falsch.status_code == 422
    assert falsch.json()["felder"][0]["code"] == "passwort_falsch"
    ohne_csrf = klient.post_json("/api/v1/konto/email", {"email": neu, "passwort": PASSWORT})
    assert ohne_csrf.status_code == 403
    antwort = klient.post_json(
        "/api/v1/konto/email", {"email": neu, "passwort": PASSWORT}, headers=headers
    )
    assert antwort.status_code == 202, antwort.text
    pruefe_antwort(antwort, "POST", "/api/v1/konto/email")
    mail = _eine_mail(senke, neu)
    assert f"{gateway.url}/konto/email-bestaetigen?token=" in text(mail)
    assert Klient(gateway.url).anmelden(alt).status_code == 201  # not changed before the link

    antwort = Klient(gateway.url).post_json(
        "/api/v1/konto/email/bestaetigung", {"token": _token(mail)}
    )
    assert antwort.status_code == 204, antwort.text
    pruefe_antwort(antwort, "POST", "/api/v1/konto/email/bestaetigung")
    hinweis = _eine_mail(senke, alt)
    assert hinweis["Subject"] == "Ihre E-Mail-Adresse wurde geändert"
    assert neu not in text(hinweis)  # partly hidden
    assert Klient(gateway.url).anmelden(alt).status_code == 401
    assert Klient(gateway.url).anmelden(neu).status_code == 201
    nochmal = Klient(gateway.url).post_json(
        "/api/v1/konto/email/bestaetigung", {"token": _token(mail)}
    )
    assert nochmal.status_code == 400


def test_a_change_to_a_taken_address_answers_alike_and_tells_that_address(
    gateway: ServiceProcess, senke: Senke
) -> None:
    vergeben = Klient(gateway.url).neues_konto()
    klient = Klient(gateway.url)
    klient.neues_konto()
    antwort = klient.post_json(
        "/api/v1/konto/email",
        {"email": vergeben, "passwort": PASSWORT},
        headers={"X-CSRF-Token": klient.csrf_token},
    )
    assert antwort.status_code == 202
    mail = _eine_mail(senke, vergeben)
    assert mail["Subject"] == "Ihre E-Mail-Adresse bei der Sozialplattform"
    assert "token=" not in text(mail)


def test_deleting_the_account_ends_login_and_frees_the_address(
    gateway: ServiceProcess, senke: Senke
) -> None:
    klient = Klient(gateway.url)
    email = klient.neues_konto()
    headers = {"X-CSRF-Token": klient.csrf_token}
    falsch = klient.post_json("/api/v1/konto/loeschung", {"passwort": "falsch"}, headers=headers)
    assert falsch.status_code == 422
    antwort = klient.post_json("/api/v1/konto/loeschung", {"passwort": PASSWORT}, headers=headers)
    assert antwort.status_code == 204, antwort.text
    pruefe_antwort(antwort, "POST", "/api/v1/konto/loeschung")
    assert klient.get("/api/v1/sitzung").status_code == 401
    assert Klient(gateway.url).anmelden(email).status_code == 401
    assert _eine_mail(senke, email)["Subject"] == "Ihr Konto wurde gelöscht"
    # the address is free for a new account
    assert Klient(gateway.url).registrieren(email).status_code == 202
    assert Klient(gateway.url).anmelden(email).status_code == 201
