"""The XTA 2 V3 operations the platform uses, as the counterpart answers them.

Each operation gets the parsed request and the caller's account and returns the body (and extra
headers) of its answer, or raises ``XtaFehler`` with the real error code. Schema validation runs
before any of them (``Gegenstelle.bearbeite``).
"""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from xta2_gegenstelle.ablage import (
    ROT,
    Ablage,
    GespeicherteNachricht,
    Inhalt,
    Meldung,
    MessageIdVergeben,
    UnbekannteMessageIds,
    jetzt_iso,
)
from xta2_gegenstelle.fehler import FEHLERNUMMER_LISTE, FEHLERNUMMER_VERSION, XtaFehler
from xta2_gegenstelle.schemata import (
    NS_OSCI,
    NS_OSCIMETA,
    NS_WSA,
    NS_XTA,
    Befund,
    Fachschemata,
    XtaSchemata,
    sicher_parsen,
)
from xta2_gegenstelle.soap import Anfrage
from xta2_gegenstelle.stoerungen import Stoerungen

MAX_CONTAINER_BYTES = 40 * 1024 * 1024  # XTA: a ContentContainer must not exceed 40 MB
MESSAGE_ID_PRAEFIX = "urn:de:xta:messageid:xta2-gegenstelle:"
MELDUNG_LISTE = "urn:de:sozialplattform:xta2-gegenstelle:codeliste:meldung"
OSCI_NO_MATCH = "http://www.osci.eu/ws/2008/05/transport/MsgBox/reasons/NoMatch"
STANDARD_LISTENLAENGE = 100

_MSGBOX = "http://www.osci.eu/ws/2008/05/transport/urn/messageTypes/"


@dataclass(frozen=True)
class Operation:
    name: str
    port: str
    action: str
    rumpf: str | None  # the body element (Clark notation); None: empty body


OPERATIONEN: dict[str, Operation] = {
    op.action: op
    for op in (
        Operation(
            "createMessageId", "ManagementPort", "http://www.xta.de/XTA/CreateMessageID", None
        ),
        Operation(
            "checkAccountActive", "ManagementPort", "http://www.xta.de/XTA/CheckAccountActive", None
        ),
        Operation(
            "lookupService",
            "ManagementPort",
            "http://www.xta.de/XTA/IsServiceAvailable",
            f"{{{NS_XTA}}}LookupServiceRequest",
        ),
        Operation(
            "getTransportReport",
            "ManagementPort",
            "http://www.xta.de/XTA/GetTransportReport",
            f"{{{NS_WSA}}}MessageID",
        ),
        Operation(
            "cancelMessage",
            "ManagementPort",
            "http://www.xta.de/XTA/CancelMessage",
            f"{{{NS_WSA}}}MessageID",
        ),
        Operation(
            "sendMessage",
            "SendXtaPort",
            "http://www.xta.de/XTA/SendMessage",
            f"{{{NS_XTA}}}GenericContentContainer",
        ),
        Operation(
            "sendMessageSync",
            "SendXtaPort",
            "http://www.xta.de/XTA/SendMessageSync",
            f"{{{NS_XTA}}}GenericContentContainer",
        ),
        Operation(
            "getStatusList",
            "MsgBoxPort",
            _MSGBOX + "MsgBoxStatusListRequest",
            f"{{{NS_OSCI}}}MsgBoxStatusListRequest",
        ),
        Operation(
            "getMessage",
            "MsgBoxPort",
            _MSGBOX + "MsgBoxFetchRequest",
            f"{{{NS_OSCI}}}MsgBoxFetchRequest",
        ),
        Operation(
            "close",
            "MsgBoxPort",
            _MSGBOX + "MsgBoxCloseRequest",
            f"{{{NS_OSCI}}}MsgBoxCloseRequest",
        ),
    )
}


