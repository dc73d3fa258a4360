"""The delivery status machine with its workflow on a real (SQLite) store and a scripted XTA
transport: every fault class of the error table at every step, back-off, retries exhausted,
9024 after an uncertain send, red/yellow reports, a crash between any two steps, resends."""

from __future__ import annotations

import copy
import io
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from xta_testhilfen import NurVersand, TestAnlagen

from contracts.events.antrag import AntragEingereicht
from kernel.config import Settings
from kernel.consuming import handle_once
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.logs import configure_logging
from kernel.unit_of_work import load_aggregate
from xta_gateway import handlers
from xta_gateway.adapters.anlagen import AnlageFehler, Anlagenquelle, pruefen
from xta_gateway.adapters.xta import (
    Sendung,
    Status,
    TransportBericht,
    Versandergebnis,
)
from xta_gateway.adapters.xta2_v3 import XtaEinstellungen
from xta_gateway.adapters.xta_fehler import FEHLERTABELLE, MessageIdBereitsVergeben, fehler
from xta_gateway.bootstrap import bootstrap
from xta_gateway.domain.zustellung import Fehlschlag, Rueckoff, Zustellung
from xta_gateway.konfiguration import Konfiguration
from xta_gateway.xoev.renderer import Schema
from xta_gateway.zustelldienst import Zustelldienst


class Absturz(BaseException):
    """The process dies here (SIGKILL): nothing after this line runs."""


class SkriptTransport(NurVersand):
    """A server that stores sent messages by id; ``skript[operation]`` is a list of actions
    consumed one per call: an exception to raise, "absturz_danach" (store, then die),
    "absturz" (die before answering), or a report status for getTransportReport."""

    def __init__(self) -> None:
        self.skript: dict[str, list[Any]] = {}
        self.aufrufe: list[tuple[str, Any]] = []
        self.gespeichert: dict[str, Sendung] = {}
        self.ids = 0

    def _aktion(self, operation: str) -> Any:
        liste = self.skript.get(operation) or []
        return liste.pop(0) if liste else None

    def create_message_id(self) -> str:
        self.aufrufe.append(("createMessageId", None))
        aktion = self._aktion("createMessageId")
        if isinstance(aktion, Exception):
            raise aktion
        self.ids += 1
        if aktion == "absturz_danach":
            raise Absturz()
        return f"urn:de:xta:messageid:test:{self.ids}"

    def send_message(self, sendung: Sendung, *, erneuter_versuch: bool = False) -> Versandergebnis:
        self.aufrufe.append(("sendMessage", erneuter_versuch))
        aktion = self._aktion("sendMessage")
        if isinstance(aktion, Exception):
            raise aktion
        if sendung.message_id in self.gespeichert:
            if erneuter_versuch:
                return Versandergebnis.BEREITS_ANGENOMMEN
            raise MessageIdBereitsVergeben("9024", "MessageID already used", False)
        self.gespeichert[sendung.message_id] = sendung
        if aktion == "absturz_danach":
            raise Absturz()
        if aktion == "antwort_verloren":
            raise fehler("verbindung", "ConnectionError")
        return Versandergebnis.ANGENOMMEN

    def get_transport_report(self, message_id: str) -> TransportBericht:
        self.aufrufe.append(("getTransportReport", message_id))
        aktion = self._aktion("getTransportReport")
        if isinstance(aktion, Exception):
            raise aktion
        if aktion == "absturz":
            raise Absturz()
        status = Status(aktion) if aktion is not None else Status.GRUEN
        return TransportBericht(message_id, status, datetime.now(UTC), "test-server")


class KaputteAnlagen(Anlagenquelle):
    def holen(self, antrag_id: str, anlage: dict):
        raise AnlageFehler(Fehlschlag("anlage_nicht_verfuegbar", "test", True))


RUECKOFF = Rueckoff(basis=0.01, maximum=0.02, max_versuche=3, bericht_frist=3600)


