"""The gateway in front of the termine stand-in (gateway_termine_attrappe), as the appointment
tests start it: both real `nameko run` processes, under names of this run's own; and the
gateway in front of the real termine and zustaendigkeit services."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from gateway_test_support import ANGEBUNDENE_ZKT, BEISPIEL_KONTAKTE, SUPPORT, gateway_process

from kernel.testing import ServiceProcess, virtual_host

AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")


@dataclass
class TerminePlattform:
    gateway: ServiceProcess
    termine: ServiceProcess
    termine_name: str


@contextmanager
def termine_plattform(ordner: Path) -> Iterator[TerminePlattform]:
    name = f"termine{uuid.uuid4().hex[:8]}"
    (ordner / "termine").mkdir(parents=True, exist_ok=True)
    with (
        ServiceProcess(
            "gateway_termine_attrappe:TermineAttrappe",
            env={
                "TERMINE_DIENSTNAME": name,
                "PYTHONPATH": str(SUPPORT),
                "SOZ_DATA_DIR": str(ordner / "termine"),
            },
            log_path=ordner / "termine" / "termine.log",
        ) as termine,
        gateway_process(
            ordner / "gateway",
            TEST_DIENSTNAMEN=f"termine={name}",
            SOZ_GATEWAY_LIMIT_LOGIN_IP="1000/60",
            SOZ_GATEWAY_LIMIT_SIGNUP_IP="1000/60",
        ) as gateway,
    ):
        yield TerminePlattform(gateway, termine, name)


@dataclass
class EchteTerminePlattform:
    """Gateway, termine (demo directory) and zustaendigkeit, real, in a virtual host."""

    gateway: ServiceProcess
    termine: ServiceProcess
    termine_ordner: Path
    amqp_uri: str


@contextmanager
def echte_termine_plattform(ordner: Path) -> Iterator[EchteTerminePlattform]:
    """The services under their real names (termine asks "zustaendigkeit" by that name), so in
    a RabbitMQ virtual host of this run's own (kernel.testing.virtual_host)."""
    with ExitStack() as stack:
        amqp_uri = stack.enter_context(virtual_host(AMQP_URI, "gateway-termine"))
        gemeinsam = {"PYTHONPATH": str(SUPPORT), "SOZ_LOG_LEVEL": "INFO"}

        def dienst(ziel: str, name: str, **env: str) -> ServiceProcess:
            (ordner / name).mkdir(parents=True, exist_ok=True)
            prozess = ServiceProcess(
                ziel,
                amqp_uri=amqp_uri,
                env={
                    **gemeinsam,
                    "SOZ_SERVICE_NAME": name,
                    "SOZ_DATA_DIR": str(ordner / name),
                    **env,
                },
                log_path=ordner / f"{name}.log",
                ready_timeout=180,
            )
            stack.callback(prozess.stop)
            return prozess

        zustaendigkeit = dienst(
            "zustaendigkeit.service:ZustaendigkeitService",
            "zustaendigkeit",
            SOZ_ANGEBUNDENE_ZKT=ANGEBUNDENE_ZKT,
            SOZ_JOBCENTER_KONTAKTE_DIR=str(BEISPIEL_KONTAKTE),
        )
        termine = dienst("termine.service:TermineService", "termine")
        gateway = dienst(
            "gateway.service:GatewayService",
            "gateway",
            SOZ_GATEWAY_DOWNSTREAM="termine,zustaendigkeit",
            SOZ_GATEWAY_LIMIT_LOGIN_IP="1000/60",
            SOZ_GATEWAY_LIMIT_SIGNUP_IP="1000/60",
        )
        # All at once, as make run does (termine needs zustaendigkeit only for a search, the
        # gateway is ready once both answer): the demo directory's load sets the pace.
        with ThreadPoolExecutor(3) as pool:
            for gestartet in [pool.submit(p.start) for p in (zustaendigkeit, termine, gateway)]:
                gestartet.result()
        yield EchteTerminePlattform(gateway, termine, ordner / "termine", amqp_uri)


def zugang_geben(plattform: EchteTerminePlattform, person_id: str, stelle_id: str) -> None:
    """termine's operator command, as an operator runs it (docs/adr/0113)."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "termine.betrieb",
            "zugang",
            "--person",
            person_id,
            "--stelle",
            stelle_id,
            "--rolle",
            "leitung",
        ],
        check=True,
        capture_output=True,
        timeout=60,
        env={
            **os.environ,
            "SOZ_SERVICE_NAME": "termine",
            "SOZ_DATA_DIR": str(plattform.termine_ordner),
            "SOZ_AMQP_URI": plattform.amqp_uri,
            "SOZ_TERMINE_DEMO": "0",
        },
    )
