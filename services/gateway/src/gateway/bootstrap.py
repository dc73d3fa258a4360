"""Wiring only: the gateway's event store (accounts and sessions) and its read models."""

from __future__ import annotations

from gateway.projections import KontoVerzeichnis, Sitzungen
from gateway.schemas import REGISTRY
from kernel.application import Application
from kernel.config import Settings


def bootstrap(settings: Settings) -> Application:
    return Application.from_settings(
        settings, registry=REGISTRY, projections=[KontoVerzeichnis(), Sitzungen()]
    )
