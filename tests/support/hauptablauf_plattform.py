"""The whole embedded platform as real processes, for the cross-service tests in tests/platform.

Every service of deploy/embedded/services.txt runs as its own `nameko run` process
(kernel.testing.ServiceProcess), configured as `make run` configures it: the instance settings
of deploy/embedded/instance.env, the xta-gateway's Jobcenter file deploy/embedded/xta-gateway.json,
the repository as working directory. What differs, so that a run can share the machine with
`make run` and with other test runs: free ports, a RabbitMQ virtual host of the run's own (the
services keep their real names, so the real event flow between them is tested), a fresh data dir
per service, and the XTA2 counterpart (``python:`` line of services.txt) on a free port, which
the xta-gateway is pointed at. With ``postgres=True`` each service gets a fresh PostgreSQL
database of its own instead of its SQLite file.

Everything (processes, virtual host, databases) is stopped and removed when the ``with`` block
ends, also when a service fails to start or the test fails.

The pieces come from the services' own test helpers (imported by plain name; this module puts
their folders on sys.path): the virtual host from services/gateway/tests/support, the
counterpart process from services/xta-gateway/tests.
"""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from kernel.testing import ServiceProcess, virtual_host
from mail_senke.senke import Senke
from postkorb import clamd_eingebettet
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport, XtaEinstellungen

REPO = Path(__file__).resolve().parents[2]
CLAMD_PROGRAMM = "python:postkorb.clamd_eingebettet"
EMBEDDED = REPO / "deploy" / "embedded"
for _ordner in (
    REPO / "services" / "gateway" / "tests" / "support",
    REPO / "services" / "xta-gateway" / "tests",
):
    if str(_ordner) not in sys.path:
        sys.path.insert(0, str(_ordner))

from gateway_antrag_plattform import (  # noqa: E402
    AMQP_URI,
    EINSTIEGSGELD,
    GELNHAUSEN,
    AntragKlient,
)
from gateway_test_support import pruefe_antwort  # noqa: E402
from xta_testhilfen import Gegenstelle, warten_bis  # noqa: E402

# For the tests: the citizen's API client, a complete Einstiegsgeld application and the OpenAPI
# check of an answer (from the gateway's tests), waiting with a deadline (from the xta-gateway's).
__all__ = [
    "EINSTIEGSGELD",
    "GELNHAUSEN",
    "REPO",
    "AntragKlient",
    "Gegenstelle",
    "Plattform",
    "plattform",
    "pruefe_antwort",
    "warten_bis",
]

POSTGRES_URL = os.environ.get(
    "SOZ_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test"
)
# `make run`'s supervisor, read for its parsers of services.txt and instance.env (scripts/ is no
# package).
_RUN_PLATFORM = runpy.run_path(str(REPO / "scripts" / "run_platform.py"), run_name="run_platform")
PLAIN_PROGRAM: str = _RUN_PLATFORM["PLAIN_PROGRAM"]


@dataclass
class Plattform:
    """The running platform: services by their name in services.txt, the counterpart."""

    amqp_uri: str
    ordner: Path
    dienste: dict[str, ServiceProcess]
    gegenstelle: Gegenstelle
    datenbanken: dict[str, str] = field(default_factory=dict)
    senke: Senke | None = None  # the SMTP sink every service mails to

    @property
    def url(self) -> str:
        """The gateway: where a citizen's browser or app goes."""
        return self.dienste["gateway"].url

    def postfach(self, leser: str) -> list[str]:
        """The MessageIDs a Jobcenter finds in its MsgBox at the counterpart: getStatusList with
        ``leser`` as the author, through the platform's own XTA client (what a Jobcenter's
        software would fetch, unlike the inspection endpoint, which lists all it stored)."""
        transport = Xta2V3Transport(
            XtaEinstellungen.aus_umgebung(
                {"SOZ_XTA_ENDPUNKT": f"{self.gegenstelle.url}/xta", "SOZ_XTA_AUTOR_KENNUNG": leser}
            )
        )
        try:
            return [eintrag.message_id for eintrag in transport.get_status_list(1000).eintraege]
        finally:
            transport.schliessen()

    def logs(self, zeichen: int = 3000) -> str:
        """The end of every service's log, for assertion messages."""
        teile = [f"--- {name}\n{d.log()[-zeichen:]}" for name, d in self.dienste.items()]
        gegenstelle_log = self.gegenstelle.ordner / "gegenstelle.log"
        if gegenstelle_log.exists():
            teile.append(f"--- xta2-gegenstelle\n{gegenstelle_log.read_text()[-zeichen:]}")
        return "\n".join(teile)


def dienste_der_instanz() -> list[Any]:
    """deploy/embedded/services.txt, read by the supervisor's own parser."""
    return _RUN_PLATFORM["read_services"](EMBEDDED / "services.txt")


def instanz_einstellungen() -> dict[str, str]:
    """deploy/embedded/instance.env, read by the supervisor's own parser."""
    return _RUN_PLATFORM["read_instance_settings"](EMBEDDED / "instance.env")