class Umgebung:
    def __init__(self, ordner: Path) -> None:
        settings = Settings(
            service_name="xta_gateway",
            data_dir=ordner,
            database_url=f"sqlite:///{ordner}/xta_gateway.db",
            keystore_url=f"sqlite:///{ordner}/xta_gateway-keys.db",
            amqp_uri="",
            http_port=0,
            log_level="WARNING",
        )
        self.application = bootstrap(settings)
        self.application.create_schema()
        self.transport = SkriptTransport()
        self.konfiguration = Konfiguration(
            xta=XtaEinstellungen.aus_umgebung({}), rueckoff=RUECKOFF, bericht_erste_abfrage=0
        )
        self.schema = Schema()
        self.neu_starten()

    def neu_starten(self) -> None:
        """A fresh process over the same store and the same server."""
        self.dienst = Zustelldienst(
            self.application, self.transport, self.konfiguration, self.schema, TestAnlagen()
        )

    def umschlag(self, **aenderungen: Any) -> Envelope:
        payload = copy.deepcopy(AntragEingereicht.example)
        payload.update(antrag_id=new_id(), **aenderungen)
        return Envelope(
            new_id(), "AntragEingereicht", 1, utc_now_rfc3339(), "antrag",
            "antrag-x", 1, new_id(), None, payload,
        )  # fmt: skip

    def eroeffnen(self, **aenderungen: Any) -> str:
        umschlag = self.umschlag(**aenderungen)
        handle_once(
            self.application,
            handlers.CONSUMER_ANTRAG_EINGEREICHT,
            umschlag,
            partial(
                handlers.antrag_eingereicht,
                konfiguration=self.konfiguration,
                erstellen=self.dienst.erstellen,
            ),
        )
        return handlers.zustellung_id_fuer(umschlag.event_id)

    def eroeffnen_wie_der_dienst(self, umschlag: Envelope | None = None) -> str:
        """As the service's consumer does it (``Zustelldienst.eroeffnen``): attachments and
        MessageID first, stored with the opening and the lease (docs/adr/0053, 0057)."""
        umschlag = umschlag or self.umschlag()
        self.dienst.eroeffnen(
            umschlag, handlers.CONSUMER_ANTRAG_EINGEREICHT, handlers.antrag_eingereicht
        )
        return handlers.zustellung_id_fuer(umschlag.event_id)

    def bis_final(self, zustellung_id: str, schritte: int = 50) -> Zustellung:
        for _ in range(schritte):
            warten = self.dienst.bearbeiten(zustellung_id)
            if warten is None:
                break
            self._vorspulen(zustellung_id)
        return self.laden(zustellung_id)

    def _vorspulen(self, zustellung_id: str) -> None:
        """Back-off is short in these tests; report polls are made due at once."""
        import time

        time.sleep(0.03)
        self.dienst.bericht_termine.pop(zustellung_id, None)

    def laden(self, zustellung_id: str) -> Zustellung:
        zustellung = load_aggregate(self.application, Zustellung, zustellung_id)
        assert zustellung is not None
        return zustellung

    def typen(self, zustellung_id: str) -> list[str]:
        stream = Zustellung.stream_id_for(zustellung_id)
        return [e.event_type for e in self.application.store.read_stream(stream)]

    def letztes(self, zustellung_id: str) -> dict:
        stream = Zustellung.stream_id_for(zustellung_id)
        return self.application.store.read_stream(stream)[-1].payload


@pytest.fixture
def u(tmp_path: Path) -> Umgebung:
    return Umgebung(tmp_path)


GLATT = [
    "ZustellungEroeffnet",
    "NachrichtErstellt",
    "MessageIdVergeben",
    "VersandVersucht",
    "VersandAngenommen",
    "TransportberichtErhalten",
    "NachrichtZugestellt",
]


def test_the_happy_path_stores_the_id_before_sending(u: Umgebung) -> None:
    zustellung_id = u.eroeffnen()
    zustellung = u.bis_final(zustellung_id)
    assert zustellung.status.value == "zugestellt"
    assert u.typen(zustellung_id) == GLATT
    assert [a for a, _ in u.transport.aufrufe] == [
        "createMessageId",
        "sendMessage",
        "getTransportReport",
    ]
    assert u.transport.aufrufe[1] == ("sendMessage", False)
    (sendung,) = u.transport.gespeichert.values()
    assert [a.anlage_id for a in sendung.anlagen] == [
        "a-7c9e6679-7425-40de-944b-e07fc1f90ae7",
        "antrag-pdf",
    ]
    assert u.letztes(zustellung_id)["status"] == "green"


def test_an_open_report_is_asked_again_and_yellow_counts_as_delivered(u: Umgebung) -> None:
    zustellung_id = u.eroeffnen()
    u.transport.skript["getTransportReport"] = [0, 0, 2]
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert u.letztes(zustellung_id)["status"] == "yellow"
    assert [a for a, _ in u.transport.aufrufe].count("getTransportReport") == 3


def test_red_report_fails_with_its_code_and_an_operator_resend_uses_a_new_id(u) -> None:
    zustellung_id = u.eroeffnen()
    u.transport.skript["getTransportReport"] = [3]
    assert u.bis_final(zustellung_id).status.value == "fehlgeschlagen"
    fehlgeschlagen = u.letztes(zustellung_id)
    assert (fehlgeschlagen["error_code"], fehlgeschlagen["message_id"]) == (
        "9032",
        "urn:de:xta:messageid:test:1",
    )
    handlers.erneut_zustellen(u.application, zustellung_id)
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert u.letztes(zustellung_id)["message_id"] == "urn:de:xta:messageid:test:2"
    with pytest.raises(Exception, match="bereits_zugestellt"):
        handlers.erneut_zustellen(u.application, zustellung_id)


SCHRITTE = ("createMessageId", "sendMessage", "getTransportReport")


@pytest.mark.parametrize("operation", SCHRITTE)
@pytest.mark.parametrize("schluessel", sorted(FEHLERTABELLE))
def test_every_fault_class_at_every_step(u: Umgebung, operation: str, schluessel: str) -> None:
    zustellung_id = u.eroeffnen()
    u.transport.skript[operation] = [fehler(schluessel, "injected")]
    zustellung = u.bis_final(zustellung_id)
    typen = u.typen(zustellung_id)
    if FEHLERTABELLE[schluessel].wiederholbar:
        assert zustellung.status.value == "zugestellt", typen
        assert typen.count("VersuchFehlgeschlagen") == 1
        assert len(u.transport.gespeichert) == 1
    else:
        assert zustellung.status.value == "fehlgeschlagen", typen
        assert "VersuchFehlgeschlagen" not in typen
        assert u.letztes(zustellung_id)["error_code"] == schluessel
        aufrufe = [a for a, _ in u.transport.aufrufe]
        assert aufrufe[-1] == operation, "no call after a permanent fault"


