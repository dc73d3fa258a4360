"""finder.handlers with stand-ins for the rules and the store: what the RPCs refuse and how
(codes, fields, the Gemeinden to choose), what the result carries (texts in the language,
links filled with the place) and what the anonymous event says."""

from __future__ import annotations

from datetime import date
from typing import Any

import orjson
import pytest
from marshmallow import Schema, fields, validate
from nameko.exceptions import RemoteError

from finder import fragen, handlers
from finder.adapters.ergebnistexte import Ergebnistexte
from finder.adapters.zustaendigkeit import Gemeindesuche
from finder.fehler import EingabeUngueltig

ZWEI = [{"ags": "06435014", "name": "Gelnhausen"}, {"ags": "06435016", "name": "Linsengericht"}]


class Wohnort(Schema):
    plz = fields.String(required=True, validate=validate.Regexp(r"^\d{5}$", error="PLZ!"))
    ort = fields.String(load_default=None)
    ags = fields.String(load_default=None)


class Person(Schema):
    rolle = fields.String(required=True)
    alter = fields.Integer(required=True, error_messages={"required": "Pflichtangabe."})
    erwerbsfaehig = fields.Boolean()


class Haushalt(Schema):
    stichtag = fields.Date()
    wohnort = fields.Nested(Wohnort, required=True)
    personen = fields.List(fields.Nested(Person), required=True)
    alleinerziehend = fields.Boolean()
    wohnkosten = fields.Dict()


class KeinParameter(LookupError):
    pass


class Regeln:
    schema = Haushalt()
    parameter = None
    mietenstufen = None

    def __init__(self) -> None:
        self.aufrufe: list[tuple[date, str | None]] = []

    def auswerten(self, haushalt: dict[str, Any], *, stichtag: date, ags: str | None) -> dict:
        if stichtag.year >= 2028:
            raise KeinParameter("Werte für 2028 sind noch nicht veröffentlicht")
        self.aufrufe.append((stichtag, ags))
        return {
            "stichtag": stichtag,
            "parameterstand": "2026-12-01",
            "ergebnisse": [
                {
                    "leistung": "grundsicherung_arbeitsuchende",
                    "name": "Bürgergeld",
                    "einschaetzung": "wahrscheinlich",
                    "gruende": [
                        {"code": "probe", "text": "Betrag 1.234,50 €.", "werte": {"betrag": 1234.5}}
                    ],
                    "naechster_schritt": {"art": "antrag_hier", "text": "Hier beantragen."},
                },
                {
                    "leistung": "wohngeld",
                    "name": "Wohngeld",
                    "einschaetzung": "unwahrscheinlich",
                    "gruende": [{"code": "ohne_uebersetzung", "text": "Nur Deutsch.", "werte": {}}],
                    "naechster_schritt": {"art": "stelle", "text": "Wohngeldbehörde."},
                },
            ],
            "hinweise": [],
        }

    def kein_parameter(self, fehler: Exception) -> bool:
        return isinstance(fehler, KeinParameter)

    def regelstand(self, stichtag: date) -> date:
        return date(2026, 7, 1)


class Speicher:
    """What the handlers report for FinderAusgewertet, recorded."""

    def __init__(self) -> None:
        self.gemeldet: list[dict[str, Any]] = []

    def melden(self, payload: dict[str, Any]) -> None:
        self.gemeldet.append(payload)


TEXTE = Ergebnistexte(
    {
        **Ergebnistexte.laden().texte,
        "probe": {"en": "Amount {betrag} €.", "de-x-ls": "Geld: {betrag} €."},
    }
)


@pytest.fixture
def finder() -> handlers.Finder:
    return handlers.Finder(Regeln(), fragen.laden(), TEXTE, heute=lambda: date(2026, 12, 7))


def suche(plz: str, ort: str | None) -> list[dict[str, str]]:
    if plz == "99999":
        raise fragen.PlzUnbekannt()
    if plz == "63571":
        return ZWEI
    return [{"ags": "11000000", "name": "Berlin"}]


