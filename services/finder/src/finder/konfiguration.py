"""Per-instance settings of the finder service, from the environment:

| variable | default | what |
| --- | --- | --- |
| SOZ_FINDER_ZUSTAENDIGKEIT | zustaendigkeit | the service that resolves postcode -> Gemeinde |
| SOZ_FINDER_RPC_TIMEOUT | 3 | seconds it may take; then the caller gets a 503 |
| SOZ_FINDER_ORT_CACHE_SEKUNDEN | 300 | how long a postcode's Gemeinden are kept |
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass


class KonfigurationFehlerhaft(Exception):
    """A setting is not readable; the message names it."""


@dataclass(frozen=True)
class Konfiguration:
    zustaendigkeit: str = "zustaendigkeit"
    rpc_timeout: float = 3.0
    ort_cache_sekunden: float = 300.0

    @classmethod
    def aus_umgebung(cls, environ: Mapping[str, str] = os.environ) -> Konfiguration:
        return cls(
            zustaendigkeit=environ.get("SOZ_FINDER_ZUSTAENDIGKEIT", "").strip() or "zustaendigkeit",
            rpc_timeout=_zahl(environ, "SOZ_FINDER_RPC_TIMEOUT", 3.0),
            ort_cache_sekunden=_zahl(environ, "SOZ_FINDER_ORT_CACHE_SEKUNDEN", 300.0),
        )


def _zahl(environ: Mapping[str, str], name: str, standard: float) -> float:
    text = environ.get(name, "").strip()
    if not text:
        return standard
    try:
        wert = float(text)
    except ValueError:
        raise KonfigurationFehlerhaft(f"{name}: keine Zahl") from None
    if wert < 0:
        raise KonfigurationFehlerhaft(f"{name}: darf nicht negativ sein")
    return wert
