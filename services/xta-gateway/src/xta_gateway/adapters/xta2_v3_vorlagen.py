"""The three operations every delivery makes (createMessageId, sendMessage, getTransportReport)
from prepared templates instead of zeep (docs/adr/0050).

zeep builds a request by walking the WSDL's types for every call and parses every answer back
into objects the same way; for these three operations that was about a third of the
xta-gateway's CPU per delivery. Here the request is the same SOAP 1.2 document zeep sends
(same elements, namespaces and WS-Addressing headers; the counterpart validates every request
against the official XTA2 XSDs, and ``tests/unit/test_xta2_v3_vorlagen.py`` compares both
against the schemas), built by string formatting with every value escaped; the answer is
parsed with lxml (no DTD, no entities, no network) and read by path. Faults and HTTP errors
end in the same named errors as zeep's (xta_fehler.py). The other operations stay on zeep.
"""

from __future__ import annotations

import base64
import re
import uuid
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

import isodate
from lxml import etree

from xta_gateway.adapters import mtom
from xta_gateway.adapters.xta import Kennung, Meldung, Sendung, Status, TransportBericht
from xta_gateway.adapters.xta_fehler import XtaFehler, fehler

NS_SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
NS_WSA = "http://www.w3.org/2005/08/addressing"
NS_XTA = "http://xoev.de/transport/xta/211"
NS_OSCI14 = "http://www.osci.eu/ws/2014/10/transport"

_S = f"{{{NS_SOAP12}}}"
_X = f"{{{NS_XTA}}}"
_W = f"{{{NS_WSA}}}"

# Characters XML 1.0 does not allow (lxml, and so zeep, refuses them as well).
_UNERLAUBT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(wert: object) -> str:
    text = str(wert)
    if _UNERLAUBT.search(text):
        raise ValueError("All strings must be XML compatible")
    return escape(text)


def _attr(wert: object) -> str:
    text = str(wert)
    if _UNERLAUBT.search(text):
        raise ValueError("All strings must be XML compatible")
    return quoteattr(text)


def _kennung(element: str, kennung: Kennung) -> str:
    attribute = f" type={_attr(kennung.typ)}"
    if kennung.name:
        attribute += f" name={_attr(kennung.name)}"
    if kennung.kategorie:
        attribute += f" category={_attr(kennung.kategorie)}"
    return (
        f"<ns0:{element}><ns0:Identifier{attribute}>{_text(kennung.wert)}</ns0:Identifier>"
        f"</ns0:{element}>"
    )


def _zeitpunkt(zeitpunkt: datetime) -> str:
    return zeitpunkt.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def _umschlag(kopf: str, action: str, adresse: str, rumpf: str) -> bytes:
    """The SOAP 1.2 envelope with zeep's WS-Addressing headers (Action, a fresh MessageID, To)
    after the operation's own header blocks."""
    return (
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<soap-env:Envelope xmlns:soap-env="{NS_SOAP12}">'
        f'<soap-env:Header xmlns:wsa="{NS_WSA}">{kopf}'
        f"<wsa:Action>{_text(action)}</wsa:Action>"
        f"<wsa:MessageID>urn:uuid:{uuid.uuid4()}</wsa:MessageID>"
        f"<wsa:To>{_text(adresse)}</wsa:To></soap-env:Header>{rumpf}</soap-env:Envelope>"
    ).encode()


def kopfzeilen(action: str, content_type: str | None = None) -> dict[str, str]:
    return {
        "SOAPAction": f'"{action}"',
        "Content-Type": content_type or f'application/soap+xml; charset=utf-8; action="{action}"',
    }


