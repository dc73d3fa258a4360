"""The real xta-gateway process (`nameko run`) against the real counterpart (a subprocess) and
RabbitMQ: an AntragEingereicht arrives exactly once at the Jobcenter's mailbox, validates
there, and NachrichtZugestellt appears on xta_gateway.events (the service runs under a name of its
own here, ADR 0017)."""

from __future__ import annotations

import hashlib
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import xta_testhilfen as hilfen
from lxml import etree
from nameko.exceptions import RemoteError
from nameko.standalone.rpc import ClusterRpcClient

pytestmark = pytest.mark.rabbitmq
XSD = hilfen.REPO / "contracts" / "xoev" / "sozialplattform-antrag-1.0.xsd"


@dataclass
class Plattform:
    gegenstelle: hilfen.Gegenstelle
    attrappe: hilfen.AttrappeProzess
    dienst: hilfen.XtaGatewayProzess
    veroeffentlicher: hilfen.Veroeffentlicher
    beobachter: hilfen.Beobachter
    jobcenter_id: str

    @property
    def leser(self) -> str:
        return f"jobcenter:{self.jobcenter_id}"

    def rpc(self, methode: str, *argumente: object, **optionen: str) -> object:
        """``user_id="guest"``: the request names its broker user, as a service's does."""
        with ClusterRpcClient(uri=hilfen.AMQP, timeout=10, **optionen) as client:
            return getattr(client[self.dienst.dienstname], methode)(*argumente)


@pytest.fixture
def plattform(tmp_path: Path) -> Iterator[Plattform]:
    gegenstelle = hilfen.Gegenstelle(tmp_path / "gegenstelle").starten()
    attrappe, name = hilfen.attrappe(tmp_path)
    attrappe.start()
    dienst = hilfen.xta_gateway(tmp_path, gegenstelle, name)
    beobachter = hilfen.Beobachter(dienst.dienstname)
    veroeffentlicher = hilfen.Veroeffentlicher()
    try:
        dienst.start()
        yield Plattform(
            gegenstelle, attrappe, dienst, veroeffentlicher, beobachter, hilfen.zufalls_jobcenter()
        )
    finally:
        dienst.aufraeumen()
        attrappe.aufraeumen()
        gegenstelle.stoppen()
        beobachter.schliessen()
        veroeffentlicher.schliessen()


def test_an_application_arrives_once_validates_and_is_reported_delivered(plattform) -> None:
    umschlag = hilfen.antrag_eingereicht(plattform.jobcenter_id)
    antrag_id = umschlag.payload["antrag_id"]
    plattform.veroeffentlicher.senden(umschlag)

    zugestellt = hilfen.warten_bis(
        lambda: plattform.beobachter.ereignisse("NachrichtZugestellt", {antrag_id}), 30
    )
    assert zugestellt, plattform.dienst.log()[-3000:]
    ereignis = zugestellt[0]
    assert ereignis["producer"] == plattform.dienst.dienstname  # xta_gateway in production
    assert ereignis["correlation_id"] == umschlag.correlation_id
    payload = ereignis["payload"]
    assert payload["status"] == "green"
    assert payload["jobcenter_id"] == plattform.jobcenter_id
    assert payload["person_id"] == umschlag.payload["person_id"]

    (angekommen,) = plattform.gegenstelle.nachrichten(plattform.leser)
    assert angekommen["message_id"] == payload["message_id"]
    assert angekommen["service"] == "urn:xoev-de:sozialplattform:dienst:antrag"
    xml = plattform.gegenstelle.nachricht(payload["message_id"])
    assert hashlib.sha256(xml).hexdigest() == angekommen["sha256"]
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    dokument = etree.fromstring(xml)
    assert schema.validate(dokument), schema.error_log
    ns = {"soz": "urn:xoev-de:sozialplattform:schemata:antrag:1"}
    assert dokument.findtext(".//soz:antragsID", namespaces=ns) == antrag_id
    assert dokument.findtext(".//soz:leser/soz:kennung", namespaces=ns) == plattform.leser
    assert dokument.findtext(".//soz:autor/soz:kennung", namespaces=ns) == "sozialplattform:test"

    # The same event again (a redelivery): no second delivery.
    plattform.veroeffentlicher.senden(umschlag)
    time.sleep(2)
    assert len(plattform.gegenstelle.nachrichten(plattform.leser)) == 1
    assert len(plattform.beobachter.ereignisse("NachrichtZugestellt", {antrag_id})) == 1

    # Operators see it with its history, and cannot send a delivered one again.
    (eintrag,) = [
        z
        for z in plattform.rpc("zustellungen", "zugestellt", plattform.jobcenter_id)
        if z["antrag_id"] == antrag_id
    ]
    einzeln = plattform.rpc("zustellung", eintrag["zustellung_id"])
    assert [v["typ"] for v in einzeln["verlauf"]] == [
        "ZustellungEroeffnet",
        "NachrichtErstellt",
        "MessageIdVergeben",
        "VersandVersucht",
        "VersandAngenommen",
        "TransportberichtErhalten",
        "NachrichtZugestellt",
    ]
    assert "antrag" not in einzeln["verlauf"][0] and "nachricht" not in einzeln["verlauf"][1]

    metriken = urllib.request.urlopen(f"{plattform.dienst.url}/metrics", timeout=5).read()
    zeile = f'xta_zustellungen{{jobcenter="{plattform.jobcenter_id}",status="zugestellt"}} 1.0'
    assert zeile in metriken.decode()


