"""XTA 2 Version 3 (XTA-Webservice 2.1.1) on zeep: SOAP 1.2, WS-Addressing, MTOM, mutual TLS.

The WSDL is loaded offline from the reference data ($SOZ_REFERENCE_DATA/xta2-v3/XTA.wsdl);
zeep builds each request from it and adds the WS-Addressing headers (wsa:Action from the WSDL's
wsam:Action, a fresh wsa:MessageID, wsa:To). ``_XtaHttp`` sends the ContentContainer as MTOM and
resolves MTOM answers itself, with a size limit and safe XML parsing (no DTD, no entities, no
network).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import requests
import requests.certs
import urllib3
import urllib3.exceptions
import zeep
import zeep.exceptions
from lxml import etree
from zeep.transports import Transport
from zeep.wsdl.utils import etree_to_string

from xta_gateway.adapters import mtom, xta2_v3_vorlagen
from xta_gateway.adapters.xta import (
    Anlage,
    EmpfangeneNachricht,
    Kennung,
    Meldung,
    Postfacheintrag,
    Sendung,
    Status,
    Statusliste,
    TransportBericht,
    Versandergebnis,
    XtaTransport,
)
from xta_gateway.adapters.xta_fehler import MessageIdBereitsVergeben, XtaFehler, fehler

NS_XTA = "http://xoev.de/transport/xta/211"
NS_OSCI = "http://www.osci.eu/ws/2008/05/transport"
_BINDINGS = {
    "ManagementPort": f"{{{NS_XTA}}}managementHttpsBinding",
    "SendXtaPort": f"{{{NS_XTA}}}sendXTAHttpsBinding",
    "MsgBoxPort": f"{{{NS_XTA}}}msgBoxHttpsBinding",
}
T = TypeVar("T")


def _repository_root() -> Path:
    for start in (Path(__file__).resolve(), Path.cwd().resolve()):
        for ordner in start.parents:
            if (ordner / "services").is_dir() and (ordner / "pyproject.toml").is_file():
                return ordner
    return Path.cwd().resolve()


def standard_wsdl() -> Path:
    """$SOZ_REFERENCE_DATA/xta2-v3/XTA.wsdl, else ../shared/data/xta2-v3 beside the repo."""
    konfiguriert = os.environ.get("SOZ_REFERENCE_DATA", "").strip()
    basis = Path(konfiguriert) if konfiguriert else _repository_root().parent / "shared" / "data"
    return basis / "xta2-v3" / "XTA.wsdl"


@dataclass(frozen=True)
class XtaEinstellungen:
    """Per instance (deploy overlay): the Land's XTA endpoint, our identity and TLS material.

    ``endpunkt`` is the base URL; the ports are ``{endpunkt}/ManagementPort``, ``/SendXtaPort``
    and ``/MsgBoxPort`` unless ``port_adressen`` names them one by one."""

    endpunkt: str
    autor: Kennung
    wsdl: Path
    port_adressen: Mapping[str, str] | None = None
    client_zertifikat: Path | None = None
    client_schluessel: Path | None = None
    ca_buendel: Path | None = None
    verbindungs_timeout: float = 5.0
    lese_timeout: float = 30.0
    mtom: bool = True
    max_antwort_bytes: int = 64 * 1024 * 1024
    # kept-alive connections per port: at least as many as calls run at once (SOZ_XTA_PARALLEL)
    verbindungen: int = 32
    # createMessageId, sendMessage and getTransportReport from prepared templates instead of
    # zeep (ADR 0050); off (SOZ_XTA_VORLAGEN=0): every operation through zeep
    vorlagen: bool = True

    @classmethod
    def aus_umgebung(cls, umgebung: Mapping[str, str] | None = None) -> XtaEinstellungen:
        env = os.environ if umgebung is None else umgebung

        def pfad(name: str) -> Path | None:
            wert = env.get(name, "").strip()
            return Path(wert) if wert else None

        return cls(
            endpunkt=env.get("SOZ_XTA_ENDPUNKT", "http://127.0.0.1:8700/xta"),
            autor=Kennung(
                wert=env.get("SOZ_XTA_AUTOR_KENNUNG", "sozialplattform"),
                typ=env.get("SOZ_XTA_AUTOR_TYP", "xoev"),
            ),
            wsdl=pfad("SOZ_XTA_WSDL") or standard_wsdl(),
            client_zertifikat=pfad("SOZ_XTA_CLIENT_ZERTIFIKAT"),
            client_schluessel=pfad("SOZ_XTA_CLIENT_SCHLUESSEL"),
            ca_buendel=pfad("SOZ_XTA_CA_BUENDEL"),
            verbindungs_timeout=float(env.get("SOZ_XTA_TIMEOUT_VERBINDUNG", "5")),
            lese_timeout=float(env.get("SOZ_XTA_TIMEOUT_LESEN", "30")),
            mtom=env.get("SOZ_XTA_MTOM", "1").lower() not in ("0", "false", "nein"),
            vorlagen=env.get("SOZ_XTA_VORLAGEN", "1").lower() not in ("0", "false", "nein"),
        )

    def adresse(self, port: str) -> str:
        if self.port_adressen and port in self.port_adressen:
            return self.port_adressen[port]
        return f"{self.endpunkt.rstrip('/')}/{port}"


class _AntwortZuGross(Exception):
    pass


class _XtaHttp(Transport):
    """zeep's transport with MTOM out and in, a size limit and (connect, read) time-outs."""

    def __init__(self, session: requests.Session, einstellungen: XtaEinstellungen) -> None:
        super().__init__(
            session=session,
            operation_timeout=(einstellungen.verbindungs_timeout, einstellungen.lese_timeout),
        )
        self.mtom = einstellungen.mtom
        self.max_antwort_bytes = einstellungen.max_antwort_bytes

    def post(self, address: str, message: bytes, headers: dict) -> requests.Response:
        # verify and cert per request: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE of the
        # environment override a session's verify, which would drop the configured CA bundle.
        antwort = self.session.post(
            address,
            data=message,
            headers=headers,
            timeout=self.operation_timeout,
            stream=True,
            verify=self.session.verify,
            cert=self.session.cert,
        )
        inhalt = bytearray()
        for stueck in antwort.iter_content(64 * 1024):
            inhalt += stueck
            if len(inhalt) > self.max_antwort_bytes:
                antwort.close()
                raise _AntwortZuGross()
        antwort._content = bytes(inhalt)
        return antwort

    def post_xml(self, address: str, envelope: etree._Element, headers: dict) -> requests.Response:
        binaer = envelope.xpath(
            "//xta:ContentContainer/xta:Message | //xta:ContentContainer/xta:Attachment",
            namespaces={"xta": NS_XTA},
        )
        if self.mtom and binaer:
            _, werte = mtom.parameter(headers.get("Content-Type", ""))
            body, content_type = mtom.kodiere(envelope, binaer, werte.get("action", ""))
            headers = {**headers, "Content-Type": content_type}
        else:
            body = etree_to_string(envelope)
        antwort = self.post(address, body, headers)
        medientyp, _ = mtom.parameter(antwort.headers.get("Content-Type", ""))
        if medientyp == "multipart/related":
            wurzel, anhaenge = mtom.zerlege(antwort.content, antwort.headers["Content-Type"])
            dokument = etree.fromstring(wurzel, _sicherer_parser())
            mtom.xop_aufloesen(dokument, anhaenge)
            antwort._content = etree.tostring(dokument, xml_declaration=True, encoding="UTF-8")
            antwort.headers["Content-Type"] = "application/soap+xml; charset=utf-8"
        return antwort


