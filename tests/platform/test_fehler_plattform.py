"""Fault tests of the whole platform as `make run` runs it (issue 10, "the suite that keeps it
so"): a SIGKILL of each service during submissions, and a RabbitMQ restart during submissions.
Each ends with every application delivered exactly once to the XTA2 counterpart and the
platform serving again.

The platform is deploy/embedded/services.txt under `make run`'s own supervisor
(scripts/run_platform.py, tests/platform/aufsicht.py) in a RabbitMQ virtual host of its own.
A person files Kurzanträge through the API (the shortest complete filing) and does what a
person does when the portal answers 503 or not at all: tries again a moment later.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "support"))

from aufsicht import Aufsicht, Dienst, status  # noqa: E402
from hauptablauf_plattform import (  # noqa: E402
    EINSTIEGSGELD,
    GELNHAUSEN,
    PLAIN_PROGRAM,
    AntragKlient,
    Gegenstelle,
    dienste_der_instanz,
    warten_bis,
)

from kernel.testing import virtual_host  # noqa: E402

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow, pytest.mark.timeout(300)]

AMQP_URI = "pyamqp://guest:guest@127.0.0.1:5672/"
ANTRAEGE_JE_FEHLER = 4
FRIST = 90.0  # seconds for a step that a restart or a broker outage delays
GEGENSTELLE = "xta2-gegenstelle"
MAIL = "mail"  # the SMTP sink (docs/adr/0090)
LESER = "jobcenter:43102"  # Gelnhausen: Main-Kinzig-Kreis (deploy/embedded/xta-gateway.json)
# Services whose loss the gateway's /health/ready shows (its downstream services).
VOM_GATEWAY_GEPRUEFT = {"zustaendigkeit", "antrag"}


class LaufendeGegenstelle(Gegenstelle):
    """The inspection endpoints of the counterpart the supervisor started."""

    def __init__(self, url: str) -> None:  # noqa: D107 - only the address is needed
        self.url = url


@pytest.fixture(scope="module")
def aufsicht(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Aufsicht]:
    ordner = tmp_path_factory.mktemp("fehler-plattform")
    dienste = [
        Dienst(spec.name, spec.module, betrieb=spec.ops_port is not None)
        for spec in dienste_der_instanz()
    ]
    assert [d.name for d in dienste if d.modul.startswith(PLAIN_PROGRAM)] == [
        GEGENSTELLE,
        "clamd",  # the Postkorb's embedded virus scanner (docs/adr/0105)
        MAIL,
    ]
    with virtual_host(AMQP_URI, "fehler-plattform") as amqp_uri:
        laufend = Aufsicht(ordner, dienste, amqp_uri=amqp_uri)
        laufend.umgebung.update(
            {
                "SOZ_XTA_ENDPUNKT": f"{laufend.url(GEGENSTELLE)}/xta",
                "SOZ_SMTP_PORT": str(laufend.ports[MAIL].port),  # this run's mail sink
                # Every round signs a person up from the same address.
                "SOZ_GATEWAY_LIMIT_SIGNUP_IP": "100/3600",
                # No appointment is booked here: termine starts without its 5,300 demo centres.
                "SOZ_TERMINE_DEMO": "0",
            }
        )
        laufend.starten()
        try:
            yield laufend
        finally:
            code = laufend.stoppen()
            assert code == 0, laufend.logs()


def beharrlich(aufruf: Callable[[], requests.Response], frist: float = FRIST) -> requests.Response:
    """What a person does: a 503 or no answer at all, and they try again a moment later."""
    ende = time.monotonic() + frist
    while True:
        try:
            antwort = aufruf()
            if antwort.status_code not in (502, 503, 504) or time.monotonic() > ende:
                return antwort
        except requests.ConnectionError:
            if time.monotonic() > ende:
                raise
        time.sleep(0.5)


def vorbereiten(aufsicht: Aufsicht) -> tuple[AntragKlient, list[str]]:
    """A person with ANTRAEGE_JE_FEHLER applications whose Jobcenter is known and whose
    Kurzantrag is complete, not yet filed."""
    klient = AntragKlient(aufsicht.url("gateway")).konto()
    antraege = []
    for _ in range(ANTRAEGE_JE_FEHLER):
        antrag_id = klient.anlegen("einstiegsgeld", GELNHAUSEN)
        klient.jobcenter_abwarten(antrag_id, FRIST)
        klient.ausfuellen(antrag_id, {"antragsteller": EINSTIEGSGELD["antragsteller"]})
        antraege.append(antrag_id)
    return klient, antraege


def kurzantrag(klient: AntragKlient, antrag_id: str) -> None:
    """Filed, whatever the outage: 202, or 409 when an earlier try got through unanswered."""
    antwort = beharrlich(lambda: klient.einreichen(antrag_id, "kurzantrag"))
    gestellt = antwort.status_code == 202 or (
        antwort.status_code == 409 and antwort.json()["code"] == "kurzantrag_bereits_gestellt"
    )
    assert gestellt, (antwort.status_code, antwort.text)


def zugestellt(klient: AntragKlient, antrag_id: str) -> bool:
    antwort = beharrlich(lambda: klient.get(f"/api/v1/antraege/{antrag_id}"))
    return antwort.status_code == 200 and antwort.json()["status"] == "zugestellt"


def genau_einmal_zugestellt(aufsicht: Aufsicht, klient: AntragKlient, antraege: list[str]) -> None:
    alle = warten_bis(lambda: all(zugestellt(klient, a) for a in antraege), FRIST, 0.5)
    assert alle, f"not all delivered: {[klient.antrag(a) for a in antraege]}\n{aufsicht.logs()}"
    gegenstelle = LaufendeGegenstelle(aufsicht.url(GEGENSTELLE))
    bei_der_gegenstelle = Counter(antrag_id for antrag_id, _ in gegenstelle.antraege(LESER))
    assert {a: bei_der_gegenstelle[a] for a in antraege} == dict.fromkeys(antraege, 1), (
        aufsicht.logs()
    )


def dient_wieder(aufsicht: Aufsicht) -> None:
    """Every service answers readiness, and a new application can be made and filed."""
    for name in aufsicht.ports:
        assert warten_bis(lambda name=name: aufsicht.bereit(name), FRIST, 0.5), (
            f"{name} not ready again\n{aufsicht.logs()}"
        )
    klient = AntragKlient(aufsicht.url("gateway")).konto()
    antrag_id = klient.anlegen("einstiegsgeld", GELNHAUSEN)
    klient.jobcenter_abwarten(antrag_id, FRIST)
    klient.ausfuellen(antrag_id, {"antragsteller": EINSTIEGSGELD["antragsteller"]})
    kurzantrag(klient, antrag_id)
    genau_einmal_zugestellt(aufsicht, klient, [antrag_id])


def gateway_bereitschaft(aufsicht: Aufsicht) -> dict[str, Any] | None:
    try:
        return requests.get(aufsicht.ports["gateway"].bereit_url, timeout=5).json()
    except (requests.RequestException, ValueError):
        return None


@pytest.mark.parametrize(
    "dienst", ["antrag", "zustaendigkeit", "xta_gateway", GEGENSTELLE, "gateway"]
)
def test_a_killed_service_is_restarted_and_every_application_is_delivered_exactly_once(
    aufsicht: Aufsicht, dienst: str
) -> None:
    klient, antraege = vorbereiten(aufsicht)
    stand = len(aufsicht.text())

    kurzantrag(klient, antraege[0])
    kurzantrag(klient, antraege[1])
    getoetet = aufsicht.toeten(dienst)
    if dienst in VOM_GATEWAY_GEPRUEFT:
        # The gateway shows the degraded state on its operations port while the service is away.
        gemeldet = warten_bis(
            lambda: (
                (gateway_bereitschaft(aufsicht) or {}).get("checks", {}).get(f"service:{dienst}")
                is False
            ),
            10,
            0.1,
        )
        assert gemeldet, gateway_bereitschaft(aufsicht)
    for antrag_id in antraege[2:]:
        kurzantrag(klient, antrag_id)

    assert aufsicht.warten_auf(f"{dienst} is ready again", FRIST, stand), aufsicht.logs()
    assert f"{dienst} (pid {getoetet}) was killed by SIGKILL; restarting it" in aufsicht.text()
    assert aufsicht.laeuft()
    genau_einmal_zugestellt(aufsicht, klient, antraege)
    dient_wieder(aufsicht)


def rabbitmqctl(*argumente: str) -> None:
    befehl = shutil.which("rabbitmqctl")
    assert befehl, "rabbitmqctl is missing (scripts/setup.sh rabbitmq installs it)"
    subprocess.run([befehl, *argumente], check=True, capture_output=True, timeout=120)


@pytest.mark.alleine  # make test runs it after the parallel part, on its own (ADR 0123)
def test_a_broker_restart_during_submissions_loses_and_duplicates_no_application(
    aufsicht: Aufsicht,
) -> None:
    """stop_app/start_app stops the broker for every user of this machine for a few seconds;
    the test waits until the broker answers again before it goes on. Every other test running
    meanwhile would lose its connections, so this one runs alone."""
    klient, antraege = vorbereiten(aufsicht)

    kurzantrag(klient, antraege[0])
    kurzantrag(klient, antraege[1])
    rabbitmqctl("stop_app")
    try:
        time.sleep(3)
    finally:
        rabbitmqctl("start_app")
        rabbitmqctl("await_startup")
    for antrag_id in antraege[2:]:
        kurzantrag(klient, antrag_id)

    assert aufsicht.laeuft()
    genau_einmal_zugestellt(aufsicht, klient, antraege)
    dient_wieder(aufsicht)
    assert status(aufsicht.ports["gateway"].bereit_url) == 200
