"""The part of the platform a submission goes through, started for the benchmark: the real
gateway, antrag and zustaendigkeit services as `nameko run` processes (kernel.testing), each on
fresh PostgreSQL databases (events and keys), in a RabbitMQ virtual host of the run's own, so
nothing else on the broker shares their queues and nothing of theirs is left afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kernel.testing import ServiceProcess, virtual_host

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = os.environ.get(
    "SOZ_BENCH_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_bench"
)
AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
ANGEBUNDENE_ZKT = "43102"  # Main-Kinzig-Kreis: 63571 Gelnhausen applies here
DIENSTE = ("zustaendigkeit", "antrag", "gateway")
ZIELE = {
    "zustaendigkeit": "zustaendigkeit.service:ZustaendigkeitService",
    "antrag": "antrag.service:AntragService",
    "gateway": "gateway.service:GatewayService",
}


@dataclass(frozen=True)
class Plattform:
    prozesse: dict[str, ServiceProcess]
    amqp_uri: str

    @property
    def gateway(self) -> ServiceProcess:
        return self.prozesse["gateway"]


@contextmanager
def datenbanken(namen: list[str]) -> Iterator[dict[str, str]]:
    """Fresh PostgreSQL databases (name -> URL), dropped afterwards."""
    basis = make_url(POSTGRES_URL)
    admin = create_engine(basis.set(database="postgres"), isolation_level="AUTOCOMMIT")
    praefix = f"bench_antrag_{uuid.uuid4().hex[:6]}"
    urls = {
        name: basis.set(database=f"{praefix}_{name}").render_as_string(hide_password=False)
        for name in namen
    }
    try:
        with admin.connect() as connection:
            for url in urls.values():
                connection.execute(text(f'CREATE DATABASE "{make_url(url).database}"'))
        yield urls
    finally:
        with admin.connect() as connection:
            for url in urls.values():
                connection.execute(
                    text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
                )
        admin.dispose()


@contextmanager
def starten(ordner: Path, *, sqlite: bool, log_level: str) -> Iterator[Plattform]:
    with ExitStack() as stack:
        amqp_uri = stack.enter_context(virtual_host(AMQP_URI, "bench-antrag"))
        namen = [f"{dienst}{teil}" for dienst in DIENSTE for teil in ("", "_keys")]
        urls = {} if sqlite else stack.enter_context(datenbanken(namen))
        prozesse: dict[str, ServiceProcess] = {}
        for dienst in DIENSTE:
            daten = ordner / dienst
            daten.mkdir(parents=True)
            env = {
                "SOZ_SERVICE_NAME": dienst,
                "SOZ_DATA_DIR": str(daten),
                "SOZ_LOG_LEVEL": log_level,
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
                ),
            }
            if not sqlite:
                env |= {
                    "SOZ_DATABASE_URL": urls[dienst],
                    "SOZ_KEYSTORE_URL": urls[f"{dienst}_keys"],
                }
            if dienst == "zustaendigkeit":
                env["SOZ_ANGEBUNDENE_ZKT"] = ANGEBUNDENE_ZKT
            if dienst == "gateway":
                env |= {
                    "SOZ_GATEWAY_DOWNSTREAM": "antrag,zustaendigkeit",
                    "SOZ_GATEWAY_LIMIT_LOGIN_IP": "100000/60",
                    "SOZ_GATEWAY_LIMIT_SIGNUP_IP": "100000/60",
                    # The floor run's RPC must reach the service every time.
                    "SOZ_GATEWAY_CACHE_ENTRIES": "0",
                }
            prozesse[dienst] = stack.enter_context(
                ServiceProcess(
                    ZIELE[dienst],
                    cwd=ROOT,
                    amqp_uri=amqp_uri,
                    env=env,
                    log_path=ordner / f"{dienst}.log",
                    ready_timeout=120,
                )
            )
        yield Plattform(prozesse, amqp_uri)


# CPU time, from /proc (Linux) ----------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_sekunden(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    felder = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(felder[11]) + int(felder[12])) / TICKS


def prozesse_namens(*namen: str) -> list[int]:
    """Pids whose command name is one of ``namen`` (postgres backends, RabbitMQ's beam.smp)."""
    gefunden = []
    for eintrag in Path("/proc").iterdir():
        if not eintrag.name.isdigit():
            continue
        try:
            if (eintrag / "comm").read_text().strip() in namen:
                gefunden.append(int(eintrag.name))
        except OSError:
            continue
    return gefunden


def gesamt_cpu_sekunden() -> float:
    """CPU seconds the whole machine used so far (all cores, without idle and iowait)."""
    werte = [int(wert) for wert in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(werte) - werte[3] - werte[4]) / TICKS


def cpu_stand(plattform: Plattform) -> dict[str, float]:
    """CPU seconds so far per part: the three services, PostgreSQL, RabbitMQ, this process."""
    stand = {dienst: cpu_sekunden(p.process.pid) for dienst, p in plattform.prozesse.items()}
    stand["postgresql"] = _summe(prozesse_namens("postgres", "postmaster"))
    stand["rabbitmq"] = _summe(prozesse_namens("beam.smp"))
    stand["lastgenerator"] = cpu_sekunden(os.getpid())
    stand["gesamt"] = gesamt_cpu_sekunden()
    return stand


def _summe(pids: list[int]) -> float:
    summe = 0.0
    for pid in pids:
        try:
            summe += cpu_sekunden(pid)
        except OSError:
            continue  # ended meanwhile (a postgres backend)
    return summe
