"""Run a writer in N OS processes (or threads) for a fixed time and count what it committed.

A writer is made by a factory in the worker itself (connections are never shared across
processes) and is a function that commits one aggregate and returns how many events it wrote.
Every worker does one untimed warm-up write, then all start together at a barrier.
"""

from __future__ import annotations

import multiprocessing
import queue
import random
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

Writer = Callable[[], int]
WriterFactory = Callable[[], Writer]
Mode = Literal["processes", "threads"]
T = TypeVar("T")

READY_TIMEOUT = 120.0


@dataclass(frozen=True)
class Throughput:
    writers: int
    mode: Mode
    aggregates: int
    events: int
    seconds: float

    @property
    def aggregates_per_s(self) -> float:
        return self.aggregates / self.seconds

    @property
    def events_per_s(self) -> float:
        return self.events / self.seconds


@dataclass(frozen=True)
class Rate:
    """count things done in seconds (rebuilds, reads, messages)."""

    count: int
    seconds: float

    @property
    def per_s(self) -> float:
        return self.count / self.seconds


def sample_ids(ids: list[T], how_many: int, seed: int = 7) -> list[T]:
    """how_many ids in random order; when fewer exist, each is used again (same work per load)."""
    if not ids:
        raise AssertionError("no aggregates to rebuild")
    shuffled = random.Random(seed).sample(ids, len(ids))
    return [shuffled[i % len(shuffled)] for i in range(how_many)]


def _work(factory: WriterFactory, seconds: float, barrier: Any, results: Any) -> None:
    try:
        write = factory()
        write()  # warm-up: connection, schema caches; not counted
        barrier.wait(READY_TIMEOUT)
        start = time.monotonic()
        deadline = start + seconds
        aggregates = events = 0
        while time.monotonic() < deadline:
            events += write()
            aggregates += 1
        results.put((aggregates, events, time.monotonic() - start))
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises
        barrier.abort()
        results.put(traceback.format_exc())


def run_writers(factory: WriterFactory, writers: int, seconds: float, mode: Mode) -> Throughput:
    """Start the writers together; throughput = everything committed / the longest worker time."""
    if mode == "processes":
        context = multiprocessing.get_context("spawn")
        barrier: Any = context.Barrier(writers)
        results: Any = context.Queue()
        workers: list[Any] = [
            context.Process(target=_work, args=(factory, seconds, barrier, results), daemon=True)
            for _ in range(writers)
        ]
    else:
        barrier = threading.Barrier(writers)
        results = queue.Queue()
        workers = [
            threading.Thread(target=_work, args=(factory, seconds, barrier, results), daemon=True)
            for _ in range(writers)
        ]
    for worker in workers:
        worker.start()
    outcomes = _collect(
        workers, barrier, results, deadline=time.monotonic() + READY_TIMEOUT + seconds * 3
    )
    for worker in workers:
        worker.join(timeout=30)
    errors = [outcome for outcome in outcomes if isinstance(outcome, str)]
    if errors:
        raise RuntimeError("a writer failed:\n" + errors[0])
    return Throughput(
        writers=writers,
        mode=mode,
        aggregates=sum(outcome[0] for outcome in outcomes),
        events=sum(outcome[1] for outcome in outcomes),
        seconds=max(outcome[2] for outcome in outcomes),
    )


def _collect(workers: list[Any], barrier: Any, results: Any, *, deadline: float) -> list[Any]:
    """One outcome per worker; a worker that died without one (or a hang) fails the run."""
    outcomes: list[Any] = []
    while len(outcomes) < len(workers):
        try:
            outcomes.append(results.get(timeout=1.0))
            continue
        except queue.Empty:
            pass
        died = [
            w
            for w in workers
            if isinstance(w, multiprocessing.process.BaseProcess) and w.exitcode not in (None, 0)
        ]
        if died or time.monotonic() > deadline:
            barrier.abort()
            for worker in workers:
                if isinstance(worker, multiprocessing.process.BaseProcess):
                    worker.terminate()
            reason = f"exit code {died[0].exitcode}" if died else "timed out"
            raise RuntimeError(f"a writer failed ({reason}) before reporting")
    return outcomes
