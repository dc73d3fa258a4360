"""Only the gateway speaks for a person, and each service has its own broker user with the
least permissions (docs/adr/0074, 0075). A throw-away virtual host with users made by
``kernel.nameko.broker_users`` as `make run` makes them; the probe service runs as its own user
in a real `nameko run` process. Callers are plain AMQP clients publishing RPC requests exactly
as nameko does (headers ``nameko.<key>``, reply key a UUID), so what a forger could send is
sent."""

from __future__ import annotations

import stat
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import amqp.exceptions
import pytest
from kombu import Connection, Exchange, Producer, Queue

from kernel.nameko.broker_users import BrokerGrant, BrokerUsers
from kernel.testing import ServiceProcess

pytestmark = [pytest.mark.rabbitmq, pytest.mark.slow]

HERE = Path(__file__).parent
RPC_EXCHANGE = Exchange("nameko-rpc", type="topic", durable=True)


class Broker:
    def __init__(self, secrets: Path) -> None:
        suffix = uuid.uuid4().hex[:8]
        self.probe = f"kernelprobe-{suffix}"
        self.source = f"probe-source-{suffix}"
        self.users = BrokerUsers(f"broker-users-{suffix}", secrets, user_prefix=f"t{suffix}-")
        self.grants = [
            BrokerGrant("gateway", calls=("*",)),
            BrokerGrant(self.probe, consumes=(self.source,)),
            # another service that may call the probe, as the xta-gateway calls antrag
            BrokerGrant("zustaendigkeit", calls=(self.probe,)),
        ]
        self.uris = self.users.ensure(self.grants)
        self.gateway_user = self.users.user("gateway")


@pytest.fixture(scope="module")
def broker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Broker]:
    instance = Broker(tmp_path_factory.mktemp("broker") / "secrets")
    yield instance
    instance.users.delete(grant.service for grant in instance.grants)