def test_retries_exhausted_after_the_configured_tries_with_growing_waits(u) -> None:
    zustellung_id = u.eroeffnen()
    u.transport.skript["createMessageId"] = [fehler("9030", "down")] * 5
    zustellung = u.bis_final(zustellung_id)
    assert zustellung.status.value == "fehlgeschlagen"
    ende = u.letztes(zustellung_id)
    assert (ende["error_code"], ende["retries"]) == ("9030", 2)
    assert "retries exhausted (3 tries)" in ende["reason"]
    stream = u.application.store.read_stream(Zustellung.stream_id_for(zustellung_id))
    versuche = [e.payload for e in stream if e.event_type == "VersuchFehlgeschlagen"]
    warte = [
        datetime.fromisoformat(v["naechster_versuch_um"]) - datetime.fromisoformat(v["zeitpunkt"])
        for v in versuche
    ]
    assert warte[0] < warte[1] <= timedelta(seconds=0.03)


def test_9024_after_an_uncertain_send_counts_as_sent(u: Umgebung) -> None:
    zustellung_id = u.eroeffnen()
    u.transport.skript["sendMessage"] = ["antwort_verloren"]
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    sends = [e for a, e in u.transport.aufrufe if a == "sendMessage"]
    assert sends == [False, True]
    stream = u.application.store.read_stream(Zustellung.stream_id_for(zustellung_id))
    (angenommen,) = [e.payload for e in stream if e.event_type == "VersandAngenommen"]
    assert angenommen["ergebnis"] == "bereits_angenommen"
    assert len(u.transport.gespeichert) == 1


@pytest.mark.parametrize(
    ("operation", "nach"),
    [
        ("createMessageId", "absturz_danach"),  # id handed out, not stored: a new one is asked
        ("sendMessage", "absturz_danach"),  # stored at the server, outcome not stored here
    ],
)
def test_a_crash_between_steps_resumes_from_the_store_and_sends_once(u, operation, nach) -> None:
    zustellung_id = u.eroeffnen()
    u.transport.skript[operation] = [nach]
    with pytest.raises(Absturz):
        u.dienst.bearbeiten(zustellung_id)
    u.neu_starten()
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert len(u.transport.gespeichert) == 1, "exactly one message at the server"
    sends = [e for a, e in u.transport.aufrufe if a == "sendMessage"]
    if operation == "sendMessage":
        assert sends == [False, True]


def commits_zaehlen(u: Umgebung, zustellung_id: str) -> list[int]:
    """How many events each commit of the workflow stored (filled while it runs)."""
    commits: list[int] = []
    speichern: Callable = u.dienst._speichern

    def zaehlen(*args: Any, **kwargs: Any):
        vorher = len(u.typen(zustellung_id))
        ergebnis = speichern(*args, **kwargs)
        if len(u.typen(zustellung_id)) > vorher:
            commits.append(len(u.typen(zustellung_id)) - vorher)
        return ergebnis

    u.dienst._speichern = zaehlen
    return commits


def test_acceptance_is_stored_with_the_first_report_in_one_commit(u: Umgebung) -> None:
    """Opening, then MessageIdVergeben+VersandVersucht before the send, then VersandAngenommen
    with the report's outcome: three commits (docs/adr/0051)."""
    zustellung_id = u.eroeffnen()
    commits = commits_zaehlen(u, zustellung_id)
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert u.typen(zustellung_id) == GLATT
    assert commits == [2, 3]


def test_an_open_first_report_stores_the_acceptance_on_its_own(u: Umgebung) -> None:
    zustellung_id = u.eroeffnen()
    commits = commits_zaehlen(u, zustellung_id)
    u.transport.skript["getTransportReport"] = [0]
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert u.typen(zustellung_id) == GLATT
    assert commits == [2, 1, 2]


def test_prepared_the_opening_stores_the_id_and_the_first_send_needs_no_commit(u) -> None:
    umschlag = u.umschlag()
    zustellung_id = handlers.zustellung_id_fuer(umschlag.event_id)
    commits = commits_zaehlen(u, zustellung_id)
    u.eroeffnen_wie_der_dienst(umschlag)
    assert u.typen(zustellung_id) == GLATT[:4]
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert u.typen(zustellung_id) == GLATT
    assert commits == [3]
    assert [a for a, _ in u.transport.aufrufe] == [
        "createMessageId",
        "sendMessage",
        "getTransportReport",
    ]
    assert u.transport.aufrufe[1] == ("sendMessage", False)
    assert u.eroeffnen_wie_der_dienst(umschlag) == zustellung_id
    assert [a for a, _ in u.transport.aufrufe].count("createMessageId") == 1, "a duplicate"


def test_prepared_then_a_crash_before_the_send_sends_once_on_restart(u: Umgebung) -> None:
    zustellung_id = u.eroeffnen_wie_der_dienst()
    u.neu_starten()  # the process died after the opening commit
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert [e for a, e in u.transport.aufrufe if a == "sendMessage"] == [True]
    assert len(u.transport.gespeichert) == 1


