"""Every operation of the counterpart with valid and invalid requests, against a running server."""

from __future__ import annotations

import base64
import hashlib
import time

import pytest
import requests
from lxml import etree

from xta2_gegenstelle.operationen import Konfiguration
from xta2_gegenstelle.schemata import XtaSchemata, xta_schema_verzeichnis


@pytest.fixture(scope="module")
def xta_schema() -> XtaSchemata:
    return XtaSchemata(xta_schema_verzeichnis())


def gueltig(xta_schema: XtaSchemata, antwort) -> None:
    """Answers of the counterpart validate against the official schemas too."""
    assert xta_schema.pruefe(antwort.umschlag) == []
    for element in antwort.umschlag.find("{http://www.w3.org/2003/05/soap-envelope}Body"):
        assert xta_schema.pruefe(element) == []


# -- ManagementPort ---------------------------------------------------------------------------


def test_create_message_id_answers_a_fresh_id_with_ws_addressing(gs, h, xta_schema) -> None:
    anfrage_id = "urn:uuid:11111111-2222-4333-8444-555555555555"
    antwort = h.rufe(gs, "createMessageId", anfrage_id=anfrage_id)
    assert antwort.status == 200
    assert antwort.content_type.startswith("application/soap+xml")
    message_id = antwort.finde(".//s:Body/wsa:MessageID").text
    assert message_id.startswith("urn:de:xta:messageid:")
    assert antwort.finde(".//s:Header/wsa:RelatesTo").text == anfrage_id
    assert antwort.finde(".//s:Header/wsa:Action").text == h.ACTION["createMessageId"]
    assert h.neue_message_id(gs) != message_id
    gueltig(xta_schema, antwort)


def test_a_request_without_wsa_action_is_a_sender_fault(gs, h) -> None:
    antwort = h.rufe(gs, "createMessageId", action="")
    assert antwort.status == 400
    assert antwort.finde(".//s:Fault/s:Code/s:Value").text == "soap:Sender"
    assert antwort.finde(".//s:Subcode/s:Value").text == "wsa:MessageAddressingHeaderRequired"


def test_an_action_of_another_port_is_not_supported_there(gs, h) -> None:
    antwort = h.rufe(gs, "createMessageId", port="MsgBoxPort")
    assert antwort.status == 400
    assert antwort.finde(".//s:Subcode/s:Value").text == "wsa:ActionNotSupported"


def test_a_body_where_none_belongs_is_9022(gs, h) -> None:
    antwort = h.rufe(gs, "createMessageId", "<xta:Unerwartet/>")
    assert (antwort.status, antwort.fehlercode()) == (400, "9022")
    assert antwort.fehlerelement() == "ParameterIsNotValidException"


def test_soap_11_and_broken_xml_are_refused(gs, h) -> None:
    soap11 = h.rufe(gs, "createMessageId", content_type="text/xml; charset=utf-8")
    assert soap11.status == 415
    kaputt = h.rufe(gs, "createMessageId", body=b"<s:Envelope")
    assert kaputt.status == 400
    assert kaputt.finde(".//s:Fault/s:Code/s:Value").text == "soap:Sender"


@pytest.mark.parametrize(
    "kodierung", ["utf-8", "utf-16", "utf-16-le", "utf-16-be"], ids=lambda k: k
)
@pytest.mark.parametrize("mit_entitaet", [False, True], ids=["dtd", "dtd_und_entitaet"])
def test_a_document_type_declaration_is_a_sender_fault_9022_never_a_500(
    gs, h, kodierung: str, mit_entitaet: bool
) -> None:
    """SOAP 1.2 forbids a DTD in a message. One whose internal entity the envelope refers to
    used to reach the schema validator unexpanded: 500 with a traceback (issue #10, 14)."""
    umschlag = h.umschlag("createMessageId").decode()
    if mit_entitaet:
        umschlag = umschlag.replace("<s:Header>", "<s:Header><m:Foo>&e;</m:Foo>", 1)
    text = (
        f'<?xml version="1.0" encoding="{kodierung.upper()}"?>'
        f'<!DOCTYPE s:Envelope [<!ENTITY e "boom">]>{umschlag}'
    )
    body = text.encode(kodierung)
    if kodierung in ("utf-16-le", "utf-16-be"):  # without a BOM: the declaration names it
        body = text.replace(kodierung.upper(), "UTF-16").encode(kodierung)
    antwort = h.rufe(gs, "createMessageId", body=body)
    assert antwort.status == 400
    assert antwort.finde(".//s:Fault/s:Code/s:Value").text == "soap:Sender"
    assert antwort.fehlercode() == "9022"
    assert antwort.fehlerelement() == "ParameterIsNotValidException"
    assert "Traceback" not in antwort.http.text


