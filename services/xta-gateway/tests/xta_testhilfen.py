"""Helpers of the xta-gateway's process tests and of bench/xta: the counterpart and the stand-in
antrag as subprocesses, the real service (kernel.testing.ServiceProcess), publishing
AntragEingereicht and watching xta_gateway.events (imported by plain name: tests/conftest.py
puts this folder on sys.path; bench/xta adds it too). For the unit tests: the base of their
in-memory XTA servers and an attachment source."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import random
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pika

from contracts.events.antrag import AntragEingereicht
from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.testing import ServiceProcess, free_port
from xta_gateway.adapters.anlagen import Anlagenquelle, pruefen
from xta_gateway.adapters.xta import XtaTransport

HIER = Path(__file__).resolve().parent
REPO = HIER.parents[2]
AMQP = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")


class NurVersand(XtaTransport):
    """Base of the unit tests' in-memory XTA servers: they send and report; the MsgBox
    operations are not theirs to test."""

    version = "test"

    def get_status_list(self, max_eintraege: int = 100):  # pragma: no cover - not used here
        raise NotImplementedError

    def get_message(self, message_id: str):  # pragma: no cover
        raise NotImplementedError

    def close(self, abruf_id: str, message_ids) -> None:  # pragma: no cover
        raise NotImplementedError


class TestAnlagen(Anlagenquelle):
    """Every attachment's bytes are b"test" (the events' sha256 is of those)."""

    __test__ = False

    def holen(self, antrag_id: str, anlage: dict):
        return pruefen(anlage, b"test", f"a-{anlage['anlage_id']}")


def pika_parameter(amqp_uri: str = AMQP) -> pika.ConnectionParameters:
    teile = urlsplit(amqp_uri)
    return pika.ConnectionParameters(
        host=teile.hostname or "127.0.0.1",
        port=teile.port or 5672,
        virtual_host=teile.path[1:] or "/",
        credentials=pika.PlainCredentials(teile.username or "guest", teile.password or "guest"),
    )


def warten_bis(bedingung: Callable[[], Any], zeit: float = 30.0, takt: float = 0.1) -> Any:
    ende = time.monotonic() + zeit
    while time.monotonic() < ende:
        ergebnis = bedingung()
        if ergebnis:
            return ergebnis
        time.sleep(takt)
    return bedingung()


class Gegenstelle:
    """``python -m xta2_gegenstelle`` as a subprocess on a free port."""

    def __init__(self, ordner: Path, *, bericht_verzoegerung: float = 0.2, seed: int = 1) -> None:
        self.ordner = ordner
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        ordner.mkdir(parents=True, exist_ok=True)
        konfiguration = ordner / "konfiguration.json"
        konfiguration.write_text(json.dumps({"bericht_verzoegerung": bericht_verzoegerung}))
        self.befehl = [
            sys.executable,
            "-m",
            "xta2_gegenstelle",
            "--port",
            str(self.port),
            "--data-dir",
            str(ordner / "daten"),
            "--fachschemata",
            str(REPO / "contracts" / "xoev"),
            "--konfiguration",
            str(konfiguration),
            "--seed",
            str(seed),
            "--log-level",
            "WARNING",
        ]
        self.prozess: subprocess.Popen | None = None

    def starten(self) -> Gegenstelle:
        self.prozess = subprocess.Popen(
            self.befehl,
            stdout=(self.ordner / "gegenstelle.log").open("ab"),
            stderr=subprocess.STDOUT,
        )
        if not warten_bis(self._bereit, 30):
            raise AssertionError((self.ordner / "gegenstelle.log").read_text()[-3000:])
        return self

    def _bereit(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.url}/health/ready", timeout=2) as antwort:
                return antwort.status == 200
        except OSError:
            return False

    def stoppen(self) -> None:
        if self.prozess and self.prozess.poll() is None:
            self.prozess.terminate()
            self.prozess.wait(10)

    def _json(self, methode: str, pfad: str, daten: Any = None) -> Any:
        anfrage = urllib.request.Request(
            f"{self.url}{pfad}",
            data=json.dumps(daten).encode() if daten is not None else None,
            method=methode,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(anfrage, timeout=10) as antwort:
            inhalt = antwort.read()
        return json.loads(inhalt) if inhalt else None

    def nachrichten(self, leser: str) -> list[dict]:
        return self._json("GET", f"/_gegenstelle/nachrichten?leser={leser}")

    def nachricht(self, message_id: str) -> bytes:
        with urllib.request.urlopen(
            f"{self.url}/_gegenstelle/nachrichten/{message_id}", timeout=10
        ) as antwort:
            return antwort.read()

    def antraege(
        self, leser: str, auslassen: Callable[[dict], bool] | None = None
    ) -> list[tuple[str | None, dict]]:
        """Each message stored for ``leser`` (but those ``auslassen`` names) as (its XÖV
        antragsID, its entry), after checking that the stored XML has the entry's sha256."""
        from lxml import etree

        from xta_gateway.xoev.renderer import NS

        gefunden = []
        for eintrag in self.nachrichten(leser):
            if auslassen is not None and auslassen(eintrag):
                continue
            xml = self.nachricht(eintrag["message_id"])
            assert hashlib.sha256(xml).hexdigest() == eintrag["sha256"]
            antrag_id = etree.fromstring(xml).findtext(".//soz:antragsID", namespaces={"soz": NS})
            gefunden.append((antrag_id, eintrag))
        return gefunden

    def stoerung(self, **regel: Any) -> None:
        self._json("POST", "/_gegenstelle/stoerungen", regel)

    def stoerungen_loeschen(self) -> None:
        self._json("DELETE", "/_gegenstelle/stoerungen")

    def antworten(self, **nachricht: Any) -> str:
        return self._json("POST", "/_gegenstelle/antworten", nachricht)["message_id"]