def test_the_sweeper_leaves_a_delivery_alone_until_the_consumer_handed_it_over(u) -> None:
    """Between the opening commit and ``merken`` the sweeper must not drive the delivery
    from the store while the consumer still holds what it prepared."""
    umschlag = u.umschlag()
    zustellung_id = handlers.zustellung_id_fuer(umschlag.event_id)
    merken = u.dienst.merken
    gesehen: list[list[str]] = []

    def erst_fegen(z: Zustellung, korrelation: str, vorab: Any = None) -> None:
        assert u.laden(zustellung_id).status.value == "wird_gesendet"
        gesehen.append(u.dienst.faellige(set()))
        merken(z, korrelation, vorab)

    u.dienst.merken = erst_fegen
    u.eroeffnen_wie_der_dienst(umschlag)
    assert gesehen == [[]]
    assert u.dienst.faellige(set()) == [zustellung_id]
    u.dienst.eroeffnung_beendet(umschlag)
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert [e for a, e in u.transport.aufrufe if a == "sendMessage"] == [False]


def test_what_was_prepared_is_not_used_once_the_delivery_moved_on(u: Umgebung) -> None:
    umschlag = u.umschlag()
    zustellung_id = handlers.zustellung_id_fuer(umschlag.event_id)
    u.eroeffnen_wie_der_dienst(umschlag)
    u.neu_starten()  # another process ran it meanwhile: VersandVersucht 2, a failed send ...
    u.transport.skript["sendMessage"] = [fehler("9030", "down")]
    assert u.dienst.bearbeiten(zustellung_id) is not None
    vorher = len(u.transport.aufrufe)
    # ... while this one still holds the prepared attachments at the opening's version
    u.dienst._versandbereit[zustellung_id] = ((), 4)
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    sends = [e for a, e in u.transport.aufrufe[vorher:] if a == "sendMessage"]
    assert sends == [True]
    assert u.typen(zustellung_id).count("VersandVersucht") == 3, "one before every send"


@pytest.mark.parametrize("operation", ["createMessageId", "anlagen"])
def test_a_retryable_failure_while_preparing_is_stored_with_the_opening(u, operation) -> None:
    if operation == "createMessageId":
        u.transport.skript["createMessageId"] = [fehler("9030", "down")]
    else:
        u.dienst.anlagenquelle = KaputteAnlagen()
    zustellung_id = u.eroeffnen_wie_der_dienst()
    assert u.typen(zustellung_id) == [*GLATT[:2], "VersuchFehlgeschlagen"]
    u.dienst.anlagenquelle = TestAnlagen()
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert u.typen(zustellung_id) == [*GLATT[:2], "VersuchFehlgeschlagen", *GLATT[2:]]
    assert len(u.transport.gespeichert) == 1


def test_a_permanent_failure_while_preparing_fails_the_delivery(u: Umgebung) -> None:
    u.transport.skript["createMessageId"] = [fehler("9011", "locked")]
    zustellung_id = u.eroeffnen_wie_der_dienst()
    assert u.laden(zustellung_id).status.value == "fehlgeschlagen"
    assert u.letztes(zustellung_id)["error_code"] == "9011"
    assert u.dienst.bearbeiten(zustellung_id) is None
    assert [a for a, _ in u.transport.aufrufe] == ["createMessageId"]


def test_an_unrenderable_application_leaves_a_prepared_id_unused(u: Umgebung) -> None:
    antrag = copy.deepcopy(AntragEingereicht.example["antrag"])
    del antrag["abschnitte"]["antragsteller"]
    zustellung_id = u.eroeffnen_wie_der_dienst(u.umschlag(antrag=antrag))
    assert u.laden(zustellung_id).status.value == "fehlgeschlagen"
    assert u.letztes(zustellung_id)["error_code"] == "xoev_schema_invalid"
    assert u.transport.gespeichert == {}


def test_a_crash_before_the_first_report_sends_again_and_9024_counts_as_sent(u) -> None:
    """The acceptance was not stored yet: the store says wird_gesendet, the next send is a
    repeated one, and the server's 9024 means the message was taken."""
    zustellung_id = u.eroeffnen()
    u.transport.skript["getTransportReport"] = ["absturz"]
    with pytest.raises(Absturz):
        u.dienst.bearbeiten(zustellung_id)
    assert u.typen(zustellung_id)[-1] == "VersandVersucht"
    u.neu_starten()
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert [e for a, e in u.transport.aufrufe if a == "sendMessage"] == [False, True]
    assert len(u.transport.gespeichert) == 1
    stream = u.application.store.read_stream(Zustellung.stream_id_for(zustellung_id))
    (angenommen,) = [e.payload for e in stream if e.event_type == "VersandAngenommen"]
    assert angenommen["ergebnis"] == "bereits_angenommen"


