"""The zustaendigkeit nameko service: RPC lookups and the AntragAngelegt subscription. Thin:
the work happens in domain.verzeichnis and handlers, reached through the dependency."""

from __future__ import annotations

from typing import Any

from kernel.envelope import Envelope
from kernel.nameko import OperationsEndpoints, rpc, subscribe
from zustaendigkeit.adapters.nameko_provider import Zustaendigkeitsverzeichnis
from zustaendigkeit.errors import ZustaendigkeitFehler


class ZustaendigkeitService(OperationsEndpoints):
    name = "zustaendigkeit"

    verzeichnis = Zustaendigkeitsverzeichnis()

    # Expected: bad input and unknown PLZ/town/Jobcenter are answers, not worker failures.
    @rpc(expected_exceptions=ZustaendigkeitFehler)
    def ermitteln(
        self, plz: str | None = None, ort: str | None = None, strasse: str | None = None
    ) -> dict[str, Any]:
        return self.verzeichnis.ermitteln(plz, ort, strasse).to_dict()

    @rpc(expected_exceptions=ZustaendigkeitFehler)
    def fuer_wohnort(self, plz: str | None = None, ort: str | None = None) -> dict[str, Any]:
        """Before an application is created: what its ZustaendigkeitErmittelt will say for
        this place of residence, so nobody is invited to fill in a draft no Jobcenter here
        takes (docs/adr/0082)."""
        return self.verzeichnis.fuer_wohnort(plz, ort)

    @rpc(expected_exceptions=ZustaendigkeitFehler)
    def lage(self, plz: str | None = None, ort: str | None = None) -> dict[str, Any]:
        """The Gemeinde(n) of a PLZ and/or town with coordinates, Land and population (from
        the Destatis GV), for distance searches (termine; docs/adr/0108)."""
        return self.verzeichnis.lage(plz, ort)

    @rpc(expected_exceptions=ZustaendigkeitFehler)
    def orte(self, text: str) -> list[dict[str, Any]]:
        return [treffer.to_dict() for treffer in self.verzeichnis.orte(text)]

    @rpc(expected_exceptions=ZustaendigkeitFehler)
    def jobcenter(self, jobcenter_id: str) -> dict[str, Any]:
        auskunft = self.verzeichnis.jobcenter(jobcenter_id)
        return auskunft.steckbrief(self.verzeichnis.datenstand)

    @rpc
    def stand(self) -> str:
        """Changes whenever an answer of the methods above may change (data version or
        connected zkT); until then their answers may be kept (docs/adr/0015)."""
        return self.verzeichnis.antwortstand

    @subscribe("antrag", "AntragAngelegt")
    def on_antrag_angelegt(self, event: Envelope) -> None:
        self.verzeichnis.antrag_angelegt(event)
