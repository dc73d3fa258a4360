"""python -m bench.xta: deliveries per second and submission-to-"zugestellt" latency, end to end.

The real xta-gateway (`nameko run`, embedded SQLite by default; ``--replikate N`` processes of
the one service on ``--postgres``, docs/adr/0057) against the real XTA2 counterpart
(subprocess, report delay 0.2 s) and a stand-in antrag answering ``anlage_datei``.
AntragEingereicht envelopes (the contract example, one attachment) are published with
publisher confirms at a fixed rate, to a source exchange of the run's own (ADR 0017); the time
until each one's ``NachrichtZugestellt`` is seen on the service's exchange is its latency. In
the same run: the raw broker limit (pika, persistent, a confirm per message).
Target (issue 6): at least 50 deliveries/s sustained, p99 under 2 s. See bench/xta/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "services" / "xta-gateway" / "tests"))

import pika  # noqa: E402
import xta_testhilfen as hilfen  # noqa: E402

from bench.broker import pika_one_by_one  # noqa: E402

ZIEL_RATE = 50.0
ZIEL_P99 = 2.0


def argumente() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.xta", description=__doc__)
    parser.add_argument("--rate", type=float, default=60.0, help="submissions/s (default 60)")
    parser.add_argument("--sekunden", type=float, default=20.0, help="sustained run (default 20)")
    parser.add_argument("--stoss", type=int, default=500, help="burst size (default 500)")
    parser.add_argument(
        "--leicht", type=float, default=15.0, help="rate of the unsaturated run (default 15)"
    )
    parser.add_argument("--broker-sekunden", type=float, default=3.0)
    parser.add_argument("--parallel", type=int, default=16, help="SOZ_XTA_PARALLEL")
    parser.add_argument(
        "--postgres", help="SQLAlchemy URL instead of the embedded SQLite (the key store too)"
    )
    parser.add_argument(
        "--replikate", type=int, default=1, help="gateway processes of one service (--postgres)"
    )
    args = parser.parse_args()
    pruefen(parser, args)
    return args


def pruefen(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.replikate < 1:
        parser.error("--replikate must be at least 1")
    if args.replikate > 1 and not args.postgres:
        parser.error("--replikate N > 1 needs --postgres URL (SQLite is one replica)")


def perzentil(werte: list[float], p: float) -> float:
    geordnet = sorted(werte)
    return geordnet[min(len(geordnet) - 1, int(round(p / 100 * (len(geordnet) - 1))))]


class Zaehler(threading.Thread):
    """Consumes the service's exchange all the time (its own connection): the arrival time of
    each NachrichtZugestellt, by antrag id."""

    def __init__(self, dienstname: str) -> None:
        super().__init__(daemon=True)
        self.angekommen: dict[str, float] = {}
        self.verbindung = pika.BlockingConnection(hilfen.pika_parameter())
        kanal = self.verbindung.channel()
        exchange = f"{dienstname}.events"
        kanal.exchange_declare(exchange, "topic", durable=True)
        queue = kanal.queue_declare("", exclusive=True).method.queue
        kanal.queue_bind(queue, exchange, routing_key="NachrichtZugestellt")
        kanal.basic_consume(queue, self._an, auto_ack=True)
        self.kanal = kanal

    def _an(self, _kanal, _methode, _eigenschaften, koerper: bytes) -> None:
        antrag_id = json.loads(koerper)["payload"]["antrag_id"]
        self.angekommen.setdefault(antrag_id, time.time())

    def run(self) -> None:
        with contextlib.suppress(Exception):  # the connection closes at the end
            self.kanal.start_consuming()

    def anhalten(self) -> None:
        self.verbindung.add_callback_threadsafe(self.kanal.stop_consuming)
        self.join(5)


def lauf(
    veroeffentlicher: hilfen.Veroeffentlicher,
    zaehler: Zaehler,
    jobcenter_id: str,
    anzahl: int,
    rate: float | None,
) -> dict[str, float]:
    umschlaege = [hilfen.antrag_eingereicht(jobcenter_id) for _ in range(anzahl)]
    gesendet: dict[str, float] = {}
    start = time.time()
    for nummer, umschlag in enumerate(umschlaege):
        if rate:
            pause = start + nummer / rate - time.time()
            if pause > 0:
                time.sleep(pause)
        veroeffentlicher.senden(umschlag)
        gesendet[umschlag.payload["antrag_id"]] = time.time()
    ende_senden = time.time()
    hilfen.warten_bis(lambda: set(gesendet) <= set(zaehler.angekommen), 300, 0.05)
    zugestellt = {a: t for a, t in zaehler.angekommen.items() if a in gesendet}
    latenzen = [zugestellt[a] - gesendet[a] for a in zugestellt]
    letzte = max(zugestellt.values()) if zugestellt else time.time()
    return {
        "anzahl": anzahl,
        "zugestellt": len(zugestellt),
        "angebot_pro_s": anzahl / (ende_senden - start),
        "zustellungen_pro_s": len(zugestellt) / (letzte - start),
        "p50": perzentil(latenzen, 50) if latenzen else float("nan"),
        "p99": perzentil(latenzen, 99) if latenzen else float("nan"),
        "max": max(latenzen) if latenzen else float("nan"),
        "mittel": statistics.fmean(latenzen) if latenzen else float("nan"),
    }


@dataclass
class Aufbau:
    dienste: list[Any]  # the xta-gateway's replicas (ServiceProcess each)
    veroeffentlicher: Any
    zaehler: Zaehler
    gegenstelle: Any
    attrappe: Any  # the stand-in antrag's ServiceProcess


@contextlib.contextmanager
def aufbau(
    praefix: str, parallel: int, postgres: str | None, replikate: int = 1
) -> Iterator[Aufbau]:
    """The counterpart, the stand-in antrag and ``replikate`` processes of the xta-gateway under
    a run name of its own (on SQLite, or PostgreSQL at ``postgres`` — events and data keys,
    which replicas must share) started, a publisher to its source and a counter of its
    outcomes; all stopped afterwards."""
    with tempfile.TemporaryDirectory(prefix=praefix) as ordner_name:
        ordner = Path(ordner_name)
        gegenstelle = hilfen.Gegenstelle(ordner / "gegenstelle").starten()
        attrappe, name = hilfen.attrappe(ordner)
        attrappe.start()
        env = {"SOZ_XTA_PARALLEL": str(parallel), "SOZ_LOG_LEVEL": "WARNING"}
        if postgres:
            env["SOZ_DATABASE_URL"] = postgres
            env["SOZ_KEYSTORE_URL"] = postgres
        quelle = hilfen.eigene_quelle()
        dienste = hilfen.replikate(ordner, gegenstelle, name, quelle, replikate, **env)
        veroeffentlicher = hilfen.Veroeffentlicher(quelle)
        zaehler = Zaehler(dienste[0].dienstname)
        zaehler.start()
        try:
            for dienst in dienste:
                dienst.start()
            yield Aufbau(dienste, veroeffentlicher, zaehler, gegenstelle, attrappe)
        finally:
            for dienst in dienste[1:]:
                dienst.stop()
            dienste[0].aufraeumen()
            attrappe.aufraeumen()
            gegenstelle.stoppen()
            zaehler.anhalten()
            veroeffentlicher.schliessen()


def main() -> int:
    args = argumente()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, {platform.platform()}")
    broker = pika_one_by_one(hilfen.AMQP, args.broker_sekunden)
    print(f"raw broker limit (pika, confirm per message): {broker.per_s:,.0f} msg/s")
    with aufbau("bench-xta-", args.parallel, args.postgres, args.replikate) as lauf_aufbau:
        veroeffentlicher, zaehler = lauf_aufbau.veroeffentlicher, lauf_aufbau.zaehler
        jobcenter_id = hilfen.zufalls_jobcenter()
        lauf(veroeffentlicher, zaehler, jobcenter_id, 20, None)  # warm-up
        leicht = lauf(
            veroeffentlicher,
            zaehler,
            jobcenter_id,
            int(args.leicht * 10),
            args.leicht,
        )
        dauer = lauf(
            veroeffentlicher,
            zaehler,
            jobcenter_id,
            int(args.rate * args.sekunden),
            args.rate,
        )
        stoss = lauf(veroeffentlicher, zaehler, jobcenter_id, args.stoss, None)
    datenbank = f"PostgreSQL, {args.replikate} replica(s)" if args.postgres else "SQLite (embedded)"
    print(f"\n-- xta-gateway end to end ({datenbank}, report delay 0.2 s, 1 attachment by RPC)")
    for name, r in (("light", leicht), ("sustained", dauer), ("burst", stoss)):
        print(
            f"{name:9} {r['zugestellt']:.0f}/{r['anzahl']:.0f} delivered, offered "
            f"{r['angebot_pro_s']:6.1f}/s, delivered {r['zustellungen_pro_s']:6.1f}/s, "
            f"latency p50 {r['p50']:.3f} s p99 {r['p99']:.3f} s max {r['max']:.3f} s"
        )
    rate_ok = dauer["zustellungen_pro_s"] >= ZIEL_RATE and dauer["zugestellt"] == dauer["anzahl"]
    print(
        f"\ntarget sustained >= {ZIEL_RATE:.0f}/s: {'PASS' if rate_ok else 'MISS'}; "
        f"p99 < {ZIEL_P99:.0f} s at {args.rate:.0f}/s: "
        f"{'PASS' if dauer['p99'] < ZIEL_P99 else 'MISS'} "
        f"(at {args.leicht:.0f}/s: {'PASS' if leicht['p99'] < ZIEL_P99 else 'MISS'}); "
        f"broker limit / delivered: {broker.per_s / max(dauer['zustellungen_pro_s'], 1):.0f}x"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
