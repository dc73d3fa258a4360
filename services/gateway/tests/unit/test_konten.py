"""Accounts and sessions (gateway.konten) on SQLite, with a clock the tests move."""

from __future__ import annotations

import pytest

from gateway.fehler import AnmeldungFehlgeschlagen, ZuVieleVersuche
from gateway.konten import Konten
from gateway.sicherheit import sitzung_id
from kernel.application import Application

EMAIL = "Erika.Mustermann@Example.org"
PASSWORT = "ein langer Satz als Passwort"


def test_sign_up_then_log_in_gives_a_session_of_that_person(
    konten: Konten, application: Application
) -> None:
    konten.registrieren(EMAIL, PASSWORT, client="c1")
    neue = konten.anmelden(EMAIL, PASSWORT, client="c1")

    person_id = neue.sitzung.person_id
    assert application.store.read_stream(f"konto-{person_id}")[0].event_type == "KontoAngelegt"
    gefunden = konten.sitzung(neue.token)
    assert gefunden is not None and gefunden.person_id == person_id


def test_email_is_compared_without_case_and_surrounding_space(konten: Konten) -> None:
    konten.registrieren(EMAIL, PASSWORT, client="c1")
    person_id = konten.anmelden(EMAIL, PASSWORT, client="c1").sitzung.person_id

    assert (
        konten.anmelden("  erika.mustermann@example.ORG ", PASSWORT, client="c1").sitzung.person_id
        == person_id
    )
    konten.registrieren("ERIKA.MUSTERMANN@EXAMPLE.ORG", "ein ganz anderer Satz", client="c1")
    assert konten.anmelden(EMAIL, PASSWORT, client="c1").sitzung.person_id == person_id


def test_wrong_password_and_unknown_email_fail_alike(konten: Konten) -> None:
    konten.registrieren(EMAIL, PASSWORT, client="c1")

    with pytest.raises(AnmeldungFehlgeschlagen) as falsches_passwort:
        konten.anmelden(EMAIL, "ein anderer langer Satz", client="c1")
    with pytest.raises(AnmeldungFehlgeschlagen) as unbekannt:
        konten.anmelden("niemand@example.org", PASSWORT, client="c1")

    assert str(falsches_passwort.value) == str(unbekannt.value)


def test_an_unknown_token_has_no_session(konten: Konten) -> None:
    assert konten.sitzung("erfunden") is None
    assert konten.sitzung(None) is None


def test_a_successful_login_clears_the_failed_count(make_konten) -> None:  # noqa: ANN001
    konten = make_konten(SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT_IP="2/900")
    konten.registrieren(EMAIL, PASSWORT, client="c1")
    with pytest.raises(AnmeldungFehlgeschlagen):
        konten.anmelden(EMAIL, "falsch falsch falsch", client="c1")
    konten.anmelden(EMAIL, PASSWORT, client="c1")

    with pytest.raises(AnmeldungFehlgeschlagen):
        konten.anmelden(EMAIL, "falsch falsch falsch", client="c1")
    assert konten.anmelden(EMAIL, PASSWORT, client="c1").token


def test_failed_logins_and_sign_ups_are_limited_per_client_address(make_konten) -> None:  # noqa: ANN001
    konten = make_konten(SOZ_GATEWAY_LIMIT_LOGIN_IP="2/300", SOZ_GATEWAY_LIMIT_SIGNUP_IP="2/3600")
    konten.registrieren("a@example.org", PASSWORT, client="c1")
    konten.registrieren("b@example.org", PASSWORT, client="c1")
    with pytest.raises(ZuVieleVersuche):
        konten.registrieren("c@example.org", PASSWORT, client="c1")
    konten.registrieren("c@example.org", PASSWORT, client="c2")

    for _ in range(3):  # logins that succeed are not counted against the address
        konten.anmelden("a@example.org", PASSWORT, client="c1")
    for email in ("a@example.org", "b@example.org"):
        with pytest.raises(AnmeldungFehlgeschlagen):
            konten.anmelden(email, "falsch falsch falsch", client="c1")
    with pytest.raises(ZuVieleVersuche):
        konten.anmelden("c@example.org", PASSWORT, client="c1")


