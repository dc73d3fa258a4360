"""Town names as people type them: case, umlauts, "St.", missing suffixes, small typos."""

from __future__ import annotations

import pytest

from zustaendigkeit.domain.model import Frage
from zustaendigkeit.domain.normalisierung import namensschluessel, schluessel
from zustaendigkeit.domain.ortssuche import OrtsSuche
from zustaendigkeit.errors import OrtUnbekannt


@pytest.mark.parametrize(
    ("getippt", "schluessel_erwartet"),
    [
        ("Frankfurt am Main", "frankfurt main"),
        ("FRANKFURT/MAIN", "frankfurt main"),
        ("frankfurt a. M.", "frankfurt m"),
        ("St. Ingbert", "sankt ingbert"),
        ("Sankt  Ingbert", "sankt ingbert"),
        ("Köln", "koeln"),
        ("Koeln", "koeln"),
        ("Weißenfels", "weissenfels"),
        ("Neustadt a.d. Weinstraße", "neustadt weinstrasse"),
        ("Halle (Saale)", "halle saale"),
        ("Montréal", "montreal"),
    ],
)
def test_keys(getippt, schluessel_erwartet):
    assert schluessel(getippt) == schluessel_erwartet


def test_a_name_has_a_second_key_without_umlaut_letters():
    assert namensschluessel("München") == ("muenchen", "munchen")
    assert namensschluessel("Ulm") == ("ulm",)


def orte_von(ergebnis) -> list[str]:  # noqa: ANN001
    return sorted({k.ort for k in ergebnis.kandidaten})


@pytest.mark.parametrize(
    ("getippt", "orte"),
    [
        ("München", ["München"]),
        ("muenchen", ["München"]),
        ("MUNCHEN", ["München"]),
        ("Koln", ["Köln"]),
        ("koeln", ["Köln"]),
        ("Dusseldorf", ["Düsseldorf"]),
        ("St. Ingbert", ["Sankt Ingbert"]),
        ("Sankt Ingbert", ["Sankt Ingbert"]),
        ("st ingbert", ["Sankt Ingbert"]),
        ("Frankfurt", ["Frankfurt (Oder)", "Frankfurt am Main"]),
        ("frankfurt am main", ["Frankfurt am Main"]),
        ("Frankfurt a. M.", ["Frankfurt am Main"]),
        ("Frankfurt/M", ["Frankfurt am Main"]),
        ("Frankfurt Oder", ["Frankfurt (Oder)"]),
        ("Halle Saale", ["Halle (Saale)"]),
        ("Halle Westfalen", ["Halle (Westf.)"]),
        ("Biberach an der Riss", ["Biberach an der Riß"]),
        ("Hanau am Main", ["Hanau"]),
        # small typos
        ("Muenchn", ["München"]),
        ("Hamburk", ["Hamburg"]),
        ("Stutgart", ["Stuttgart"]),
        ("Frankfrt", ["Frankfurt (Oder)", "Frankfurt am Main"]),
        ("Lepizig", ["Leipzig"]),  # swapped letters
    ],
)
def test_a_town_alone_is_found_as_people_type_it(verzeichnis, getippt, orte):
    assert orte_von(verzeichnis.ermitteln(ort=getippt)) == orte


def test_a_missing_suffix_gives_every_town_of_that_name_and_asks(verzeichnis):
    ergebnis = verzeichnis.ermitteln(ort="Frankfurt")
    assert not ergebnis.eindeutig
    assert ergebnis.rueckfrage.art is Frage.ORT
    assert ergebnis.rueckfrage.optionen == ("Frankfurt (Oder)", "Frankfurt am Main")
    for option in ergebnis.rueckfrage.optionen:
        assert verzeichnis.ermitteln(ort=option).eindeutig


def test_two_towns_of_the_same_name_cannot_be_told_apart_by_name_ask_the_plz(verzeichnis):
    ergebnis = verzeichnis.ermitteln(ort="Halle")
    assert {"Halle", "Halle (Saale)", "Halle (Westf.)"} == set(orte_von(ergebnis))
    assert ergebnis.rueckfrage.art is Frage.PLZ


def test_a_name_matching_very_many_towns_is_capped_and_asks_for_the_plz(verzeichnis):
    ergebnis = verzeichnis.ermitteln(ort="Sankt")
    assert len(ergebnis.kandidaten) == 20
    assert ergebnis.rueckfrage.art is Frage.PLZ


def test_whole_words_only_halle_is_not_hallenberg(verzeichnis):
    assert "Hallenberg" not in orte_von(verzeichnis.ermitteln(ort="Halle"))


@pytest.mark.parametrize("getippt", ["Xyzzyqwertz", "Qqqq", "Ab"])
def test_nonsense_is_ort_unbekannt(verzeichnis, getippt):
    with pytest.raises(OrtUnbekannt) as raised:
        verzeichnis.ermitteln(ort=getippt)
    assert raised.value.code == "ort_unbekannt"


@pytest.mark.parametrize(
    ("plz", "getippt", "ort"),
    [
        ("17337", "uckerland", "Uckerland"),
        ("17337", "Gross Luckow", "Groß Luckow"),
        ("17337", "Schoenhausen", "Schönhausen"),
        ("17337", "Schonhausen", "Schönhausen"),
        ("17337", "Uckerlnd", "Uckerland"),  # typo within the PLZ's towns
    ],
)
def test_a_town_narrows_its_plz(verzeichnis, plz, getippt, ort):
    ergebnis = verzeichnis.ermitteln(plz, ort=getippt)
    assert ergebnis.eindeutig and orte_von(ergebnis) == [ort]


def test_a_town_that_is_not_in_the_plz_leaves_the_plz_to_decide(verzeichnis):
    # An Ortsteil or a name the data does not have: the PLZ's candidates stay, nothing guessed.
    assert len(verzeichnis.ermitteln("17337", ort="Ulm").kandidaten) == 3
    assert verzeichnis.ermitteln("88400", ort="Biberach Innenstadt").eindeutig


def test_search_as_you_type(verzeichnis):
    assert [t.ort for t in verzeichnis.orte("Frankf")] == ["Frankfurt (Oder)", "Frankfurt am Main"]
    [ingbert] = verzeichnis.orte("st. ingb")
    assert ingbert.ort == "Sankt Ingbert" and ingbert.plz == ("66386",)
    assert verzeichnis.orte("Ulm")[0].ort == "Ulm"  # the exact name first
    assert len(verzeichnis.orte("Ba")) == 20
    assert verzeichnis.orte("") == [] and verzeichnis.orte("B") == []
    assert [t.ort for t in verzeichnis.orte("Muenchn")] == ["München"]  # falls back to typos


def test_ortssuche_on_its_own():
    suche = OrtsSuche(["Neustadt an der Weinstraße", "Neustadt an der Waldnaab", "Neustadt"])
    assert suche.finde("Neustadt a. d. W.").indizes == (0, 1)
    assert suche.finde("neustadt").indizes == (0, 1, 2)
    treffer = suche.finde("Neustadt Marktplatz")
    assert (treffer.indizes, treffer.rest, treffer.art) == ((2,), ("marktplatz",), "anfang")
    assert suche.finde("") is None


def test_search_as_you_type_refuses_what_is_not_text(verzeichnis):
    from zustaendigkeit.errors import UngueltigeEingabe

    for falsch, code in ((5, "suchtext_ungueltig"), ("x" * 101, "eingabe_zu_lang")):
        with pytest.raises(UngueltigeEingabe) as raised:
            verzeichnis.orte(falsch)
        assert raised.value.code == code
    assert verzeichnis.orte(None) == []