def test_a_request_the_validator_gives_up_on_is_a_fault_not_a_500(gs, h, monkeypatch) -> None:
    """Whatever libxml2's validator cannot process is a finding (9022), and a fault of the
    counterpart itself is the XTA fault 9030, never a bare 500 with a traceback."""

    class AufgebenderValidator:
        def validate(self, element) -> bool:
            raise etree.XMLSchemaValidateError("Internal error in XML Schema validation.")

    monkeypatch.setattr(gs.gegenstelle.schemata, "schema", AufgebenderValidator())
    assert h.rufe(gs, "createMessageId").fehlercode() == "9022"
    monkeypatch.undo()

    def kaputt(*_argumente, **_optionen):
        raise RuntimeError("bug")

    monkeypatch.setitem(gs.gegenstelle._ausfuehren, "createMessageId", kaputt)
    antwort = h.rufe(gs, "createMessageId")
    assert (antwort.status, antwort.fehlercode()) == (500, "9030")
    assert antwort.finde(".//s:Fault/s:Code/s:Value").text == "soap:Receiver"
    assert "bug" not in antwort.http.text


def test_check_account_active_knows_locked_and_unknown_accounts(starter, h) -> None:
    gs = starter(
        konfiguration=Konfiguration(
            konten=frozenset({h.PLATTFORM, "gesperrt"}), gesperrte_konten=frozenset({"gesperrt"})
        )
    )
    assert h.rufe(gs, "checkAccountActive").status == 200
    assert h.rufe(gs, "checkAccountActive", autor="gesperrt").fehlercode() == "9011"
    unbekannt = h.rufe(gs, "checkAccountActive", autor="niemand")
    assert (unbekannt.fehlercode(), unbekannt.fehlerelement()) == (
        "9012",
        "PermissionDeniedException",
    )
    assert h.rufe(gs, "checkAccountActive", autor=None).fehlercode() == "9012"


def test_lookup_service_tells_which_reader_offers_the_service(starter, h, xta_schema) -> None:
    gs = starter(
        konfiguration=Konfiguration(
            leser=frozenset({h.JOBCENTER}), dienste={h.JOBCENTER: frozenset({"urn:dienst:a"})}
        )
    )

    def anfrage(leser: str, dienst: str) -> str:
        return (
            f"<xta:LookupServiceRequestList><xta:LookupService><m:Reader>{h.kennung(leser)}"
            f"</m:Reader><xta:ServiceType>{dienst}</xta:ServiceType></xta:LookupService>"
            "</xta:LookupServiceRequestList>"
        )

    rumpf = (
        "<xta:LookupServiceRequest>"
        + anfrage(h.JOBCENTER, "urn:dienst:a")
        + anfrage(h.JOBCENTER, "urn:dienst:b")
        + anfrage("jobcenter:unbekannt", "urn:dienst:a")
        + "</xta:LookupServiceRequest>"
    )
    antwort = h.rufe(gs, "lookupService", rumpf)
    assert antwort.status == 200, antwort.http.text
    werte = [e.text for e in antwort.umschlag.iterfind(".//xta:ServiceIsAvailable", h.NSMAP)]
    assert werte == ["true", "false", "false"]
    gueltig(xta_schema, antwort)
    leer = h.rufe(gs, "lookupService", "<xta:LookupServiceRequest/>")
    assert leer.fehlercode() == "9022"


# -- SendXtaPort ------------------------------------------------------------------------------


def test_send_message_stores_the_message_for_inspection(gs, h) -> None:
    message_id, antwort = h.senden(gs)
    assert antwort.status == 200, antwort.http.text
    liste = requests.get(f"{gs.url}/_gegenstelle/nachrichten", params={"leser": h.JOBCENTER}).json()
    assert liste == [
        {
            "message_id": message_id,
            "leser": h.JOBCENTER,
            "service": "urn:xoev-de:sozialplattform:dienst:antrag",
            "empfangen_um": liste[0]["empfangen_um"],
            "sha256": hashlib.sha256(h.beispiel()).hexdigest(),
        }
    ]
    assert requests.get(f"{gs.url}/_gegenstelle/nachrichten", params={"leser": "x"}).json() == []
    gespeichert = requests.get(f"{gs.url}/_gegenstelle/nachrichten/{message_id}")
    assert gespeichert.headers["Content-Type"] == "application/xml"
    assert gespeichert.content == h.beispiel()
    assert requests.get(f"{gs.url}/_gegenstelle/nachrichten/urn:gibt:es:nicht").status_code == 404


