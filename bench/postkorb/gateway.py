"""python -m bench.postkorb.gateway: opening the mailbox through the gateway, beside the gateway's
floor measured in the same run (issue 13, "Speed").

Starts real `nameko run` processes in a RabbitMQ virtual host of their own: the postkorb service
(its embedded default, SQLite), the gateway (bench.postkorb.dienste.BenchGateway: the real one
with one more route) and ``benchboden``, a service answering a constant. Signs up --personen
accounts; each gets --nachrichten Jobcenter messages, published as the xta-gateway publishes
them (NachrichtEmpfangen version 2) and filed by postkorb. Then --runden rounds, each measuring
back to back, so all see the same load on the machine, with one keep-alive connection and one
session per person:

- floor: ``GET /api/v1/bench/boden`` (HTTP, session, login, one RPC answered from memory, JSON);
- ``GET /api/v1/postkorb``: the mailbox as JSON (postkorb reads the person's threads);
- ``GET /postfach``: the mailbox page (the same RPC, plus the consent, the unread count already
  known, HTML in German).

Printed per kind: calls/s, p50/p99 latency, the gateway's and postkorb's CPU per call, failures;
the median over the rounds and each one's share of the floor. There is no target in the issue
beyond "beside the floor": the share says what opening the mailbox costs above the floor.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import orjson

from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.testing import ServiceProcess, virtual_host

ROOT = Path(__file__).resolve().parents[2]
AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
PASSWORT = "ein langer Satz als Passwort"
ARTEN = ("GET /api/v1/bench/boden", "GET /api/v1/postkorb", "GET /postfach")
TICKS = os.sysconf("SC_CLK_TCK")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.postkorb.gateway",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--personen", type=int, default=8, help="concurrent people (default 8)")
    parser.add_argument("--nachrichten", type=int, default=12, help="per mailbox (default 12)")
    parser.add_argument("--sekunden", type=float, default=8, help="per measurement (default 8)")
    parser.add_argument("--runden", type=int, default=3, help="rounds (default 3)")
    return parser.parse_args(argv)


@dataclass
class Messung:
    art: str
    dauern: list[float] = field(default_factory=list)
    fehler: list[str] = field(default_factory=list)
    sekunden: float = 0.0
    cpu_gateway: float = 0.0
    cpu_postkorb: float = 0.0

    @property
    def pro_sekunde(self) -> float:
        return len(self.dauern) / self.sekunden if self.sekunden else 0.0

    def perzentil(self, anteil: float) -> float:
        geordnet = sorted(self.dauern)
        if not geordnet:
            return float("nan")
        return geordnet[min(len(geordnet) - 1, int(anteil * len(geordnet)))] * 1000

    def cpu_ms_je_aufruf(self, wert: float) -> float:
        return wert / len(self.dauern) * 1000 if self.dauern else float("nan")


@dataclass(frozen=True)
class Plattform:
    gateway: ServiceProcess
    postkorb: ServiceProcess
    boden: ServiceProcess
    amqp_uri: str


@contextmanager
def plattform(ordner: Path) -> Iterator[Plattform]:
    with ExitStack() as stack:
        amqp_uri = stack.enter_context(virtual_host(AMQP_URI, "bench-postkorb"))
        gemeinsam = {
            "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
            "SOZ_LOG_LEVEL": os.environ.get("SOZ_LOG_LEVEL", "INFO"),
        }

        def starten(name: str, ziel: str, **env: str) -> ServiceProcess:
            (ordner / name).mkdir(parents=True, exist_ok=True)
            return stack.enter_context(
                ServiceProcess(
                    ziel,
                    cwd=ROOT,
                    amqp_uri=amqp_uri,
                    env={
                        **gemeinsam,
                        "SOZ_SERVICE_NAME": name,
                        "SOZ_DATA_DIR": str(ordner / name),
                        **env,
                    },
                    log_path=ordner / f"{name}.log",
                    ready_timeout=90,
                )
            )

        postkorb = starten("postkorb", "postkorb.service:PostkorbService")
        boden = starten("benchboden", "bench.postkorb.dienste:BenchBoden")
        gateway = starten(
            "gateway",
            "bench.postkorb.dienste:BenchGateway",
            SOZ_GATEWAY_DOWNSTREAM="postkorb,benchboden",
            SOZ_GATEWAY_LIMIT_LOGIN_IP="100000/60",
            SOZ_GATEWAY_LIMIT_SIGNUP_IP="100000/60",
        )
        yield Plattform(gateway, postkorb, boden, amqp_uri)


class Person:
    """One keep-alive connection with one session."""

    def __init__(self, port: int) -> None:
        self.verbindung = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        email = f"bench-{uuid.uuid4().hex[:12]}@example.org"
        zugang = {"email": email, "passwort": PASSWORT}
        status, _ = self.senden("POST", "/api/v1/konto", zugang)
        assert status == 202, status
        status, antwort = self.senden("POST", "/api/v1/sitzung", zugang)
        assert status == 201, status
        self.person_id = orjson.loads(self.senden("GET", "/api/v1/sitzung")[1])["person_id"]

    def senden(self, methode: str, pfad: str, json: dict | None = None) -> tuple[int, bytes]:
        kopf = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if json is not None:
            body = orjson.dumps(json)
            kopf["Content-Type"] = "application/json"
        self.verbindung.request(methode, pfad, body=body, headers=kopf)
        antwort = self.verbindung.getresponse()
        inhalt = antwort.read()
        gesetzt = antwort.getheader("Set-Cookie")
        if gesetzt and gesetzt.startswith("soz_sitzung="):
            self.cookie = gesetzt.split(";", 1)[0]
        return antwort.status, inhalt


def nachrichten_einliefern(amqp_uri: str, personen: list[Person], anzahl: int) -> None:
    """What the xta-gateway publishes for each message fetched from a Jobcenter."""
    nachrichten = []
    for person in personen:
        for nummer in range(anzahl):
            message_id = f"urn:de:xta:messageid:bench:{uuid.uuid4()}"
            envelope = Envelope(
                event_id=new_id(),
                event_type="NachrichtEmpfangen",
                schema_version=2,
                occurred_at=utc_now_rfc3339(),
                producer="xta_gateway",
                stream_id=f"empfang-{message_id}",
                stream_version=1,
                correlation_id=new_id(),
                causation_id=None,
                payload={
                    "message_id": message_id,
                    "jobcenter_id": "43102",
                    "person_id": person.person_id,
                    "betreff": f"Ihr Antrag, Schreiben {nummer + 1}",
                    "inhalt": "Sehr geehrte Frau Mustermann,\n\nbitte reichen Sie nach.",
                    "anlagen": [],
                    "empfangen_am": utc_now_rfc3339(),
                    "art": "information" if nummer % 3 else "aufforderung",
                    **({} if nummer % 3 else {"frist": "2027-01-15"}),
                },
            )
            nachrichten.append(
                OutgoingMessage(
                    exchange="xta_gateway.events",
                    routing_key="NachrichtEmpfangen",
                    body=envelope.to_json(),
                    message_id=envelope.event_id,
                )
            )
    publisher = ConfirmingPublisher(amqp_uri)
    try:
        publisher.publish(nachrichten)
    finally:
        publisher.close()


def gefuellt_abwarten(personen: list[Person], anzahl: int, sekunden: float = 120) -> None:
    ende = time.monotonic() + sekunden
    for person in personen:
        while True:
            status, inhalt = person.senden("GET", "/api/v1/postkorb")
            if status == 200 and orjson.loads(inhalt)["ungelesen"] >= anzahl:
                break
            if time.monotonic() > ende:
                raise SystemExit(f"postkorb did not file {anzahl} messages within {sekunden} s")
            time.sleep(0.2)


def cpu_sekunden(pid: int) -> float:
    felder = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(felder[11]) + int(felder[12])) / TICKS


def messen(p: Plattform, personen: list[Person], art: str, sekunden: float) -> Messung:
    methode, pfad = art.split(" ", 1)
    messung = Messung(art)
    sperre = threading.Lock()
    ende = time.perf_counter() + sekunden

    def last(person: Person) -> None:
        while time.perf_counter() < ende:
            beginn = time.perf_counter()
            try:
                status, _ = person.senden(methode, pfad)
            except OSError as error:
                with sperre:
                    messung.fehler.append(type(error).__name__)
                continue
            dauer = time.perf_counter() - beginn
            with sperre:
                if status == 200:
                    messung.dauern.append(dauer)
                else:
                    messung.fehler.append(str(status))

    # the service the call reaches: postkorb, or benchboden for the floor
    dienst = p.boden if art == ARTEN[0] else p.postkorb
    cpu = (cpu_sekunden(p.gateway.process.pid), cpu_sekunden(dienst.process.pid))
    beginn = time.perf_counter()
    threads = [threading.Thread(target=last, args=(person,)) for person in personen]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    messung.sekunden = time.perf_counter() - beginn
    messung.cpu_gateway = cpu_sekunden(p.gateway.process.pid) - cpu[0]
    messung.cpu_postkorb = cpu_sekunden(dienst.process.pid) - cpu[1]
    return messung


def zeile(m: Messung, boden: float) -> str:
    anteil = m.pro_sekunde / boden if boden else float("nan")
    return (
        f"  {m.art:26} {m.pro_sekunde:8.1f}/s  {anteil:5.2f} of the floor  p50 "
        f"{m.perzentil(0.5):6.1f} ms  p99 {m.perzentil(0.99):6.1f} ms  CPU/call gateway "
        f"{m.cpu_ms_je_aufruf(m.cpu_gateway):5.1f} ms, service "
        f"{m.cpu_ms_je_aufruf(m.cpu_postkorb):5.1f} ms  failures {len(m.fehler)}"
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    last = os.getloadavg()
    print("bench.postkorb.gateway: opening the mailbox through the gateway, beside its floor")
    print(
        f"  Python {sys.version.split()[0]}, nameko {version('nameko')}; {os.cpu_count()} CPUs, "
        f"load average {last[0]:.2f} {last[1]:.2f} {last[2]:.2f}; {args.personen} people, "
        f"{args.nachrichten} messages each, {args.runden} rounds of {args.sekunden:.0f} s per kind",
        flush=True,
    )
    with (
        tempfile.TemporaryDirectory(prefix="bench-postkorb-") as ordner,
        plattform(Path(ordner)) as p,
    ):
        personen = [Person(p.gateway.port) for _ in range(args.personen)]
        nachrichten_einliefern(p.amqp_uri, personen, args.nachrichten)
        gefuellt_abwarten(personen, args.nachrichten)
        for art in ARTEN:  # warm: the first call of each kind
            messen(p, personen, art, 1.0)
        runden: dict[str, list[Messung]] = {art: [] for art in ARTEN}
        for runde in range(args.runden):
            print(f"round {runde + 1}:")
            ergebnisse = {art: messen(p, personen, art, args.sekunden) for art in ARTEN}
            boden = ergebnisse[ARTEN[0]].pro_sekunde
            for art, messung in ergebnisse.items():
                runden[art].append(messung)
                print(zeile(messung, boden), flush=True)
    median = {art: statistics.median(m.pro_sekunde for m in ms) for art, ms in runden.items()}
    # CPU per call (gateway + postkorb/benchboden) is steadier than calls/s on a shared machine
    cpu = {
        art: statistics.median(
            m.cpu_ms_je_aufruf(m.cpu_gateway) + m.cpu_ms_je_aufruf(m.cpu_postkorb) for m in ms
        )
        for art, ms in runden.items()
    }
    print("median over the rounds: calls/s (share of the floor), CPU per call (x the floor's):")
    for art in ARTEN:
        print(
            f"  {art:26} {median[art]:8.1f}/s ({median[art] / median[ARTEN[0]]:4.2f})  "
            f"{cpu[art]:5.1f} ms CPU ({cpu[art] / cpu[ARTEN[0]]:4.2f}x)"
        )
    last = os.getloadavg()
    print(f"  load average after: {last[0]:.2f} {last[1]:.2f} {last[2]:.2f}")
    fehler = sum(len(m.fehler) for ms in runden.values() for m in ms)
    return 1 if fehler else 0


if __name__ == "__main__":
    sys.exit(main())
