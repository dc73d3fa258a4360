"""postkorb's own share of the path: filing one Jobcenter message (NachrichtEmpfangen v2 →
attribution, thread, NachrichtAbgelegt + announcement, sealed fields, read model, outbox, inbox
row), in process on SQLite, CPU and wall time per message."""

from __future__ import annotations

import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "services" / "postkorb" / "tests"))

from postkorb_testhilfen import eingereicht, empfangen  # noqa: E402

from kernel.config import Settings  # noqa: E402
from kernel.consuming import handle_once  # noqa: E402
from postkorb import handlers  # noqa: E402
from postkorb.bootstrap import bootstrap  # noqa: E402


def messen(anzahl: int = 300, personen: int = 20) -> dict[str, float]:
    os.environ.setdefault("SOZ_CLAMD_SOCKET", "/nonexistent/clamd.sock")
    with tempfile.TemporaryDirectory(prefix="bench-postkorb-ablage-") as name:
        ordner = Path(name)
        app = bootstrap(
            Settings(
                service_name="postkorb",
                data_dir=ordner,
                database_url=f"sqlite:///{ordner / 'postkorb.db'}",
                keystore_url=f"sqlite:///{ordner / 'keys.db'}",
                amqp_uri="pyamqp://guest:guest@127.0.0.1:5672/",
                http_port=0,
                log_level="WARNING",
            )
        )
        app.create_schema()
        try:
            paare = [(str(uuid.uuid4()), str(uuid.uuid4())) for _ in range(personen)]
            for person, antrag in paare:
                handle_once(app, "bench", eingereicht(person, antrag), handlers.antrag_eingereicht)
            umschlaege = [
                app.store.upcasters.upcast_envelope(
                    empfangen(*paare[i % personen], art=("information", "bescheid")[i % 2])
                )
                for i in range(anzahl)
            ]
            cpu, wand = time.process_time(), time.perf_counter()
            for umschlag in umschlaege:
                handle_once(app, "bench.n", umschlag, handlers.nachricht_empfangen)
            return {
                "cpu_ms": (time.process_time() - cpu) / anzahl * 1000,
                "wand_ms": (time.perf_counter() - wand) / anzahl * 1000,
            }
        finally:
            app.close()