def haushalt(**wohnort: str) -> dict[str, Any]:
    return {
        "wohnort": {"plz": "10115", **wohnort},
        "personen": [{"rolle": "antragsteller", "alter": 30}],
    }


def fehler_von(aufruf: Any) -> dict[str, Any]:
    with pytest.raises(EingabeUngueltig) as info:
        aufruf()
    return orjson.loads(str(info.value))


def test_auswertung_in_der_sprache_mit_links_und_anonymem_ereignis(finder: handlers.Finder) -> None:
    speicher = Speicher()
    ergebnis = handlers.auswerten(finder, speicher, haushalt(), "en", suche)
    assert ergebnis["stichtag"] == "2026-12-07"
    assert ergebnis["wohnort"] == {"plz": "10115", "ags": "11000000", "gemeinde": "Berlin"}
    grundsicherung, wohngeld = ergebnis["ergebnisse"]
    assert grundsicherung["gruende"][0]["text"] == "Amount 1,234.50 €."
    assert grundsicherung["name"] == "Citizen's income (Bürgergeld)"
    assert grundsicherung["naechster_schritt"]["url"] == (
        "/antraege/neu?leistung=buergergeld&plz=10115&ort=Berlin"
    )
    assert grundsicherung["naechster_schritt"]["zustaendigkeit_url"] == (
        "/zustaendigkeit?plz=10115&ort=Berlin"
    )
    # a text without translation stays German and says so
    assert wohngeld["gruende"][0] == {
        **wohngeld["gruende"][0],
        "text": "Nur Deutsch.",
        "sprache": "de",
    }
    assert "url" not in wohngeld["naechster_schritt"]  # a body elsewhere, and unlikely anyway
    assert speicher.gemeldet == [
        {
            "sprache": "en",
            "leistungen_moeglich": ["grundsicherung_arbeitsuchende"],
            "regelstand": "2026-07-01",
            "land": "11",
            "parameterstand": "2026-12-01",
        }
    ]


def test_falsche_felder_mit_pfad_und_code_ohne_den_wert(finder: handlers.Finder) -> None:
    anfrage = {"wohnort": {"plz": "1234x"}, "personen": [{"rolle": "kind"}], "geheim": "x"}
    inhalt = fehler_von(lambda: handlers.auswerten(finder, Speicher(), anfrage, "en", suche))
    assert inhalt["code"] == "haushalt_ungueltig"
    assert {(f["feld"], f["code"]) for f in inhalt["felder"]} == {
        ("wohnort.plz", "wert_ungueltig"),
        ("personen.0.alter", "pflichtfeld"),
        ("geheim", "unbekanntes_feld"),
    }
    assert "1234x" not in str(inhalt)
    deutsch = fehler_von(
        lambda: handlers.auswerten(finder, Speicher(), {**anfrage, "geheim": None}, "de", suche)
    )
    meldungen = {f["feld"]: f["meldung"] for f in deutsch["felder"]}
    assert meldungen["wohnort.plz"] == "PLZ!"  # the rules' own German message
    assert meldungen["personen.0.alter"] == "Diese Angabe fehlt."
    liste = fehler_von(
        lambda: handlers.auswerten(
            finder, Speicher(), {**haushalt(), "wohnort": {"plz": ["10115"]}}, "de", suche
        )
    )
    assert liste["felder"][0]["meldung"] == "Dieser Wert ist nicht gültig."  # not marshmallow's


def test_mehrere_gemeinden_422_mit_der_auswahl_dann_mit_ags(finder: handlers.Finder) -> None:
    inhalt = fehler_von(
        lambda: handlers.auswerten(finder, Speicher(), haushalt(plz="63571"), "de", suche)
    )
    assert inhalt == {"code": "gemeinde_waehlen", "details": {"gemeinden": ZWEI}}
    ergebnis = handlers.auswerten(
        finder, Speicher(), haushalt(plz="63571", ags="06435016"), "de", suche
    )
    assert ergebnis["wohnort"]["gemeinde"] == "Linsengericht"
    assert finder.regeln.aufrufe[-1][1] == "06435016"
    fremd = fehler_von(
        lambda: handlers.auswerten(finder, Speicher(), haushalt(ags="06435016"), "de", suche)
    )
    assert fremd["felder"][0]["feld"] == "wohnort.ags"


