"""python -m bench: the kernel's event store against the `eventsourcing` library, in one run.

Kernel and reference are measured back to back for each figure (so both see the same load on
the machine), every append run on freshly created tables. See bench/README.md.
"""

from __future__ import annotations

import argparse
import functools
import os
import platform
import sys
import time
from dataclasses import dataclass
from importlib.metadata import version

import psycopg
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench import broker, kernel_store
from bench import eventsourcing_reference as reference
from bench.writers import Mode, Rate, Throughput, run_writers

DEFAULT_URL = "postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_bench"
DEFAULT_AMQP = "pyamqp://guest:guest@127.0.0.1:5672/"
OUTBOX_QUEUE = "bench.outbox"

# Measured earlier on this machine (eventsourcing 9.5.6, pika 1.4.4), printed for orientation.
EARLIER = {"es_save": 942.0, "es_rebuild": 3617.0, "es_read": 70965.0, "pika": 2194.0}


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=float, default=6.0, help="per append run (default 6)")
    parser.add_argument("--writers", type=int, default=4, help="concurrent writers (default 4)")
    parser.add_argument(
        "--mode",
        choices=["processes", "threads"],
        default="processes",
        help="writers as OS processes (default) or as threads of one process",
    )
    parser.add_argument("--rebuilds", type=int, default=2000, help="aggregates to rebuild")
    parser.add_argument("--broker-seconds", type=float, default=5.0, help="pika run (default 5)")
    return parser.parse_args()


