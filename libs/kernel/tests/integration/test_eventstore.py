"""The event store's contract, run against SQLite and PostgreSQL alike (see conftest.backend)."""

from __future__ import annotations

import pytest
from kernel_test_support import Konto, LangesKonto
from sqlalchemy import select

from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.errors import ConcurrencyConflict, InvalidEvent, UnregisteredEvent
from kernel.eventstore import NewEvent
from kernel.tables import events, outbox


def eroeffnet(konto_id: str = "k1", inhaber: str = "p1", name: str = "Erika Mustermann"):
    vorname, nachname = name.split(" ")
    return NewEvent(
        "KontoEroeffnet",
        {"konto_id": konto_id, "inhaber_id": inhaber, "vorname": vorname, "nachname": nachname},
    )


def eingezahlt(konto_id: str = "k1", betrag: int = 100):
    return NewEvent("BetragEingezahlt", {"konto_id": konto_id, "betrag_cent": betrag})


def append(app, stream, expected, new_events, correlation_id="c-1"):
    with app.database.write() as connection:
        return app.store.append(
            connection, stream, expected, new_events, correlation_id=correlation_id
        )


def test_append_and_read_stream(app):
    recorded = append(app, "konto-k1", 0, [eroeffnet(), eingezahlt(), eingezahlt(betrag=5)])
    assert [e.stream_version for e in recorded] == [1, 2, 3]
    read = app.store.read_stream("konto-k1")
    assert [e.event_id for e in read] == [e.event_id for e in recorded]
    assert read[0].payload["vorname"] == "Erika"
    assert read[0].producer == app.name
    assert read[0].correlation_id == "c-1"
    assert app.store.stream_version("konto-k1") == 3
    envelope = read[1].envelope()
    assert envelope.stream_version == 2 and envelope.payload == {
        "konto_id": "k1",
        "betrag_cent": 100,
    }


def test_stale_expected_version_is_a_named_conflict_and_writes_nothing(app):
    append(app, "konto-k1", 0, [eroeffnet()])
    append(app, "konto-k1", 1, [eingezahlt()])
    with pytest.raises(ConcurrencyConflict) as raised:
        append(app, "konto-k1", 1, [eingezahlt(betrag=999)])
    assert raised.value.stream_id == "konto-k1"
    with pytest.raises(ConcurrencyConflict):
        append(app, "konto-k1", 0, [eroeffnet()])
    assert [e.payload.get("betrag_cent") for e in app.store.read_stream("konto-k1")] == [None, 100]


def test_expected_version_ahead_of_the_stream_is_refused(app):
    append(app, "konto-k1", 0, [eroeffnet()])
    with pytest.raises(ConcurrencyConflict):
        append(app, "konto-k1", 5, [eingezahlt()])
    assert app.store.stream_version("konto-k1") == 1


def test_two_units_of_work_on_one_aggregate_the_second_is_refused(app):
    with app.unit_of_work() as uow:
        uow.repository(Konto).add(Konto.eroeffnen("k1", "p1", "Erika", "Mustermann"))
        uow.commit()
    with app.unit_of_work() as first:
        konto = first.repository(Konto).get("k1")
        seen_version = konto.version
    with app.unit_of_work() as second:
        second.repository(Konto).get("k1").einzahlen(10)
        second.commit()
    with app.unit_of_work() as late, pytest.raises(ConcurrencyConflict):
        late.append("konto-k1", seen_version, [eingezahlt(betrag=20)])
    with app.unit_of_work() as uow:
        assert uow.repository(Konto).get("k1").saldo_cent == 10


def test_uncommitted_unit_of_work_leaves_nothing(app):
    with app.unit_of_work() as uow:
        uow.repository(Konto).add(Konto.eroeffnen("k1", "p1", "Erika", "Mustermann"))
    assert app.store.read_stream("konto-k1") == []
    with pytest.raises(RuntimeError), app.unit_of_work() as uow:
        uow.repository(Konto).add(Konto.eroeffnen("k2", "p1", "Erika", "Mustermann"))
        raise RuntimeError("handler failed")
    assert app.store.max_position() == 0


def test_read_all_in_global_order_from_a_position(app):
    append(app, "konto-a", 0, [eroeffnet("a"), eingezahlt("a")])
    append(app, "konto-b", 0, [eroeffnet("b")])
    append(app, "konto-a", 2, [eingezahlt("a", 7)])
    every = list(app.store.read_all(batch_size=2))
    assert [(e.stream_id, e.stream_version) for e in every] == [
        ("konto-a", 1),
        ("konto-a", 2),
        ("konto-b", 1),
        ("konto-a", 3),
    ]
    checkpoints = [e.checkpoint for e in every]
    assert checkpoints == sorted(checkpoints)
    after = list(app.store.read_all(after=every[1].checkpoint))
    assert [e.event_id for e in after] == [e.event_id for e in every[2:]]