class Vorlagen:
    """The requests of the three operations; the platform's author header is prepared once."""

    def __init__(self, autor: Kennung) -> None:
        self._autor_kopf = _kennung("Author", autor).replace(
            "<ns0:Author>", f'<ns0:Author xmlns:ns0="{NS_OSCI14}">', 1
        )

    # -- requests ------------------------------------------------------------------------------

    def create_message_id(self, action: str, adresse: str) -> bytes:
        return _umschlag(self._autor_kopf, action, adresse, "<soap-env:Body/>")

    def get_transport_report(self, action: str, adresse: str, message_id: str) -> bytes:
        rumpf = (
            f'<soap-env:Body><ns0:MessageID xmlns:ns0="{NS_WSA}">{_text(message_id)}'
            "</ns0:MessageID></soap-env:Body>"
        )
        return _umschlag(self._autor_kopf, action, adresse, rumpf)

    def send_message(
        self, action: str, adresse: str, sendung: Sendung, *, als_mtom: bool
    ) -> tuple[bytes, dict[str, str]]:
        """The request body and its HTTP headers: multipart/related with the message and the
        attachments as binary XOP parts (``als_mtom``), else one document with base64 text."""
        teile: list[tuple[str, bytes]] = []

        def inhalt(daten: bytes) -> str:
            if not als_mtom:
                return base64.b64encode(daten).decode("ascii")
            content_id = f"{uuid.uuid4().hex}@sozialplattform"
            teile.append((content_id, daten))
            return f'<xop:Include xmlns:xop="{mtom.NS_XOP}" href="cid:{content_id}"/>'

        anlagen = []
        for anlage in sendung.anlagen:
            attribute = f"contentType={_attr(anlage.mime_typ)}"
            if anlage.dateiname:
                attribute += f" filename={_attr(anlage.dateiname)}"
            if anlage.anlage_id:
                attribute += f" id={_attr(anlage.anlage_id)}"
            anlagen.append(f"<ns0:Attachment {attribute}>{inhalt(anlage.daten)}</ns0:Attachment>")
        rumpf = (
            f'<soap-env:Body><ns0:GenericContentContainer xmlns:ns0="{NS_XTA}">'
            '<ns0:ContentContainer><ns0:Message contentType="application/xml" encoding="UTF-8">'
            f"{inhalt(sendung.nachricht)}</ns0:Message>{''.join(anlagen)}</ns0:ContentContainer>"
            "</ns0:GenericContentContainer></soap-env:Body>"
        )
        umschlag = _umschlag(_metadaten(sendung), action, adresse, rumpf)
        if not als_mtom:
            return umschlag, kopfzeilen(action)
        body, content_type = mtom.verpacke(umschlag, teile, action)
        return body, kopfzeilen(action, content_type)


def _metadaten(sendung: Sendung) -> str:
    szenario, typ = sendung.geschaeftsszenario, sendung.nachrichtentyp
    groesse = len(sendung.nachricht) + sum(len(a.daten) for a in sendung.anlagen)
    return (
        f'<ns0:MessageMetaData xmlns:ns0="{NS_OSCI14}" '
        f'TestMsg="{"true" if sendung.testnachricht else "false"}">'
        "<ns0:DeliveryAttributes>"
        f"<ns0:Origin>{_zeitpunkt(datetime.now(UTC))}</ns0:Origin></ns0:DeliveryAttributes>"
        f"<ns0:Originators>{_kennung('Author', sendung.autor)}</ns0:Originators>"
        f"<ns0:Destinations>{_kennung('Reader', sendung.leser)}</ns0:Destinations>"
        "<ns0:MsgIdentification>"
        f"<wsa:MessageID>{_text(sendung.message_id)}</wsa:MessageID>"
        + "".join(f"<ns0:In-Reply-To>{_text(r)}</ns0:In-Reply-To>" for r in sendung.in_reply_to)
        + "</ns0:MsgIdentification>"
        f"<ns0:Qualifier><ns0:Service>{_text(sendung.service)}</ns0:Service>"
        "<ns0:BusinessScenario>"
        f"<ns0:Defined listURI={_attr(szenario.liste)} listVersionID="
        f"{_attr(szenario.listenversion)}><code>{_text(szenario.code)}</code></ns0:Defined>"
        "</ns0:BusinessScenario>"
        f"<ns0:MessageType listURI={_attr(typ.liste)} listVersionID={_attr(typ.listenversion)}"
        f" payloadSchema={_attr(sendung.payload_schema)}><code>{_text(typ.code)}</code>"
        f"</ns0:MessageType></ns0:Qualifier><ns0:MsgSize>{groesse}</ns0:MsgSize>"
        "</ns0:MessageMetaData>"
    )


# -- answers -----------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


_PARSER = _parser()


