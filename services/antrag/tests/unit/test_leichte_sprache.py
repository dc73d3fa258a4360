"""Leichte Sprache in the definitions and messages reads the same way as the gateway's
catalogue (issue 11, small things): compound words split with the Mediopunkt (Post·leit·zahl),
never with a hyphen between two parts of one word; "Konto" alone is the person's account on the
platform, a bank account is a "Bank·konto"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from antrag.domain.formular import Abschnitt, Feld, Formular, Text
from antrag.domain.meldungen import FELDMELDUNGEN, NAECHSTER_SCHRITT
from antrag.formulare import FORMULARE
from kernel.testing import mit_bindestrich_im_wort


def _texte_feld(feld: Feld) -> Iterator[Text]:
    yield feld.label
    if feld.hilfe:
        yield feld.hilfe
    for option in feld.optionen:
        yield option.label
    for unterfeld in feld.felder:
        yield from _texte_feld(unterfeld)


def _texte_abschnitt(abschnitt: Abschnitt) -> Iterator[Text]:
    yield abschnitt.titel
    for text in (abschnitt.hilfe, abschnitt.warum):
        if text:
            yield text
    for feld in abschnitt.felder:
        yield from _texte_feld(feld)
    for nachweis in abschnitt.nachweise:
        yield nachweis.label


def _texte(formular: Formular) -> Iterator[Text]:
    yield formular.titel
    yield formular.beschreibung
    for abschnitt in formular.abschnitte:
        yield from _texte_abschnitt(abschnitt)
    for regel in formular.regeln:
        yield regel.meldung


def _leichte_sprache() -> list[str]:
    texte = [t for formular in FORMULARE.values() for t in _texte(formular)]
    texte += [*FELDMELDUNGEN.values(), *NAECHSTER_SCHRITT.values()]
    return [text.ls for text in texte]


def test_compound_words_are_split_with_the_mediopunkt_not_a_hyphen():
    assert mit_bindestrich_im_wort(_leichte_sprache()) == []


def test_a_bank_account_is_never_just_a_konto():
    bank = FORMULARE["buergergeld"].abschnitt("bankverbindung")
    assert bank is not None
    texte = [text.ls for text in _texte_abschnitt(bank)]
    assert [t for t in texte if re.search(r"(?<!·)\bKonto\b", t)] == []
    assert bank.titel.ls == "Ihr Bank·konto"
