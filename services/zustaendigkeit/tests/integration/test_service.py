"""The service as `make run` runs it (a real `nameko run` process, RabbitMQ): RPC lookups and
AntragAngelegt -> ZustaendigkeitErmittelt, idempotently, with no personal data in its log."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from kombu import Connection, Exchange, Queue
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ClusterRpcClient

from contracts.registry import REGISTRY
from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.testing import ServiceProcess
from zustaendigkeit.adapters import kontaktdatei

pytestmark = pytest.mark.rabbitmq

STRASSE = "Musterweg 4711"  # must never show up in the service's log
BEISPIEL_KONTAKTE = Path(__file__).resolve().parents[4] / "deploy/embedded/jobcenter-kontakte"


@pytest.fixture(scope="module")
def dienst(tmp_path_factory: pytest.TempPathFactory, amqp_uri: str) -> Iterator[ServiceProcess]:
    arbeitsordner = tmp_path_factory.mktemp("zustaendigkeit")
    service = ServiceProcess(
        "zustaendigkeit.service:ZustaendigkeitService",
        amqp_uri=amqp_uri,
        log_path=arbeitsordner / "service.log",
        ready_timeout=60,
        env={
            "SOZ_SERVICE_NAME": "zustaendigkeit",
            "SOZ_DATA_DIR": str(arbeitsordner / "var"),
            "SOZ_ANGEBUNDENE_ZKT": "68410",
            "SOZ_JOBCENTER_KONTAKTE_DIR": str(BEISPIEL_KONTAKTE),
        },
    )
    service.start()
    yield service
    service.stop()


@pytest.fixture
def rpc(dienst: ServiceProcess, amqp_uri: str) -> Iterator:  # noqa: ARG001 - needs the service
    with ClusterRpcClient(uri=amqp_uri, timeout=10) as client:
        yield client.zustaendigkeit


class Empfaenger:
    """A fresh exclusive queue on zustaendigkeit.events, declared before anything is sent."""

    def __init__(self, amqp_uri: str) -> None:
        self.connection = Connection(amqp_uri)
        self.channel = self.connection.channel()
        exchange = Exchange("zustaendigkeit.events", "topic", durable=True, auto_delete=False)
        self.queue = Queue(
            f"test-zustaendigkeit-{uuid.uuid4().hex[:8]}",
            exchange,
            routing_key="ZustaendigkeitErmittelt",
            exclusive=True,
        )(self.channel)
        self.queue.declare()

    def envelopes_fuer(self, antrag_id: str, *, mindestens: int, warten: float) -> list[Envelope]:
        """Every envelope for this application that arrives within `warten` seconds, returning
        early once `mindestens` arrived (other tests' events are left aside)."""
        gefunden: list[Envelope] = []
        deadline = time.monotonic() + warten
        while time.monotonic() < deadline:
            message = self.queue.get(no_ack=True)
            if message is None:
                if mindestens and len(gefunden) >= mindestens:
                    break
                time.sleep(0.05)
                continue
            envelope = Envelope.from_json(message.body)
            if envelope.payload.get("antrag_id") == antrag_id:
                gefunden.append(envelope)
        return gefunden

    def close(self) -> None:
        self.connection.release()


@pytest.fixture
def empfaenger(dienst: ServiceProcess, amqp_uri: str) -> Iterator[Empfaenger]:  # noqa: ARG001
    instance = Empfaenger(amqp_uri)
    yield instance
    instance.close()


@pytest.fixture
def senden(amqp_uri: str) -> Iterator:
    publisher = ConfirmingPublisher(amqp_uri)

    def _senden(envelope: Envelope) -> None:
        publisher.publish(
            [
                OutgoingMessage(
                    exchange="antrag.events",
                    routing_key="AntragAngelegt",
                    body=envelope.to_json(),
                    message_id=envelope.event_id,
                )
            ]
        )

    yield _senden
    publisher.close()


def wait_until(predicate, timeout: float = 10.0) -> bool:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def antrag_angelegt(wohnort: dict[str, str]) -> Envelope:
    antrag_id = str(uuid.uuid4())
    return Envelope(
        event_id=new_id(),
        event_type="AntragAngelegt",
        schema_version=1,
        occurred_at=utc_now_rfc3339(),
        producer="antrag",
        stream_id=f"antrag-{antrag_id}",
        stream_version=1,
        correlation_id=new_id(),
        causation_id=None,
        payload={
            "antrag_id": antrag_id,
            "person_id": str(uuid.uuid4()),
            "leistung": "buergergeld",
            "wohnort": wohnort,
        },
    )


def test_rpc_ermitteln_orte_jobcenter(rpc):
    antwort = rpc.ermitteln(plz="88400")
    assert antwort["eindeutig"] is True
    assert antwort["kandidaten"] == [
        {
            "ort": "Biberach an der Riß",
            "ags": "08426021",
            "jobcenter": {
                "id": "68410",
                "name": "Biberach",
                "traeger_art": "zkT",
                "kanal": "sozialplattform",
                "url": None,
                "kontakt": {
                    "bekannt": True,
                    "anschrift": {
                        "strasse": "Beispielring 6",
                        "plz": "88400",
                        "ort": "Biberach an der Riß",
                    },
                    "telefon": "069 90009 106",
                    "email": "biberach@jobcenter.example.org",
                    "website": "https://biberach.jobcenter.example.org",
                    "oeffnungszeiten": "Mo–Fr 8–12 Uhr, Do 14–18 Uhr",
                    "traeger": "Biberach",
                    "quelle": "BEISPIELDATEN (example.org) – keine echten Kontaktdaten",
                    "stand": "2026-01-15",
                },
            },
        }
    ]
    assert antwort["rueckfrage"] is None
    assert any("© OpenStreetMap contributors, ODbL 1.0" in q["titel"] for q in antwort["quellen"])

    mehrdeutig = rpc.ermitteln(plz="17337")
    assert len(mehrdeutig["kandidaten"]) == 3 and mehrdeutig["rueckfrage"]["art"] == "ort"
    assert rpc.ermitteln(plz="17337", ort="uckerland")["eindeutig"] is True
    assert rpc.ermitteln(ort="Frankfurt")["rueckfrage"]["optionen"] == [
        "Frankfurt (Oder)",
        "Frankfurt am Main",
    ]
    assert rpc.ermitteln(plz="10115")["rueckfrage"]["art"] == "bezirk"
    assert [t["ort"] for t in rpc.orte(text="Frankf")] == ["Frankfurt (Oder)", "Frankfurt am Main"]
    hanau = rpc.jobcenter(jobcenter_id="43106")
    assert hanau["kanal"] == "jobcenter.digital" and hanau["url"] == "https://jobcenter.digital"
    assert hanau["kontakt"]["telefon"] == "069 90009 102"
    dueren = rpc.jobcenter(jobcenter_id="31118")["kontakt"]  # a zkT without contact details
    assert dueren["bekannt"] is False and dueren["traeger"] == "Düren"
    frankfurt = rpc.jobcenter(jobcenter_id="41920")["kontakt"]  # a gE without them
    assert frankfurt["bekannt"] is False and frankfurt["website"] == "https://jobcenter.digital"
    assert rpc.stand().startswith(antwort["datenstand"] + "+zkt@")
    assert rpc.stand().endswith(
        "+kontakte@" + kontaktdatei.pruefsumme(kontaktdatei.inhalt(BEISPIEL_KONTAKTE))[:12]
    )


@pytest.mark.parametrize(
    ("aufruf", "exc_type", "code"),
    [
        ({"plz": "12a45"}, "UngueltigeEingabe", "plz_ungueltig"),
        ({"plz": ""}, "UngueltigeEingabe", "eingabe_fehlt"),
        ({"plz": "9" * 5000}, "UngueltigeEingabe", "eingabe_zu_lang"),
        ({"plz": "00000"}, "PlzUnbekannt", "plz_unbekannt"),
        ({"ort": "Xyzzyqwertz"}, "OrtUnbekannt", "ort_unbekannt"),
    ],
)
def test_rpc_errors_carry_type_and_code(rpc, aufruf, exc_type, code):
    with pytest.raises(RemoteError) as raised:
        rpc.ermitteln(**aufruf)
    assert (raised.value.exc_type, raised.value.value) == (exc_type, code)


def test_antrag_angelegt_yields_one_zustaendigkeit_ermittelt_even_when_sent_twice(
    dienst, empfaenger, senden
):
    angelegt = antrag_angelegt({"plz": "88400", "ort": "Biberach an der Riß", "strasse": STRASSE})
    antrag_id = angelegt.payload["antrag_id"]
    senden(angelegt)
    senden(angelegt)  # redelivered: same event id
    erhalten = empfaenger.envelopes_fuer(antrag_id, mindestens=1, warten=10.0)
    # Once the copy was skipped, both were handled; a second event could only follow now.
    assert wait_until(lambda: '"duplicate_skipped"' in dienst.log())
    erhalten += empfaenger.envelopes_fuer(antrag_id, mindestens=0, warten=0.5)
    [ermittelt] = erhalten
    assert (
        ermittelt.event_type == "ZustaendigkeitErmittelt" and ermittelt.producer == "zustaendigkeit"
    )
    assert ermittelt.stream_id == f"zustaendigkeit-{antrag_id}"
    assert ermittelt.correlation_id == angelegt.correlation_id
    assert ermittelt.causation_id == angelegt.event_id
    assert REGISTRY.get("ZustaendigkeitErmittelt", 1).validate(ermittelt.payload) == {}
    assert ermittelt.payload["eindeutig"] is True
    assert ermittelt.payload["ags"] == "08426021"
    assert ermittelt.payload["jobcenter"]["kanal"] == "sozialplattform"
    assert ermittelt.payload["datenstand"].startswith("einglmv2026+plz-osm+gv2020q4@")

    log = dienst.log()
    assert STRASSE not in log and "Biberach an der Riß" not in log
    zeilen = [orjson.loads(z) for z in log.splitlines() if z.startswith("{")]
    assert [z["event_id"] for z in zeilen if z.get("event") == "duplicate_skipped"] == [
        angelegt.event_id
    ]


def test_an_ambiguous_place_yields_an_event_that_says_so(dienst, empfaenger, senden):
    angelegt = antrag_angelegt({"plz": "17337", "ort": "Teschendorf"})
    senden(angelegt)
    [ermittelt] = empfaenger.envelopes_fuer(
        angelegt.payload["antrag_id"], mindestens=1, warten=10.0
    )
    assert ermittelt.payload["eindeutig"] is False
    assert "jobcenter" not in ermittelt.payload
    assert len(ermittelt.payload["kandidaten"]) == 3


def test_the_service_is_ready_with_its_directory(dienst):
    import json
    import urllib.request

    with urllib.request.urlopen(f"{dienst.url}/health/ready", timeout=5) as response:
        checks = json.loads(response.read())["checks"]
    assert checks["verzeichnis"] is True and all(checks.values())
    assert Path(dienst.env["SOZ_DATA_DIR"], "zustaendigkeit.db").is_file()