def rumpf(status_code: int, content_type: str, inhalt: bytes) -> etree._Element:
    """The answer's SOAP Body, or the named error for an HTTP error, a fault or an answer that
    is not SOAP (as zeep decides: an empty non-200 answer is an HTTP error, a fault is the
    error its XTA code names)."""
    if status_code != 200 and not inhalt:
        raise fehler("http_5xx" if status_code >= 500 else "http_4xx", f"HTTP {status_code}")
    medientyp, _ = mtom.parameter(content_type)
    try:
        if medientyp == "multipart/related":
            wurzel, anhaenge = mtom.zerlege(inhalt, content_type)
            dokument = etree.fromstring(wurzel, _PARSER)
            mtom.xop_aufloesen(dokument, anhaenge)
        else:
            dokument = etree.fromstring(inhalt, _PARSER)
    except (etree.XMLSyntaxError, mtom.MtomFehler, ValueError) as lesefehler:
        if status_code != 200:
            schluessel = "http_5xx" if status_code >= 500 else "http_4xx"
            raise fehler(schluessel, f"HTTP {status_code}") from lesefehler
        raise fehler("antwort_unlesbar", type(lesefehler).__name__) from lesefehler
    body = dokument.find(f"{_S}Body")
    if dokument.tag != f"{_S}Envelope" or body is None:
        raise fehler("antwort_unlesbar", "no SOAP 1.2 envelope")
    fault = body.find(f"{_S}Fault")
    if fault is not None or status_code != 200:
        raise _aus_fault(fault)
    return body


def _aus_fault(fault: etree._Element | None) -> XtaFehler:
    if fault is None:
        return fehler("soap_receiver", "Unknown fault occured")
    code = fault.findtext(f".//{_S}Detail//{_X}errorCode/code")
    grund = (fault.findtext(f"{_S}Reason/{_S}Text") or "").strip()[:500] or "SOAP fault"
    if code:
        return fehler(code.strip(), grund)
    empfaenger = (fault.findtext(f"{_S}Code/{_S}Value") or "").endswith("Receiver")
    return fehler("soap_receiver" if empfaenger else "soap_sender", grund)


def message_id(body: etree._Element) -> str:
    wert = body.findtext(f"{_W}MessageID")
    if not wert or not wert.strip():
        raise fehler("antwort_unlesbar", "createMessageId: no MessageID")
    return wert.strip()


def _datum(text: str | None) -> datetime:
    if not text:
        raise fehler("antwort_unlesbar", "getTransportReport: dateTime missing")
    text = text.strip()
    try:
        zeitpunkt = datetime.fromisoformat(text)
    except ValueError:
        try:
            zeitpunkt = isodate.parse_datetime(text)
        except (ValueError, isodate.ISO8601Error) as lesefehler:
            raise fehler("antwort_unlesbar", "getTransportReport: dateTime") from lesefehler
    if zeitpunkt.tzinfo is None:
        return zeitpunkt.replace(tzinfo=UTC)
    return zeitpunkt.astimezone(UTC)


def transport_bericht(body: etree._Element, message_id: str) -> TransportBericht:
    bericht = body.find(f"{_X}TransportReport")
    status = bericht.find(f"{_X}MessageStatus") if bericht is not None else None
    if bericht is None or status is None:
        raise fehler("antwort_unlesbar", "getTransportReport: no TransportReport")
    try:
        ampel = Status(int((status.findtext(f"{_X}Status") or "").strip()))
    except ValueError as lesefehler:
        raise fehler("antwort_unlesbar", "getTransportReport: Status") from lesefehler
    meldungen: list[Meldung] = []
    for art, liste, eintrag in (
        ("fehler", "ErrorList", "Error"),
        ("warnung", "WarnList", "Warning"),
        ("info", "InfoList", "Info"),
    ):
        for record in status.iterfind(f"{_X}{liste}/{_X}{eintrag}"):
            code = record.findtext(f"{_X}Code/code")
            if code is None:
                raise fehler("antwort_unlesbar", "getTransportReport: record without code")
            meldungen.append(
                Meldung(
                    art,
                    code.strip(),
                    record.findtext(f"{_X}Reason") or "",
                    _datum(record.findtext(f"{_X}Timestamp")),
                )
            )
    return TransportBericht(
        message_id=message_id,
        status=ampel,
        berichtszeit=_datum(bericht.findtext(f"{_X}ReportTime")),
        server=(bericht.findtext(f"{_X}XTAServerIdentity") or "").strip(),
        meldungen=tuple(meldungen),
    )
