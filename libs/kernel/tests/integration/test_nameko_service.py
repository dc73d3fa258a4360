"""The kernel's nameko edge in a real `nameko run` process against real RabbitMQ: idempotent
consumption, retries with back-off, the parking queue and its re-drive, poison messages,
correlation in logs, no personal data in logs, and the outbox of the consuming service."""

from __future__ import annotations

import dataclasses
import json
import time
import uuid
from pathlib import Path

import orjson
import pytest
from sqlalchemy import create_engine, text

from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage
from kernel.dead_letters import DeadLetters, parking_queue_name
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.testing import ServiceProcess

HERE = Path(__file__).parent


class Probe:
    def __init__(self, tmp_path: Path, amqp_uri: str) -> None:
        suffix = uuid.uuid4().hex[:8]
        self.name = f"kernelprobe-{suffix}"
        self.source = f"probe-source-{suffix}"
        self.amqp_uri = amqp_uri
        self.data_dir = tmp_path / "var"
        self.block_dir = tmp_path / "blocked"
        self.block_dir.mkdir()
        self.service = ServiceProcess(
            "kernel_probe_service:ProbeService",
            cwd=HERE,
            amqp_uri=amqp_uri,
            log_path=tmp_path / "probe.log",
            env={
                "PROBE_SERVICE_NAME": self.name,
                "PROBE_SOURCE": self.source,
                "PROBE_BLOCK_DIR": str(self.block_dir),
                "PROBE_RETRY_DELAYS": "0.2,0.3",
                "SOZ_DATA_DIR": str(self.data_dir),
                "PYTHONPATH": str(HERE),
            },
        )
        self.log_path = self.service.log_path
        self.publisher = ConfirmingPublisher(amqp_uri)

    def start(self) -> None:
        self.service.start()

    def ready(self) -> bool:
        return self.service.ready()

    def stop(self) -> None:
        self.service.stop()
        self.publisher.close()

    def envelope(self, key: str, name: str = "Erika Mustermann", **override) -> Envelope:
        fields = dict(
            event_id=new_id(),
            event_type="ProbeHappened",
            schema_version=1,
            occurred_at=utc_now_rfc3339(),
            producer=self.source,
            stream_id=f"probe-{key}",
            stream_version=1,
            correlation_id=new_id(),
            causation_id=None,
            payload={"key": key, "person_id": "person-1", "name": name},
        )
        fields.update(override)
        return Envelope(**fields)

    def send(self, body: bytes, message_id: str | None = None, content_type="application/json"):
        self.publisher.publish(
            [
                OutgoingMessage(
                    exchange=f"{self.source}.events",
                    routing_key="ProbeHappened",
                    body=body,
                    message_id=message_id or new_id(),
                    content_type=content_type,
                )
            ]
        )

    def tally(self, key: str) -> int:
        db = self.data_dir / f"{self.name.replace('-', '_')}.db"
        engine = create_engine(f"sqlite:///{db}")
        try:
            with engine.connect() as connection:
                row = connection.execute(
                    text("SELECT n FROM tally WHERE key = :k"), {"k": key}
                ).first()
                return row.n if row else 0
        finally:
            engine.dispose()

    def kanaele(self, key: str) -> list[str]:
        """The channel of each ProbeCounted of a key, as the handler saw its ProbeHappened."""
        db = self.data_dir / f"{self.name.replace('-', '_')}.db"
        engine = create_engine(f"sqlite:///{db}")
        try:
            with engine.connect() as connection:
                rows = connection.execute(
                    text("SELECT payload FROM events WHERE event_type = 'ProbeCounted'")
                ).all()
        finally:
            engine.dispose()
        payloads = [json.loads(row.payload) for row in rows]
        return sorted(p["kanal"] for p in payloads if p["key"] == key)

    def wait_for(self, predicate, timeout: float = 15.0) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return True
            time.sleep(0.1)
        return False

    def parked(self):
        return DeadLetters(self.amqp_uri, self.name).list()

    def log_lines(self) -> list[dict]:
        lines = []
        for line in self.log_path.read_text().splitlines():
            try:
                lines.append(json.loads(line))
            except ValueError:
                lines.append({"unparsed": line})
        return lines


@pytest.fixture
def probe(tmp_path, amqp_uri):
    instance = Probe(tmp_path, amqp_uri)
    instance.start()
    yield instance
    instance.stop()
    from kombu import Connection

    with Connection(amqp_uri) as connection:
        channel = connection.channel()
        queue = f"{instance.name}.on_probe_happened"
        for name in (
            queue,
            f"{queue}.retry.0",
            f"{queue}.retry.1",
            parking_queue_name(instance.name),
        ):
            channel.queue_delete(name)
        channel.exchange_delete(f"{instance.source}.events")
        channel.exchange_delete(f"{instance.name}.events")


