"""Issue #10 findings 6 and 10, issue #11 item 14: failed logins throttle the attacker, not the
owner; sign-up does not tell which addresses have an account; sign-up limits do not lock out a
shared address; the password rule refuses control characters, white space and guessable
passwords (docs/adr/0070, 0071)."""

from __future__ import annotations

import pytest
import structlog
from marshmallow import ValidationError

from gateway.domain.konto import Konto
from gateway.fehler import AnmeldungFehlgeschlagen, ZuVieleVersuche, detail_text, einordnen
from gateway.konten import Konten
from gateway.web import api_schemas
from kernel.application import Application

EMAIL = "erika.mustermann@example.org"
PASSWORT = "Kaffee mit Milch am Morgen"
FALSCH = "ein falscher langer Satz"


@pytest.fixture
def gewartet() -> list[float]:
    return []


@pytest.fixture
def make(make_konten, gewartet: list[float]):  # noqa: ANN001, ANN201
    """make_konten (conftest) whose waits are recorded instead of slept."""

    def make(**env: str) -> Konten:
        konten = make_konten(**env)
        konten.schlafen = gewartet.append
        return konten

    return make


# finding 6: lock-out -------------------------------------------------------------------------


def test_failures_from_many_addresses_never_refuse_the_right_password_from_a_clean_one(
    make, gewartet: list[float]
) -> None:  # noqa: ANN001
    konten = make()  # defaults: 5 failures per account and address, slowed after 5 on the account
    konten.registrieren(EMAIL, PASSWORT, client="zuhause")
    for angreifer in range(40):  # a botnet: every address fails a few times
        for _ in range(2):
            with pytest.raises(AnmeldungFehlgeschlagen):
                konten.anmelden(EMAIL, FALSCH, client=f"bot-{angreifer}")

    neue = konten.anmelden(EMAIL, PASSWORT, client="zuhause")

    assert neue.token
    assert gewartet[-1] == 8.0  # slowed down to the maximum, but let in


def test_the_address_that_failed_is_refused_for_that_account_with_a_true_retry_after(
    make, uhr
) -> None:  # noqa: ANN001
    konten = make(SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT_IP="5/900")
    konten.registrieren(EMAIL, PASSWORT, client="zuhause")
    konten.registrieren("jemand@example.org", PASSWORT, client="zuhause")
    for _ in range(5):
        with pytest.raises(AnmeldungFehlgeschlagen):
            konten.anmelden(EMAIL, FALSCH, client="angreifer")
    uhr.weiter(seconds=100)

    with pytest.raises(ZuVieleVersuche) as gesperrt:
        konten.anmelden(EMAIL, PASSWORT, client="angreifer")  # even the right one, from there

    assert gesperrt.value.warten_sekunden == 800
    assert konten.anmelden(EMAIL, PASSWORT, client="zuhause").token  # the owner gets in
    assert konten.anmelden("jemand@example.org", PASSWORT, client="angreifer").token
    uhr.weiter(seconds=800)
    assert konten.anmelden(EMAIL, PASSWORT, client="angreifer").token


def test_failures_on_the_account_slow_every_attempt_down_alike_and_doubling(
    make, gewartet: list[float]
) -> None:  # noqa: ANN001
    konten = make(SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT="3/900", SOZ_GATEWAY_LOGIN_DELAY_MAX_SECONDS="5")
    konten.registrieren(EMAIL, PASSWORT, client="zuhause")
    for nummer in range(6):
        with pytest.raises(AnmeldungFehlgeschlagen):
            konten.anmelden(EMAIL, FALSCH, client=f"adresse-{nummer}")
    assert gewartet == [1.0, 2.0, 4.0]  # none for the first three, then doubling

    konten.anmelden(EMAIL, PASSWORT, client="zuhause")  # waits as long as a wrong one would

    assert gewartet == [1.0, 2.0, 4.0, 5.0]
    konten.anmelden(EMAIL, PASSWORT, client="zuhause")  # the success cleared the account count
    assert gewartet == [1.0, 2.0, 4.0, 5.0]


def test_an_unknown_address_is_slowed_down_like_a_known_one(make, gewartet: list[float]) -> None:  # noqa: ANN001
    konten = make(SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT="2/900")
    konten.registrieren(EMAIL, PASSWORT, client="zuhause")
    verzoegerungen = {}
    for email in (EMAIL, "niemand@example.org"):
        gewartet.clear()
        for nummer in range(4):
            with pytest.raises(AnmeldungFehlgeschlagen):
                konten.anmelden(email, FALSCH, client=f"{email}-{nummer}")
        verzoegerungen[email] = list(gewartet)

    assert verzoegerungen[EMAIL] == verzoegerungen["niemand@example.org"] == [1.0, 2.0]