@dataclass(frozen=True)
class Konfiguration:
    """Who may call and who can be written to. ``konten``/``leser`` None: open (anyone)."""

    konten: frozenset[str] | None = None
    gesperrte_konten: frozenset[str] = frozenset()
    leser: frozenset[str] | None = None
    dienste: dict[str, frozenset[str]] = field(default_factory=dict)
    bericht_verzoegerung: float = 0.5
    server_identitaet: str = "xta2-gegenstelle"
    mtom_antworten: bool = True

    @classmethod
    def aus_json(cls, daten: dict) -> Konfiguration:
        def menge(name: str) -> frozenset[str] | None:
            wert = daten.get(name)
            return None if wert is None else frozenset(str(w) for w in wert)

        return cls(
            konten=menge("konten"),
            gesperrte_konten=menge("gesperrte_konten") or frozenset(),
            leser=menge("leser"),
            dienste={k: frozenset(v) for k, v in daten.get("dienste", {}).items()},
            bericht_verzoegerung=float(daten.get("bericht_verzoegerung", 0.5)),
            server_identitaet=str(daten.get("server_identitaet", "xta2-gegenstelle")),
            mtom_antworten=bool(daten.get("mtom_antworten", True)),
        )


@dataclass
class Antwort:
    rumpf: list[etree._Element]
    kopf: list[etree._Element] = field(default_factory=list)
    mtom_elemente: list[etree._Element] = field(default_factory=list)


def _e(namensraum: str, name: str, text: str | None = None, **attribute: str) -> etree._Element:
    element = etree.Element(f"{{{namensraum}}}{name}", **attribute)
    if text is not None:
        element.text = text
    return element


def _sub(eltern: etree._Element, namensraum: str | None, name: str, text: str | None = None):
    tag = f"{{{namensraum}}}{name}" if namensraum else name
    element = etree.SubElement(eltern, tag)
    if text is not None:
        element.text = text
    return element


def _befunde_text(befunde: list[Befund], hoechstens: int = 3) -> str:
    return "; ".join(str(b) for b in befunde[:hoechstens])


