"""Keys, tokens and redirect targets (gateway.sicherheit, gateway.web.antworten)."""

from __future__ import annotations

import time

import pytest

from gateway.sicherheit import Schluessel, email_gueltig, email_normalisieren, sitzung_id
from gateway.web.antworten import lokaler_pfad

SCHLUESSEL = Schluessel(b"k" * 32)


def test_each_key_has_its_own_purpose_and_depends_on_the_secret() -> None:
    anderer = Schluessel(b"j" * 32)
    assert SCHLUESSEL.kennung("email", "a@example.org") != anderer.kennung("email", "a@example.org")
    assert SCHLUESSEL.kennung("email", "x") != SCHLUESSEL.kennung("oidc", "x")
    assert SCHLUESSEL.csrf_token("x") != SCHLUESSEL.client("x")
    assert len(SCHLUESSEL.kennung("email", "a@example.org")) == 64


def test_a_csrf_token_is_valid_only_for_its_session() -> None:
    token = SCHLUESSEL.csrf_token("sitzung:abc")
    assert SCHLUESSEL.csrf_gueltig("sitzung:abc", token)
    assert not SCHLUESSEL.csrf_gueltig("sitzung:abd", token)
    assert not SCHLUESSEL.csrf_gueltig("sitzung:abc", None)
    assert not SCHLUESSEL.csrf_gueltig("sitzung:abc", "")


def test_signed_values_refuse_tampering_and_age(monkeypatch: pytest.MonkeyPatch) -> None:
    signiert = SCHLUESSEL.signieren({"state": "s1"})
    assert SCHLUESSEL.oeffnen(signiert, 600)["state"] == "s1"

    body, _, signature = signiert.rpartition(".")
    assert SCHLUESSEL.oeffnen(body + "x." + signature, 600) is None
    assert SCHLUESSEL.oeffnen(signiert + "x", 600) is None
    assert Schluessel(b"j" * 32).oeffnen(signiert, 600) is None
    assert SCHLUESSEL.oeffnen("kaputt", 600) is None
    assert SCHLUESSEL.oeffnen(None, 600) is None

    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert SCHLUESSEL.oeffnen(signiert, 600) is None


def test_session_ids_are_hashes_of_the_token() -> None:
    assert sitzung_id("token") != "token"
    assert len(sitzung_id("token")) == 64


@pytest.mark.parametrize(
    ("email", "gueltig"),
    [
        ("erika@example.org", True),
        ("Erika.Mustermann+test@sub.example.de", True),
        ("erika@example", False),
        ("erika example.org", False),
        ("@example.org", False),
        ("erika@@example.org", False),
        ("a" * 250 + "@example.org", False),
    ],
)
def test_email_check(email: str, gueltig: bool) -> None:
    assert email_gueltig(email_normalisieren(email)) is gueltig


@pytest.mark.parametrize(
    ("ziel", "erwartet"),
    [
        ("/konto", "/konto"),
        ("/konto?neu", "/konto?neu"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("/ok\r\nSet-Cookie: x", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_redirect_targets_stay_on_the_site(ziel: str | None, erwartet: str) -> None:
    assert lokaler_pfad(ziel) == erwartet
