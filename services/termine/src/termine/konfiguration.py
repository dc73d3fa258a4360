"""Settings of the termine service (environment, with defaults)."""

from __future__ import annotations

import os
from dataclasses import dataclass


def _zahl(name: str, standard: int, unten: int = 0) -> int:
    text = os.environ.get(name, "").strip()
    if not text:
        return standard
    if not text.isdigit() or int(text) < unten:
        raise ValueError(f"{name} must be a whole number >= {unten}, got {text!r}")
    return int(text)


@dataclass(frozen=True)
class Konfiguration:
    # Days after an appointment until its concern and contact are erased.
    aufbewahrung_tage: int = 30
    # Open anonymous bookings allowed per client address and per contact.
    grenze_je_adresse: int = 3
    grenze_je_kontakt: int = 3
    # Load the demo directory when the directory is empty (the embedded default).
    demo_laden: bool = True
    demo_seed: int = 1
    # Where the person manages a booking (the gateway's page).
    gateway_url: str = "http://127.0.0.1:8000"

    @classmethod
    def aus_umgebung(cls) -> Konfiguration:
        return cls(
            aufbewahrung_tage=_zahl("SOZ_TERMINE_AUFBEWAHRUNG_TAGE", 30),
            grenze_je_adresse=_zahl("SOZ_TERMINE_GRENZE_JE_ADRESSE", 3, 1),
            grenze_je_kontakt=_zahl("SOZ_TERMINE_GRENZE_JE_KONTAKT", 3, 1),
            demo_laden=os.environ.get("SOZ_TERMINE_DEMO", "1").strip().lower()
            not in ("0", "false", "nein", "no"),
            demo_seed=_zahl("SOZ_TERMINE_DEMO_SEED", 1),
            gateway_url=os.environ.get("SOZ_GATEWAY_URL", "").strip().rstrip("/")
            or "http://127.0.0.1:8000",
        )
