"""python -m bench.antrag: complete online applications through the gateway, per second.

Starts the real zustaendigkeit, antrag and gateway services (`nameko run`, PostgreSQL, a RabbitMQ
virtual host of their own), signs up one account per simulated person, then for --sekunden
(after --aufwaermen) each person creates an Einstiegsgeld application, saves its five sections
and submits it, again and again (7 HTTP calls). Measured in the same run:

- complete submissions per second (201 + 5 x 200 + 202), overall and per 10-second slice;
- the time from sending POST /einreichung to AntragEingereicht arriving on antrag.events
  (p50/p99), and each call's latency;
- the raw broker limit: pika, persistent messages, a publisher confirm awaited for each one;
- CPU seconds per part (each service, PostgreSQL, RabbitMQ, the load generator) during the
  window, to show where the time goes; with --profil, py-spy samples the gateway and antrag.

Targets (issue 5): >= 100 complete submissions/s sustained for a minute, p99 < 500 ms.
"""

from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from importlib.metadata import version
from pathlib import Path

from bench.antrag import plattform as plattform_modul
from bench.antrag.last import BusZuhoerer, Ergebnisse, Person, boden, einreichungen
from bench.broker import pika_one_by_one

ZIEL_PRO_SEKUNDE = 100.0
ZIEL_P99_MS = 500.0


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.antrag",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sekunden", type=float, default=60, help="measured window (default 60)")
    parser.add_argument("--aufwaermen", type=float, default=10, help="not measured (default 10)")
    parser.add_argument("--personen", type=int, default=16, help="concurrent people (default 16)")
    parser.add_argument("--broker-sekunden", type=float, default=5, help="pika run (default 5)")
    parser.add_argument(
        "--sqlite", action="store_true", help="the embedded default (SQLite) instead of PostgreSQL"
    )
    parser.add_argument(
        "--log-level", default="INFO", help="of the services (default INFO, as they run)"
    )
    parser.add_argument(
        "--profil",
        type=float,
        default=0,
        metavar="SEKUNDEN",
        help="after the window, keep the load on this long while py-spy samples gateway and "
        "antrag (not part of the figures: sampling stops the processes briefly)",
    )
    parser.add_argument(
        "--boden-sekunden",
        type=float,
        default=10,
        help="the floor run after the window: the same people, one call each time that does "
        "only HTTP, session and one RPC answered from memory (default 10; 0: none)",
    )
    parser.add_argument("--protokolle", type=Path, help="keep the services' logs in this folder")
    parser.add_argument("--py-spy", default=None, help="path of py-spy (default: from PATH)")
    return parser.parse_args(argv)


def perzentil(werte: list[float], anteil: float) -> float:
    if not werte:
        return float("nan")
    geordnet = sorted(werte)
    return geordnet[min(len(geordnet) - 1, int(anteil * len(geordnet)))]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    last = os.getloadavg()
    print("bench.antrag: create, fill and submit applications through the gateway")
    print(
        f"  Python {sys.version.split()[0]}, nameko {version('nameko')}, "
        f"eventlet {version('eventlet')}; {os.cpu_count()} CPUs, load average "
        f"{last[0]:.2f} {last[1]:.2f} {last[2]:.2f}; "
        f"{'SQLite' if args.sqlite else 'PostgreSQL'}, services at log level {args.log_level}"
    )
    with tempfile.TemporaryDirectory(prefix="bench-antrag-") as ordner:
        start = time.perf_counter()
        with plattform_modul.starten(
            Path(ordner), sqlite=args.sqlite, log_level=args.log_level
        ) as plattform:
            print(
                f"  started zustaendigkeit, antrag, gateway in {time.perf_counter() - start:.1f} s"
            )
            ergebnis = messen(args, plattform, Path(ordner))
            broker = pika_one_by_one(plattform.amqp_uri, args.broker_sekunden)
            if args.protokolle:
                args.protokolle.mkdir(parents=True, exist_ok=True)
                for log in [*Path(ordner).glob("*.log"), *Path(ordner).glob("*.folded")]:
                    shutil.copy(log, args.protokolle / log.name)
        berichten(args, ergebnis, broker.per_s)
    return 0


