"""forget(person): every stream, projection and snapshot shows the person's fields as erased."""

from __future__ import annotations

from kernel_test_support import Konto, LangesKonto
from sqlalchemy import select, text

from kernel.tables import events, snapshots


def test_personal_fields_are_stored_sealed(app):
    with app.unit_of_work() as uow:
        uow.repository(Konto).add(Konto.eroeffnen("k1", "p1", "Erika", "Mustermann"))
        uow.commit()
    with app.database.read() as connection:
        stored = connection.execute(select(events.c.payload)).scalar_one()
    assert "Erika" not in stored and "Mustermann" not in stored
    assert app.store.read_stream("konto-k1")[0].payload["vorname"] == "Erika"


def test_forget_erases_the_person_everywhere_and_only_them(app):
    with app.unit_of_work() as uow:
        for konto_id, person, vorname in (("k1", "p1", "Erika"), ("k2", "p2", "Max")):
            konto = LangesKonto.eroeffnen(konto_id, person, vorname, "Mustermann")
            for _ in range(12):  # past snapshot_every: a snapshot exists
                konto.einzahlen(1)
            uow.repository(LangesKonto).add(konto)
        uow.commit()
    assert app.store.load_snapshot("konto-k1") is not None

    assert app.forget("p1") is True
    assert app.forget("p1") is False

    [eroeffnet, *_] = app.store.read_stream("konto-k1")
    assert eroeffnet.payload["vorname"] is None and eroeffnet.payload["nachname"] is None
    assert set(eroeffnet.erased_fields) == {"vorname", "nachname"}
    assert eroeffnet.payload["konto_id"] == "k1"  # not personal, still there

    assert app.store.load_snapshot("konto-k1") is None  # sealed with the deleted key
    with app.unit_of_work() as uow:
        konto = uow.repository(LangesKonto).get("k1")
        other = uow.repository(LangesKonto).get("k2")
    assert konto.vorname is None and konto.saldo_cent == 12
    assert other.vorname == "Max"

    [projection] = app.projections
    with app.database.read() as connection:
        sealed = projection.row(connection, "k1").vorname
        other_sealed = projection.row(connection, "k2").vorname
    assert app.cipher.open(sealed) == (None, True)
    assert app.cipher.open(other_sealed) == ("Max", False)

    everything = []
    with app.database.read() as connection:
        everything += connection.execute(select(events.c.payload)).scalars().all()
        everything += connection.execute(select(snapshots.c.state)).scalars().all()
        everything += [
            str(row) for row in connection.execute(text("SELECT * FROM konto_uebersicht"))
        ]
    assert not any("Erika" in item for item in everything)


def test_events_read_from_all_also_show_erasure(app):
    with app.unit_of_work() as uow:
        uow.repository(Konto).add(Konto.eroeffnen("k1", "p1", "Erika", "Mustermann"))
        uow.commit()
    app.forget("p1")
    [event] = list(app.store.read_all())
    assert event.payload["vorname"] is None and event.envelope().payload["vorname"] is None


def test_a_key_is_created_once_and_every_store_of_the_database_gets_the_same(key_store):
    from kernel.crypto import KeyStore

    andere = KeyStore(key_store.database, cache_seconds=30)  # another replica's store
    erster = key_store.key_for("person-1")
    assert len(erster) == 32
    assert key_store.key_for("person-1") == erster  # cached
    assert andere.key_for("person-1") == erster  # found, not made anew
    assert andere.get_many(["person-1", "person-2"]) == {"person-1": erster}
    assert key_store.forget("person-1")
    andere.drop_cached("person-1")
    neu = andere.key_for("person-1")
    assert neu != erster and key_store.key_for("person-1") == neu