class Gegenstelle:
    def __init__(
        self,
        ablage: Ablage,
        schemata: XtaSchemata,
        fachschemata: Fachschemata,
        konfiguration: Konfiguration,
        stoerungen: Stoerungen,
    ) -> None:
        self.ablage = ablage
        self.schemata = schemata
        self.fachschemata = fachschemata
        self.konfiguration = konfiguration
        self.stoerungen = stoerungen
        self._ausfuehren: dict[str, Callable[[Anfrage, str], Antwort]] = {
            "createMessageId": self.create_message_id,
            "checkAccountActive": self.check_account_active,
            "lookupService": self.lookup_service,
            "getTransportReport": self.get_transport_report,
            "cancelMessage": self.cancel_message,
            "sendMessage": self.send_message,
            "sendMessageSync": self.send_message_sync,
            "getStatusList": self.get_status_list,
            "getMessage": self.get_message,
            "close": self.close,
        }

    # -- the common path ---------------------------------------------------------------------

    def pruefe_anfrage(self, operation: Operation, anfrage: Anfrage) -> None:
        """The whole envelope, then the body element on its own (strictly), against the
        official schemas. Missing parameters are 9020, invalid ones 9022."""
        if operation.rumpf is None:
            if anfrage.rumpf:
                raise XtaFehler("9022", f"{operation.name} takes an empty body")
        else:
            if not anfrage.rumpf:
                raise XtaFehler("9020", f"{operation.name}: body element missing")
            if len(anfrage.rumpf) > 1 or anfrage.rumpf[0].tag != operation.rumpf:
                raise XtaFehler(
                    "9022", f"{operation.name} expects {etree.QName(operation.rumpf).localname}"
                )
        befunde = self.schemata.pruefe(anfrage.umschlag)
        for element in [*anfrage.rumpf, *anfrage.kopf]:
            if etree.QName(element).namespace in (NS_XTA, NS_OSCI, NS_OSCIMETA):
                befunde += self.schemata.pruefe(element)
        if befunde:
            raise XtaFehler("9022", f"schema violation: {_befunde_text(befunde)}")

    def konto(self, anfrage: Anfrage, zertifikat_name: str | None) -> str:
        """The calling account: the oscimeta:Author header, else the client certificate."""
        autor = anfrage.kopfelement(NS_OSCIMETA, "Author")
        kennung = None
        if autor is not None:
            kennung = (autor.findtext(f"{{{NS_OSCIMETA}}}Identifier") or "").strip() or None
        return self.pruefe_konto(kennung or zertifikat_name)

    def pruefe_konto(self, kennung: str | None) -> str:
        if not kennung:
            raise XtaFehler("9012", "no account: neither an Author header nor a certificate")
        if kennung in self.konfiguration.gesperrte_konten:
            raise XtaFehler("9011")
        if self.konfiguration.konten is not None and kennung not in self.konfiguration.konten:
            raise XtaFehler("9012")
        return kennung

    def ausfuehren(self, operation: Operation, anfrage: Anfrage, konto: str | None) -> Antwort:
        return self._ausfuehren[operation.name](anfrage, konto or "")

    # -- ManagementPort ----------------------------------------------------------------------

    def create_message_id(self, anfrage: Anfrage, konto: str) -> Antwort:
        message_id = f"{MESSAGE_ID_PRAEFIX}{uuid.uuid4()}"
        self.ablage.message_id_merken(message_id, konto)
        return Antwort([_e(NS_WSA, "MessageID", message_id)])

    def check_account_active(self, anfrage: Anfrage, konto: str) -> Antwort:
        return Antwort([])

    def lookup_service(self, anfrage: Anfrage, konto: str) -> Antwort:
        antwort = _e(NS_XTA, "LookupServiceResponse")
        liste = _sub(antwort, NS_XTA, "LookupServiceResultList")
        for anfrage_element in anfrage.rumpf[0].iter(f"{{{NS_XTA}}}LookupService"):
            leser = anfrage_element.find(f"{{{NS_OSCIMETA}}}Reader")
            kennung = (leser.findtext(f"{{{NS_OSCIMETA}}}Identifier") or "").strip()
            dienst = (anfrage_element.findtext(f"{{{NS_XTA}}}ServiceType") or "").strip()
            ergebnis = _sub(liste, NS_XTA, "LookupServiceResult")
            ergebnis.append(_kopie(leser))
            _sub(ergebnis, NS_XTA, "ServiceType", dienst)
            wert = _sub(ergebnis, NS_XTA, "IsServiceAvailableValue")
            verfuegbar = self._leser_bekannt(kennung) and self._dienst_angeboten(kennung, dienst)
            _sub(wert, NS_XTA, "ServiceIsAvailable", "true" if verfuegbar else "false")
        return Antwort([antwort])

    def get_transport_report(self, anfrage: Anfrage, konto: str) -> Antwort:
        message_id = (anfrage.rumpf[0].text or "").strip()
        nachricht = self.ablage.nachricht(message_id)
        if nachricht is None or nachricht.autor != konto:
            raise XtaFehler("9070")
        return Antwort([self._transport_report(nachricht)])

    def cancel_message(self, anfrage: Anfrage, konto: str) -> Antwort:
        # The counterpart delivers at once and never sets NotBefore, so nothing can be cancelled.
        message_id = (anfrage.rumpf[0].text or "").strip()
        nachricht = self.ablage.nachricht(message_id)
        if nachricht is None or nachricht.autor != konto:
            raise XtaFehler("9022", "unknown MessageID")
        raise XtaFehler("9101")

    # -- SendXtaPort -------------------------------------------------------------------------

    def send_message_sync(self, anfrage: Anfrage, konto: str) -> Antwort:
        raise XtaFehler("9080")

    def send_message(self, anfrage: Anfrage, konto: str) -> Antwort:
        metadaten = anfrage.kopfelement(NS_OSCIMETA, "MessageMetaData")
        if metadaten is None:
            raise XtaFehler("9020", "MessageMetaData header missing")
        container = anfrage.rumpf[0].find(f"{{{NS_XTA}}}ContentContainer")
        if container is None:
            raise XtaFehler("9022", "encrypted containers (xenc:EncryptedData) are not supported")
        kennung = _text(metadaten, "Originators", "Author", "Identifier")
        autor = self.pruefe_konto(kennung)
        leser = _text(metadaten, "Destinations", "Reader", "Identifier")
        message_id = (
            metadaten.findtext(f"{{{NS_OSCIMETA}}}MsgIdentification/{{{NS_WSA}}}MessageID") or ""
        ).strip()
        service = metadaten.findtext(f"{{{NS_OSCIMETA}}}Qualifier/{{{NS_OSCIMETA}}}Service") or ""
        nachrichtentyp_element = metadaten.find(
            f"{{{NS_OSCIMETA}}}Qualifier/{{{NS_OSCIMETA}}}MessageType"
        )
        nachrichtentyp = (nachrichtentyp_element.findtext("code") or "").strip()
        payload_schema = nachrichtentyp_element.get("payloadSchema", "")
        if not message_id or not leser:
            raise XtaFehler("9020", "MessageID or Reader missing")

        inhalt = _inhalt(container.find(f"{{{NS_XTA}}}Message"), anfrage.binaer)
        anlagen = [_inhalt(a, anfrage.binaer) for a in container.findall(f"{{{NS_XTA}}}Attachment")]
        if len(inhalt.daten) + sum(len(a.daten) for a in anlagen) > MAX_CONTAINER_BYTES:
            raise XtaFehler("9023")
        meldungen = self._pruefe_fachnachricht(inhalt, payload_schema)

        status = 1
        if not self._leser_bekannt(leser):
            status = 3
            meldungen.append(Meldung("fehler", "9032", "Leser unbekannt: keine Zustellung"))
        elif not self._dienst_angeboten(leser, service):
            status = 3
            meldungen.append(Meldung("fehler", "9013", "Dienst beim Leser nicht angeboten"))
        bericht = self.stoerungen.ziehen("sendMessage", ("bericht_gelb", "bericht_rot"))
        if bericht is not None and bericht.art == "bericht_rot":
            status = 3
            meldungen.append(Meldung("fehler", "9032", "Zustellung fehlgeschlagen (Störung)"))
        elif bericht is not None and status == 1:
            status = 2
            meldungen.append(Meldung("warnung", "9000", "Zustellung mit Warnung (Störung)"))
        if status == 1 and not any(m.art == "info" for m in meldungen):
            meldungen.append(Meldung("info", "1", "Nachricht zugestellt"))
        try:
            self.ablage.speichern(
                message_id=message_id,
                autor=autor,
                leser=leser,
                service=service.strip(),
                nachrichtentyp=nachrichtentyp or None,
                herkunft="sendMessage",
                metadaten=etree.tostring(metadaten),
                inhalt=inhalt,
                anlagen=anlagen,
                bericht_status=status,
                bericht_verzoegerung=self.konfiguration.bericht_verzoegerung,
                meldungen=meldungen,
            )
        except MessageIdVergeben as fehler:
            raise XtaFehler("9024") from fehler
        return Antwort([])

    def _pruefe_fachnachricht(self, inhalt: Inhalt, payload_schema: str) -> list[Meldung]:
        """9051 for a wrong encoding, 9050 for a message its known schema refuses; a message
        of an unknown schema is accepted with an info record."""
        kodierung = inhalt.attribute.get("encoding", "UTF-8").replace("_", "-").upper()
        if kodierung not in ("UTF-8", "UTF8"):
            raise XtaFehler("9051", f"encoding {kodierung} is not UTF-8")
        if "xml" not in inhalt.attribute.get("contentType", "").lower():
            return [Meldung("info", "2", "Fachnachricht ist kein XML, nicht geprüft")]
        try:
            inhalt.daten.decode("utf-8")
        except UnicodeDecodeError as fehler:
            raise XtaFehler("9051", "message is not valid UTF-8") from fehler
        try:
            wurzel = sicher_parsen(inhalt.daten)
        except etree.XMLSyntaxError as fehler:
            raise XtaFehler("9050", f"message is not well-formed XML: {fehler.msg}") from fehler
        befunde = self.fachschemata.pruefe(wurzel)
        if befunde is None:
            return [Meldung("info", "3", "Schema der Fachnachricht unbekannt, nicht geprüft")]
        namensraum = etree.QName(wurzel).namespace or ""
        if payload_schema and payload_schema != namensraum:
            raise XtaFehler("9050", "payloadSchema differs from the message's namespace")
        if befunde:
            raise XtaFehler("9050", _befunde_text(befunde))
        return []

    def _leser_bekannt(self, leser: str) -> bool:
        return self.konfiguration.leser is None or leser in self.konfiguration.leser

    def _dienst_angeboten(self, leser: str, dienst: str) -> bool:
        angeboten = self.konfiguration.dienste.get(leser)
        return angeboten is None or dienst.strip() in angeboten

    def _transport_report(self, nachricht: GespeicherteNachricht) -> etree._Element:
        status = nachricht.aktueller_status()
        bericht = _e(NS_XTA, "TransportReport")
        bericht.append(sicher_parsen(nachricht.metadaten))
        _sub(bericht, NS_XTA, "ReportTime", jetzt_iso() if status else nachricht.empfangen_um)
        _sub(bericht, NS_XTA, "XTAServerIdentity", self.konfiguration.server_identitaet)
        message_status = _sub(bericht, NS_XTA, "MessageStatus")
        _sub(message_status, NS_XTA, "Status", str(status))
        if status:
            for art, liste, eintrag in (
                ("fehler", "ErrorList", "Error"),
                ("warnung", "WarnList", "Warning"),
                ("info", "InfoList", "Info"),
            ):
                meldungen = [m for m in nachricht.meldungen if m.art == art]
                if not meldungen:
                    continue
                liste_element = _sub(message_status, NS_XTA, liste)
                for meldung in meldungen:
                    record = _sub(liste_element, NS_XTA, eintrag)
                    _sub(record, NS_XTA, "Timestamp", nachricht.empfangen_um)
                    code = _sub(record, NS_XTA, "Code")
                    ist_fehlernummer = meldung.code.startswith("9")
                    code.set("listURI", FEHLERNUMMER_LISTE if ist_fehlernummer else MELDUNG_LISTE)
                    code.set("listVersionID", FEHLERNUMMER_VERSION)
                    _sub(code, None, "code", meldung.code)
                    _sub(record, NS_XTA, "Reason", meldung.grund)
        return bericht

    # -- MsgBoxPort --------------------------------------------------------------------------

    def _abruf(self, konto: str) -> str:
        request_id = f"urn:uuid:{uuid.uuid4()}"
        self.ablage.abruf_merken(request_id, konto)
        return request_id

    def _msgbox_response(self, request_id: str, ausstehend: int | None) -> etree._Element:
        antwort = _e(NS_OSCI, "MsgBoxResponse", MsgBoxRequestID=request_id)
        if ausstehend is None:
            _sub(antwort, NS_OSCI, "NoMessageAvailable").set("reason", OSCI_NO_MATCH)
        else:
            _sub(antwort, NS_OSCI, "ItemsPending", str(ausstehend))
        return antwort

    def get_status_list(self, anfrage: Anfrage, konto: str) -> Antwort:
        anfrage_element = anfrage.rumpf[0]
        grenze = int(anfrage_element.get("maxListItems", STANDARD_LISTENLAENGE))
        form = anfrage_element.get("ListForm", "MessageMetaData")
        nur_neue = anfrage_element.find(f"{{{NS_OSCI}}}MsgSelector") is not None and (
            anfrage_element.find(f"{{{NS_OSCI}}}MsgSelector").get("newEntry") in ("true", "1")
        )
        offen = [
            n
            for n in self.ablage.offene_fuer(konto)
            if not (nur_neue and n.erster_abruf_um is not None)
        ]
        liste = _e(NS_OSCI, "MsgStatusList")
        for nachricht in offen[:grenze]:
            if form == "MsgAtrributes":
                attribute = _sub(liste, NS_OSCI, "MsgAttributes")
                _sub(attribute, NS_WSA, "MessageID", nachricht.message_id)
                _sub(attribute, NS_OSCI, "TypeOfBusinessScenario", nachricht.service or "urn:x")
                _sub(attribute, NS_OSCI, "MsgSize", str(nachricht.groesse))
                _sub(attribute, NS_OSCI, "DeliveryTime", nachricht.empfangen_um)
            else:
                liste.append(sicher_parsen(nachricht.metadaten))
        request_id = self._abruf(konto)
        ausstehend = max(len(offen) - grenze, 0) if offen else None
        return Antwort([liste], kopf=[self._msgbox_response(request_id, ausstehend)])

    def get_message(self, anfrage: Anfrage, konto: str) -> Antwort:
        selektor = anfrage.rumpf[0].find(f"{{{NS_OSCI}}}MsgSelector")
        gesucht = [
            (e.text or "").strip()
            for e in (selektor.findall(f"{{{NS_WSA}}}MessageID") if selektor is not None else [])
        ]
        if gesucht:
            nachricht = self.ablage.nachricht(gesucht[0], mit_anlagen=True)
            if nachricht is None or nachricht.leser != konto or nachricht.bericht_status == ROT:
                raise XtaFehler("9070")  # a red one was never delivered (see ablage)
        else:
            offen = self.ablage.offene_fuer(konto, grenze=1)
            if not offen:
                raise XtaFehler("9070", "no message in the mailbox")
            nachricht = self.ablage.nachricht(offen[0].message_id, mit_anlagen=True)
        assert nachricht is not None
        self.ablage.abgerufen(nachricht.message_id)
        behaelter = _e(NS_XTA, "GenericContentContainer")
        inhalt = _sub(behaelter, NS_XTA, "ContentContainer")
        binaer = [_content_element(inhalt, "Message", nachricht.inhalt)]
        binaer += [_content_element(inhalt, "Attachment", a) for a in nachricht.anlagen]
        request_id = self._abruf(konto)
        ausstehend = max(self.ablage.anzahl_offen(konto) - 1, 0)
        return Antwort(
            [behaelter],
            kopf=[
                sicher_parsen(nachricht.metadaten),
                self._msgbox_response(request_id, ausstehend),
            ],
            mtom_elemente=binaer if self.konfiguration.mtom_antworten else [],
        )

    def close(self, anfrage: Anfrage, konto: str) -> Antwort:
        message_ids = [
            (e.text or "").strip()
            for e in anfrage.rumpf[0].findall(f"{{{NS_OSCI}}}LastMsgReceived")
        ]
        doppelt = self.stoerungen.ziehen("close", ("doppelte_zustellung",)) is not None
        try:
            self.ablage.schliessen_fuer(konto, message_ids, wiederholen=doppelt)
        except UnbekannteMessageIds as fehler:
            anzahl = len(fehler.args[0])
            raise XtaFehler("9070", f"{anzahl} MessageID(s) not in the mailbox") from fehler
        return Antwort([])

    # -- written back by a Jobcenter (admin endpoint) ----------------------------------------

    def antwort_einstellen(
        self,
        *,
        leser: str,
        autor: str,
        service: str,
        nachricht: bytes,
        nachrichtentyp: str,
        payload_schema: str | None,
        geschaeftsszenario: str,
        anlagen: list[Inhalt],
        in_reply_to: str | None = None,
        pruefen: bool = True,
        encoding: str = "UTF-8",
    ) -> str:
        """Queue a message from ``autor`` (a Jobcenter) into ``leser``'s mailbox (the
        platform's), with MessageMetaData as a real XTA server would hand it out.
        ``pruefen=False`` queues the bytes unchecked, as an XTA server that does not know the
        payload schema passes on whatever a Jobcenter sends (tests of the platform's inbound
        path: other encodings, garbage, the wrong schema, any size)."""
        inhalt = Inhalt(nachricht, {"contentType": "application/xml", "encoding": encoding})
        if pruefen:
            self._pruefe_fachnachricht(inhalt, payload_schema or "")
        message_id = f"{MESSAGE_ID_PRAEFIX}{uuid.uuid4()}"
        metadaten = _metadaten(
            message_id=message_id,
            autor=autor,
            leser=leser,
            service=service,
            nachrichtentyp=nachrichtentyp,
            payload_schema=payload_schema or "urn:de:sozialplattform:unbekannt",
            geschaeftsszenario=geschaeftsszenario,
            in_reply_to=in_reply_to,
            groesse=len(nachricht) + sum(len(a.daten) for a in anlagen),
        )
        befunde = self.schemata.pruefe(metadaten)
        if befunde:
            raise XtaFehler("9022", f"schema violation: {_befunde_text(befunde)}")
        self.ablage.speichern(
            message_id=message_id,
            autor=autor,
            leser=leser,
            service=service,
            nachrichtentyp=nachrichtentyp,
            herkunft="gegenstelle",
            metadaten=etree.tostring(metadaten),
            inhalt=inhalt,
            anlagen=anlagen,
            bericht_status=1,
            bericht_verzoegerung=0.0,
            meldungen=[Meldung("info", "1", "Nachricht zugestellt")],
        )
        return message_id


