"""The demo directory: counts per theme, at least one per Kreis and theme, more where more
people live, deterministic by seed, every record marked as sample data and valid."""

from __future__ import annotations

import csv
from collections import Counter

import pytest

from termine import verzeichnis_laden
from termine.domain.demo import ANZAHL_JE_THEMA, demo_verzeichnis, gemeinden_aus_gv
from termine.domain.stelle import stelle_aus_dokument
from termine.verzeichnis_laden import GV_DATEI


@pytest.fixture(scope="module")
def gemeinden():
    datei = verzeichnis_laden.daten_verzeichnis() / GV_DATEI
    with datei.open(encoding="utf-8-sig", newline="") as handle:
        return gemeinden_aus_gv(csv.DictReader(handle))


@pytest.fixture(scope="module")
def demo(gemeinden):
    return demo_verzeichnis(gemeinden, seed=1)


def test_about_5300_centres_with_the_counts_of_the_issue(demo):
    assert len(demo) == 5300
    themen = Counter(d["angebote"][0]["thema"] for d in demo)
    assert (
        themen
        == ANZAHL_JE_THEMA
        == {
            "suchtberatung": 1300,
            "schuldnerberatung": 1000,
            "wohnungslosenhilfe": 1000,
            "sozialberatung": 2000,
        }
    )


def test_every_kreis_has_every_theme_and_cities_have_more(demo, gemeinden):
    kreise = {g.kreis for g in gemeinden if g.einwohner > 0}
    for thema in ANZAHL_JE_THEMA:
        assert {d["ags"][:5] for d in demo if d["angebote"][0]["thema"] == thema} == kreise
    je_gemeinde = Counter(d["ags"] for d in demo)
    assert je_gemeinde["11000000"] > 100  # Berlin
    assert je_gemeinde["05315000"] > 20  # Köln


def test_deterministic_by_seed_and_every_record_is_marked_and_valid(demo, gemeinden):
    saarland = [g for g in gemeinden if g.land == "SL"]
    wenige = {"suchtberatung": 10, "schuldnerberatung": 8}
    einmal = demo_verzeichnis(saarland, seed=1, anzahl_je_thema=wenige)
    assert demo_verzeichnis(saarland, seed=1, anzahl_je_thema=wenige) == einmal
    assert demo_verzeichnis(saarland, seed=2, anzahl_je_thema=wenige) != einmal
    for dokument in demo[::53]:
        stelle = stelle_aus_dokument(dokument)
        assert stelle.beispieldaten and stelle.name.endswith("(Beispiel)")
        assert stelle.kontakt["email"].endswith("@example.org")
        assert 1 <= len(stelle.berater) <= 6 and all(b.sprechzeiten for b in stelle.berater)
        assert all(b.name.endswith("(Beispiel)") for b in stelle.berater)
        # Chat and video in a made-up tool on example.org (docs/adr/0121).
        assert set(stelle.fernzugang) == {"chat", "video"} & set(stelle.arten)
        assert all(
            a.startswith("https://") and ".example.org/" in a for a in stelle.fernzugang.values()
        )
        assert stelle.fernzugang.get("video", "{raum}").endswith("{raum}")