def test_on_shutdown_an_acceptance_held_in_memory_is_stored(u: Umgebung) -> None:
    zustellung_id = u.eroeffnen()
    u.dienst.bericht_termine[zustellung_id] = (float("inf"), 0)
    speichern: Callable = u.dienst._senden

    def senden_und_warten(*args: Any, **kwargs: Any):
        ergebnis = speichern(*args, **kwargs)
        u.dienst.bericht_termine[zustellung_id] = (float("inf"), 0)
        return ergebnis

    u.dienst._senden = senden_und_warten
    assert u.dienst.bearbeiten(zustellung_id) is not None
    assert u.typen(zustellung_id)[-1] == "VersandVersucht"
    u.dienst.sichern()
    assert u.typen(zustellung_id)[-1] == "VersandAngenommen"
    u.neu_starten()
    u.dienst.bericht_termine.clear()
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert [a for a, _ in u.transport.aufrufe].count("sendMessage") == 1


@pytest.mark.parametrize("stelle", range(1, 7))
def test_a_crash_after_each_stored_event_resumes(u: Umgebung, stelle: int) -> None:
    """Kill the process right after the n-th event of the delivery is committed."""
    zustellung_id = u.eroeffnen()
    speichern: Callable = u.dienst._speichern
    gespeichert = {"n": 1}

    def speichern_und_sterben(*args: Any, **kwargs: Any):
        ergebnis = speichern(*args, **kwargs)
        gespeichert["n"] = len(u.typen(zustellung_id))
        if gespeichert["n"] >= stelle:
            raise Absturz()
        return ergebnis

    u.dienst._speichern = speichern_und_sterben
    if stelle > 1:
        with pytest.raises(Absturz):
            u.bis_final(zustellung_id)
    u.neu_starten()
    assert u.bis_final(zustellung_id).status.value == "zugestellt"
    assert u.typen(zustellung_id)[-1] == "NachrichtZugestellt"
    assert len(u.transport.gespeichert) == 1


def test_an_unconnected_jobcenter_fails_at_once(u: Umgebung) -> None:
    u.konfiguration = Konfiguration(
        xta=XtaEinstellungen.aus_umgebung({}), leser_ableiten=False, rueckoff=RUECKOFF
    )
    zustellung_id = u.eroeffnen()
    assert u.typen(zustellung_id) == ["ZustellungEroeffnet", "ZustellungFehlgeschlagen"]
    assert u.letztes(zustellung_id)["error_code"] == "jobcenter_nicht_angebunden"


def test_an_unrenderable_application_fails_with_xoev_schema_invalid(u: Umgebung) -> None:
    antrag = copy.deepcopy(AntragEingereicht.example["antrag"])
    del antrag["abschnitte"]["antragsteller"]
    zustellung_id = u.eroeffnen(antrag=antrag)
    assert u.bis_final(zustellung_id).status.value == "fehlgeschlagen"
    assert u.letztes(zustellung_id)["error_code"] == "xoev_schema_invalid"
    assert u.transport.aufrufe == []


def test_the_same_event_twice_opens_one_delivery(u: Umgebung) -> None:
    zustellung_id = u.eroeffnen()
    umschlag_id = u.application.store.read_stream(Zustellung.stream_id_for(zustellung_id))[
        0
    ].payload["antrag_event_id"]
    assert handlers.zustellung_id_fuer(umschlag_id) == zustellung_id
    assert handlers.zustellungen_auflisten(u.application, "offen")[0]["zustellung_id"] == (
        zustellung_id
    )


def test_personal_fields_are_sealed_at_rest(u: Umgebung) -> None:
    from sqlalchemy import text

    zustellung_id = u.eroeffnen()
    u.bis_final(zustellung_id)
    with u.application.database.read() as verbindung:
        roh = " ".join(r[0] for r in verbindung.execute(text("SELECT payload FROM events")))
    assert "Mustermann" not in roh and "DE02120300000000202051" not in roh