def test_a_duplicated_event_is_applied_once(probe):
    envelope = probe.envelope("dup")
    probe.send(envelope.to_json(), envelope.event_id)
    probe.send(envelope.to_json(), envelope.event_id)
    assert probe.wait_for(lambda: probe.tally("dup") == 1)
    other = probe.envelope("dup")
    probe.send(other.to_json(), other.event_id)
    assert probe.wait_for(lambda: probe.tally("dup") == 2)
    time.sleep(0.5)
    assert probe.tally("dup") == 2
    duplicates = [line for line in probe.log_lines() if line.get("event") == "duplicate_skipped"]
    assert [line["event_id"] for line in duplicates] == [envelope.event_id]


def test_an_event_of_an_older_schema_version_reaches_the_handler_upcast(probe):
    alt = probe.envelope("versionen")
    neu = probe.envelope("versionen", schema_version=2)
    neu = dataclasses.replace(neu, payload={**neu.payload, "kanal": "app"})
    probe.send(alt.to_json(), alt.event_id)
    probe.send(neu.to_json(), neu.event_id)
    assert probe.wait_for(lambda: probe.tally("versionen") == 2)
    assert probe.kanaele("versionen") == ["app", "v1"]
    # a v2 without its new field does not match v2's schema: parked as malformed, not upcast
    kaputt = probe.envelope("versionen", schema_version=2)
    probe.send(kaputt.to_json(), kaputt.event_id)
    assert probe.wait_for(lambda: len(probe.parked()) == 1)
    assert probe.parked()[0].reason == "malformed"
    assert probe.tally("versionen") == 2


def test_poison_messages_are_parked_at_once_and_the_service_goes_on(probe):
    probe.send(b"{not json", "poison-1")
    probe.send(orjson.dumps({"event_type": "ProbeHappened"}), "poison-2")
    wrong = probe.envelope("wrong", payload={"key": 7, "person_id": "p", "name": "x", "extra": 1})
    probe.send(wrong.to_json(), "poison-3")
    probe.send(b"\x80\x81 binary", "poison-4", content_type="application/x-unknown")
    assert probe.wait_for(lambda: len(probe.parked()) == 4)
    parked = {p.message_id: p for p in probe.parked()}
    assert set(parked) == {"poison-1", "poison-2", "poison-3", "poison-4"}
    assert {p.reason for p in parked.values()} == {"malformed"}
    assert "stream_id" in parked["poison-2"].error  # says what is missing
    good = probe.envelope("after-poison")
    probe.send(good.to_json(), good.event_id)
    assert probe.wait_for(lambda: probe.tally("after-poison") == 1)
    assert probe.ready() and probe.service.alive()


def test_a_failing_handler_is_retried_then_parked_then_redriven(probe):
    (probe.block_dir / "blocked").touch()
    envelope = probe.envelope("blocked")
    probe.send(envelope.to_json(), envelope.event_id)
    assert probe.wait_for(lambda: len(probe.parked()) == 1)
    [parked] = probe.parked()
    assert parked.reason == "retries_exhausted" and parked.attempts == 2
    assert parked.error_type == "RuntimeError" and "Erika" not in parked.error
    assert probe.tally("blocked") == 0
    retries = [
        line for line in probe.log_lines() if line.get("event") == "handler_failed_will_retry"
    ]
    assert [line["attempt"] for line in retries] == [1, 2]

    (probe.block_dir / "blocked").unlink()
    assert DeadLetters(probe.amqp_uri, probe.name).redrive(envelope.event_id) == 1
    assert probe.wait_for(lambda: probe.tally("blocked") == 1)
    assert probe.parked() == []


def test_a_permanent_failure_is_parked_without_retries(probe):
    envelope = probe.envelope("permanent-1")
    probe.send(envelope.to_json(), envelope.event_id)
    assert probe.wait_for(lambda: len(probe.parked()) == 1)
    assert probe.parked()[0].reason == "permanent_failure"
    assert not [
        line for line in probe.log_lines() if line.get("event") == "handler_failed_will_retry"
    ]


