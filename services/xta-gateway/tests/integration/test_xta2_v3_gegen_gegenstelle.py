"""The XTA 2 V3 adapter against the running counterpart: every operation, 9024, faults."""

from __future__ import annotations

import hashlib
import time

import pytest
import requests

from xta2_gegenstelle.operationen import Konfiguration
from xta_gateway.adapters import xta_fehler
from xta_gateway.adapters.xta import Anlage, Kennung, Status, Versandergebnis
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport


def bis_final(transport, message_id: str, frist: float = 5.0):
    ende = time.monotonic() + frist
    while True:
        bericht = transport.get_transport_report(message_id)
        if bericht.final or time.monotonic() > ende:
            return bericht
        time.sleep(0.05)


def test_send_with_mtom_then_follow_the_report_until_green(transport, gegenstelle, h) -> None:
    message_id = transport.create_message_id()
    assert message_id.startswith("urn:de:xta:messageid:")
    pdf = b"%PDF-1.7\r\n\x00\xffbinaer\r\n"
    ergebnis = transport.send_message(
        h.sendung(message_id, anlagen=(Anlage(pdf, "application/pdf", "lohn.pdf", "a-1"),))
    )
    assert ergebnis is Versandergebnis.ANGENOMMEN
    assert transport.get_transport_report(message_id).status is Status.OFFEN
    bericht = bis_final(transport, message_id)
    assert (bericht.status, bericht.zugestellt, bericht.server) == (
        Status.GRUEN,
        True,
        "xta2-gegenstelle",
    )
    gespeichert = gegenstelle.gegenstelle.ablage.nachricht(message_id, mit_anlagen=True)
    assert gespeichert.inhalt.daten == h.beispiel()  # validated there against contracts/xoev
    assert [(a.daten, a.attribute) for a in gespeichert.anlagen] == [
        (pdf, {"contentType": "application/pdf", "filename": "lohn.pdf", "id": "a-1"})
    ]
    liste = requests.get(f"{gegenstelle.url}/_gegenstelle/nachrichten", timeout=5).json()
    assert [(n["message_id"], n["sha256"]) for n in liste] == [
        (message_id, hashlib.sha256(h.beispiel()).hexdigest())
    ]


def test_inline_base64_when_mtom_is_off(gegenstelle, h) -> None:
    transport = Xta2V3Transport(h.einstellungen(gegenstelle.url, mtom=False))
    message_id = transport.create_message_id()
    transport.send_message(h.sendung(message_id, anlagen=(Anlage(b"\r\n", "text/plain"),)))
    gespeichert = gegenstelle.gegenstelle.ablage.nachricht(message_id, mit_anlagen=True)
    assert gespeichert.anlagen[0].daten == b"\r\n"


def test_9024_counts_as_sent_only_on_a_repeated_send(transport, gegenstelle, h) -> None:
    message_id = transport.create_message_id()
    transport.send_message(h.sendung(message_id))
    assert (
        transport.send_message(h.sendung(message_id), erneuter_versuch=True)
        is Versandergebnis.BEREITS_ANGENOMMEN
    )
    with pytest.raises(xta_fehler.MessageIdBereitsVergeben) as fehler:
        transport.send_message(h.sendung(message_id))
    assert (fehler.value.code, fehler.value.wiederholbar) == ("9024", False)
    assert len(gegenstelle.gegenstelle.ablage.nachrichten()) == 1


def test_a_lost_response_then_a_resend_delivers_exactly_once(transport, gegenstelle, h) -> None:
    message_id = transport.create_message_id()
    gegenstelle.stoerung(art="antwort_verlieren", operation="sendMessage")
    with pytest.raises(xta_fehler.VerbindungAbgebrochen) as fehler:
        transport.send_message(h.sendung(message_id))
    assert fehler.value.wiederholbar
    wieder = transport.send_message(h.sendung(message_id), erneuter_versuch=True)
    assert wieder is Versandergebnis.BEREITS_ANGENOMMEN
    assert [n.message_id for n in gegenstelle.gegenstelle.ablage.nachrichten()] == [message_id]
    assert bis_final(transport, message_id).zugestellt


@pytest.mark.parametrize(
    ("regel", "fehlerklasse", "code", "wiederholbar"),
    [
        ({"art": "http_503"}, xta_fehler.ServerNichtVerfuegbar, "http_5xx", True),
        ({"art": "verbindung_abbrechen"}, xta_fehler.VerbindungAbgebrochen, "verbindung", True),
        ({"art": "fehlercode", "code": "9030"}, xta_fehler.TechnischesProblem, "9030", True),
        ({"art": "fehlercode", "code": "9031"}, xta_fehler.TechnischesProblem, "9031", True),
        ({"art": "fehlercode", "code": "9032"}, xta_fehler.TechnischesProblem, "9032", True),
        ({"art": "fehlercode", "code": "9011"}, xta_fehler.ZugriffVerweigert, "9011", False),
        ({"art": "fehlercode", "code": "9052"}, xta_fehler.Schemaverletzung, "9052", False),
        ({"art": "fehlercode", "code": "9060"}, xta_fehler.VirusGefunden, "9060", False),
    ],
)
def test_faults_become_named_errors_with_their_retry_class(
    transport, gegenstelle, h, regel, fehlerklasse, code, wiederholbar
) -> None:
    message_id = transport.create_message_id()
    gegenstelle.stoerung(operation="sendMessage", **regel)
    with pytest.raises(fehlerklasse) as fehler:
        transport.send_message(h.sendung(message_id))
    assert (fehler.value.code, fehler.value.wiederholbar) == (code, wiederholbar)
    assert transport.send_message(h.sendung(message_id), erneuter_versuch=True) is (
        Versandergebnis.ANGENOMMEN
    )


