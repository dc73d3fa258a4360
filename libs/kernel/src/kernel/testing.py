"""Test support: run a service as a real `nameko run` process, as `make run` does.

with ServiceProcess("kernel_probe_service:ProbeService", env={...}, cwd=...) as service:
    service.get("/health/ready")
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def virtual_host(amqp_uri: str, prefix: str) -> Iterator[str]:
    """A fresh RabbitMQ virtual host (``<prefix>-<hex>``, guest may use it) for the duration,
    deleted afterwards; yields ``amqp_uri`` pointed at it. Services started in it share no
    queue with another run on the same broker."""
    ctl = shutil.which("rabbitmqctl")
    if ctl is None:
        raise RuntimeError(
            "rabbitmqctl is missing: this run needs a RabbitMQ virtual host of its own "
            "(apt-get install rabbitmq-server; run as root or with sudo on the broker's machine)"
        )
    name = f"{prefix}-{uuid.uuid4().hex[:8]}"

    def ctl_run(*args: str) -> None:
        subprocess.run([ctl, *args], check=True, capture_output=True, timeout=120)

    ctl_run("add_vhost", name)
    try:
        ctl_run("set_permissions", "-p", name, "guest", ".*", ".*", ".*")
        yield f"{amqp_uri.rstrip('/')}/{name}"
    finally:
        ctl_run("delete_vhost", name)


# Leichte Sprache splits a compound word with the Mediopunkt (Post·fach, Wohn·geld), never with
# a hyphen between two parts of one word (Post-Fach); E-Mail-Adresse and Steuer-ID are written
# forms of their own and stay. One rule for the texts of every service (issue 11).
_BINDESTRICH_IM_WORT = re.compile(r"[a-zäöüß]-[A-ZÄÖÜ](?<!Mail-A)(?!D\b)")


def mit_bindestrich_im_wort(texte: Any) -> list[str]:
    """The Leichte Sprache texts among ``texte`` that split a word with a hyphen."""
    return [text for text in texte if _BINDESTRICH_IM_WORT.search(text)]


def pdf_strukturarten(katalog: Any) -> set[str]:
    """The structure types (``/H1``, ``/P``, ``/Table``, ...) of a tagged PDF's structure tree,
    from its catalogue as pikepdf reads it (``pikepdf.open(...).Root``): what the tests of the
    tagged PDFs (kernel.pdf) check."""
    import pikepdf

    arten: set[str] = set()
    offen = [katalog.StructTreeRoot]
    while offen:
        knoten = offen.pop()
        if isinstance(knoten, pikepdf.Dictionary):
            if "/S" in knoten:
                arten.add(str(knoten.S))
            kinder = knoten.get("/K")
            if kinder is not None:
                offen.extend(kinder if isinstance(kinder, pikepdf.Array) else [kinder])
    return arten


def _sigint_nicht_ignoriert() -> None:
    """A test run started in the background by a shell without job control (as CI may start
    it) has SIGINT ignored, and an ignored SIGINT stays ignored in every child across exec:
    each ``stop`` then waited its whole time-out and killed the service (a clean-clone run
    took 29 minutes instead of 14). Python's own handler in the run instead (a handler, unlike
    "ignored", is reset to the default in the child). Only the main thread may set it; the
    children are started from there. Not a ``preexec_fn``: that makes subprocess fork the
    whole test process, which eventlet warns about on every start."""
    if (
        signal.getsignal(signal.SIGINT) is signal.SIG_IGN
        and threading.current_thread() is threading.main_thread()
    ):
        signal.signal(signal.SIGINT, signal.default_int_handler)


class ServiceProcess:
    def __init__(
        self,
        target: str,
        *,
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
        amqp_uri: str | None = None,
        port: int | None = None,
        log_path: Path | None = None,
        ready_timeout: float = 30.0,
    ) -> None:
        self.target = target
        self.port = port or free_port()
        # For a service that serves its operations endpoints apart (the gateway); the others
        # ignore SOZ_OPS_PORT and serve them on ``port``.
        self.ops_port = free_port()
        self.amqp_uri = amqp_uri or os.environ.get(
            "SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/"
        )
        self.cwd = cwd
        self.ready_timeout = ready_timeout
        # Removed when this object is collected or the interpreter exits.
        self._tempdir = tempfile.TemporaryDirectory(prefix="service-")
        self._workdir = Path(self._tempdir.name)
        self.log_path = log_path or self._workdir / "service.log"
        self.config_path = self._workdir / "config.yaml"
        self.config_path.write_text(
            f"AMQP_URI: '{self.amqp_uri}'\nWEB_SERVER_ADDRESS: '127.0.0.1:{self.port}'\n"
        )
        self.env = {
            **os.environ,
            "SOZ_AMQP_URI": self.amqp_uri,
            "SOZ_HTTP_PORT": str(self.port),
            "SOZ_OPS_PORT": str(self.ops_port),
            "PYTHONWARNINGS": "ignore::DeprecationWarning",
            **(env or {}),
        }
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ops_url(self) -> str:
        """/health/* and /metrics of a service with an operations port (the gateway)."""
        return f"http://127.0.0.1:{self.ops_port}"

    def start(self) -> ServiceProcess:
        _sigint_nicht_ignoriert()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "nameko", "run", "--config", str(self.config_path), self.target],
            cwd=self.cwd,
            env=self.env,
            stdout=self.log_path.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if self.ready():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        tail = self.log_path.read_text(errors="replace")[-4000:]
        self.stop()
        raise AssertionError(f"{self.target} did not become ready:\n{tail}")

    def ready(self) -> bool:
        """/health/ready answers 200: on the operations port when the service has one, else
        on its HTTP port."""
        return any(self._ready_at(url) for url in (self.ops_url, self.url))

    def _ready_at(self, url: str) -> bool:
        try:
            with urllib.request.urlopen(f"{url}/health/ready", timeout=2) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self, timeout: float = 5.0) -> None:
        """SIGINT: nameko rc11 stops at once on it (SIGTERM waits for the hub to wake). A test's
        service that has not ended after ``timeout`` is killed: the full CI run of December 2026
        spent 15 s in each of dozens of teardowns waiting for such services."""
        if self.alive():
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL, as a crash would."""
        if self.alive():
            self.process.kill()
            self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def __enter__(self) -> ServiceProcess:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