def test_failed_logins_per_address_are_limited_across_accounts_but_successes_are_not(
    make,
) -> None:  # noqa: ANN001
    konten = make(SOZ_GATEWAY_LIMIT_LOGIN_IP="10/300")
    konten.registrieren(EMAIL, PASSWORT, client="bibliothek")
    for _ in range(50):  # many people log in behind one address of a library
        assert konten.anmelden(EMAIL, PASSWORT, client="bibliothek").token
    for nummer in range(10):  # one tries many accounts
        with pytest.raises(AnmeldungFehlgeschlagen):
            konten.anmelden(f"person{nummer}@example.org", FALSCH, client="bibliothek")

    with pytest.raises(ZuVieleVersuche):
        konten.anmelden(EMAIL, PASSWORT, client="bibliothek")


# finding 6: sign-up enumeration -------------------------------------------------------------


def test_signing_up_with_a_taken_address_answers_alike_and_changes_nothing(
    make, application: Application
) -> None:  # noqa: ANN001
    konten = make()
    neu = konten.registrieren(EMAIL, PASSWORT, client="zuhause")
    person_id = konten.anmelden(EMAIL, PASSWORT, client="zuhause").sitzung.person_id
    position = application.store.max_position()

    with structlog.testing.capture_logs() as logs:
        vorhanden = konten.registrieren(EMAIL.upper(), "ein ganz anderer Satz hier", client="x")

    assert neu is None and vorhanden is None  # nothing to tell the two apart
    assert application.store.max_position() == position  # no event, no second account
    assert [eintrag["event"] for eintrag in logs] == ["registrierung_fuer_vorhandenes_konto"]
    assert logs[0]["person_id"] == person_id and EMAIL not in str(logs)
    with pytest.raises(AnmeldungFehlgeschlagen):
        konten.anmelden(EMAIL, "ein ganz anderer Satz hier", client="x")
    assert konten.anmelden(EMAIL, PASSWORT, client="zuhause").sitzung.person_id == person_id


def test_a_shared_address_can_sign_up_many_people_but_one_email_only_a_few_times(make, uhr) -> None:  # noqa: ANN001
    konten = make()  # the defaults: 60 per hour per address, 3 per hour per email address
    for nummer in range(40):  # a shelter's computer, one afternoon
        konten.registrieren(f"person{nummer}@example.org", PASSWORT, client="notunterkunft")
    for nummer in range(3):
        konten.registrieren(EMAIL, PASSWORT, client=f"adresse-{nummer}")

    with pytest.raises(ZuVieleVersuche) as gesperrt:
        konten.registrieren(EMAIL, PASSWORT, client="noch-eine")

    assert gesperrt.value.warten_sekunden == 3600
    uhr.weiter(seconds=3600)
    konten.registrieren(EMAIL, PASSWORT, client="noch-eine")


def test_the_message_of_a_limit_says_how_long_it_lasts() -> None:
    def uebersetzen(text: str, **werte: str) -> str:
        return text % werte if werte else text

    assert detail_text(einordnen(ZuVieleVersuche(800)), uebersetzen, "de") == (
        "Bitte warten Sie 14 Minuten. Dann können Sie es noch einmal versuchen."
    )
    assert "1 Minute." in detail_text(einordnen(ZuVieleVersuche(60)), uebersetzen, "de")
    assert "40 Sekunden" in detail_text(einordnen(ZuVieleVersuche(40)), uebersetzen, "de-x-ls")
    assert "60 minutes" in detail_text(einordnen(ZuVieleVersuche(3600)), uebersetzen, "en")
    assert einordnen(ZuVieleVersuche(800)).headers == {"Retry-After": "800"}


# finding 10: the password rule --------------------------------------------------------------


def _feldfehler(passwort: str, email: str = EMAIL) -> dict[str, str]:
    try:
        api_schemas.Zugangsdaten().load({"email": email, "passwort": passwort})
    except ValidationError as error:
        return {feld: meldungen[0] for feld, meldungen in error.normalized_messages().items()}
    return {}