def queues_loeschen(*namen: str, exchanges: tuple[str, ...] = ()) -> None:
    verbindung = pika.BlockingConnection(pika_parameter())
    try:
        kanal = verbindung.channel()
        for name in namen:
            kanal.queue_delete(name)
        for name in exchanges:
            kanal.exchange_delete(name)
    finally:
        verbindung.close()


class AttrappeProzess(ServiceProcess):
    def __init__(
        self, name: str, ziel: str = "antrag_attrappe:AntragAttrappe", **optionen: Any
    ) -> None:
        super().__init__(ziel, **optionen)
        self.name = name

    def aufraeumen(self) -> None:
        self.stop()
        queues_loeschen(f"rpc-{self.name}")


def attrappe(ordner: Path, dienst: str = "antrag") -> tuple[AttrappeProzess, str]:
    """The stand-in ``<dienst>.anlage_datei`` (antrag, or postkorb: docs/adr/0055)."""
    name = f"{dienst}_attrappe_{uuid.uuid4().hex[:8]}"
    prozess = AttrappeProzess(
        name,
        f"{dienst}_attrappe:{dienst.capitalize()}Attrappe",
        cwd=HIER / "integration",
        log_path=ordner / f"{dienst}_attrappe.log",
        env={"ATTRAPPE_NAME": name, "PYTHONPATH": str(HIER / "integration")},
    )
    return prozess, name


class XtaGatewayProzess(ServiceProcess):
    """The real service class under a run-specific name (ADR 0017); its queues are deleted
    when the run ends."""

    def __init__(self, dienstname: str, **optionen: Any) -> None:
        super().__init__("xta_gateway_testdienst:XtaGatewayTestdienst", **optionen)
        self.dienstname = dienstname

    def aufraeumen(self) -> None:
        self.stop()
        queues = [f"{self.dienstname}.dead-letters"]
        for methode in (
            "on_antrag_eingereicht",
            "on_postkorb_antwort_verfasst",
            "on_postkorb_bescheid_abgerufen",
            "on_postkorb_bereitstellung_beendet",
        ):
            queues.append(f"{self.dienstname}.{methode}")
            queues += [f"{self.dienstname}.{methode}.retry.{stufe}" for stufe in range(5)]
        queues_loeschen(*queues, f"rpc-{self.dienstname}", exchanges=(f"{self.dienstname}.events",))


