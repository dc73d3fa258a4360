"""A person's Postkorb reply through the real xta-gateway process (`nameko run`), the real
counterpart and RabbitMQ (docs/adr/0055): PostkorbAntwortVerfasst → exactly one
postkorb.antwort.0201 in the right reader's mailbox, valid against the XSD, its attachment
fetched from the (stand-in) postkorb service, NachrichtZugestellt v2 with art postkorb_antwort;
the same event again sends nothing. The service consumes from a postkorb source exchange of
this run's own (ADR 0017)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import xta_testhilfen as hilfen
from lxml import etree

pytestmark = pytest.mark.rabbitmq
XSD = hilfen.REPO / "contracts" / "xoev" / "sozialplattform-antrag-1.0.xsd"
NS = {"soz": "urn:xoev-de:sozialplattform:schemata:antrag:1"}


def test_a_postkorb_reply_arrives_once_validates_and_is_reported_with_art(tmp_path: Path) -> None:
    gegenstelle = hilfen.Gegenstelle(tmp_path / "gegenstelle").starten()
    postkorb, postkorb_name = hilfen.attrappe(tmp_path, "postkorb")
    quelle = hilfen.eigene_postkorb_quelle()
    # antrag's anlage_datei is never asked here: a name nobody runs
    dienst = hilfen.xta_gateway(
        tmp_path,
        gegenstelle,
        "antrag_niemand",
        quelle=hilfen.eigene_quelle(),
        quelle_postkorb=quelle,
        postkorb_dienst=postkorb_name,
    )
    beobachter = hilfen.Beobachter(dienst.dienstname)
    veroeffentlicher = hilfen.Veroeffentlicher(quelle)
    jobcenter_id = hilfen.zufalls_jobcenter()
    leser = f"jobcenter:{jobcenter_id}"
    try:
        postkorb.start()
        dienst.start()
        umschlag = hilfen.postkorb_antwort_verfasst(jobcenter_id)
        p = umschlag.payload
        veroeffentlicher.senden(umschlag)

        def zugestellt() -> list[dict]:
            return [
                e
                for e in beobachter.ereignisse("NachrichtZugestellt")
                if e["payload"].get("nachricht_id") == p["nachricht_id"]
            ]

        gesehen = hilfen.warten_bis(zugestellt, 15)
        assert gesehen, dienst.log()[-3000:]
        (ereignis,) = gesehen
        assert ereignis["schema_version"] == 2
        assert ereignis["correlation_id"] == umschlag.correlation_id
        payload = ereignis["payload"]
        assert (payload["art"], payload["antrag_id"], payload["status"]) == (
            "postkorb_antwort",
            p["antrag_id"],
            "green",
        )
        assert (payload["person_id"], payload["jobcenter_id"]) == (p["person_id"], jobcenter_id)

        (angekommen,) = gegenstelle.nachrichten(leser)
        assert angekommen["message_id"] == payload["message_id"]
        assert angekommen["service"] == "urn:xoev-de:sozialplattform:dienst:postkorb"
        xml = gegenstelle.nachricht(payload["message_id"])
        schema = etree.XMLSchema(etree.parse(str(XSD)))
        dokument = etree.fromstring(xml)
        assert schema.validate(dokument), schema.error_log
        assert etree.QName(dokument).localname == "postkorb.antwort.0201"
        assert dokument.findtext(".//soz:leser/soz:kennung", namespaces=NS) == leser
        assert dokument.findtext(".//soz:autor/soz:kennung", namespaces=NS) == (
            "sozialplattform:test"
        )
        assert dokument.findtext(".//soz:antragsID", namespaces=NS) == p["antrag_id"]
        assert dokument.findtext(".//soz:betreff", namespaces=NS) == p["betreff"]
        (anlage,) = dokument.findall(".//soz:anlage", NS)
        assert anlage.get("id") == f"a-{p['anlagen'][0]['anlage_id']}"

        # The same event again, and the same message re-published: nothing new is sent.
        veroeffentlicher.senden(umschlag)
        veroeffentlicher.senden(
            hilfen.postkorb_antwort_verfasst(
                jobcenter_id, **{k: p[k] for k in ("nachricht_id", "person_id", "antrag_id")}
            )
        )
        time.sleep(1.5)
        assert len(gegenstelle.nachrichten(leser)) == 1
        assert len(zugestellt()) == 1
        assert "Kontoausz" not in dienst.log()  # no personal data in the service's log
    finally:
        dienst.aufraeumen()
        postkorb.aufraeumen()
        gegenstelle.stoppen()
        beobachter.schliessen()
        veroeffentlicher.schliessen()
