"""Start every service of the embedded platform and keep them running (`make run`).

Each line `name port module` of deploy/embedded/services.txt becomes one process
`nameko run --config var/run/<name>.yaml <module>` (or, for `python:<package>`, the plain program
`python -m <package> --port <port> --data-dir var/<name>`) with SOZ_SERVICE_NAME, SOZ_HTTP_PORT and
SOZ_DATA_DIR set, its output in var/log/<name>.log. The instance's settings,
deploy/embedded/instance.env (`KEY=VALUE` lines), go into every service's environment; a
variable set in the real environment wins. The supervisor waits until every service answers
GET /health/ready with 200, stays in the foreground and supervises like an init system: a
service that dies is started again after a back-off (1 s, 2 s, 4 s, … capped), the others keep
serving; one that dies RestartPolicy.limit times within RestartPolicy.window seconds stays
stopped, named loudly with its log, and the rest serve on degraded (docs/adr/0072). On SIGINT
or SIGTERM it stops the children (STOP_SIGNAL, then SIGKILL after a grace period) and exits 0.

With the local broker's default (guest, SOZ_AMQP_URI as the Makefile sets it) every nameko
service gets a broker user of its own with least permissions, on the virtual host
"sozialplattform", as deploy/embedded/broker-users.txt says; users, passwords (var/broker/, 0600)
and permissions are made with rabbitmqctl (root, or sudo) before the first start, only where
something is missing (kernel.nameko.broker_users, docs/adr/0075). Any other --amqp-uri is used
as it is for every service. Stdlib only, but for that step.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import NoReturn

ROOT = Path(__file__).resolve().parent.parent
# Data, logs and generated configs; the fault tests (tests/platform) run a supervisor of their own
# with its own directory.
VAR = Path(os.environ.get("SOZ_VAR_DIR") or ROOT / "var").resolve()
DEFAULT_AMQP_URI = "pyamqp://guest:guest@127.0.0.1:5672/"
EMBEDDED_VHOST = "sozialplattform"
LOG_TAIL_LINES = 30
POLL_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
# `nameko run` stops gracefully on SIGINT at once. Its SIGTERM handler only schedules the stop
# on the eventlet hub, which runs it when the hub next wakes: an idle service was still running
# 8 s after SIGTERM (nameko 3.0.0rc11, Python 3.11), so SIGTERM would end in SIGKILL.
STOP_SIGNAL = signal.SIGINT
PLAIN_PROGRAM = "python:"
MAIL_SENKE = "python:mail_senke"  # the local SMTP sink: where its mails are is printed
SETTING_NAME = re.compile(r"[A-Z_][A-Z0-9_]*")


@dataclass(frozen=True)
class ServiceSpec:
    name: str
    port: int
    module: str
    # A service with citizen traffic (the gateway) serves /health/* and /metrics on a port of
    # their own, apart from it (docs/adr/0073); the others serve them on ``port``.
    ops_port: int | None = None

    @property
    def operations_port(self) -> int:
        return self.ops_port or self.port


@dataclass
class RunningService:
    spec: ServiceSpec
    process: subprocess.Popen[bytes]
    log_path: Path
    # Supervision: when it died lately, when it is due to start again, whether it answers.
    crashes: deque[float] = field(default_factory=deque)
    restart_at: float | None = None
    ready: bool = True
    given_up: bool = False


@dataclass(frozen=True)
class RestartPolicy:
    """When a dead service is started again: after ``first_delay`` seconds, doubled with every
    further crash within ``window`` seconds up to ``max_delay``; the ``limit``-th crash within
    ``window`` seconds gives up on it (systemd's StartLimitBurst and StartLimitIntervalSec)."""

    first_delay: float = 1.0
    max_delay: float = 30.0
    limit: int = 5
    window: float = 60.0

    def after_crash(self, crashes: deque[float], now: float) -> float | None:
        """Record a crash at ``now`` in ``crashes``; the seconds to wait before the next start,
        or None: give up."""
        crashes.append(now)
        while crashes and crashes[0] <= now - self.window:
            crashes.popleft()
        if len(crashes) >= self.limit:
            return None
        return min(self.first_delay * 2 ** (len(crashes) - 1), self.max_delay)


class PlatformError(Exception):
    """A service could not be started or died; the message says which and why."""


class StopRequested(Exception):
    """SIGINT or SIGTERM arrived."""


class StopSignal:
    """Remembers SIGINT or SIGTERM; the loops look at it between steps, so a signal never
    interrupts a half-done start or stop."""

    def __init__(self) -> None:
        self.received: str | None = None
        signal.signal(signal.SIGINT, self._remember)
        signal.signal(signal.SIGTERM, self._remember)

    def _remember(self, signum: int, _frame: FrameType | None) -> None:
        self.received = signal.Signals(signum).name

    def check(self) -> None:
        if self.received:
            raise StopRequested(self.received)


def say(message: str) -> None:
    print(f"[run] {message}", flush=True)


def read_services(path: Path) -> list[ServiceSpec]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise PlatformError(f"cannot read the list of services: {error}") from error
    specs: list[ServiceSpec] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        fields = line.split()
        if len(fields) not in (3, 4) or not all(port.isdigit() for port in fields[1::2]):
            raise PlatformError(
                f"{path}:{number}: expected 'name port module [operations-port]', got '{line}'"
            )
        ops_port = int(fields[3]) if len(fields) == 4 else None
        specs.append(ServiceSpec(fields[0], int(fields[1]), fields[2], ops_port))
    names = Counter(spec.name for spec in specs)
    ports = Counter(
        str(port) for spec in specs for port in (spec.port, spec.ops_port) if port is not None
    )
    for what, counts in (("name", names), ("port", ports)):
        duplicates = [value for value, count in counts.items() if count > 1]
        if duplicates:
            raise PlatformError(f"{path}: {what} listed more than once: {', '.join(duplicates)}")
    return specs


def read_instance_settings(path: Path) -> dict[str, str]:
    """`KEY=VALUE` per line; blank lines and lines starting with # are skipped; a value may be
    wrapped in single or double quotes; nothing is expanded. A missing file means no settings.
    Relative paths in values are relative to the repository root (the services' working
    directory)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise PlatformError(f"cannot read the instance settings: {error}") from error
    settings: dict[str, str] = {}
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, equals, value = line.partition("=")
        name, value = name.strip(), value.strip()
        if not equals or not SETTING_NAME.fullmatch(name):
            raise PlatformError(f"{path}:{number}: expected 'NAME=value' (NAME in capitals)")
        if name in settings:
            raise PlatformError(f"{path}:{number}: {name} is set twice")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        settings[name] = value
    return settings


def service_environment(
    spec: ServiceSpec, instance: dict[str, str], amqp_uri: str, environ: dict[str, str]
) -> dict[str, str]:
    """The instance's settings, overridden by the real environment, then what the supervisor
    sets for each service."""
    operations = {"SOZ_OPS_PORT": str(spec.ops_port)} if spec.ops_port else {}
    return {
        **instance,
        **environ,
        **operations,
        "SOZ_SERVICE_NAME": spec.name,
        "SOZ_HTTP_PORT": str(spec.port),
        "SOZ_DATA_DIR": f"{VAR}/",
        "SOZ_AMQP_URI": amqp_uri,
        "PYTHONUNBUFFERED": "1",
    }


def broker_users(specs: list[ServiceSpec], grants_path: Path) -> dict[str, str]:
    """A broker user per nameko service (see the module's docstring): the AMQP URI of each."""
    from kernel.nameko.broker_users import OPERATOR, BrokerUsers, read_grants

    grants = read_grants(grants_path)
    missing = [
        spec.name
        for spec in specs
        if not spec.module.startswith(PLAIN_PROGRAM)
        and spec.name not in {grant.service for grant in grants}
    ]
    if missing:
        raise PlatformError(f"no broker user for {', '.join(missing)}: add a line to {grants_path}")
    try:
        uris = BrokerUsers(EMBEDDED_VHOST, VAR / "broker").ensure(grants)
    except (OSError, RuntimeError) as error:
        raise PlatformError(f"broker users could not be set up: {error}") from error
    say(
        f"broker users on vhost {EMBEDDED_VHOST}: {', '.join(g.service for g in grants)}, "
        f"{OPERATOR} (passwords in {VAR / 'broker'})"
    )
    return uris


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def write_config(spec: ServiceSpec, amqp_uri: str) -> Path:
    # JSON-quoted values are valid YAML, so no YAML library is needed here.
    config = {"AMQP_URI": amqp_uri, "WEB_SERVER_ADDRESS": f"127.0.0.1:{spec.port}"}
    path = VAR / "run" / f"{spec.name}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    # The AMQP URI holds the service's broker password: for the owner only.
    path.touch(mode=0o600)
    path.chmod(0o600)
    path.write_text("".join(f"{key}: {json.dumps(value)}\n" for key, value in config.items()))
    return path


def die_with_parent() -> None:
    """In the child: if the supervisor itself is killed, nobody escalates any more, so the
    kernel ends the child with SIGKILL and no orphan keeps its port (Linux only)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


@dataclass(frozen=True)
class Launcher:
    """Starts a service's process; the same for the first start and every restart."""

    nameko: Path
    amqp_uri: str
    instance: dict[str, str]
    # A service's own broker user, where it has one (broker_users)
    amqp_uris: dict[str, str] = field(default_factory=dict)

    def start(self, spec: ServiceSpec) -> RunningService:
        process, log_path = launch(spec, self.nameko, self._uri(spec), self.instance)
        return RunningService(spec=spec, process=process, log_path=log_path)

    def restart(self, service: RunningService) -> None:
        service.process, _ = launch(
            service.spec, self.nameko, self._uri(service.spec), self.instance
        )

    def _uri(self, spec: ServiceSpec) -> str:
        return self.amqp_uris.get(spec.name, self.amqp_uri)


def log_path_of(spec: ServiceSpec) -> Path:
    return VAR / "log" / f"{spec.name}.log"


def launch(
    spec: ServiceSpec, nameko: Path, amqp_uri: str, instance: dict[str, str]
) -> tuple[subprocess.Popen[bytes], Path]:
    for port in (spec.port, spec.ops_port):
        if port and port_in_use(port):
            raise PlatformError(f"{spec.name}: port {port} is already in use (an earlier run?)")
    config = write_config(spec, amqp_uri)
    log_path = log_path_of(spec)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    environment = service_environment(spec, instance, amqp_uri, dict(os.environ))
    with log_path.open("ab") as log:
        log.write(f"=== {time.strftime('%Y-%m-%d %H:%M:%S')} starting {spec.module}\n".encode())
        log.flush()
        process = subprocess.Popen(
            command(spec, nameko, config),
            cwd=ROOT,
            env=environment,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            # Own process group: a Ctrl-C in the terminal reaches only the supervisor, which
            # then stops the children in order.
            start_new_session=True,
            preexec_fn=die_with_parent,
        )
    operations = f", operations port {spec.ops_port}" if spec.ops_port else ""
    say(f"started {spec.name} (pid {process.pid}, port {spec.port}{operations}, log {log_path})")
    return process, log_path


def command(spec: ServiceSpec, nameko: Path, config: Path) -> list[str]:
    """`nameko run` for a service; a module written `python:package` is a plain program (the
    XTA2 counterpart), started as `python -m package --port P --data-dir var/<name>`."""
    if spec.module.startswith(PLAIN_PROGRAM):
        package = spec.module.removeprefix(PLAIN_PROGRAM)
        data_dir = VAR / spec.name
        return [
            sys.executable,
            "-m",
            package,
            "--port",
            str(spec.port),
            "--data-dir",
            str(data_dir),
            # a plain program with an operations port answers /health/* there (the mail sink)
            *(["--ops-port", str(spec.ops_port)] if spec.ops_port else []),
        ]
    return [str(nameko), "run", "--config", str(config), spec.module]


def log_tail(path: Path) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as log:
            return "".join(deque(log, maxlen=LOG_TAIL_LINES))
    except OSError as error:
        return f"(no log: {error})\n"


def failure(service: RunningService, reason: str) -> PlatformError:
    return PlatformError(
        f"service {service.spec.name} {reason}. Last lines of {service.log_path}:\n"
        f"{log_tail(service.log_path)}"
    )


def is_ready(port: int) -> bool:
    url = f"http://127.0.0.1:{port}/health/ready"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until_ready(services: list[RunningService], timeout: float, stop: StopSignal) -> None:
    deadline = time.monotonic() + timeout
    for service in services:
        while not is_ready(service.spec.operations_port):
            stop.check()
            if service.process.poll() is not None:
                raise failure(service, f"exited with code {service.process.returncode}")
            if time.monotonic() > deadline:
                raise failure(service, f"did not answer /health/ready with 200 within {timeout:g}s")
            time.sleep(POLL_SECONDS)
        say(f"{service.spec.name} is ready")


def supervise(
    services: list[RunningService], stop: StopSignal, launcher: Launcher, policy: RestartPolicy
) -> NoReturn:
    """Return only by a stop request. A service that dies is started again after the policy's
    back-off while the others keep serving; one that keeps dying is given up on."""
    while True:
        stop.check()
        for service in services:
            if service.given_up:
                continue
            now = time.monotonic()
            if service.restart_at is not None:
                if now >= service.restart_at:
                    restart(service, launcher, policy)
                continue
            code = service.process.poll()
            if code is not None:
                crashed(service, how_it_ended(code), policy)
            elif not service.ready and is_ready(service.spec.operations_port):
                service.ready = True
                say(f"{service.spec.name} is ready again")
        time.sleep(POLL_SECONDS)


def crashed(service: RunningService, how: str, policy: RestartPolicy) -> None:
    # Whatever the dead service left in its process group (it leads one) would hold its port.
    signal_group(service.process, signal.SIGKILL)
    service.ready = False
    delay = policy.after_crash(service.crashes, time.monotonic())
    if delay is None:
        give_up(service, how, policy)
        return
    service.restart_at = time.monotonic() + delay
    say(
        f"{service.spec.name} (pid {service.process.pid}) {how}; restarting it in {delay:g}s "
        f"(crash {len(service.crashes)} within {policy.window:g}s, {policy.limit} give up; "
        f"log {service.log_path})"
    )


def restart(service: RunningService, launcher: Launcher, policy: RestartPolicy) -> None:
    service.restart_at = None
    try:
        launcher.restart(service)
    except PlatformError as error:
        say(f"{service.spec.name} could not be started again: {error}")
        crashed(service, "could not be started", policy)


def give_up(service: RunningService, how: str, policy: RestartPolicy) -> None:
    service.given_up = True
    rule = "=" * 78
    say(rule)
    say(
        f"GIVING UP on {service.spec.name}: it {how}, {len(service.crashes)} crashes "
        f"within {policy.window:g}s. It stays stopped; the other services keep serving, "
        "degraded (the gateway's /health/ready names what is missing)."
    )
    say(f"Its log is {service.log_path}; the last lines:")
    for line in log_tail(service.log_path).splitlines():
        say(f"  {line}")
    say("Mend the cause, then stop (Ctrl-C) and start `make run` again.")
    say(rule)


def how_it_ended(code: int) -> str:
    if code < 0:
        with contextlib.suppress(ValueError):
            return f"was killed by {signal.Signals(-code).name}"
    return f"exited with code {code}"


def stop_all(services: list[RunningService], grace: float) -> None:
    running = [service for service in services if service.process.poll() is None]
    if not running:
        return
    say(f"stopping {', '.join(service.spec.name for service in running)}")
    for service in running:
        signal_group(service.process, STOP_SIGNAL)
    deadline = time.monotonic() + grace
    for service in running:
        try:
            service.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{service.spec.name} did not stop within {grace:g}s: SIGKILL")
            signal_group(service.process, signal.SIGKILL)
            service.process.wait()


def signal_group(process: subprocess.Popen[bytes], signum: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--services", type=Path, default=ROOT / "deploy" / "embedded" / "services.txt"
    )
    parser.add_argument(
        "--instance-settings", type=Path, default=ROOT / "deploy" / "embedded" / "instance.env"
    )
    parser.add_argument(
        "--gateway-url", default=os.environ.get("SOZ_GATEWAY_URL", "http://127.0.0.1:8000")
    )
    parser.add_argument("--amqp-uri", default=os.environ.get("SOZ_AMQP_URI", DEFAULT_AMQP_URI))
    parser.add_argument(
        "--broker-users", type=Path, default=ROOT / "deploy" / "embedded" / "broker-users.txt"
    )
    parser.add_argument("--ready-timeout", type=float, default=60.0)
    parser.add_argument("--stop-timeout", type=float, default=10.0)
    parser.add_argument(
        "--restart-limit",
        type=int,
        default=RestartPolicy.limit,
        help="give up on a service after this many crashes within --restart-window seconds",
    )
    parser.add_argument("--restart-window", type=float, default=RestartPolicy.window)
    return parser.parse_args()


def main() -> int:
    arguments = parse_arguments()
    stop = StopSignal()
    nameko = Path(sys.executable).parent / "nameko"
    policy = RestartPolicy(limit=arguments.restart_limit, window=arguments.restart_window)
    services: list[RunningService] = []
    try:
        specs = read_services(arguments.services)
        instance = read_instance_settings(arguments.instance_settings)
        if instance:
            say(f"instance settings from {arguments.instance_settings}: {', '.join(instance)}")
        overridden = sorted(name for name in instance if name in os.environ)
        if overridden:
            say(f"set in the environment, which wins over the instance settings: {overridden}")
        if not specs:
            say(f"no services listed in {arguments.services}: nothing to start.")
            say("Press Ctrl-C to stop.")
        amqp_uris: dict[str, str] = {}
        if specs and arguments.amqp_uri == DEFAULT_AMQP_URI:
            amqp_uris = broker_users(specs, arguments.broker_users)
            instance = {
                **instance,
                "SOZ_GATEWAY_BROKER_USER": "gateway",
                "SOZ_ANTRAG_ANLAGEN_LESER": "xta_gateway",
            }
        launcher = Launcher(nameko, arguments.amqp_uri, instance, amqp_uris)
        for spec in specs:
            stop.check()
            services.append(launcher.start(spec))
        wait_until_ready(services, arguments.ready_timeout, stop)
        if specs:
            say(f"Sozialplattform läuft: {arguments.gateway_url}")
        for spec in specs:
            if spec.module == MAIL_SENKE:
                say(f"Mails the platform sends land in {VAR / spec.name}/*.eml (docs/adr/0090)")
        supervise(services, stop, launcher, policy)
    except StopRequested as request:
        say(f"{request} received")
        stop_all(services, arguments.stop_timeout)
        return 0
    except PlatformError as error:
        say(f"ERROR: {error}")
        stop_all(services, arguments.stop_timeout)
        return 1


if __name__ == "__main__":
    sys.exit(main())
