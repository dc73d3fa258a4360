"""AntragAngelegt -> the ZustaendigkeitErmittelt payload, held to the contract; the
per-instance configuration of connected zkT."""

from __future__ import annotations

import uuid

import pytest

from contracts.registry import REGISTRY
from zustaendigkeit import konfiguration
from zustaendigkeit.domain.model import Anbindung
from zustaendigkeit.handlers import ermitteln_fuer_wohnort, ermittelt_payload, fuer_wohnort

ANTRAG_ID = str(uuid.uuid4())


def payload_fuer(verzeichnis, **wohnort) -> dict:  # noqa: ANN001
    ergebnis, bestaetigt = ermitteln_fuer_wohnort(verzeichnis, wohnort)
    payload = ermittelt_payload(ANTRAG_ID, ergebnis, bestaetigt=bestaetigt)
    schema = REGISTRY.get("ZustaendigkeitErmittelt", 1)
    assert schema.validate(payload) == {}
    return payload


def test_a_unique_place_is_decided(verzeichnis, referenzdaten):
    payload = payload_fuer(verzeichnis, plz="88400", ort="Biberach an der Riß", strasse="Weg 1")
    assert payload == {
        "antrag_id": ANTRAG_ID,
        "eindeutig": True,
        "ags": "08426021",
        "jobcenter": {
            "id": "68410",
            "name": "Biberach",
            "traeger_art": "zkT",
            "kanal": "sozialplattform",
        },
        "kandidaten": [],
        "datenstand": referenzdaten.datenstand,
    }


def test_the_town_decides_within_an_ambiguous_plz(verzeichnis):
    payload = payload_fuer(verzeichnis, plz="17337", ort="Uckerland")
    assert payload["eindeutig"] and payload["jobcenter"]["name"] == "Uckermark"


def test_an_ambiguous_place_says_so_with_all_candidates(verzeichnis):
    payload = payload_fuer(verzeichnis, plz="17337", ort="Teschendorf")  # an Ortsteil
    assert payload["eindeutig"] is False and "ags" not in payload and "jobcenter" not in payload
    assert {k["jobcenter"]["name"] for k in payload["kandidaten"]} == {
        "Vorpommern-Greifswald",
        "Mecklenburgische Seenplatte",
        "Uckermark",
    }


def test_berlin_without_bezirk_gives_the_12_candidates(verzeichnis):
    payload = payload_fuer(verzeichnis, plz="10115", ort="Berlin")
    assert payload["eindeutig"] is False and len(payload["kandidaten"]) == 12
    assert payload_fuer(verzeichnis, plz="10115", ort="Berlin-Mitte")["eindeutig"]


def test_one_jobcenter_but_an_undecided_gemeinde_is_not_a_decision(verzeichnis):
    plz = next(
        p
        for p in verzeichnis.alle_plz()
        if verzeichnis.ermitteln(p).eindeutig
        and len({k.ags for k in verzeichnis.ermitteln(p).kandidaten}) > 1
    )
    payload = payload_fuer(verzeichnis, plz=plz, ort="Ortsteil ohne Eintrag")
    assert payload["eindeutig"] is False
    assert len({k["jobcenter"]["id"] for k in payload["kandidaten"]}) == 1


def test_an_unknown_plz_falls_back_to_the_town_as_candidates_only(verzeichnis):
    payload = payload_fuer(verzeichnis, plz="00000", ort="Biberach an der Riß")
    assert payload["eindeutig"] is False
    assert [k["jobcenter"]["id"] for k in payload["kandidaten"]] == ["68410"]


def test_nothing_found_is_an_empty_candidate_list(verzeichnis):
    payload = payload_fuer(verzeichnis, plz="00000", ort="Xyzzyqwertz")
    assert payload["eindeutig"] is False and payload["kandidaten"] == []


def test_a_town_field_without_letters_is_left_aside(verzeichnis):
    assert payload_fuer(verzeichnis, plz="88400", ort="12")["eindeutig"]


def test_connected_zkt_from_the_environment_and_a_file(tmp_path):
    datei = tmp_path / "zkt.txt"
    datei.write_text("# Baden-Württemberg\n68410\n\n08426  # Kommentar\n", encoding="utf-8")
    anbindung = konfiguration.anbindung_aus_umgebung(
        {"SOZ_ANGEBUNDENE_ZKT": "05958, 06411", "SOZ_ANGEBUNDENE_ZKT_DATEI": str(datei)}
    )
    assert anbindung == Anbindung(frozenset({"05958", "06411", "68410", "08426"}))
    assert konfiguration.anbindung_aus_umgebung({}) == Anbindung()


def test_a_malformed_or_missing_configuration_stops(tmp_path):
    with pytest.raises(konfiguration.KonfigurationFehlerhaft, match="'6841'"):
        konfiguration.anbindung_aus_umgebung({"SOZ_ANGEBUNDENE_ZKT": "6841"})
    with pytest.raises(konfiguration.KonfigurationFehlerhaft, match="gibt es nicht"):
        konfiguration.anbindung_aus_umgebung({"SOZ_ANGEBUNDENE_ZKT_DATEI": str(tmp_path / "x")})


def test_only_zkt_of_the_directory_can_be_connected(referenzdaten):
    konfiguration.anbindung_pruefen(Anbindung(frozenset({"68410"})), referenzdaten)
    with pytest.raises(konfiguration.KonfigurationFehlerhaft) as raised:
        konfiguration.anbindung_pruefen(Anbindung(frozenset({"43106", "00001"})), referenzdaten)
    assert "43106 ist eine gemeinsame Einrichtung" in str(raised.value)
    assert "00001 ist kein Jobcenter" in str(raised.value)


@pytest.mark.parametrize(
    "wohnort",
    [
        {"plz": "88400", "ort": "Biberach an der Riß"},
        {"plz": "10115", "ort": "Ortsteil ohne Eintrag"},
        {"plz": "00000", "ort": "Xyzzyqwertz"},
        {"plz": "63450", "ort": "123"},
    ],
)
def test_asked_before_the_application_the_answer_is_the_event_s(verzeichnis, wohnort):
    """fuer_wohnort (docs/adr/0082) says what ZustaendigkeitErmittelt will say; each Jobcenter
    as the directory describes it (with its url and more)."""
    vorab = fuer_wohnort(verzeichnis, wohnort["plz"], wohnort["ort"])
    payload = payload_fuer(verzeichnis, **wohnort)

    def ohne_url(jobcenter: dict) -> dict:
        return {k: jobcenter[k] for k in ("id", "name", "traeger_art", "kanal") if k in jobcenter}

    assert vorab["eindeutig"] == payload["eindeutig"]
    assert ohne_url(vorab.get("jobcenter") or {}) == (payload.get("jobcenter") or {})
    assert [{**k, "jobcenter": ohne_url(k["jobcenter"])} for k in vorab["kandidaten"]] == (
        payload["kandidaten"]
    )
    for jobcenter in [vorab.get("jobcenter")] + [k["jobcenter"] for k in vorab["kandidaten"]]:
        if jobcenter and jobcenter["kanal"] == "jobcenter.digital":
            assert jobcenter["url"] == "https://jobcenter.digital"
