"""Wiring only: the kernel Application of the zustaendigkeit service."""

from __future__ import annotations

from kernel.application import Application
from kernel.config import Settings
from zustaendigkeit.adapters.kontakte_projektion import KontakteProjektion
from zustaendigkeit.adapters.projektion import VerzeichnisProjektion
from zustaendigkeit.schemas import REGISTRY


def bootstrap(settings: Settings) -> Application:
    return Application.from_settings(
        settings, registry=REGISTRY, projections=[VerzeichnisProjektion(), KontakteProjektion()]
    )