def test_the_cli_lists_shows_and_resends(u: Umgebung, tmp_path: Path, monkeypatch, capsys) -> None:
    import json

    from xta_gateway import cli

    monkeypatch.setenv("SOZ_DATA_DIR", str(tmp_path))
    zustellung_id = u.eroeffnen()
    u.transport.skript["getTransportReport"] = [3]
    u.bis_final(zustellung_id)
    capsys.readouterr()  # the workflow's log lines

    assert cli.main(["list", "--status", "fehlgeschlagen"]) == 0
    (zeile,) = json.loads(capsys.readouterr().out)
    assert (zeile["zustellung_id"], zeile["fehlercode"]) == (zustellung_id, "9032")
    assert cli.main(["show", zustellung_id]) == 0
    gezeigt = json.loads(capsys.readouterr().out)
    assert gezeigt["verlauf"][-1]["typ"] == "ZustellungFehlgeschlagen"
    assert "Mustermann" not in json.dumps(gezeigt)
    assert cli.main(["resend", zustellung_id]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "erstellt"
    assert cli.main(["resend", zustellung_id]) == 1
    assert cli.main(["show", "00000000-0000-0000-0000-000000000000"]) == 1
    assert cli.main(["geparkt"]) == 0


def test_the_embedded_configuration_lists_the_instance_s_zkt_and_derives_the_rest() -> None:
    from xta_gateway.konfiguration import EMBEDDED_DATEI

    repo = Path(__file__).resolve().parents[4]
    konfiguration = Konfiguration.aus_umgebung(
        {"SOZ_XTA_JOBCENTER_DATEI": str(repo / EMBEDDED_DATEI)}
    )
    instanz = (repo / "deploy" / "embedded" / "instance.env").read_text()
    (zeile,) = [z for z in instanz.splitlines() if z.startswith("SOZ_ANGEBUNDENE_ZKT=")]
    assert set(konfiguration.jobcenter) == set(zeile.split("=", 1)[1].split(","))
    assert konfiguration.anbindung("43102").leser.name == "Jobcenter Main-Kinzig-Kreis"
    assert konfiguration.anbindung("68410").leser.wert == "jobcenter:68410"  # derived
    assert konfiguration.jobcenter_von_leser("jobcenter:68410") == "68410"
    assert konfiguration.xta.endpunkt == "http://127.0.0.1:8700/xta"


def test_a_resend_after_a_rendering_failure_renders_again(u: Umgebung) -> None:
    antrag = copy.deepcopy(AntragEingereicht.example["antrag"])
    del antrag["abschnitte"]["antragsteller"]
    zustellung_id = u.eroeffnen(antrag=antrag)
    handlers.erneut_zustellen(u.application, zustellung_id)
    assert u.laden(zustellung_id).status.value == "eroeffnet"
    assert u.bis_final(zustellung_id).status.value == "fehlgeschlagen"
    assert u.typen(zustellung_id).count("ZustellungFehlgeschlagen") == 2
    assert u.transport.aufrufe == []


# -- a person's Postkorb reply (docs/adr/0055) -----------------------------------------------


class PostkorbAnlagen(Anlagenquelle):
    """postkorb.anlage_datei(nachricht_id, anlage_id): records whose files were asked for."""

    def __init__(self) -> None:
        self.besitzer: list[str] = []

    def holen(self, nachricht_id: str, anlage: dict):
        self.besitzer.append(nachricht_id)
        return pruefen(anlage, b"test", f"a-{anlage['anlage_id']}")


def postkorb_umschlag(**aenderungen: Any) -> Envelope:
    from contracts.events.postkorb import PostkorbAntwortVerfasst

    payload = copy.deepcopy(PostkorbAntwortVerfasst.example)
    payload["anlagen"][0].update(
        sha256="9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", groesse=4
    )
    payload.update({"nachricht_id": new_id(), **aenderungen})
    return Envelope(
        new_id(), "PostkorbAntwortVerfasst", 1, utc_now_rfc3339(), "postkorb",
        f"postfach-{payload['person_id']}", 4, new_id(), None, payload,
    )  # fmt: skip


def postkorb_eroeffnen(u: Umgebung, umschlag: Envelope, *, wie_der_dienst: bool = False) -> str:
    vorab = u.dienst.vorbereiten(umschlag) if wie_der_dienst else None
    eroeffnet: list[Zustellung] = []

    def handler(umschlag_: Envelope, uow: Any) -> None:
        eroeffnet.append(
            handlers.postkorb_antwort_verfasst(
                umschlag_,
                uow,
                konfiguration=u.konfiguration,
                erstellen=lambda z: u.dienst.erstellen(z, vorab),
                referenz_uuid=handlers.referenz_uuid_fuer(
                    u.application, umschlag_.payload.get("antwort_auf_message_id")
                ),
            )
        )

    if handle_once(u.application, handlers.CONSUMER_POSTKORB_ANTWORT, umschlag, handler):
        u.dienst.merken(eroeffnet[-1], umschlag.correlation_id, vorab)
    u.dienst.eroeffnung_beendet(umschlag)
    return handlers.zustellung_id_fuer_postkorb(umschlag.payload["nachricht_id"])


@pytest.fixture
def pu(u: Umgebung) -> Umgebung:
    u.postkorb_anlagen = PostkorbAnlagen()
    u.dienst.postkorb_anlagen = u.postkorb_anlagen
    return u


POSTKORB_GLATT = ["PostkorbZustellungEroeffnet", *GLATT[1:]]


@pytest.mark.parametrize("wie_der_dienst", [False, True], ids=["schritte", "vorbereitet"])
def test_a_postkorb_reply_takes_the_same_workflow_and_reports_art(pu, wie_der_dienst) -> None:
    umschlag = postkorb_umschlag()
    p = umschlag.payload
    zustellung_id = postkorb_eroeffnen(pu, umschlag, wie_der_dienst=wie_der_dienst)
    assert pu.bis_final(zustellung_id).status.value == "zugestellt"
    assert pu.typen(zustellung_id) == POSTKORB_GLATT
    assert [a for a, _ in pu.transport.aufrufe] == [
        "createMessageId",
        "sendMessage",
        "getTransportReport",
    ]
    (sendung,) = pu.transport.gespeichert.values()
    assert sendung.nachrichtentyp.code == "postkorb.antwort.0201"
    assert sendung.geschaeftsszenario.code == "SOZ_POSTKORB"
    assert sendung.service == "urn:xoev-de:sozialplattform:dienst:postkorb"
    assert sendung.in_reply_to == (p["antwort_auf_message_id"],)
    assert [a.anlage_id for a in sendung.anlagen] == [f"a-{p['anlagen'][0]['anlage_id']}"]
    assert pu.postkorb_anlagen.besitzer == [p["nachricht_id"]]  # not antrag's anlage_datei
    Schema().pruefen(etree.fromstring(sendung.nachricht))
    ergebnis = pu.application.store.read_stream(Zustellung.stream_id_for(zustellung_id))[-1]
    assert ergebnis.schema_version == 2
    assert {k: ergebnis.payload.get(k) for k in ("art", "nachricht_id", "antrag_id")} == {
        "art": "postkorb_antwort",
        "nachricht_id": p["nachricht_id"],
        "antrag_id": p["antrag_id"],
    }
    (zeile,) = handlers.zustellungen_auflisten(pu.application, "zugestellt")
    assert (zeile["art"], zeile["nachricht_id"], zeile["leistung"]) == (
        "postkorb_antwort",
        p["nachricht_id"],
        None,
    )


def test_the_same_postkorb_message_twice_sends_nothing_new(pu) -> None:
    erstes = postkorb_umschlag()
    zustellung_id = postkorb_eroeffnen(pu, erstes, wie_der_dienst=True)
    pu.bis_final(zustellung_id)
    # the same event redelivered, and the same message in an event of its own (re-published)
    assert postkorb_eroeffnen(pu, erstes, wie_der_dienst=True) == zustellung_id
    zweites = postkorb_umschlag(nachricht_id=erstes.payload["nachricht_id"])
    assert postkorb_eroeffnen(pu, zweites, wie_der_dienst=True) == zustellung_id
    assert pu.bis_final(zustellung_id).status.value == "zugestellt"
    assert len(pu.transport.gespeichert) == 1
    assert [a for a, _ in pu.transport.aufrufe].count("createMessageId") == 1
    assert pu.typen(zustellung_id) == POSTKORB_GLATT


def test_a_failed_reply_reports_art_and_the_operator_resends_it(pu) -> None:
    umschlag = postkorb_umschlag()
    del umschlag.payload["antrag_id"]
    zustellung_id = postkorb_eroeffnen(pu, umschlag)
    pu.transport.skript["getTransportReport"] = [3]
    assert pu.bis_final(zustellung_id).status.value == "fehlgeschlagen"
    letztes = pu.letztes(zustellung_id)
    assert (letztes["art"], letztes["error_code"], "antrag_id" in letztes) == (
        "postkorb_antwort",
        "9032",
        False,
    )
    handlers.erneut_zustellen(pu.application, zustellung_id)
    assert pu.bis_final(zustellung_id).status.value == "zugestellt"
    assert len(pu.transport.gespeichert) == 2  # a red report: a new MessageID
    gezeigt = handlers.zustellung_ansehen(pu.application, zustellung_id)
    assert gezeigt["art"] == "postkorb_antwort"
    assert "betreff" not in gezeigt["verlauf"][0] and "Kontoauszüge" not in str(gezeigt)


def test_a_reply_s_personal_fields_are_sealed_and_never_logged(pu, capsys) -> None:
    from sqlalchemy import text

    zustellung_id = postkorb_eroeffnen(pu, postkorb_umschlag(betreff="Geheimer Betreff"))
    pu.transport.skript["sendMessage"] = [fehler("9030", "internal")]
    pu.bis_final(zustellung_id)
    with pu.application.database.read() as verbindung:
        roh = " ".join(r[0] for r in verbindung.execute(text("SELECT payload FROM events")))
    assert "Geheimer Betreff" not in roh and "Kontoausz" not in roh and "kontoauszuege" not in roh
    ausgabe = capsys.readouterr()
    assert "Geheimer" not in ausgabe.out + ausgabe.err


def test_the_reply_refers_to_the_jobcenter_s_message_received_here(pu) -> None:
    from kernel.eventstore import NewEvent
    from xta_gateway.postfach import eingang_stream_id

    xml = Path(__file__).resolve().parents[4] / "contracts/xoev/beispiele"
    xml = (xml / "postkorb.nachricht.0202.xml").read_text()
    uuid_0202 = etree.fromstring(xml.encode()).findtext(
        ".//{urn:xoev-de:sozialplattform:schemata:antrag:1}nachrichtenUUID"
    )
    umschlag = postkorb_umschlag()
    message_id = umschlag.payload["antwort_auf_message_id"]
    with pu.application.unit_of_work() as uow:
        uow.append(
            eingang_stream_id(message_id),
            0,
            [
                NewEvent(
                    "NachrichtEingegangen",
                    {
                        "message_id": message_id,
                        "person_id": umschlag.payload["person_id"],
                        "jobcenter_id": "68410",
                        "autor": "jobcenter:68410",
                        "nachricht": xml,
                        "anlagen": [],
                        "empfangen_am": "2026-01-20T14:05:00+00:00",
                    },
                )
            ],
        )
        uow.commit()
    zustellung_id = postkorb_eroeffnen(pu, umschlag)
    pu.bis_final(zustellung_id)
    (sendung,) = pu.transport.gespeichert.values()
    referenz = etree.fromstring(sendung.nachricht).findtext(
        ".//{urn:xoev-de:sozialplattform:schemata:antrag:1}referenzUUID"
    )
    assert referenz == uuid_0202


def test_outcomes_stored_as_v1_read_as_v2_with_art_antrag(u: Umgebung) -> None:
    from contracts.events.xta_gateway import NachrichtZugestellt
    from kernel.eventstore import NewEvent

    payload = dict(NachrichtZugestellt.example, zustellung_id=new_id())
    stream = Zustellung.stream_id_for(payload["zustellung_id"])
    with u.application.unit_of_work() as uow:
        uow.append(stream, 0, [NewEvent("NachrichtZugestellt", payload, 1)])
        uow.commit()
    (gelesen,) = u.application.store.read_stream(stream)
    assert (gelesen.schema_version, gelesen.payload["art"]) == (2, "antrag")


def test_a_read_model_from_before_postkorb_replies_is_rebuilt(u: Umgebung) -> None:
    from sqlalchemy import text

    from xta_gateway.projections import lesemodell_anpassen

    zustellung_id = u.eroeffnen()
    u.bis_final(zustellung_id)
    assert lesemodell_anpassen(u.application) is False
    with u.application.database.write() as verbindung:  # the table as it was before
        verbindung.execute(text("DROP TABLE zustellungen"))
        verbindung.execute(
            text(
                "CREATE TABLE zustellungen (zustellung_id VARCHAR(36) PRIMARY KEY, "
                "antrag_id VARCHAR(36) NOT NULL)"
            )
        )
    assert lesemodell_anpassen(u.application) is True
    (zeile,) = handlers.zustellungen_auflisten(u.application)
    assert (zeile["zustellung_id"], zeile["art"], zeile["status"]) == (
        zustellung_id,
        "antrag",
        "zugestellt",
    )


def test_an_application_s_outcome_says_antrag_or_kurzantrag(u: Umgebung) -> None:
    for kurz, art in ((False, "antrag"), (True, "kurzantrag")):
        zustellung_id = u.eroeffnen(kurzantrag=kurz, anlagen=[])
        u.bis_final(zustellung_id)
        letztes = u.letztes(zustellung_id)
        assert (letztes["art"], "nachricht_id" in letztes) == (art, False)


def _endgueltig_zaehler(code: str) -> float:
    from xta_gateway import metriken

    return metriken.ENDGUELTIG_FEHLGESCHLAGEN.labels(code, "68410")._value.get()


@pytest.mark.parametrize(
    ("fall", "code", "endgueltig"),
    [
        ("xoev_ungueltig", "xoev_schema_invalid", True),
        ("jobcenter_nicht_angebunden", "jobcenter_nicht_angebunden", True),
        ("inhalt_abgelehnt_9050", "9050", True),
        ("virus_9060", "9060", True),
        ("konto_gesperrt_9011", "9011", False),
        ("wiederholungen_erschoepft", "9030", False),
    ],
)
def test_a_failure_no_retry_can_mend_is_marked_logged_without_content_and_counted(
    u: Umgebung, fall: str, code: str, endgueltig: bool
) -> None:
    """An XÖV message its schema refuses (as a control character in a name once made it)
    failed the delivery for good, nothing was logged, and the person was told operations
    would redeliver (issue #10, 3). Now the failure event says whether any retry can mend
    it (v3 ``endgueltig``), and such a failure is an error in the log (ids, code, where in
    the message) and a count."""
    antrag = copy.deepcopy(AntragEingereicht.example["antrag"])
    if fall == "xoev_ungueltig":  # a date the form let through, which the XSD refuses
        antrag["abschnitte"]["antragsteller"]["geburtsdatum"] = "1980-02-30"
    elif fall == "jobcenter_nicht_angebunden":
        u.konfiguration = Konfiguration(
            xta=XtaEinstellungen.aus_umgebung({}), leser_ableiten=False, rueckoff=RUECKOFF
        )
        u.neu_starten()
    elif fall == "wiederholungen_erschoepft":
        u.transport.skript["createMessageId"] = [fehler("9030", "down")] * 5
    else:
        u.transport.skript["sendMessage"] = [fehler(code, "refused")]
    vorher = _endgueltig_zaehler(code)
    # The service's own log set-up, writing where this test reads: an earlier test may have
    # set it up on a stream that is no longer the one captured.
    ausgabe = io.StringIO()
    root = logging.getLogger()
    handler_vorher, stufe_vorher = root.handlers[:], root.level
    configure_logging("xta_gateway", "INFO", stream=ausgabe)

    try:
        zustellung_id = u.eroeffnen_wie_der_dienst(u.umschlag(antrag=antrag))
        assert u.bis_final(zustellung_id).status.value == "fehlgeschlagen"
    finally:
        root.handlers, root.level = handler_vorher, stufe_vorher

    (gespeichert,) = [
        e
        for e in u.application.store.read_stream(Zustellung.stream_id_for(zustellung_id))
        if e.event_type == "ZustellungFehlgeschlagen"
    ]
    assert gespeichert.schema_version == 3
    assert (gespeichert.payload["error_code"], gespeichert.payload["endgueltig"]) == (
        code,
        endgueltig,
    )
    log = ausgabe.getvalue().encode().decode("unicode_escape")  # JSON lines, read as text
    assert ("zustellung_endgueltig_fehlgeschlagen" in log) is endgueltig
    assert _endgueltig_zaehler(code) == vorher + endgueltig
    assert "Mustermann" not in log and "1980-02-30" not in log
    if fall == "xoev_ungueltig":
        assert "XÖV schema violation at line" in log
