"""The postkorb nameko service: the person's mailbox over RPC, the consumed events, the timers.
Thin: each entrypoint hands its arguments and the worker's context to postkorb.handlers.

The caller is ``self.events.person_id`` (the gateway's context data "person_id", docs/adr/0074);
errors are the classes of postkorb.fehler, raised as expected exceptions (docs/adr/0103).
"""

from __future__ import annotations

import os
from typing import Any

import structlog
from nameko.timer import timer

from kernel.envelope import Envelope
from kernel.errors import ConcurrencyConflict
from kernel.mail import MailEinstellungen, SmtpVersand
from kernel.nameko import EventSourcing, OperationsEndpoints, rpc, subscribe
from kernel.nameko.rpc import TimedRpc
from postkorb import handlers, konto_geloescht
from postkorb.bootstrap import bootstrap
from postkorb.fehler import ERWARTET

log = structlog.get_logger("postkorb.service")

TAKT_SEKUNDEN = float(os.environ.get("SOZ_POSTKORB_TAKT_SEKUNDEN", "").strip() or 2)
XTA_GATEWAY = os.environ.get("SOZ_XTA_GATEWAY_DIENST", "").strip() or "xta_gateway"
# The broker users that may fetch a reply's files on no person's behalf (the xta-gateway
# delivering it); guest is the default URI's user, where nothing can be told apart.
ANLAGEN_LESER = frozenset(
    name.strip()
    for name in (
        os.environ.get("SOZ_POSTKORB_ANLAGEN_LESER", "").strip() or "guest,xta_gateway"
    ).split(",")
    if name.strip()
)
RPC_TIMEOUT = 20.0


class XtaGatewayNichtErreichbar(Exception):
    """The xta-gateway did not answer in time (the person is told the file is not available
    now, ``anlage_nicht_verfuegbar``)."""


VERSUCHE = 3


def _nochmal_bei_konflikt(aufruf: Any, *argumente: Any) -> Any:
    """A person's write met a consumer appending to the same thread at that moment: nothing
    was written, so it runs again on the new state (as handle_once does for consumers)."""
    for versuch in range(1, VERSUCHE + 1):
        try:
            return aufruf(*argumente)
        except ConcurrencyConflict:
            if versuch == VERSUCHE:
                raise
    raise AssertionError("unreachable")


