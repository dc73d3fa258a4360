"""Several replicas on one database (docs/adr/0057), on SQLite and PostgreSQL: the lease table
(take, renew, run out and taken over, give up, release, lost), the workflow that drives only
what it holds (opening, sweeper, lost lease, resend, shutdown), and inbound polling by one
replica at a time — where two polls at once would still store each message once. And the read
model that pays for the lease's statement in the opening commit: one statement per delivery
and append, with the rows one statement per event leaves."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from xta_testhilfen import NurVersand, TestAnlagen

from contracts.events.antrag import AntragEingereicht
from kernel.application import Application
from kernel.config import Settings
from kernel.consuming import handle_once
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.projections import rebuild
from kernel.unit_of_work import load_aggregate
from xta_gateway import handlers, postfach
from xta_gateway.adapters.xta import (
    EmpfangeneNachricht,
    Kennung,
    Postfacheintrag,
    Sendung,
    Status,
    Statusliste,
    TransportBericht,
    Versandergebnis,
)
from xta_gateway.adapters.xta2_v3 import XtaEinstellungen
from xta_gateway.adapters.xta_fehler import MessageIdBereitsVergeben, fehler
from xta_gateway.bootstrap import bootstrap
from xta_gateway.domain.zustellung import Rueckoff, Zustellung
from xta_gateway.konfiguration import Konfiguration
from xta_gateway.projections import eingaenge, zustellung_leases, zustellungen
from xta_gateway.replikate import (
    EINGEBETTET,
    POSTFACH_SPERRE,
    Leases,
    nur_eine_replik,
    replika_kennung,
)
from xta_gateway.xoev.renderer import Schema
from xta_gateway.zustelldienst import Zustelldienst

ANTWORT = (
    Path(__file__).resolve().parents[4] / "contracts/xoev/beispiele/postkorb.nachricht.0202.xml"
).read_bytes()
ANTWORT_ANTRAG_ID = "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60"  # the example's antragsID


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def app(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Application]:
    """The service's Application on each backend (PostgreSQL: every table emptied first)."""
    url = (
        f"sqlite:///{tmp_path}/xta_gateway.db"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    application = bootstrap(
        Settings(
            "xta_gateway", tmp_path, url, f"sqlite:///{tmp_path}/keys.db", "", 0, "WARNING"
        )  # fmt: skip
    )
    if request.param == "postgres":
        for projection in application.projections:
            projection.metadata.drop_all(application.database.engine)
        application.database.drop_schema()
    application.create_schema()
    yield application
    application.close()


@pytest.fixture(scope="module")
def schema() -> Schema:
    return Schema()


class Server(NurVersand):
    """The XTA server both replicas talk to: stores messages by id; reports are green unless
    the message id is in ``offen``."""

    def __init__(self) -> None:
        self.gespeichert: dict[str, Sendung] = {}
        self.offen: set[str] = set()
        self.rot: set[str] = set()
        self.ids = 0

    def create_message_id(self) -> str:
        self.ids += 1
        return f"urn:de:xta:messageid:test:{self.ids}"

    def send_message(self, sendung: Sendung, *, erneuter_versuch: bool = False) -> Versandergebnis:
        if sendung.message_id in self.gespeichert:
            if erneuter_versuch:
                return Versandergebnis.BEREITS_ANGENOMMEN
            raise MessageIdBereitsVergeben("9024", "MessageID already used", False)
        self.gespeichert[sendung.message_id] = sendung
        return Versandergebnis.ANGENOMMEN

    def get_transport_report(self, message_id: str) -> TransportBericht:
        status = (
            Status.OFFEN
            if message_id in self.offen
            else (Status.ROT if message_id in self.rot else Status.GRUEN)
        )
        return TransportBericht(message_id, status, datetime.now(UTC), "test-server")


class Replik:
    """One replica's view of the server: every call it made, by operation."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.aufrufe: list[str] = []

    def __getattr__(self, name: str) -> Any:
        methode = getattr(self.server, name)

        def aufrufen(*args: Any, **kwargs: Any) -> Any:
            self.aufrufe.append(name)
            return methode(*args, **kwargs)

        return aufrufen


def replik(
    application: Application,
    server: Server,
    schema: Schema,
    name: str | None,
    lease: float = 30.0,
) -> tuple[Zustelldienst, Replik]:
    konfiguration = Konfiguration(
        xta=XtaEinstellungen.aus_umgebung({}),
        rueckoff=Rueckoff(basis=0.01, maximum=0.02, max_versuche=3, bericht_frist=3600),
        bericht_erste_abfrage=10,  # bis_final makes a report poll due at once
        replika=name,
        lease_sekunden=lease,
    )
    transport = Replik(server)
    return (
        Zustelldienst(application, transport, konfiguration, schema, TestAnlagen()),  # type: ignore[arg-type]
        transport,
    )


def zwei_repliken(
    application: Application, schema: Schema, lease_a: float = 30.0
) -> tuple[Server, tuple[Zustelldienst, Any], tuple[Zustelldienst, Any]]:
    """One XTA server and the replicas "a" and "b" on one database, each with its calls."""
    server = Server()
    a = replik(application, server, schema, "a", lease=lease_a)
    return server, a, replik(application, server, schema, "b")


def umschlag(**aenderungen: Any) -> Envelope:
    payload = copy.deepcopy(AntragEingereicht.example)
    payload.update({"antrag_id": new_id(), **aenderungen})
    return Envelope(
        new_id(), "AntragEingereicht", 1, utc_now_rfc3339(), "antrag",
        "antrag-x", 1, new_id(), None, payload,
    )  # fmt: skip


def postkorb_umschlag(payload: dict[str, Any] | None = None) -> Envelope:
    """A PostkorbAntwortVerfasst (the contract example without attachments, or ``payload``)."""
    from contracts.events.postkorb import PostkorbAntwortVerfasst

    if payload is None:
        payload = copy.deepcopy(PostkorbAntwortVerfasst.example)
        payload["anlagen"] = []
    return Envelope(
        new_id(), "PostkorbAntwortVerfasst", 1, utc_now_rfc3339(), "postkorb",
        "postfach-x", 4, new_id(), None, payload,
    )  # fmt: skip


def eroeffnen(dienst: Zustelldienst, **aenderungen: Any) -> str | None:
    """As the service's consumer: prepared, opened and leased in one commit."""
    return dienst.eroeffnen(
        umschlag(**aenderungen), handlers.CONSUMER_ANTRAG_EINGEREICHT, handlers.antrag_eingereicht
    )


def ohne_lease_eroeffnen(application: Application, dienst: Zustelldienst) -> str:
    """Opened and left without a lease (as a replica that died leaves it, once its lease ran
    out)."""
    u = umschlag()
    handle_once(
        application,
        handlers.CONSUMER_ANTRAG_EINGEREICHT,
        u,
        partial(
            handlers.antrag_eingereicht,
            konfiguration=dienst.konfiguration,
            erstellen=dienst.erstellen,
        ),
    )
    return handlers.zustellung_id_fuer(u.event_id)


def bis_final(dienst: Zustelldienst, zustellung_id: str, schritte: int = 20) -> Zustellung:
    for _ in range(schritte):
        if dienst.bearbeiten(zustellung_id) is None:
            break
        dienst.bericht_termine.pop(zustellung_id, None)
        time.sleep(0.03)
    zustellung = load_aggregate(dienst.application, Zustellung, zustellung_id)
    assert zustellung is not None
    return zustellung


def inhaber(application: Application) -> dict[str, str]:
    with application.database.read() as verbindung:
        return dict(
            verbindung.execute(
                select(zustellung_leases.c.zustellung_id, zustellung_leases.c.inhaber)
            ).all()
        )


# -- the lease table -------------------------------------------------------------------------


def test_a_free_lease_is_taken_and_one_another_replica_holds_is_not(app: Application) -> None:
    a, b = Leases(app.database, "a", 30), Leases(app.database, "b", 30)
    assert sorted(a.nehmen(["x", "y"], "sweeper")) == ["x", "y"]
    assert b.nehmen(["x", "y", "z"], "sweeper") == ["z"]
    assert a.nehmen(["x"], "sweeper") == ["x"], "its own lease: taken again (renewed)"
    assert (a.haelt("x"), b.haelt("x"), b.haelt("z")) == (True, False, True)
    assert inhaber(app) == {"x": "a", "y": "a", "z": "b"}


def test_a_renewed_lease_outlasts_its_first_term(app: Application) -> None:
    a, b = Leases(app.database, "a", 0.6), Leases(app.database, "b", 0.6)
    a.nehmen(["x"], "sweeper")
    time.sleep(0.4)
    assert a.erneuern() == []
    time.sleep(0.4)  # past the first term
    assert a.haelt("x")
    assert b.nehmen(["x"], "sweeper") == []


def test_a_lease_that_ran_out_goes_to_another_replica_and_its_holder_learns_it(app) -> None:
    a, b = Leases(app.database, "a", 0.3), Leases(app.database, "b", 30)
    a.nehmen(["x", "y"], "sweeper")
    time.sleep(0.4)
    assert not a.haelt("x"), "a judges its own lease by its clock"
    assert b.nehmen(["x"], "sweeper") == ["x"]
    assert a.erneuern() == ["x"], "lost; y was not taken and is renewed"
    assert a.gehalten == {"y"}
    assert a.nehmen(["x"], "bearbeiten") == []
    assert inhaber(app) == {"x": "b", "y": "a"}


def test_released_leases_are_free_at_once(app: Application) -> None:
    a, b = Leases(app.database, "a", 30), Leases(app.database, "b", 30)
    a.nehmen(["x", "y"], "sweeper")
    b.nehmen(["z"], "sweeper")
    a.alle_freigeben()
    assert a.gehalten == frozenset()
    assert sorted(b.nehmen(["x", "y"], "sweeper")) == ["x", "y"]
    assert inhaber(app) == {"x": "b", "y": "b", "z": "b"}


def test_a_lease_given_up_is_not_renewed_and_rows_that_ran_out_go(app: Application) -> None:
    a, b = Leases(app.database, "a", 0.3), Leases(app.database, "b", 0.3)
    a.nehmen(["x", "y"], "sweeper")
    b.nehmen(["z"], "sweeper")
    a.abgeben("x")
    assert not a.haelt("x")
    time.sleep(0.2)
    assert a.erneuern() == []
    time.sleep(0.2)  # x and z ran out, y was renewed
    assert set(inhaber(app)) == {"x", "y", "z"}
    assert a.erneuern() == []
    assert inhaber(app) == {"y": "a"}, "rows that ran out go (the same as none)"


def test_a_lease_taken_in_a_transaction_that_rolls_back_is_not_there(app: Application) -> None:
    a, b = Leases(app.database, "a", 30), Leases(app.database, "b", 30)
    with pytest.raises(RuntimeError), app.database.write() as verbindung:
        a.beanspruchen(verbindung, ["x"])
        raise RuntimeError("the opening failed")
    assert not a.haelt("x"), "held only once confirmed after the commit"
    assert b.nehmen(["x"], "sweeper") == ["x"]


@pytest.mark.postgres
def test_replicas_claiming_at_the_same_moment_never_share_a_delivery(postgres_url) -> None:
    from kernel.database import Database

    database = Database(postgres_url)
    zustellung_leases.drop(database.engine, checkfirst=True)
    zustellung_leases.create(database.engine)
    ids = [f"z{n}" for n in range(300)]
    ergebnisse: dict[str, list[str]] = {}
    start = threading.Barrier(4)

    def laufen(name: str) -> None:
        leases = Leases(database, name, 30)
        start.wait()
        erhalten = []
        for block in range(0, len(ids), 25):
            erhalten += leases.nehmen(ids[block : block + 50], "sweeper")
        ergebnisse[name] = erhalten

    threads = [threading.Thread(target=laufen, args=(f"r{n}",)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    alle = [z for erhalten in ergebnisse.values() for z in erhalten]
    assert len(ergebnisse) == 4
    assert sorted(set(alle)) == sorted(ids)
    # a replica may take its own lease twice (overlapping blocks), never another's
    besitzer = {z: {n for n, e in ergebnisse.items() if z in e} for z in ids}
    assert all(len(namen) == 1 for namen in besitzer.values())
    database.dispose()


# -- the workflow ----------------------------------------------------------------------------


def test_the_consumer_s_replica_drives_what_it_opened_in_two_commits(app, schema) -> None:
    server, (a, a_aufrufe), (b, b_aufrufe) = zwei_repliken(app, schema)
    commits: list[int] = []
    event.listen(app.database.engine, "commit", lambda _c: commits.append(1))
    zustellung_id = eroeffnen(a)
    assert zustellung_id is not None
    assert inhaber(app) == {zustellung_id: "a"}, "the lease came with the opening commit"
    assert len(commits) == 1
    assert b.faellige(set()) == []
    assert b.bearbeiten(zustellung_id) is None
    commits.clear()
    assert bis_final(a, zustellung_id).status.value == "zugestellt"
    assert len(commits) == 1, "opening (with the lease) and the report: as before leases"
    assert b_aufrufe.aufrufe == []
    assert a_aufrufe.aufrufe == ["create_message_id", "send_message", "get_transport_report"]
    a.leases.erneuern()
    assert inhaber(app) == {}, "the final delivery's lease went with the next renewal"


def test_a_replica_that_lost_a_lease_stops_at_its_next_step(app, schema) -> None:
    server, (a, a_aufrufe), (b, b_aufrufe) = zwei_repliken(app, schema, lease_a=0.3)
    server.offen = {"urn:de:xta:messageid:test:1"}
    zustellung_id = eroeffnen(a)
    assert a.bearbeiten(zustellung_id) is not None  # sent; the report is open
    a.bericht_termine.pop(zustellung_id)
    time.sleep(0.4)  # a's lease runs out unrenewed (a stalled process, a lost connection)
    assert b.faellige(set()) == [zustellung_id]
    vorher = len(a_aufrufe.aufrufe)
    assert a.bearbeiten(zustellung_id) is None, "a's next step: not a's any more"
    assert len(a_aufrufe.aufrufe) == vorher
    server.offen.clear()
    assert bis_final(b, zustellung_id).status.value == "zugestellt"
    # a's acceptance was held in memory (ADR 0051): b sends again, and 9024 counts as taken
    assert b_aufrufe.aufrufe == ["send_message", "get_transport_report"]
    assert len(server.gespeichert) == 1, "one message at the server"


def test_lost_leases_found_by_the_renewal_are_forgotten(app, schema) -> None:
    server, (a, _), (b, _) = zwei_repliken(app, schema, lease_a=0.3)
    server.offen = {"urn:de:xta:messageid:test:1"}
    zustellung_id = eroeffnen(a)
    a.bearbeiten(zustellung_id)
    assert zustellung_id in a._bekannt
    time.sleep(0.4)
    b.faellige(set())
    assert a.leases.erneuern() == [zustellung_id]
    a.vergessen(zustellung_id)  # what Motor.leases_erneuern does with it
    assert zustellung_id not in a._bekannt and zustellung_id not in a.bericht_termine


def test_two_replicas_sweeping_share_the_due_deliveries(app, schema) -> None:
    server, (a, _), (b, _) = zwei_repliken(app, schema)
    ids = {ohne_lease_eroeffnen(app, a) for _ in range(10)}
    von_a = a.faellige(set(), grenze=6)
    von_b = b.faellige(set(), grenze=6)
    assert len(von_a) == 6 and len(von_b) == 4
    assert set(von_a) | set(von_b) == ids
    assert a.faellige(set(), grenze=6) == von_a, "its own again (a restart under its name)"
    assert a.faellige(set(von_a), grenze=6) == []


def test_a_resend_is_driven_by_the_replica_it_reached_whoever_held_the_lease(app, schema) -> None:
    server, (a, _), (b, b_aufrufe) = zwei_repliken(app, schema)
    server.rot = {"urn:de:xta:messageid:test:1"}
    zustellung_id = eroeffnen(a)
    assert bis_final(a, zustellung_id).status.value == "fehlgeschlagen"
    assert inhaber(app) == {zustellung_id: "a"}, "a gives it up with its next renewal"
    handlers.erneut_zustellen(app, zustellung_id, b.leases)
    assert inhaber(app) == {zustellung_id: "b"} and b.leases.haelt(zustellung_id)
    a.leases.erneuern()
    assert a.faellige(set()) == []
    assert bis_final(b, zustellung_id).status.value == "zugestellt"
    assert b_aufrufe.aufrufe == ["create_message_id", "send_message", "get_transport_report"]


def test_a_resend_from_the_cli_frees_the_lease_for_any_replica(app, schema) -> None:
    server, (a, _), (b, _) = zwei_repliken(app, schema)
    server.rot = {"urn:de:xta:messageid:test:1"}
    zustellung_id = eroeffnen(a)
    bis_final(a, zustellung_id)
    handlers.erneut_zustellen(app, zustellung_id)
    assert inhaber(app) == {}
    assert b.faellige(set()) == [zustellung_id]


def test_on_shutdown_another_replica_takes_over_at_once(app, schema) -> None:
    server, (a, _), (b, b_aufrufe) = zwei_repliken(app, schema)
    server.offen = {"urn:de:xta:messageid:test:1"}
    zustellung_id = eroeffnen(a)
    a.bearbeiten(zustellung_id)
    assert b.faellige(set()) == []
    a.sichern()  # Motor.stoppen: store what is held in memory, then release every lease
    a.leases.alle_freigeben()
    server.offen.clear()
    assert b.faellige(set()) == [zustellung_id]
    assert bis_final(b, zustellung_id).status.value == "zugestellt"
    assert b_aufrufe.aufrufe == ["get_transport_report"], "the acceptance was stored"


def test_the_same_postkorb_message_again_at_another_replica_is_not_driven_twice(
    app, schema
) -> None:
    server, (a, _), (b, b_aufrufe) = zwei_repliken(app, schema)
    erster = postkorb_umschlag()
    zwei = [erster, postkorb_umschlag(erster.payload)]
    oeffnen = partial(handlers.postkorb_antwort_verfasst, referenz_uuid=None)
    zustellung_id = a.eroeffnen(zwei[0], handlers.CONSUMER_POSTKORB_ANTWORT, oeffnen)
    assert zustellung_id is not None
    assert b.eroeffnen(zwei[1], handlers.CONSUMER_POSTKORB_ANTWORT, oeffnen) is None
    assert b_aufrufe.aufrufe == []
    assert bis_final(a, zustellung_id).status.value == "zugestellt"


def test_every_process_on_sqlite_is_the_one_replica(app: Application, schema) -> None:
    if not app.database.is_sqlite:
        a = replika_kennung(None, app.database)
        assert a != replika_kennung(None, app.database), "a new process is a new replica"
        assert replika_kennung("pod-1", app.database) == "pod-1"
        return
    server = Server()
    vorher, _ = replik(app, server, schema, None)
    server.offen = {"urn:de:xta:messageid:test:1"}
    zustellung_id = eroeffnen(vorher)
    vorher.bearbeiten(zustellung_id)  # then the process dies
    nachher, _ = replik(app, server, schema, None)
    assert nachher.leases.inhaber == EINGEBETTET
    assert nachher.faellige(set()) == [zustellung_id], "taken over at once, as before leases"


# -- the MsgBox ------------------------------------------------------------------------------


def test_one_replica_at_a_time_polls_the_msgbox(app: Application) -> None:
    with (
        nur_eine_replik(app.database, POSTFACH_SPERRE) as erste,
        nur_eine_replik(app.database, POSTFACH_SPERRE) as zweite,
    ):
        assert erste
        assert zweite is app.database.is_sqlite, "PostgreSQL: another replica polls"
    with nur_eine_replik(app.database, POSTFACH_SPERRE) as danach:
        assert danach, "released when the poll ends"


def test_two_polls_at_once_store_and_emit_each_message_once(app, schema) -> None:
    """Without the lock (or when it failed): two replicas list the same message, both fetch it,
    both append at version 0 — one wins, the other counts it as a duplicate; both close it."""
    server = Server()
    dienst, _ = replik(app, server, schema, "a")
    jobcenter, wir = Kennung("jobcenter:68410"), Kennung("sozialplattform:test")
    handle_once(
        app,
        handlers.CONSUMER_ANTRAG_EINGEREICHT,
        umschlag(antrag_id=ANTWORT_ANTRAG_ID, jobcenter_id="68410"),
        partial(handlers.antrag_eingereicht, konfiguration=dienst.konfiguration),
    )
    eintrag = Postfacheintrag("urn:m:1", jobcenter, wir, "urn:s", "postkorb.nachricht.0202")
    geschlossen: list[str] = []
    ergebnisse: list[dict[str, int]] = []

    class Postfach:
        verschachtelt = False

        def get_status_list(self, max_eintraege: int = 100) -> Statusliste:
            return Statusliste("abruf", (eintrag,) if not geschlossen else ())

        def get_message(self, message_id: str) -> EmpfangeneNachricht:
            if not self.verschachtelt:  # the other replica's whole poll runs right now
                self.verschachtelt = True
                ergebnisse.append(poll())
            return EmpfangeneNachricht(
                message_id, "abruf-2", jobcenter, wir, "urn:s", "postkorb.nachricht.0202",
                None, ANTWORT,
            )  # fmt: skip

        def close(self, abruf_id: str, message_ids) -> None:
            geschlossen.extend(message_ids)

    transport = Postfach()

    def poll() -> dict[str, int]:
        return postfach.abrufen(app, transport, dienst.konfiguration, schema)  # type: ignore[arg-type]

    ergebnisse.append(poll())
    assert [e["empfangen"] for e in ergebnisse] == [1, 0]
    assert [e["doppelt"] for e in ergebnisse] == [0, 1]
    typen = [e.event_type for e in app.store.read_stream(postfach.eingang_stream_id("urn:m:1"))]
    assert typen == ["NachrichtEingegangen", "NachrichtEmpfangen"], "stored and emitted once"
    with app.database.read() as verbindung:
        assert len(verbindung.execute(select(eingaenge)).all()) == 1
    assert geschlossen == ["urn:m:1", "urn:m:1"], "closed by both: the second close is a no-op"


# -- the read model: one statement per append -------------------------------------------------


class Stoerungen(Server):
    """The server of test_replikate, failing the next calls of an operation on demand."""

    def __init__(self) -> None:
        super().__init__()
        self.stoerungen: dict[str, list[Exception]] = {}

    def _stoerung(self, operation: str) -> None:
        liste = self.stoerungen.get(operation) or []
        if liste:
            raise liste.pop(0)

    def create_message_id(self) -> str:
        self._stoerung("createMessageId")
        return super().create_message_id()

    def send_message(self, sendung: Any, *, erneuter_versuch: bool = False) -> Any:
        self._stoerung("sendMessage")
        return super().send_message(sendung, erneuter_versuch=erneuter_versuch)


def zeilen(application: Any) -> list[dict]:
    with application.database.read() as verbindung:
        return [
            dict(z._mapping)
            for z in verbindung.execute(select(zustellungen).order_by(zustellungen.c.zustellung_id))
        ] + [dict(z._mapping) for z in verbindung.execute(select(eingaenge))]


def test_the_folded_rows_equal_a_rebuild_event_by_event(app, schema) -> None:
    server = Stoerungen()
    dienst, _ = replik(app, server, schema, "a")
    glatt = eroeffnen(dienst)
    bis_final(dienst, glatt)
    server.stoerungen["sendMessage"] = [fehler("9030", "down"), fehler("verbindung", "reset")]
    zweimal = eroeffnen(dienst)
    bis_final(dienst, zweimal)
    server.rot = {f"urn:de:xta:messageid:test:{server.ids + 1}"}
    rot = eroeffnen(dienst)
    bis_final(dienst, rot)
    handlers.erneut_zustellen(app, rot, dienst.leases)
    bis_final(dienst, rot)
    server.stoerungen["createMessageId"] = [fehler("9011", "locked")]
    gesperrt = eroeffnen(dienst)
    server.stoerungen["createMessageId"] = [fehler("9030", "down")]
    spaeter = eroeffnen(dienst)  # the opening commit stores the failed try (ADR 0053)
    assert spaeter is not None
    versuche_bei_eroeffnung = zeilen(app)
    bis_final(dienst, spaeter)
    offen_id = f"urn:de:xta:messageid:test:{server.ids + 1}"
    server.offen = {offen_id}
    offen = eroeffnen(dienst)
    dienst.bearbeiten(offen)
    dienst.bericht_termine.pop(offen)
    dienst.bearbeiten(offen)
    postkorb = dienst.eroeffnen(
        postkorb_umschlag(),
        handlers.CONSUMER_POSTKORB_ANTWORT,
        partial(handlers.postkorb_antwort_verfasst, referenz_uuid=None),
    )
    assert postkorb is not None
    bis_final(dienst, postkorb)
    assert None not in (glatt, zweimal, rot, offen) and gesperrt is None

    vorher = zeilen(app)
    by_id = {z["zustellung_id"]: z for z in vorher if "art" in z}
    assert by_id[glatt]["status"] == "zugestellt" and by_id[glatt]["versuche"] == 0
    assert (by_id[zweimal]["status"], by_id[zweimal]["versuche"]) == ("zugestellt", 2)
    assert by_id[rot]["status"] == "zugestellt" and by_id[rot]["bericht_status"] == "green"
    assert by_id[offen]["status"] == "angenommen"
    assert sum(z["status"] == "fehlgeschlagen" for z in vorher if "art" in z) == 1
    assert by_id[postkorb]["art"] == "postkorb_antwort"
    eroeffnet = {z["zustellung_id"]: z for z in versuche_bei_eroeffnung if "art" in z}[spaeter]
    assert (eroeffnet["status"], eroeffnet["versuche"]) == ("erstellt", 1)
    assert (by_id[spaeter]["status"], by_id[spaeter]["versuche"]) == ("zugestellt", 1)
    rebuild(app.store, app.projections)
    assert zeilen(app) == vorher


def test_the_opening_and_the_report_write_the_read_model_with_one_statement_each(
    app, schema
) -> None:
    dienst, _ = replik(app, Server(), schema, "a")
    anweisungen: list[str] = []

    def mitschreiben(_verbindung, _cursor, sql: str, *_args: Any) -> None:
        if "zustellungen" in sql and not sql.lstrip().upper().startswith("SELECT"):
            anweisungen.append(sql.split()[0].upper())

    event.listen(app.database.engine, "before_cursor_execute", mitschreiben)
    zustellung_id = eroeffnen(dienst)
    assert anweisungen == ["INSERT"], "opening, message, MessageID, first send"
    assert zustellung_id is not None
    bis_final(dienst, zustellung_id)
    assert anweisungen == ["INSERT", "UPDATE"], "acceptance, report, delivered"
