"""The requests built from templates are the documents zeep builds from the WSDL (same
elements, attributes and namespaces; only the fresh wsa:MessageID and the Origin time differ),
and they are valid against the official XTA2 schemas. Answers and faults read the same."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from lxml import etree

from xta2_gegenstelle.schemata import XtaSchemata, xta_schema_verzeichnis
from xta_gateway.adapters import mtom, xta2_v3_vorlagen, xta_fehler
from xta_gateway.adapters.xta import Anlage, Kennung, Status
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport, _kennung, _metadaten

WSA = "{http://www.w3.org/2005/08/addressing}"
ADRESSE = "http://xta.example/xta"


@pytest.fixture(scope="module")
def transport(h_modul) -> Xta2V3Transport:
    return Xta2V3Transport(h_modul.einstellungen(ADRESSE))


@pytest.fixture(scope="module")
def h_modul():
    """This service's tests/conftest.py by its path: a plain ``import conftest`` finds another
    service's conftest when several services' tests run in one session."""
    import importlib.util
    import sys
    from pathlib import Path

    name = "xta_gateway_tests_conftest"
    if name not in sys.modules:
        pfad = Path(__file__).resolve().parents[1] / "conftest.py"
        spec = importlib.util.spec_from_file_location(name, pfad)
        modul = importlib.util.module_from_spec(spec)
        sys.modules[name] = modul
        spec.loader.exec_module(modul)
    return sys.modules[name]


def wsa_kopf(dokument: bytes) -> dict[str, str]:
    kopf = etree.fromstring(dokument)[0]
    return {e.tag.removeprefix(WSA): e.text for e in kopf if e.tag.startswith(WSA)}


def vergleichbar(dokument: bytes) -> bytes:
    """Without the WS-Addressing headers (zeep adds them only when sending: checked apart)."""
    wurzel = etree.fromstring(dokument)
    for element in list(wurzel[0]):
        if element.tag.startswith(WSA):
            wurzel[0].remove(element)
    for element in wurzel.iter("{http://www.osci.eu/ws/2014/10/transport}Origin"):
        element.text = "x"
    return etree.tostring(wurzel, method="c14n")


def schemagueltig(dokument: bytes) -> bool:
    """As the counterpart checks a request: the envelope, then every header block and the body
    element on their own (strictly)."""
    schemata = XtaSchemata(xta_schema_verzeichnis(None))
    wurzel = etree.fromstring(dokument)
    elemente = [wurzel, *wurzel[0], *wurzel[1]]
    befunde = [b for e in elemente if not e.tag.startswith(WSA) for b in schemata.pruefe(e)]
    assert befunde == []
    return True


def zeep_dokument(
    transport: Xta2V3Transport, port: str, operation: str, *werte, **argumente
) -> bytes:
    dienst = transport._dienste[port]
    umschlag = transport._client.create_message(dienst, operation, *werte, **argumente)
    return etree.tostring(umschlag)


def test_create_message_id_and_get_transport_report_as_zeep_builds_them(transport) -> None:
    vorlagen = xta2_v3_vorlagen.Vorlagen(transport.einstellungen.autor)
    kopf = {"AuthorIdentifier": _kennung(transport.einstellungen.autor)}
    adresse, action = transport._ziele["createMessageId"]
    assert schemagueltig(vorlagen.create_message_id(action, adresse))
    kopf_wsa = wsa_kopf(vorlagen.create_message_id(action, adresse))
    assert (kopf_wsa["Action"], kopf_wsa["To"]) == (
        "http://www.xta.de/XTA/CreateMessageID",
        adresse,
    )
    assert kopf_wsa["MessageID"].startswith("urn:uuid:")
    assert vergleichbar(vorlagen.create_message_id(action, adresse)) == vergleichbar(
        zeep_dokument(transport, "ManagementPort", "createMessageId", _soapheaders=kopf)
    )
    adresse, action = transport._ziele["getTransportReport"]
    mid = "urn:de:xta:messageid:x:<&>"
    assert vergleichbar(vorlagen.get_transport_report(action, adresse, mid)) == vergleichbar(
        zeep_dokument(transport, "ManagementPort", "getTransportReport", mid, _soapheaders=kopf)
    )


@pytest.mark.parametrize(
    ("leser", "in_reply_to"),
    [
        (Kennung("jobcenter:1"), ()),
        (Kennung("jobcenter:2", "xoev", 'Jobcenter "A" & B', "kat"), ("urn:de:xta:messageid:y:9",)),
    ],
)
def test_send_message_as_zeep_builds_it_and_schema_valid(
    transport, h_modul, leser, in_reply_to
) -> None:
    sendung = h_modul.sendung(
        "urn:de:xta:messageid:x:1",
        leser=leser,
        in_reply_to=in_reply_to,
        anlagen=(
            Anlage(b"%PDF\r\n\x00", "application/pdf", "antrag.pdf", "a-1"),
            Anlage(b"text", "text/plain"),
        ),
    )
    vorlagen = xta2_v3_vorlagen.Vorlagen(transport.einstellungen.autor)
    adresse, action = transport._ziele["sendMessage"]
    inline, kopf = vorlagen.send_message(action, adresse, sendung, als_mtom=False)
    assert kopf["Content-Type"] == f'application/soap+xml; charset=utf-8; action="{action}"'
    container = {
        "Message": {
            "_value_1": sendung.nachricht,
            "contentType": "application/xml",
            "encoding": "UTF-8",
        },
        "Attachment": [
            {"_value_1": b"%PDF\r\n\x00", "contentType": "application/pdf"}
            | {"filename": "antrag.pdf", "id": "a-1"},
            {"_value_1": b"text", "contentType": "text/plain"},
        ],
    }
    erwartet = zeep_dokument(
        transport,
        "SendXtaPort",
        "sendMessage",
        ContentContainer=container,
        _soapheaders={"MessageMetaData": _metadaten(sendung)},
    )
    assert vergleichbar(inline) == vergleichbar(erwartet)
    assert schemagueltig(inline)
    assert (b"In-Reply-To>urn:de:xta:messageid:y:9<" in inline) == bool(in_reply_to)

    body, kopf = vorlagen.send_message(action, adresse, sendung, als_mtom=True)
    wurzel, teile = mtom.zerlege(body, kopf["Content-Type"])
    dokument = etree.fromstring(wurzel)
    mtom.xop_aufloesen(dokument, teile)
    assert vergleichbar(etree.tostring(dokument)) == vergleichbar(inline)


def antwort(rumpf: str) -> bytes:
    return (
        '<soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:wsa="http://www.w3.org/2005/08/addressing"><soap:Header/>'
        f"<soap:Body>{rumpf}</soap:Body></soap:Envelope>"
    ).encode()


def test_a_transport_report_is_read_with_its_records() -> None:
    body = xta2_v3_vorlagen.rumpf(
        200,
        "application/soap+xml",
        antwort(
            '<x:TransportReport xmlns:x="http://xoev.de/transport/xta/211">'
            "<x:ReportTime>2026-01-02T03:04:05.5Z</x:ReportTime>"
            "<x:XTAServerIdentity>server</x:XTAServerIdentity><x:MessageStatus><x:Status>3"
            "</x:Status><x:ErrorList><x:Error><x:Timestamp>2026-01-02T03:04:05</x:Timestamp>"
            "<x:Code listURI='u' listVersionID='1'><code>9032</code></x:Code>"
            "<x:Reason>weg</x:Reason></x:Error></x:ErrorList></x:MessageStatus>"
            "</x:TransportReport>"
        ),
    )
    bericht = xta2_v3_vorlagen.transport_bericht(body, "mid")
    assert (bericht.status, bericht.server, bericht.fehlercode) == (Status.ROT, "server", "9032")
    assert bericht.berichtszeit == datetime(2026, 1, 2, 3, 4, 5, 500000, tzinfo=UTC)
    assert bericht.meldungen[0].zeitpunkt == datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "inhalt", "code", "wiederholbar"),
    [
        (503, b"", "http_5xx", True),
        (404, b"", "http_4xx", False),
        (503, b"<html>busy", "http_5xx", True),
        (200, b"<kaputt", "antwort_unlesbar", True),
        (200, antwort(""), "antwort_unlesbar", True),
        (
            400,
            antwort(
                "<soap:Fault><soap:Code><soap:Value>soap:Sender</soap:Value></soap:Code>"
                '<soap:Reason><soap:Text xml:lang="de">9024: vergeben</soap:Text></soap:Reason>'
                '<soap:Detail><x:ParameterIsNotValidException xmlns:x="http://xoev.de/'
                'transport/xta/211"><x:errorCode><code>9024</code></x:errorCode>'
                "</x:ParameterIsNotValidException></soap:Detail></soap:Fault>"
            ),
            "9024",
            False,
        ),
        (
            500,
            antwort(
                "<soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code>"
                "<soap:Reason><soap:Text>innen</soap:Text></soap:Reason></soap:Fault>"
            ),
            "soap_receiver",
            True,
        ),
    ],
)
def test_errors_end_in_the_table(status, inhalt, code, wiederholbar) -> None:
    with pytest.raises(xta_fehler.XtaFehler) as fehler:
        body = xta2_v3_vorlagen.rumpf(status, "application/soap+xml", inhalt)
        xta2_v3_vorlagen.message_id(body)
    assert (fehler.value.code, fehler.value.wiederholbar) == (code, wiederholbar)


def test_characters_xml_does_not_allow_are_refused() -> None:
    vorlagen = xta2_v3_vorlagen.Vorlagen(Kennung("plattform"))
    with pytest.raises(ValueError):
        vorlagen.get_transport_report("a", ADRESSE, "mid\x01")
