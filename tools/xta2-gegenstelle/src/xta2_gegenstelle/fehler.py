"""The XTA 2 V3 error codes (code list urn:de:xta:webservice:codeliste:fehlernummer, version 1.0)
and the SOAP fault element each one travels in, in one table."""

from __future__ import annotations

from dataclasses import dataclass

FEHLERNUMMER_LISTE = "urn:de:xta:webservice:codeliste:fehlernummer"
FEHLERNUMMER_VERSION = "1.0"


@dataclass(frozen=True)
class Fehlerart:
    code: str
    ausnahme: str  # local name of the fault element in the XTA namespace
    name: str  # the code list's text
    seite: str  # SOAP 1.2 fault code: "Sender" (the request is at fault) or "Receiver"


def _art(code: str, ausnahme: str, name: str, seite: str = "Sender") -> Fehlerart:
    return Fehlerart(code, ausnahme, name, seite)


FEHLERARTEN: dict[str, Fehlerart] = {
    art.code: art
    for art in (
        _art(
            "9000",
            "XTAWSTechnicalProblemException",
            "Unspezifizierter Fehler, als Freitext beschrieben",
            "Receiver",
        ),
        _art("9010", "PermissionDeniedException", "Authentisierung/Zertifikat ist abgelaufen."),
        _art("9011", "PermissionDeniedException", "Account ist gesperrt."),
        _art("9012", "PermissionDeniedException", "Account nicht vorhanden."),
        _art("9013", "PermissionDeniedException", "Dienst ist nicht gebucht."),
        _art(
            "9014",
            "PermissionDeniedException",
            "Authentisierung/Zertifikat passt nicht zur Absenderkennung.",
        ),
        _art("9020", "ParameterIsNotValidException", "Keine Parameter vorhanden"),
        _art("9021", "ParameterIsNotValidException", "Keine gültige URI"),
        _art("9022", "ParameterIsNotValidException", "Ungültige Parameterkombination"),
        _art(
            "9023",
            "ParameterIsNotValidException",
            "Die Nachricht überschreitet die Größenbeschränkung.",
        ),
        _art("9024", "ParameterIsNotValidException", "MessageID ist bereits vergeben."),
        _art(
            "9030",
            "XTAWSTechnicalProblemException",
            "Interner Fehler beim XTA-Server bzw. XTA-Dienstleister",
            "Receiver",
        ),
        _art(
            "9031",
            "XTAWSTechnicalProblemException",
            "Fehler beim externen Verzeichnisdienst",
            "Receiver",
        ),
        _art("9032", "XTAWSTechnicalProblemException", "Fehler bei der Zustellung", "Receiver"),
        _art("9050", "MessageSchemaViolationException", "Fachnachricht ist nicht schemakonform"),
        _art(
            "9051", "MessageSchemaViolationException", "Fachnachricht trägt ein falsches Encoding."
        ),
        _art(
            "9052",
            "MessageSchemaViolationException",
            "Nachricht verletzt das entsprechende Service Profil.",
        ),
        _art("9060", "MessageVirusDetectionException", "Es wurde schadhafter Code ermittelt."),
        _art("9070", "InvalidMessageIDException", "MessageID für den Account nicht bekannt."),
        _art("9080", "SyncAsyncException", "Der Dienst wird nur asynchron angeboten."),
        _art("9081", "SyncAsyncException", "Der Dienst wird nur synchron angeboten."),
        _art(
            "9100",
            "CancelDeniedException",
            "Der durch den Schalter NotBefore gesetzte Termin ist verstrichen.",
        ),
        _art("9101", "CancelDeniedException", "Der Schalter NotBefore wurde nicht gesetzt."),
    )
}


class XtaFehler(Exception):
    """Ends an operation with the SOAP fault of an XTA error code. ``grund`` is the fault's
    reason text: it names fields and codes, never message content."""

    def __init__(self, code: str, grund: str | None = None) -> None:
        if code not in FEHLERARTEN:
            raise ValueError(f"unknown XTA error code {code}")
        self.art = FEHLERARTEN[code]
        self.grund = grund or self.art.name
        super().__init__(f"{code} {self.grund}")
