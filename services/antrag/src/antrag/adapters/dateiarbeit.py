"""The work on uploaded files, off the service's event loop (docs/adr/0068).

antrag is a nameko service on eventlet: every call shares one OS thread, and a call that keeps
the CPU (Pillow decoding, qpdf writing) holds all others until it is done; people reading their
applications got 503 while one upload was processed. Here the work runs in a real OS thread of
eventlet's pool (``eventlet.tpool``): Pillow and qpdf release the interpreter lock while they
decode and write, and where Python code runs, the interpreter switches threads every few
milliseconds, so the loop keeps answering. A semaphore lets ``SOZ_ANTRAG_DATEIARBEIT_PLAETZE``
uploads (default 1) work at once; the others wait for a place within the same deadline of
``SOZ_ANTRAG_ANLAGE_MAX_SEKUNDEN`` (default 20, under the gateway's 30 s for this call).
"""

from __future__ import annotations

import os
import time

import eventlet.patcher
from eventlet import tpool
from eventlet.semaphore import Semaphore

from antrag.adapters import dateien
from antrag.adapters.dateien import DateiFehler, Dokument


def _zahl(name: str, standard: float) -> float:
    wert = os.environ.get(name, "").strip()
    return float(wert) if wert else standard


MAX_SEKUNDEN = _zahl("SOZ_ANTRAG_ANLAGE_MAX_SEKUNDEN", 20)
_PLAETZE = Semaphore(max(1, int(_zahl("SOZ_ANTRAG_DATEIARBEIT_PLAETZE", 1))))


def dokument_aus(dateien_: object, *, max_bytes: int, max_dateien: int) -> Dokument:
    """``antrag.adapters.dateien.dokument_aus`` with a deadline, in a thread of its own when the
    process runs on eventlet (a nameko service); called directly otherwise (tests, tools)."""
    bis = time.monotonic() + MAX_SEKUNDEN
    if not eventlet.patcher.is_monkey_patched("thread"):
        return dateien.dokument_aus(dateien_, max_bytes=max_bytes, max_dateien=max_dateien, bis=bis)
    if not _PLAETZE.acquire(timeout=max(0.0, bis - time.monotonic())):
        raise DateiFehler(0, "anlage_zeitlimit")
    try:
        return tpool.execute(
            dateien.dokument_aus, dateien_, max_bytes=max_bytes, max_dateien=max_dateien, bis=bis
        )
    finally:
        _PLAETZE.release()
