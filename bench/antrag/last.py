"""The load: people who each create, fill and submit applications through the gateway's API, one
after the other, as fast as the platform answers; and a consumer on antrag.events that notes
when each AntragEingereicht arrives.

Each person is a thread with one keep-alive HTTP connection, a session of its own (signed up and
logged in before the clock starts) and its CSRF token. A submission is: POST /api/v1/antraege,
five PUTs (the sections of Einstiegsgeld), POST .../einreichung. When the Jobcenter is not yet
recorded (409 zustaendigkeit_ausstehend: the event from the zustaendigkeit service has not
arrived) the submission is tried again after 100 ms, and counted.
"""

from __future__ import annotations

import http.client
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import orjson
import pika

from antrag.formulare import beispiele
from bench.broker import pika_parameters

PASSWORT = "ein langer Satz als Passwort"
WARTEN_AUF_JOBCENTER = 0.1  # seconds before submitting again after zustaendigkeit_ausstehend
WOHNORT = {"plz": "63571", "ort": "Gelnhausen"}
ABSCHNITTE = beispiele.einstiegsgeld(WOHNORT)


class Fehlgeschlagen(Exception):
    pass


class Person:
    """One keep-alive connection, one session."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.verbindung = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookie = ""
        self.csrf = ""

    def anfrage(self, method: str, pfad: str, body: Any = None) -> tuple[int, Any]:
        headers = {"Accept": "application/json"}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        daten = None
        if body is not None:
            daten = orjson.dumps(body)
            headers["Content-Type"] = "application/json"
        self.verbindung.request(method, pfad, body=daten, headers=headers)
        antwort = self.verbindung.getresponse()
        inhalt = antwort.read()
        for name, wert in antwort.getheaders():
            if name.lower() == "set-cookie" and wert.startswith("soz_sitzung="):
                self.cookie = wert.split(";", 1)[0]
        return antwort.status, (orjson.loads(inhalt) if inhalt else None)

    def anmelden(self) -> None:
        email = f"bench-{uuid.uuid4().hex[:12]}@example.org"
        zugang = {"email": email, "passwort": PASSWORT}
        status, _ = self.anfrage("POST", "/api/v1/konto", zugang)
        if status != 202:
            raise Fehlgeschlagen(f"sign-up: {status}")
        status, sitzung = self.anfrage("POST", "/api/v1/sitzung", zugang)
        if status != 201:
            raise Fehlgeschlagen(f"login: {status}")
        self.csrf = sitzung["csrf_token"]


@dataclass
class Ergebnisse:
    """What all people measured; times from time.perf_counter() of this process."""

    sperre: threading.Lock = field(default_factory=threading.Lock)
    dauern: dict[str, list[tuple[float, float]]] = field(default_factory=lambda: defaultdict(list))
    eingereicht: list[tuple[float, float]] = field(default_factory=list)  # (start, done)
    abgeschickt: dict[str, float] = field(default_factory=dict)  # antrag_id -> submit sent
    auf_dem_bus: dict[str, float] = field(default_factory=dict)  # antrag_id -> event received
    wiederholt: int = 0
    fehler: list[str] = field(default_factory=list)

    def dauer(self, art: str, start: float, ende: float) -> None:
        with self.sperre:
            self.dauern[art].append((ende, ende - start))


def einreichungen(person: Person, ergebnisse: Ergebnisse, weiter: Callable[[], bool]) -> None:
    """Create, fill, submit; again and again while ``weiter()``."""
    while weiter():
        try:
            _eine(person, ergebnisse)
        except (Fehlgeschlagen, OSError, http.client.HTTPException) as fehler:
            with ergebnisse.sperre:
                ergebnisse.fehler.append(f"{type(fehler).__name__}: {fehler}")
            person.verbindung.close()
            time.sleep(0.1)


def _eine(person: Person, ergebnisse: Ergebnisse) -> None:
    start = time.perf_counter()
    status, angelegt = person.anfrage(
        "POST", "/api/v1/antraege", {"leistung": "einstiegsgeld", "wohnort": WOHNORT}
    )
    ergebnisse.dauer("POST /antraege", start, time.perf_counter())
    if status != 201:
        raise Fehlgeschlagen(f"create: {status} {angelegt}")
    antrag_id = angelegt["id"]
    for abschnitt, daten in ABSCHNITTE.items():
        vorher = time.perf_counter()
        status, antwort = person.anfrage(
            "PUT", f"/api/v1/antraege/{antrag_id}/abschnitte/{abschnitt}", daten
        )
        ergebnisse.dauer("PUT /abschnitte", vorher, time.perf_counter())
        if status != 200:
            raise Fehlgeschlagen(f"save {abschnitt}: {status} {antwort}")
    while True:
        vorher = time.perf_counter()
        with ergebnisse.sperre:
            ergebnisse.abgeschickt[antrag_id] = vorher
        status, antwort = person.anfrage("POST", f"/api/v1/antraege/{antrag_id}/einreichung")
        ende = time.perf_counter()
        if status == 409 and antwort.get("code") == "zustaendigkeit_ausstehend":
            with ergebnisse.sperre:
                ergebnisse.wiederholt += 1
            time.sleep(WARTEN_AUF_JOBCENTER)
            continue
        break
    ergebnisse.dauer("POST /einreichung", vorher, ende)
    if status != 202:
        raise Fehlgeschlagen(f"submit: {status} {antwort}")
    with ergebnisse.sperre:
        ergebnisse.eingereicht.append((start, ende))


BODEN_PFAD = "/api/v1/zustaendigkeit?plz=63571"


def boden(person: Person, ergebnisse: Ergebnisse, weiter: Callable[[], bool]) -> None:
    """The floor of one call on this platform: HTTP with the person's session at the gateway,
    one RPC to a service that answers from memory (zustaendigkeit's index, no database), the
    answer back as JSON. Again and again while ``weiter()``."""
    while weiter():
        vorher = time.perf_counter()
        try:
            status, antwort = person.anfrage("GET", BODEN_PFAD)
        except (OSError, http.client.HTTPException) as fehler:
            with ergebnisse.sperre:
                ergebnisse.fehler.append(f"floor: {type(fehler).__name__}: {fehler}")
            person.verbindung.close()
            continue
        if status != 200:
            with ergebnisse.sperre:
                ergebnisse.fehler.append(f"floor: {status} {antwort}")
            continue
        ergebnisse.dauer("GET /zustaendigkeit (floor)", vorher, time.perf_counter())


class BusZuhoerer(threading.Thread):
    """An exclusive queue on antrag.events for AntragEingereicht, declared before the load."""

    def __init__(self, amqp_uri: str, ergebnisse: Ergebnisse) -> None:
        super().__init__(daemon=True)
        self.ergebnisse = ergebnisse
        self.verbindung = pika.BlockingConnection(pika_parameters(amqp_uri))
        self.kanal = self.verbindung.channel()
        self.kanal.exchange_declare("antrag.events", "topic", durable=True)
        self.queue = self.kanal.queue_declare("", exclusive=True).method.queue
        self.kanal.queue_bind(self.queue, "antrag.events", routing_key="AntragEingereicht")
        self.kanal.basic_consume(self.queue, self._nachricht, auto_ack=True)
        self.halt = threading.Event()

    def _nachricht(self, kanal: Any, methode: Any, eigenschaften: Any, body: bytes) -> None:
        jetzt = time.perf_counter()
        antrag_id = orjson.loads(body)["payload"]["antrag_id"]
        with self.ergebnisse.sperre:
            self.ergebnisse.auf_dem_bus.setdefault(antrag_id, jetzt)

    def run(self) -> None:
        while not self.halt.is_set():
            self.verbindung.process_data_events(time_limit=0.2)
        self.verbindung.close()
