"""Jobcenter messages written back at the XTA2 counterpart → visible in the person's mailbox.

The real xta-gateway and postkorb services (`nameko run`, embedded SQLite), the real counterpart
and RabbitMQ, names of the run's own (ADR 0017). Set-up: ``--personen`` applications are
submitted (AntragEingereicht to a source exchange of the run's own) and delivered. Then the
Jobcenter writes ``postkorb.nachricht.0203`` messages back at a fixed rate (POST
/_gegenstelle/antworten), spread over those applications; the xta-gateway fetches them from its
MsgBox (``SOZ_XTA_POSTFACH_SEKUNDEN``), postkorb files each in its person's thread and, in the
same commit, announces it (PostkorbNachrichtEingegangen). A message counts as visible when that
announcement arrives on postkorb's exchange: it was committed to the mailbox before. Latency =
visible − written. In the same run: the raw broker limit (pika, persistent, one confirm per
message).
"""

from __future__ import annotations

import contextlib
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "services" / "xta-gateway" / "tests"))

import pika  # noqa: E402
import xta_testhilfen as hilfen  # noqa: E402

from kernel.testing import ServiceProcess  # noqa: E402
from postkorb.handlers import _abgeleitete_id  # noqa: E402

TESTDIENST = REPO / "services" / "postkorb" / "tests" / "integration"


def perzentil(werte: list[float], p: float) -> float:
    geordnet = sorted(werte)
    return geordnet[min(len(geordnet) - 1, int(round(p / 100 * (len(geordnet) - 1))))]


class Zaehler(threading.Thread):
    """Consumes postkorb's exchange: when each message was announced as filed."""

    def __init__(self, dienstname: str) -> None:
        super().__init__(daemon=True)
        self.gesehen: dict[str, float] = {}
        self.verbindung = pika.BlockingConnection(hilfen.pika_parameter())
        kanal = self.verbindung.channel()
        exchange = f"{dienstname}.events"
        kanal.exchange_declare(exchange, "topic", durable=True)
        queue = kanal.queue_declare("", exclusive=True).method.queue
        kanal.queue_bind(queue, exchange, routing_key="PostkorbNachrichtEingegangen")
        kanal.basic_consume(queue, self._an, auto_ack=True)
        self.kanal = kanal

    def _an(self, _kanal: Any, _methode: Any, _eigenschaften: Any, koerper: bytes) -> None:
        payload = json.loads(koerper)["payload"]
        self.gesehen.setdefault(payload["nachricht_id"], time.time())

    def run(self) -> None:
        with contextlib.suppress(Exception):
            self.kanal.start_consuming()

    def anhalten(self) -> None:
        with contextlib.suppress(Exception):
            self.verbindung.add_callback_threadsafe(self.kanal.stop_consuming)
        self.join(5)


@dataclass
class Aufbau:
    gegenstelle: Any
    zaehler: Zaehler
    jobcenter_id: str
    antraege: list[str]
    postkorb: ServiceProcess
    xta: Any


