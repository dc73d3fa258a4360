"""The real PostkorbService under a run-specific name (ADR 0017): its queues, RPC queue and
exchange are this run's own. It consumes AntragEingereicht from `<TEST_QUELLE_ANTRAG>.events`
and the xta-gateway's events from `<TEST_QUELLE_XTA>.events` (a run's own xta-gateway), and
asks that xta-gateway for the Jobcenter's files (SOZ_XTA_GATEWAY_DIENST)."""

from __future__ import annotations

import os

from kernel.envelope import Envelope
from kernel.nameko import subscribe
from postkorb.service import PostkorbService

QUELLE_ANTRAG = os.environ.get("TEST_QUELLE_ANTRAG", "antrag")
QUELLE_XTA = os.environ.get("TEST_QUELLE_XTA", "xta_gateway")


class PostkorbTestdienst(PostkorbService):
    name = os.environ["TEST_DIENSTNAME"]

    @subscribe(QUELLE_ANTRAG, "AntragEingereicht")
    def on_antrag_eingereicht(self, event: Envelope) -> None:
        super().on_antrag_eingereicht(event)

    @subscribe(QUELLE_XTA, "NachrichtEmpfangen")
    def on_nachricht_empfangen(self, event: Envelope) -> None:
        super().on_nachricht_empfangen(event)

    @subscribe(QUELLE_XTA, "NachrichtZugestellt")
    def on_nachricht_zugestellt(self, event: Envelope) -> None:
        super().on_nachricht_zugestellt(event)

    @subscribe(QUELLE_XTA, "ZustellungFehlgeschlagen")
    def on_zustellung_fehlgeschlagen(self, event: Envelope) -> None:
        super().on_zustellung_fehlgeschlagen(event)
