"""Wiring only: the kernel Application of the postkorb service, and its parts."""

from __future__ import annotations

from contracts.events.xta_gateway import upcaster_eintragen
from kernel.application import Application
from kernel.config import Settings
from kernel.upcasting import Upcasters
from postkorb import benachrichtigung
from postkorb.adapters.ablage import Ablage
from postkorb.adapters.clamav import Scanner
from postkorb.konfiguration import Konfiguration
from postkorb.projections import Postfach
from postkorb.schemas import REGISTRY

# NachrichtEmpfangen v1 reads as v2 (art information); the outcome events as v2/v3.
UPCASTERS = upcaster_eintragen(Upcasters())


class PostkorbApplication(Application):
    """Forgetting a person (``kernel forget --bootstrap postkorb.bootstrap:bootstrap``) forgets
    their key, which seals every subject, text, file name and address of their mailbox, and
    deletes the files of their replies."""

    konfiguration: Konfiguration
    ablage: Ablage
    scanner: Scanner

    def create_schema(self) -> None:
        super().create_schema()
        self.ablage.create_schema()
        benachrichtigung.metadata.create_all(self.database.engine)

    def forget(self, subject_id: str) -> bool:
        self.ablage.person_loeschen(subject_id)
        return super().forget(subject_id)


def bootstrap(settings: Settings) -> PostkorbApplication:
    application = PostkorbApplication.from_settings(
        settings, registry=REGISTRY, projections=[Postfach()], upcasters=UPCASTERS
    )
    assert isinstance(application, PostkorbApplication)
    application.konfiguration = Konfiguration.aus_umgebung()
    application.ablage = Ablage(application)
    # SOZ_CLAMD_SOCKET, else the embedded clamd of `make run` (postkorb.clamd_eingebettet);
    # where none answers, every file is pruefung_fehlgeschlagen, never clean (docs/adr/0105)
    application.scanner = Scanner(
        application.konfiguration.clamd or str(settings.data_dir / "clamd" / "clamd.sock")
    )
    return application