@contextlib.contextmanager
def aufbau(personen: int, postfach_sekunden: float) -> Iterator[Aufbau]:
    with tempfile.TemporaryDirectory(prefix="bench-postkorb-") as ordner_name:
        ordner = Path(ordner_name)
        gegenstelle = hilfen.Gegenstelle(ordner / "gegenstelle", bericht_verzoegerung=0.1).starten()
        antrag, antrag_name = hilfen.attrappe(ordner, "antrag")
        quelle = hilfen.eigene_quelle()
        postkorb_name = f"postkorb_{uuid.uuid4().hex[:8]}"
        xta = hilfen.xta_gateway(
            ordner,
            gegenstelle,
            antrag_name,
            quelle=quelle,
            quelle_postkorb=postkorb_name,
            postkorb_dienst=postkorb_name,
            SOZ_XTA_POSTFACH_SEKUNDEN=str(postfach_sekunden),
        )
        postkorb = ServiceProcess(
            "postkorb_testdienst:PostkorbTestdienst",
            cwd=REPO,
            log_path=ordner / "postkorb.log",
            ready_timeout=60,
            env={
                "TEST_DIENSTNAME": postkorb_name,
                "TEST_QUELLE_ANTRAG": quelle,
                "TEST_QUELLE_XTA": xta.dienstname,
                "SOZ_XTA_GATEWAY_DIENST": xta.dienstname,
                "PYTHONPATH": str(TESTDIENST),
                "SOZ_DATA_DIR": str(ordner / "postkorb"),
                "SOZ_SMTP_PORT": "1",
                "SOZ_LOG_LEVEL": "WARNING",
            },
        )
        veroeffentlicher = hilfen.Veroeffentlicher(quelle)
        zaehler = Zaehler(postkorb_name)
        zaehler.start()
        try:
            antrag.start()
            xta.start()
            postkorb.start()
            jobcenter_id = hilfen.zufalls_jobcenter()
            umschlaege = [hilfen.antrag_eingereicht(jobcenter_id) for _ in range(personen)]
            veroeffentlicher.senden(*umschlaege)
            antraege = [u.payload["antrag_id"] for u in umschlaege]
            # delivered and announced as such ("zugestellt") for every application
            zugestellt = {_abgeleitete_id("eingereicht", a) for a in antraege}
            if not hilfen.warten_bis(lambda: zugestellt <= set(zaehler.gesehen), 120):
                raise RuntimeError(postkorb.log()[-3000:] + xta.log()[-3000:])
            hilfen.warten_bis(lambda: len(zaehler.gesehen) >= 2 * personen, 60)
            yield Aufbau(gegenstelle, zaehler, jobcenter_id, antraege, postkorb, xta)
        finally:
            zaehler.anhalten()
            postkorb.stop()
            xta.aufraeumen()
            antrag.aufraeumen()
            gegenstelle.stoppen()
            veroeffentlicher.schliessen()
            with contextlib.suppress(Exception):
                hilfen.queues_loeschen(
                    *(
                        f"{postkorb_name}.{m}"
                        for m in (
                            "on_antrag_eingereicht",
                            "on_nachricht_empfangen",
                            "on_nachricht_zugestellt",
                            "on_zustellung_fehlgeschlagen",
                            "on_termin_gebucht",
                            "on_termin_verschoben",
                            "on_termin_storniert",
                            "on_konto_geloescht",
                        )
                    ),
                    f"rpc-{postkorb_name}",
                    exchanges=(f"{postkorb_name}.events",),
                )


def lauf(a: Aufbau, anzahl: int, rate: float) -> dict[str, float]:
    geschrieben: dict[str, float] = {}
    start = time.time()
    for nummer in range(anzahl):
        pause = start + nummer / rate - time.time()
        if pause > 0:
            time.sleep(pause)
        antrag_id = a.antraege[nummer % len(a.antraege)]
        message_id = a.gegenstelle.antworten(
            leser="sozialplattform:test",
            autor=f"jobcenter:{a.jobcenter_id}",
            service="urn:xoev-de:sozialplattform:dienst:postkorb",
            postkorbnachricht={
                "art": ("information", "aufforderung", "anhoerung", "bescheid")[nummer % 4],
                "frist": "2027-01-31",
                "antrag_id": antrag_id,
                "betreff": f"Nachricht {nummer}",
                "text": "Bitte reichen Sie Ihre Kontoauszüge nach." * 5,
            },
        )
        geschrieben[_abgeleitete_id("empfangen", message_id)] = time.time()
    ende_schreiben = time.time()
    hilfen.warten_bis(lambda: set(geschrieben) <= set(a.zaehler.gesehen), 300, 0.05)
    gesehen = {n: a.zaehler.gesehen[n] for n in geschrieben if n in a.zaehler.gesehen}
    latenzen = [gesehen[n] - geschrieben[n] for n in gesehen]
    letzte = max(gesehen.values()) if gesehen else time.time()
    return {
        "anzahl": anzahl,
        "sichtbar": len(gesehen),
        "angebot_pro_s": anzahl / (ende_schreiben - start),
        "nachrichten_pro_s": len(gesehen) / (letzte - start),
        "p50": perzentil(latenzen, 50) if latenzen else float("nan"),
        "p99": perzentil(latenzen, 99) if latenzen else float("nan"),
        "max": max(latenzen) if latenzen else float("nan"),
        "mittel": statistics.fmean(latenzen) if latenzen else float("nan"),
    }
