"""Faults on demand: each kind, counts and probabilities, the admin endpoint and the start file."""

from __future__ import annotations

import json
import time

import pytest
import requests

from xta2_gegenstelle.fehler import FEHLERARTEN
from xta2_gegenstelle.stoerungen import Stoerung, Stoerungen


def stoerung(gs, **regel) -> None:
    antwort = requests.post(f"{gs.url}/_gegenstelle/stoerungen", json=regel)
    assert antwort.status_code == 201, antwort.text


def test_latency(gs, h) -> None:
    stoerung(gs, art="verzoegerung", operation="createMessageId", sekunden=0.4)
    beginn = time.monotonic()
    assert h.rufe(gs, "createMessageId").status == 200
    assert time.monotonic() - beginn >= 0.4
    beginn = time.monotonic()
    h.rufe(gs, "createMessageId")
    assert time.monotonic() - beginn < 0.4  # anzahl 1: used up


@pytest.mark.parametrize("code", sorted(FEHLERARTEN))
def test_each_xta_error_code_with_its_fault_element(gs, h, code: str) -> None:
    stoerung(gs, art="fehlercode", operation="sendMessage", code=code)
    message_id, antwort = h.senden(gs)
    assert antwort.fehlercode() == code
    assert antwort.fehlerelement() == FEHLERARTEN[code].ausnahme
    assert antwort.status == (500 if FEHLERARTEN[code].seite == "Receiver" else 400)
    assert gs.gegenstelle.ablage.nachricht(message_id) is None


def test_http_503_without_soap(gs, h) -> None:
    stoerung(gs, art="http_503", operation="getTransportReport", anzahl=2)
    message_id, _ = h.senden(gs)
    rumpf = f"<wsa:MessageID>{message_id}</wsa:MessageID>"
    for _ in range(2):
        antwort = h.rufe(gs, "getTransportReport", rumpf)
        assert (antwort.status, antwort.umschlag) == (503, None)
    assert h.rufe(gs, "getTransportReport", rumpf).status == 200


def test_dropped_connection_before_the_operation(gs, h) -> None:
    stoerung(gs, art="verbindung_abbrechen", operation="sendMessage")
    message_id = h.neue_message_id(gs)
    with pytest.raises(requests.ConnectionError):
        h.rufe(gs, "sendMessage", h.container(h.beispiel()), kopf=h.metadaten(message_id))
    assert gs.gegenstelle.ablage.nachricht(message_id) is None
    _, wieder = h.senden(gs, message_id=message_id)
    assert wieder.status == 200


def test_lost_response_after_a_successful_store(gs, h) -> None:
    stoerung(gs, art="antwort_verlieren", operation="sendMessage")
    message_id = h.neue_message_id(gs)
    with pytest.raises(requests.ConnectionError):
        h.rufe(gs, "sendMessage", h.container(h.beispiel()), kopf=h.metadaten(message_id))
    assert gs.gegenstelle.ablage.nachricht(message_id) is not None
    _, wieder = h.senden(gs, message_id=message_id)
    assert wieder.fehlercode() == "9024"
    assert len(gs.gegenstelle.ablage.nachrichten()) == 1


@pytest.mark.parametrize(
    ("art", "status", "liste"),
    [("bericht_gelb", "2", "WarnList"), ("bericht_rot", "3", "ErrorList")],
)
def test_yellow_and_red_reports(gs, h, art: str, status: str, liste: str) -> None:
    stoerung(gs, art=art)
    message_id, _ = h.senden(gs)
    bericht = h.rufe(gs, "getTransportReport", f"<wsa:MessageID>{message_id}</wsa:MessageID>")
    assert bericht.finde(".//xta:MessageStatus/xta:Status").text == status
    assert bericht.finde(f".//xta:MessageStatus/xta:{liste}") is not None


