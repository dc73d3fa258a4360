"""The part of the platform an application goes through, for the gateway's application tests:
the real gateway, antrag and zustaendigkeit services as `nameko run` processes, in a RabbitMQ
virtual host of this run's own.

The event flow is real (AntragAngelegt -> zustaendigkeit -> ZustaendigkeitErmittelt -> antrag),
so the services run under their real names; the virtual host keeps their queues
(``antrag.on_zustaendigkeit_ermittelt``, ``rpc-antrag``, ...) apart from every other run on the
same broker (docs/adr/0017, 0029). Creating it needs ``rabbitmqctl`` (scripts/setup.sh runs as
root or with sudo).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests
from gateway_test_support import ANGEBUNDENE_ZKT, BEISPIEL_KONTAKTE, SUPPORT, Klient

from antrag.formulare import beispiele
from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.testing import ServiceProcess, virtual_host

AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
# Main-Kinzig-Kreis is connected (a zkT: apply here); Hanau is a gE inside it.
GELNHAUSEN = {"plz": "63571", "ort": "Gelnhausen"}
HANAU = {"plz": "63450", "ort": "Hanau"}
# No postcode of the Main-Kinzig-Kreis leaves the Jobcenter open (each one's Gemeinden share
# one), so: 64395 is Brensbach (Odenwaldkreis, connected on this platform too) and
# Groß-Bieberau (Darmstadt-Dieburg, a zkT not connected), and a town name that names neither
# leaves the choice to the person.
OHNE_EINDEUTIGES_JOBCENTER = {"plz": "64395", "ort": "Ortsteil ohne Eintrag"}
ODENWALDKREIS = "41508"
# The shortest benefit, complete.
EINSTIEGSGELD = beispiele.einstiegsgeld(GELNHAUSEN)


@dataclass(frozen=True)
class Plattform:
    gateway: ServiceProcess
    antrag: ServiceProcess
    zustaendigkeit: ServiceProcess
    amqp_uri: str

    @property
    def url(self) -> str:
        return self.gateway.url


@contextmanager
def antrag_plattform(ordner: Path, **gateway_env: str) -> Iterator[Plattform]:
    with ExitStack() as stack:
        amqp_uri = stack.enter_context(virtual_host(AMQP_URI, "gateway-antrag"))
        gemeinsam = {"PYTHONPATH": str(SUPPORT), "SOZ_LOG_LEVEL": "INFO"}
        zustaendigkeit = stack.enter_context(
            ServiceProcess(
                "zustaendigkeit.service:ZustaendigkeitService",
                amqp_uri=amqp_uri,
                env={
                    **gemeinsam,
                    "SOZ_SERVICE_NAME": "zustaendigkeit",
                    "SOZ_DATA_DIR": str(ordner / "zustaendigkeit"),
                    "SOZ_ANGEBUNDENE_ZKT": f"{ANGEBUNDENE_ZKT},{ODENWALDKREIS}",
                    "SOZ_JOBCENTER_KONTAKTE_DIR": str(BEISPIEL_KONTAKTE),
                },
                log_path=_log(ordner, "zustaendigkeit"),
                ready_timeout=120,
            )
        )
        antrag = stack.enter_context(
            ServiceProcess(
                "antrag.service:AntragService",
                amqp_uri=amqp_uri,
                env={
                    **gemeinsam,
                    "SOZ_SERVICE_NAME": "antrag",
                    "SOZ_DATA_DIR": str(ordner / "antrag"),
                },
                log_path=_log(ordner, "antrag"),
                ready_timeout=60,
            )
        )
        gateway = stack.enter_context(
            ServiceProcess(
                "gateway.service:GatewayService",
                amqp_uri=amqp_uri,
                env={
                    **gemeinsam,
                    "SOZ_SERVICE_NAME": "gateway",
                    "SOZ_DATA_DIR": str(ordner / "gateway"),
                    "SOZ_GATEWAY_DOWNSTREAM": "antrag,zustaendigkeit",
                    "SOZ_GATEWAY_LIMIT_LOGIN_IP": "1000/60",
                    "SOZ_GATEWAY_LIMIT_SIGNUP_IP": "1000/60",
                    **gateway_env,
                },
                log_path=_log(ordner, "gateway"),
                ready_timeout=60,
            )
        )
        yield Plattform(gateway, antrag, zustaendigkeit, amqp_uri)


def _log(ordner: Path, name: str) -> Path:
    (ordner / name).mkdir(parents=True, exist_ok=True)
    return ordner / f"{name}.log"


class AntragKlient(Klient):
    """A logged-in API client with the calls of an application."""

    def __init__(self, base_url: str, **optionen: Any) -> None:
        super().__init__(base_url, **optionen)
        self.person_id = ""

    def konto(self) -> AntragKlient:
        self.neues_konto()
        self.person_id = self.get("/api/v1/sitzung").json()["person_id"]
        return self

    def mit_csrf(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {"X-CSRF-Token": self.csrf_token or "", **kwargs.pop("headers", {})}
        return self.request(method, path, headers=headers, **kwargs)

    def anlegen(self, leistung: str = "einstiegsgeld", wohnort: dict | None = None) -> str:
        response = self.mit_csrf(
            "POST",
            "/api/v1/antraege",
            json={"leistung": leistung, "wohnort": wohnort or GELNHAUSEN},
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def speichern(self, antrag_id: str, abschnitt: str, daten: Any) -> requests.Response:
        pfad = f"/api/v1/antraege/{antrag_id}/abschnitte/{abschnitt}"
        return self.mit_csrf("PUT", pfad, json=daten)

    def ausfuellen(self, antrag_id: str, abschnitte: dict[str, dict] = EINSTIEGSGELD) -> None:
        for abschnitt, daten in abschnitte.items():
            response = self.speichern(antrag_id, abschnitt, daten)
            assert response.status_code == 200, response.text

    def antrag(self, antrag_id: str) -> dict[str, Any]:
        response = self.get(f"/api/v1/antraege/{antrag_id}")
        assert response.status_code == 200, response.text
        return response.json()

    def jobcenter_abwarten(self, antrag_id: str, sekunden: float = 30) -> dict[str, Any]:
        """The zustaendigkeit service answers AntragAngelegt within moments; antrag records it."""
        ende = time.monotonic() + sekunden
        while time.monotonic() < ende:
            antrag = self.antrag(antrag_id)
            if antrag["zustaendigkeit"] is not None:
                return antrag
            time.sleep(0.1)
        raise AssertionError(f"no Zuständigkeit recorded within {sekunden} s")

    def einreichen(self, antrag_id: str, art: str = "einreichung") -> requests.Response:
        return self.mit_csrf("POST", f"/api/v1/antraege/{antrag_id}/{art}")


def zustellung_melden(
    plattform: Plattform, antrag: dict[str, Any], person_id: str, *, zugestellt: bool = True
) -> None:
    """What the xta-gateway (not running here) publishes once a delivery is final."""
    payload: dict[str, Any] = {
        "zustellung_id": str(uuid.uuid4()),
        "antrag_id": antrag["id"],
        "person_id": person_id,
        "jobcenter_id": antrag["jobcenter"]["id"],
        "message_id": f"urn:de:xta:messageid:test:{uuid.uuid4()}",
    }
    if zugestellt:
        event_type = "NachrichtZugestellt"
        payload |= {"status": "green", "report_time": utc_now_rfc3339()}
    else:
        event_type = "ZustellungFehlgeschlagen"
        payload |= {"error_code": "9032", "reason": "TransportReport red", "retries": 5}
    envelope = Envelope(
        event_id=new_id(),
        event_type=event_type,
        schema_version=1,
        occurred_at=utc_now_rfc3339(),
        producer="xta_gateway",
        stream_id=f"zustellung-{payload['zustellung_id']}",
        stream_version=1,
        correlation_id=new_id(),
        causation_id=None,
        payload=payload,
    )
    publisher = ConfirmingPublisher(plattform.amqp_uri)
    try:
        publisher.publish(
            [
                OutgoingMessage(
                    exchange="xta_gateway.events",
                    routing_key=event_type,
                    body=envelope.to_json(),
                    message_id=envelope.event_id,
                )
            ]
        )
    finally:
        publisher.close()
