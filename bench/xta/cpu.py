"""python -m bench.xta.cpu: CPU milliseconds per delivery of the xta-gateway process(es).

Starts the same processes as ``python -m bench.xta`` (counterpart, stand-in antrag, the real
xta-gateway — ``--replikate N`` processes of it on ``--postgres``), sends a warm-up, then
``--anzahl`` AntragEingereicht at once and reads the gateway processes' CPU time (user +
system, /proc, summed over the replicas) before and after all of them are delivered.
CPU time per delivery does not depend much on what else runs on the machine, unlike
deliveries/s. ``--py-spy FILE`` records a profile of the gateway meanwhile (py-spy must be
installed; it is not a project requirement; with replicas: of the first).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from bench.xta.__main__ import aufbau, hilfen, lauf, pruefen


def cpu_sekunden(pid: int) -> float:
    """User + system CPU of a process and its (waited-for) children, from /proc."""
    felder = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    takt = os.sysconf("SC_CLK_TCK")
    return sum(int(f) for f in felder[11:15]) / takt


def maschine() -> tuple[float, float]:
    """Busy and idle CPU seconds of the whole machine, from /proc/stat."""
    werte = [int(w) for w in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    takt = os.sysconf("SC_CLK_TCK")
    leer = werte[3] + werte[4]
    return (sum(werte[:8]) - leer) / takt, leer / takt


def aufrufe(urls: list[str]) -> dict[str, float]:
    """The gateway replicas' XTA calls so far, by operation (their /metrics, summed)."""
    import urllib.request

    summe: dict[str, float] = {}
    for url in urls:
        with urllib.request.urlopen(f"{url}/metrics", timeout=10) as antwort:
            text = antwort.read().decode()
        for operation, wert in re.findall(
            r'^xta_aufrufe_total\{[^}]*operation="([^"]+)"[^}]*\} ([0-9.e+]+)$', text, re.M
        ):
            summe[operation] = summe.get(operation, 0.0) + float(wert)
    return summe


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.xta.cpu", description=__doc__)
    parser.add_argument("--anzahl", type=int, default=300)
    parser.add_argument("--rate", type=float, help="submissions/s (default: all at once)")
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--postgres", help="SQLAlchemy URL (events and data keys)")
    parser.add_argument(
        "--replikate", type=int, default=1, help="gateway processes of one service (--postgres)"
    )
    parser.add_argument("--py-spy", dest="py_spy", help="write a py-spy profile here")
    parser.add_argument("--format", default="speedscope", help="py-spy output format")
    parser.add_argument(
        "--profil-von",
        choices=("gateway", "gegenstelle"),
        default="gateway",
        help="which process py-spy records",
    )
    args = parser.parse_args()
    pruefen(parser, args)
    with aufbau("bench-xta-cpu-", args.parallel, args.postgres, args.replikate) as lauf_aufbau:
        dienste, gegenstelle = lauf_aufbau.dienste, lauf_aufbau.gegenstelle
        attrappe = lauf_aufbau.attrappe
        veroeffentlicher, zaehler = lauf_aufbau.veroeffentlicher, lauf_aufbau.zaehler
        spion = None
        pids = [dienst.process.pid for dienst in dienste]
        urls = [dienst.url for dienst in dienste]
        jobcenter_id = hilfen.zufalls_jobcenter()
        lauf(veroeffentlicher, zaehler, jobcenter_id, 30, None)  # warm-up
        time.sleep(1.5)
        if args.py_spy:
            spion = subprocess.Popen(
                [
                    str(Path(sys.executable).with_name("py-spy")),
                    "record",
                    "--pid",
                    str(pids[0] if args.profil_von == "gateway" else gegenstelle.prozess.pid),
                    "--rate",
                    "200",
                    "--format",
                    args.format,
                    "--output",
                    args.py_spy,
                    "--nonblocking",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)
        aufrufe_vorher = aufrufe(urls)
        vorher = [cpu_sekunden(pid) for pid in pids]
        gegenstelle_vorher = cpu_sekunden(gegenstelle.prozess.pid)
        attrappe_vorher = cpu_sekunden(attrappe.process.pid)
        maschine_vorher = maschine()
        t0 = time.time()
        ergebnis = lauf(veroeffentlicher, zaehler, jobcenter_id, args.anzahl, args.rate)
        dauer = time.time() - t0
        nachher = [cpu_sekunden(pid) for pid in pids]
        aufrufe_nachher = aufrufe(urls)
        gegenstelle_nachher = cpu_sekunden(gegenstelle.prozess.pid)
        attrappe_nachher = cpu_sekunden(attrappe.process.pid)
        maschine_nachher = maschine()
        if spion is not None:
            spion.send_signal(2)
            spion.wait(30)
    n = ergebnis["zugestellt"]
    gateway_cpu = sum(nachher) - sum(vorher)
    je_replik = ""
    if len(pids) > 1:
        anteile = ", ".join(
            f"{(b - a) * 1000 / max(n, 1):.1f}" for a, b in zip(vorher, nachher, strict=True)
        )
        je_replik = f" ({len(pids)} replicas summed: {anteile})"
    print(
        f"{n:.0f}/{args.anzahl} delivered in {dauer:.1f} s ({ergebnis['zustellungen_pro_s']:.1f}/s,"
        f" p50 {ergebnis['p50']:.2f} s, p99 {ergebnis['p99']:.2f} s); xta-gateway CPU "
        f"{gateway_cpu * 1000 / max(n, 1):.1f} ms/delivery{je_replik}, counterpart "
        f"{(gegenstelle_nachher - gegenstelle_vorher) * 1000 / max(n, 1):.1f} ms, stand-in antrag "
        f"{(attrappe_nachher - attrappe_vorher) * 1000 / max(n, 1):.1f} ms; machine busy "
        f"{maschine_nachher[0] - maschine_vorher[0]:.1f} s, idle "
        f"{maschine_nachher[1] - maschine_vorher[1]:.1f} s (of {os.cpu_count()} cores); "
        f"load {os.getloadavg()[0]:.2f}"
    )
    pro = {
        op: (aufrufe_nachher.get(op, 0.0) - aufrufe_vorher.get(op, 0.0)) / max(n, 1)
        for op in sorted(aufrufe_nachher)
    }
    print("XTA calls per delivery: " + ", ".join(f"{op} {wert:.2f}" for op, wert in pro.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
