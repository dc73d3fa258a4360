"""Schemathesis against the gateway's OpenAPI document, as the running gateway serves it, with a
logged-in session (issue #10, "The suite that keeps it so"; ADR 0076).

Every operation of the document gets generated requests, valid and invalid ones, from a person
who is logged in the way an API client is (the session cookie of POST /api/v1/sitzung and its
``csrf_token`` as ``X-CSRF-Token``, the document's security schemes ``sitzung`` and ``csrf``).
A case fails on any 5xx and on any answer the document does not list: an undocumented status, a
content type or a body the operation does not declare, a problem ``code`` outside the
operation's ``x-problem-codes``, or an answer without the security headers.

The budget is bounded for CI: ``MAX_EXAMPLES`` generated requests per operation and phase (25;
the coverage phase only with ``SOZ_FUZZ_VOLL=1``), no
per-example deadline (each request waits for real services; the pytest time-out bounds the
whole), and a fixed seed, so a failure found once is found again in the next run.
"""

from __future__ import annotations

import os

import pytest
import requests
import schemathesis
from gateway_antrag_plattform import AntragKlient, Plattform
from gateway_test_support import PASSWORT
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import BaseSchema
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.web.antworten import SECURITY_HEADERS

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow, pytest.mark.timeout(600)]

# 58 operations since the finder, the appointments and the Postkorb (December 2026). With its
# coverage phase (every boundary case the document defines, plus unexpected methods) the run
# took 380-450 s on the 2-core machine, too much for the 20-minute CI run; without it, 140 s.
# So CI runs the explicit examples and the generated requests (valid and invalid), and the
# boundary cases run where there is time: SOZ_FUZZ_VOLL=1 (e.g. nightly, or before a release).
# Hostile boundaries the gateway must meet are also pinned by the corpus (test_feindliche_eingaben).
# 25 generated requests per operation and phase (150 s on the 2-core machine): since make test
# runs the files in parallel processes (ADR 0123), this one shares the run with the others; a
# cut to 12 for a slower CPU's serial run was taken back.
SEED = 10_2026
VOLL = os.environ.get("SOZ_FUZZ_VOLL", "") == "1"
MAX_EXAMPLES = 25

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": SEED,
        "generation": {"max-examples": MAX_EXAMPLES, "mode": "all"},
        "phases": {"stateful": {"enabled": False}, "coverage": {"enabled": VOLL}},
    }
)

schema = schemathesis.pytest.from_fixture("gateway_schema")


@pytest.fixture(scope="session")
def fuzz_konto(plattform: Plattform) -> tuple[str, str]:
    """An account of the fuzzer's own (email) with one application (id), apart from the
    corpus's person: the fuzzer logs out, withdraws and submits, and must not disturb the other
    tests."""
    klient = AntragKlient(plattform.url)
    email = klient.neues_konto()
    antrag_id = klient.anlegen("einstiegsgeld")
    klient.jobcenter_abwarten(antrag_id)
    return email, antrag_id


@pytest.fixture(scope="session")
def gateway_schema(plattform: Plattform, fuzz_konto: tuple[str, str]) -> BaseSchema:
    """The document the running gateway serves (embedded mode: every operation), its base URL,
    and an auth provider that logs in as an API client does (security schemes ``sitzung`` and
    ``csrf``), and again after any 401: the fuzzer itself calls DELETE /api/v1/sitzung."""
    geladen = schemathesis.openapi.from_url(f"{plattform.url}/api/v1/openapi.json", config=CONFIG)
    email, _ = fuzz_konto

    @geladen.auth(refresh_interval=None, retry_on=[401])
    class Sitzung:
        def get(self, case: schemathesis.Case, ctx: schemathesis.AuthContext) -> dict[str, str]:
            antwort = requests.post(
                f"{plattform.url}/api/v1/sitzung",
                json={"email": email, "passwort": PASSWORT},
                timeout=10,
            )
            assert antwort.status_code == 201, antwort.text
            return {
                "cookie": antwort.cookies["soz_sitzung"],
                "csrf_token": antwort.json()["csrf_token"],
            }

        def set(
            self, case: schemathesis.Case, daten: dict[str, str], ctx: schemathesis.AuthContext
        ) -> None:
            case.cookies = {**(case.cookies or {}), "soz_sitzung": daten["cookie"]}
            case.headers = {**(case.headers or {}), "X-CSRF-Token": daten["csrf_token"]}

    return geladen


@schemathesis.check
def sicherheitsheader(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """Every answer, errors included, carries the gateway's security headers."""
    vorhanden = {name.lower() for name in response.headers}
    fehlend = [name for name in SECURITY_HEADERS if name.lower() not in vorhanden]
    if fehlend:
        raise AssertionError(f"security headers missing: {fehlend}")
    return None


@schemathesis.check
def problemcode_dokumentiert(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """A problem's ``code`` is one the operation lists in ``x-problem-codes`` for its status,
    and its ``status`` is the answer's. Requests with a method the operation does not have
    (Schemathesis sends TRACE and others) are answered 405 for the path, not by the operation."""
    if case.method.upper() != case.operation.method.upper():
        return None
    kopfzeilen = {name.lower(): werte for name, werte in response.headers.items()}
    if "application/problem+json" not in kopfzeilen.get("content-type", [""])[0]:
        return None
    body = response.json()
    dokumentiert = case.operation.definition.raw["responses"].get(str(response.status_code), {})
    codes = dokumentiert.get("x-problem-codes", [])
    if body.get("code") not in codes:
        raise AssertionError(
            f"problem code {body.get('code')!r} not in x-problem-codes {codes} "
            f"of {response.status_code}"
        )
    if body.get("status") != response.status_code:
        raise AssertionError(f"problem status {body.get('status')} != {response.status_code}")
    return None


PRUEFUNGEN = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    sicherheitsheader,
    problemcode_dokumentiert,
]


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)
def test_the_gateway_answers_every_generated_request_as_its_document_says(
    case: schemathesis.Case, fuzz_konto: tuple[str, str]
) -> None:
    _, antrag_id = fuzz_konto
    # Valid ids aim at the fuzzer's own application (a random one is only ever 404); invalid
    # ones stay as generated.
    if (
        "antrag_id" in (case.path_parameters or {})
        and case.meta is not None
        and case.meta.generation.mode.name == "POSITIVE"
    ):
        case.path_parameters["antrag_id"] = antrag_id
    case.call_and_validate(checks=PRUEFUNGEN, timeout=30)
