"""The gateway in front of the termine stand-in (gateway_termine_attrappe), as the appointment
tests start it: both real `nameko run` processes, under names of this run's own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from gateway_test_support import SUPPORT, gateway_process

from kernel.testing import ServiceProcess


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
