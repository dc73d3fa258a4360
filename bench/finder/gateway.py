"""python -m bench.finder.gateway: finder evaluations through the gateway, beside the gateway's
floor measured in the same run.

Starts the real zustaendigkeit, finder and gateway services (`nameko run`, the embedded default:
SQLite, in a RabbitMQ virtual host of the run's own; the gateway keeps no answers, so every
request is an RPC). Then, in rounds measured back to back so both see the same load:

- floor: ``GET /api/v1/zustaendigkeit?plz=63571``: one HTTP request and one RPC to a service
  that answers from memory (zustaendigkeit's index), the answer back as JSON;
- finder: ``POST /api/v1/finder/auswertung`` with households rotating over four places and
  shapes: the gateway's pipeline, one RPC to the finder, HaushaltSchema, the place (kept by the
  finder after its first RPC to zustaendigkeit), every benefit's rules, the texts, and
  FinderAusgewertet appended with its outbox row (and published by the relay).

Each run: ``--klienten`` threads with a keep-alive connection each, ``--sekunden`` long after a
warm-up. The median round is reported. Targets (issue 14): finder >= 50 % of the floor's
requests/s, p99 < 50 ms. Beside requests/s, the CPU seconds the three service processes spent
per request (from /proc) are reported for both: on a machine busy with other work, the
requests/s of one run swing by a third, their CPU per request much less.
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
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import orjson

from kernel.testing import ServiceProcess, virtual_host

AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
ZIEL_ANTEIL = 0.5
ZIEL_P99_MS = 50.0
BODEN = "/api/v1/zustaendigkeit?plz=63571"
AUSWERTUNG = "/api/v1/finder/auswertung"


def _person(rolle: str, alter: int, **mehr: object) -> dict:
    return {"rolle": rolle, "alter": alter, **mehr}


HAUSHALTE = [
    {  # a family in Berlin just below the line
        "wohnort": {"plz": "10115"},
        "personen": [
            _person("antragsteller", 36, erwerbsfaehig=True, einkommen={"erwerb_brutto": 2300}),
            _person("partner", 34, erwerbsfaehig=True),
            _person("kind", 4),
            _person("kind", 8),
        ],
        "wohnkosten": {"warmmiete": 1150, "heizkosten": 130},
    },
    {  # single without income in Gelnhausen
        "wohnort": {"plz": "63571", "ort": "Gelnhausen"},
        "personen": [_person("antragsteller", 45, erwerbsfaehig=True)],
        "wohnkosten": {"warmmiete": 560},
    },
    {  # single parent with maintenance in Fulda
        "wohnort": {"plz": "36037"},
        "personen": [
            _person("antragsteller", 31, erwerbsfaehig=True, einkommen={"erwerb_brutto": 900}),
            _person("kind", 6, einkommen={"unterhalt": 150}),
        ],
        "alleinerziehend": True,
        "wohnkosten": {"warmmiete": 720},
    },
    {  # a pensioner in Wiesbaden
        "wohnort": {"plz": "65183"},
        "personen": [_person("antragsteller", 70, einkommen={"rente_brutto": 980})],
        "wohnkosten": {"warmmiete": 640},
        "vermoegen": 3000,
    },
]


@dataclass
class Lauf:
    name: str
    anfragen: int
    sekunden: float
    dauern: list[float]
    fehler: list[str]
    cpu_sekunden: float = 0.0  # the services' CPU (gateway, finder, zustaendigkeit) in the window

    @property
    def cpu_ms(self) -> float:
        """CPU of the services per request: less sensitive to other load than requests/s."""
        return 1000 * self.cpu_sekunden / max(1, self.anfragen)

    @property
    def pro_sekunde(self) -> float:
        return self.anfragen / self.sekunden

    def perzentil_ms(self, anteil: float) -> float:
        geordnet = sorted(self.dauern)
        return 1000 * geordnet[min(len(geordnet) - 1, int(anteil * len(geordnet)))]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.finder.gateway", description=__doc__)
    parser.add_argument("--sekunden", type=float, default=8, help="per run (default 8)")
    parser.add_argument("--aufwaermen", type=float, default=2, help="per run (default 2)")
    parser.add_argument("--klienten", type=int, default=4, help="concurrent (default 4)")
    parser.add_argument("--runden", type=int, default=3, help="rounds (default 3)")
    return parser.parse_args(argv)


@contextmanager
def plattform(ordner: Path) -> Iterator[dict[str, ServiceProcess]]:
    with ExitStack() as stack:
        amqp_uri = stack.enter_context(virtual_host(AMQP_URI, "bench-finder"))

        def dienst(name: str, ziel: str, **env: str) -> ServiceProcess:
            (ordner / name).mkdir(parents=True, exist_ok=True)
            process = ServiceProcess(
                ziel,
                amqp_uri=amqp_uri,
                env={
                    "SOZ_SERVICE_NAME": name,
                    "SOZ_DATA_DIR": str(ordner / name),
                    "SOZ_LOG_LEVEL": "INFO",
                    **env,
                },
                log_path=ordner / f"{name}.log",
                ready_timeout=120,
            )
            return stack.enter_context(process)

        prozesse = {
            "zustaendigkeit": dienst(
                "zustaendigkeit", "zustaendigkeit.service:ZustaendigkeitService"
            ),
            "finder": dienst("finder", "finder.service:FinderService"),
        }
        prozesse["gateway"] = dienst(
            "gateway",
            "gateway.service:GatewayService",
            SOZ_GATEWAY_DOWNSTREAM="finder,zustaendigkeit",
            SOZ_GATEWAY_CACHE_ENTRIES="0",  # every request an RPC, the floor too
        )
        yield prozesse


def cpu(pids: list[int]) -> float:
    """User and system CPU seconds of these processes so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    summe = 0
    for pid in pids:
        felder = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        summe += int(felder[11]) + int(felder[12])  # utime, stime
    return summe / ticks