def messen(args: argparse.Namespace, plattform: plattform_modul.Plattform, ordner: Path) -> dict:
    personen = [Person(plattform.gateway.port) for _ in range(args.personen)]
    for person in personen:
        person.anmelden()
    ergebnisse = Ergebnisse()
    zuhoerer = BusZuhoerer(plattform.amqp_uri, ergebnisse)
    zuhoerer.start()
    beginn = time.perf_counter()
    fenster_start = beginn + args.aufwaermen
    fenster_ende = fenster_start + args.sekunden
    last_ende = fenster_ende + args.profil

    def weiter() -> bool:
        return time.perf_counter() < last_ende

    threads = [
        threading.Thread(target=einreichungen, args=(person, ergebnisse, weiter), daemon=True)
        for person in personen
    ]
    for thread in threads:
        thread.start()
    time.sleep(max(0.0, fenster_start - time.perf_counter()))
    cpu_vorher = plattform_modul.cpu_stand(plattform)
    time.sleep(max(0.0, fenster_ende - time.perf_counter()))
    cpu_nachher = plattform_modul.cpu_stand(plattform)
    profil = profil_starten(args, plattform, ordner)
    for thread in threads:
        thread.join(60)
    time.sleep(2)  # the last events on their way
    zuhoerer.halt.set()
    zuhoerer.join(5)
    return {
        "ergebnisse": ergebnisse,
        "fenster": (fenster_start, fenster_ende),
        "cpu": {name: cpu_nachher[name] - cpu_vorher[name] for name in cpu_vorher},
        "profil": profil_lesen(profil),
        "boden": boden_messen(args, plattform, personen),
    }


def boden_messen(
    args: argparse.Namespace, plattform: plattform_modul.Plattform, personen: list[Person]
) -> dict | None:
    """The same people, the cheapest call that still crosses HTTP, session and RPC: what one
    call of a submission costs at least, measured in the same run."""
    if not args.boden_sekunden:
        return None
    ergebnisse = Ergebnisse()
    aufwaermen = 2.0
    ende = time.perf_counter() + aufwaermen + args.boden_sekunden
    threads = [
        threading.Thread(
            target=boden, args=(person, ergebnisse, lambda: time.perf_counter() < ende), daemon=True
        )
        for person in personen
    ]
    for thread in threads:
        thread.start()
    time.sleep(aufwaermen)
    start = time.perf_counter()
    cpu_vorher = plattform_modul.cpu_stand(plattform)
    time.sleep(max(0.0, ende - time.perf_counter()))
    cpu_nachher = plattform_modul.cpu_stand(plattform)
    for thread in threads:
        thread.join(30)
    [dauern] = ergebnisse.dauern.values() or [[]]
    im_fenster = [d for e, d in dauern if start <= e < ende]
    cpu = {name: cpu_nachher[name] - cpu_vorher[name] for name in cpu_vorher}
    gesamt = cpu.pop("gesamt")
    return {
        "pro_s": len(im_fenster) / (ende - start),
        "dauern": im_fenster,
        "cpu_je_aufruf": sum(cpu.values()) / max(1, len(im_fenster)),
        "kerne": gesamt / (ende - start),
        "fehler": ergebnisse.fehler,
    }


