"""Envelopes of the events the postkorb service consumes, for the tests."""

from __future__ import annotations

import copy
import os
import uuid
from pathlib import Path
from typing import Any

from contracts.events.antrag import AntragEingereicht
from kernel.config import Settings
from kernel.envelope import Envelope, new_id, utc_now_rfc3339

AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")


def umschlag(event_type: str, producer: str, payload: dict[str, Any], version: int = 1) -> Envelope:
    return Envelope(
        new_id(), event_type, version, utc_now_rfc3339(), producer,
        f"{producer}-{uuid.uuid4()}", 1, new_id(), None, payload,
    )  # fmt: skip


def eingereicht(person_id: str, antrag_id: str, jobcenter_id: str = "43102") -> Envelope:
    payload = copy.deepcopy(AntragEingereicht.example)
    payload.update(antrag_id=antrag_id, person_id=person_id, jobcenter_id=jobcenter_id)
    return umschlag("AntragEingereicht", "antrag", payload)


def empfangen(
    person_id: str,
    antrag_id: str | None,
    *,
    art: str = "information",
    jobcenter_id: str = "43102",
    **weitere: Any,
) -> Envelope:
    payload: dict[str, Any] = {
        "message_id": f"urn:de:xta:messageid:xta-server:{uuid.uuid4()}",
        "jobcenter_id": jobcenter_id,
        "person_id": person_id,
        "betreff": "Ihr Antrag auf Bürgergeld",
        "inhalt": "Bitte reichen Sie Ihre Kontoauszüge nach.",
        "anlagen": [],
        "empfangen_am": utc_now_rfc3339(),
        "art": art,
        **weitere,
    }
    if antrag_id:
        payload["antrag_id"] = antrag_id
    return umschlag("NachrichtEmpfangen", "xta_gateway", payload, version=2)


def einstellungen(tmp_path: Path) -> Settings:
    return Settings(
        service_name="postkorb",
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'postkorb.db'}",
        keystore_url=f"sqlite:///{tmp_path / 'postkorb-keys.db'}",
        amqp_uri=AMQP_URI,
        http_port=0,
        log_level="WARNING",
    )
