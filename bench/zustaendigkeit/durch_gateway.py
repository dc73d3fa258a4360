"""python -m bench.zustaendigkeit --http: GET /api/v1/zustaendigkeit through the real gateway.

Starts real `nameko run` processes (kernel.testing.ServiceProcess): the zustaendigkeit service on
the real reference data, the gateway (answers kept per answer version, docs/adr/0015) and a
second gateway that keeps no answers (one RPC per request). wrk is the load generator.

1. Every one of the 8,170 PLZ once through the gateway (16 Python clients): each must answer 200
   with at least one candidate. This also fills the kept answers.
2. Rounds, each measuring back to back, so both see the same load on the machine:
   - reference: ``GET /bench/konstant``, a bare nameko @http handler returning a constant, in the
     same gateway process (same server stack);
   - ``GET /api/v1/zustaendigkeit?plz=…`` rotating over all 8,170 PLZ (a Lua script), the full
     pipeline (language, session lookup, security headers, problem mapping, JSON).
   The median round is reported. Target (issue 3): >= 1,000 requests/s with p99 < 20 ms.
3. For information: the same requests through the gateway that keeps no answers.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import orjson
from kombu import Connection

from kernel.testing import ServiceProcess
from zustaendigkeit.adapters import quelldateien
from zustaendigkeit.domain.model import Anbindung
from zustaendigkeit.domain.referenzdaten import aufloesen
from zustaendigkeit.domain.verzeichnis import Verzeichnis

ROOT = Path(__file__).resolve().parents[2]
ZIEL_PRO_SEKUNDE = 1_000
ZIEL_P99_MS = 20.0
ANGEBUNDENE_ZKT = "43102,45902,41110"  # as deploy/embedded/instance.env
WARMLAUF_KLIENTEN = 16
LUA = """
local pfade = {}
local i = 0
init = function(args)
  for zeile in io.lines(args[1]) do pfade[#pfade + 1] = zeile end
  i = math.random(#pfade)
end
request = function()
  i = i % #pfade + 1
  return wrk.format("GET", pfade[i])
end
"""


@dataclass(frozen=True)
class Messung:
    name: str
    pro_sekunde: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    anfragen: int
    nicht_2xx: int
    socket_fehler: int


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.zustaendigkeit --http",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--http", action="store_true", help="(this benchmark)")
    parser.add_argument("--data-dir", type=Path, default=None, help="reference data folder")
    parser.add_argument("--sekunden", type=int, default=10, help="per measurement (default 10)")
    parser.add_argument("--runden", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--verbindungen", type=int, default=10, help="wrk connections (default 10)")
    return parser.parse_args(argv)


def wrk_finden() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    print(
        "wrk (the load generator) is missing: installing it with `scripts/setup.sh wrk` "
        "(apt-get install wrk; needs root or sudo)",
        flush=True,
    )
    subprocess.run([str(ROOT / "scripts" / "setup.sh"), "wrk"], check=True)
    wrk = shutil.which("wrk")
    if not wrk:
        raise SystemExit("wrk is still missing: apt-get install wrk, then run again")
    return wrk


def alle_plz(datenverzeichnis: Path) -> list[str]:
    daten = aufloesen(quelldateien.lesen(datenverzeichnis))
    return Verzeichnis(daten, Anbindung()).alle_plz()


@contextmanager
def dienste(arbeitsordner: Path, name: str) -> Iterator[tuple[ServiceProcess, ServiceProcess]]:
    """zustaendigkeit, a gateway keeping answers and one that keeps none; stopped afterwards."""
    umgebung = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "ZUSTAENDIGKEIT_DIENSTNAME": name,
        "SOZ_LOG_LEVEL": os.environ.get("SOZ_LOG_LEVEL", "INFO"),
    }
    with ExitStack() as stack:
        ordner = arbeitsordner / "zustaendigkeit"
        ordner.mkdir()
        stack.enter_context(
            ServiceProcess(
                "bench.zustaendigkeit.dienste:BenchZustaendigkeit",
                cwd=ROOT,
                env={
                    **umgebung,
                    "SOZ_SERVICE_NAME": "zustaendigkeit",
                    "SOZ_DATA_DIR": str(ordner),
                    "SOZ_ANGEBUNDENE_ZKT": ANGEBUNDENE_ZKT,
                },
                log_path=arbeitsordner / "zustaendigkeit.log",
                ready_timeout=90,
            )
        )
        stack.callback(_rpc_queue_loeschen, name)
        gateways = []
        for art, eintraege in (("gateway", "20000"), ("gateway-ohne-speicher", "0")):
            ordner = arbeitsordner / art
            ordner.mkdir()
            gateways.append(
                stack.enter_context(
                    ServiceProcess(
                        "bench.zustaendigkeit.dienste:BenchGateway",
                        cwd=ROOT,
                        env={
                            **umgebung,
                            "SOZ_SERVICE_NAME": "gateway",
                            "SOZ_DATA_DIR": str(ordner),
                            "SOZ_GATEWAY_CACHE_ENTRIES": eintraege,
                            "SOZ_GATEWAY_DOWNSTREAM": "zustaendigkeit",  # all it calls here
                        },
                        log_path=arbeitsordner / f"{art}.log",
                    )
                )
            )
        yield gateways[0], gateways[1]


def _rpc_queue_loeschen(name: str) -> None:
    uri = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
    with Connection(uri) as connection:
        connection.default_channel.queue_delete(f"rpc-{name}")


def warmlauf(gateway: ServiceProcess, pfade: list[str]) -> tuple[float, list[str]]:
    """Every path once, by WARMLAUF_KLIENTEN keep-alive clients: (requests/s, problems)."""
    probleme: list[str] = []
    naechster = iter(pfade)
    sperre = threading.Lock()

    def klient() -> None:
        verbindung = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=30)
        while True:
            with sperre:
                pfad = next(naechster, None)
            if pfad is None:
                break
            verbindung.request("GET", pfad)
            antwort = verbindung.getresponse()
            body = antwort.read()
            if antwort.status != 200 or not orjson.loads(body)["kandidaten"]:
                probleme.append(f"{pfad}: {antwort.status}")
        verbindung.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=klient) for _ in range(WARMLAUF_KLIENTEN)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return len(pfade) / (time.perf_counter() - start), probleme


def wrk_messen(
    wrk: str, name: str, url: str, sekunden: int, verbindungen: int, pfade: Path | None = None
) -> Messung:
    befehl = [wrk, "-t1", f"-c{verbindungen}", f"-d{sekunden}s", "--latency", "--timeout", "5s"]
    if pfade is not None:
        skript = pfade.with_suffix(".lua")
        skript.write_text(LUA)
        befehl += ["-s", str(skript), url, "--", str(pfade)]
    else:
        befehl.append(url)
    ausgabe = subprocess.run(befehl, capture_output=True, text=True, check=True).stdout
    return _wrk_lesen(name, ausgabe)


def _wrk_lesen(name: str, ausgabe: str) -> Messung:
    def dauer_ms(text: str) -> float:
        wert, einheit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
        return float(wert) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[einheit]

    perzentile = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)$", ausgabe, re.MULTILINE))
    anfragen = re.search(r"(\d+) requests in", ausgabe)
    rate = re.search(r"Requests/sec:\s+([\d.]+)", ausgabe)
    nicht_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", ausgabe)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", ausgabe
    )
    if not (anfragen and rate and len(perzentile) == 3):
        raise RuntimeError(f"cannot read wrk's output:\n{ausgabe}")
    return Messung(
        name=name,
        pro_sekunde=float(rate[1]),
        p50_ms=dauer_ms(perzentile["50"]),
        p90_ms=dauer_ms(perzentile["90"]),
        p99_ms=dauer_ms(perzentile["99"]),
        anfragen=int(anfragen[1]),
        nicht_2xx=int(nicht_2xx[1]) if nicht_2xx else 0,
        socket_fehler=sum(int(n) for n in socket.groups()) if socket else 0,
    )


def treffer(gateway: ServiceProcess) -> dict[str, float]:
    """The gateway's counters of kept-answer lookups (Prometheus, /metrics)."""
    with urllib.request.urlopen(f"{gateway.ops_url}/metrics", timeout=5) as antwort:
        text = antwort.read().decode()
    zaehler = {"hit": 0.0, "miss": 0.0}
    for ergebnis, wert in re.findall(
        r'^gateway_kept_answers_lookups_total\{[^}]*result="(hit|miss)"[^}]*\} ([\d.e+]+)$',
        text,
        re.MULTILINE,
    ):
        zaehler[ergebnis] += float(wert)
    return zaehler


def median(name: str, messungen: list[Messung]) -> Messung:
    def mitte(werte: list[float]) -> float:
        return statistics.median(werte)

    return Messung(
        name=name,
        pro_sekunde=mitte([m.pro_sekunde for m in messungen]),
        p50_ms=mitte([m.p50_ms for m in messungen]),
        p90_ms=mitte([m.p90_ms for m in messungen]),
        p99_ms=mitte([m.p99_ms for m in messungen]),
        anfragen=sum(m.anfragen for m in messungen),
        nicht_2xx=sum(m.nicht_2xx for m in messungen),
        socket_fehler=sum(m.socket_fehler for m in messungen),
    )


def zeile(messung: Messung) -> str:
    return (
        f"  {messung.name:<46} {messung.pro_sekunde:9,.0f} {messung.p50_ms:8.2f} "
        f"{messung.p90_ms:8.2f} {messung.p99_ms:8.2f} {messung.anfragen:9,} "
        f"{messung.nicht_2xx + messung.socket_fehler:6}"
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk = wrk_finden()
    datenverzeichnis = args.data_dir or quelldateien.standard_verzeichnis()
    if args.data_dir:
        os.environ[quelldateien.UMGEBUNGSVARIABLE] = str(args.data_dir)
    plz = alle_plz(datenverzeichnis)
    pfade = [f"/api/v1/zustaendigkeit?plz={p}" for p in plz]
    last = os.getloadavg()

    print("bench.zustaendigkeit --http: GET /api/v1/zustaendigkeit through the gateway")
    print(
        f"  Python {sys.version.split()[0]}, nameko {version('nameko')}, "
        f"eventlet {version('eventlet')}, {_wrk_version(wrk)}; {os.cpu_count()} CPUs, "
        f"load average {last[0]:.2f} {last[1]:.2f} {last[2]:.2f}"
    )
    print(
        f"  wrk -t1 -c{args.verbindungen} -d{args.sekunden}s, {args.runden} rounds, median; "
        f"{len(plz):,} PLZ in rotation"
    )
    with tempfile.TemporaryDirectory(prefix="bench-zustaendigkeit-http-") as ordner:
        arbeitsordner = Path(ordner)
        pfad_datei = arbeitsordner / "pfade.txt"
        pfad_datei.write_text("\n".join(pfade) + "\n")
        name = f"zustaendigkeitbench{uuid.uuid4().hex[:8]}"
        start = time.perf_counter()
        with dienste(arbeitsordner, name) as (gateway, ohne_speicher):
            print(
                f"  started zustaendigkeit and two gateways in {time.perf_counter() - start:.1f} s"
            )
            time.sleep(3)  # the gateway has read the answer version
            speicher_vorher = _rss_mb(gateway)
            warm_rate, probleme = warmlauf(gateway, pfade)
            print(
                f"  every PLZ once ({WARMLAUF_KLIENTEN} Python clients, each an RPC): "
                f"{warm_rate:,.0f} requests/s; "
                + ("all 200 with candidates" if not probleme else f"PROBLEMS: {probleme[:5]}")
            )
            print(
                f"  gateway memory (RSS) {speicher_vorher:.0f} MB before, "
                f"{_rss_mb(gateway):.0f} MB with every PLZ's answer kept"
            )
            konstant, zustaendigkeit = [], []
            vorher = treffer(gateway)
            for _ in range(args.runden):
                konstant.append(
                    wrk_messen(
                        wrk,
                        "bare @http handler (constant)",
                        f"{gateway.url}/bench/konstant",
                        args.sekunden,
                        args.verbindungen,
                    )
                )
                zustaendigkeit.append(
                    wrk_messen(
                        wrk,
                        "/api/v1/zustaendigkeit?plz= (answers kept)",
                        gateway.url,
                        args.sekunden,
                        args.verbindungen,
                        pfad_datei,
                    )
                )
            nachher = treffer(gateway)
            rpc = wrk_messen(
                wrk,
                "/api/v1/zustaendigkeit?plz= (an RPC each)",
                ohne_speicher.url,
                args.sekunden,
                args.verbindungen,
                pfad_datei,
            )
    last = os.getloadavg()
    hits = nachher["hit"] - vorher["hit"]
    misses = nachher["miss"] - vorher["miss"]
    referenz = median("bare @http handler (constant)", konstant)
    haupt = median("/api/v1/zustaendigkeit?plz= (answers kept)", zustaendigkeit)
    print()
    print(f"  {'figure':<46} {'req/s':>9} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} "
          f"{'requests':>9} {'errors':>6}")  # fmt: skip
    for runde, (k, z) in enumerate(zip(konstant, zustaendigkeit, strict=True), start=1):
        print(f"  round {runde}")
        print(zeile(k))
        print(zeile(z))
    print("  median")
    print(zeile(referenz))
    print(zeile(haupt))
    print("  for information")
    print(zeile(rpc))
    print()
    anteil = hits / (hits + misses) if hits + misses else 0.0
    verhaeltnis = haupt.pro_sekunde / referenz.pro_sekunde
    print(
        f"  kept answers during the measured rounds: {hits:,.0f} hits, {misses:,.0f} misses "
        f"({anteil:.1%} hits); gateway/bare handler: {verhaeltnis:.2f}x"
    )
    print(f"  load average afterwards {last[0]:.2f} {last[1]:.2f} {last[2]:.2f}")
    bestanden = (
        haupt.pro_sekunde >= ZIEL_PRO_SEKUNDE
        and haupt.p99_ms < ZIEL_P99_MS
        and haupt.nicht_2xx + haupt.socket_fehler == 0
        and not probleme
    )
    print(
        f"  target >= {ZIEL_PRO_SEKUNDE:,} requests/s with p99 < {ZIEL_P99_MS:.0f} ms, no errors: "
        f"{haupt.pro_sekunde:,.0f}/s, p99 {haupt.p99_ms:.1f} ms  {'PASS' if bestanden else 'MISS'}"
    )
    return 0


def _rss_mb(prozess: ServiceProcess) -> float:
    assert prozess.process is not None
    status = Path(f"/proc/{prozess.process.pid}/status").read_text()
    kb = re.search(r"^VmRSS:\s+(\d+) kB$", status, re.MULTILINE)
    return int(kb[1]) / 1024 if kb else float("nan")


def _wrk_version(wrk: str) -> str:
    ausgabe = subprocess.run([wrk, "-v"], capture_output=True, text=True).stdout
    treffer_ = re.search(r"wrk (\S+)", ausgabe)
    return f"wrk {treffer_[1]}" if treffer_ else "wrk"
