"""The gateway serves /health/* and /metrics on its operations port only (issue 10, finding 11;
docs/adr/0073): the public port, the one the Ingress exposes, answers them as any unknown path
and names no internal service; the operations port serves nothing of the citizens'. A gateway
without an operations port refuses to start and says what to set."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from kernel.testing import ServiceProcess, virtual_host

REPO = Path(__file__).resolve().parents[2]
AMQP_URI = "pyamqp://guest:guest@127.0.0.1:5672/"
BETRIEBSPFADE = ["/health/ready", "/health/live", "/metrics"]

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow]


def gateway(ordner: Path, amqp_uri: str, **env: str) -> ServiceProcess:
    """The real gateway; readiness waits for no downstream service (none runs here)."""
    return ServiceProcess(
        "gateway.service:GatewayService",
        env={"SOZ_DATA_DIR": str(ordner), "SOZ_GATEWAY_DOWNSTREAM": "", **env},
        cwd=REPO,
        amqp_uri=amqp_uri,
        log_path=ordner / "gateway.log",
        ready_timeout=60,
    )


@pytest.fixture(scope="module")
def amqp_uri() -> Iterator[str]:
    with virtual_host(AMQP_URI, "betriebsport") as uri:
        yield uri


@pytest.fixture(scope="module")
def laufend(tmp_path_factory: pytest.TempPathFactory, amqp_uri: str) -> Iterator[ServiceProcess]:
    with gateway(tmp_path_factory.mktemp("gateway"), amqp_uri) as prozess:
        yield prozess


@pytest.mark.parametrize("pfad", BETRIEBSPFADE)
def test_the_public_port_answers_operations_paths_as_unknown(
    laufend: ServiceProcess, pfad: str
) -> None:
    antwort = requests.get(f"{laufend.url}{pfad}", timeout=10)
    unbekannt = requests.get(f"{laufend.url}/gibt-es-nicht", timeout=10)

    assert antwort.status_code == 404
    assert antwort.headers["Content-Type"] == unbekannt.headers["Content-Type"]
    for verraeterisch in ("checks", "broker", "database", "service:", "process_", "python_"):
        assert verraeterisch not in antwort.text


def test_the_operations_port_serves_readiness_with_its_checks_liveness_and_metrics(
    laufend: ServiceProcess,
) -> None:
    bereit = requests.get(f"{laufend.ops_url}/health/ready", timeout=10)
    assert bereit.status_code == 200
    assert bereit.json()["status"] == "ready"
    assert bereit.json()["checks"]["database"] is bereit.json()["checks"]["broker"] is True
    assert requests.get(f"{laufend.ops_url}/health/live", timeout=10).json() == {"status": "live"}
    metriken = requests.get(f"{laufend.ops_url}/metrics", timeout=10)
    assert metriken.status_code == 200
    assert metriken.headers["Content-Type"].startswith("text/plain")
    assert "process_cpu_seconds_total" in metriken.text


def test_the_operations_port_serves_nothing_of_the_citizens(laufend: ServiceProcess) -> None:
    assert requests.get(laufend.url, timeout=10).status_code == 200
    for pfad in ("/", "/api/v1/openapi.json", "/anmelden"):
        assert requests.get(f"{laufend.ops_url}{pfad}", timeout=10).status_code == 404


def test_a_gateway_without_an_operations_port_refuses_to_start(
    tmp_path: Path, amqp_uri: str
) -> None:
    with pytest.raises(AssertionError, match="did not become ready") as abbruch:
        gateway(tmp_path, amqp_uri, SOZ_OPS_PORT="").start()
    assert "set SOZ_OPS_PORT" in str(abbruch.value)