def xta_gateway(
    ordner: Path,
    gegenstelle: Gegenstelle,
    anlagen_dienst: str,
    quelle: str = "antrag",
    *,
    quelle_postkorb: str = "postkorb",
    postkorb_dienst: str = "postkorb",
    **env: str,
) -> XtaGatewayProzess:
    """The real service, as `make run` starts it, pointed at the counterpart; it consumes
    AntragEingereicht from `<quelle>.events` and PostkorbAntwortVerfasst from
    `<quelle_postkorb>.events`."""
    (dienst,) = replikate(
        ordner,
        gegenstelle,
        anlagen_dienst,
        quelle,
        1,
        quelle_postkorb=quelle_postkorb,
        postkorb_dienst=postkorb_dienst,
        **env,
    )
    return dienst


def replikate(
    ordner: Path,
    gegenstelle: Gegenstelle,
    anlagen_dienst: str,
    quelle: str,
    anzahl: int,
    *,
    quelle_postkorb: str = "postkorb",
    postkorb_dienst: str = "postkorb",
    **env: str,
) -> list[XtaGatewayProzess]:
    """``anzahl`` processes of the real service under one run name: competing consumers on its
    queues, one database (docs/adr/0057: with more than one, ``SOZ_DATABASE_URL`` and
    ``SOZ_KEYSTORE_URL`` in ``env`` must name PostgreSQL). Each logs to its own file
    (``xta_gateway.log``, ``xta_gateway-2.log``, …); stop them all, then ``aufraeumen`` one."""
    dienstname = f"xta_gateway_{uuid.uuid4().hex[:8]}"
    umgebung = {
        "TEST_DIENSTNAME": dienstname,
        "TEST_QUELLE": quelle,
        "TEST_QUELLE_POSTKORB": quelle_postkorb,
        "SOZ_XTA_POSTKORB_DIENST": postkorb_dienst,
        "PYTHONPATH": str(HIER / "integration"),
        "SOZ_DATA_DIR": str(ordner / "var"),
        "SOZ_XTA_ENDPUNKT": f"{gegenstelle.url}/xta",
        "SOZ_XTA_AUTOR_KENNUNG": "sozialplattform:test",
        "SOZ_XTA_ANLAGEN_DIENST": anlagen_dienst,
        "SOZ_XTA_POSTFACH_SEKUNDEN": "0.5",
        "SOZ_XTA_SWEEP_SEKUNDEN": "1",
        "SOZ_XTA_RUECKOFF_BASIS": "0.2",
        "SOZ_XTA_RUECKOFF_MAXIMUM": "2",
        "SOZ_XTA_BERICHT_ABFRAGE": "0.25",
        "SOZ_LOG_LEVEL": "WARNING",
        **env,
    }
    return [
        XtaGatewayProzess(
            dienstname,
            cwd=REPO,
            log_path=ordner / ("xta_gateway.log" if nummer == 1 else f"xta_gateway-{nummer}.log"),
            ready_timeout=60,
            env=umgebung,
        )
        for nummer in range(1, anzahl + 1)
    ]


def metrik(url: str, name: str, **labels: str) -> float:
    """The sum of a metric's series on a process's /metrics whose labels include ``labels``."""
    with urllib.request.urlopen(f"{url}/metrics", timeout=10) as antwort:
        text = antwort.read().decode()
    summe = 0.0
    for zeile in text.splitlines():
        if not zeile.startswith(name + "{") and not zeile.startswith(name + " "):
            continue
        serie, wert = zeile.rsplit(" ", 1)
        if all(f'{k}="{v}"' in serie for k, v in labels.items()):
            summe += float(wert)
    return summe


def antrag_eingereicht(
    jobcenter_id: str, *, kurzantrag: bool = False, **aenderungen: Any
) -> Envelope:
    payload = copy.deepcopy(AntragEingereicht.example)
    payload.update(
        antrag_id=new_id(),
        person_id=new_id(),
        jobcenter_id=jobcenter_id,
        kurzantrag=kurzantrag,
        eingereicht_am=utc_now_rfc3339().replace("Z", "+00:00"),
        **aenderungen,
    )
    return Envelope(
        event_id=new_id(),
        event_type="AntragEingereicht",
        schema_version=1,
        occurred_at=utc_now_rfc3339(),
        producer="antrag",
        stream_id=f"antrag-{payload['antrag_id']}",
        stream_version=3,
        correlation_id=new_id(),
        causation_id=None,
        payload=payload,
    )


