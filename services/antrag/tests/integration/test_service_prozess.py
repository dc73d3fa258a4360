"""The service as `make run` runs it: a real `nameko run` process on RabbitMQ. A person creates,
fills and submits an application by RPC (their id in the context data, as the gateway sends
it), the Jobcenter arrives as a ZustaendigkeitErmittelt on zustaendigkeit.events, and the
AntragEingereicht leaves on antrag.events. Another person's guesses find nothing."""

from __future__ import annotations

import base64
import shutil
import subprocess
import time
import uuid
import warnings
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from antrag_testhilfen import (
    EINSTIEGSGELD_VOLLSTAENDIG,
    WOHNORT,
    antrag_prozess,
    zustaendigkeit_ermittelt,
)
from kombu import Connection, Exchange, Queue

from contracts.registry import REGISTRY
from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage
from kernel.envelope import Envelope
from kernel.nameko.rpc import rpc_publish_options
from kernel.testing import ServiceProcess

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)  # eventlet, docs/adr/0001
    from nameko.exceptions import RemoteError
    from nameko.standalone.rpc import ClusterRpcClient

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow]


@pytest.fixture(scope="module")
def amqp_uri() -> Iterator[str]:
    """A virtual host of its own when rabbitmqctl is at hand: the service's queues
    (antrag.on_zustaendigkeit_ermittelt, ...) are then not shared with another run on the same
    broker, which would take messages meant for this one."""
    from antrag_testhilfen import AMQP_URI_BASIS

    vhost = f"antrag-test-{uuid.uuid4().hex[:8]}"
    ctl = shutil.which("rabbitmqctl")

    def ctl_run(*args: str) -> bool:
        return (
            ctl is not None
            and subprocess.run([ctl, *args], capture_output=True, timeout=60).returncode == 0
        )

    if ctl_run("add_vhost", vhost) and ctl_run(
        "set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"
    ):
        yield f"{AMQP_URI_BASIS.rstrip('/')}/{vhost}"
        ctl_run("delete_vhost", vhost)
    else:
        yield AMQP_URI_BASIS


@pytest.fixture(scope="module")
def dienst(tmp_path_factory: pytest.TempPathFactory, amqp_uri: str) -> Iterator[ServiceProcess]:
    with antrag_prozess(tmp_path_factory.mktemp("antrag"), amqp_uri) as prozess:
        yield prozess


@pytest.fixture(scope="module")
def bus(dienst: ServiceProcess, amqp_uri: str) -> Iterator[Queue]:  # noqa: ARG001
    """A fresh queue on antrag.events (every event type), declared before anything is sent."""
    connection = Connection(amqp_uri)
    channel = connection.channel()
    exchange = Exchange("antrag.events", "topic", durable=True, auto_delete=False)
    queue = Queue(f"test-antrag-{uuid.uuid4().hex[:8]}", exchange, routing_key="#", exclusive=True)(
        channel
    )
    queue.declare()
    yield queue
    connection.release()


def rpc_fuer(amqp_uri: str, person_id: str | None, **weitere: str) -> ClusterRpcClient:
    """As the gateway calls: the person in the context data, published with the gateway's
    broker user (guest here, the default SOZ_GATEWAY_BROKER_USER; docs/adr/0074)."""
    context = {"person_id": person_id, **weitere} if person_id else {}
    return ClusterRpcClient(
        context_data=context, timeout=15, uri=amqp_uri, **rpc_publish_options(amqp_uri)
    )


GESEHEN: set[str] = set()


def auf_dem_bus(queue: Queue, antrag_id: str, event_type: str, warten: float = 15.0) -> Envelope:
    deadline = time.monotonic() + warten
    while time.monotonic() < deadline:
        message = queue.get(no_ack=True)
        if message is None:
            time.sleep(0.05)
            continue
        envelope = Envelope.from_json(message.body)
        GESEHEN.add(envelope.event_type)
        if envelope.event_type == event_type and envelope.payload.get("antrag_id") == antrag_id:
            return envelope
    raise AssertionError(f"no {event_type} for the application within {warten} s")


