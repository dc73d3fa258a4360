"""The outbox relay against a real RabbitMQ."""

from __future__ import annotations

import threading
import time

import orjson
import pytest
from kernel_test_support import Konto

from kernel.amqp_publisher import ConfirmingPublisher
from kernel.envelope import Envelope
from kernel.eventstore import NewEvent
from kernel.outbox import OutboxRelay, exchange_name


def konto_eroeffnet(konto_id: str) -> NewEvent:
    return NewEvent(
        "KontoEroeffnet",
        {"konto_id": konto_id, "inhaber_id": "p1", "vorname": "Erika", "nachname": "M"},
    )


@pytest.fixture
def relay(app, amqp_uri):
    relay = OutboxRelay(app.store, ConfirmingPublisher(amqp_uri), idle_wait=60)
    yield relay
    relay.stop()
    relay.publisher.close()


def test_relay_publishes_envelopes_in_stream_order_and_empties_the_outbox(app, relay, listen):
    received = listen(exchange_name(app.name))
    with app.unit_of_work(correlation_id="corr-1") as uow:
        konto = Konto.eroeffnen("k1", "p1", "Erika", "Mustermann")
        for betrag in (1, 2, 3):
            konto.einzahlen(betrag)
        uow.repository(Konto).add(konto)
        uow.commit()
    assert relay.publish_pending() == 4
    messages = received(expected=4)
    envelopes = [Envelope.from_json(m.body) for m in messages]
    assert [e.stream_version for e in envelopes] == [1, 2, 3, 4]
    assert [m.delivery_info["routing_key"] for m in messages][:2] == [
        "KontoEroeffnet",
        "BetragEingezahlt",
    ]
    assert {e.correlation_id for e in envelopes} == {"corr-1"}
    assert messages[0].properties["delivery_mode"] == 2
    assert messages[0].properties["message_id"] == envelopes[0].event_id
    assert relay.publish_pending() == 0


def test_relay_wakes_promptly_after_a_commit(app, relay, listen):
    received = listen(exchange_name(app.name))
    worker = threading.Thread(target=relay.run, daemon=True)
    worker.start()
    time.sleep(0.3)  # the relay is idle now, waiting up to 60 s
    with app.unit_of_work() as uow:
        uow.append("konto-k1", 0, [konto_eroeffnet("k1")])
        uow.commit()
    assert len(received(expected=1, timeout=5)) == 1
    relay.stop()
    worker.join(timeout=5)


def test_nothing_is_lost_while_the_broker_is_unreachable(app, listen, amqp_uri):
    broken = OutboxRelay(app.store, ConfirmingPublisher("pyamqp://guest:guest@127.0.0.1:1/"))
    with app.unit_of_work() as uow:
        uow.append("konto-k1", 0, [konto_eroeffnet("k1")])
        uow.commit()
    with pytest.raises(Exception):  # noqa: B017 - any failure will do; the row must stay
        broken.publish_pending()
    received = listen(exchange_name(app.name))
    assert OutboxRelay(app.store, ConfirmingPublisher(amqp_uri)).publish_pending() == 1
    assert len(received(expected=1)) == 1


def test_a_transaction_committing_late_with_an_earlier_id_is_not_skipped(
    app, relay, listen, backend
):
    """The known trap: ids are handed out before commit, so a transaction can commit late
    with a smaller id than rows already published. The relay still sends it."""
    if backend == "sqlite":
        pytest.skip("SQLite has a single writer: no transaction can commit late")
    received = listen(exchange_name(app.name))

    late = app.database.engine.connect()
    late_tx = late.begin()
    [late_event] = app.store.append(
        late, "konto-late", 0, [konto_eroeffnet("late")], correlation_id="c"
    )
    with app.database.write() as early:
        [early_event] = app.store.append(
            early, "konto-early", 0, [konto_eroeffnet("early")], correlation_id="c"
        )
    assert late_event.position < early_event.position

    assert relay.publish_pending() == 1
    late_tx.commit()
    late.close()
    assert relay.publish_pending() == 1
    streams = sorted(Envelope.from_json(m.body).stream_id for m in received(expected=2))
    assert streams == ["konto-early", "konto-late"]