class PostkorbService(OperationsEndpoints):
    name = "postkorb"

    events = EventSourcing(bootstrap)
    # the time-out is ours, the pending reply is forgotten, the request names postkorb's broker
    # user and carries the correlation id only: never the person (kernel.nameko.rpc)
    xta_gateway = TimedRpc(XTA_GATEWAY, RPC_TIMEOUT, XtaGatewayNichtErreichbar)

    # -- the person's mailbox --------------------------------------------------------------

    @rpc(expected_exceptions=ERWARTET)
    def postfach(self, archiv: bool = False) -> dict[str, Any]:
        return handlers.postfach(self.events, archiv)

    @rpc(expected_exceptions=ERWARTET)
    def ungelesen(self) -> int:
        return handlers.ungelesen(self.events)

    @rpc(expected_exceptions=ERWARTET)
    def thread(self, thread_id: str) -> dict[str, Any]:
        return handlers.thread(self.events, thread_id)

    @rpc(expected_exceptions=ERWARTET)
    def nachricht(self, nachricht_id: str, anmeldung: str = "sitzung") -> dict[str, Any]:
        return _nochmal_bei_konflikt(handlers.nachricht, self.events, nachricht_id, anmeldung)

    @rpc(expected_exceptions=ERWARTET)
    def anlage(self, nachricht_id: str, anlage_id: str) -> dict[str, Any]:
        def eingang_anlage(message_id: str, anlage_id: str) -> dict[str, Any]:
            return self.xta_gateway("eingang_anlage", message_id=message_id, anlage_id=anlage_id)

        return handlers.anlage(self.events, nachricht_id, anlage_id, eingang_anlage)

    @rpc(expected_exceptions=ERWARTET)
    def nachricht_pdf(self, nachricht_id: str) -> dict[str, Any]:
        return handlers.nachricht_pdf(self.events, nachricht_id)

    @rpc(expected_exceptions=ERWARTET)
    def archivieren(self, thread_id: str, archiviert: bool = True) -> dict[str, Any]:
        return _nochmal_bei_konflikt(handlers.archivieren, self.events, thread_id, archiviert)

    @rpc(expected_exceptions=ERWARTET)
    def antwort_entwerfen(
        self, thread_id: str, text: str, dateien: list | None = None
    ) -> dict[str, Any]:
        return handlers.antwort_entwerfen(self.events, thread_id, text, dateien)

    @rpc(expected_exceptions=ERWARTET)
    def entwurf(self, entwurf_id: str) -> dict[str, Any]:
        return handlers.entwurf(self.events, entwurf_id)

    @rpc(expected_exceptions=ERWARTET)
    def antwort_senden(self, entwurf_id: str) -> dict[str, Any]:
        return _nochmal_bei_konflikt(handlers.antwort_senden, self.events, entwurf_id)

    @rpc(expected_exceptions=ERWARTET)
    def einwilligung(self) -> dict[str, Any]:
        return handlers.einwilligung(self.events)

    @rpc(expected_exceptions=ERWARTET)
    def einwilligung_setzen(
        self,
        erteilt: bool,
        textversion: str,
        benachrichtigung_email: Any = handlers.KEINE_AENDERUNG,
    ) -> dict[str, Any]:
        return _nochmal_bei_konflikt(
            handlers.einwilligung_setzen, self.events, erteilt, textversion, benachrichtigung_email
        )

    # -- for the xta-gateway and operators --------------------------------------------------

    @rpc(expected_exceptions=ERWARTET)
    def anlage_datei(self, nachricht_id: str, anlage_id: str) -> dict[str, Any]:
        return handlers.anlage_datei(self.events, nachricht_id, anlage_id, ANLAGEN_LESER)

    @rpc(expected_exceptions=ERWARTET)
    def klaerungsliste(self) -> list[dict[str, Any]]:
        self._betrieb()
        return handlers.klaerungsliste(self.events.application)

    @rpc(expected_exceptions=ERWARTET)
    def klaerung_zuordnen(self, nachricht_id: str, person_id: str) -> dict[str, Any]:
        self._betrieb()
        return handlers.klaerung_zuordnen(self.events.application, nachricht_id, person_id)

    def _betrieb(self) -> None:
        """Operators call on no person's behalf; a person (through the gateway) never may."""
        if self.events.person_id is not None:
            from postkorb.fehler import NichtGefunden

            raise NichtGefunden("nachricht_nicht_gefunden")

    # -- events ------------------------------------------------------------------------------

    @subscribe("antrag", "AntragEingereicht")
    def on_antrag_eingereicht(self, event: Envelope) -> None:
        self.events.handle_once("postkorb.antrag_eingereicht", event, handlers.antrag_eingereicht)

    @subscribe("xta_gateway", "NachrichtEmpfangen")
    def on_nachricht_empfangen(self, event: Envelope) -> None:
        self.events.handle_once("postkorb.nachricht_empfangen", event, handlers.nachricht_empfangen)

    @subscribe("xta_gateway", "NachrichtZugestellt")
    def on_nachricht_zugestellt(self, event: Envelope) -> None:
        self.events.handle_once("postkorb.zugestellt", event, handlers.zustellung_ausgang)

    @subscribe("xta_gateway", "ZustellungFehlgeschlagen")
    def on_zustellung_fehlgeschlagen(self, event: Envelope) -> None:
        self.events.handle_once("postkorb.fehlgeschlagen", event, handlers.zustellung_ausgang)

    @subscribe("termine", "TerminGebucht")
    def on_termin_gebucht(self, event: Envelope) -> None:
        self.events.handle_once("postkorb.termin_gebucht", event, handlers.termin)

    @subscribe("termine", "TerminVerschoben")
    def on_termin_verschoben(self, event: Envelope) -> None:
        self.events.handle_once("postkorb.termin_verschoben", event, handlers.termin)

    @subscribe("termine", "TerminStorniert")
    def on_termin_storniert(self, event: Envelope) -> None:
        self.events.handle_once("postkorb.termin_storniert", event, handlers.termin)

    @subscribe("gateway", "KontoGeloescht")
    def on_konto_geloescht(self, event: Envelope) -> None:
        self.events.handle_once("postkorb.konto_geloescht", event, konto_geloescht.vergessen)

    # -- timers ------------------------------------------------------------------------------

    @timer(interval=TAKT_SEKUNDEN)
    def takt(self) -> None:
        """Notification mails, rescans after a scan error, and the 10-day sweep."""
        application = self.events.application
        for schritt in (
            lambda: handlers.benachrichtigen(
                application, SmtpVersand(MailEinstellungen.from_env())
            ),
            lambda: handlers.erneut_pruefen(application),
            lambda: handlers.nicht_abgerufene_beenden(application),
            lambda: handlers.klaerungen_zaehlen(application),
        ):
            # one step failing (a replica's conflict, a database hiccup) never stops the others;
            # each is tried again at the next tick
            try:
                schritt()
            except Exception as fehler:  # noqa: BLE001
                log.warning("takt_schritt_fehlgeschlagen", error_type=type(fehler).__name__)