def _kopie(element: etree._Element) -> etree._Element:
    return sicher_parsen(etree.tostring(element))


def _text(metadaten: etree._Element, *pfad: str) -> str:
    ausdruck = "/".join(f"{{{NS_OSCIMETA}}}{schritt}" for schritt in pfad)
    return (metadaten.findtext(ausdruck) or "").strip()


def _inhalt(element: etree._Element, binaer: dict[etree._Element, bytes]) -> Inhalt:
    """The element's bytes: as they came in their MTOM part, else decoded from base64."""
    daten = binaer.get(element)
    if daten is None:
        try:
            daten = base64.b64decode((element.text or "").encode("ascii"), validate=False)
        except (binascii.Error, ValueError) as fehler:
            raise XtaFehler("9022", "content is not base64") from fehler
    return Inhalt(daten, dict(element.attrib))


def _content_element(eltern: etree._Element, name: str, inhalt: Inhalt) -> etree._Element:
    element = _sub(eltern, NS_XTA, name, base64.b64encode(inhalt.daten).decode("ascii"))
    for schluessel, wert in inhalt.attribute.items():
        element.set(schluessel, wert)
    return element


def _metadaten(
    *,
    message_id: str,
    autor: str,
    leser: str,
    service: str,
    nachrichtentyp: str,
    payload_schema: str,
    geschaeftsszenario: str,
    in_reply_to: str | None,
    groesse: int,
) -> etree._Element:
    m = NS_OSCIMETA
    wurzel = _e(m, "MessageMetaData")
    zustellung = _sub(wurzel, m, "DeliveryAttributes")
    _sub(zustellung, m, "Origin", jetzt_iso())
    _sub(zustellung, m, "Delivery", jetzt_iso())
    urheber = _sub(_sub(wurzel, m, "Originators"), m, "Author")
    _sub(urheber, m, "Identifier", autor).set("type", "xoev")
    ziel = _sub(_sub(wurzel, m, "Destinations"), m, "Reader")
    _sub(ziel, m, "Identifier", leser).set("type", "xoev")
    kennung = _sub(wurzel, m, "MsgIdentification")
    _sub(kennung, NS_WSA, "MessageID", message_id)
    if in_reply_to:
        _sub(kennung, m, "In-Reply-To", in_reply_to)
    qualifier = _sub(wurzel, m, "Qualifier")
    _sub(qualifier, m, "Service", service)
    szenario = _sub(_sub(qualifier, m, "BusinessScenario"), m, "Defined")
    szenario.set("listURI", "urn:xoev-de:sozialplattform:codeliste:geschaeftsszenario")
    szenario.set("listVersionID", "1.0")
    _sub(szenario, None, "code", geschaeftsszenario)
    typ = _sub(qualifier, m, "MessageType")
    typ.set("listURI", "urn:xoev-de:sozialplattform:codeliste:nachrichtentyp")
    typ.set("listVersionID", "1.0")
    typ.set("payloadSchema", payload_schema)
    _sub(typ, None, "code", nachrichtentyp)
    _sub(wurzel, m, "MsgSize", str(max(groesse, 1)))
    return wurzel


def fachschemata_standard() -> Path | None:
    """contracts/xoev of the repository, when the counterpart runs inside it."""
    for start in (Path.cwd().resolve(), Path(__file__).resolve()):
        for ordner in (start, *start.parents):
            kandidat = ordner / "contracts" / "xoev"
            if kandidat.is_dir():
                return kandidat
    return None
