"""The finder as `make run` runs it: a real `nameko run` process beside the real zustaendigkeit
service (real postcode data), in a RabbitMQ virtual host of this run's own. RPC answers, the
place resolved by zustaendigkeit (one Gemeinde, several to choose from, unknown), the
questionnaire's steps, FinderAusgewertet on finder.events, nothing personal in the log."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest
from kombu import Connection, Exchange, Queue
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ClusterRpcClient

from kernel.envelope import Envelope
from kernel.testing import ServiceProcess, virtual_host

pytestmark = pytest.mark.rabbitmq

AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
REPOSITORY = Path(__file__).resolve().parents[4]
MIETE = "987.65"  # must never show up in the log
HAUSHALT = {
    "wohnort": {"plz": "10115"},
    "personen": [
        {
            "rolle": "antragsteller",
            "alter": 31,
            "erwerbsfaehig": True,
            "einkommen": {"erwerb_brutto": 1234.56},
        },
        {"rolle": "kind", "alter": 6},
    ],
    "alleinerziehend": True,
    "wohnkosten": {"warmmiete": float(MIETE)},
}


@pytest.fixture(scope="module")
def amqp_uri() -> Iterator[str]:
    with virtual_host(AMQP_URI, "finder") as uri:
        yield uri


@pytest.fixture(scope="module")
def dienste(tmp_path_factory: pytest.TempPathFactory, amqp_uri: str) -> Iterator[ServiceProcess]:
    ordner = tmp_path_factory.mktemp("finder")
    zustaendigkeit = ServiceProcess(
        "zustaendigkeit.service:ZustaendigkeitService",
        amqp_uri=amqp_uri,
        env={"SOZ_SERVICE_NAME": "zustaendigkeit", "SOZ_DATA_DIR": str(ordner / "zustaendigkeit")},
        log_path=ordner / "zustaendigkeit.log",
        ready_timeout=120,
    )
    finder = ServiceProcess(
        "finder.service:FinderService",
        amqp_uri=amqp_uri,
        env={
            "SOZ_SERVICE_NAME": "finder",
            "SOZ_DATA_DIR": str(ordner / "finder"),
            "SOZ_LOG_LEVEL": "DEBUG",
        },
        log_path=ordner / "finder.log",
        ready_timeout=60,
    )
    try:
        with ThreadPoolExecutor(2) as pool:  # side by side: the finder needs it only to evaluate
            for gestartet in [pool.submit(p.start) for p in (zustaendigkeit, finder)]:
                gestartet.result()
        yield finder
    finally:
        finder.stop()
        zustaendigkeit.stop()


@pytest.fixture(scope="module")
def empfangen(amqp_uri: str, dienste: ServiceProcess) -> Iterator[Queue]:  # noqa: ARG001
    with Connection(amqp_uri) as connection:
        exchange = Exchange("finder.events", "topic", durable=True)
        queue = Queue(
            f"test-finder-{uuid.uuid4().hex[:8]}",
            exchange,
            routing_key="FinderAusgewertet",
            exclusive=True,
        )(connection.default_channel)
        queue.declare()
        yield queue


@pytest.fixture(scope="module")
def rpc(amqp_uri: str, dienste: ServiceProcess) -> Iterator:  # noqa: ARG001
    with ClusterRpcClient(uri=amqp_uri, timeout=20) as client:
        yield client.finder


def inhalt(fehler: RemoteError) -> dict:
    return orjson.loads(fehler.value)


def test_fragen_in_drei_sprachen(rpc) -> None:  # noqa: ANN001
    titel = {
        sprache: rpc.fragen(sprache=sprache)["schritte"][0]["titel"]
        for sprache in ("de", "en", "de-x-ls")
    }
    assert titel == {
        "de": "Wo wohnen Sie?",
        "en": "Where do you live?",
        "de-x-ls": "Wo wohnen Sie?",
    }
    with pytest.raises(RemoteError) as info:
        rpc.fragen(sprache="fr")
    assert info.value.exc_type == "EingabeUngueltig"


def test_auswertung_ueber_zustaendigkeit_mit_ereignis(
    rpc,
    empfangen: Queue,
    dienste: ServiceProcess,  # noqa: ANN001
) -> None:
    ergebnis = rpc.auswerten(anfrage=HAUSHALT, sprache="en")
    assert ergebnis["wohnort"] == {"plz": "10115", "ags": "11000000", "gemeinde": "Berlin"}
    leistungen = {e["leistung"]: e for e in ergebnis["ergebnisse"]}
    assert leistungen["kindergeld"]["einschaetzung"] == "wahrscheinlich"
    assert leistungen["kindergeld"]["betrag_monatlich"]["von"] > 0
    moeglich = sorted(
        k for k, e in leistungen.items() if e["einschaetzung"] in ("wahrscheinlich", "moeglich")
    )
    nachricht = None
    ende = time.monotonic() + 10
    while nachricht is None and time.monotonic() < ende:
        nachricht = empfangen.get(no_ack=True)
        time.sleep(0.05)
    assert nachricht is not None, "FinderAusgewertet was not published"
    envelope = Envelope.from_json(nachricht.body)
    assert envelope.schema_version == 3
    assert envelope.payload == {
        "anzahl": 1,
        "sprache": "en",
        "leistungen_moeglich": moeglich,
        "regelstand": envelope.payload["regelstand"],
        "land": "11",  # Berlin; never the Gemeinde or the postcode
        "parameterstand": ergebnis["parameterstand"],
    }
    log = dienste.log()
    assert "finder_ausgewertet" in log
    for persoenlich in (MIETE, "1234.56", "10115", "11000000"):
        assert persoenlich not in log


def test_mehrere_gemeinden_zur_wahl_und_unbekannte_postleitzahl(rpc) -> None:  # noqa: ANN001
    # 64395: Brensbach (Odenwaldkreis) and Groß-Bieberau (Darmstadt-Dieburg)
    anfrage = {**HAUSHALT, "wohnort": {"plz": "64395"}}
    with pytest.raises(RemoteError) as info:
        rpc.auswerten(anfrage=anfrage, sprache="de")
    assert info.value.exc_type == "EingabeUngueltig"
    gemeinden = inhalt(info.value)["details"]["gemeinden"]
    assert len(gemeinden) >= 2
    gewaehlt = gemeinden[-1]
    ergebnis = rpc.auswerten(
        anfrage={**anfrage, "wohnort": {"plz": "64395", "ags": gewaehlt["ags"]}}
    )
    assert ergebnis["wohnort"]["gemeinde"] == gewaehlt["name"]
    with pytest.raises(RemoteError) as info:
        rpc.auswerten(anfrage={**HAUSHALT, "wohnort": {"plz": "00000"}}, sprache="de")
    assert inhalt(info.value)["felder"][0]["feld"] == "wohnort.plz"


def test_ein_tag_ohne_werte(rpc) -> None:  # noqa: ANN001
    with pytest.raises(RemoteError) as info:
        rpc.auswerten(anfrage={**HAUSHALT, "stichtag": "2031-01-01"}, sprache="de")
    assert inhalt(info.value)["code"] == "keine_werte_fuer_stichtag"


def test_der_fragebogen_schritt_fuer_schritt(rpc) -> None:  # noqa: ANN001
    antwort = rpc.fragebogen(antworten={}, sprache="de-x-ls")
    assert antwort["schritt"]["id"] == "wohnort"
    antwort = rpc.fragebogen(antworten={"plz": "64395"}, schritt="wohnort", aktion="weiter")
    assert antwort["schritt"]["id"] == "wohnort"
    [gemeinde] = [f for f in antwort["schritt"]["fragen"] if f["id"] == "gemeinde"]
    assert len(gemeinde["optionen"]) >= 2
    antworten = {
        "plz": "10115",
        "alter": "45",
        "partner": "nein",
        "kinder_anzahl": "0",
        "erwerbsfaehig": "ja",
        "ausbildung": "keine",
        "warmmiete": "650",
    }
    schritt = None
    for _ in range(10):
        antwort = rpc.fragebogen(
            antworten=antworten, schritt=schritt, aktion="weiter", sprache="de"
        )
        if "ergebnis" in antwort:
            break
        schritt = antwort["schritt"]["id"]
        antworten = {**antworten, **antwort["antworten"]}
    assert "ergebnis" in antwort
    grundsicherung = {e["leistung"]: e for e in antwort["ergebnis"]["ergebnisse"]}[
        "grundsicherung_arbeitsuchende"
    ]
    assert grundsicherung["einschaetzung"] == "wahrscheinlich"
    assert grundsicherung["naechster_schritt"]["url"].startswith("/")
