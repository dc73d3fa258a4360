"""The service's own settings (environment), beside the kernel's (kernel.config.Settings)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kernel.config import Settings


def _zahl(name: str, standard: int) -> int:
    wert = os.environ.get(name, "").strip()
    return int(wert) if wert else standard


@dataclass(frozen=True)
class Konfiguration:
    # Unused drafts are deleted this many days after the person last changed them.
    aufbewahrung_tage: int
    # The sweep that deletes them runs this often (seconds).
    bereinigung_sekunden: int
    # Largest file a person may upload, in bytes, and most files (photos) per attachment.
    anlage_max_bytes: int
    anlage_max_dateien: int
    anlagen_verzeichnis: Path
    # The broker users that may read a submitted application's files on no person's behalf
    # (the xta-gateway delivering it; docs/adr/0074). guest is the user of the default AMQP
    # URI, where nothing can be told apart; `make run` and production name the xta-gateway's.
    anlagen_leser: frozenset[str] = frozenset({"guest"})

    @classmethod
    def aus_umgebung(cls, settings: Settings) -> Konfiguration:
        return cls(
            aufbewahrung_tage=_zahl("SOZ_ANTRAG_AUFBEWAHRUNG_TAGE", 90),
            bereinigung_sekunden=_zahl("SOZ_ANTRAG_BEREINIGUNG_SEKUNDEN", 3600),
            anlage_max_bytes=_zahl("SOZ_ANTRAG_ANLAGE_MAX_BYTES", 10 * 1024 * 1024),
            anlage_max_dateien=_zahl("SOZ_ANTRAG_ANLAGE_MAX_DATEIEN", 20),
            anlagen_verzeichnis=Path(
                os.environ.get("SOZ_ANTRAG_ANLAGEN_DIR", "").strip()
                or settings.data_dir / "antrag-anlagen"
            ),
            anlagen_leser=frozenset(
                name.strip()
                for name in os.environ.get("SOZ_ANTRAG_ANLAGEN_LESER", "guest").split(",")
                if name.strip()
            ),
        )
