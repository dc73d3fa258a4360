"""The service's nameko dependency: the kernel's EventSourcing plus the Jobcenter directory.

At container set-up (before any entrypoint consumes) it imports the reference data when the
projection is empty or the data version changed, loads the projection once into the in-process
index and checks the per-instance configuration. Workers get a ``ZustaendigkeitKontext`` with
domain verbs.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from functools import partial
from typing import Any

import structlog

from kernel.envelope import Envelope
from kernel.nameko import EventSourcing, ServiceContext
from zustaendigkeit import handlers, importer, konfiguration, kontakte
from zustaendigkeit.adapters import quelldateien
from zustaendigkeit.bootstrap import bootstrap
from zustaendigkeit.domain.model import Ergebnis, JobcenterAuskunft, OrtTreffer
from zustaendigkeit.domain.verzeichnis import Verzeichnis

log = structlog.get_logger("zustaendigkeit")


@dataclass
class ZustaendigkeitKontext(ServiceContext):
    verzeichnis: Verzeichnis | None = None

    def _index(self) -> Verzeichnis:
        if self.verzeichnis is None:  # pragma: no cover - set-up fails before that
            raise RuntimeError("the directory is not loaded")
        return self.verzeichnis

    @property
    def datenstand(self) -> str:
        return self._index().datenstand

    @property
    def antwortstand(self) -> str:
        return self._index().antwortstand

    def ermitteln(self, plz: object, ort: object, strasse: object) -> Ergebnis:
        return self._index().ermitteln(plz=plz, ort=ort, strasse=strasse)

    def fuer_wohnort(self, plz: object, ort: object) -> dict[str, Any]:
        return handlers.fuer_wohnort(self._index(), plz, ort)

    def lage(self, plz: object, ort: object) -> dict[str, Any]:
        return self._index().lage(plz=plz, ort=ort)

    def orte(self, text: object) -> list[OrtTreffer]:
        return self._index().orte(text)

    def jobcenter(self, jobcenter_id: object) -> JobcenterAuskunft:
        return self._index().jobcenter(jobcenter_id)

    def antrag_angelegt(self, envelope: Envelope) -> bool:
        handler = partial(handlers.antrag_angelegt, verzeichnis=self._index())
        return self.handle_once(handlers.CONSUMER_ANTRAG_ANGELEGT, envelope, handler)


class Zustaendigkeitsverzeichnis(EventSourcing):
    def __init__(self) -> None:
        super().__init__(bootstrap)
        self.verzeichnis: Verzeichnis | None = None

    def setup(self) -> None:
        super().setup()
        anbindung = konfiguration.anbindung_aus_umgebung()
        daten = importer.sicherstellen(self.application, quelldateien.standard_verzeichnis())
        konfiguration.anbindung_pruefen(anbindung, daten)
        kontaktdaten = kontakte.sicherstellen(self.application, daten)
        lagen = quelldateien.gemeindelagen(quelldateien.standard_verzeichnis())
        self.verzeichnis = Verzeichnis(daten, anbindung, kontaktdaten, lagen)
        log.info(
            "verzeichnis_geladen",
            datenstand=daten.datenstand,
            angebundene_zkt=",".join(sorted(anbindung.angebundene_zkt)),
            kontakte=kontaktdaten.stand if kontaktdaten else "keine",
            anzahl_kontakte=len(kontaktdaten.kontakte) if kontaktdaten else 0,
            **{f"anzahl_{name}": anzahl for name, anzahl in daten.anzahl().items()},
        )

    def get_dependency(self, worker_ctx) -> ZustaendigkeitKontext:  # noqa: ANN001
        context = super().get_dependency(worker_ctx)
        # Everything the kernel's context carries (correlation, person id, …), plus the index.
        geerbt = {feld.name: getattr(context, feld.name) for feld in fields(context)}
        return ZustaendigkeitKontext(**geerbt, verzeichnis=self.verzeichnis)

    def readiness(self) -> dict[str, bool]:
        return {**super().readiness(), "verzeichnis": self.verzeichnis is not None}