def postkorb_antwort_verfasst(jobcenter_id: str, **aenderungen: Any) -> Envelope:
    """A person's reply with one attachment whose bytes the postkorb stand-in serves."""
    from contracts.events.postkorb import PostkorbAntwortVerfasst

    payload = copy.deepcopy(PostkorbAntwortVerfasst.example)
    payload["anlagen"][0].update(
        anlage_id=new_id(),
        sha256="b3713ae9a8746b4f0af81d1c9313cfc9f68e456d653fb074e540565ac9c5cdc2",
        groesse=8,
    )
    payload.update(
        {
            "nachricht_id": new_id(),
            "thread_id": new_id(),
            "person_id": new_id(),
            "antrag_id": new_id(),
            "jobcenter_id": jobcenter_id,
            **aenderungen,
        }
    )
    return Envelope(
        event_id=new_id(),
        event_type="PostkorbAntwortVerfasst",
        schema_version=1,
        occurred_at=utc_now_rfc3339(),
        producer="postkorb",
        stream_id=f"postfach-{payload['person_id']}",
        stream_version=2,
        correlation_id=new_id(),
        causation_id=None,
        payload=payload,
    )


def eigene_postkorb_quelle() -> str:
    """A postkorb source exchange of this run's own (ADR 0017)."""
    return f"postkorb_{uuid.uuid4().hex[:8]}"


def zufalls_jobcenter() -> str:
    """A Träger-Nr of our own per run: another run on the shared broker cannot mix in."""
    return f"9{random.randint(0, 9999):04d}"


def eigene_quelle() -> str:
    """A source exchange of this run's own, for runs that publish hundreds of applications."""
    return f"antrag_{uuid.uuid4().hex[:8]}"


class Veroeffentlicher:
    def __init__(self, quelle: str = "antrag") -> None:
        self.publisher = ConfirmingPublisher(AMQP)
        self.quelle = quelle

    def senden(self, *umschlaege: Envelope) -> None:
        self.publisher.publish(
            [
                OutgoingMessage(
                    exchange=f"{self.quelle}.events",
                    routing_key=u.event_type,
                    body=u.to_json(),
                    message_id=u.event_id,
                    correlation_id=u.correlation_id,
                )
                for u in umschlaege
            ]
        )

    def schliessen(self) -> None:
        self.publisher.close()
        if self.quelle not in ("antrag", "postkorb"):
            queues_loeschen(exchanges=(f"{self.quelle}.events",))


class Beobachter:
    """An exclusive queue bound to the service's exchange: every envelope it publishes."""

    def __init__(self, dienstname: str = "xta_gateway") -> None:
        self.verbindung = pika.BlockingConnection(pika_parameter())
        self.kanal = self.verbindung.channel()
        exchange = f"{dienstname}.events"
        self.kanal.exchange_declare(exchange, "topic", durable=True)
        self.queue = self.kanal.queue_declare("", exclusive=True).method.queue
        self.kanal.queue_bind(self.queue, exchange, routing_key="#")
        self.gesehen: list[dict] = []

    def abholen(self) -> list[dict]:
        while True:
            methode, eigenschaften, koerper = self.kanal.basic_get(self.queue, auto_ack=True)
            if methode is None:
                return self.gesehen
            self.gesehen.append({**json.loads(koerper), "_empfangen": time.time()})

    def ereignisse(self, typ: str, antrag_ids: set[str] | None = None) -> list[dict]:
        return [
            e
            for e in self.abholen()
            if e["event_type"] == typ
            and (antrag_ids is None or e["payload"].get("antrag_id") in antrag_ids)
        ]

    def finale(self, antrag_ids: set[str]) -> set[str]:
        """The applications among ``antrag_ids`` whose delivery ended (delivered or failed)."""
        return {
            e["payload"]["antrag_id"]
            for typ in ("NachrichtZugestellt", "ZustellungFehlgeschlagen")
            for e in self.ereignisse(typ, antrag_ids)
        }

    def schliessen(self) -> None:
        if self.verbindung.is_open:
            self.verbindung.close()
