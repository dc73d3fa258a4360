"""The finder's settings from the environment: defaults, values, and a readable refusal."""

from __future__ import annotations

import pytest

from finder.konfiguration import Konfiguration, KonfigurationFehlerhaft


def test_standard_und_gesetzte_werte() -> None:
    assert Konfiguration.aus_umgebung({}) == Konfiguration("zustaendigkeit", 3.0, 300.0)
    gesetzt = Konfiguration.aus_umgebung(
        {
            "SOZ_FINDER_ZUSTAENDIGKEIT": " zustaendigkeit2 ",
            "SOZ_FINDER_RPC_TIMEOUT": "1.5",
            "SOZ_FINDER_ORT_CACHE_SEKUNDEN": "0",
        }
    )
    assert gesetzt == Konfiguration("zustaendigkeit2", 1.5, 0.0)


@pytest.mark.parametrize("wert", ["drei", "-1"])
def test_unlesbar_haelt_den_start_an(wert: str) -> None:
    with pytest.raises(KonfigurationFehlerhaft, match="SOZ_FINDER_RPC_TIMEOUT"):
        Konfiguration.aus_umgebung({"SOZ_FINDER_RPC_TIMEOUT": wert})
