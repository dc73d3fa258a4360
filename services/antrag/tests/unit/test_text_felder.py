"""Every text field of every benefit holds text by the platform's one definition (contracts.text,
docs/adr/0066): nothing XML cannot carry; one-line fields no line break, control or bidi
character. The fields are read from the definitions, so a new field is covered when it is added.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from antrag import handlers
from antrag.domain.formular import Feld, Formular
from antrag.domain.validierung import abschnitt_pruefen
from antrag.fehler import EingabeUngueltig
from antrag.formulare import FORMULARE

# A valid value per type holding text, split where the hostile character goes in.
GUELTIG = {
    "text": ("Müller-", "Lüdenscheidt"),
    "langtext": ("Ich brauche ", "Hilfe bei der Miete."),
    "plz": ("884", "00"),
    "telefon": ("030 123", "4567"),
    "email": ("erika.", "mustermann@example.org"),
}
EINZEILIG = {"text", "plz", "telefon", "email"}

NICHT_XML = {
    "U+0000 NUL": "\x00",
    "U+0007 BEL": "\x07",
    "U+0008 BS": "\x08",
    "U+000B VT": "\x0b",
    "U+000C FF": "\x0c",
    "U+000E SO": "\x0e",
    "U+001B ESC": "\x1b",
    "U+001F US": "\x1f",
    "U+D800 lone surrogate": "\ud800",
    "U+DFFF lone surrogate": "\udfff",
    "U+FFFE": "\ufffe",
    "U+FFFF": "\uffff",
}
NUR_MEHRZEILIG = {
    "U+0009 TAB": "\t",
    "U+000A LF": "\n",
    "U+000D CR": "\r",
    "U+0085 NEL": "\x85",
    "U+2028 LINE SEPARATOR": "\u2028",
    "U+202E RLO": "\u202e",
    "U+202A LRE": "\u202a",
    "U+2066 LRI": "\u2066",
    "U+2069 PDI": "\u2069",
    "U+200F RLM": "\u200f",
    "U+061C ALM": "\u061c",
}


def textfelder(formular: Formular) -> Iterator[tuple[str, str, Feld, list[str]]]:
    """(section, field path with entry numbers, field, group names on the way) of each field
    that holds text, also inside repeating groups."""

    def gehen(felder: tuple[Feld, ...], pfad: str, gruppen: list[str]) -> Iterator:
        for feld in felder:
            if feld.typ == "gruppe":
                yield from gehen(feld.felder, f"{pfad}{feld.name}.0.", [*gruppen, feld.name])
            elif feld.typ in GUELTIG:
                yield f"{pfad}{feld.name}", feld, gruppen

    for abschnitt in formular.abschnitte:
        for pfad, feld, gruppen in gehen(abschnitt.felder, "", []):
            yield abschnitt.name, pfad, feld, gruppen


def eingabe(gruppen: list[str], name: str, wert: str) -> dict:
    daten: dict = {name: wert}
    for gruppe in reversed(gruppen):
        daten = {gruppe: [daten]}
    return daten


ALLE_TEXTFELDER = [
    pytest.param(leistung, abschnitt, pfad, feld, gruppen, id=f"{leistung}.{abschnitt}.{pfad}")
    for leistung, formular in FORMULARE.items()
    for abschnitt, pfad, feld, gruppen in textfelder(formular)
]


def test_the_definitions_have_text_fields_of_every_kind() -> None:
    typen = {feld.typ for _, _, _, feld, _ in (p.values for p in ALLE_TEXTFELDER)}
    assert typen == set(GUELTIG)
    assert len(ALLE_TEXTFELDER) > 50


def pruefen(leistung: str, abschnitt: str, feld: Feld, gruppen: list[str], wert: str):  # noqa: ANN201
    return abschnitt_pruefen(FORMULARE[leistung], abschnitt, eingabe(gruppen, feld.name, wert), {})


@pytest.mark.parametrize(("leistung", "abschnitt", "pfad", "feld", "gruppen"), ALLE_TEXTFELDER)
def test_every_text_field_refuses_what_xml_cannot_carry(leistung, abschnitt, pfad, feld, gruppen):
    vorne, hinten = GUELTIG[feld.typ]
    for name, zeichen in NICHT_XML.items():
        ergebnis = pruefen(leistung, abschnitt, feld, gruppen, f"{vorne}{zeichen}{hinten}")
        befunde = {f.feld: f.code for f in ergebnis.fehler}
        assert pfad in befunde, name
        if feld.typ != "email":  # an address with a control character is no address either
            assert befunde[pfad] == "text_steuerzeichen", name
        assert ergebnis.daten == {}, name


@pytest.mark.parametrize(("leistung", "abschnitt", "pfad", "feld", "gruppen"), ALLE_TEXTFELDER)
def test_one_line_fields_refuse_line_breaks_controls_and_bidi_controls_multi_line_keep_them(
    leistung, abschnitt, pfad, feld, gruppen
):
    vorne, hinten = GUELTIG[feld.typ]
    for name, zeichen in NUR_MEHRZEILIG.items():
        ergebnis = pruefen(leistung, abschnitt, feld, gruppen, f"{vorne}{zeichen}{hinten}")
        befunde = {f.feld: f.code for f in ergebnis.fehler}
        if feld.typ in EINZEILIG:
            assert pfad in befunde, name
            if feld.typ == "text":
                assert befunde[pfad] == "text_einzeilig", name
        else:
            assert pfad not in befunde, name


@pytest.mark.parametrize(("leistung", "abschnitt", "pfad", "feld", "gruppen"), ALLE_TEXTFELDER)
def test_the_message_names_the_field_in_three_languages_and_never_the_value(
    leistung, abschnitt, pfad, feld, gruppen
):
    vorne, hinten = GUELTIG[feld.typ]
    ergebnis = pruefen(leistung, abschnitt, feld, gruppen, f"{vorne}\x00{hinten}")
    [fehler] = [f for f in ergebnis.fehler if f.feld == pfad]
    for sprache in ("de", "en", "ls"):
        text = fehler.als_dict(FORMULARE[leistung], sprache)["meldung"]
        assert feld.label.in_sprache(sprache) in text or feld.typ == "email"
        assert vorne.strip() not in text and hinten not in text
        assert "\x00" not in text


def test_multi_line_text_keeps_its_lines_with_lf_line_ends() -> None:
    mietrueckstaende = FORMULARE["mietrueckstaende"]
    [(abschnitt, pfad, feld, gruppen)] = [
        (a, p, f, g) for a, p, f, g in textfelder(mietrueckstaende) if f.typ == "langtext"
    ][:1]
    wert = "Erste Zeile\r\nZweite Zeile\rDritte\tmit Tab\nund \u05e9\u05dc\u05d5\u05dd \u200f."
    ergebnis = pruefen("mietrueckstaende", abschnitt, feld, gruppen, wert)
    assert not ergebnis.fehler
    gespeichert = ergebnis.daten
    for gruppe in gruppen:
        gespeichert = gespeichert[gruppe][0]
    assert gespeichert[feld.name] == wert.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.parametrize(
    "name",
    ["Šćepanović", "Αθηνά", "Ненашева", "علي", "李小龙", "𠀀𠀁", "𝔄𝔟𝔢𝔩", "Zoë 😀", "O’Brien"],
)
def test_names_in_every_script_are_accepted(name: str) -> None:
    ergebnis = abschnitt_pruefen(FORMULARE["buergergeld"], "antragsteller", {"nachname": name}, {})
    assert not ergebnis.fehler
    assert ergebnis.daten["nachname"] == name


@pytest.mark.parametrize("zeichen", [*NICHT_XML.values(), *NUR_MEHRZEILIG.values()])
def test_the_place_of_residence_is_one_line_of_text(zeichen: str) -> None:
    wohnort = {"plz": "63571", "ort": f"Geln{zeichen}hausen", "strasse": "Marktplatz 1"}
    with pytest.raises(EingabeUngueltig) as refused:
        handlers._wohnort_pruefen(wohnort, "en")
    [feldfehler] = refused.value.felder
    assert feldfehler["feld"] == "ort"
    assert feldfehler["code"] in ("text_steuerzeichen", "text_einzeilig")
    assert "“Town”" in feldfehler["meldung"] and "Geln" not in feldfehler["meldung"]


def test_a_postcode_of_other_digits_than_ascii_is_no_postcode() -> None:
    with pytest.raises(EingabeUngueltig) as refused:
        handlers._wohnort_pruefen({"plz": "٦٣٥٧١", "ort": "Gelnhausen"}, "de")
    assert [f["code"] for f in refused.value.felder] == ["plz_ungueltig"]


@pytest.mark.parametrize("zeichen", NICHT_XML.values())
def test_a_withdrawal_reason_xml_cannot_carry_is_refused(zeichen: str) -> None:
    with pytest.raises(EingabeUngueltig) as refused:
        handlers.zurueckziehen(None, "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60", f"Umzug{zeichen}")  # type: ignore[arg-type]
    assert refused.value.code == "begruendung_ungueltig"