def test_a_message_reported_red_never_reaches_the_reader_s_mailbox(gs, h) -> None:
    """Red means not delivered: the sender sends it again under a new id, and the reader must
    then find it once, not twice (found by tests/platform/test_hauptablauf.py)."""
    stoerung(gs, art="bericht_rot", operation="sendMessage")
    rot, _ = h.senden(gs)
    zugestellt, _ = h.senden(gs)  # the resend; the rule is used up

    liste = h.rufe(gs, "getStatusList", "<osci:MsgBoxStatusListRequest/>", autor=h.JOBCENTER)
    ids = [e.text for e in liste.umschlag.iterfind(".//m:MsgIdentification/wsa:MessageID", h.NSMAP)]
    assert ids == [zugestellt]
    abruf = h.rufe(
        gs,
        "getMessage",
        f"<osci:MsgBoxFetchRequest><osci:MsgSelector><wsa:MessageID>{rot}</wsa:MessageID>"
        "</osci:MsgSelector></osci:MsgBoxFetchRequest>",
        autor=h.JOBCENTER,
    )
    assert abruf.fehlercode() == "9070"
    # Still stored and inspectable, with its red report for the sender.
    assert gs.gegenstelle.ablage.nachricht(rot) is not None
    bericht = h.rufe(gs, "getTransportReport", f"<wsa:MessageID>{rot}</wsa:MessageID>")
    assert bericht.finde(".//xta:MessageStatus/xta:Status").text == "3"


def test_duplicate_delivery_keeps_a_closed_message_in_the_mailbox_once(gs, h) -> None:
    antwort = requests.post(
        f"{gs.url}/_gegenstelle/antworten",
        json={
            "leser": h.PLATTFORM,
            "autor": h.JOBCENTER,
            "service": "urn:dienst",
            "nachricht": "<nachricht/>",
        },
    )
    message_id = antwort.json()["message_id"]
    stoerung(gs, art="doppelte_zustellung", operation="close")
    schliessen = (
        '<osci:MsgBoxCloseRequest MsgBoxRequestID="urn:uuid:1">'
        f"<osci:LastMsgReceived>{message_id}</osci:LastMsgReceived></osci:MsgBoxCloseRequest>"
    )

    def offen() -> int:
        liste = h.rufe(gs, "getStatusList", "<osci:MsgBoxStatusListRequest/>")
        return len(liste.umschlag.findall(".//osci:MsgStatusList/m:MessageMetaData", h.NSMAP))

    assert h.rufe(gs, "close", schliessen).status == 200
    assert offen() == 1  # delivered again
    assert h.rufe(gs, "close", schliessen).status == 200
    assert offen() == 0


def test_unlimited_count_probability_and_seed() -> None:
    def gezogen(seed: int) -> list[bool]:
        stoerungen = Stoerungen(seed)
        stoerungen.hinzufuegen(Stoerung(art="http_503", anzahl=None, wahrscheinlichkeit=0.5))
        return [stoerungen.ziehen("sendMessage", ("http_503",)) is not None for _ in range(200)]

    assert gezogen(7) == gezogen(7)
    assert 60 < sum(gezogen(7)) < 140


def test_admin_endpoint_lists_validates_and_clears(gs) -> None:
    url = f"{gs.url}/_gegenstelle/stoerungen"
    angelegt = requests.post(
        url, json=[{"art": "http_503"}, {"art": "fehlercode", "code": "9030", "anzahl": None}]
    )
    assert angelegt.status_code == 201
    assert [r["art"] for r in requests.get(url).json()] == ["http_503", "fehlercode"]
    for falsch in (
        {"art": "unbekannt"},
        {"art": "fehlercode", "code": "1234"},
        {"art": "http_503", "operation": "gibtEsNicht"},
        {"art": "http_503", "anzahl": 0},
        {"art": "http_503", "farbe": "rot"},
    ):
        assert requests.post(url, json=falsch).status_code == 400, falsch
    assert requests.delete(url).json() == []
    assert requests.get(url).json() == []


def test_rules_from_the_start_file(tmp_path, starter, h) -> None:
    datei = tmp_path / "stoerungen.json"
    datei.write_text(
        json.dumps([{"art": "fehlercode", "code": "9031", "operation": "createMessageId"}])
    )
    regeln = [Stoerung.aus_json(d) for d in json.loads(datei.read_text())]
    gs = starter(stoerungen=regeln)
    assert h.rufe(gs, "createMessageId").fehlercode() == "9031"
    assert h.rufe(gs, "createMessageId").status == 200
