"""The service as `make run` runs it: real `nameko run` processes of termine and
zustaendigkeit on RabbitMQ. Search by postcode through zustaendigkeit's ``lage``, an anonymous
booking with its link, the published TerminGebucht, staff isolation over RPC, errors as named
expected exceptions, and no concern in the log."""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterator

import pytest
from kombu import Connection, Exchange, Queue
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ClusterRpcClient
from termine_testhilfen import ANGEBOT_KOELN, BONN, KOELN, anwendung_fuer, stellen_dokumente

from kernel.nameko.rpc import rpc_publish_options
from kernel.testing import ServiceProcess
from termine import handlers, verzeichnis_laden
from termine.domain.stelle import stelle_aus_dokument

pytestmark = pytest.mark.rabbitmq

ANLIEGEN = "Mahnbescheid vom Inkassobüro Musterfrau"  # must never show up in a log
LEITUNG_KOELN = str(uuid.uuid4())
LEITUNG_BONN = str(uuid.uuid4())


@pytest.fixture(scope="module")
def amqp_uri() -> str:
    return os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")


@pytest.fixture(scope="module")
def dienste(tmp_path_factory: pytest.TempPathFactory, amqp_uri: str) -> Iterator[ServiceProcess]:
    ordner = tmp_path_factory.mktemp("termine")
    var = ordner / "var"
    var.mkdir()
    # The directory of the tests, and two staff accounts, before the service starts.
    anwendung = anwendung_fuer(f"sqlite:///{var}/termine.db", f"sqlite:///{var}/termine-keys.db")
    verzeichnis_laden.uebernehmen(
        anwendung, [stelle_aus_dokument(d) for d in stellen_dokumente()], "hsds"
    )
    handlers.zugang_erteilen(anwendung, LEITUNG_KOELN, KOELN, "leitung")
    handlers.zugang_erteilen(anwendung, LEITUNG_BONN, BONN, "leitung")
    anwendung.close()
    zustaendigkeit = ServiceProcess(
        "zustaendigkeit.service:ZustaendigkeitService",
        amqp_uri=amqp_uri,
        log_path=ordner / "zustaendigkeit.log",
        ready_timeout=90,
        env={"SOZ_SERVICE_NAME": "zustaendigkeit", "SOZ_DATA_DIR": str(ordner / "zv")},
    )
    termine = ServiceProcess(
        "termine.service:TermineService",
        amqp_uri=amqp_uri,
        log_path=ordner / "termine.log",
        ready_timeout=60,
        env={"SOZ_SERVICE_NAME": "termine", "SOZ_DATA_DIR": str(var), "SOZ_TERMINE_DEMO": "0"},
    )
    zustaendigkeit.start()
    termine.start()
    yield termine
    termine.stop()
    zustaendigkeit.stop()


def rpc(amqp_uri: str, person_id: str | None = None):  # noqa: ANN201
    kontext = {"person_id": person_id} if person_id else {}
    return ClusterRpcClient(
        context_data=kontext, uri=amqp_uri, timeout=20, **rpc_publish_options(amqp_uri)
    )


def test_search_book_anonymously_and_staff_isolation_over_rabbitmq(dienste, amqp_uri):
    verbindung = Connection(amqp_uri)
    kanal = verbindung.channel()
    warteschlange = Queue(
        f"test-termine-{uuid.uuid4().hex[:8]}",
        Exchange("termine.events", type="topic", durable=True),
        routing_key="TerminGebucht",
        exclusive=True,
    )
    warteschlange(kanal).declare()

    with rpc(amqp_uri) as client:
        antwort = client.termine.suchen(plz="50667", thema="schuldnerberatung")
        assert [t["id"] for t in antwort["treffer"]] == [KOELN]
        assert antwort["ort"]["ags"] == "05315000" and antwort["beispieldaten"] is True
        with pytest.raises(RemoteError) as unbekannt:
            client.termine.suchen(plz="00000")
        assert unbekannt.value.exc_type == "OrtUnbekannt"
        frei = client.termine.freie_termine(KOELN, angebot_id=ANGEBOT_KOELN, art="vor_ort")[
            "termine"
        ]
        gebucht = client.termine.buchen(
            KOELN,
            ANGEBOT_KOELN,
            frei[0]["beginn"],
            "vor_ort",
            anliegen=ANLIEGEN,
            kontakt={"email": "person@example.org"},
            client_adresse="203.0.113.9",
        )
        # At most two counsellors share a time: the third booking of it is refused.
        with pytest.raises(RemoteError) as vergeben:
            for _ in range(2):
                client.termine.buchen(KOELN, ANGEBOT_KOELN, frei[0]["beginn"], "vor_ort")
        assert vergeben.value.exc_type == "TerminVergeben"
        assert json.loads(vergeben.value.value)["naechste_freie"]
        with pytest.raises(RemoteError) as falsch:
            client.termine.buchung(gebucht["id"], "x" * 43)
        assert falsch.value.exc_type == "NichtGefunden"
        assert client.termine.buchung(gebucht["id"], gebucht["geheimnis"])["anliegen"] == ANLIEGEN
        ics = client.termine.kalenderdatei(gebucht["id"], gebucht["geheimnis"])
        assert ics["inhalt"].startswith("BEGIN:VCALENDAR")

    with rpc(amqp_uri, LEITUNG_BONN) as bonn, rpc(amqp_uri, LEITUNG_KOELN) as koeln:
        assert bonn.termine.buchungen_der_stelle(bis=frei[0]["beginn"][:10])["buchungen"] == []
        with pytest.raises(RemoteError) as fremd:
            bonn.termine.durch_stelle_stornieren(gebucht["id"], "Keine Zeit")
        assert fremd.value.exc_type == "NichtGefunden"
        eigene = koeln.termine.buchungen_der_stelle(bis=frei[0]["beginn"][:10])["buchungen"]
        assert [b["anliegen"] for b in eigene if b["id"] == gebucht["id"]] == [ANLIEGEN]
        assert (
            koeln.termine.durch_stelle_stornieren(gebucht["id"], "Erkrankt")["status"]
            == "storniert"
        )

    nachricht = None
    ende = time.monotonic() + 10
    while nachricht is None and time.monotonic() < ende:
        nachricht = warteschlange(kanal).get(no_ack=True)
        time.sleep(0.1) if nachricht is None else None
    assert nachricht is not None
    umschlag = (
        json.loads(nachricht.body) if isinstance(nachricht.body, bytes | str) else nachricht.body
    )
    assert umschlag["event_type"] == "TerminGebucht" and umschlag["schema_version"] == 2
    assert (
        umschlag["payload"]["termin_id"] == gebucht["id"] and "person_id" not in umschlag["payload"]
    )
    verbindung.release()
    log = dienste.log()
    assert ANLIEGEN not in log and "person@example.org" not in log and "203.0.113.9" not in log
