"""`make run`'s supervisor (scripts/run_platform.py) as a real process, for the supervision and
fault tests of tests/platform.

What `make run` starts, started the way `make run` starts it, with what differs so that a run
can share the machine with `make run` and other test runs: a services file of the run's own
(free ports), its own directory for data, logs and generated configs (SOZ_VAR_DIR), its own
RabbitMQ virtual host, and the xta-gateway pointed at the run's own XTA2 counterpart.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from kernel.testing import free_port

REPO = Path(__file__).resolve().parents[2]
SUPERVISOR = REPO / "scripts" / "run_platform.py"
INSTANCE_ENV = REPO / "deploy" / "embedded" / "instance.env"
PR_SET_PDEATHSIG = 1


@dataclass(frozen=True)
class Dienst:
    """One line of the run's services file; ``betrieb`` gives it an operations port."""

    name: str
    modul: str
    betrieb: bool = False


@dataclass
class Ports:
    port: int
    betrieb: int | None

    @property
    def bereit_url(self) -> str:
        return f"http://127.0.0.1:{self.betrieb or self.port}/health/ready"


class Aufsicht:
    """``python scripts/run_platform.py`` with a services file of free ports; output in
    ``ordner/aufsicht.log``. ``starten`` returns once the supervisor says the platform runs."""

    def __init__(
        self,
        ordner: Path,
        dienste: list[Dienst],
        *,
        amqp_uri: str,
        argumente: list[str] | None = None,
        umgebung: dict[str, str] | None = None,
    ) -> None:
        self.ordner = ordner
        self.var = ordner / "var"
        self.ports = {
            d.name: Ports(free_port(), free_port() if d.betrieb else None) for d in dienste
        }
        self.dienste_datei = ordner / "services.txt"
        self.dienste_datei.write_text(
            "".join(
                f"{d.name} {self.ports[d.name].port} {d.modul}"
                f"{' ' + str(self.ports[d.name].betrieb) if d.betrieb else ''}\n"
                for d in dienste
            )
        )
        self.ausgabe = ordner / "aufsicht.log"
        self.befehl = [
            sys.executable,
            str(SUPERVISOR),
            "--services",
            str(self.dienste_datei),
            "--instance-settings",
            str(INSTANCE_ENV),
            "--amqp-uri",
            amqp_uri,
            "--ready-timeout",
            "120",
            *(argumente or []),
        ]
        self.umgebung = {
            **os.environ,
            "SOZ_VAR_DIR": str(self.var),
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            **(umgebung or {}),
        }
        self.prozess: subprocess.Popen[bytes] | None = None

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.ports[name].port}"

    def starten(self, frist: float = 180.0) -> Aufsicht:
        self.prozess = subprocess.Popen(
            self.befehl,
            cwd=REPO,
            env=self.umgebung,
            stdin=subprocess.DEVNULL,
            stdout=self.ausgabe.open("ab"),
            stderr=subprocess.STDOUT,
            preexec_fn=_mit_dem_test_enden,
        )
        if not self.warten_auf("Sozialplattform läuft", frist):
            self.stoppen()
            raise AssertionError(f"the platform did not start:\n{self.text()[-6000:]}")
        return self

    def text(self) -> str:
        return self.ausgabe.read_text(errors="replace") if self.ausgabe.exists() else ""

    def warten_auf(self, zeile: str, frist: float, ab: int = 0) -> bool:
        """Whether ``zeile`` appears in the supervisor's output (after character ``ab``) within
        ``frist`` seconds; False at once when the supervisor has ended."""
        ende = time.monotonic() + frist
        while time.monotonic() < ende:
            if zeile in self.text()[ab:]:
                return True
            if self.prozess is None or self.prozess.poll() is not None:
                return zeile in self.text()[ab:]
            time.sleep(0.2)
        return False

    def pid(self, name: str) -> int:
        """The pid of the service's current process (the supervisor's last 'started' line)."""
        pids = re.findall(rf"started {re.escape(name)} \(pid (\d+)", self.text())
        assert pids, f"{name} was never started:\n{self.text()[-3000:]}"
        return int(pids[-1])

    def toeten(self, name: str) -> int:
        """SIGKILL to the service's process, as a crash or the OOM killer would; its pid."""
        pid = self.pid(name)
        os.kill(pid, signal.SIGKILL)
        return pid

    def bereit(self, name: str) -> bool:
        return status(self.ports[name].bereit_url) == 200

    def laeuft(self) -> bool:
        return self.prozess is not None and self.prozess.poll() is None

    def stoppen(self, frist: float = 60.0) -> int | None:
        """SIGTERM, as systemd or a terminal's Ctrl-C would send; the supervisor's exit code."""
        if self.prozess is None:
            return None
        if self.prozess.poll() is None:
            self.prozess.send_signal(signal.SIGTERM)
            try:
                self.prozess.wait(frist)
            except subprocess.TimeoutExpired:
                self.prozess.kill()
                self.prozess.wait()
        return self.prozess.returncode

    def logs(self, zeichen: int = 3000) -> str:
        teile = [f"--- supervisor\n{self.text()[-zeichen:]}"]
        for log in sorted((self.var / "log").glob("*.log")):
            teile.append(f"--- {log.name}\n{log.read_text(errors='replace')[-zeichen:]}")
        return "\n".join(teile)


def status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=3) as antwort:
            return antwort.status
    except urllib.error.HTTPError as fehler:
        return fehler.code
    except OSError:
        return None


def lebt(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie (dead, not yet collected by its parent) counts as ended.
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    return False


def _mit_dem_test_enden() -> None:
    """If the test process dies, the supervisor gets SIGKILL, and its services after it."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