@pytest.fixture(scope="module")
def probe(broker: Broker, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    folder = tmp_path_factory.mktemp("probe")
    service = ServiceProcess(
        "kernel_probe_service:ProbeService",
        cwd=HERE,
        amqp_uri=broker.uris[broker.probe],
        log_path=folder / "probe.log",
        env={
            "PROBE_SERVICE_NAME": broker.probe,
            "PROBE_SOURCE": broker.source,
            "SOZ_DATA_DIR": str(folder / "var"),
            "SOZ_GATEWAY_BROKER_USER": broker.gateway_user,
            "PYTHONPATH": str(HERE),
        },
    )
    service.start()
    yield service
    service.stop()


def confirming(uri: str) -> Connection:
    """A connection whose publish waits for the broker's answer (so a refusal is raised)."""
    return Connection(uri, transport_options={"confirm_publish": True})


def call(uri: str, service: str, method: str, headers: dict, **properties: str) -> dict:
    """One RPC request as nameko publishes it, from the user of ``uri``; the reply's payload."""
    caller = Connection(uri).userid.rsplit("-", 1)[-1]
    reply_key = str(uuid.uuid4())
    replies = Queue(
        f"rpc.reply-{caller}-{reply_key}", RPC_EXCHANGE, routing_key=reply_key, exclusive=True
    )
    with Connection(uri) as connection:
        channel = connection.channel()
        replies(channel).declare()
        Producer(channel).publish(
            {"args": [], "kwargs": {}},
            exchange=RPC_EXCHANGE,
            routing_key=f"{service}.{method}",
            reply_to=reply_key,
            correlation_id=reply_key,
            headers=headers,
            serializer="json",
            **properties,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            reply = replies(channel).get(no_ack=True)
            if reply is not None:
                assert reply.payload["error"] is None, reply.payload["error"]
                return reply.payload["result"]
            time.sleep(0.05)
    raise AssertionError(f"no reply from {service}.{method} within 15 s")


def test_the_gateway_speaks_for_a_person(broker, probe):
    seen = call(
        broker.uris["gateway"],
        broker.probe,
        "who",
        {"nameko.person_id": "person-42", "nameko.correlation_id": "corr-1"},
        user_id=broker.gateway_user,
    )
    assert seen["person_id"] == "person-42" and seen["broker_user"] == broker.gateway_user


def test_another_service_claiming_a_person_acts_for_no_one(broker, probe):
    intruder = broker.users.user("zustaendigkeit")
    seen = call(
        broker.uris["zustaendigkeit"],
        broker.probe,
        "who",
        # the forged claim, and a forged caller in the context data as well
        {"nameko.person_id": "person-42", "nameko.broker_user": broker.gateway_user},
        user_id=intruder,
    )
    assert seen["person_id"] is None and seen["broker_user"] == intruder
    assert "person-42" not in probe.log()
    assert "person_ohne_gateway_verworfen" in probe.log()


def test_a_request_that_names_no_user_acts_for_no_one(broker, probe):
    seen = call(
        broker.uris["zustaendigkeit"],
        broker.probe,
        "who",
        {"nameko.person_id": "person-42", "broker_user": broker.gateway_user},
    )
    assert seen["person_id"] is None and seen["broker_user"] is None


def test_the_broker_refuses_a_request_in_the_gateways_name(broker, probe):
    with confirming(broker.uris["zustaendigkeit"]) as connection:
        channel = connection.channel()
        with pytest.raises(amqp.exceptions.PreconditionFailed, match="user_id"):
            Producer(channel).publish(
                {"args": [], "kwargs": {}},
                exchange=RPC_EXCHANGE,
                routing_key=f"{broker.probe}.who",
                headers={"nameko.person_id": "person-42"},
                user_id=broker.gateway_user,
                serializer="json",
            )


def test_a_service_cannot_publish_where_its_permissions_end(broker, probe):
    forbidden = [
        # another service's events exchange: only its producer writes there
        ("gateway", f"{broker.probe}.events", "ProbeHappened"),
        ("zustaendigkeit", f"{broker.probe}.events", "ProbeHappened"),
        # an RPC it has no business with (topic permission on nameko-rpc)
        (broker.probe, "nameko-rpc", "zustaendigkeit.ermitteln"),
        ("zustaendigkeit", "nameko-rpc", "gateway.anmelden"),
    ]
    for service, exchange, routing_key in forbidden:
        with confirming(broker.uris[service]) as connection:
            channel = connection.channel()
            with pytest.raises(amqp.exceptions.AccessRefused):
                Producer(channel).publish(
                    {"payload": {}}, exchange=exchange, routing_key=routing_key, serializer="json"
                )


def test_a_service_cannot_read_another_services_rpc_queue(broker, probe):
    with Connection(broker.uris["zustaendigkeit"]) as connection:
        channel = connection.channel()
        with pytest.raises(amqp.exceptions.AccessRefused):
            channel.basic_get(f"rpc-{broker.probe}")


def test_guest_cannot_open_the_platforms_virtual_host(broker):
    address = broker.uris["gateway"].split("@", 1)[1]
    guest = Connection(f"pyamqp://guest:guest@{address}", connect_timeout=5)
    with pytest.raises(amqp.exceptions.AMQPError, match="access to vhost"), guest:
        guest.connect()


def test_ensure_again_changes_nothing_and_keeps_passwords_private(broker, monkeypatch):
    befehle: list[str] = []
    ctl = broker.users._ctl

    def recorded(*args: str, **kwargs: object):
        befehle.append(args[0])
        return ctl(*args, **kwargs)

    monkeypatch.setattr(broker.users, "_ctl", recorded)
    assert broker.users.ensure(broker.grants) == broker.uris
    nur_gelesen = {"list_vhosts", "list_users", "list_permissions", "list_topic_permissions"}
    assert set(befehle) == nur_gelesen
    for password in broker.users.secrets_dir.iterdir():
        assert stat.S_IMODE(password.stat().st_mode) == 0o600
    assert stat.S_IMODE(broker.users.secrets_dir.stat().st_mode) == 0o700