def test_a_session_ends_after_the_idle_time(konten: Konten, application: Application, uhr) -> None:  # noqa: ANN001
    konten.registrieren(EMAIL, PASSWORT, client="c1")
    neue = konten.anmelden(EMAIL, PASSWORT, client="c1")

    uhr.weiter(minutes=29)
    assert konten.sitzung(neue.token) is not None  # used: the idle time starts again
    uhr.weiter(minutes=29)
    assert konten.sitzung(neue.token) is not None
    uhr.weiter(minutes=31)
    assert konten.sitzung(neue.token) is None

    stream = application.store.read_stream(f"sitzung-{sitzung_id(neue.token)}")
    assert [e.event_type for e in stream] == ["SitzungBegonnen", "SitzungBeendet"]
    assert stream[-1].payload["grund"] == "abgelaufen"


def test_a_session_ends_after_the_maximum_time_however_active(konten: Konten, uhr) -> None:  # noqa: ANN001
    konten.registrieren(EMAIL, PASSWORT, client="c1")
    neue = konten.anmelden(EMAIL, PASSWORT, client="c1")
    for _ in range(12 * 4 - 1):
        uhr.weiter(minutes=15)
        assert konten.sitzung(neue.token) is not None
    uhr.weiter(minutes=15)

    assert konten.sitzung(neue.token) is None


def test_logout_ends_the_session_on_the_server(konten: Konten, application: Application) -> None:
    konten.registrieren(EMAIL, PASSWORT, client="c1")
    neue = konten.anmelden(EMAIL, PASSWORT, client="c1")

    konten.abmelden(neue.sitzung)
    konten.abmelden(neue.sitzung)  # twice changes nothing

    assert konten.sitzung(neue.token) is None
    stream = application.store.read_stream(f"sitzung-{neue.sitzung.sitzung_id}")
    assert [e.payload.get("grund") for e in stream] == [None, "abgemeldet"]


def test_the_sweep_ends_sessions_nobody_looks_up_again(konten: Konten, uhr) -> None:  # noqa: ANN001
    konten.registrieren(EMAIL, PASSWORT, client="c1")
    alt = konten.anmelden(EMAIL, PASSWORT, client="c1")
    uhr.weiter(minutes=20)
    frisch = konten.anmelden(EMAIL, PASSWORT, client="c1")
    uhr.weiter(minutes=15)

    assert konten.aufraeumen() == 1
    assert konten.aufraeumen() == 0
    assert konten.sitzung(frisch.token) is not None
    assert konten.sitzung(alt.token) is None


def test_nothing_that_identifies_the_person_or_opens_a_session_is_stored_in_clear(
    konten: Konten,
    application: Application,
    tmp_path,  # noqa: ANN001
) -> None:
    konten.registrieren(EMAIL, PASSWORT, client="198.51.100.7")
    neue = konten.anmelden(EMAIL, PASSWORT, client="198.51.100.7")

    stored = (tmp_path / "gateway.db").read_bytes() + b"".join(
        path.read_bytes() for path in tmp_path.glob("gateway.db-*")
    )
    for secret in (EMAIL.lower(), "mustermann", neue.token, "argon2id"):
        assert secret.encode() not in stored, secret
    angelegt = application.store.read_stream(f"konto-{neue.sitzung.person_id}")[0]
    assert angelegt.sealed_payload["email"].startswith("enc:v1:")
    assert angelegt.payload["email"] == EMAIL.lower()


def test_forgetting_the_person_makes_the_login_unusable(
    konten: Konten, application: Application
) -> None:
    konten.registrieren(EMAIL, PASSWORT, client="c1")
    person_id = konten.anmelden(EMAIL, PASSWORT, client="c1").sitzung.person_id

    assert application.forget(person_id)

    with pytest.raises(AnmeldungFehlgeschlagen):
        konten.anmelden(EMAIL, PASSWORT, client="c1")
    angelegt = application.store.read_stream(f"konto-{person_id}")[0]
    assert set(angelegt.erased_fields) == {"kennung_schluessel", "email", "passwort_hash"}


def test_the_identity_provider_s_person_gets_one_stable_person_id(konten: Konten) -> None:
    erste = konten.ueber_anbieter_anmelden("https://id.example.org", "sub-1")
    zweite = konten.ueber_anbieter_anmelden("https://id.example.org", "sub-1")
    andere = konten.ueber_anbieter_anmelden("https://id.example.org", "sub-2")
    anderer_anbieter = konten.ueber_anbieter_anmelden("https://other.example.org", "sub-1")

    assert erste.sitzung.person_id == zweite.sitzung.person_id
    assert erste.token != zweite.token
    assert (
        len({erste.sitzung.person_id, andere.sitzung.person_id, anderer_anbieter.sitzung.person_id})
        == 3
    )
    assert str(erste.sitzung.anmeldeart) == "oidc"
