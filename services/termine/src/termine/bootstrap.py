"""Wiring only: the kernel Application of the termine service, and its parts."""

from __future__ import annotations

from sqlalchemy import select

from contracts.events.termine import upcaster_eintragen
from kernel.application import Application
from kernel.config import Settings
from kernel.mail import Postausgang
from kernel.upcasting import Upcasters
from termine.adapters.projektion import TermineProjektion, buchungen
from termine.adapters.verzeichnis import Verzeichnisspeicher
from termine.konfiguration import Konfiguration
from termine.schemas import REGISTRY, interne_upcaster_eintragen

UPCASTERS = interne_upcaster_eintragen(upcaster_eintragen(Upcasters()))


class TermineApplication(Application):
    """Forgetting a person forgets their key and the key of each booking they made with their
    account (a booking's concern and contact are sealed under the booking's own key,
    docs/adr/0111). ``kernel forget --bootstrap termine.bootstrap:bootstrap`` uses it."""

    konfiguration: Konfiguration
    verzeichnis: Verzeichnisspeicher
    postausgang: Postausgang

    def forget(self, subject_id: str) -> bool:
        with self.database.read() as connection:
            termin_ids = list(
                connection.execute(
                    select(buchungen.c.termin_id).where(buchungen.c.person_id == subject_id)
                ).scalars()
            )
        for termin_id in termin_ids:
            self.key_store.forget(termin_id)
        return super().forget(subject_id) or bool(termin_ids)

    def create_schema(self) -> None:
        super().create_schema()
        self.postausgang.create_schema()


def bootstrap(settings: Settings, konfiguration: Konfiguration | None = None) -> TermineApplication:
    application = TermineApplication.from_settings(
        settings, registry=REGISTRY, projections=[TermineProjektion()], upcasters=UPCASTERS
    )
    assert isinstance(application, TermineApplication)
    application.konfiguration = konfiguration or Konfiguration.aus_umgebung()
    application.verzeichnis = Verzeichnisspeicher(application)
    application.postausgang = Postausgang(application)
    return application