def test_a_time_out_is_retryable(gegenstelle, h) -> None:
    transport = Xta2V3Transport(h.einstellungen(gegenstelle.url, lese_timeout=0.3))
    gegenstelle.stoerung(art="verzoegerung", operation="createMessageId", sekunden=1.0)
    with pytest.raises(xta_fehler.Zeitueberschreitung) as fehler:
        transport.create_message_id()
    assert fehler.value.wiederholbar


def test_nobody_listening_is_retryable(h) -> None:
    transport = Xta2V3Transport(h.einstellungen("http://127.0.0.1:9"))
    with pytest.raises(xta_fehler.VerbindungAbgebrochen) as fehler:
        transport.create_message_id()
    assert fehler.value.wiederholbar


def test_an_invalid_xoev_message_is_a_permanent_schema_violation(transport, h) -> None:
    message_id = transport.create_message_id()
    kaputt = h.beispiel().replace(b"<soz:vorname>Erika</soz:vorname>", b"")
    with pytest.raises(xta_fehler.Schemaverletzung) as fehler:
        transport.send_message(h.sendung(message_id, kaputt))
    assert (fehler.value.code, fehler.value.wiederholbar) == ("9050", False)


def test_a_locked_account_is_permanent(gegenstelle_starten, h) -> None:
    gegenstelle = gegenstelle_starten(
        konfiguration=Konfiguration(gesperrte_konten=frozenset({h.PLATTFORM.wert}))
    )
    transport = Xta2V3Transport(h.einstellungen(gegenstelle.url))
    with pytest.raises(xta_fehler.ZugriffVerweigert) as fehler:
        transport.create_message_id()
    assert (fehler.value.code, fehler.value.wiederholbar) == ("9011", False)


def test_red_and_yellow_reports(gegenstelle_starten, h) -> None:
    gegenstelle = gegenstelle_starten(
        konfiguration=Konfiguration(leser=frozenset({h.JOBCENTER.wert}), bericht_verzoegerung=0)
    )
    transport = Xta2V3Transport(h.einstellungen(gegenstelle.url))
    rot_id = transport.create_message_id()
    transport.send_message(h.sendung(rot_id, leser=Kennung("jobcenter:unbekannt")))
    rot = transport.get_transport_report(rot_id)
    assert (rot.status, rot.zugestellt, rot.fehlercode) == (Status.ROT, False, "9032")
    gegenstelle.stoerung(art="bericht_gelb")
    gelb_id = transport.create_message_id()
    transport.send_message(h.sendung(gelb_id))
    gelb = transport.get_transport_report(gelb_id)
    assert (gelb.status, gelb.zugestellt) == (Status.GELB, True)
    assert [m.art for m in gelb.meldungen] == ["warnung"]
    with pytest.raises(xta_fehler.MessageIdUnbekannt):
        transport.get_transport_report("urn:de:xta:messageid:unbekannt")


def rueckschreiben(gegenstelle, h, **felder) -> str:
    antwort = requests.post(
        f"{gegenstelle.url}/_gegenstelle/antworten",
        json={
            "leser": h.PLATTFORM.wert,
            "autor": h.JOBCENTER.wert,
            "service": "urn:xoev-de:sozialplattform:dienst:postkorb",
            "nachricht": h.beispiel("postkorb.nachricht.0202").decode(),
            "payload_schema": h.XOEV_NS,
            "anlagen": [
                {"dateiname": "b.pdf", "mime": "application/pdf", "daten_base64": "JVBERg0KAA=="}
            ],
            **felder,
        },
        timeout=5,
    )
    assert antwort.status_code == 201, antwort.text
    return antwort.json()["message_id"]


def test_msgbox_status_list_get_message_close(transport, gegenstelle, h) -> None:
    erste = rueckschreiben(gegenstelle, h, in_reply_to="urn:de:xta:messageid:frueher")
    zweite = rueckschreiben(gegenstelle, h)
    liste = transport.get_status_list(max_eintraege=1)
    assert [e.message_id for e in liste.eintraege] == [erste]
    assert liste.weitere == 1
    eintrag = liste.eintraege[0]
    assert (eintrag.autor.wert, eintrag.leser.wert, eintrag.nachrichtentyp) == (
        h.JOBCENTER.wert,
        h.PLATTFORM.wert,
        "postkorb.nachricht.0202",
    )
    assert eintrag.in_reply_to == ("urn:de:xta:messageid:frueher",)

    nachricht = transport.get_message(erste)
    assert nachricht.nachricht == h.beispiel("postkorb.nachricht.0202")
    assert nachricht.payload_schema == h.XOEV_NS
    assert [(a.daten, a.dateiname) for a in nachricht.anlagen] == [(b"%PDF\r\n\x00", "b.pdf")]
    transport.close(nachricht.abruf_id, [erste])
    assert [e.message_id for e in transport.get_status_list().eintraege] == [zweite]
    with pytest.raises(xta_fehler.MessageIdUnbekannt):
        transport.close(nachricht.abruf_id, ["urn:de:xta:messageid:unbekannt"])
    with pytest.raises(xta_fehler.MessageIdUnbekannt):
        transport.get_message("urn:de:xta:messageid:unbekannt")


def test_duplicate_delivery_shows_the_message_again(transport, gegenstelle, h) -> None:
    message_id = rueckschreiben(gegenstelle, h)
    gegenstelle.stoerung(art="doppelte_zustellung", operation="close")
    liste = transport.get_status_list()
    transport.close(liste.abruf_id, [message_id])
    wieder = transport.get_status_list()
    assert [e.message_id for e in wieder.eintraege] == [message_id]
    transport.close(wieder.abruf_id, [message_id])
    leer = transport.get_status_list()
    assert (leer.eintraege, leer.weitere) == ((), 0)
