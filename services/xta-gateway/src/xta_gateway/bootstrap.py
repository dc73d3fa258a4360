"""Wiring only: the kernel Application of the xta-gateway."""

from __future__ import annotations

from contracts.events.xta_gateway import upcaster_eintragen
from kernel.application import Application
from kernel.config import Settings
from kernel.upcasting import Upcasters
from xta_gateway.projections import ZustellungenProjektion
from xta_gateway.schemas import REGISTRY


def bootstrap(settings: Settings) -> Application:
    # Outcome events stored as v1 (before Postkorb replies were delivered) read as v2.
    return Application.from_settings(
        settings,
        registry=REGISTRY,
        projections=[ZustellungenProjektion()],
        upcasters=upcaster_eintragen(Upcasters()),
    )
