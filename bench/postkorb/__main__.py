"""python -m bench.postkorb: Jobcenter messages written back at the counterpart → visible in
the person's mailbox, messages/s sustained and p99, beside the raw broker limit measured in the
same run (bench/postkorb/README.md; bench.postkorb.eingang)."""

from __future__ import annotations

import argparse
import os
import platform

from bench.broker import pika_one_by_one
from bench.postkorb import ablage, eingang


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.postkorb", description=__doc__)
    parser.add_argument("--personen", type=int, default=20, help="applications/persons (20)")
    parser.add_argument("--rate", type=float, default=30.0, help="messages/s written (30)")
    parser.add_argument("--sekunden", type=float, default=15.0, help="sustained run (15)")
    parser.add_argument("--stoss", type=int, default=300, help="burst size (300)")
    parser.add_argument("--postfach-sekunden", type=float, default=0.5, help="MsgBox poll (0.5)")
    parser.add_argument("--broker-sekunden", type=float, default=3.0)
    args = parser.parse_args()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"load average before: {os.getloadavg()}")
    broker = pika_one_by_one(eingang.hilfen.AMQP, args.broker_sekunden)
    print(f"raw broker limit (pika, persistent, confirm per message): {broker.per_s:,.0f} msg/s")
    with eingang.aufbau(args.personen, args.postfach_sekunden) as aufbau:
        eingang.lauf(aufbau, 10, 20.0)  # warm-up
        dauer = eingang.lauf(aufbau, int(args.rate * args.sekunden), args.rate)
        stoss = eingang.lauf(aufbau, args.stoss, 10_000.0)
    print()
    print("-- Jobcenter message written at the counterpart -> visible in the mailbox")
    for name, ergebnis in (("sustained", dauer), ("burst", stoss)):
        print(
            f"{name:9} {ergebnis['sichtbar']}/{ergebnis['anzahl']} visible, offered "
            f"{ergebnis['angebot_pro_s']:.1f}/s, filed {ergebnis['nachrichten_pro_s']:.1f} msg/s, "
            f"p50 {ergebnis['p50']:.2f} s, p99 {ergebnis['p99']:.2f} s, max {ergebnis['max']:.2f} s"
        )
    print(
        f"burst throughput / raw broker limit: {stoss['nachrichten_pro_s'] / broker.per_s:.3f} "
        f"({stoss['nachrichten_pro_s']:.1f} vs {broker.per_s:,.0f} msg/s)"
    )
    anteil = ablage.messen()
    print(
        f"postkorb's share (filing in process, SQLite): {anteil['cpu_ms']:.1f} ms CPU, "
        f"{anteil['wand_ms']:.1f} ms wall per message (~{1000 / anteil['cpu_ms']:.0f}/s per core)"
    )
    print(f"load average after: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