def test_unbekannte_postleitzahl_ist_ein_feldfehler(finder: handlers.Finder) -> None:
    inhalt = fehler_von(
        lambda: handlers.auswerten(finder, Speicher(), haushalt(plz="99999"), "de-x-ls", suche)
    )
    assert inhalt["felder"] == [
        {
            "feld": "wohnort.plz",
            "code": "plz_unbekannt",
            "meldung": "Diese Post·leit·zahl kennen wir nicht.",
        }
    ]


def test_ein_tag_ohne_werte_wird_ehrlich_abgelehnt(finder: handlers.Finder) -> None:
    speicher = Speicher()
    anfrage = {**haushalt(), "stichtag": "2028-01-01"}
    inhalt = fehler_von(lambda: handlers.auswerten(finder, speicher, anfrage, "de", suche))
    assert inhalt["code"] == "keine_werte_fuer_stichtag"
    assert inhalt["details"]["stichtag"] == "2028-01-01"
    assert speicher.gemeldet == []


def test_unbekannte_sprache(finder: handlers.Finder) -> None:
    assert fehler_von(lambda: handlers.fragen(finder, "fr"))["code"] == "sprache_unbekannt"


def test_der_fragebogen_endet_in_der_auswertung(finder: handlers.Finder) -> None:
    antworten = {
        "plz": "10115",
        "gemeinde": "11000000",
        "alter": "30",
        "partner": "nein",
        "kinder_anzahl": "0",
        "erwerbsfaehig": "ja",
        "ausbildung": "keine",
        "warmmiete": "500",
    }
    antwort = handlers.fragebogen(finder, Speicher(), antworten, "vermoegen", "weiter", "de", suche)
    assert "ergebnis" in antwort
    assert antwort["antworten"]["alter"] == "30"
    erster = handlers.fragebogen(finder, Speicher(), {}, None, None, "de", suche)
    assert erster["schritt"]["id"] == "wohnort" and erster["schritt"]["nummer"] == 1


def test_gemeindesuche_fasst_orte_zusammen_merkt_sich_und_faellt_zurueck() -> None:
    aufrufe = []

    def rufen(methode: str, *, plz: str, ort: str | None) -> dict:
        aufrufe.append((plz, ort))
        if plz == "99999":
            raise RemoteError("PlzUnbekannt", "plz_unbekannt")
        if ort == "Nirgendwo":
            raise RemoteError("OrtUnbekannt", "ort_unbekannt")
        return {
            "kandidaten": [
                {"ort": "Gelnhausen", "ags": "06435014"},
                {"ort": "Meerholz", "ags": "06435014"},
                {"ort": "Linsengericht", "ags": "06435016"},
            ]
        }

    suche = Gemeindesuche(300).mit(rufen)
    assert suche("63571", None) == [
        {"ags": "06435014", "name": "Gelnhausen, Meerholz"},
        {"ags": "06435016", "name": "Linsengericht"},
    ]
    assert suche("63571", None) == suche("63571", "Nirgendwo")
    assert aufrufe == [("63571", None), ("63571", "Nirgendwo"), ("63571", None)]
    with pytest.raises(fragen.PlzUnbekannt):
        suche("99999", None)


def test_der_antrag_hier_ist_der_der_leistung() -> None:
    assert handlers.naechster_schritt_url(
        "antrag_hier", "einstiegsgeld", "63571", "Gelnhausen"
    ) == ("/antraege/neu?leistung=einstiegsgeld&plz=63571&ort=Gelnhausen")
    assert handlers.naechster_schritt_url("zustaendigkeit", "wohngeld", "10115", "Berlin") == (
        "/zustaendigkeit?plz=10115&ort=Berlin"
    )
    assert handlers.naechster_schritt_url("antrag_hier", "wohngeld", "10115", "Berlin") is None
