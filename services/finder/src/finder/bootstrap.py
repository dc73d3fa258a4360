"""Wiring only: the kernel Application of the finder service (its event store holds the
anonymous FinderAusgewertet events and their outbox)."""

from __future__ import annotations

from finder.schemas import REGISTRY
from kernel.application import Application
from kernel.config import Settings


def bootstrap(settings: Settings) -> Application:
    return Application.from_settings(settings, registry=REGISTRY)
