"""The finder nameko service: the Sozialleistungsfinder's RPCs. Thin: the work happens in
finder.handlers, reached through the dependency; the place is resolved by RPC to
zustaendigkeit (docs/adr/0098).

The language is the ``sprache`` argument, else the call's context data "language" (the
gateway sends the page's), else German.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from nameko.contextdata import Language

from finder import inhalte
from finder.adapters.nameko_provider import FinderDienst
from finder.adapters.zustaendigkeit import zustaendigkeit_rpc
from finder.fehler import ERWARTET, EingabeUngueltig, NichtGefunden
from finder.konfiguration import Konfiguration
from kernel import zeit
from kernel.nameko import OperationsEndpoints, rpc

_KONFIGURATION = Konfiguration.aus_umgebung()


class FinderService(OperationsEndpoints):
    name = "finder"

    finder = FinderDienst()
    zustaendigkeit = zustaendigkeit_rpc(_KONFIGURATION.zustaendigkeit, _KONFIGURATION.rpc_timeout)
    sprache_des_aufrufs = Language()

    def _sprache(self, sprache: str | None) -> str:
        if sprache:
            return sprache  # checked by the handler: an unknown one is refused
        aufruf = self.sprache_des_aufrufs
        return aufruf if aufruf in ("de", "en", "de-x-ls") else "de"

    @rpc(expected_exceptions=ERWARTET)
    def fragen(self, sprache: str | None = None) -> dict[str, Any]:
        return self.finder.fragen(self._sprache(sprache))

    @rpc(expected_exceptions=ERWARTET)
    def auswerten(self, anfrage: Any, sprache: str | None = None) -> dict[str, Any]:
        return self.finder.auswerten(anfrage, self._sprache(sprache), self.zustaendigkeit)

    @rpc(expected_exceptions=ERWARTET)
    def fragebogen(
        self,
        antworten: Any,
        schritt: str | None = None,
        aktion: str | None = None,
        sprache: str | None = None,
    ) -> dict[str, Any]:
        """The questionnaire pages, one step per call: see finder.handlers.fragebogen."""
        return self.finder.fragebogen(
            antworten, schritt, aktion, self._sprache(sprache), self.zustaendigkeit
        )

    # information pages and Ausfüllhilfen (finder.inhalte, docs/adr/0100)

    @rpc(expected_exceptions=ERWARTET)
    def leistungen(
        self, sprache: str | None = None, stichtag: str | None = None
    ) -> list[dict[str, Any]]:
        """``stichtag`` (ISO date, default today): the amounts and names in force that day."""
        tag = _stichtag(stichtag)
        try:
            return inhalte.leistungen(self._sprache(sprache), tag, self._parameter())
        except inhalte.SpracheUnbekannt:
            raise EingabeUngueltig("sprache_unbekannt") from None

    @rpc(expected_exceptions=ERWARTET)
    def leistung(
        self, leistung_id: str, sprache: str | None = None, stichtag: str | None = None
    ) -> dict[str, Any]:
        tag = _stichtag(stichtag)
        try:
            return inhalte.leistung(leistung_id, self._sprache(sprache), tag, self._parameter())
        except inhalte.LeistungUnbekannt:
            raise NichtGefunden("leistung_nicht_gefunden") from None
        except inhalte.SpracheUnbekannt:
            raise EingabeUngueltig("sprache_unbekannt") from None

    @rpc(expected_exceptions=ERWARTET)
    def ausfuellhilfe(
        self, formular: str, abschnitt: str, sprache: str | None = None
    ) -> dict[str, Any]:
        try:
            return inhalte.ausfuellhilfe(formular, abschnitt, self._sprache(sprache))
        except inhalte.AusfuellhilfeUnbekannt:
            raise NichtGefunden("ausfuellhilfe_nicht_gefunden") from None
        except inhalte.SpracheUnbekannt:
            raise EingabeUngueltig("sprache_unbekannt") from None

    @rpc
    def stand(self) -> str:
        """Changes whenever an answer of ``fragen``, ``leistungen``, ``leistung`` or
        ``ausfuellhilfe`` may change: the parameters' and the questionnaire's versions."""
        return self.finder.stand

    def _parameter(self) -> Any:
        return self.finder.parameter


def _stichtag(stichtag: str | None) -> date:
    if stichtag is None:
        return zeit.heute()
    try:
        return date.fromisoformat(str(stichtag))
    except ValueError:
        raise EingabeUngueltig("stichtag_ungueltig") from None