def test_send_message_accepts_mtom_and_keeps_binary_parts_byte_exact(gs, h) -> None:
    message_id = h.neue_message_id(gs)
    pdf = b"%PDF-1.7\r\n\x00\xff binary \r\n\r\n"
    umschlag = h.umschlag(
        "sendMessage",
        "<xta:GenericContentContainer><xta:ContentContainer>"
        '<xta:Message contentType="application/xml">'
        '<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:nachricht@test"/>'
        '</xta:Message><xta:Attachment contentType="application/pdf" filename="a.pdf">'
        '<xop:Include xmlns:xop="http://www.w3.org/2004/08/xop/include" href="cid:anlage%40test"/>'
        "</xta:Attachment></xta:ContentContainer></xta:GenericContentContainer>",
        kopf=h.metadaten(message_id),
    )
    grenze = "MIME_grenze_1"
    body = (
        f'--{grenze}\r\nContent-Type: application/xop+xml; type="application/soap+xml"\r\n'
        f"Content-ID: <wurzel@test>\r\n\r\n".encode()
        + umschlag
        + f"\r\n--{grenze}\r\nContent-Type: application/xml\r\n".encode()
        + b"Content-Transfer-Encoding: binary\r\nContent-ID: <nachricht@test>\r\n\r\n"
        + h.beispiel()
        + f"\r\n--{grenze}\r\nContent-Type: application/pdf\r\n".encode()
        + b"Content-Transfer-Encoding: binary\r\nContent-ID: <anlage@test>\r\n\r\n"
        + pdf
        + f"\r\n--{grenze}--\r\n".encode()
    )
    content_type = (
        f'multipart/related; type="application/xop+xml"; boundary="{grenze}"; '
        f'start="<wurzel@test>"; start-info="application/soap+xml"; '
        f'action="{h.ACTION["sendMessage"]}"'
    )
    antwort = h.rufe(gs, "sendMessage", body=body, content_type=content_type)
    assert antwort.status == 200, antwort.http.text
    gespeichert = gs.gegenstelle.ablage.nachricht(message_id, mit_anlagen=True)
    assert gespeichert.inhalt.daten == h.beispiel()
    assert [(a.daten, a.attribute["filename"]) for a in gespeichert.anlagen] == [(pdf, "a.pdf")]


def test_a_message_id_used_twice_is_9024(gs, h) -> None:
    message_id, erste = h.senden(gs)
    assert erste.status == 200
    _, zweite = h.senden(gs, message_id=message_id)
    assert (zweite.status, zweite.fehlercode(), zweite.fehlerelement()) == (
        400,
        "9024",
        "ParameterIsNotValidException",
    )
    assert len(gs.gegenstelle.ablage.nachrichten()) == 1


def test_metadata_against_the_schema_9022_or_missing_9020(gs, h) -> None:
    message_id = h.neue_message_id(gs)
    ohne_qualifier = h.rufe(
        gs,
        "sendMessage",
        h.container(h.beispiel()),
        kopf=h.metadaten(message_id, ohne="Qualifier"),
    )
    assert ohne_qualifier.fehlercode() == "9022"
    assert "schema violation" in ohne_qualifier.finde(".//s:Reason/s:Text").text
    ohne_metadaten = h.rufe(gs, "sendMessage", h.container(h.beispiel()), kopf="")
    assert ohne_metadaten.fehlercode() == "9020"
    leerer_rumpf = h.rufe(gs, "sendMessage", "", kopf=h.metadaten(message_id))
    assert leerer_rumpf.fehlercode() == "9020"
    assert gs.gegenstelle.ablage.nachrichten() == []


def test_the_payload_is_validated_against_its_xoev_schema(gs, h) -> None:
    kaputt = h.beispiel().replace(b'<soz:betrag waehrung="EUR">520.00', b"<soz:betrag>viel")
    _, antwort = h.senden(gs, kaputt)
    assert (antwort.status, antwort.fehlercode(), antwort.fehlerelement()) == (
        400,
        "9050",
        "MessageSchemaViolationException",
    )
    _, falscher_namensraum = h.senden(gs, payload_schema="urn:anderes:schema")
    assert falscher_namensraum.fehlercode() == "9050"
    _, kein_xml = h.senden(gs, b"<nicht-wohlgeformt")
    assert kein_xml.fehlercode() == "9050"
    message_id = h.neue_message_id(gs)
    latin1 = h.rufe(
        gs,
        "sendMessage",
        h.container(h.beispiel(), encoding="ISO-8859-1"),
        kopf=h.metadaten(message_id),
    )
    assert latin1.fehlercode() == "9051"
    for name in ("antrag.kurzantrag.0102", "postkorb.antwort.0201"):
        _, gut = h.senden(gs, h.beispiel(name), nachrichtentyp=name)
        assert gut.status == 200, gut.http.text


