"""Two xta-gateway replicas (real `nameko run` processes of one service) on one PostgreSQL
database against the XTA2 counterpart (docs/adr/0057). While both run, each delivery is driven
by one of them: every application is sent once in all, and both send. Then one replica is
SIGKILLed with deliveries in flight; the other takes them over when their leases run out. The
killed one comes back, and the other is stopped gracefully with deliveries in flight: it
releases its leases on the way out. Afterwards every application is at the counterpart exactly
once — by MessageID and by content hash —, none is lost and every delivery is final."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import xta_testhilfen as hilfen
from nameko.standalone.rpc import ClusterRpcClient
from sqlalchemy import create_engine, text

pytestmark = [
    pytest.mark.rabbitmq,
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.timeout(240),
]
ANZAHL = 100
LEASE_SEKUNDEN = 3


def gesendet(dienst: hilfen.XtaGatewayProzess, operation: str = "sendMessage") -> float:
    """The replica's XTA calls of one operation that the server took."""
    return hilfen.metrik(dienst.url, "xta_aufrufe_total", operation=operation, ergebnis="ok")


def test_two_replicas_deliver_each_application_once_also_when_one_is_killed(
    tmp_path: Path, postgres_datenbanken: Callable[[str], str]
) -> None:
    jobcenter_id = hilfen.zufalls_jobcenter()
    leser = f"jobcenter:{jobcenter_id}"
    # reports open for a second: deliveries wait in flight, where the other replica's sweeper
    # would pick them up but for the lease
    gegenstelle = hilfen.Gegenstelle(tmp_path / "gegenstelle", bericht_verzoegerung=1.0).starten()
    attrappe, name = hilfen.attrappe(tmp_path)
    attrappe.start()
    quelle = hilfen.eigene_quelle()
    datenbank = postgres_datenbanken("replikate")
    a, b = hilfen.replikate(
        tmp_path,
        gegenstelle,
        name,
        quelle,
        2,
        SOZ_DATABASE_URL=datenbank,
        SOZ_KEYSTORE_URL=postgres_datenbanken("replikate_schluessel"),
        SOZ_XTA_LEASE_SEKUNDEN=str(LEASE_SEKUNDEN),
    )
    # stable names, as pods get them (the default, host:pid:random, is tested in the unit tests)
    a.env["SOZ_XTA_REPLIKA"], b.env["SOZ_XTA_REPLIKA"] = "replik-a", "replik-b"
    leases = create_engine(datenbank)

    def inhaber() -> set[str]:
        with leases.connect() as verbindung:
            return set(verbindung.execute(text("SELECT inhaber FROM zustellung_leases")).scalars())

    beobachter = hilfen.Beobachter(a.dienstname)
    veroeffentlicher = hilfen.Veroeffentlicher(quelle)
    try:
        a.start()
        b.start()
        umschlaege = [hilfen.antrag_eingereicht(jobcenter_id) for _ in range(ANZAHL)]
        antrag_ids = {u.payload["antrag_id"] for u in umschlaege}

        def finale() -> set[str]:
            return beobachter.finale(antrag_ids)

        def offen() -> list[dict]:
            with ClusterRpcClient(uri=hilfen.AMQP, timeout=20) as client:
                zeilen = client[a.dienstname].zustellungen("offen", jobcenter_id, 1000)
            return [z for z in zeilen if z["antrag_id"] in antrag_ids]

        def lage() -> str:
            return (
                f"{len(finale())} final, open: {Counter(z['status'] for z in offen())}\n"
                f"{a.log()[-1500:]}\n{b.log()[-1500:]}"
            )

        # Both run: each delivery is driven by the replica whose consumer opened it, and the
        # other's sweeper (every second) leaves it alone, also while it waits for its report.
        erste = ANZAHL // 2
        veroeffentlicher.senden(*umschlaege[:erste])
        assert hilfen.warten_bis(lambda: len(finale()) == erste, 60), lage()
        von_a, von_b = gesendet(a), gesendet(b)
        assert von_a > 0 and von_b > 0, f"both replicas sent: {von_a}, {von_b}"
        assert von_a + von_b == erste, "no application sent twice while both run"
        assert gesendet(a, "createMessageId") + gesendet(b, "createMessageId") == erste

        # One replica dies part-way, with deliveries in flight (leases held, messages unacked).
        zweite = erste + ANZAHL // 4
        # (killed as soon as it holds a lease: each delivery holds one for the report's 1 s, and
        # waiting for anything else first lets A finish all of its own in the meantime)
        veroeffentlicher.senden(*umschlaege[erste:zweite])
        assert hilfen.warten_bis(
            lambda: hilfen.metrik(a.url, "xta_leases_gehalten") > 0, 30, 0.01
        ), lage()
        a.kill()
        getoetet = time.monotonic()
        assert hilfen.warten_bis(lambda: len(finale()) == zweite, 90), lage()
        assert time.monotonic() - getoetet < LEASE_SEKUNDEN + 30
        assert hilfen.metrik(b.url, "xta_lease_ereignisse_total", ereignis="sweeper") >= 1, (
            "the survivor took over leases the dead replica held"
        )
        assert gesendet(b) > von_b

        # It comes back; the other stops gracefully with deliveries in flight and releases its
        # leases on the way out, so the first takes them over without waiting for them to run out.
        a.start()
        veroeffentlicher.senden(*umschlaege[zweite:])
        assert hilfen.warten_bis(
            lambda: hilfen.metrik(b.url, "xta_leases_gehalten") > 0, 30, 0.01
        ), lage()
        # a graceful stop with deliveries in flight takes longer than a test's teardown waits
        # before SIGKILL (kernel.testing: 5 s): the reports in flight are finished first
        b.stop(timeout=60)
        assert "replik-b" not in inhaber(), "released on shutdown"
        assert hilfen.warten_bis(lambda: finale() == antrag_ids, 90), lage()
        assert not offen(), "every delivery final"

        # At the counterpart: each application exactly once, by MessageID and by content.
        gueltig = gegenstelle.antraege(leser)
        pro_antrag = Counter(antrag for antrag, _ in gueltig)
        assert set(pro_antrag) == antrag_ids, "none lost"
        assert max(pro_antrag.values()) == 1, "none twice (by application)"
        assert len({n["message_id"] for _, n in gueltig}) == ANZAHL, "none twice (by MessageID)"
        assert len({n["sha256"] for _, n in gueltig}) == ANZAHL, "none twice (by content)"
        zugestellt = {
            e["payload"]["antrag_id"]: e["payload"]["message_id"]
            for e in beobachter.ereignisse("NachrichtZugestellt", antrag_ids)
        }
        assert {antrag: n["message_id"] for antrag, n in gueltig} == zugestellt
    finally:
        leases.dispose()
        a.stop()
        b.aufraeumen()
        attrappe.aufraeumen()
        gegenstelle.stoppen()
        beobachter.schliessen()
        veroeffentlicher.schliessen()
