"""Every way an XTA call can fail, as named errors, in ONE table (docs/adr/0043).

The key is the XTA error number (code list urn:de:xta:webservice:codeliste:fehlernummer) or,
for failures below SOAP, a cause of our own. ``wiederholbar`` says whether the delivery
workflow retries with back-off (time-outs, HTTP 5xx, technical problems 9030–9032) or hands the
delivery to the operator at once (permission, invalid parameters, schema violations, …).
``endgueltig`` marks the refusals of the content itself (size, schema, encoding, service
profile, malicious code): no retry and no resend of that message can succeed (docs/adr/0065).
"""

from __future__ import annotations

from dataclasses import dataclass


class XtaFehler(Exception):
    """A failed XTA call. ``code`` goes into ZustellungFehlgeschlagen.error_code, ``grund``
    (server's reason text or our cause; never message content) into its reason."""

    def __init__(self, code: str, grund: str, wiederholbar: bool, endgueltig: bool = False) -> None:
        super().__init__(f"{code}: {grund}")
        self.code = code
        self.grund = grund
        self.wiederholbar = wiederholbar
        self.endgueltig = endgueltig


class Zeitueberschreitung(XtaFehler):
    """No answer in time; the server may or may not have acted."""


class VerbindungAbgebrochen(XtaFehler):
    """Connection refused, reset or closed before a full answer."""


class ServerNichtVerfuegbar(XtaFehler):
    """HTTP 5xx without a SOAP fault (overload, maintenance, proxy)."""


class AntwortUnlesbar(XtaFehler):
    """The answer is not SOAP we can read, or too large."""


class TlsFehler(XtaFehler):
    """TLS handshake failed: certificate, key or CA bundle do not fit. Needs an operator."""


class AnfrageAbgelehnt(XtaFehler):
    """HTTP 4xx without a SOAP fault, or a Sender fault without an XTA code."""


class TechnischesProblem(XtaFehler):
    """XTAWSTechnicalProblemException: internal, directory service or delivery fault."""


class UnspezifizierterFehler(XtaFehler):
    """9000: the server's free text says what happened; an operator reads it."""


class ZugriffVerweigert(XtaFehler):
    """PermissionDeniedException: certificate, account or service booking."""


class ParameterUngueltig(XtaFehler):
    """ParameterIsNotValidException (except 9024)."""


class MessageIdBereitsVergeben(XtaFehler):
    """9024. After an uncertain earlier send of the same message it means: already sent."""


class Schemaverletzung(XtaFehler):
    """MessageSchemaViolationException: the Fachnachricht is not valid, wrong encoding, …"""


class VirusGefunden(XtaFehler):
    """MessageVirusDetectionException."""


class MessageIdUnbekannt(XtaFehler):
    """InvalidMessageIDException: the server does not know this id for our account."""


class SyncAsyncFehler(XtaFehler):
    """SyncAsyncException: the service is offered only (a)synchronously."""


class AbbruchVerweigert(XtaFehler):
    """CancelDeniedException."""


@dataclass(frozen=True)
class Zuordnung:
    fehler: type[XtaFehler]
    wiederholbar: bool
    bedeutung: str
    endgueltig: bool = False  # the message itself is refused: a resend cannot succeed


FEHLERTABELLE: dict[str, Zuordnung] = {
    # below SOAP
    "zeitueberschreitung": Zuordnung(Zeitueberschreitung, True, "time-out (connect or read)"),
    "verbindung": Zuordnung(VerbindungAbgebrochen, True, "connection refused/reset/dropped"),
    "http_5xx": Zuordnung(ServerNichtVerfuegbar, True, "HTTP 5xx without SOAP fault"),
    "antwort_unlesbar": Zuordnung(AntwortUnlesbar, True, "answer not readable SOAP"),
    "tls": Zuordnung(TlsFehler, False, "TLS handshake failed (certificate, key, CA)"),
    "http_4xx": Zuordnung(AnfrageAbgelehnt, False, "HTTP 4xx without SOAP fault"),
    "soap_receiver": Zuordnung(TechnischesProblem, True, "Receiver fault without XTA code"),
    "soap_sender": Zuordnung(AnfrageAbgelehnt, False, "Sender fault without XTA code"),
    # XTA error numbers
    "9000": Zuordnung(UnspezifizierterFehler, False, "unspecified, free text"),
    "9010": Zuordnung(ZugriffVerweigert, False, "certificate expired"),
    "9011": Zuordnung(ZugriffVerweigert, False, "account locked"),
    "9012": Zuordnung(ZugriffVerweigert, False, "account unknown"),
    "9013": Zuordnung(ZugriffVerweigert, False, "service not booked"),
    "9014": Zuordnung(ZugriffVerweigert, False, "certificate does not match the author"),
    "9020": Zuordnung(ParameterUngueltig, False, "no parameters"),
    "9021": Zuordnung(ParameterUngueltig, False, "invalid URI"),
    "9022": Zuordnung(ParameterUngueltig, False, "invalid parameter combination"),
    "9023": Zuordnung(ParameterUngueltig, False, "message too large", endgueltig=True),
    "9024": Zuordnung(MessageIdBereitsVergeben, False, "MessageID already used"),
    "9030": Zuordnung(TechnischesProblem, True, "internal error of the XTA server"),
    "9031": Zuordnung(TechnischesProblem, True, "directory service error"),
    "9032": Zuordnung(TechnischesProblem, True, "delivery error"),
    "9050": Zuordnung(Schemaverletzung, False, "Fachnachricht not schema-valid", endgueltig=True),
    "9051": Zuordnung(Schemaverletzung, False, "Fachnachricht wrong encoding", endgueltig=True),
    "9052": Zuordnung(
        Schemaverletzung, False, "message violates the service profile", endgueltig=True
    ),
    "9060": Zuordnung(VirusGefunden, False, "malicious code found", endgueltig=True),
    "9070": Zuordnung(MessageIdUnbekannt, False, "MessageID unknown for the account"),
    "9080": Zuordnung(SyncAsyncFehler, False, "service only asynchronous"),
    "9081": Zuordnung(SyncAsyncFehler, False, "service only synchronous"),
    "9100": Zuordnung(AbbruchVerweigert, False, "NotBefore has passed"),
    "9101": Zuordnung(AbbruchVerweigert, False, "NotBefore not set"),
}

# An XTA number this table does not know (a newer code list) is treated like 9000.
UNBEKANNTER_CODE = "9000"


def fehler(schluessel: str, grund: str) -> XtaFehler:
    """The named error for a table key; ``code`` keeps the key (an unknown XTA number too)."""
    zuordnung = FEHLERTABELLE.get(schluessel) or FEHLERTABELLE[UNBEKANNTER_CODE]
    return zuordnung.fehler(schluessel, grund, zuordnung.wiederholbar, zuordnung.endgueltig)


def endgueltig(code: str | None) -> bool:
    """Whether an error code (of a fault or of a red TransportReport) refuses the content."""
    zuordnung = FEHLERTABELLE.get(code or "")
    return zuordnung is not None and zuordnung.endgueltig