def laufen(
    port: int, name: str, klienten: int, aufwaermen: float, sekunden: float, pids: list[int]
) -> Lauf:
    lauf = Lauf(name, 0, sekunden, [], [])
    sperre = threading.Lock()
    beginn = time.perf_counter()
    start, ende = beginn + aufwaermen, beginn + aufwaermen + sekunden

    def klient(nummer: int) -> None:
        verbindung = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        i = nummer
        while (jetzt := time.perf_counter()) < ende:
            if name == "floor":
                verbindung.request("GET", BODEN, headers={"Accept": "application/json"})
            else:
                body = orjson.dumps(HAUSHALTE[i % len(HAUSHALTE)])
                i += 1
                verbindung.request(
                    "POST", AUSWERTUNG, body=body, headers={"Content-Type": "application/json"}
                )
            antwort = verbindung.getresponse()
            antwort.read()
            fertig = time.perf_counter()
            if jetzt < start or fertig > ende:
                continue
            with sperre:
                if antwort.status != 200:
                    lauf.fehler.append(str(antwort.status))
                lauf.anfragen += 1
                lauf.dauern.append(fertig - jetzt)
        verbindung.close()

    def cpu_messen() -> None:
        time.sleep(max(0.0, start - time.perf_counter()))
        vorher = cpu(pids)
        time.sleep(max(0.0, ende - time.perf_counter()))
        lauf.cpu_sekunden = cpu(pids) - vorher

    threads = [threading.Thread(target=klient, args=(n,)) for n in range(klienten)]
    threads.append(threading.Thread(target=cpu_messen))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return lauf


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    last = os.getloadavg()
    print("bench.finder.gateway: POST /api/v1/finder/auswertung beside the gateway floor")
    print(
        f"  Python {sys.version.split()[0]}, nameko {version('nameko')}; {os.cpu_count()} CPUs, "
        f"load average {last[0]:.2f} {last[1]:.2f} {last[2]:.2f}; SQLite (embedded default); "
        f"{args.klienten} clients, {args.runden} rounds of {args.sekunden:.0f} s each"
    )
    runden: list[tuple[Lauf, Lauf]] = []
    with tempfile.TemporaryDirectory(prefix="bench-finder-") as ordner:
        beginn = time.perf_counter()
        with plattform(Path(ordner)) as prozesse:
            gateway = prozesse["gateway"]
            pids = [p.process.pid for p in prozesse.values() if p.process is not None]
            print(
                f"  started zustaendigkeit, finder, gateway in {time.perf_counter() - beginn:.1f} s"
            )
            for runde in range(args.runden):
                boden = laufen(
                    gateway.port, "floor", args.klienten, args.aufwaermen, args.sekunden, pids
                )
                finder = laufen(
                    gateway.port, "finder", args.klienten, args.aufwaermen, args.sekunden, pids
                )
                runden.append((boden, finder))
                p50, p99 = finder.perzentil_ms(0.5), finder.perzentil_ms(0.99)
                print(
                    f"  round {runde + 1}: floor {boden.pro_sekunde:7.1f}/s "
                    f"(p99 {boden.perzentil_ms(0.99):5.1f} ms), finder {finder.pro_sekunde:7.1f}/s "
                    f"(p50 {p50:5.1f} ms, p99 {p99:5.1f} ms); CPU per request "
                    f"{boden.cpu_ms:.2f} / {finder.cpu_ms:.2f} ms; "
                    f"failures {len(boden.fehler)}/{len(finder.fehler)}"
                )
    boden, finder = sorted(runden, key=lambda paar: paar[1].pro_sekunde / paar[0].pro_sekunde)[
        len(runden) // 2
    ]
    anteil = finder.pro_sekunde / boden.pro_sekunde
    p99 = finder.perzentil_ms(0.99)
    print("summary (median round by the finder's share of the floor)")
    print(f"  floor  GET {BODEN}: {boden.pro_sekunde:8.1f} requests/s")
    print(f"  finder POST {AUSWERTUNG}: {finder.pro_sekunde:8.1f} evaluations/s")
    urteil = "PASS" if anteil >= ZIEL_ANTEIL else "MISS"
    print(f"  share of the floor {anteil:6.1%}   target >= {ZIEL_ANTEIL:.0%}   {urteil}")
    urteil = "PASS" if p99 < ZIEL_P99_MS else "MISS"
    print(f"  finder p99 {p99:6.1f} ms   target < {ZIEL_P99_MS:.0f} ms   {urteil}")
    cpu_anteil = statistics.median(b.cpu_ms / f.cpu_ms for b, f in runden)
    print(
        f"  services' CPU per request (gateway+finder+zustaendigkeit, median of rounds): floor "
        f"{statistics.median(b.cpu_ms for b, _ in runden):.2f} ms, finder "
        f"{statistics.median(f.cpu_ms for _, f in runden):.2f} ms: the finder could reach "
        f"{cpu_anteil:.0%} of the floor where CPU is the limit"
    )
    alle_fehler = [f for b, f in runden for f in (*b.fehler, *f.fehler)]
    if alle_fehler:
        print(f"  failures: {len(alle_fehler)} (statuses {sorted(set(alle_fehler))})")
    print(
        f"  finder p50 {finder.perzentil_ms(0.5):.1f} ms; spread of rounds: "
        + ", ".join(f"{f.pro_sekunde / b.pro_sekunde:.0%}" for b, f in runden)
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
