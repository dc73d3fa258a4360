"""Helpers of the gateway's tests: start the gateway, talk to it like a browser or an API client,
and check answers against the OpenAPI document."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import requests
from kombu import Connection

from kernel.testing import ServiceProcess

SUPPORT = Path(__file__).parent
REPOSITORY = SUPPORT.parents[3]
OPENAPI = REPOSITORY / "contracts" / "openapi" / "gateway.json"
PASSWORT = "ein langer Satz als Passwort"
# The real gateway with its RPC sent to this run's own services (gateway_probe_gateway).
GATEWAY = "gateway_probe_gateway:ProbeGateway"
ZUSTAENDIGKEIT = "gateway_zustaendigkeit_dienst:ZustaendigkeitTestDienst"
# Connected in the tests: Main-Kinzig-Kreis (63571 Gelnhausen; 63450 Hanau is a gE inside it).
ANGEBUNDENE_ZKT = "43102"
# The example contacts (made-up example.org data) of deploy/embedded, as make run uses them.
BEISPIEL_KONTAKTE = REPOSITORY / "deploy" / "embedded" / "jobcenter-kontakte"


def dienstname(dienst: str) -> str:
    """A name of this run's own, for a service process and the gateway that calls it."""
    return f"{dienst}{uuid.uuid4().hex[:8]}"


@contextmanager
def gateway_process(data_dir: Path, target: str = GATEWAY, **env: str) -> Iterator[ServiceProcess]:
    """Without SOZ_GATEWAY_DOWNSTREAM, readiness waits for no service; without
    TEST_DIENSTNAMEN, zustaendigkeit is a name nobody runs."""
    standard = {
        "SOZ_GATEWAY_DOWNSTREAM": "",
        "TEST_DIENSTNAMEN": f"zustaendigkeit={dienstname('nicht-gestartet')}",
    }
    data_dir.mkdir(parents=True, exist_ok=True)
    process = ServiceProcess(
        target,
        env={"SOZ_DATA_DIR": str(data_dir), "PYTHONPATH": str(SUPPORT), **standard, **env},
        log_path=data_dir / "gateway.log",
    )
    with process:
        yield process


@contextmanager
def gateway_mit_mail(data_dir: Path, smtp_port: int, **env: str) -> Iterator[ServiceProcess]:
    """A gateway that sends its mails to the SMTP sink on ``smtp_port``, with limits that
    let a test sign up, log in and ask for links as often as it needs."""
    limits = {
        "SOZ_GATEWAY_LIMIT_LOGIN_IP": "1000/60",
        "SOZ_GATEWAY_LIMIT_SIGNUP_IP": "1000/60",
        "SOZ_GATEWAY_LIMIT_RESET_IP": "1000/60",
    }
    with gateway_process(data_dir, SOZ_SMTP_PORT=str(smtp_port), **{**limits, **env}) as process:
        yield process


@contextmanager
def zustaendigkeit_process(
    data_dir: Path, name: str, angebundene_zkt: str = ANGEBUNDENE_ZKT
) -> Iterator[ServiceProcess]:
    """The real zustaendigkeit service on the real reference data, under ``name``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    process = ServiceProcess(
        ZUSTAENDIGKEIT,
        env={
            "SOZ_SERVICE_NAME": "zustaendigkeit",
            "SOZ_DATA_DIR": str(data_dir),
            "PYTHONPATH": str(SUPPORT),
            "ZUSTAENDIGKEIT_DIENSTNAME": name,
            "SOZ_ANGEBUNDENE_ZKT": angebundene_zkt,
            "SOZ_JOBCENTER_KONTAKTE_DIR": str(BEISPIEL_KONTAKTE),
        },
        log_path=data_dir / "zustaendigkeit.log",
        ready_timeout=90,
    )
    try:
        with process:
            yield process
    finally:
        _rpc_queue_loeschen(process.amqp_uri, name)


def _rpc_queue_loeschen(amqp_uri: str, name: str) -> None:
    """nameko's RPC queue is durable: remove it, so test runs leave no queues behind."""
    with Connection(amqp_uri) as connection:
        connection.default_channel.queue_delete(f"rpc-{name}")


def neue_email() -> str:
    return f"person-{uuid.uuid4().hex[:12]}@example.org"


class Klient:
    """A requests session against one gateway; ``ip`` goes into X-Forwarded-For (the
    gateways that trust one proxy take it as the client address)."""

    def __init__(self, base_url: str, *, ip: str | None = None, sprache: str | None = None):
        self.base_url = base_url
        self.session = requests.Session()
        if ip:
            self.session.headers["X-Forwarded-For"] = ip
        if sprache:
            self.session.headers["Accept-Language"] = sprache
        self.csrf_token: str | None = None

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 10)
        return self.session.request(method, self.base_url + path, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def post_json(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.request("POST", path, json=body, **kwargs)

    def registrieren(self, email: str, passwort: str = PASSWORT) -> requests.Response:
        return self.post_json("/api/v1/konto", {"email": email, "passwort": passwort})

    def anmelden(self, email: str, passwort: str = PASSWORT) -> requests.Response:
        response = self.post_json("/api/v1/sitzung", {"email": email, "passwort": passwort})
        if response.status_code == 201:
            self.csrf_token = response.json()["csrf_token"]
        return response

    def neues_konto(self) -> str:
        """Sign up and log in; the email."""
        email = neue_email()
        assert self.registrieren(email).status_code == 202
        assert self.anmelden(email).status_code == 201
        return email

    def abmelden(self, token: str | None = None) -> requests.Response:
        headers = {"X-CSRF-Token": token if token is not None else (self.csrf_token or "")}
        return self.request("DELETE", "/api/v1/sitzung", headers=headers)


@cache
def openapi() -> dict[str, Any]:
    return json.loads(OPENAPI.read_text(encoding="utf-8"))


def pruefe_antwort(response: requests.Response, method: str, path: str) -> None:
    """The answer is one the OpenAPI document lists for the operation, with that schema."""
    operation = openapi()["paths"][path][method.lower()]
    documented = operation["responses"].get(str(response.status_code))
    assert documented is not None, f"{method} {path}: {response.status_code} not documented"
    if response.status_code == 204 or "content" not in documented:  # documented without a body
        assert not response.content, f"{method} {path}: a body where none is documented"
        return
    content_type = response.headers["Content-Type"].split(";")[0]
    assert content_type in documented["content"], (content_type, list(documented["content"]))
    body = response.json()
    schema = documented["content"][content_type]["schema"]
    jsonschema.validate(body, _resolve(schema), cls=jsonschema.Draft202012Validator)
    if content_type == "application/problem+json":
        assert body["code"] in documented["x-problem-codes"], body["code"]
        assert body["status"] == response.status_code


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    """The operation's schema with the document's components beside it, so $refs resolve."""
    return {**schema, "components": openapi()["components"]}
