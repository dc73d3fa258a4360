"""The xta-gateway nameko service: consumes AntragEingereicht and PostkorbAntwortVerfasst,
delivers over XTA2, polls the MsgBox, answers operators. Thin: the work happens in
zustelldienst, postfach and handlers, reached through the dependency (docs/adr/0045–0049,
0055)."""

from __future__ import annotations

import os
from typing import Any

from nameko.timer import timer
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from kernel.envelope import Envelope
from kernel.nameko import OperationsEndpoints, rpc, subscribe
from xta_gateway.adapters.nameko_provider import XtaGateway
from xta_gateway.adapters.xta_fehler import XtaFehler
from xta_gateway.domain.zustellung import ZustellungNichtMoeglich
from xta_gateway.handlers import NichtBerechtigt, NichtGefunden
from xta_gateway.postfach import EingangNichtMoeglich

POSTFACH_SEKUNDEN = float(os.environ.get("SOZ_XTA_POSTFACH_SEKUNDEN", "").strip() or 10)


class XtaGatewayService(OperationsEndpoints):
    name = "xta_gateway"

    xta = XtaGateway()

    @subscribe("antrag", "AntragEingereicht")
    def on_antrag_eingereicht(self, event: Envelope) -> None:
        self.xta.antrag_eingereicht(event)

    @subscribe("postkorb", "PostkorbAntwortVerfasst")
    def on_postkorb_antwort_verfasst(self, event: Envelope) -> None:
        self.xta.postkorb_antwort_verfasst(event)

    @subscribe("postkorb", "PostkorbBescheidAbgerufen")
    def on_postkorb_bescheid_abgerufen(self, event: Envelope) -> None:
        self.xta.postkorb_meldung(event)

    @subscribe("postkorb", "PostkorbBereitstellungBeendet")
    def on_postkorb_bereitstellung_beendet(self, event: Envelope) -> None:
        self.xta.postkorb_meldung(event)

    @timer(interval=POSTFACH_SEKUNDEN)
    def postfach_abrufen(self) -> None:
        self.xta.postfach_abrufen()

    @rpc(expected_exceptions=NichtGefunden)
    def zustellung(self, zustellung_id: str) -> dict[str, Any]:
        return self.xta.zustellung(zustellung_id)

    @rpc
    def zustellungen(
        self, status: str | None = None, jobcenter_id: str | None = None, grenze: int = 100
    ) -> list[dict[str, Any]]:
        return self.xta.zustellungen(status, jobcenter_id, grenze)

    @rpc(expected_exceptions=(NichtGefunden, ZustellungNichtMoeglich))
    def erneut_zustellen(self, zustellung_id: str) -> dict[str, Any]:
        return self.xta.erneut_zustellen(zustellung_id)

    @rpc(expected_exceptions=(NichtGefunden, NichtBerechtigt))
    def eingang_anlage(self, message_id: str, anlage_id: str) -> dict[str, Any]:
        """The bytes (base64) of an attachment a Jobcenter sent (for the Postkorb)."""
        return self.xta.eingang_anlage(message_id, anlage_id)

    @rpc
    def geparkte_nachrichten(self) -> list[dict[str, Any]]:
        return self.xta.geparkte_nachrichten()

    @rpc(expected_exceptions=(EingangNichtMoeglich, XtaFehler))
    def geparkt_abrufen(self, message_id: str) -> dict[str, str]:
        """Fetch a message held back in the MsgBox (too large, not fetchable) now."""
        return self.xta.geparkt_abrufen(message_id)

    @rpc(expected_exceptions=(EingangNichtMoeglich, XtaFehler))
    def geparkt_erledigen(self, message_id: str) -> dict[str, str]:
        """A parked message is dealt with; one held back is closed in the MsgBox."""
        return self.xta.geparkt_erledigen(message_id)

    @http("GET", "/metrics")
    def metrics(self, request: Request) -> Response:
        """The kernel's metrics, with the deliveries per state and Jobcenter counted now."""
        self.xta.metriken_erneuern()
        return super().metrics(request)