def test_a_short_filing_is_delivered_as_kurzantrag_0102(plattform) -> None:
    umschlag = hilfen.antrag_eingereicht(plattform.jobcenter_id, kurzantrag=True, anlagen=[])
    antrag_id = umschlag.payload["antrag_id"]
    plattform.veroeffentlicher.senden(umschlag)
    (zugestellt,) = hilfen.warten_bis(
        lambda: plattform.beobachter.ereignisse("NachrichtZugestellt", {antrag_id}), 30
    )
    xml = plattform.gegenstelle.nachricht(zugestellt["payload"]["message_id"])
    assert etree.QName(etree.fromstring(xml)).localname == "antrag.kurzantrag.0102"


def antwort_xml(antrag_id: str, jobcenter_id: str) -> str:
    vorlage = (hilfen.REPO / "contracts/xoev/beispiele/postkorb.nachricht.0202.xml").read_text()
    return vorlage.replace("0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60", antrag_id).replace(
        "jobcenter:68410", f"jobcenter:{jobcenter_id}"
    )


def test_the_jobcenter_writes_back_once_and_unreadable_mail_is_parked(plattform) -> None:
    umschlag = hilfen.antrag_eingereicht(plattform.jobcenter_id)
    antrag_id = umschlag.payload["antrag_id"]
    plattform.veroeffentlicher.senden(umschlag)
    (zugestellt,) = hilfen.warten_bis(
        lambda: plattform.beobachter.ereignisse("NachrichtZugestellt", {antrag_id}), 30
    )
    plattform.gegenstelle.stoerung(art="doppelte_zustellung", operation="close", anzahl=1)
    antwort = dict(
        leser="sozialplattform:test",
        autor=plattform.leser,
        service="urn:xoev-de:sozialplattform:dienst:postkorb",
        in_reply_to=zugestellt["payload"]["message_id"],
        anlagen=[
            {"dateiname": "bescheid.pdf", "mime": "application/pdf", "daten_base64": "JVBERg=="}
        ],
    )
    erste = plattform.gegenstelle.antworten(
        nachricht=antwort_xml(antrag_id, plattform.jobcenter_id), **antwort
    )
    kaputt = plattform.gegenstelle.antworten(
        nachricht='<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>', **antwort
    )

    empfangen = hilfen.warten_bis(
        lambda: plattform.beobachter.ereignisse("NachrichtEmpfangen", {antrag_id}), 30
    )
    assert empfangen, plattform.dienst.log()[-3000:]
    payload = empfangen[0]["payload"]
    assert payload["message_id"] == erste
    assert payload["person_id"] == umschlag.payload["person_id"]
    assert payload["jobcenter_id"] == plattform.jobcenter_id
    assert payload["antwort_auf_message_id"] == zugestellt["payload"]["message_id"]
    assert payload["betreff"] == "Fehlende Unterlagen"
    (anlage,) = payload["anlagen"]
    assert anlage["dateiname"] == "bescheid.pdf"
    # the Jobcenter's file only for a reader of SOZ_XTA_EINGANG_LESER (guest, postkorb)
    with pytest.raises(RemoteError) as verweigert:
        plattform.rpc("eingang_anlage", erste, anlage["anlage_id"])
    assert verweigert.value.exc_type == "NichtBerechtigt"
    bytes_ = plattform.rpc("eingang_anlage", erste, anlage["anlage_id"], user_id="guest")
    assert (bytes_["inhalt"], bytes_["sha256"]) == ("JVBERg==", anlage["sha256"])

    geparkt = hilfen.warten_bis(lambda: plattform.rpc("geparkte_nachrichten"), 15)
    assert [(g["message_id"], g["grund"]) for g in geparkt] == [(kaputt, "dtd_nicht_erlaubt")]
    # The close that did not close delivers the message again: it is stored once.
    time.sleep(2)
    assert len(plattform.beobachter.ereignisse("NachrichtEmpfangen", {antrag_id})) == 1


def test_a_slow_xta_server_blocks_neither_rpc_nor_health(plattform) -> None:
    plattform.gegenstelle.stoerung(
        art="verzoegerung", operation="createMessageId", sekunden=6, anzahl=1
    )
    umschlag = hilfen.antrag_eingereicht(plattform.jobcenter_id)
    antrag_id = umschlag.payload["antrag_id"]
    plattform.veroeffentlicher.senden(umschlag)
    assert hilfen.warten_bis(
        lambda: [
            z
            for z in plattform.rpc("zustellungen", "offen", plattform.jobcenter_id)
            if z["antrag_id"] == antrag_id
        ],
        10,
    )
    gestartet = time.monotonic()
    plattform.rpc("zustellungen", "offen")
    assert plattform.dienst.ready()
    assert time.monotonic() - gestartet < 1.0, "the service answered while XTA was slow"
    assert hilfen.warten_bis(
        lambda: plattform.beobachter.ereignisse("NachrichtZugestellt", {antrag_id}), 30
    )
