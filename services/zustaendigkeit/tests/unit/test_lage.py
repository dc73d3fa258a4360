"""lage(plz, ort): the Gemeinde(n) with coordinates and Land from the Destatis GV."""

from __future__ import annotations

import pytest

from zustaendigkeit.adapters import quelldateien
from zustaendigkeit.domain.lage import lagen_aus_gv
from zustaendigkeit.domain.model import Anbindung
from zustaendigkeit.domain.verzeichnis import Verzeichnis
from zustaendigkeit.errors import OrtUnbekannt, PlzUnbekannt


@pytest.fixture(scope="module")
def mit_lagen(referenzdaten, datenverzeichnis) -> Verzeichnis:
    return Verzeichnis(
        referenzdaten, Anbindung(), lagen=quelldateien.gemeindelagen(datenverzeichnis)
    )


def test_destatis_numbers_with_decimal_commas_and_blanks_are_read():
    zeile = {
        "satzart": "60",
        "land": "01",
        "rb": "0",
        "kreis": "01",
        "gemeinde": "000",
        "gemeindename": "Flensburg, Stadt",
        "bevoelkerung": " 90 164",
        "postleitzahl": "24937",
        "laengengrad": "9,43751",
        "breitengrad": "54,78252",
    }
    [lage] = lagen_aus_gv([zeile, {**zeile, "satzart": "40"}]).values()
    assert (lage.ags, lage.land, lage.einwohner, lage.plz) == ("01001000", "SH", 90164, "24937")
    assert (lage.breite, lage.laenge) == (54.78252, 9.43751)


def test_koeln_by_plz_lies_in_nrw_on_the_rhine(mit_lagen):
    antwort = mit_lagen.lage(plz="50667")
    assert antwort["eindeutig"] is True
    [koeln] = antwort["orte"]
    assert koeln["ags"] == "05315000" and koeln["land"] == "NW"
    assert 50.9 < koeln["breite"] < 51.0 and 6.9 < koeln["laenge"] < 7.0
    assert koeln["einwohner"] > 1_000_000 and "50667" in koeln["plz"]


def test_a_town_name_of_several_gemeinden_lists_them_all(mit_lagen):
    antwort = mit_lagen.lage(ort="Frankfurt")
    assert antwort["eindeutig"] is False
    assert {o["land"] for o in antwort["orte"]} >= {"HE", "BB"}


def test_unknown_places_raise_as_ermitteln_does(mit_lagen):
    with pytest.raises(PlzUnbekannt):
        mit_lagen.lage(plz="00000")
    with pytest.raises(OrtUnbekannt):
        mit_lagen.lage(ort="Xqzwyvbrk")


def test_without_the_gv_file_every_place_is_unknown(referenzdaten):
    with pytest.raises(OrtUnbekannt):
        Verzeichnis(referenzdaten, Anbindung()).lage(plz="50667")