def _ca_wie_requests() -> str:
    """Without a configured CA bundle: the one requests (and so zeep) would use — the
    environment's REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE, else certifi's."""
    return (
        os.environ.get("REQUESTS_CA_BUNDLE")
        or os.environ.get("CURL_CA_BUNDLE")
        or requests.certs.where()
    )


def _sicherer_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


class Xta2V3Transport(XtaTransport):
    version = "XTA 2 Version 3 (2.1.1)"

    def __init__(self, einstellungen: XtaEinstellungen) -> None:
        if not einstellungen.wsdl.is_file():
            raise FileNotFoundError(
                f"XTA WSDL not found: {einstellungen.wsdl} (set SOZ_REFERENCE_DATA to the "
                "folder that holds xta2-v3/)"
            )
        self.einstellungen = einstellungen
        session = requests.Session()
        if einstellungen.client_zertifikat:
            session.cert = (
                str(einstellungen.client_zertifikat),
                str(einstellungen.client_schluessel or einstellungen.client_zertifikat),
            )
        if einstellungen.ca_buendel:
            session.verify = str(einstellungen.ca_buendel)
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=einstellungen.verbindungen)
        session.mount("http://", adapter)
        session.mount("https://", adapter)
        self._session = session
        self._http = _XtaHttp(session, einstellungen)
        self._client = zeep.Client(
            str(einstellungen.wsdl),
            transport=self._http,
            settings=zeep.Settings(
                strict=True,
                forbid_dtd=True,
                forbid_entities=True,
                forbid_external=True,
                # a getMessage answer carries the message base64-inline after MTOM is resolved:
                # libxml2's default limit (10 MB per text node) would refuse one of 7.5 MB.
                # Answers are capped by max_antwort_bytes; DTDs and entities stay forbidden.
                xml_huge_tree=True,
            ),
        )
        self._dienste = {
            port: self._client.create_service(binding, einstellungen.adresse(port))
            for port, binding in _BINDINGS.items()
        }
        self._autor_kopf = {"AuthorIdentifier": _kennung(einstellungen.autor)}
        # the hot operations from templates, posted with urllib3 itself (requests' per-call
        # machinery cost more CPU than the call): same TLS material, time-outs, no retries
        self._pool = urllib3.PoolManager(
            num_pools=4,
            maxsize=einstellungen.verbindungen,
            cert_reqs="CERT_REQUIRED",
            ca_certs=str(einstellungen.ca_buendel or _ca_wie_requests()),
            cert_file=str(einstellungen.client_zertifikat)
            if einstellungen.client_zertifikat
            else None,
            key_file=str(einstellungen.client_schluessel or einstellungen.client_zertifikat)
            if einstellungen.client_zertifikat
            else None,
            timeout=urllib3.Timeout(
                connect=einstellungen.verbindungs_timeout, read=einstellungen.lese_timeout
            ),
            retries=False,
        )
        self._vorlagen = (
            xta2_v3_vorlagen.Vorlagen(einstellungen.autor) if einstellungen.vorlagen else None
        )
        self._ziele = {
            operation: (
                einstellungen.adresse(port),
                self._dienste[port]._binding.get(operation).soapaction,
            )
            for port, operation in (
                ("ManagementPort", "createMessageId"),
                ("ManagementPort", "getTransportReport"),
                ("SendXtaPort", "sendMessage"),
            )
        }

    def schliessen(self) -> None:
        self._session.close()
        self._pool.clear()

    # -- ManagementPort ----------------------------------------------------------------------

    def _vorlage(self, operation: str, body: bytes, headers: dict[str, str]) -> etree._Element:
        """POST a request built from a template; the answer's SOAP Body or the named error."""
        adresse = self._ziele[operation][0]

        def aufruf() -> etree._Element:
            antwort = self._pool.urlopen(
                "POST", adresse, body=body, headers=headers, preload_content=False, redirect=False
            )
            try:
                inhalt = bytearray()
                for stueck in antwort.stream(64 * 1024):
                    inhalt += stueck
                    if len(inhalt) > self.einstellungen.max_antwort_bytes:
                        antwort.close()
                        raise _AntwortZuGross()
            finally:
                antwort.release_conn()
            return xta2_v3_vorlagen.rumpf(
                antwort.status, antwort.headers.get("Content-Type", ""), bytes(inhalt)
            )

        return self._aufruf(aufruf)

    def create_message_id(self) -> str:
        if self._vorlagen is not None:
            adresse, action = self._ziele["createMessageId"]
            body = self._vorlagen.create_message_id(action, adresse)
            antwort = self._vorlage("createMessageId", body, xta2_v3_vorlagen.kopfzeilen(action))
            return xta2_v3_vorlagen.message_id(antwort)
        antwort = self._aufruf(
            lambda: self._dienste["ManagementPort"].createMessageId(_soapheaders=self._autor_kopf)
        )
        return str(antwort._value_1).strip()

    def get_transport_report(self, message_id: str) -> TransportBericht:
        if self._vorlagen is not None:
            adresse, action = self._ziele["getTransportReport"]
            body = self._vorlagen.get_transport_report(action, adresse, message_id)
            antwort = self._vorlage("getTransportReport", body, xta2_v3_vorlagen.kopfzeilen(action))
            return xta2_v3_vorlagen.transport_bericht(antwort, message_id)
        bericht = self._aufruf(
            lambda: self._dienste["ManagementPort"].getTransportReport(
                message_id, _soapheaders=self._autor_kopf
            )
        )
        status = bericht.MessageStatus
        meldungen: list[Meldung] = []
        for art, liste, eintrag in (
            ("fehler", status.ErrorList, "Error"),
            ("warnung", status.WarnList, "Warning"),
            ("info", status.InfoList, "Info"),
        ):
            for record in getattr(liste, eintrag, None) or []:
                meldungen.append(
                    Meldung(art, str(record.Code.code), record.Reason, _utc(record.Timestamp))
                )
        return TransportBericht(
            message_id=message_id,
            status=Status(int(status.Status)),
            berichtszeit=_utc(bericht.ReportTime),
            server=str(bericht.XTAServerIdentity),
            meldungen=tuple(meldungen),
        )

    # -- SendXtaPort -------------------------------------------------------------------------

    def send_message(self, sendung: Sendung, *, erneuter_versuch: bool = False) -> Versandergebnis:
        try:
            if self._vorlagen is not None:
                adresse, action = self._ziele["sendMessage"]
                body, headers = self._vorlagen.send_message(
                    action, adresse, sendung, als_mtom=self.einstellungen.mtom
                )
                self._vorlage("sendMessage", body, headers)
            else:
                self._send_message_zeep(sendung)
        except MessageIdBereitsVergeben:
            if erneuter_versuch:
                return Versandergebnis.BEREITS_ANGENOMMEN
            raise
        return Versandergebnis.ANGENOMMEN

    def _send_message_zeep(self, sendung: Sendung) -> None:
        container = {
            "Message": {
                "_value_1": sendung.nachricht,
                "contentType": "application/xml",
                "encoding": "UTF-8",
            },
            "Attachment": [
                {
                    "_value_1": anlage.daten,
                    "contentType": anlage.mime_typ,
                    **({"filename": anlage.dateiname} if anlage.dateiname else {}),
                    **({"id": anlage.anlage_id} if anlage.anlage_id else {}),
                }
                for anlage in sendung.anlagen
            ],
        }
        self._aufruf(
            lambda: self._dienste["SendXtaPort"].sendMessage(
                ContentContainer=container,
                _soapheaders={"MessageMetaData": _metadaten(sendung)},
            )
        )

    # -- MsgBoxPort --------------------------------------------------------------------------

    def get_status_list(self, max_eintraege: int = 100) -> Statusliste:
        antwort, umschlag = self._aufruf(
            lambda: self._mit_umschlag(
                "MsgBoxPort",
                "getStatusList",
                maxListItems=max_eintraege,
                ListForm="MessageMetaData",
                _soapheaders=self._autor_kopf,
            )
        )
        return Statusliste(
            abruf_id=str(antwort.header.FetchResponseHeader.MsgBoxRequestID),
            eintraege=tuple(_eintrag(m) for m in antwort.body.MessageMetaData or []),
            weitere=int(umschlag.findtext(f".//{{{NS_OSCI}}}ItemsPending") or 0),
        )

    def get_message(self, message_id: str) -> EmpfangeneNachricht:
        antwort = self._aufruf(
            lambda: self._dienste["MsgBoxPort"].getMessage(
                MsgSelector={"MessageID": [{"_value_1": message_id}]},
                _soapheaders=self._autor_kopf,
            )
        )
        metadaten = antwort.header.MessageMetaData
        eintrag = _eintrag(metadaten)
        container = antwort.body.ContentContainer
        if container is None:
            raise fehler("antwort_unlesbar", "encrypted container: not supported")
        return EmpfangeneNachricht(
            message_id=eintrag.message_id,
            abruf_id=str(antwort.header.FetchResponseHeader.MsgBoxRequestID),
            autor=eintrag.autor,
            leser=eintrag.leser,
            service=eintrag.service,
            nachrichtentyp=eintrag.nachrichtentyp,
            payload_schema=metadaten.Qualifier.MessageType.payloadSchema,
            # an empty element comes from zeep as None: zero bytes, read (and parked) later
            nachricht=bytes(container.Message._value_1 or b""),
            anlagen=tuple(
                Anlage(
                    daten=bytes(a._value_1 or b""),
                    mime_typ=a.contentType,
                    dateiname=a.filename,
                    anlage_id=a.id,
                )
                for a in container.Attachment or []
            ),
            in_reply_to=eintrag.in_reply_to,
        )

    def close(self, abruf_id: str, message_ids: Sequence[str]) -> None:
        self._aufruf(
            lambda: self._dienste["MsgBoxPort"].close(
                LastMsgReceived=[{"_value_1": m} for m in message_ids],
                MsgBoxRequestID=abruf_id,
                _soapheaders=self._autor_kopf,
            )
        )

    def _mit_umschlag(self, port: str, operation: str, **argumente: Any) -> tuple[Any, Any]:
        """The parsed answer and its envelope: zeep drops the choice inside the
        osci:MsgBoxResponse header (ItemsPending), so that is read from the envelope."""
        dienst = self._dienste[port]
        with self._client.settings(raw_response=True):
            roh = getattr(dienst, operation)(**argumente)
        binding = dienst._binding
        antwort = binding.process_reply(self._client, binding.get(operation), roh)
        return antwort, etree.fromstring(roh.content, _sicherer_parser())

    # -- errors ------------------------------------------------------------------------------

    def _aufruf(self, aufruf: Callable[[], T]) -> T:
        """One call; every failure becomes the named error of the table (xta_fehler.py)."""
        try:
            return aufruf()
        except zeep.exceptions.Fault as soap_fehler:
            raise _aus_fault(soap_fehler) from soap_fehler
        except (requests.exceptions.SSLError, urllib3.exceptions.SSLError) as tls_fehler:
            raise fehler("tls", type(tls_fehler).__name__) from tls_fehler
        except (
            urllib3.exceptions.NewConnectionError,
            urllib3.exceptions.ProtocolError,
        ) as verbindungsfehler:
            raise fehler("verbindung", type(verbindungsfehler).__name__) from verbindungsfehler
        except urllib3.exceptions.TimeoutError as zeitfehler:
            raise fehler("zeitueberschreitung", type(zeitfehler).__name__) from zeitfehler
        except requests.Timeout as zeitfehler:
            raise fehler("zeitueberschreitung", type(zeitfehler).__name__) from zeitfehler
        except requests.ConnectionError as verbindungsfehler:
            raise fehler("verbindung", type(verbindungsfehler).__name__) from verbindungsfehler
        except zeep.exceptions.TransportError as http_fehler:
            schluessel = "http_5xx" if (http_fehler.status_code or 0) >= 500 else "http_4xx"
            raise fehler(schluessel, f"HTTP {http_fehler.status_code}") from http_fehler
        except (
            _AntwortZuGross,
            urllib3.exceptions.HTTPError,
            mtom.MtomFehler,
            etree.XMLSyntaxError,
            zeep.exceptions.XMLSyntaxError,
            zeep.exceptions.XMLParseError,
        ) as lesefehler:
            raise fehler("antwort_unlesbar", type(lesefehler).__name__) from lesefehler


