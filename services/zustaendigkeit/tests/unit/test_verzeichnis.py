"""The lookup index on the real data: coverage, the known special cases, the answer shape."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import pytest

from zustaendigkeit.domain.model import (
    JOBCENTER_DIGITAL_URL,
    Anbindung,
    Frage,
    Kanal,
    TraegerArt,
)
from zustaendigkeit.domain.verzeichnis import Verzeichnis
from zustaendigkeit.errors import JobcenterUnbekannt, PlzUnbekannt, UngueltigeEingabe

ODBL = "© OpenStreetMap contributors, ODbL 1.0"


def jobcenter_ids(ergebnis) -> set[str]:  # noqa: ANN001
    return {k.jobcenter.id for k in ergebnis.kandidaten}


def test_every_plz_of_the_data_returns_at_least_one_candidate(verzeichnis, rohdaten):
    plz_der_datei = {row["plz"] for row in rohdaten["zuordnung_plz_ort.csv"]}
    assert len(plz_der_datei) == 8170
    assert verzeichnis.alle_plz() == sorted(plz_der_datei)
    for plz in plz_der_datei:
        assert verzeichnis.ermitteln(plz).kandidaten, plz


def test_every_plz_leads_to_the_jobcenters_its_kreise_have(verzeichnis, rohdaten):
    """Computed here straight from the CSV rows, independently of the import: AGS -> Kreis ->
    Jobcenter(s), with the one Gemeinde-level exception (Hanau)."""
    kreis_jobcenter: dict[str, set[str]] = defaultdict(set)
    for row in rohdaten["kreis_to_jobcenter_2026.csv"]:
        kreis_jobcenter[row["kreis_key"]].add(row["traeger_nr"])
    erwartet: dict[str, set[str]] = defaultdict(set)
    for row in rohdaten["zuordnung_plz_ort.csv"]:
        ags = row["ags"]
        if ags[:5] == "06435":
            erwartet[row["plz"]].add("43106" if ags == "06435014" else "43102")
        else:
            erwartet[row["plz"]] |= kreis_jobcenter[ags[:5]]
    for plz, ids in erwartet.items():
        assert jobcenter_ids(verzeichnis.ermitteln(plz)) == ids, plz


def test_all_104_zkt_and_300_ge_are_reachable_by_some_plz(verzeichnis):
    erreicht = {
        kandidat.jobcenter.id
        for plz in verzeichnis.alle_plz()
        for kandidat in verzeichnis.ermitteln(plz).kandidaten
    }
    alle = verzeichnis.alle_jobcenter()
    zkt = {j.id for j in alle if j.traeger_art is TraegerArt.ZKT}
    ge = {j.id for j in alle if j.traeger_art is TraegerArt.GE}
    assert (len(zkt), len(ge)) == (104, 300)
    assert zkt <= erreicht and ge <= erreicht


def test_an_ambiguous_plz_lists_all_its_jobcenters_and_asks_for_the_town(verzeichnis):
    ergebnis = verzeichnis.ermitteln("17337")
    assert not ergebnis.eindeutig
    assert {(k.ort, k.ags, k.jobcenter.name) for k in ergebnis.kandidaten} == {
        ("Groß Luckow", "13075042", "Vorpommern-Greifswald"),
        ("Schönhausen", "13071132", "Mecklenburgische Seenplatte"),
        ("Uckerland", "12073579", "Uckermark"),
    }
    assert ergebnis.rueckfrage.art is Frage.ORT
    assert ergebnis.rueckfrage.optionen == ("Groß Luckow", "Schönhausen", "Uckerland")
    for option in ergebnis.rueckfrage.optionen:
        assert verzeichnis.ermitteln("17337", ort=option).eindeutig


def test_a_plz_spanning_several_gemeinden_of_one_jobcenter_is_decided(verzeichnis):
    plz_mit_mehreren_gemeinden = [
        plz
        for plz in verzeichnis.alle_plz()
        if len({k.ags for k in verzeichnis.ermitteln(plz).kandidaten}) > 1
    ]
    assert len(plz_mit_mehreren_gemeinden) == 1390
    entschieden = [p for p in plz_mit_mehreren_gemeinden if verzeichnis.ermitteln(p).eindeutig]
    assert entschieden  # most of them: one Kreis, one Jobcenter
    for plz in entschieden:
        assert verzeichnis.ermitteln(plz).rueckfrage is None


def test_berlin_lists_its_12_bezirk_jobcenters_and_asks_for_the_bezirk(verzeichnis):
    ergebnis = verzeichnis.ermitteln("10115")
    assert not ergebnis.eindeutig
    assert len(ergebnis.kandidaten) == 12
    assert {k.ags for k in ergebnis.kandidaten} == {"11000000"}
    assert ergebnis.rueckfrage.art is Frage.BEZIRK
    assert "Neukölln" in ergebnis.rueckfrage.optionen
    assert len(ergebnis.rueckfrage.optionen) == 12


@pytest.mark.parametrize(
    ("ort", "bezirk"),
    [
        ("Neukölln", "Neukölln"),
        ("Berlin-Neukölln", "Neukölln"),
        ("berlin neukoelln", "Neukölln"),
        ("Kreuzberg", "Friedrichshain-Kreuzberg"),
        ("Berlin Mitte", "Mitte"),
        ("Charlottenburg-Wilmersdorf", "Charlottenburg-Wilmersdorf"),
        ("Treptow Koepenick", "Treptow-Köpenick"),
    ],
)
def test_a_berlin_bezirk_typed_as_town_decides(verzeichnis, ort, bezirk):
    for ergebnis in (verzeichnis.ermitteln("12043", ort=ort), verzeichnis.ermitteln(ort=ort)):
        assert ergebnis.eindeutig
        assert [k.jobcenter.name for k in ergebnis.kandidaten] == [bezirk]


def test_berlin_without_a_bezirk_stays_open(verzeichnis):
    for ort in ("Berlin", "Berlin-Prenzlauer Berg"):  # an Ortsteil: the data cannot place it
        ergebnis = verzeichnis.ermitteln("10405", ort=ort)
        assert not ergebnis.eindeutig and len(ergebnis.kandidaten) == 12


def test_hanau_is_a_ge_inside_the_zkt_main_kinzig_kreis(verzeichnis):
    hanau = verzeichnis.ermitteln("63450")
    assert hanau.eindeutig
    [kandidat] = hanau.kandidaten
    assert (kandidat.ags, kandidat.jobcenter.id) == ("06435014", "43106")
    assert kandidat.jobcenter.kanal is Kanal.JOBCENTER_DIGITAL
    assert kandidat.jobcenter.url == JOBCENTER_DIGITAL_URL
    gelnhausen = verzeichnis.ermitteln("63571")
    assert [k.jobcenter.id for k in gelnhausen.kandidaten] == ["43102"]
    assert gelnhausen.kandidaten[0].jobcenter.traeger_art is TraegerArt.ZKT


def test_eisenach_belongs_to_the_wartburgkreis(verzeichnis, referenzdaten):
    [kandidat] = verzeichnis.ermitteln("99817").kandidaten
    assert (kandidat.ort, kandidat.ags, kandidat.jobcenter.id) == ("Eisenach", "16063105", "09810")
    assert any("16063105" in h and "16056000" in h for h in referenzdaten.hinweise)


def test_kanal_follows_the_instance_configuration(verzeichnis):
    [biberach] = verzeichnis.ermitteln("88400").kandidaten
    assert biberach.jobcenter.kanal is Kanal.SOZIALPLATTFORM and biberach.jobcenter.url is None
    [ludwigsburg] = verzeichnis.ermitteln("71634").kandidaten  # zkT, not connected here
    assert ludwigsburg.jobcenter.traeger_art is TraegerArt.ZKT
    assert ludwigsburg.jobcenter.kanal is Kanal.JOBCENTER


def test_the_answer_version_changes_with_the_data_or_the_connected_zkt(referenzdaten):
    biberach = Verzeichnis(referenzdaten, Anbindung(frozenset({"68410"})))
    nochmal = Verzeichnis(referenzdaten, Anbindung(frozenset({"68410"})))
    keiner = Verzeichnis(referenzdaten, Anbindung())
    assert biberach.antwortstand == nochmal.antwortstand
    assert biberach.antwortstand != keiner.antwortstand
    assert biberach.antwortstand.startswith(referenzdaten.datenstand + "+zkt@")
    anderer_stand = dataclasses.replace(referenzdaten, datenstand="andere-daten@0")
    assert Verzeichnis(anderer_stand, Anbindung()).antwortstand != keiner.antwortstand


def test_the_answer_has_the_shape_of_issue_3(verzeichnis):
    antwort = verzeichnis.ermitteln("17337").to_dict()
    assert set(antwort) == {"eindeutig", "kandidaten", "rueckfrage", "datenstand", "quellen"}
    assert set(antwort["kandidaten"][0]) == {"ort", "ags", "jobcenter"}
    assert set(antwort["kandidaten"][0]["jobcenter"]) == {
        "id",
        "name",
        "traeger_art",
        "kanal",
        "url",
        "kontakt",
    }
    assert set(antwort["kandidaten"][0]["jobcenter"]["kontakt"]) == {
        "bekannt",
        "anschrift",
        "telefon",
        "email",
        "website",
        "oeffnungszeiten",
        "traeger",
        "quelle",
        "stand",
    }
    assert antwort["rueckfrage"] == {
        "art": "ort",
        "optionen": ["Groß Luckow", "Schönhausen", "Uckerland"],
    }
    assert antwort["datenstand"].startswith("einglmv2026+plz-osm+gv2020q4@")
    titel = " ".join(q["titel"] for q in antwort["quellen"])
    assert ODBL in titel and "Destatis" in titel and "Eingliederungsmittel-Verordnung" in titel
    assert {q["lizenz"] for q in antwort["quellen"]} >= {"ODbL-1.0", "dl-de/by-2-0"}


@pytest.mark.parametrize(
    ("eingabe", "code"),
    [
        ({"plz": "1234"}, "plz_ungueltig"),
        ({"plz": "123456"}, "plz_ungueltig"),
        ({"plz": "12a45"}, "plz_ungueltig"),
        ({"plz": "abcde"}, "plz_ungueltig"),
        ({"plz": "１２３４５"}, "plz_ungueltig"),  # full-width digits
        ({"plz": "12 345"}, "plz_ungueltig"),
        ({"plz": "-1234"}, "plz_ungueltig"),
        ({"plz": 88400}, "plz_ungueltig"),  # a number loses leading zeros: refuse
        ({"plz": ["88400"]}, "plz_ungueltig"),
        ({"plz": ""}, "eingabe_fehlt"),
        ({"plz": "   "}, "eingabe_fehlt"),
        ({}, "eingabe_fehlt"),
        ({"plz": None, "ort": ""}, "eingabe_fehlt"),
        ({"plz": "1" * 10_000}, "eingabe_zu_lang"),
        ({"ort": "x" * 101}, "eingabe_zu_lang"),
        ({"plz": "88400", "strasse": "s" * 201}, "eingabe_zu_lang"),
        ({"ort": "12345"}, "ort_ungueltig"),
        ({"ort": "Bad\x00Homburg"}, "ort_ungueltig"),
        ({"ort": {"name": "Ulm"}}, "ort_ungueltig"),
        ({"plz": "88400", "strasse": 12}, "strasse_ungueltig"),
    ],
)
def test_bad_input_raises_ungueltige_eingabe_with_its_code(verzeichnis, eingabe, code):
    with pytest.raises(UngueltigeEingabe) as raised:
        verzeichnis.ermitteln(**eingabe)
    assert raised.value.code == code and str(raised.value) == code
    assert raised.value.meldung_de and raised.value.meldung_en


def test_the_error_never_quotes_the_input(verzeichnis):
    with pytest.raises(UngueltigeEingabe) as raised:
        verzeichnis.ermitteln(plz="Musterstraße 1")
    assert "Muster" not in repr(raised.value) and "Muster" not in raised.value.meldung_de


def test_blanks_around_a_plz_are_forgiven(verzeichnis):
    assert verzeichnis.ermitteln(" 88400 ").eindeutig


@pytest.mark.parametrize("plz", ["00000", "99999", "01000", "12346"])
def test_a_well_formed_plz_that_does_not_exist_is_plz_unbekannt(verzeichnis, plz):
    with pytest.raises(PlzUnbekannt) as raised:
        verzeichnis.ermitteln(plz)
    assert raised.value.code == "plz_unbekannt"
    assert "Ort" in raised.value.meldung_de  # the hint: search by town instead
    with pytest.raises(PlzUnbekannt):
        verzeichnis.ermitteln(plz, ort="Ulm")


def test_jobcenter_by_id(verzeichnis):
    auskunft = verzeichnis.jobcenter("43106")
    assert (auskunft.name, auskunft.traeger_art, auskunft.bundesland) == (
        "Hanau",
        TraegerArt.GE,
        "Hessen",
    )
    steckbrief = auskunft.steckbrief("stand")
    assert steckbrief["kanal"] == "jobcenter.digital" and steckbrief["datenstand"] == "stand"
    with pytest.raises(JobcenterUnbekannt):
        verzeichnis.jobcenter("00000")
    for falsch in ("4310", "abcde", "", None, 43106, "4" * 1000):
        with pytest.raises(UngueltigeEingabe):
            verzeichnis.jobcenter(falsch)


def test_every_answer_carries_the_data_version(verzeichnis, referenzdaten):
    assert verzeichnis.ermitteln("88400").datenstand == referenzdaten.datenstand
    assert verzeichnis.ermitteln(ort="Ulm").datenstand == referenzdaten.datenstand


def test_the_index_is_pure_and_needs_no_database(referenzdaten):
    from zustaendigkeit.domain.model import Anbindung

    eigenes = Verzeichnis(referenzdaten, Anbindung())
    [kandidat] = eigenes.ermitteln("88400").kandidaten
    assert kandidat.jobcenter.kanal is Kanal.JOBCENTER  # nothing connected


def test_every_option_offered_narrows_the_answer_when_sent_back(verzeichnis):
    """For every PLZ: a town option sent back decides (or leads on to the Bezirk question),
    a Bezirk option sent back decides. No question goes round in circles."""
    gefragt = 0
    for plz in verzeichnis.alle_plz():
        rueckfrage = verzeichnis.ermitteln(plz).rueckfrage
        if rueckfrage is None or rueckfrage.art is Frage.PLZ:
            continue
        gefragt += 1
        for option in rueckfrage.optionen:
            weiter = verzeichnis.ermitteln(plz, ort=option)
            assert weiter.eindeutig or weiter.rueckfrage.art is Frage.BEZIRK, (plz, option)
            if not weiter.eindeutig:
                for bezirk in weiter.rueckfrage.optionen:
                    assert verzeichnis.ermitteln(plz, ort=bezirk).eindeutig, (plz, bezirk)
    assert gefragt > 200


def test_a_town_name_that_begins_other_names_asks_for_the_plz(verzeichnis):
    ergebnis = verzeichnis.ermitteln(ort="Neustadt")  # Neustadt (Hessen) and 16 more Neustadt …
    assert not ergebnis.eindeutig and ergebnis.rueckfrage.art is Frage.PLZ


def test_same_named_towns_within_one_plz_let_the_person_pick_a_candidate(verzeichnis):
    ergebnis = verzeichnis.ermitteln("22929")  # Hamfelde in two Kreise
    assert [k.ort for k in ergebnis.kandidaten].count("Hamfelde") == 2
    assert ergebnis.rueckfrage.art is Frage.JOBCENTER and ergebnis.rueckfrage.optionen == ()
