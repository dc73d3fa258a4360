"""Wiring only: the kernel Application of the antrag service, and its parts."""

from __future__ import annotations

from antrag.adapters.ablage import Anlagenablage
from antrag.konfiguration import Konfiguration
from antrag.projections import AntragUebersicht, antraege_von
from antrag.schemas import REGISTRY
from contracts.events.xta_gateway import upcaster_eintragen
from kernel.application import Application
from kernel.config import Settings
from kernel.upcasting import Upcasters

# NachrichtZugestellt / ZustellungFehlgeschlagen arrive as v1 (always an application) or v2:
# the subscription and handle_once hand the handlers v2.
UPCASTERS = upcaster_eintragen(Upcasters())


class AntragApplication(Application):
    """Forgetting a person forgets their key and the key of each of their applications (a
    draft's answers and files are sealed under the application's own key, docs/adr/0031),
    and removes their files. ``kernel forget --bootstrap antrag.bootstrap:bootstrap`` uses it."""

    konfiguration: Konfiguration
    ablage: Anlagenablage

    def forget(self, subject_id: str) -> bool:
        with self.database.read() as connection:
            antrag_ids = antraege_von(connection, subject_id)
        for antrag_id in antrag_ids:
            self.antrag_vergessen(antrag_id)
        return super().forget(subject_id) or bool(antrag_ids)

    def antrag_vergessen(self, antrag_id: str) -> None:
        self.key_store.forget(antrag_id)
        self.ablage.antrag_loeschen(antrag_id)


def bootstrap(settings: Settings) -> AntragApplication:
    application = AntragApplication.from_settings(
        settings,
        registry=REGISTRY,
        projections=[AntragUebersicht()],
        upcasters=UPCASTERS,
    )
    assert isinstance(application, AntragApplication)
    application.konfiguration = Konfiguration.aus_umgebung(settings)
    application.ablage = Anlagenablage(
        application.konfiguration.anlagen_verzeichnis, application.key_store
    )
    return application