def test_create_fill_submit_over_rpc_and_see_the_event_on_the_bus(dienst, bus, amqp_uri):
    person = str(uuid.uuid4())
    with rpc_fuer(amqp_uri, person) as client:
        antrag = client.antrag
        assert antrag.formular("einstiegsgeld", "ls")["titel"] == "Antrag auf Einstiegs·geld"
        antrag_id = antrag.anlegen("einstiegsgeld", WOHNORT)["id"]
        angelegt = auf_dem_bus(bus, antrag_id, "AntragAngelegt")
        assert angelegt.payload["person_id"] == person and angelegt.payload["wohnort"] == WOHNORT

        publisher = ConfirmingPublisher(amqp_uri)
        ermittelt = zustaendigkeit_ermittelt(antrag_id)
        publisher.publish(
            [
                OutgoingMessage(
                    exchange="zustaendigkeit.events",
                    routing_key="ZustaendigkeitErmittelt",
                    body=ermittelt.to_json(),
                    message_id=ermittelt.event_id,
                )
            ]
        )
        publisher.close()

        for abschnitt, daten in EINSTIEGSGELD_VOLLSTAENDIG.items():
            assert antrag.speichern(antrag_id, abschnitt, daten)["abschnitt"] == abschnitt
        deadline = time.monotonic() + 15
        while antrag.antrag(antrag_id)["jobcenter"] is None and time.monotonic() < deadline:
            time.sleep(0.1)

        eingereicht = antrag.einreichen(antrag_id)
        assert eingereicht["status"] == "eingereicht"
        envelope = auf_dem_bus(bus, antrag_id, "AntragEingereicht")
        assert REGISTRY.get("AntragEingereicht", 1).validate(envelope.payload) == {}
        assert (
            envelope.payload["person_id"] == person and envelope.payload["jobcenter_id"] == "68410"
        )
        assert envelope.payload["antrag"]["abschnitte"]["antragsteller"]["nachname"] == "Mustermann"
        assert envelope.correlation_id  # one per citizen action, carried on

        with pytest.raises(RemoteError) as fehler:
            antrag.einreichen(antrag_id)
        assert fehler.value.exc_type == "Konflikt"
        assert orjson.loads(fehler.value.value)["code"] == "bereits_eingereicht"

        quittung = antrag.quittung(antrag_id)
        assert base64.b64decode(quittung["inhalt"]).startswith(b"%PDF-")
        assert [a["id"] for a in antrag.meine_antraege()] == [antrag_id]

    with rpc_fuer(amqp_uri, str(uuid.uuid4())) as fremd:
        for aufruf in (
            lambda: fremd.antrag.antrag(antrag_id),
            lambda: fremd.antrag.quittung(antrag_id),
            lambda: fremd.antrag.speichern(antrag_id, "antragsteller", {"vorname": "X"}),
            lambda: fremd.antrag.antrag(str(uuid.uuid4())),
        ):
            with pytest.raises(RemoteError) as fehler:
                aufruf()
            assert (fehler.value.exc_type, fehler.value.value) == (
                "NichtGefunden",
                '{"code":"antrag_nicht_gefunden"}',
            )
        assert fremd.antrag.meine_antraege() == []

    with rpc_fuer(amqp_uri, person, language="en") as englisch:
        with pytest.raises(RemoteError) as fehler:
            englisch.antrag.anlegen("einstiegsgeld", {"plz": "1"})
        assert fehler.value.exc_type == "EingabeUngueltig"
        felder = orjson.loads(fehler.value.value)["felder"]
        assert felder[0]["meldung"] == "A postcode has exactly five digits."

    with rpc_fuer(amqp_uri, None) as niemand, pytest.raises(RemoteError) as fehler:
        niemand.antrag.meine_antraege()
    assert fehler.value.exc_type == "NichtAngemeldet"

    # internal events (AbschnittGespeichert, ZustaendigkeitVermerkt, ...) stay off the bus
    assert {"AntragAngelegt", "AntragEingereicht"} >= GESEHEN

    log = dienst.log()
    assert "Mustermann" not in log and "DE02120300000000202051" not in log
    assert Path(dienst.env["SOZ_DATA_DIR"], "antrag.db").is_file()
