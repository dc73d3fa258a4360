"""The five definitions: complete, consistent, in three languages, and served as JSON."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import orjson
import pytest

from antrag.domain.formular import (
    Abschnitt,
    Bedingung,
    DefinitionFehlerhaft,
    Feld,
    Formular,
    Text,
    alle_felder,
    pruefen,
)
from antrag.domain.praesentation import formular_als_dict
from antrag.domain.validierung import abschnitt_pruefen, antrag_pruefen
from antrag.formulare import FORMULARE, beispiele
from contracts.common import Leistung


def test_every_benefit_of_the_contract_has_one_definition():
    assert set(FORMULARE) == {leistung.value for leistung in Leistung}
    for leistung, formular in FORMULARE.items():
        assert formular.version.startswith(f"{leistung}-")


@pytest.mark.parametrize("leistung", sorted(FORMULARE))
def test_a_definition_names_the_legal_basis_of_each_section_and_asks_in_three_languages(leistung):
    formular = FORMULARE[leistung]
    pruefen(formular)  # also run at import; here to see the message when it fails
    for abschnitt in formular.abschnitte:
        assert "SGB" in abschnitt.rechtsgrundlage, abschnitt.name
    for pfad, feld in alle_felder(formular):
        for sprache in ("de", "en", "ls"):
            assert feld.label.in_sprache(sprache).strip(), (pfad, sprache)
    assert {"antragsteller", "erklaerung"} <= {a.name for a in formular.abschnitte}
    assert formular.kurzantrag  # every benefit can secure its date


# A legal reference or a paper form's name, as it would stand in a text people read first:
# "§ 44 SGB III", "section 28 (2)", "Abs. 7", "(§ 6b BKGG)", "Anlage KDU".
RECHTSVERWEIS = re.compile(r"§|\bSGB\b|\bAbs\.|\bBGB\b|\bBKGG\b|\bsections? \d|\bAnlage [A-Z]{2,}")


def _zuerst_gelesen(formular: Formular) -> Iterator[tuple[str, Text]]:
    """Every text of a definition people read before they open "Warum wir das fragen"."""
    yield "titel", formular.titel
    yield "beschreibung", formular.beschreibung
    for nummer, hinweis in enumerate(formular.hinweise):
        yield f"hinweise[{nummer}]", hinweis
    for abschnitt in formular.abschnitte:
        yield f"{abschnitt.name}.titel", abschnitt.titel
        if abschnitt.hilfe:
            yield f"{abschnitt.name}.hilfe", abschnitt.hilfe
        for nachweis in abschnitt.nachweise:
            yield f"{abschnitt.name}.{nachweis.name}", nachweis.label
    for pfad, feld in alle_felder(formular):
        yield pfad, feld.label
        if feld.hilfe:
            yield f"{pfad}.hilfe", feld.hilfe
        for option in feld.optionen:
            yield f"{pfad}.{option.wert}", option.label
    for regel in formular.regeln:
        yield f"Regel {regel.code}", regel.meldung


@pytest.mark.parametrize("leistung", sorted(FORMULARE))
def test_plain_words_first_every_section_says_why_and_the_law_waits_in_the_details(leistung):
    """Issue 11, item 9: legal references and form names belong under "Warum wir das fragen"
    (the section's warum and rechtsgrundlage), not in the titles, labels and help texts."""
    formular = FORMULARE[leistung]
    ohne_warum = [
        (abschnitt.name, sprache)
        for abschnitt in formular.abschnitte
        for sprache in ("de", "en", "ls")
        if abschnitt.warum is None or not abschnitt.warum.in_sprache(sprache).strip()
    ]
    assert ohne_warum == []
    mit_verweis = [
        (wo, sprache, text.in_sprache(sprache))
        for wo, text in _zuerst_gelesen(formular)
        for sprache in ("de", "en", "ls")
        if RECHTSVERWEIS.search(text.in_sprache(sprache))
    ]
    assert mit_verweis == []
    leichte_warum = [a.warum.ls for a in formular.abschnitte if a.warum and "§" in a.warum.ls]
    assert leichte_warum == []  # Leichte Sprache names no paragraph at all


def test_buergergeld_asks_what_the_paper_form_and_its_annexes_ask():
    formular = FORMULARE["buergergeld"]
    vordrucke = {a.vordruck for a in formular.abschnitte}
    assert {"Anlage WEP", "Anlage KDU", "Anlage EK", "Anlage VM", "Anlage SV", "Anlage MEB"} <= (
        vordrucke
    )
    pfade = {pfad for pfad, _ in alle_felder(formular)}
    # household persons repeat, each with income, assets and health insurance
    assert {
        "haushalt.personen[].geburtsdatum",
        "haushalt.personen[].einkuenfte[].brutto_monatlich",
        "haushalt.personen[].vermoegen[].wert",
        "haushalt.personen[].krankenversicherung",
        "bankverbindung.iban",
    } <= pfade


def test_mietrueckstaende_is_urgent_when_an_eviction_suit_is_pending():
    formular = FORMULARE["mietrueckstaende"]
    assert formular.dringlich_wenn == Bedingung("kuendigung.raeumungsklage", ist=True)
    pfade = {pfad for pfad, _ in alle_felder(formular)}
    assert {"vermieter.name", "rueckstand.betrag", "kuendigung.klage_zugestellt_am"} <= pfade


@pytest.mark.parametrize("sprache", ["de", "en", "ls"])
def test_the_definition_is_served_as_json_in_one_language(sprache):
    antwort = formular_als_dict(FORMULARE["buergergeld"], sprache)
    orjson.dumps(antwort)  # JSON all the way down
    haushalt = next(a for a in antwort["abschnitte"] if a["name"] == "haushalt")
    personen = next(f for f in haushalt["felder"] if f["name"] == "personen")
    assert personen["typ"] == "gruppe" and personen["wenn"] == {
        "feld": "weitere_personen",
        "ist": True,
    }
    assert {f["name"] for f in personen["felder"]} >= {"geburtsdatum", "einkuenfte"}
    deutsch = formular_als_dict(FORMULARE["buergergeld"], "de")
    if sprache != "de":
        assert antwort["titel"] != deutsch["titel"]
    assert antwort["meldungen"]["pflichtfeld"]


def test_a_broken_definition_is_refused_with_every_problem_named():
    leer = Text("", "x", "x")
    kaputt = Formular(
        leistung="test",
        version="test-1",
        titel=Text("T", "T", "T"),
        beschreibung=Text("B", "B", "B"),
        rechtsgrundlage="§ 1 SGB II",
        abschnitte=(
            Abschnitt(
                name="a",
                titel=leer,
                rechtsgrundlage="",
                felder=(
                    Feld("x", "datum", Text("X", "X", "X"), wenn=Bedingung("spaeter", ist=True)),
                    Feld("spaeter", "ja_nein", Text("S", "S", "S")),
                    Feld("w", "auswahl", Text("W", "W", "W")),
                ),
            ),
        ),
        kurzantrag=("a.gibtsnicht",),
    )
    with pytest.raises(DefinitionFehlerhaft) as fehler:
        pruefen(kaputt)
    meldung = str(fehler.value)
    for teil in ("text missing in de", "no legal basis", "earlier field", "options", "gibtsnicht"):
        assert teil in meldung
    assert dataclasses.is_dataclass(kaputt)


def test_the_sample_einstiegsgeld_application_is_complete_and_valid():
    formular = FORMULARE["einstiegsgeld"]
    gespeichert: dict = {}
    for abschnitt, antworten in beispiele.einstiegsgeld(
        {"plz": "63571", "ort": "Gelnhausen"}
    ).items():
        ergebnis = abschnitt_pruefen(formular, abschnitt, antworten, gespeichert)
        assert not ergebnis.fehler, (abschnitt, [f.code for f in ergebnis.fehler])
        gespeichert[abschnitt] = ergebnis.daten

    assert antrag_pruefen(formular, gespeichert) == []