def _aus_fault(soap_fehler: zeep.exceptions.Fault) -> XtaFehler:
    detail = soap_fehler.detail
    code = None
    if isinstance(detail, etree._Element):
        code = detail.findtext(f".//{{{NS_XTA}}}errorCode/code")
    grund = (soap_fehler.message or "").strip()[:500] or "SOAP fault"
    if code:
        return fehler(code.strip(), grund)
    empfaenger = (soap_fehler.code or "").endswith("Receiver")
    return fehler("soap_receiver" if empfaenger else "soap_sender", grund)


def _kennung(kennung: Kennung) -> dict[str, Any]:
    identifier: dict[str, Any] = {"_value_1": kennung.wert, "type": kennung.typ}
    if kennung.name:
        identifier["name"] = kennung.name
    if kennung.kategorie:
        identifier["category"] = kennung.kategorie
    return {"Identifier": identifier}


def _metadaten(sendung: Sendung) -> dict[str, Any]:
    return {
        "TestMsg": sendung.testnachricht,
        "DeliveryAttributes": {"Origin": datetime.now(UTC)},
        "Originators": {"Author": _kennung(sendung.autor)},
        "Destinations": {"Reader": _kennung(sendung.leser)},
        "MsgIdentification": {
            "MessageID": {"_value_1": sendung.message_id},
            **(
                {"In-Reply-To": [{"_value_1": r} for r in sendung.in_reply_to]}
                if sendung.in_reply_to
                else {}
            ),
        },
        "Qualifier": {
            "Service": sendung.service,
            "BusinessScenario": {
                "Defined": {
                    "code": sendung.geschaeftsszenario.code,
                    "listURI": sendung.geschaeftsszenario.liste,
                    "listVersionID": sendung.geschaeftsszenario.listenversion,
                }
            },
            "MessageType": {
                "code": sendung.nachrichtentyp.code,
                "listURI": sendung.nachrichtentyp.liste,
                "listVersionID": sendung.nachrichtentyp.listenversion,
                "payloadSchema": sendung.payload_schema,
            },
        },
        "MsgSize": len(sendung.nachricht) + sum(len(a.daten) for a in sendung.anlagen),
    }


def _aus_kennung(party: Any) -> Kennung:
    identifier = party.Identifier
    return Kennung(
        wert=str(identifier._value_1).strip(),
        typ=identifier.type,
        name=identifier.name,
        kategorie=identifier.category,
    )


def _eintrag(metadaten: Any) -> Postfacheintrag:
    kennung = metadaten.MsgIdentification
    return Postfacheintrag(
        message_id=str(kennung.MessageID._value_1).strip(),
        autor=_aus_kennung(metadaten.Originators.Author),
        leser=_aus_kennung(metadaten.Destinations.Reader),
        service=str(metadaten.Qualifier.Service),
        nachrichtentyp=metadaten.Qualifier.MessageType.code,
        in_reply_to=tuple(str(r._value_1).strip() for r in getattr(kennung, "In-Reply-To") or []),
        groesse=int(metadaten.MsgSize) if getattr(metadaten, "MsgSize", None) is not None else None,
    )


def _utc(zeitpunkt: datetime) -> datetime:
    if zeitpunkt.tzinfo is None:
        return zeitpunkt.replace(tzinfo=UTC)
    return zeitpunkt.astimezone(UTC)