def test_unregistered_and_invalid_events_are_refused_without_values(app):
    with pytest.raises(UnregisteredEvent):
        append(app, "x-1", 0, [NewEvent("GibtEsNicht", {"a": 1})])
    with pytest.raises(InvalidEvent) as raised:
        append(
            app,
            "konto-k1",
            0,
            [
                NewEvent(
                    "BetragEingezahlt",
                    {
                        "konto_id": "k1",
                        "betrag_cent": "Erika Mustermann",
                        "geheim": "Musterstraße 1",
                    },
                )
            ],
        )
    message = str(raised.value)
    assert "betrag_cent" in message and "geheim" in message
    assert "Erika" not in message and "Musterstraße" not in message
    assert app.store.max_position() == 0


def test_old_schema_versions_are_upcast_on_read(app):
    append(
        app,
        "konto-k1",
        0,
        [
            NewEvent(
                "KontoEroeffnet",
                {"konto_id": "k1", "inhaber_id": "p1", "name": "Erika Mustermann"},
                schema_version=1,
            )
        ],
    )
    [event] = app.store.read_stream("konto-k1")
    assert event.schema_version == 2
    assert event.payload["vorname"] == "Erika" and event.payload["nachname"] == "Mustermann"
    with app.database.read() as connection:
        assert connection.execute(select(events.c.schema_version)).scalar_one() == 1


def test_snapshots_shorten_loading_and_give_the_same_state(app):
    with app.unit_of_work() as uow:
        uow.repository(LangesKonto).add(LangesKonto.eroeffnen("k1", "p1", "Erika", "Mustermann"))
        uow.commit()
    for betrag in range(1, 25):
        with app.unit_of_work() as uow:
            uow.repository(LangesKonto).get("k1").einzahlen(betrag)
            uow.commit()
    snapshot = app.store.load_snapshot("konto-k1")
    assert snapshot is not None and snapshot.stream_version == 20
    with app.unit_of_work() as uow:
        konto = uow.repository(LangesKonto).get("k1")
    assert konto.version == 25 and konto.saldo_cent == sum(range(1, 25))
    assert konto.vorname == "Erika"


def test_only_published_events_get_an_outbox_row(app):
    append(app, "konto-k1", 0, [eroeffnet(), NewEvent("KontoNotiert", {"konto_id": "k1"})])
    with app.database.read() as connection:
        rows = connection.execute(select(outbox.c.position)).scalars().all()
        [published] = app.store.read_positions(connection, rows)
    assert published.event_type == "KontoEroeffnet"


def test_only_a_commit_that_queued_outbox_rows_wakes_the_relay(app):
    wecker = []
    app.database.on_outbox_commit(lambda: wecker.append(1))
    append(app, "konto-k1", 0, [NewEvent("KontoNotiert", {"konto_id": "k1"})])
    assert wecker == []  # stored, not published
    with pytest.raises(RuntimeError), app.database.write() as connection:
        app.store.append(connection, "konto-k2", 0, [eroeffnet("k2")], correlation_id="c")
        raise RuntimeError("rolled back")
    assert wecker == []
    append(app, "konto-k1", 1, [NewEvent("KontoNotiert", {"konto_id": "k1"})])
    assert wecker == []  # the rolled-back append left no mark on the pooled connection
    append(app, "konto-k3", 0, [eroeffnet("k3")])
    assert wecker == [1]
    with app.database.read() as connection:
        ids, _, recorded = app.store.read_outbox(connection, 10)
    assert len(ids) == 1 and [e.stream_id for e in recorded] == ["konto-k3"]


def test_projection_is_updated_in_the_transaction_and_rebuilds_the_same(app):
    from kernel.projections import rebuild

    with app.unit_of_work() as uow:
        konto = Konto.eroeffnen("k1", "p1", "Erika", "Mustermann")
        konto.einzahlen(100)
        uow.repository(Konto).add(konto)
        uow.commit()
    [projection] = app.projections
    with app.database.read() as connection:
        live = tuple(projection.row(connection, "k1"))
    assert live[2] == 100
    assert rebuild(app.store, app.projections) == 2
    with app.database.read() as connection:
        assert tuple(projection.row(connection, "k1")) == (live[0], live[1], live[2])


