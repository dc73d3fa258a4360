"""The WSGI application: the three XTA ports, health, inspection and the admin endpoints.

| route                                      | what                                              |
| ------------------------------------------ | ------------------------------------------------- |
| POST /xta/{ManagementPort,SendXtaPort,MsgBoxPort}, /xta | SOAP 1.2, operation by wsa:Action    |
| GET /health/live, /health/ready            | 200 once the schemas are loaded                   |
| GET /_gegenstelle/nachrichten?leser=ID     | JSON list of stored messages                      |
| GET /_gegenstelle/nachrichten/{message_id} | the stored Fachnachricht (XML)                    |
| POST /_gegenstelle/antworten               | a Jobcenter writes back: queue into a mailbox     |
| GET/POST/DELETE /_gegenstelle/stoerungen   | fault injection rules                             |
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
import socket
import ssl
import struct
from dataclasses import dataclass
from http import HTTPStatus

from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from xta2_gegenstelle import mtom, soap
from xta2_gegenstelle.ablage import Inhalt
from xta2_gegenstelle.fehler import XtaFehler
from xta2_gegenstelle.operationen import OPERATIONEN, Antwort, Gegenstelle
from xta2_gegenstelle.postkorbnachricht import XOEV_NS, anlage_id, postkorbnachricht_0203
from xta2_gegenstelle.server import SOCKET
from xta2_gegenstelle.stoerungen import Stoerung, UngueltigeStoerung

log = logging.getLogger("xta2_gegenstelle")

MAX_ANFRAGE_BYTES = 64 * 1024 * 1024  # a 40 MB container, base64-inline, plus envelope
PORTS = ("ManagementPort", "SendXtaPort", "MsgBoxPort")
# POST to these paths is an XTA call (None: any port, the operation by wsa:Action)
SOAP_PFADE: dict[str, str | None] = {"/xta": None, **{f"/xta/{port}": port for port in PORTS}}


class VerbindungAbgebrochen(Exception):
    """The connection was closed on purpose (fault injection); no answer is written."""


@dataclass(frozen=True)
class _Http:
    """An answer of the SOAP path, written as it is (no response object)."""

    status: int
    body: bytes
    content_type: str
    kopfzeilen: tuple[tuple[str, str], ...] = ()

    def senden(self, start_response) -> list[bytes]:  # noqa: ANN001 - WSGI start_response
        start_response(
            f"{self.status} {HTTPStatus(self.status).phrase}",
            [
                ("Content-Type", self.content_type),
                ("Content-Length", str(len(self.body))),
                *self.kopfzeilen,
            ],
        )
        return [self.body]


def _json(daten: object, status: int = 200) -> Response:
    return Response(
        json.dumps(daten, ensure_ascii=False, indent=1),
        status=status,
        content_type="application/json; charset=utf-8",
    )


class GegenstelleApp:
    def __init__(self, gegenstelle: Gegenstelle) -> None:
        self.gegenstelle = gegenstelle
        self.routen = Map(
            [
                Rule("/health/live", endpoint="gesund", methods=["GET"]),
                Rule("/health/ready", endpoint="gesund", methods=["GET"]),
                # POST /xta and /xta/{port} are answered before routing (__call__, SOAP_PFADE);
                # these rules give another port its 404 and a GET its 405
                Rule("/xta", endpoint="kein_port", methods=["POST"]),
                Rule("/xta/<port>", endpoint="kein_port", methods=["POST"]),
                Rule("/_gegenstelle/nachrichten", endpoint="nachrichten", methods=["GET"]),
                Rule(
                    "/_gegenstelle/nachrichten/<path:message_id>",
                    endpoint="nachricht",
                    methods=["GET"],
                ),
                Rule("/_gegenstelle/antworten", endpoint="antworten", methods=["POST"]),
                Rule(
                    "/_gegenstelle/stoerungen",
                    endpoint="stoerungen",
                    methods=["GET", "POST", "DELETE"],
                ),
            ]
        )

    def __call__(self, environ: dict, start_response):  # noqa: ANN204 - WSGI signature
        try:
            pfad = environ.get("PATH_INFO", "")
            if environ.get("REQUEST_METHOD") == "POST" and pfad in SOAP_PFADE:
                # every XTA call: plain WSGI, without werkzeug's routing, request and response
                # objects (they cost more CPU than a createMessageId itself)
                return self._soap(environ, SOAP_PFADE[pfad]).senden(start_response)
            request = Request(environ)
            request.max_content_length = MAX_ANFRAGE_BYTES
            adapter = self.routen.bind_to_environ(environ)
            endpoint, argumente = adapter.match()
            response = getattr(self, f"_{endpoint}")(request, **argumente)
        except VerbindungAbgebrochen:
            # the server's write then fails with a broken pipe, which it treats as a dropped
            # connection (no traceback, no answer) and closes the socket.
            _verbindung_schliessen(environ)
            start_response("500 INTERNAL SERVER ERROR", [("Content-Length", "0")])
            return [b""]
        except HTTPException as fehler:
            response = fehler.get_response(environ)
        return response(environ, start_response)

    # -- health, inspection, admin -----------------------------------------------------------

    def _gesund(self, request: Request) -> Response:
        return _json({"status": "bereit"})

    def _nachrichten(self, request: Request) -> Response:
        leser = request.args.get("leser") or None
        return _json(
            [
                {
                    "message_id": n.message_id,
                    "leser": n.leser,
                    "service": n.service,
                    "empfangen_um": n.empfangen_um,
                    "sha256": n.sha256,
                }
                for n in self.gegenstelle.ablage.nachrichten(leser)
            ]
        )

    def _nachricht(self, request: Request, message_id: str) -> Response:
        nachricht = self.gegenstelle.ablage.nachricht(message_id)
        if nachricht is None:
            raise NotFound()
        return Response(nachricht.inhalt.daten, content_type="application/xml")

    def _antworten(self, request: Request) -> Response:
        try:
            daten = json.loads(request.get_data())
            if "postkorbnachricht" in daten:  # the message names each attachment by its id
                for nummer, anlage in enumerate(daten.get("anlagen", []), start=1):
                    anlage["id"] = anlage_id(anlage, nummer)
            anlagen = [
                Inhalt(
                    base64.b64decode(a["daten_base64"], validate=True),
                    {
                        "contentType": a.get("mime", "application/octet-stream"),
                        **({"filename": a["dateiname"]} if a.get("dateiname") else {}),
                        **({"id": a["id"]} if a.get("id") else {}),
                    },
                )
                for a in daten.get("anlagen", [])
            ]
            message_id = self.gegenstelle.antwort_einstellen(
                leser=str(daten["leser"]),
                autor=str(daten["autor"]),
                service=str(daten["service"]),
                nachricht=_nachricht_bytes(daten),
                nachrichtentyp=str(
                    daten.get(
                        "nachrichtentyp",
                        "postkorb.nachricht.0203"
                        if "postkorbnachricht" in daten
                        else "postkorb.nachricht.0202",
                    )
                ),
                payload_schema=daten.get("payload_schema")
                or (XOEV_NS if "postkorbnachricht" in daten else None),
                geschaeftsszenario=str(daten.get("geschaeftsszenario", "SOZ_POSTKORB")),
                anlagen=anlagen,
                in_reply_to=daten.get("in_reply_to"),
                pruefen=daten.get("pruefen", True) is not False,
                encoding=str(daten.get("encoding", "UTF-8")),
            )
        except (ValueError, KeyError, TypeError, binascii.Error) as fehler:
            return _json({"fehler": f"ungültige Anfrage: {type(fehler).__name__} {fehler}"}, 400)
        except XtaFehler as fehler:
            return _json({"fehler": str(fehler), "code": fehler.art.code}, 422)
        log.info("antwort eingestellt message_id=%s", message_id)
        return _json({"message_id": message_id}, 201)

    def _stoerungen(self, request: Request) -> Response:
        stoerungen = self.gegenstelle.stoerungen
        if request.method == "DELETE":
            stoerungen.leeren()
            return _json([])
        if request.method == "POST":
            try:
                daten = json.loads(request.get_data())
                regeln = [
                    Stoerung.aus_json(d) for d in (daten if isinstance(daten, list) else [daten])
                ]
            except (ValueError, UngueltigeStoerung) as fehler:
                return _json({"fehler": str(fehler)}, 400)
            for regel in regeln:
                stoerungen.hinzufuegen(regel)
            return _json([r.id for r in regeln], 201)
        return _json(stoerungen.liste())

    # -- SOAP --------------------------------------------------------------------------------

    def _kein_port(self, request: Request, port: str | None = None) -> Response:
        raise NotFound()

    def _soap(self, environ: dict, port: str | None) -> _Http:
        anfrage = None
        operation = None
        try:
            body = _body(environ)
            anfrage = soap.lese_anfrage(body, environ.get("CONTENT_TYPE", ""))
            operation = OPERATIONEN.get(anfrage.action)
            if operation is None or (port is not None and operation.port != port):
                raise soap.SoapFehler(
                    f"action not supported at this endpoint: {anfrage.action}",
                    subcode="{http://www.w3.org/2005/08/addressing}ActionNotSupported",
                )
            gestoert = self._stoerung_davor(operation.name)
            if gestoert is not None:
                return gestoert
            self.gegenstelle.pruefe_anfrage(operation, anfrage)
            konto = None
            if operation.name not in ("sendMessage", "sendMessageSync"):
                konto = self.gegenstelle.konto(anfrage, _zertifikat_name(environ))
            antwort = self.gegenstelle.ausfuehren(operation, anfrage, konto)
        except (VerbindungAbgebrochen, HTTPException):
            raise  # a dropped connection on purpose; 413 for a body over the limit
        except Exception as unerwartet:  # noqa: BLE001 - every request gets a SOAP answer
            if not isinstance(unerwartet, XtaFehler | soap.SoapFehler):
                # A fault of the counterpart itself: the traceback goes to its log, the client
                # gets the XTA fault for an internal error (9030), never a bare 500.
                log.exception("interner fehler operation=%s", operation.name if operation else "-")
                unerwartet = XtaFehler("9030", "internal error of the counterpart")
            fehler = unerwartet
            log.info(
                "fault operation=%s fehler=%s",
                operation.name if operation else "-",
                fehler.art.code if isinstance(fehler, XtaFehler) else type(fehler).__name__,
            )
            umschlag = soap.fehler_umschlag(
                fehler,
                operation.action if operation else None,
                anfrage.message_id if anfrage else None,
            )
            return _Http(
                soap.http_status(fehler),
                soap.serialisiere(umschlag),
                soap.content_type(operation.action if operation else ""),
            )
        if self.gegenstelle.stoerungen.ziehen(operation.name, ("antwort_verlieren",)):
            log.info("stoerung antwort_verlieren operation=%s", operation.name)
            raise VerbindungAbgebrochen()
        log.info("ok operation=%s", operation.name)
        return self._antwort(operation.action, anfrage.message_id, antwort)

    def _stoerung_davor(self, operation: str) -> _Http | None:
        stoerungen = self.gegenstelle.stoerungen
        verzoegerung = stoerungen.ziehen(operation, ("verzoegerung",))
        if verzoegerung is not None:
            stoerungen.verzoegern(verzoegerung.sekunden)
        regel = stoerungen.ziehen(operation, ("http_503", "verbindung_abbrechen", "fehlercode"))
        if regel is None:
            return None
        log.info("stoerung %s operation=%s", regel.art, operation)
        if regel.art == "http_503":
            return _Http(
                503,
                "Service Unavailable (Störung)".encode(),
                "text/plain; charset=utf-8",
                (("Retry-After", "1"),),
            )
        if regel.art == "verbindung_abbrechen":
            raise VerbindungAbgebrochen()
        raise XtaFehler(str(regel.code), "Störung auf Anforderung")

    def _antwort(self, action: str, bezug: str | None, antwort: Antwort) -> _Http:
        umschlag = soap.umschlag(action, bezug, antwort.rumpf, antwort.kopf)
        if antwort.mtom_elemente:
            body, content_type = mtom.als_mtom(umschlag, antwort.mtom_elemente, action)
            return _Http(200, body, content_type)
        return _Http(200, soap.serialisiere(umschlag), soap.content_type(action))


def _nachricht_bytes(daten: dict) -> bytes:
    """The Fachnachricht written back: ``nachricht`` (text, sent as UTF-8),
    ``nachricht_base64`` (any bytes: another encoding, garbage, nothing at all), or
    ``postkorbnachricht`` (the fields of a ``postkorb.nachricht.0203``, of any kind, rendered
    here: ``postkorbnachricht.postkorbnachricht_0203``)."""
    if "nachricht_base64" in daten:
        return base64.b64decode(str(daten["nachricht_base64"]), validate=True)
    if "postkorbnachricht" in daten:
        felder = daten["postkorbnachricht"]
        if not isinstance(felder, dict):
            raise TypeError("postkorbnachricht must be an object")
        return postkorbnachricht_0203(
            leser=str(daten["leser"]),
            autor=str(daten["autor"]),
            felder=felder,
            anlagen=[a for a in daten.get("anlagen", []) if isinstance(a, dict)],
        )
    return str(daten["nachricht"]).encode("utf-8")


def _body(environ: dict) -> bytes:
    """The request body in one read (werkzeug's stream wrapper reads it in pieces), at most
    MAX_ANFRAGE_BYTES: 413 beyond (the server refuses a longer Content-Length before the
    application sees it; this covers a chunked body, which the server ends itself)."""
    eingang = environ["wsgi.input"]
    if environ.get("wsgi.input_terminated"):
        body = eingang.read(MAX_ANFRAGE_BYTES + 1)
    else:
        try:
            laenge = max(int(environ.get("CONTENT_LENGTH") or 0), 0)
        except ValueError:
            laenge = 0
        if laenge > MAX_ANFRAGE_BYTES:
            raise RequestEntityTooLarge()
        body = eingang.read(laenge) if laenge else b""
    if len(body) > MAX_ANFRAGE_BYTES:
        raise RequestEntityTooLarge()
    return body


def _verbindung_schliessen(environ: dict) -> None:
    """Reset the TCP connection: the client sees it dropped, with no answer at all."""
    verbindung = environ.get(SOCKET)
    if verbindung is None:
        return
    try:
        verbindung.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        verbindung.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _zertifikat_name(environ: dict) -> str | None:
    """The client certificate's common name (mutual TLS), if there is one."""
    verbindung = environ.get(SOCKET)
    if not isinstance(verbindung, ssl.SSLSocket):
        return None
    zertifikat = verbindung.getpeercert() or {}
    for rdn in zertifikat.get("subject", ()):
        for name, wert in rdn:
            if name == "commonName":
                return wert
    return None