@contextmanager
def frische_datenbanken(namen: list[str]) -> Iterator[dict[str, str]]:
    """One new PostgreSQL database per name (URL by name), all dropped at the end."""
    admin = create_engine(
        make_url(POSTGRES_URL).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    lauf = uuid.uuid4().hex[:8]
    angelegt: dict[str, str] = {}
    try:
        with admin.connect() as verbindung:
            for name in namen:
                datenbank = f"e2e_{lauf}_{name.replace('-', '_')}"
                verbindung.execute(text(f'CREATE DATABASE "{datenbank}"'))
                angelegt[name] = (
                    make_url(POSTGRES_URL)
                    .set(database=datenbank)
                    .render_as_string(hide_password=False)
                )
        yield angelegt
    finally:
        with admin.connect() as verbindung:
            for url in angelegt.values():
                datenbank = make_url(url).database
                verbindung.execute(text(f'DROP DATABASE IF EXISTS "{datenbank}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def plattform(ordner: Path, *, postgres: bool = False) -> Iterator[Plattform]:
    """Start the platform with its data under ``ordner``; yields when every service answers
    /health/ready (the gateway only once zustaendigkeit and antrag do)."""
    specs = dienste_der_instanz()
    nameko_dienste = [s for s in specs if not s.module.startswith(PLAIN_PROGRAM)]
    # The mail sink and clamd run in this process's hands (the sink in it, clamd by postkorb's
    # own starter, on a folder of the run): the postkorb sends notification mails and scans
    # replies' files (docs/adr/0090, 0105).
    programme = [
        s
        for s in specs
        if s.module.startswith(PLAIN_PROGRAM)
        and s.module not in ("python:mail_senke", CLAMD_PROGRAMM)
    ]
    assert [s.module for s in programme] == ["python:xta2_gegenstelle"], (
        "services.txt starts a plain program this test does not know how to start: "
        f"{[s.module for s in programme]}"
    )
    instanz = instanz_einstellungen()
    with ExitStack() as stapel:
        amqp_uri = stapel.enter_context(virtual_host(AMQP_URI, "hauptablauf"))
        senke = stapel.enter_context(Senke(ordner / "mail"))
        instanz = {**instanz, "SOZ_SMTP_HOST": "127.0.0.1", "SOZ_SMTP_PORT": str(senke.port)}
        if any(s.module == CLAMD_PROGRAMM for s in specs):
            clamd, _ = clamd_eingebettet.starten(ordner / "clamd", system_signaturen=False)
            stapel.callback(_beenden, clamd)
            instanz["SOZ_CLAMD_SOCKET"] = str(ordner / "clamd" / "clamd.sock")
        datenbanken = (
            stapel.enter_context(frische_datenbanken([s.name for s in nameko_dienste]))
            if postgres
            else {}
        )
        gegenstelle = Gegenstelle(ordner / programme[0].name)
        stapel.callback(gegenstelle.stoppen)
        gegenstelle.starten()

        dienste: dict[str, ServiceProcess] = {}
        for spec in nameko_dienste:
            datenverzeichnis = ordner / spec.name
            datenverzeichnis.mkdir(parents=True)
            env = {
                **instanz,
                "SOZ_SERVICE_NAME": spec.name,
                "SOZ_DATA_DIR": str(datenverzeichnis),
                "SOZ_XTA_ENDPUNKT": f"{gegenstelle.url}/xta",
                "SOZ_XTA_JOBCENTER_DATEI": str(EMBEDDED / "xta-gateway.json"),
                "PYTHONUNBUFFERED": "1",
                # polled more often than under make run (10 s, 2 s), so a Jobcenter's answer
                # and the notification mail arrive within a second or two
                "SOZ_XTA_POSTFACH_SEKUNDEN": "1",
                "SOZ_POSTKORB_TAKT_SEKUNDEN": "0.5",
                # termine starts with an empty directory: the main flow books no appointment,
                # and loading the 5,300 demo centres costs seconds of CPU per start
                "SOZ_TERMINE_DEMO": "0",
            }
            if spec.name in datenbanken:
                env["SOZ_DATABASE_URL"] = datenbanken[spec.name]
            dienst = ServiceProcess(
                spec.module,
                env=env,
                cwd=REPO,
                amqp_uri=amqp_uri,
                log_path=ordner / f"{spec.name}.log",
                ready_timeout=120,
            )
            dienste[spec.name] = dienst
        stapel.callback(_alle, [d.stop for d in dienste.values()])
        # All at once, as `make run` does: the gateway is ready only when its downstream
        # services answer, and on two cores the starts overlap well.
        _starten(list(dienste.values()))
        yield Plattform(amqp_uri, ordner, dienste, gegenstelle, datenbanken, senke)


def _beenden(prozess: subprocess.Popen) -> None:
    prozess.terminate()
    try:
        prozess.wait(10)
    except subprocess.TimeoutExpired:
        prozess.kill()
        prozess.wait()


def _alle(aufgaben: list[Callable[[], object]]) -> None:
    """Run the calls at once (stopping services is mostly waiting); the first error is raised
    after every call has ended."""
    with ThreadPoolExecutor(max(1, len(aufgaben))) as pool:
        for zukunft in [pool.submit(aufgabe) for aufgabe in aufgaben]:
            zukunft.result()


def _starten(dienste: list[ServiceProcess]) -> None:
    """Start every service at once and wait until each is ready. When one fails (its error
    carries its log), the others are stopped at once instead of waiting out their time-out:
    the gateway, say, would wait for a zustaendigkeit that has died."""
    with ThreadPoolExecutor(max(1, len(dienste))) as pool:
        zukuenfte = [pool.submit(dienst.start) for dienst in dienste]
        for zukunft in as_completed(zukuenfte):
            if zukunft.exception() is not None:
                _alle([dienst.stop for dienst in dienste])
                raise zukunft.exception()
