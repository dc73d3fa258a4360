"""python -m bench.termine.gateway: the search for counselling centres through the gateway.

Starts real `nameko run` processes in RabbitMQ virtual hosts of their own: zustaendigkeit,
termine (its demo directory of about 5,300 centres, loaded at first start) and the gateway;
and, for the floor, a gateway in front of a service that answers the same searches from memory
(bench.termine.boden). Then:

1. Every query once through the real gateway (must be 200 with hits); the answers become the
   floor's memory.
2. Rounds, measured back to back so both see the same load on the machine: the floor, then the
   real search, each ``--sekunden`` long with ``--klienten`` client processes on keep-alive
   connections, rotating over the queries
   (``GET /api/v1/beratungsstellen?plz=…&thema=…``, PLZ drawn from the Destatis data with a
   fixed seed, the four themes in turn). The median round is reported.

Target (issue 12): the real search at least 50 % of the floor's requests/s, p99 < 100 ms.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode

from bench.termine.boden import schluessel
from kernel.testing import ServiceProcess, virtual_host
from zustaendigkeit.adapters import quelldateien
from zustaendigkeit.domain.model import Anbindung
from zustaendigkeit.domain.referenzdaten import aufloesen
from zustaendigkeit.domain.verzeichnis import Verzeichnis

ROOT = Path(__file__).resolve().parents[2]
AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
THEMEN = ("schuldnerberatung", "suchtberatung", "wohnungslosenhilfe", "sozialberatung")
ANTEIL_ZIEL = 0.5
P99_ZIEL_MS = 100.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.termine.gateway",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--anfragen", type=int, default=400, help="distinct queries (400)")
    parser.add_argument("--sekunden", type=float, default=8, help="per measurement (8)")
    parser.add_argument("--runden", type=int, default=3, help="rounds (3)")
    parser.add_argument("--klienten", type=int, default=4, help="client processes (4)")
    parser.add_argument(
        "--ordner",
        type=Path,
        default=None,
        help="keep data and logs here (default: a temporary one)",
    )
    return parser.parse_args(argv)


def anfragen(datenverzeichnis: Path, anzahl: int) -> list[tuple[str, str]]:
    daten = aufloesen(quelldateien.lesen(datenverzeichnis))
    alle = sorted(Verzeichnis(daten, Anbindung()).alle_plz())
    auswahl = random.Random(12).sample(alle, min(anzahl, len(alle)))
    return [(plz, THEMEN[nummer % len(THEMEN)]) for nummer, plz in enumerate(auswahl)]


def pfad(plz: str, thema: str) -> str:
    return "/api/v1/beratungsstellen?" + urlencode({"plz": plz, "thema": thema})


@contextmanager
def prozesse(
    ordner: Path, antworten: Path
) -> Iterator[tuple[ServiceProcess, ServiceProcess, ServiceProcess]]:
    """(the real gateway, the floor's service, the floor's gateway, the search's services)."""
    umgebung = {
        "PYTHONPATH": str(ROOT),
        "SOZ_LOG_LEVEL": os.environ.get("SOZ_LOG_LEVEL", "WARNING"),
    }
    with ExitStack() as stack:

        def dienst(uri: str, ziel: str, name: str, art: str, **env: str) -> ServiceProcess:
            (ordner / art).mkdir(parents=True, exist_ok=True)
            return stack.enter_context(
                ServiceProcess(
                    ziel,
                    cwd=ROOT,
                    amqp_uri=uri,
                    env={
                        **umgebung,
                        "SOZ_SERVICE_NAME": name,
                        "SOZ_DATA_DIR": str(ordner / art),
                        **env,
                    },
                    log_path=ordner / f"{art}.log",
                    ready_timeout=300,
                )
            )

        echt = stack.enter_context(virtual_host(AMQP_URI, "bench-termine"))
        boden = stack.enter_context(virtual_host(AMQP_URI, "bench-termine-boden"))
        zust = dienst(
            echt, "zustaendigkeit.service:ZustaendigkeitService", "zustaendigkeit", "zust"
        )
        termine = dienst(echt, "termine.service:TermineService", "termine", "termine")
        gateway = dienst(
            echt, "gateway.service:GatewayService", "gateway", "gateway", SOZ_GATEWAY_DOWNSTREAM=""
        )
        boden_dienst = dienst(
            boden,
            "bench.termine.boden:TermineAusDemSpeicher",
            "termine",
            "boden",
            BENCH_TERMINE_ANTWORTEN=str(antworten),
        )
        boden_gateway = dienst(
            boden,
            "gateway.service:GatewayService",
            "gateway",
            "boden-gateway",
            SOZ_GATEWAY_DOWNSTREAM="",
        )
        yield gateway, boden_dienst, boden_gateway, [gateway, termine, zust]


def vorlauf(port: int, liste: list[tuple[str, str]]) -> dict[str, object]:
    """Every query once; each answer must be 200 with hits (the floor's memory)."""
    verbindung = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    antworten: dict[str, object] = {}
    ohne_treffer = 0
    for plz, thema in liste:
        for versuch in range(3):  # the first calls after start may meet a cold service
            verbindung.request("GET", pfad(plz, thema))
            antwort = verbindung.getresponse()
            body = antwort.read()
            if antwort.status == 200:
                break
            print(f"  {pfad(plz, thema)}: {antwort.status} (try {versuch + 1})")
            time.sleep(1)
        else:
            raise SystemExit(f"{pfad(plz, thema)}: {antwort.status} {body[:200]!r}")
        inhalt = json.loads(body)
        ohne_treffer += not inhalt["treffer"]
        antworten[schluessel(plz, thema)] = inhalt
    verbindung.close()
    if ohne_treffer:
        print(f"  {ohne_treffer} of {len(liste)} queries found nothing within 25 km")
    return antworten


def _klient(argumente: tuple[int, list[str], float, float]) -> tuple[int, list[float], int]:
    port, pfade, start, ende = argumente
    verbindung = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    dauern: list[float] = []
    fehler = 0
    nummer = random.randrange(len(pfade))
    while time.time() < start:
        time.sleep(0.001)
    while time.time() < ende:
        nummer = (nummer + 1) % len(pfade)
        beginn = time.perf_counter()
        verbindung.request("GET", pfade[nummer])
        antwort = verbindung.getresponse()
        antwort.read()
        dauern.append(time.perf_counter() - beginn)
        fehler += antwort.status != 200
    verbindung.close()
    return len(dauern), dauern, fehler


def cpu_sekunden(prozesse: list[ServiceProcess]) -> float:
    """User and system CPU seconds the processes have used so far (/proc, Linux)."""
    summe = 0
    for prozess in prozesse:
        assert prozess.process is not None
        felder = Path(f"/proc/{prozess.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        summe += int(felder[11]) + int(felder[12])  # utime, stime in clock ticks
    return summe / os.sysconf("SC_CLK_TCK")


def messen(  # noqa: PLR0913
    pool,  # noqa: ANN001
    port: int,
    pfade: list[str],
    sekunden: float,
    klienten: int,
    beteiligt: list[ServiceProcess],
) -> dict:
    cpu_vorher = cpu_sekunden(beteiligt)
    start = time.time() + 1.0
    ende = start + sekunden
    ergebnisse = pool.map(_klient, [(port, pfade, start, ende)] * klienten)
    dauern = sorted(d for _, liste, _ in ergebnisse for d in liste)
    anzahl = len(dauern)
    if not anzahl:
        raise SystemExit("no request was answered in the measurement window")
    cpu = cpu_sekunden(beteiligt) - cpu_vorher
    return {
        "cpu_ms": cpu / anzahl * 1000,
        "pro_s": anzahl / sekunden,
        "p50_ms": dauern[anzahl // 2] * 1000,
        "p99_ms": dauern[min(anzahl - 1, int(anzahl * 0.99))] * 1000,
        "fehler": sum(f for _, _, f in ergebnisse),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    liste = anfragen(args.data_dir, args.anfragen)
    pfade = [pfad(plz, thema) for plz, thema in liste]
    with tempfile.TemporaryDirectory(prefix="bench-termine-") as temp:
        ordner = args.ordner or Path(temp)
        antworten = ordner / "antworten.json"
        antworten.write_text("{}")
        print(f"starting zustaendigkeit, termine (demo directory), 2 gateways in {ordner} ...")
        beginn = time.perf_counter()
        with prozesse(ordner, antworten) as (gateway, boden_dienst, boden_gateway, suche):
            print(f"  ready after {time.perf_counter() - beginn:.1f} s")
            antworten.write_text(json.dumps(vorlauf(gateway.port, liste)))
            boden_dienst.stop()  # the floor's service reads its memory at start: restart
            boden_dienst.start()
            vorlauf(boden_gateway.port, liste[:5])
            boden: list[dict] = []
            echt: list[dict] = []
            with multiprocessing.get_context("spawn").Pool(args.klienten) as pool:
                pool.map(time.sleep, [0.1] * args.klienten)  # every client process is up
                for runde in range(1, args.runden + 1):
                    boden.append(
                        messen(
                            pool,
                            boden_gateway.port,
                            pfade,
                            args.sekunden,
                            args.klienten,
                            [boden_gateway, boden_dienst],
                        )
                    )
                    echt.append(
                        messen(pool, gateway.port, pfade, args.sekunden, args.klienten, suche)
                    )
                    print(
                        f"  round {runde}: floor {boden[-1]['pro_s']:.0f}/s p99 "
                        f"{boden[-1]['p99_ms']:.1f} ms; search {echt[-1]['pro_s']:.0f}/s p99 "
                        f"{echt[-1]['p99_ms']:.1f} ms; CPU per request floor "
                        f"{boden[-1]['cpu_ms']:.1f} ms, search {echt[-1]['cpu_ms']:.1f} ms"
                    )
    return bericht(args, boden, echt)


def bericht(args: argparse.Namespace, boden: list[dict], echt: list[dict]) -> int:
    def mitte(messungen: list[dict], feld: str) -> float:
        return statistics.median(m[feld] for m in messungen)

    # each round's share (floor and search back to back see the same load), then the median
    anteil = statistics.median(e["pro_s"] / b["pro_s"] for e, b in zip(echt, boden, strict=True))
    anteil_cpu = mitte(boden, "cpu_ms") / mitte(echt, "cpu_ms")
    p99 = mitte(echt, "p99_ms")
    fehler = sum(m["fehler"] for m in [*boden, *echt])
    print(
        f"\n-- summary ({args.klienten} clients, {args.sekunden:.0f} s x {args.runden} rounds, "
        f"{args.anfragen} queries; load average {os.getloadavg()[0]:.2f})"
    )
    print(
        f"floor (gateway, search answered from memory)  {mitte(boden, 'pro_s'):8.0f} req/s  "
        f"p50 {mitte(boden, 'p50_ms'):6.1f} ms  p99 {mitte(boden, 'p99_ms'):6.1f} ms"
    )
    print(
        f"search through the gateway (5,300 centres)     {mitte(echt, 'pro_s'):8.0f} req/s  "
        f"p50 {mitte(echt, 'p50_ms'):6.1f} ms  p99 {p99:6.1f} ms"
    )
    print(
        f"share of the floor {anteil:6.1%}  target >= {ANTEIL_ZIEL:.0%}  "
        f"{'PASS' if anteil >= ANTEIL_ZIEL else 'MISS'}  (median of the rounds' shares)"
    )
    print(
        f"CPU per request: floor {mitte(boden, 'cpu_ms'):.1f} ms (gateway + memory), search "
        f"{mitte(echt, 'cpu_ms'):.1f} ms (gateway + termine + zustaendigkeit): share by CPU "
        f"{anteil_cpu:.1%} (less sensitive to other load on the machine)"
    )
    print(
        f"p99 {p99:6.1f} ms       target < {P99_ZIEL_MS:.0f} ms  "
        f"{'PASS' if p99 < P99_ZIEL_MS else 'MISS'}"
    )
    print(f"non-200 answers: {fehler}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