# -- TransportReport --------------------------------------------------------------------------


def bericht(gs, h, message_id: str, autor: str | None = None):
    rumpf = f"<wsa:MessageID>{message_id}</wsa:MessageID>"
    return h.rufe(gs, "getTransportReport", rumpf, **({"autor": autor} if autor else {}))


def test_transport_report_open_then_green(starter, h, xta_schema) -> None:
    gs = starter(konfiguration=Konfiguration(bericht_verzoegerung=0.3))
    message_id, _ = h.senden(gs)
    offen = bericht(gs, h, message_id)
    assert offen.finde(".//xta:MessageStatus/xta:Status").text == "0"
    gueltig(xta_schema, offen)
    time.sleep(0.35)
    gruen = bericht(gs, h, message_id)
    assert gruen.finde(".//xta:MessageStatus/xta:Status").text == "1"
    assert gruen.finde(".//xta:TransportReport/m:MessageMetaData") is not None
    gueltig(xta_schema, gruen)


def test_transport_report_red_for_an_unknown_reader(starter, h, xta_schema) -> None:
    gs = starter(
        konfiguration=Konfiguration(leser=frozenset({h.JOBCENTER}), bericht_verzoegerung=0)
    )
    message_id, antwort = h.senden(gs, leser="jobcenter:unbekannt")
    assert antwort.status == 200
    rot = bericht(gs, h, message_id)
    assert rot.finde(".//xta:MessageStatus/xta:Status").text == "3"
    assert rot.finde(".//xta:ErrorList/xta:Error/xta:Code/code").text == "9032"
    gueltig(xta_schema, rot)


def test_transport_report_of_an_unknown_or_foreign_message_is_9070(gs, h) -> None:
    message_id, _ = h.senden(gs)
    unbekannt = bericht(gs, h, "urn:de:xta:messageid:gibt-es-nicht")
    assert (unbekannt.fehlercode(), unbekannt.fehlerelement()) == (
        "9070",
        "InvalidMessageIDException",
    )
    assert bericht(gs, h, message_id, autor="fremdes:konto").fehlercode() == "9070"


# -- MsgBoxPort and writing back --------------------------------------------------------------


def antwort_einstellen(gs, h, **felder) -> requests.Response:
    daten = {
        "leser": h.PLATTFORM,
        "autor": h.JOBCENTER,
        "service": "urn:xoev-de:sozialplattform:dienst:postkorb",
        "nachricht": h.beispiel("postkorb.nachricht.0202").decode(),
        "payload_schema": h.XOEV_NS,
        "anlagen": [
            {"dateiname": "bescheid.pdf", "mime": "application/pdf", "daten_base64": "JVBERg0K"}
        ],
        **felder,
    }
    return requests.post(f"{gs.url}/_gegenstelle/antworten", json=daten)


