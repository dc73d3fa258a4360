"""The antrag nameko service: RPCs on a person's behalf, the consumed events, the retention
timer. Thin: each entrypoint hands its arguments and the worker's context to antrag.handlers.

The caller is ``self.events.person_id`` (nameko context data "person_id", set by the gateway),
the language the ``sprache`` argument or else the context data "language";
errors are the four classes of antrag.fehler, raised as expected exceptions.
"""

from __future__ import annotations

import os
from typing import Any

from nameko.contextdata import Language
from nameko.timer import timer

from antrag import handlers, konto_geloescht
from antrag.bootstrap import bootstrap
from antrag.fehler import ERWARTET
from kernel.envelope import Envelope
from kernel.nameko import EventSourcing, OperationsEndpoints, rpc, subscribe

BEREINIGUNG_SEKUNDEN = int(os.environ.get("SOZ_ANTRAG_BEREINIGUNG_SEKUNDEN", "").strip() or 3600)


class AntragService(OperationsEndpoints):
    name = "antrag"

    events = EventSourcing(bootstrap)
    # The page's language as the gateway sends it (context data "language": de, en, de-x-ls);
    # an explicit ``sprache`` argument wins.
    sprache_des_aufrufs = Language()

    def _sprache(self, sprache: str | None) -> str | None:
        if sprache:
            return sprache  # checked: an unknown one is refused
        aufruf = self.sprache_des_aufrufs
        return aufruf if aufruf in handlers.SPRACHEN else "de"

    @rpc(expected_exceptions=ERWARTET)
    def formular(self, leistung: str, sprache: str | None = None) -> dict[str, Any]:
        return handlers.formular(leistung, self._sprache(sprache))

    @rpc(expected_exceptions=ERWARTET)
    def anlegen(
        self,
        leistung: str,
        wohnort: dict,
        sprache: str | None = None,
        gemeinde: dict | None = None,
    ) -> dict[str, Any]:
        return handlers.anlegen(self.events, leistung, wohnort, self._sprache(sprache), gemeinde)

    @rpc(expected_exceptions=ERWARTET)
    def speichern(
        self, antrag_id: str, abschnitt: str, daten: dict, sprache: str | None = None
    ) -> dict[str, Any]:
        return handlers.speichern(self.events, antrag_id, abschnitt, daten, self._sprache(sprache))

    @rpc(expected_exceptions=ERWARTET)
    def gemeinde_waehlen(self, antrag_id: str, ags: str, jobcenter_id: str) -> dict[str, Any]:
        return handlers.gemeinde_waehlen(self.events, antrag_id, ags, jobcenter_id)

    @rpc(expected_exceptions=ERWARTET)
    def anlage(
        self, antrag_id: str, abschnitt: str, dateien: list, sprache: str | None = None
    ) -> dict[str, Any]:
        return handlers.anlage(self.events, antrag_id, abschnitt, dateien, self._sprache(sprache))

    @rpc(expected_exceptions=ERWARTET)
    def anlage_entfernen(self, antrag_id: str, anlage_id: str) -> dict[str, Any]:
        return handlers.anlage_entfernen(self.events, antrag_id, anlage_id)

    @rpc(expected_exceptions=ERWARTET)
    def anlage_datei(self, antrag_id: str, anlage_id: str) -> dict[str, Any]:
        return handlers.anlage_datei(self.events, antrag_id, anlage_id)

    @rpc(expected_exceptions=ERWARTET)
    def einreichen(self, antrag_id: str, sprache: str | None = None) -> dict[str, Any]:
        return handlers.einreichen(self.events, antrag_id, self._sprache(sprache))

    @rpc(expected_exceptions=ERWARTET)
    def kurzantrag(
        self, antrag_id: str, sprache: str | None = None, angaben: dict | None = None
    ) -> dict[str, Any]:
        return handlers.kurzantrag(self.events, antrag_id, self._sprache(sprache), angaben)

    @rpc(expected_exceptions=ERWARTET)
    def kurzantrag_formular(self, antrag_id: str, sprache: str | None = None) -> dict[str, Any]:
        return handlers.kurzantrag_formular(self.events, antrag_id, self._sprache(sprache))

    @rpc(expected_exceptions=ERWARTET)
    def zurueckziehen(self, antrag_id: str, begruendung: str | None = None) -> dict[str, Any]:
        return handlers.zurueckziehen(self.events, antrag_id, begruendung)

    @rpc(expected_exceptions=ERWARTET)
    def antrag(self, antrag_id: str, sprache: str | None = None) -> dict[str, Any]:
        return handlers.antrag_ansehen(self.events, antrag_id, self._sprache(sprache))

    @rpc(expected_exceptions=ERWARTET)
    def meine_antraege(self) -> list[dict[str, Any]]:
        return handlers.meine_antraege(self.events)

    @rpc(expected_exceptions=ERWARTET)
    def quittung(
        self,
        antrag_id: str,
        jobcenter_kontakt: dict[str, Any] | None = None,
        sprache: str | None = None,
    ) -> dict[str, Any]:
        return handlers.quittung(self.events, antrag_id, jobcenter_kontakt, self._sprache(sprache))

    @rpc
    def entwuerfe_bereinigen(self) -> int:
        """Operators: delete unused drafts now (the timer does it every hour)."""
        return handlers.entwuerfe_bereinigen(self.events.application)

    @timer(interval=BEREINIGUNG_SEKUNDEN)
    def entwuerfe_bereinigen_regelmaessig(self) -> None:
        handlers.entwuerfe_bereinigen(self.events.application)

    @subscribe("zustaendigkeit", "ZustaendigkeitErmittelt")
    def on_zustaendigkeit_ermittelt(self, event: Envelope) -> None:
        self.events.handle_once("antrag.zustaendigkeit", event, handlers.zustaendigkeit_ermittelt)

    # Both outcome events arrive in v1 and v2 (docs/adr/0055); the handlers pass over deliveries
    # that are no application's (a Postkorb reply), acknowledged.
    @subscribe("xta_gateway", "NachrichtZugestellt")
    def on_nachricht_zugestellt(self, event: Envelope) -> None:
        self.events.handle_once("antrag.zugestellt", event, handlers.nachricht_zugestellt)

    @subscribe("xta_gateway", "ZustellungFehlgeschlagen")
    def on_zustellung_fehlgeschlagen(self, event: Envelope) -> None:
        self.events.handle_once("antrag.fehlgeschlagen", event, handlers.zustellung_fehlgeschlagen)

    @subscribe("gateway", "KontoGeloescht")
    def on_konto_geloescht(self, event: Envelope) -> None:
        """The person deleted their account: drafts erased, submissions kept (ADR 0092)."""
        self.events.handle_once("antrag.konto_geloescht", event, konto_geloescht.entwuerfe_loeschen)
