"""Every text the rules can write has its English and Leichte Sprache version, naming no value
the German one does not give."""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path

import yaml

import finder.fragen
from finder.adapters.ergebnistexte import Ergebnistexte
from finder.regeln.texte import TEXTE
from kernel.testing import mit_bindestrich_im_wort

UEBERSETZUNGEN = Ergebnistexte.laden()


def _platzhalter(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_jeder_code_der_regeln_ist_uebersetzt() -> None:
    fehlend = sorted(code for code in TEXTE if code not in UEBERSETZUNGEN.texte)
    assert fehlend == []


def test_uebersetzungen_nennen_nur_werte_des_deutschen_textes() -> None:
    for code, deutsch in TEXTE.items():
        for sprache, text in UEBERSETZUNGEN.texte[code].items():
            assert _platzhalter(text) <= _platzhalter(deutsch), (code, sprache)


def test_betraege_und_eingesetzte_saetze_in_der_sprache() -> None:
    eintrag = {
        "code": "unsicher_kdu_grenze",
        "text": "…",
        "werte": {"deckel": TEXTE["unsicher_kdu_deckel"]},
    }
    englisch = UEBERSETZUNGEN.uebersetzen(eintrag, "en")["text"]
    assert "(since 1 July 2026 at most 1.5 times the limit)" in englisch
    betrag = {"code": "kiz_betrag", "text": "…", "werte": {"betrag": 1234.5}}
    assert (
        UEBERSETZUNGEN.uebersetzen(betrag, "en")["text"]
        == "Child supplement: about 1,234.50 € a month."
    )
    assert UEBERSETZUNGEN.uebersetzen(betrag, "de-x-ls")["text"] == (
        "Kinder·zuschlag: etwa 1.234,50 Euro im Monat."
    )
    assert UEBERSETZUNGEN.uebersetzen(betrag, "de") is betrag


def test_daten_in_der_sprache() -> None:
    eintrag = {
        "code": "hinweis_rechtsstand",
        "text": "…",
        "werte": {"regelstand": "2026-07-01", "stichtag": "2026-12-07"},
    }
    assert UEBERSETZUNGEN.uebersetzen(eintrag, "en")["text"] == (
        "Worked out with the law of 1 July 2026 (reference date 7 December 2026)."
    )
    assert UEBERSETZUNGEN.uebersetzen(eintrag, "de-x-ls")["text"] == (
        "Wir haben mit den Regeln vom 1. Juli 2026 gerechnet."
    )


def _leichte_sprache(knoten: object) -> Iterator[str]:
    if isinstance(knoten, dict):
        for schluessel, wert in knoten.items():
            if schluessel == "de-x-ls" and isinstance(wert, str):
                yield wert
            else:
                yield from _leichte_sprache(wert)
    elif isinstance(knoten, list):
        for wert in knoten:
            yield from _leichte_sprache(wert)


def test_leichte_sprache_splits_compound_words_with_the_mediopunkt() -> None:
    """Questionnaire and result texts split words as the gateway's catalogue and antrag's forms
    do (Wohn·geld, not Wohn-Geld; issue 11, small things). E-Mail-Adresse and Steuer-ID stay."""
    fragen = Path(finder.fragen.__file__).parent
    texte = [
        text
        for datei in ("fragebogen.yaml", "ergebnistexte.yaml")
        for text in _leichte_sprache(yaml.safe_load((fragen / datei).read_text(encoding="utf-8")))
    ]
    assert len(texte) > 100
    assert mit_bindestrich_im_wort(texte) == []