def test_a_jobcenter_writes_back_and_the_platform_fetches_and_closes(gs, h, xta_schema) -> None:
    eingestellt = antwort_einstellen(gs, h)
    assert eingestellt.status_code == 201, eingestellt.text
    message_id = eingestellt.json()["message_id"]
    antwort_einstellen(gs, h)

    liste = h.rufe(gs, "getStatusList", '<osci:MsgBoxStatusListRequest maxListItems="1"/>')
    assert liste.status == 200, liste.http.text
    gueltig(xta_schema, liste)
    eintraege = liste.umschlag.findall(".//osci:MsgStatusList/m:MessageMetaData", h.NSMAP)
    assert [e.findtext(".//wsa:MessageID", namespaces=h.NSMAP) for e in eintraege] == [message_id]
    assert liste.finde(".//osci:MsgBoxResponse/osci:ItemsPending").text == "1"

    abruf = h.rufe(
        gs,
        "getMessage",
        f"<osci:MsgBoxFetchRequest><osci:MsgSelector><wsa:MessageID>{message_id}</wsa:MessageID>"
        "</osci:MsgSelector></osci:MsgBoxFetchRequest>",
    )
    assert abruf.status == 200
    assert abruf.content_type.startswith("multipart/related")  # MTOM answer
    request_id = (
        etree.fromstring(abruf.http.content.split(b"\r\n\r\n", 1)[1].split(b"\r\n--")[0])
        .find(".//{http://www.osci.eu/ws/2008/05/transport}MsgBoxResponse")
        .get("MsgBoxRequestID")
    )
    schliessen = h.rufe(
        gs,
        "close",
        f'<osci:MsgBoxCloseRequest MsgBoxRequestID="{request_id}">'
        f"<osci:LastMsgReceived>{message_id}</osci:LastMsgReceived></osci:MsgBoxCloseRequest>",
    )
    assert schliessen.status == 200, schliessen.http.text
    danach = h.rufe(gs, "getStatusList", "<osci:MsgBoxStatusListRequest/>")
    assert len(danach.umschlag.findall(".//osci:MsgStatusList/m:MessageMetaData", h.NSMAP)) == 1

    fremd = h.rufe(
        gs,
        "close",
        f'<osci:MsgBoxCloseRequest MsgBoxRequestID="{request_id}">'
        "<osci:LastMsgReceived>urn:unbekannt</osci:LastMsgReceived></osci:MsgBoxCloseRequest>",
    )
    assert fremd.fehlercode() == "9070"
    leer = h.rufe(gs, "getStatusList", "<osci:MsgBoxStatusListRequest/>", autor="leer:konto")
    assert leer.finde(".//osci:NoMessageAvailable") is not None
    nicht_meins = h.rufe(
        gs,
        "getMessage",
        f"<osci:MsgBoxFetchRequest><osci:MsgSelector><wsa:MessageID>{message_id}</wsa:MessageID>"
        "</osci:MsgSelector></osci:MsgBoxFetchRequest>",
        autor="anderes:konto",
    )
    assert nicht_meins.fehlercode() == "9070"


def test_the_jobcenter_sees_what_the_platform_sent_in_its_own_mailbox(gs, h) -> None:
    message_id, _ = h.senden(gs)
    liste = h.rufe(gs, "getStatusList", "<osci:MsgBoxStatusListRequest/>", autor=h.JOBCENTER)
    ids = [e.text for e in liste.umschlag.iterfind(".//m:MsgIdentification/wsa:MessageID", h.NSMAP)]
    assert ids == [message_id]


def test_writing_back_refuses_bad_requests(gs, h) -> None:
    assert requests.post(f"{gs.url}/_gegenstelle/antworten", data=b"{").status_code == 400
    ohne_leser = requests.post(f"{gs.url}/_gegenstelle/antworten", json={"autor": "x"})
    assert ohne_leser.status_code == 400
    ungueltig = antwort_einstellen(
        gs,
        h,
        nachricht=f'<soz:postkorb.nachricht.0202 xmlns:soz="{h.XOEV_NS}"/>',
    )
    assert (ungueltig.status_code, ungueltig.json()["code"]) == (422, "9050")


@pytest.mark.parametrize(
    "inhalt",
    [
        "<a>ä</a>".encode("utf-16"),
        b"\xff\xfe\x00",
        b"",
        b"\x00" * 5000,
        '<?xml version="1.0" encoding="ISO-8859-1"?><a>ä</a>'.encode("latin-1"),
    ],
    ids=["utf16_bom", "abgeschnitten", "leer", "nullbytes", "latin1"],
)
def test_writing_back_any_bytes_unchecked_puts_exactly_them_in_the_mailbox(
    gs, h, inhalt: bytes
) -> None:
    """Tests of the platform's inbound path need a MsgBox holding what a faulty Jobcenter
    might send: ``nachricht_base64`` with ``pruefen: false``."""
    eingestellt = antwort_einstellen(
        gs,
        h,
        nachricht=None,
        nachricht_base64=base64.b64encode(inhalt).decode(),
        pruefen=False,
        encoding="UTF-16",
    )
    assert eingestellt.status_code == 201, eingestellt.text
    message_id = eingestellt.json()["message_id"]
    gespeichert = gs.gegenstelle.ablage.nachricht(message_id)
    assert gespeichert.inhalt.daten == inhalt
    assert gespeichert.inhalt.attribute["encoding"] == "UTF-16"
    liste = h.rufe(gs, "getStatusList", "<osci:MsgBoxStatusListRequest/>")
    groessen = liste.umschlag.findall(".//osci:MsgStatusList/m:MessageMetaData/m:MsgSize", h.NSMAP)
    assert [int(g.text) for g in groessen] == [max(len(inhalt) + 6, 1)]  # with the 6-byte PDF
    geprueft = antwort_einstellen(
        gs, h, nachricht=None, nachricht_base64=base64.b64encode(inhalt).decode()
    )
    assert geprueft.status_code == 422  # checked as before unless told otherwise


def test_health_ready(gs) -> None:
    assert requests.get(f"{gs.url}/health/ready").status_code == 200
