"""Helpers of the antrag tests (imported by plain name: conftest puts this folder on sys.path)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from antrag import handlers
from antrag.formulare import beispiele
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.nameko.provider import ServiceContext
from kernel.testing import ServiceProcess


def envelope(event_type: str, producer: str, payload: dict[str, Any]) -> Envelope:
    return Envelope(
        event_id=new_id(),
        event_type=event_type,
        schema_version=1,
        occurred_at=utc_now_rfc3339(),
        producer=producer,
        stream_id=f"{producer}-{payload.get('antrag_id', new_id())}",
        stream_version=1,
        correlation_id=new_id(),
        causation_id=None,
        payload=payload,
    )


def zustaendigkeit_ermittelt(antrag_id: str, *, kanal: str = "sozialplattform") -> Envelope:
    traeger = "zkT" if kanal == "sozialplattform" else "gE"
    return envelope(
        "ZustaendigkeitErmittelt",
        "zustaendigkeit",
        {
            "antrag_id": antrag_id,
            "eindeutig": True,
            "ags": "08426021",
            "jobcenter": {
                "id": "68410",
                "name": "Biberach",
                "traeger_art": traeger,
                "kanal": kanal,
            },
            "kandidaten": [],
            "datenstand": "test-2026",
        },
    )


def zustaendig_machen(kontext: ServiceContext, antrag_id: str, **optionen: Any) -> None:
    kontext.handle_once(
        "antrag.zustaendigkeit",
        zustaendigkeit_ermittelt(antrag_id, **optionen),
        handlers.zustaendigkeit_ermittelt,
    )


WOHNORT = {"plz": "88400", "ort": "Biberach an der Riß"}

EINSTIEGSGELD_VOLLSTAENDIG = beispiele.einstiegsgeld(WOHNORT)


def ausfuellen(kontext: ServiceContext, antrag_id: str, abschnitte: dict[str, dict]) -> None:
    for abschnitt, daten in abschnitte.items():
        handlers.speichern(kontext, antrag_id, abschnitt, daten, "de")


AMQP_URI_BASIS = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")


@contextmanager
def antrag_prozess(ordner: Path, amqp_uri: str) -> Iterator[ServiceProcess]:
    """The antrag service as a real `nameko run` process, its data and log under ``ordner``."""
    prozess = ServiceProcess(
        "antrag.service:AntragService",
        amqp_uri=amqp_uri,
        log_path=ordner / "service.log",
        ready_timeout=60,
        env={"SOZ_SERVICE_NAME": "antrag", "SOZ_DATA_DIR": str(ordner / "var")},
    )
    prozess.start()
    try:
        yield prozess
    finally:
        prozess.stop()
