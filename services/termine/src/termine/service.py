"""The termine nameko service: counselling centres, free times, bookings, the centres' staff.
Thin: each entrypoint hands its arguments and a ``handlers.Kontext`` to termine.handlers.

The caller is ``person_id`` (nameko context data, set by the gateway, docs/adr/0074); the
language the context data "language". Errors are the classes of termine.fehler.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any

import structlog
from nameko.contextdata import Language
from nameko.timer import timer

from kernel.envelope import Envelope
from kernel.mail import MailEinstellungen, SmtpVersand
from kernel.nameko import EventSourcing, OperationsEndpoints, rpc, subscribe
from termine import handlers, konto_geloescht, verzeichnis_laden
from termine.adapters.zustaendigkeit import Ortsgedaechtnis, zustaendigkeit_rpc
from termine.bootstrap import TermineApplication, bootstrap
from termine.domain import kalender
from termine.domain.stelle import LAENDER
from termine.fehler import ERWARTET

log = structlog.get_logger("termine")

SWEEP_SEKUNDEN = int(os.environ.get("SOZ_TERMINE_SWEEP_SEKUNDEN", "").strip() or 60)
SPRACHEN = ("de", "en", "de-x-ls")


class TermineEventSourcing(EventSourcing):
    """The kernel's dependency, plus: at start, an empty directory gets the demo directory
    (``SOZ_TERMINE_DEMO=0`` leaves it empty for a Land's own HSDS import), and the mail queue
    runs beside the workers."""

    verzeichnis_geladen = False

    def setup(self) -> None:
        super().setup()
        application = self.application
        assert isinstance(application, TermineApplication)
        if application.konfiguration.demo_laden and verzeichnis_laden.leer(application):
            bilanz = verzeichnis_laden.demo_laden(
                application,
                verzeichnis_laden.daten_verzeichnis(),
                application.konfiguration.demo_seed,
            )
            log.info("demo_verzeichnis_geladen", neu=bilanz.neu)
        application.verzeichnis.index(frisch=True)
        # The holiday tables are imported on first use (about 0.2 s): not in a person's request.
        jahr = datetime.now(UTC).year
        for land in LAENDER:
            kalender.feiertage(land, jahr)
            kalender.feiertage(land, jahr + 1)
        self.verzeichnis_geladen = True

    def start(self) -> None:
        super().start()
        application = self.application
        assert isinstance(application, TermineApplication)
        versand = SmtpVersand(MailEinstellungen.from_env())
        self.container.spawn_managed_thread(
            lambda: application.postausgang.laufen(versand), identifier="postausgang"
        )

    def readiness(self) -> dict[str, bool]:
        """Ready once the directory was read at start (an empty one too: a Land imports its
        own after deploying with SOZ_TERMINE_DEMO=0)."""
        return {**super().readiness(), "verzeichnis": self.verzeichnis_geladen}


class TermineService(OperationsEndpoints):
    name = "termine"

    events = TermineEventSourcing(bootstrap)
    zustaendigkeit = zustaendigkeit_rpc()
    sprache_des_aufrufs = Language()
    orte = Ortsgedaechtnis()

    def _ctx(self) -> handlers.Kontext:
        sprache = self.sprache_des_aufrufs
        return handlers.Kontext(
            application=self.events.application,
            person_id=self.events.person_id,
            sprache=sprache if sprache in SPRACHEN else "de",
            correlation_id=self.events.correlation_id,
            orte=TermineService.orte.mit(self.zustaendigkeit),
        )

    # citizens --------------------------------------------------------------------------------

    @rpc(expected_exceptions=ERWARTET)
    def suchen(
        self,
        plz: str | None = None,
        ort: str | None = None,
        thema: str | None = None,
        art: str | None = None,
        sprache: str | None = None,
        barrierefrei: Any = None,
        anonym: Any = None,
        umkreis_km: Any = 25,
        seite: Any = 1,
    ) -> dict[str, Any]:
        return handlers.suchen(
            self._ctx(), plz, ort, thema, art, sprache, barrierefrei, anonym, umkreis_km, seite
        )

    @rpc(expected_exceptions=ERWARTET)
    def beratungsstelle(self, id: str) -> dict[str, Any]:  # noqa: A002
        return handlers.beratungsstelle(self._ctx(), id)

    @rpc(expected_exceptions=ERWARTET)
    def freie_termine(
        self,
        beratungsstelle_id: str,
        angebot_id: str | None = None,
        art: str | None = None,
        von: str | None = None,
        bis: str | None = None,
    ) -> dict[str, Any]:
        return handlers.freie_termine(self._ctx(), beratungsstelle_id, angebot_id, art, von, bis)

    @rpc(expected_exceptions=ERWARTET)
    def buchen(
        self,
        beratungsstelle_id: str,
        angebot_id: str,
        beginn: str,
        art: str,
        anliegen: str | None = None,
        kontakt: dict | None = None,
        client_adresse: str | None = None,
    ) -> dict[str, Any]:
        return handlers.buchen(
            self._ctx(),
            beratungsstelle_id,
            angebot_id,
            beginn,
            art,
            anliegen,
            kontakt,
            client_adresse,
        )

    @rpc(expected_exceptions=ERWARTET)
    def buchung(self, id: str, geheimnis: str | None = None) -> dict[str, Any]:  # noqa: A002
        return handlers.buchung(self._ctx(), id, geheimnis)

    @rpc(expected_exceptions=ERWARTET)
    def stornieren(self, id: str, geheimnis: str | None = None) -> dict[str, Any]:  # noqa: A002
        return handlers.stornieren(self._ctx(), id, geheimnis)

    @rpc(expected_exceptions=ERWARTET)
    def verschieben(self, id: str, beginn: str, geheimnis: str | None = None) -> dict[str, Any]:  # noqa: A002
        return handlers.verschieben(self._ctx(), id, beginn, geheimnis)

    @rpc(expected_exceptions=ERWARTET)
    def kalenderdatei(self, id: str, geheimnis: str | None = None) -> dict[str, str]:  # noqa: A002
        return handlers.kalenderdatei(self._ctx(), id, geheimnis)

    @rpc(expected_exceptions=ERWARTET)
    def meine_termine(self) -> dict[str, Any]:
        return handlers.meine_termine(self._ctx())

    # staff -----------------------------------------------------------------------------------

    @rpc(expected_exceptions=ERWARTET)
    def mein_zugang(self) -> dict[str, Any] | None:
        return handlers.mein_zugang(self._ctx())

    @rpc(expected_exceptions=ERWARTET)
    def stelle_aendern(self, daten: dict) -> dict[str, Any]:
        return handlers.stelle_aendern(self._ctx(), daten)

    @rpc(expected_exceptions=ERWARTET)
    def angebot_speichern(self, daten: dict) -> dict[str, Any]:
        return handlers.angebot_speichern(self._ctx(), daten)

    @rpc(expected_exceptions=ERWARTET)
    def berater_liste(self) -> dict[str, Any]:
        return handlers.berater_liste(self._ctx())

    @rpc(expected_exceptions=ERWARTET)
    def sprechzeiten_setzen(self, berater_id: str, sprechzeiten: list) -> dict[str, Any]:
        return handlers.sprechzeiten_setzen(self._ctx(), berater_id, sprechzeiten)

    @rpc(expected_exceptions=ERWARTET)
    def abwesenheit_eintragen(self, berater_id: str, von: str, bis: str) -> dict[str, Any]:
        return handlers.abwesenheit_eintragen(self._ctx(), berater_id, von, bis)

    @rpc(expected_exceptions=ERWARTET)
    def buchungen_der_stelle(
        self, von: str | None = None, bis: str | None = None
    ) -> dict[str, Any]:
        return handlers.buchungen_der_stelle(self._ctx(), von, bis)

    @rpc(expected_exceptions=ERWARTET)
    def durch_stelle_stornieren(self, id: str, grund: str) -> dict[str, Any]:  # noqa: A002
        return handlers.durch_stelle_stornieren(self._ctx(), id, grund)

    @rpc(expected_exceptions=ERWARTET)
    def nicht_erschienen(self, id: str) -> dict[str, Any]:  # noqa: A002
        return handlers.nicht_erschienen(self._ctx(), id)

    @rpc(expected_exceptions=ERWARTET)
    def konflikte(self) -> dict[str, Any]:
        return handlers.konflikte(self._ctx())

    @subscribe("gateway", "KontoGeloescht")
    def on_konto_geloescht(self, event: Envelope) -> None:
        self.events.handle_once("termine.konto_geloescht", event, konto_geloescht.termine_loeschen)

    # timers ----------------------------------------------------------------------------------

    @timer(interval=SWEEP_SEKUNDEN)
    def erinnern_und_aufbewahren(self) -> None:
        """Reminders 24 h before; concern and contact erased N days after the appointment."""
        ctx = self._ctx()
        handlers.erinnern(ctx)
        handlers.aufbewahrung(ctx)
