"""SOAP 1.2 with WS-Addressing: reading a request (plain or MTOM), writing answers and faults."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from lxml import etree

from xta2_gegenstelle import mtom
from xta2_gegenstelle.fehler import FEHLERNUMMER_LISTE, FEHLERNUMMER_VERSION, XtaFehler
from xta2_gegenstelle.schemata import NS_SOAP12, NS_WSA, NS_XTA, sicher_parsen

SOAP12_MEDIENTYP = "application/soap+xml"
WSA_FAULT_ACTION = "http://www.w3.org/2005/08/addressing/fault"
_HEADER = f"{{{NS_SOAP12}}}Header"
_BODY = f"{{{NS_SOAP12}}}Body"


class SoapFehler(Exception):
    """A SOAP fault without an XTA error code: envelope, media type or addressing is wrong.
    ``subcode`` is a QName in Clark notation."""

    def __init__(
        self, grund: str, seite: str = "Sender", subcode: str | None = None, http_status=None
    ) -> None:
        super().__init__(grund)
        self.grund = grund
        self.seite = seite
        self.subcode = subcode
        self.http_status = http_status or (400 if seite == "Sender" else 500)


@dataclass
class Anfrage:
    """One parsed SOAP request. ``umschlag`` is the XOP-resolved envelope (base64 inline);
    ``binaer`` holds the bytes of each element whose content came as an MTOM part."""

    umschlag: etree._Element
    action: str
    message_id: str | None
    kopf: list[etree._Element]
    rumpf: list[etree._Element]
    mtom: bool
    binaer: dict[etree._Element, bytes] = field(default_factory=dict)
    weitere: dict[str, str] = field(default_factory=dict)

    def kopfelement(self, namensraum: str, name: str) -> etree._Element | None:
        gesucht = f"{{{namensraum}}}{name}"
        return next((element for element in self.kopf if element.tag == gesucht), None)


def lese_anfrage(body: bytes, content_type: str) -> Anfrage:
    medientyp, werte = mtom.parameter(content_type or "")
    ist_mtom = medientyp == "multipart/related"
    anhaenge: dict[str, bytes] = {}
    if ist_mtom:
        if werte.get("type", "").lower() != "application/xop+xml":
            raise SoapFehler("multipart/related must carry application/xop+xml", http_status=415)
        try:
            body, anhaenge = mtom.wurzel_und_anhaenge(body, content_type, werte)
        except mtom.MtomFehler as fehler:
            raise SoapFehler(f"MTOM: {fehler}") from fehler
    elif medientyp == "text/xml":
        raise SoapFehler(
            "SOAP 1.1 (text/xml) is not supported: XTA 2 V3 uses SOAP 1.2",
            subcode=None,
            http_status=415,
        )
    elif medientyp != SOAP12_MEDIENTYP:
        raise SoapFehler(f"unsupported media type {medientyp or '(none)'}", http_status=415)
    try:
        umschlag = sicher_parsen(body, huge_tree=True)
    except etree.XMLSyntaxError as fehler:
        raise SoapFehler(f"request is not well-formed XML: {fehler.msg}") from fehler
    if umschlag.getroottree().docinfo.doctype:
        # SOAP 1.2 Part 1, 5: a SOAP message MUST NOT contain a document type declaration.
        # Checked on the parsed document (any encoding, any spelling); nothing of the DTD was
        # loaded or expanded (sicher_parsen), but a validator must not see its entity nodes.
        raise XtaFehler("9022", "a SOAP message must not contain a document type declaration")
    if umschlag.tag != f"{{{NS_SOAP12}}}Envelope":
        raise VersionsFehler()
    binaer: dict[etree._Element, bytes] = {}
    if ist_mtom:
        try:
            binaer = mtom.xop_aufloesen(umschlag, anhaenge)
        except mtom.MtomFehler as fehler:
            raise SoapFehler(f"MTOM: {fehler}") from fehler
    kopf_element = next(umschlag.iterchildren(_HEADER), None)
    rumpf_element = next(umschlag.iterchildren(_BODY), None)
    if rumpf_element is None:
        raise SoapFehler("envelope without Body")
    kopf = [k for k in (kopf_element if kopf_element is not None else []) if _ist_element(k)]
    rumpf = [k for k in rumpf_element if _ist_element(k)]
    action = _text(kopf, NS_WSA, "Action")
    if not action:
        raise SoapFehler(
            "WS-Addressing header wsa:Action is required",
            subcode=f"{{{NS_WSA}}}MessageAddressingHeaderRequired",
        )
    http_action = werte.get("action")
    if http_action and http_action != action:
        raise SoapFehler(
            "action of the Content-Type and wsa:Action differ",
            subcode=f"{{{NS_WSA}}}ActionMismatch",
        )
    return Anfrage(
        umschlag=umschlag,
        action=action,
        message_id=_text(kopf, NS_WSA, "MessageID"),
        kopf=kopf,
        rumpf=rumpf,
        mtom=ist_mtom,
        binaer=binaer,
    )


class VersionsFehler(SoapFehler):
    def __init__(self) -> None:
        super().__init__("only SOAP 1.2 envelopes are accepted", seite="VersionMismatch")


def _ist_element(knoten: object) -> bool:
    return isinstance(knoten, etree._Element) and isinstance(knoten.tag, str)


def _text(elemente: list[etree._Element], namensraum: str, name: str) -> str | None:
    gesucht = f"{{{namensraum}}}{name}"
    for element in elemente:
        if element.tag == gesucht:
            return (element.text or "").strip() or None
    return None


def umschlag(
    action: str,
    bezug: str | None,
    rumpf: list[etree._Element],
    kopf: list[etree._Element] | None = None,
) -> etree._Element:
    """A SOAP 1.2 envelope with the WS-Addressing headers of a reply."""
    wurzel = etree.Element(f"{{{NS_SOAP12}}}Envelope", nsmap={"soap": NS_SOAP12, "wsa": NS_WSA})
    kopf_element = etree.SubElement(wurzel, f"{{{NS_SOAP12}}}Header")
    etree.SubElement(kopf_element, f"{{{NS_WSA}}}Action").text = action
    etree.SubElement(kopf_element, f"{{{NS_WSA}}}MessageID").text = f"urn:uuid:{uuid.uuid4()}"
    if bezug:
        etree.SubElement(kopf_element, f"{{{NS_WSA}}}RelatesTo").text = bezug
    for element in kopf or []:
        kopf_element.append(element)
    rumpf_element = etree.SubElement(wurzel, f"{{{NS_SOAP12}}}Body")
    for element in rumpf:
        rumpf_element.append(element)
    return wurzel


def fehler_umschlag(
    fehler: XtaFehler | SoapFehler, action: str | None, bezug: str | None
) -> etree._Element:
    """The SOAP 1.2 fault; for an XTA error its detail holds the XTA exception element with
    errorCode (code list urn:de:xta:webservice:codeliste:fehlernummer)."""
    fault = etree.Element(f"{{{NS_SOAP12}}}Fault")
    code = etree.SubElement(fault, f"{{{NS_SOAP12}}}Code")
    wert = etree.SubElement(code, f"{{{NS_SOAP12}}}Value")
    if isinstance(fehler, XtaFehler):
        wert.text = f"soap:{fehler.art.seite}"
        grund = f"{fehler.art.code}: {fehler.grund}"
    else:
        wert.text = f"soap:{fehler.seite}"
        grund = fehler.grund
        if fehler.subcode:
            unter = etree.SubElement(code, f"{{{NS_SOAP12}}}Subcode")
            qname = etree.QName(fehler.subcode)
            unter_wert = etree.SubElement(unter, f"{{{NS_SOAP12}}}Value", nsmap={"wsa": NS_WSA})
            unter_wert.text = f"wsa:{qname.localname}"
    reason = etree.SubElement(fault, f"{{{NS_SOAP12}}}Reason")
    text = etree.SubElement(reason, f"{{{NS_SOAP12}}}Text")
    text.set("{http://www.w3.org/XML/1998/namespace}lang", "de")
    text.text = grund
    if isinstance(fehler, XtaFehler):
        detail = etree.SubElement(fault, f"{{{NS_SOAP12}}}Detail")
        ausnahme = etree.SubElement(
            detail, f"{{{NS_XTA}}}{fehler.art.ausnahme}", nsmap={"xta": NS_XTA}
        )
        error_code = etree.SubElement(ausnahme, f"{{{NS_XTA}}}errorCode")
        error_code.set("listURI", FEHLERNUMMER_LISTE)
        error_code.set("listVersionID", FEHLERNUMMER_VERSION)
        etree.SubElement(error_code, "code").text = fehler.art.code
        etree.SubElement(error_code, "name").text = fehler.art.name
    return umschlag(action or WSA_FAULT_ACTION, bezug, [fault])


def http_status(fehler: XtaFehler | SoapFehler) -> int:
    """SOAP 1.2 HTTP binding: a Sender fault is 400, every other fault 500."""
    if isinstance(fehler, XtaFehler):
        return 400 if fehler.art.seite == "Sender" else 500
    return fehler.http_status


def serialisiere(wurzel: etree._Element) -> bytes:
    return etree.tostring(wurzel, xml_declaration=True, encoding="UTF-8")


def content_type(action: str) -> str:
    return f'{SOAP12_MEDIENTYP}; charset=utf-8; action="{action}"'