def ensure_database(url: str) -> None:
    """CREATE DATABASE when it is missing (make bench-database does the same)."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": target.database}
            ).first()
            if found is None:
                connection.execute(text(f'CREATE DATABASE "{target.database}"'))
    finally:
        admin.dispose()


def say(line: str) -> None:
    print(line, flush=True)


def show_appends(label: str, result: Throughput) -> None:
    say(
        f"{label:<36}{result.aggregates_per_s:>7,.0f} agg/s {result.events_per_s:>8,.0f} ev/s"
        f"  ({result.aggregates:,} in {result.seconds:.1f} s)"
    )


def show_rate(label: str, rate: Rate, unit: str) -> None:
    say(f"{label:<36}{rate.per_s:>7,.0f} {unit:<17}({rate.count:,} in {rate.seconds:.2f} s)")


@dataclass(frozen=True)
class Row:
    name: str
    kernel: float
    other: float
    minimum: float | None = None  # the target ratio; None: for information

    def render(self) -> str:
        ratio = self.kernel / self.other
        goal, verdict = "", "info"
        if self.minimum is not None:
            goal = f">= {self.minimum:.1f}x"
            verdict = "PASS" if ratio >= self.minimum else "MISS"
        figures = f"{self.kernel:>8,.0f} {self.other:>9,.0f} {ratio:>6.2f}x"
        return f"{self.name:<38}{figures}  {goal:<8} {verdict}"


def main() -> int:
    args = parse_args()
    url = os.environ.get("SOZ_BENCH_POSTGRES_URL", DEFAULT_URL)
    amqp_uri = os.environ.get("SOZ_AMQP_URI", DEFAULT_AMQP)
    mode: Mode = args.mode
    n: int = args.writers
    began = time.perf_counter()
    ensure_database(url)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    say(
        f"bench: {make_url(url).render_as_string()} | RabbitMQ {amqp_uri.rsplit('@', 1)[-1]} |"
        f" {os.cpu_count()} CPUs, load {load} | Python {platform.python_version()}"
    )
    say(
        f"writers: OS {mode}, {args.seconds:g} s per append run, fresh tables per run;"
        f" eventsourcing {version('eventsourcing')} on psycopg {psycopg.__version__}"
        f" ({psycopg.pq.__impl__} libpq wrapper)"
    )

    say("-- appends: one aggregate of 3 events per transaction (kernel: no personal fields)")
    kernel_writer = functools.partial(kernel_store.make_writer, url, False)
    reference_writer = functools.partial(reference.make_writer, url)
    appends: dict[tuple[str, int], Throughput] = {}
    for writers in (1, n):
        kernel_store.reset_tables(url)
        appends["kernel", writers] = run_writers(kernel_writer, writers, args.seconds, mode)
        label = "1 writer" if writers == 1 else f"{writers} writers"
        show_appends(f"kernel, {label}", appends["kernel", writers])
        reference.reset_tables(url)
        appends["es", writers] = run_writers(reference_writer, writers, args.seconds, mode)
        show_appends(f"eventsourcing, {label}", appends["es", writers])

    say(f"-- rebuilds of {args.rebuilds:,} aggregates, read all (data of the {n}-writer runs)")
    k_rebuild = kernel_store.rebuild(url, args.rebuilds)
    show_rate("kernel load_aggregate", k_rebuild, "agg/s")
    e_rebuild = reference.rebuild(url, args.rebuilds)
    show_rate("eventsourcing repository.get", e_rebuild, "agg/s")
    k_read = kernel_store.read_all(url)
    show_rate("kernel store.read_all (decoded)", k_read, "ev/s")
    e_read = reference.read_all(url)
    show_rate("eventsourcing select_notifications", e_read, "ev/s")
    e_decoded = reference.read_all(url, decode=True)
    show_rate("  + mapper.to_domain_event", e_decoded, "ev/s")

    say("-- outbox and broker (persistent messages, durable queue, publisher confirms)")
    pending = kernel_store.outbox_rows(url)
    with broker.bound_queue(amqp_uri, kernel_store.OUTBOX_EXCHANGE, OUTBOX_QUEUE):
        outbox = kernel_store.drain_outbox(url, amqp_uri)
    if outbox.count != pending:
        raise AssertionError(f"the relay published {outbox.count} of {pending} outbox rows")
    show_rate("kernel OutboxRelay.publish_pending", outbox, "msg/s")
    one_by_one = broker.pika_one_by_one(amqp_uri, args.broker_seconds)
    show_rate("pika, confirm each message", one_by_one, "msg/s")
    batched = broker.kernel_publisher_batched(amqp_uri, 3.0)
    show_rate("kernel publisher, 500 per confirm", batched, "msg/s")

    say("-- for information: kernel with a personal field (AES-GCM, a data key per aggregate)")
    kernel_store.reset_tables(url)
    personal_writer = functools.partial(kernel_store.make_writer, url, True)
    personal = run_writers(personal_writer, 1, args.seconds / 2, mode)
    show_appends("kernel, 1 writer, personal field", personal)

    kn, en = appends["kernel", n], appends["es", n]
    say(f"-- summary{'kernel':>37} {'reference':>9}  ratio  target")
    rows = [
        Row("appends, 1 writer (agg/s)", appends["kernel", 1].aggregates_per_s,
            appends["es", 1].aggregates_per_s),
        Row(f"appends, {n} writers (agg/s)", kn.aggregates_per_s, en.aggregates_per_s, 1.5),
        Row("rebuilds (agg/s)", k_rebuild.per_s, e_rebuild.per_s, 1.0),
        Row("read all (ev/s; ref. undecoded)", k_read.per_s, e_read.per_s, 1.0),
        Row("read all (ev/s; ref. decoded)", k_read.per_s, e_decoded.per_s),
        Row(f"outbox msg/s vs {n}-writer append ev/s", outbox.per_s, kn.events_per_s, 1.0),
        Row("outbox msg/s vs pika one-by-one", outbox.per_s, one_by_one.per_s),
    ]  # fmt: skip
    for row in rows:
        say(row.render())
    say(
        f"pika one-by-one confirms: {one_by_one.per_s:,.0f} msg/s (earlier {EARLIER['pika']:,.0f});"
        f" kernel batched publisher {batched.per_s:,.0f} msg/s"
    )
    say(
        f"earlier reference: eventsourcing {EARLIER['es_save']:,.0f} agg/s saved (1 writer),"
        f" {EARLIER['es_rebuild']:,.0f} agg/s rebuilt, {EARLIER['es_read']:,.0f} ev/s read"
    )
    say(f"done in {time.perf_counter() - began:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
