"""Validation from the definition: per field, with stable codes, in the person's language."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from antrag.domain.validierung import (
    abschnitt_pruefen,
    antrag_pruefen,
    ist_dringlich,
    kurzantrag_pruefen,
)
from antrag.formulare import FORMULARE
from kernel import zeit

BUERGERGELD = FORMULARE["buergergeld"]
ANTRAGSTELLER = {"vorname": "Erika", "nachname": "Mustermann", "geburtsdatum": "1980-04-12"}


def codes(ergebnis) -> dict[str, str]:  # noqa: ANN001
    return {f.feld: f.code for f in ergebnis.fehler}


def test_a_draft_section_may_be_incomplete_and_says_what_is_missing():
    ergebnis = abschnitt_pruefen(BUERGERGELD, "antragsteller", ANTRAGSTELLER, {})
    assert not ergebnis.fehler
    assert ergebnis.daten == ANTRAGSTELLER
    fehlend = {f.feld for f in ergebnis.fehlend}
    assert {"geburtsort", "plz", "erwerbsfaehig"} <= fehlend
    assert "telefon" not in fehlend  # optional
    assert "aufenthaltstitel" not in fehlend  # applies only to other nationalities


def test_required_if_applies_and_answers_that_do_not_apply_are_dropped():
    andere = abschnitt_pruefen(
        BUERGERGELD, "antragsteller", {**ANTRAGSTELLER, "staatsangehoerigkeit": "andere"}, {}
    )
    assert "aufenthaltstitel" in {f.feld for f in andere.fehlend}
    deutsch = abschnitt_pruefen(
        BUERGERGELD,
        "antragsteller",
        {**ANTRAGSTELLER, "staatsangehoerigkeit": "deutsch", "aufenthaltstitel": "alt"},
        {},
    )
    assert "aufenthaltstitel" not in deutsch.daten  # data minimisation


@pytest.mark.parametrize(
    ("feld", "wert", "code"),
    [
        ("geburtsdatum", "31.02.1980", "datum_ungueltig"),
        ("geburtsdatum", "gestern", "datum_ungueltig"),
        ("geburtsdatum", (date.today() + timedelta(days=2)).isoformat(), "datum_in_zukunft"),
        ("geburtsdatum", "1850-01-01", "datum_unplausibel"),
        ("plz", "1234", "plz_ungueltig"),
        ("email", "keine-adresse", "email_ungueltig"),
        ("familienstand", "kompliziert", "auswahl_ungueltig"),
        ("erwerbsfaehig", "vielleicht", "ja_nein_ungueltig"),
        ("vorname", "x" * 101, "text_zu_lang"),
        ("iban", "DE02120300000000202051", "unbekanntes_feld"),
    ],
)
def test_a_wrong_value_gets_a_stable_code_at_its_field(feld, wert, code):
    ergebnis = abschnitt_pruefen(BUERGERGELD, "antragsteller", {**ANTRAGSTELLER, feld: wert}, {})
    assert codes(ergebnis) == {feld: code}
    assert ergebnis.daten == {}  # nothing of a refused section is kept


@pytest.mark.parametrize(
    ("iban", "code"),
    [
        ("DE02 1203 0000 0000 2020 51", None),
        ("de02120300000000202051", None),
        ("DE02120300000000202052", "iban_pruefziffer"),
        ("DE0212030000000020205", "iban_laenge"),
        ("XX02120300000000202051", "iban_land"),
        ("DE02-1203", "iban_ungueltig"),
    ],
)
def test_iban_checksum_length_and_country(iban, code):
    ergebnis = abschnitt_pruefen(
        BUERGERGELD, "bankverbindung", {"kontoinhaber": "Erika M", "iban": iban}, {}
    )
    if code is None:
        assert not ergebnis.fehler and ergebnis.daten["iban"] == "DE02120300000000202051"
    else:
        assert codes(ergebnis) == {"iban": code}


def test_amounts_accept_german_and_english_notation_and_are_stored_with_two_decimals():
    eintrag = {"art": "minijob", "arbeitgeber": "A", "netto_monatlich": "520"}
    for brutto, gespeichert in (("1.234,5", "1234.50"), ("1234.50", "1234.50"), (800, "800.00")):
        daten = {
            "einkommen_vorhanden": "ja",
            "einkuenfte": [{**eintrag, "brutto_monatlich": brutto}],
        }
        ergebnis = abschnitt_pruefen(BUERGERGELD, "einkommen", daten, {})
        assert not ergebnis.fehler, brutto
        assert ergebnis.daten["einkuenfte"][0]["brutto_monatlich"] == gespeichert
    for falsch, code in (("12,345", "betrag_ungueltig"), ("-5", "betrag_zu_klein")):
        daten = {
            "einkommen_vorhanden": True,
            "einkuenfte": [{**eintrag, "brutto_monatlich": falsch}],
        }
        ergebnis = abschnitt_pruefen(BUERGERGELD, "einkommen", daten, {})
        assert codes(ergebnis) == {"einkuenfte.0.brutto_monatlich": code}


def test_a_child_older_than_its_parent_is_an_error_at_the_child():
    haushalt = {
        "weitere_personen": True,
        "personen": [
            {
                "vorname": "Partner",
                "nachname": "M",
                "geburtsdatum": "1975-01-01",
                "verhaeltnis": "partner",
            },
            {
                "vorname": "Kind",
                "nachname": "M",
                "geburtsdatum": "1979-01-01",
                "verhaeltnis": "kind",
            },
        ],
    }
    ergebnis = abschnitt_pruefen(
        BUERGERGELD, "haushalt", haushalt, {"antragsteller": ANTRAGSTELLER}
    )
    assert [(f.feld, f.code) for f in ergebnis.fehler] == [
        ("personen.1.geburtsdatum", "kind_aelter_als_elternteil")
    ]
    [fehler] = ergebnis.fehler
    assert fehler.als_dict(BUERGERGELD, "en")["meldung"].startswith("A child cannot be born")
    assert "Das kann nicht sein" in fehler.als_dict(BUERGERGELD, "ls")["meldung"]
    # the partner (not a child) may be older; the rule looks at children only
    haushalt["personen"][1]["geburtsdatum"] = "2010-05-05"
    assert not abschnitt_pruefen(
        BUERGERGELD, "haushalt", haushalt, {"antragsteller": ANTRAGSTELLER}
    ).fehler


def test_net_above_gross_is_caught_inside_a_nested_group():
    person = {
        "vorname": "P",
        "nachname": "M",
        "geburtsdatum": "1975-01-01",
        "verhaeltnis": "partner",
        "einkommen_vorhanden": True,
        "einkuenfte": [{"art": "rente", "brutto_monatlich": "900", "netto_monatlich": "950"}],
    }
    ergebnis = abschnitt_pruefen(
        BUERGERGELD, "haushalt", {"weitere_personen": True, "personen": [person]}, {}
    )
    assert codes(ergebnis) == {"personen.0.einkuenfte.0.netto_monatlich": "netto_groesser_brutto"}


def test_messages_come_in_the_persons_language_and_quote_no_value():
    ergebnis = abschnitt_pruefen(BUERGERGELD, "antragsteller", {"plz": "ABCDE"}, {})
    [fehler] = ergebnis.fehler
    texte = {s: fehler.als_dict(BUERGERGELD, s)["meldung"] for s in ("de", "en", "ls")}
    assert texte == {
        "de": "Eine Postleitzahl hat genau fünf Ziffern.",
        "en": "A postcode has exactly five digits.",
        "ls": "Die Post·leit·zahl hat 5 Zahlen.",
    }
    lang = abschnitt_pruefen(BUERGERGELD, "antragsteller", {"vorname": "x" * 120}, {})
    assert "100" in lang.fehler[0].als_dict(BUERGERGELD, "de")["meldung"]


def test_submission_lists_everything_missing_and_confirmations_not_given():
    befunde = antrag_pruefen(BUERGERGELD, {"antragsteller": ANTRAGSTELLER})
    fehlende_abschnitte = {f.abschnitt for f in befunde if f.code == "abschnitt_fehlt"}
    assert fehlende_abschnitte == {
        "haushalt",
        "wohnung",
        "einkommen",
        "vermoegen",
        "krankenversicherung",
        "mehrbedarf",
        "bankverbindung",
        "erklaerung",
    }
    erklaerung = {
        "angaben_richtig": False,
        "aenderungen_mitteilen": True,
        "datenschutz_gelesen": True,
    }
    befunde = antrag_pruefen(BUERGERGELD, {"erklaerung": erklaerung})
    assert ("angaben_richtig", "bestaetigung_fehlt") in {(f.feld, f.code) for f in befunde}
    # an unticked box posts nothing: still a confirmation to give, not a field to fill in
    erklaerung = {"angaben_richtig": True}
    befunde = antrag_pruefen(BUERGERGELD, {"erklaerung": erklaerung})
    codes = {(f.feld, f.code) for f in befunde if f.abschnitt == "erklaerung"}
    assert codes == {
        ("aenderungen_mitteilen", "bestaetigung_fehlt"),
        ("datenschutz_gelesen", "bestaetigung_fehlt"),
    }


def test_a_section_whose_condition_fails_is_not_required():
    eingliederung = FORMULARE["eingliederung"]
    massnahme = {"foerderung": {"art": "massnahme"}}
    assert "bankverbindung" not in {f.abschnitt for f in antrag_pruefen(eingliederung, massnahme)}
    erstattung = {"foerderung": {"art": "reisekosten"}}
    assert "bankverbindung" in {f.abschnitt for f in antrag_pruefen(eingliederung, erstattung)}


def test_short_filing_needs_who_and_urgency_follows_the_eviction_suit():
    formular = FORMULARE["mietrueckstaende"]
    assert [f.feld for f in kurzantrag_pruefen(formular, {})] == [
        "vorname",
        "nachname",
        "geburtsdatum",
    ]
    assert kurzantrag_pruefen(formular, {"antragsteller": ANTRAGSTELLER}) == []
    assert not ist_dringlich(formular, {"kuendigung": {"raeumungsklage": False}})
    assert ist_dringlich(formular, {"kuendigung": {"raeumungsklage": True}})


def test_but_children_must_be_under_25():
    formular = FORMULARE["bildung_teilhabe"]
    kind = {"vorname": "K", "nachname": "M", "geburtsdatum": "1990-01-01"}
    ergebnis = abschnitt_pruefen(formular, "kinder", {"kinder": [kind]}, {})
    assert codes(ergebnis) == {"kinder.0.geburtsdatum": "alter_zu_hoch"}
    assert "25" in ergebnis.fehler[0].als_dict(formular, "de")["meldung"]


@pytest.mark.parametrize(
    ("sprache", "wert", "text"),
    [
        ("de", "0", "mindestens 0,01 Euro"),
        ("de", "100000,01", "höchstens 100.000,00 Euro"),
        ("en", "100000.01", "at most 100,000.00 euros"),
        ("ls", "0", "mindestens 0,01 Euro"),
    ],
)
def test_amount_limits_are_written_as_the_reader_writes_numbers(sprache, wert, text):
    mietrueckstaende = FORMULARE["mietrueckstaende"]
    ergebnis = abschnitt_pruefen(mietrueckstaende, "rueckstand", {"betrag": wert}, {})

    [fehler] = [f for f in ergebnis.fehler if f.feld == "betrag"]
    assert text in fehler.als_dict(mietrueckstaende, sprache)["meldung"]


class _NachtInBerlin(datetime):
    """23:30 UTC on 7 December 2026: already the 8th in Germany."""

    @classmethod
    def now(cls, tz=None):  # noqa: ANN001, ANN206
        return datetime(2026, 12, 7, 23, 30, tzinfo=UTC).astimezone(tz)


def test_today_is_the_day_in_germany_not_the_containers_utc_day(monkeypatch):
    monkeypatch.setattr(zeit, "datetime", _NachtInBerlin)
    assert zeit.heute() == date(2026, 12, 8)
    # a child born tonight, entered at 00:30 German time, is not "in the future"
    heute_geboren = {**ANTRAGSTELLER, "geburtsdatum": "2026-12-08"}
    assert codes(abschnitt_pruefen(BUERGERGELD, "antragsteller", heute_geboren, {})) == {}
    morgen = {**ANTRAGSTELLER, "geburtsdatum": "2026-12-09"}
    assert codes(abschnitt_pruefen(BUERGERGELD, "antragsteller", morgen, {})) == {
        "geburtsdatum": "datum_in_zukunft"
    }