def test_correlation_travels_into_logs_store_and_outbox_without_personal_data(probe, listen):
    received = listen(f"{probe.name}.events")
    (probe.block_dir / "corr").touch()
    envelope = probe.envelope("corr", name="Erika Mustermann")
    probe.send(envelope.to_json(), envelope.event_id)
    assert probe.wait_for(lambda: len(probe.parked()) == 1)
    (probe.block_dir / "corr").unlink()
    DeadLetters(probe.amqp_uri, probe.name).redrive()
    assert probe.wait_for(lambda: probe.tally("corr") == 1)

    [message] = received(expected=1)
    published = Envelope.from_json(message.body)
    assert published.correlation_id == envelope.correlation_id
    assert published.causation_id == envelope.event_id
    assert published.payload["name"] == "Erika Mustermann"  # on the bus, for consumers

    lines = probe.log_lines()
    failures = [line for line in lines if line.get("event") == "handler_failed_will_retry"]
    assert failures and all(line["correlation_id"] == envelope.correlation_id for line in failures)
    log_text = probe.log_path.read_text()
    assert "Erika" not in log_text and "Mustermann" not in log_text


def test_sigterm_stops_the_service_gracefully(probe):
    """Kubernetes stops pods with SIGTERM: the service stops cleanly (exit status 0)."""
    import signal
    import subprocess

    process = probe.service.process
    process.send_signal(signal.SIGTERM)
    try:
        assert process.wait(10) == 0
    except subprocess.TimeoutExpired:
        raise AssertionError("the service did not stop within 10 s of SIGTERM") from None


def test_sigint_stops_the_service_also_when_the_test_run_ignores_it(probe):
    """A test run started in the background by a shell without job control has SIGINT
    ignored, and its children would inherit that: ``stop`` then waited its whole time-out and
    killed each service (a clean-clone run took twice as long). ``start`` puts Python's handler
    back in the run, so the child gets SIGINT as usual."""
    import signal
    import time

    probe.service.stop()
    vorher = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        probe.service.start()
    finally:
        signal.signal(signal.SIGINT, vorher)
    beginn = time.monotonic()
    probe.service.stop(timeout=10)
    assert probe.service.process.returncode == 0, "stopped by SIGINT, not killed"
    assert time.monotonic() - beginn < 5


def test_rpc_carries_correlation_and_person_into_the_worker_and_its_logs(probe):
    from nameko.standalone.rpc import ClusterRpcClient

    from kernel.nameko.rpc import rpc_publish_options

    context = {"correlation_id": "corr-rpc-1", "person_id": "person-42"}
    as_gateway = rpc_publish_options(probe.amqp_uri)  # guest: the default gateway user
    with ClusterRpcClient(
        context_data=context, uri=probe.amqp_uri, timeout=10, **as_gateway
    ) as client:
        seen = getattr(client, probe.name).who()
    assert seen["correlation_id"] == "corr-rpc-1" and seen["person_id"] == "person-42"
    assert seen["broker_user"] == "guest"
    [line] = [line for line in probe.log_lines() if line.get("event") == "who_called"]
    assert line["correlation_id"] == "corr-rpc-1"


def test_rpc_without_correlation_gets_a_fresh_one(probe):
    from nameko.standalone.rpc import ClusterRpcClient

    with ClusterRpcClient(uri=probe.amqp_uri, timeout=10) as client:
        first = getattr(client, probe.name).who()
        second = getattr(client, probe.name).who()
    assert first["correlation_id"] and first["correlation_id"] != second["correlation_id"]
    assert first["person_id"] is None


def test_rpc_replies_are_transient_messages(probe):
    """kernel.nameko.rpc answers in memory-only messages (docs/adr/0023); nameko's own
    entrypoint would send them persistent."""
    from kombu import Connection, Exchange, Producer, Queue

    rpc_exchange = Exchange("nameko-rpc", type="topic", durable=True)
    name = f"antworten-{uuid.uuid4().hex[:8]}"  # replies are routed by the exchange, as nameko's
    antworten = Queue(name, rpc_exchange, routing_key=name, exclusive=True, auto_delete=True)
    with Connection(probe.amqp_uri) as connection:
        antworten(connection.default_channel).declare()
        Producer(connection.default_channel).publish(
            {"args": [], "kwargs": {}},
            exchange=rpc_exchange,
            routing_key=f"{probe.name}.who",
            reply_to=antworten.name,
            correlation_id="antwort-1",
            serializer="json",
        )
        deadline = time.monotonic() + 10
        antwort = None
        while antwort is None and time.monotonic() < deadline:
            antwort = antworten(connection.default_channel).get(no_ack=True)
            time.sleep(0.05)
    assert antwort is not None, "no reply within 10 s"
    assert antwort.properties["correlation_id"] == "antwort-1"
    assert antwort.properties.get("delivery_mode") == 1
    assert antwort.payload["error"] is None and antwort.payload["result"]["person_id"] is None
