"""Helpers of the antrag tests (imported by plain name: conftest puts this folder on sys.path)."""

from __future__ import annotations

import os
from typing import Any

from antrag import handlers
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.nameko.provider import ServiceContext


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

EINSTIEGSGELD_VOLLSTAENDIG: dict[str, dict[str, Any]] = {
    "antragsteller": {
        "vorname": "Erika",
        "nachname": "Mustermann",
        "geburtsdatum": "12.04.1980",
        "strasse_hausnummer": "Marktplatz 1",
        "plz": "88400",
        "ort": "Biberach an der Riß",
    },
    "taetigkeit": {
        "art": "beschaeftigung",
        "beginn": "2030-03-01",
        "arbeitgeber": "Muster GmbH",
        "wochenstunden": "30",
        "brutto_monatlich": "2.100,00",
        "befristet": "nein",
    },
    "arbeitslosigkeit": {"arbeitslos_seit": "2024-05-01", "bezieht_buergergeld": True},
    "bankverbindung": {"kontoinhaber": "Erika Mustermann", "iban": "DE02 1203 0000 0000 2020 51"},
    "erklaerung": {
        "angaben_richtig": True,
        "aenderungen_mitteilen": True,
        "datenschutz_gelesen": True,
    },
}


def ausfuellen(kontext: ServiceContext, antrag_id: str, abschnitte: dict[str, dict]) -> None:
    for abschnitt, daten in abschnitte.items():
        handlers.speichern(kontext, antrag_id, abschnitt, daten, "de")


AMQP_URI_BASIS = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