def berichten(args: argparse.Namespace, messung: dict, broker_pro_s: float) -> None:
    ergebnisse: Ergebnisse = messung["ergebnisse"]
    fenster_start, fenster_ende = messung["fenster"]
    dauer = fenster_ende - fenster_start
    im_fenster = [(s, e) for s, e in ergebnisse.eingereicht if fenster_start <= e < fenster_ende]
    pro_s = len(im_fenster) / dauer
    scheiben = collections.Counter(int((e - fenster_start) // 10) for _, e in im_fenster)
    je_scheibe = [scheiben.get(i, 0) / 10 for i in range(int(dauer // 10))]
    ganze = [e - s for s, e in im_fenster]
    bus = [
        ergebnisse.auf_dem_bus[antrag_id] - gesendet
        for antrag_id, gesendet in ergebnisse.abgeschickt.items()
        if antrag_id in ergebnisse.auf_dem_bus and fenster_start <= gesendet < fenster_ende
    ]
    print(
        f"\n-- window {dauer:.0f} s after {args.aufwaermen:.0f} s warm-up, {args.personen} people"
    )
    print(
        f"  complete submissions: {len(im_fenster):,} = {pro_s:.1f}/s "
        f"(10-s slices: min {min(je_scheibe, default=0):.1f}, "
        f"max {max(je_scheibe, default=0):.1f}/s); {pro_s * 7:.0f} HTTP calls/s"
    )
    print(
        f"  one submission (7 calls) took p50 {perzentil(ganze, 0.5) * 1000:.0f} ms, "
        f"p99 {perzentil(ganze, 0.99) * 1000:.0f} ms; submits retried while the Jobcenter was "
        f"not yet recorded: {ergebnisse.wiederholt}; failures: {len(ergebnisse.fehler)}"
        + (f" (first: {ergebnisse.fehler[0]})" if ergebnisse.fehler else "")
    )
    print(
        f"  POST /einreichung sent -> AntragEingereicht on antrag.events: "
        f"p50 {perzentil(bus, 0.5) * 1000:.0f} ms, p99 {perzentil(bus, 0.99) * 1000:.0f} ms "
        f"({len(bus):,} events matched)"
    )
    print("  call latency (ms)                  p50      p99    count")
    for art, werte in sorted(ergebnisse.dauern.items()):
        dauern = [d for e, d in werte if fenster_start <= e < fenster_ende]
        print(
            f"    {art:<28} {perzentil(dauern, 0.5) * 1000:8.1f} "
            f"{perzentil(dauern, 0.99) * 1000:8.1f} {len(dauern):8,}"
        )
    print(f"  raw broker limit (pika, persistent, confirm each): {broker_pro_s:,.0f} msg/s")
    cpu = messung["cpu"]
    gesamt = cpu.pop("gesamt")
    print(
        f"  CPU during the window, in cores (of {os.cpu_count()}); "
        f"machine total {gesamt / dauer:.2f}"
    )
    for name, sekunden in cpu.items():
        print(f"    {name:<28} {sekunden / dauer:5.2f}")
    anderes = gesamt - sum(cpu.values())
    print(f"    {'everything else':<28} {anderes / dauer:5.2f}")
    plattform_cpu = sum(cpu.values())  # services, PostgreSQL, RabbitMQ and the load itself
    if im_fenster:
        je_einreichung = plattform_cpu / len(im_fenster)
        print(
            f"  CPU per complete submission (all parts above): {je_einreichung * 1000:.0f} ms; "
            f"at that cost {os.cpu_count()} cores carry at most "
            f"{os.cpu_count() / je_einreichung:.1f}/s, {ZIEL_PRO_SEKUNDE:.0f}/s would need "
            f"{ZIEL_PRO_SEKUNDE * je_einreichung:.1f} cores"
        )
    boden_messung = messung["boden"]
    if boden_messung is not None:
        boden_pro_s = boden_messung["pro_s"]
        print(
            f"  floor, {args.boden_sekunden:.0f} s after: GET /api/v1/zustaendigkeit (HTTP, "
            f"session, one RPC answered from memory): {boden_pro_s:,.0f} calls/s, p50 "
            f"{perzentil(boden_messung['dauern'], 0.5) * 1000:.1f} ms, p99 "
            f"{perzentil(boden_messung['dauern'], 0.99) * 1000:.1f} ms, "
            f"{boden_messung['cpu_je_aufruf'] * 1000:.1f} ms CPU per call (machine "
            f"{boden_messung['kerne']:.2f} cores busy); failures: {len(boden_messung['fehler'])}"
        )
        print(
            f"    -> a submission of 7 such calls, doing nothing else, could reach at most "
            f"{boden_pro_s / 7:.1f}/s here"
        )
    if messung["profil"]:
        print("  py-spy, after the window (share of samples while running Python code)")
        for zeile in messung["profil"]:
            print(f"    {zeile}")
    erreicht = pro_s >= ZIEL_PRO_SEKUNDE
    p99_bus = perzentil(bus, 0.99) * 1000
    print("\n-- summary                                         measured   target")
    print(
        f"  complete submissions/s, sustained {dauer:.0f} s          {pro_s:8.1f}   "
        f">= {ZIEL_PRO_SEKUNDE:.0f}"
        f"   {'PASS' if erreicht else 'MISS'}"
    )
    print(
        f"  submission -> AntragEingereicht p99 (ms)          {p99_bus:8.0f}   < {ZIEL_P99_MS:.0f}"
        f"   {'PASS' if p99_bus < ZIEL_P99_MS else 'MISS'}"
    )
    print(f"  raw broker limit (msg/s, for comparison)          {broker_pro_s:8,.0f}")
    if boden_messung is not None:
        print(
            f"  floor: 7 calls of HTTP+session+RPC only (subm./s) {boden_messung['pro_s'] / 7:8.1f}"
        )


# py-spy -------------------------------------------------------------------------------------

PAKETE = {"gateway", "antrag", "kernel", "contracts", "zustaendigkeit", "nameko"}


def profil_starten(
    args: argparse.Namespace, plattform: plattform_modul.Plattform, ordner: Path
) -> list[tuple[str, subprocess.Popen, Path]]:
    if not args.profil:
        return []
    py_spy = args.py_spy or shutil.which("py-spy")
    if py_spy is None:
        print("  --profil: py-spy not found (pip install py-spy, or --py-spy PATH); no profile")
        return []
    laeufe = []
    for dienst in ("gateway", "antrag"):
        ausgabe = ordner / f"{dienst}.folded"
        befehl = [
            py_spy, "record", "--pid", str(plattform.prozesse[dienst].process.pid),
            "--duration", str(int(args.profil)), "--rate", "50", "--gil",
            "--format", "raw", "--output", str(ausgabe),
        ]  # fmt: skip
        protokoll = (ordner / f"{dienst}.py-spy.log").open("wb")
        laeufe.append((dienst, subprocess.Popen(befehl, stdout=protokoll,
                                                stderr=subprocess.STDOUT), ausgabe))  # fmt: skip
    return laeufe


def profil_lesen(laeufe: list[tuple[str, subprocess.Popen, Path]]) -> list[str]:
    """Per process, from py-spy's collapsed stacks: the share of samples (taken while the
    process held the GIL, i.e. ran Python) in which a function was on the stack, for the
    functions that explain where a call's time goes."""
    zeilen: list[str] = []
    for dienst, prozess, ausgabe in laeufe:
        try:
            prozess.wait(args_profil_zeit(prozess))
        except subprocess.TimeoutExpired:
            prozess.kill()
        if not ausgabe.exists():
            zeilen.append(f"{dienst}: no samples (see {dienst}.py-spy.log; py-spy needs ptrace)")
            continue
        inklusive: collections.Counter[str] = collections.Counter()
        summe = 0
        for zeile in ausgabe.read_text().splitlines():
            stapel, _, anzahl = zeile.rpartition(" ")
            if not anzahl.isdigit():
                continue
            summe += int(anzahl)
            for funktion in {_kurz(rahmen) for rahmen in stapel.split(";")}:
                inklusive[funktion] += int(anzahl)
        if not summe:
            continue
        zeilen.append(f"{dienst}: {summe:,} samples; on the stack in")
        gezeigt = [
            (funktion, n)
            for funktion, n in inklusive.most_common()
            if funktion.split(" (")[1].split("/")[0] in PAKETE | {"kombu"}
        ]
        for funktion, n in gezeigt[:20]:
            zeilen.append(f"  {100 * n / summe:5.1f}%  {funktion}")
    return zeilen


def args_profil_zeit(prozess: subprocess.Popen) -> float:
    """py-spy's --duration plus time to write its file."""
    dauer = prozess.args[prozess.args.index("--duration") + 1]  # type: ignore[union-attr]
    return float(dauer) + 30


def _kurz(rahmen: str) -> str:
    """'function (package/module.py:123)' -> 'function (package/module.py)'."""
    name, _, ort = rahmen.partition(" (")
    return f"{name} ({ort.split(':', 1)[0]})"


if __name__ == "__main__":
    sys.exit(main())