@pytest.mark.parametrize(
    ("passwort", "code"),
    [
        (" " * 12, "passwort_nur_leerraum"),
        ("\u3000" * 12, "passwort_nur_leerraum"),  # ideographic space: white space after NFKC
        ("\x00" * 12, "passwort_steuerzeichen"),
        ("ein langer Satz\x00mit NUL", "passwort_steuerzeichen"),
        ("mein Passwort\tmit Tabulator", "passwort_steuerzeichen"),
        ("zwei Zeilen\nsind kein Passwort", "passwort_steuerzeichen"),
        ("ein Satz mit \x85 NEL darin", "passwort_steuerzeichen"),
        ("ein Satz mit \ud800 allein", "passwort_steuerzeichen"),
        ("123456789012", "passwort_zu_leicht"),
        ("passwordpassword", "passwort_zu_leicht"),
        ("Passwort12345", "passwort_zu_leicht"),
        ("qwerty123456", "passwort_zu_leicht"),
        ("iloveyou2026", "passwort_zu_leicht"),
        ("Sozialplattform1", "passwort_zu_leicht"),
        ("aaaaaaaaaaaaaaaa", "passwort_zu_leicht"),
        ("Ｐａｓｓｗｏｒｄ１２３４５", "passwort_zu_leicht"),  # full-width: NFKC first
        ("mustermann2026", "passwort_zu_leicht"),  # from the person's own email address
        ("kurz", "passwort_zu_kurz"),
        ("ﬁ" * 11, "passwort_zu_leicht"),  # NFKC makes 22 characters of "fi" from 11 ligatures
    ],
)
def test_the_password_rule_refuses(passwort: str, code: str) -> None:
    assert _feldfehler(passwort) == {"passwort": code}


@pytest.mark.parametrize(
    "passwort",
    [
        PASSWORT,
        "Grüße aus Görlitz an der Neiße",
        "Мой пароль достаточно длинный",
        "日本語のパスワードです十二文字",
        "Sommer am See 🏖️ mit Oma",
        "  Leerzeichen am Rand zählen  ",
        "x" * 40 + "7Hd!kq#Pz",
    ],
)
def test_the_password_rule_accepts_sentences_in_any_script(passwort: str) -> None:
    assert _feldfehler(passwort) == {}


def test_a_refused_password_is_never_quoted_in_the_message() -> None:
    fehler = _feldfehler("Passwort12345")
    assert "Passwort12345" not in str(fehler)


def test_login_checks_no_rule_and_a_password_with_a_lone_surrogate_is_just_wrong(
    make,
) -> None:  # noqa: ANN001
    konten = make()
    konten.registrieren(EMAIL, PASSWORT, client="zuhause")
    daten = api_schemas.Anmeldedaten().load({"email": EMAIL, "passwort": "\ud800" * 12})

    with pytest.raises(AnmeldungFehlgeschlagen):
        konten.anmelden(daten["email"], daten["passwort"], client="zuhause")


def test_an_email_with_a_control_character_or_lone_surrogate_is_refused() -> None:
    for email in ("erika\x00@example.org", "erika\ud800@example.org", "eri\u202eka@example.org"):
        assert set(_feldfehler(PASSWORT, email)) == {"email"}


def test_the_same_password_in_another_unicode_form_logs_in(make) -> None:  # noqa: ANN001
    konten = make()
    zusammengesetzt = "Grüße aus Görlitz an der Neiße"
    zerlegt = "Gru\u0308ße aus Go\u0308rlitz an der Neiße"  # as some keyboards send it (NFD)
    konten.registrieren(EMAIL, zerlegt, client="zuhause")

    assert konten.anmelden(EMAIL, zusammengesetzt, client="zuhause").token
    assert konten.anmelden(EMAIL, zerlegt, client="zuhause").token


def test_a_hash_made_before_normalisation_still_logs_in_with_the_password_as_typed(
    make, application: Application
) -> None:  # noqa: ANN001
    konten = make()
    wie_getippt = "Ｖｏｌｌｂｒｅｉｔｅ Ｚｅｉｃｈｅｎ ｓｉｎｄ ａｌｔ"
    with application.unit_of_work() as uow:  # an account of before docs/adr/0071
        uow.repository(Konto).add(
            Konto.anlegen(
                kennung_schluessel=konten.schluessel.kennung("email", EMAIL),
                email=EMAIL,
                passwort_hash=konten.hasher.hash(wie_getippt),
            )
        )
        uow.commit()

    assert konten.anmelden(EMAIL, wie_getippt, client="zuhause").token