def test_read_all_never_passes_over_a_late_commit(app, backend):
    """A reader that goes on from its last checkpoint sees every event exactly once, even when
    a transaction with a smaller position commits after a larger one was read."""
    if backend == "sqlite":
        pytest.skip("SQLite has a single writer: no transaction can commit late")
    late = app.database.engine.connect()
    late_tx = late.begin()
    app.store.append(late, "konto-late", 0, [konto_eroeffnet("late")], correlation_id="c")
    with app.database.write() as early:
        app.store.append(early, "konto-early", 0, [konto_eroeffnet("early")], correlation_id="c")

    seen = list(app.store.read_all())
    assert seen == []  # the early commit waits behind the transaction still in flight
    late_tx.commit()
    late.close()
    with app.database.write() as after:
        app.store.append(after, "konto-after", 0, [konto_eroeffnet("after")], correlation_id="c")

    checkpoint = seen[-1].checkpoint if seen else None
    rest = list(app.store.read_all(after=checkpoint) if checkpoint else app.store.read_all())
    streams = [e.stream_id for e in seen + rest]
    assert sorted(streams) == ["konto-after", "konto-early", "konto-late"]
    assert [e.checkpoint for e in rest] == sorted(e.checkpoint for e in rest)


def test_a_reader_going_on_from_checkpoints_misses_nothing(app, backend):
    """Writers commit in an order unlike their positions while a reader polls; the reader's
    events, read on from each checkpoint, are exactly all events once."""
    if backend == "sqlite":
        pytest.skip("SQLite has a single writer")
    open_transactions = []
    for index in range(6):
        connection = app.database.engine.connect()
        transaction = connection.begin()
        app.store.append(
            connection, f"konto-{index}", 0, [konto_eroeffnet(str(index))], correlation_id="c"
        )
        open_transactions.append((connection, transaction))
    read: list = []
    for connection, transaction in [open_transactions[i] for i in (3, 0, 5, 1, 4, 2)]:
        transaction.commit()
        connection.close()
        after = read[-1].checkpoint if read else None
        read.extend(app.store.read_all(after=after) if after else app.store.read_all())
    assert sorted(e.stream_id for e in read) == [f"konto-{i}" for i in range(6)]
    assert len({e.event_id for e in read}) == 6


def test_published_body_is_the_exact_envelope(app, relay, listen):
    received = listen(exchange_name(app.name))
    with app.unit_of_work(correlation_id="c-9", causation_id="cause-1") as uow:
        uow.append("konto-k1", 0, [konto_eroeffnet("k1")])
        uow.commit()
    relay.publish_pending()
    [message] = received(expected=1)
    body = orjson.loads(message.body)
    assert sorted(body) == sorted(
        [
            "event_id",
            "event_type",
            "schema_version",
            "occurred_at",
            "producer",
            "stream_id",
            "stream_version",
            "correlation_id",
            "causation_id",
            "payload",
        ]
    )
    assert body["causation_id"] == "cause-1" and body["occurred_at"].endswith("Z")


def test_a_transaction_in_another_database_does_not_hold_readers_back(
    app, backend, postgres_server_url
):
    if backend == "sqlite":
        pytest.skip("PostgreSQL only")
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    other = create_engine(make_url(postgres_server_url).set(database="postgres"))
    with other.connect() as connection:
        connection.execute(text("SELECT pg_current_xact_id()"))  # holds a transaction id
        with app.unit_of_work() as uow:
            uow.append("konto-k1", 0, [konto_eroeffnet("k1")])
            uow.commit()
        assert [e.stream_id for e in app.store.read_all()] == ["konto-k1"]
        connection.rollback()
    other.dispose()