def test_handle_once_reruns_a_handler_that_met_a_concurrent_change(app):
    from kernel.consuming import handle_once

    with app.unit_of_work() as uow:
        uow.repository(Konto).add(Konto.eroeffnen("k1", "p1", "Erika", "Mustermann"))
        uow.commit()
    runs = []

    def einzahlen(envelope, uow):
        konto = uow.repository(Konto).get("k1")
        konto.einzahlen(5)
        if not runs:  # the first run meets a command that changed the account meanwhile
            append(app, "konto-k1", 1, [eingezahlt(betrag=1)])
        runs.append(konto.version)

    envelope = _einzahlung()
    if app.database.is_sqlite:
        pytest.skip("SQLite: the inner append would wait for the handler's own write lock")
    assert handle_once(app, "test.einzahlen", envelope, einzahlen) is True
    assert len(runs) == 2
    with app.unit_of_work() as uow:
        assert uow.repository(Konto).get("k1").saldo_cent == 6


def _einzahlung(betrag_cent: int = 5) -> Envelope:
    return Envelope(
        new_id(),
        "BetragEingezahlt",
        1,
        utc_now_rfc3339(),
        "test",
        "x-1",
        1,
        new_id(),
        None,
        {"konto_id": "k1", "betrag_cent": betrag_cent},
    )


def test_handle_once_skips_a_redelivery_and_a_failed_run_leaves_no_inbox_row(app):
    from kernel.consuming import handle_once

    with app.unit_of_work() as uow:
        uow.repository(Konto).add(Konto.eroeffnen("k1", "p1", "Erika", "Mustermann"))
        uow.commit()
    envelope = _einzahlung()
    versuche = []

    def einzahlen(envelope, uow):
        versuche.append(1)
        uow.repository(Konto).get("k1").einzahlen(envelope.payload["betrag_cent"])
        if len(versuche) == 1:
            raise RuntimeError("the first run fails after its effects")

    with pytest.raises(RuntimeError):
        handle_once(app, "test.einzahlen", envelope, einzahlen)
    assert handle_once(app, "test.einzahlen", envelope, einzahlen) is True
    assert handle_once(app, "test.einzahlen", envelope, einzahlen) is False
    assert handle_once(app, "test.anderer", envelope, lambda _e, _u: None) is True
    assert len(versuche) == 2
    with app.unit_of_work() as uow:
        assert uow.repository(Konto).get("k1").saldo_cent == 5


def test_two_copies_handled_at_once_apply_their_effects_once(app):
    """PostgreSQL: the second copy waits for the first one's transaction, then skips."""
    import threading

    from kernel.consuming import handle_once

    if app.database.is_sqlite:
        pytest.skip("SQLite has one writer: two copies cannot run at once")
    with app.unit_of_work() as uow:
        uow.repository(Konto).add(Konto.eroeffnen("k1", "p1", "Erika", "Mustermann"))
        uow.commit()
    envelope = _einzahlung()
    erster_drin, weiter = threading.Event(), threading.Event()
    laeufe = []

    def einzahlen(envelope, uow):
        laeufe.append(threading.current_thread().name)
        uow.repository(Konto).get("k1").einzahlen(envelope.payload["betrag_cent"])
        if threading.current_thread().name == "erster":
            erster_drin.set()
            assert weiter.wait(10)

    ergebnisse = {}

    def kopie(name):
        ergebnisse[name] = handle_once(app, "test.einzahlen", envelope, einzahlen)

    erster = threading.Thread(target=kopie, args=("erster",), name="erster")
    erster.start()
    assert erster_drin.wait(10)
    zweiter = threading.Thread(target=kopie, args=("zweiter",), name="zweiter")
    zweiter.start()
    zweiter.join(0.5)
    assert zweiter.is_alive()  # waits on the first copy's inbox row
    weiter.set()
    erster.join(10)
    zweiter.join(10)
    assert ergebnisse == {"erster": True, "zweiter": False}
    assert laeufe == ["erster"]
    with app.unit_of_work() as uow:
        assert uow.repository(Konto).get("k1").saldo_cent == 5


def test_replicas_creating_the_schema_at_the_same_moment_do_not_collide(app):
    """PostgreSQL: CREATE TABLE of the same table from two sessions at once fails in pg_type's
    unique index; the schema lock keeps replicas starting together apart."""
    import threading

    from kernel_test_support import KontoUebersicht

    if app.database.is_sqlite:
        pytest.skip("SQLite: one writer, no race")
    app.database.drop_schema()
    for projection in app.projections:
        projection.metadata.drop_all(app.database.engine)
    fehler, start = [], threading.Barrier(4)

    def replika():
        try:
            start.wait(5)
            app.create_schema()
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            fehler.append(repr(error))

    threads = [threading.Thread(target=replika) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert fehler == []
    assert isinstance(app.projections[0], KontoUebersicht)
    append(app, "konto-k1", 0, [eroeffnet()])
