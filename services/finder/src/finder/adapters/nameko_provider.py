"""The finder's nameko dependency: the kernel's EventSourcing (its store and outbox carry
FinderAusgewertet) plus the rules, the questionnaire and the result texts, loaded once at
container set-up. Workers get a ``FinderKontext`` with domain verbs."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import structlog

from finder import fragen, handlers, inhalte
from finder.adapters.ergebnistexte import Ergebnistexte
from finder.adapters.meldungen import Meldungen
from finder.adapters.regelwerk import Regelwerk
from finder.adapters.zustaendigkeit import Gemeindesuche
from finder.bootstrap import bootstrap
from finder.konfiguration import Konfiguration
from kernel.nameko import EventSourcing, ServiceContext

log = structlog.get_logger("finder")


@dataclass
class FinderKontext(ServiceContext):
    finder: handlers.Finder | None = None
    gemeindesuche: Gemeindesuche | None = None
    meldungen: Meldungen | None = None

    def melden(self, payload: dict[str, Any]) -> None:
        if self.meldungen is None:  # pragma: no cover - set-up fails before that
            raise RuntimeError("the finder is not set up")
        self.meldungen.melden(payload, self.correlation_id)

    def _finder(self) -> handlers.Finder:
        if self.finder is None:  # pragma: no cover - set-up fails before that
            raise RuntimeError("the finder is not loaded")
        return self.finder

    @property
    def parameter(self) -> Any:
        return self._finder().regeln.parameter

    @property
    def stand(self) -> str:
        finder = self._finder()
        return f"{finder.regeln.parameter.version}/{finder.bogen.version}"

    def fragen(self, sprache: Any) -> dict[str, Any]:
        return handlers.fragen(self._finder(), sprache)

    def auswerten(self, anfrage: Any, sprache: Any, rufen: Any) -> dict[str, Any]:
        suche = self.gemeindesuche.mit(rufen)
        return handlers.auswerten(self._finder(), self, anfrage, sprache, suche)

    def fragebogen(
        self, antworten: Any, schritt: Any, aktion: Any, sprache: Any, rufen: Any
    ) -> dict[str, Any]:
        suche = self.gemeindesuche.mit(rufen)
        return handlers.fragebogen(self._finder(), self, antworten, schritt, aktion, sprache, suche)


class FinderDienst(EventSourcing):
    def __init__(self) -> None:
        super().__init__(bootstrap)
        self.finder: handlers.Finder | None = None
        self.gemeindesuche: Gemeindesuche | None = None
        self.meldungen: Meldungen | None = None

    def setup(self) -> None:
        super().setup()
        konfiguration = Konfiguration.aus_umgebung()
        regelwerk = Regelwerk()
        self.finder = handlers.Finder(regelwerk, fragen.laden(), Ergebnistexte.laden())
        inhalte.inhalte()  # information pages and Ausfüllhilfen: a malformed file stops the start
        self.gemeindesuche = Gemeindesuche(konfiguration.ort_cache_sekunden)
        self.meldungen = Meldungen(self.application)
        log.info(
            "finder_geladen",
            parameterstand=regelwerk.version,
            fragebogen=self.finder.bogen.version,
            zustaendigkeit=konfiguration.zustaendigkeit,
        )

    def start(self) -> None:
        super().start()
        self.container.spawn_managed_thread(self.meldungen.laufen, identifier="finder-meldungen")

    def stop(self) -> None:
        if self.meldungen is not None:
            self.meldungen.anhalten()  # what is left goes into the outbox before the relay stops
        super().stop()

    def get_dependency(self, worker_ctx) -> FinderKontext:  # noqa: ANN001
        context = super().get_dependency(worker_ctx)
        geerbt = {feld.name: getattr(context, feld.name) for feld in fields(context)}
        return FinderKontext(
            **geerbt,
            finder=self.finder,
            gemeindesuche=self.gemeindesuche,
            meldungen=self.meldungen,
        )

    def readiness(self) -> dict[str, bool]:
        return {**super().readiness(), "regeln": self.finder is not None}
