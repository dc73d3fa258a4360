"""The real XtaGatewayService under a run-specific name (ADR 0017): its queues, its RPC queue
and its exchange (`<name>.events`) are this run's own, so test runs on a shared broker cannot
take each other's work. With ``TEST_QUELLE`` it also consumes AntragEingereicht from
`<TEST_QUELLE>.events` instead of `antrag.events`: the fault test and the benchmark publish
hundreds of applications, which every other xta-gateway running on the broker would otherwise
deliver too. ``TEST_QUELLE_POSTKORB`` does the same for PostkorbAntwortVerfasst
(`postkorb.events`). Nothing on the measured path changes."""

from __future__ import annotations

import os

from kernel.envelope import Envelope
from kernel.nameko import subscribe
from xta_gateway.service import XtaGatewayService

QUELLE = os.environ.get("TEST_QUELLE", "antrag")
QUELLE_POSTKORB = os.environ.get("TEST_QUELLE_POSTKORB", "postkorb")


class XtaGatewayTestdienst(XtaGatewayService):
    name = os.environ["TEST_DIENSTNAME"]

    @subscribe(QUELLE, "AntragEingereicht")
    def on_antrag_eingereicht(self, event: Envelope) -> None:
        super().on_antrag_eingereicht(event)

    @subscribe(QUELLE_POSTKORB, "PostkorbAntwortVerfasst")
    def on_postkorb_antwort_verfasst(self, event: Envelope) -> None:
        super().on_postkorb_antwort_verfasst(event)

    @subscribe(QUELLE_POSTKORB, "PostkorbBescheidAbgerufen")
    def on_postkorb_bescheid_abgerufen(self, event: Envelope) -> None:
        super().on_postkorb_bescheid_abgerufen(event)

    @subscribe(QUELLE_POSTKORB, "PostkorbBereitstellungBeendet")
    def on_postkorb_bereitstellung_beendet(self, event: Envelope) -> None:
        super().on_postkorb_bereitstellung_beendet(event)
