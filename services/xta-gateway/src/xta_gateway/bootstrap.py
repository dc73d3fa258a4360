"""Wiring only: the kernel Application of the xta-gateway."""

from __future__ import annotations

from kernel.application import Application
from kernel.config import Settings
from xta_gateway.projections import ZustellungenProjektion
from xta_gateway.schemas import REGISTRY


def bootstrap(settings: Settings) -> Application:
    return Application.from_settings(
        settings, registry=REGISTRY, projections=[ZustellungenProjektion()]
    )
