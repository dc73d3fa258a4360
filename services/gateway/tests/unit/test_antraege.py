"""The application parts of the gateway without processes: the antrag service's errors in the one
table, and a form definition as page fields and back (gateway.web.formularansicht), on the real
definitions of services/antrag."""

from __future__ import annotations

import orjson
import pytest
from nameko.exceptions import RemoteError
from werkzeug.datastructures import MultiDict

from antrag import fehler as antrag_fehler
from antrag.domain.praesentation import formular_als_dict
from antrag.formulare import FORMULARE
from gateway import fehler
from gateway.web import formularansicht as ansicht


def formular(leistung: str, sprache: str = "de") -> dict:
    return orjson.loads(orjson.dumps(formular_als_dict(FORMULARE[leistung], sprache)))


def abschnitt(definition: dict, name: str) -> dict:
    return next(a for a in definition["abschnitte"] if a["name"] == name)


def test_every_error_of_the_antrag_service_has_its_name_code_and_message() -> None:
    """The wire contract held against the service's own classes (services/antrag)."""
    for klasse in antrag_fehler.ERWARTET:
        assert klasse.__name__ in fehler.REMOTE
        assert fehler.REMOTE[klasse.__name__].status == klasse.status
        if klasse is not antrag_fehler.NichtAngemeldet:
            # other services raise the same names (postkorb, finder: NichtGefunden, Konflikt)
            assert set(klasse.codes) <= set(fehler.REMOTE_CODES[klasse.__name__])
            assert set(klasse.codes) <= set(fehler.REMOTE_MELDUNGEN)


def test_the_json_value_of_an_antrag_error_gives_code_fields_and_details() -> None:
    fehlt = antrag_fehler.EingabeUngueltig(
        "antrag_unvollstaendig",
        felder=[
            {"abschnitt": "taetigkeit", "feld": "beginn", "code": "pflichtfeld", "meldung": "x"}
        ],
    )
    error = RemoteError("EingabeUngueltig", str(fehlt))

    art = fehler.einordnen(error)

    assert (art.status, art.code) == (422, "antrag_unvollstaendig")
    assert fehler.remote_inhalt(error)["felder"][0]["feld"] == "beginn"
    link = antrag_fehler.Konflikt(
        "jobcenter_nicht_angebunden", details={"link": "https://jobcenter.digital"}
    )
    assert fehler.einordnen(RemoteError("Konflikt", str(link))).code == "jobcenter_nicht_angebunden"
    assert fehler.einordnen(RemoteError("Konflikt", "{kaputt")).code == "konflikt"
    assert fehler.einordnen(RemoteError("Konflikt", '{"code": "erfunden"}')).code == "konflikt"


def test_a_question_appears_once_the_answer_it_depends_on_is_given() -> None:
    einstiegsgeld = formular("einstiegsgeld")
    taetigkeit = abschnitt(einstiegsgeld, "taetigkeit")

    def pfade(werte: dict) -> set[str]:
        return ansicht.sichtbare_pfade(ansicht.felder(einstiegsgeld, taetigkeit, werte, {}))

    assert "arbeitgeber" not in pfade({})
    assert {"arbeitgeber", "befristet"} <= pfade({"art": "beschaeftigung"})
    assert "befristet_bis" in pfade({"art": "beschaeftigung", "befristet": "ja"})
    assert "befristet_bis" not in pfade({"art": "beschaeftigung", "befristet": "nein"})
    assert "geschaeftsidee" in pfade({"art": "selbststaendig"})


def test_a_section_applies_by_an_answer_in_another_section() -> None:
    eingliederung = formular("eingliederung")
    namen = [a["name"] for a in ansicht.geltende_abschnitte(eingliederung, {})]
    assert "bankverbindung" not in namen
    mit_kosten = {"foerderung": {"art": "reisekosten"}}
    assert "bankverbindung" in [
        a["name"] for a in ansicht.geltende_abschnitte(eingliederung, mit_kosten)
    ]


def test_a_posted_page_becomes_the_section_s_answers_nested_groups_included() -> None:
    buergergeld = formular("buergergeld")
    haushalt = abschnitt(buergergeld, "haushalt")
    form = MultiDict(
        [
            ("weitere_personen", "ja"),
            ("personen.anzahl", "2"),
            ("personen.0.vorname", "Max"),
            ("personen.0.einkommen_vorhanden", "ja"),
            ("personen.0.einkuenfte.anzahl", "1"),
            ("personen.0.einkuenfte.0.art", "minijob"),
            ("personen.1.vorname", "Moritz"),
            ("aktion", "weiter"),
            ("csrf_token", "t"),
        ]
    )

    daten = ansicht.lesen(haushalt["felder"], form)

    assert daten == {
        "weitere_personen": "ja",
        "personen": [
            {"vorname": "Max", "einkommen_vorhanden": "ja", "einkuenfte": [{"art": "minijob"}]},
            {"vorname": "Moritz"},
        ],
    }
    assert ansicht.eintrag_hinzufuegen(daten, "personen.0.einkuenfte") == "personen.0.einkuenfte.1"
    assert ansicht.eintrag_entfernen(daten, "personen.0") == "personen"
    assert daten["personen"] == [{"vorname": "Moritz"}]
    assert ansicht.eintrag_entfernen(daten, "personen.7") is None
    assert ansicht.eintrag_hinzufuegen(daten, "gibt.es.nicht") is None

    felder = ansicht.felder(buergergeld, haushalt, ansicht.eingabewerte(haushalt["felder"], {}), {})
    assert [f.pfad for f in felder] == ["weitere_personen"]
    gruppe = ansicht.felder(buergergeld, haushalt, {"weitere_personen": "ja"}, {})[1]
    assert [e.pfad for e in gruppe.eintraege] == ["personen.0"]  # at least the minimum
    assert gruppe.kann_hinzufuegen and not gruppe.kann_entfernen


@pytest.mark.parametrize(
    ("typ", "gespeichert", "gezeigt"),
    [
        ("datum", "2030-03-01", "01.03.2030"),
        ("betrag", "2100.50", "2100,50"),
        ("ja_nein", True, "ja"),
        ("iban", "DE02120300000000202051", "DE02 1203 0000 0000 2020 51"),
    ],
)
def test_saved_values_are_shown_the_way_a_person_types_them(
    typ: str, gespeichert: object, gezeigt: str
) -> None:
    definition = {"name": "x", "typ": typ}
    assert ansicht.eingabewerte([definition], {"x": gespeichert}) == {"x": gezeigt}


def test_the_summary_shows_labels_and_readable_values_in_the_language() -> None:
    einstiegsgeld = formular("einstiegsgeld", "en")
    taetigkeit = abschnitt(einstiegsgeld, "taetigkeit")
    daten = {"art": "beschaeftigung", "brutto_monatlich": "2100.00", "befristet": False}

    angaben = ansicht.angaben(taetigkeit["felder"], daten, "en", {"ja": "Yes", "nein": "No"})

    assert [(a.label, a.text) for a in angaben] == [
        ("Type of work", "employment subject to social insurance"),
        ("Expected gross income per month", "€2,100.00"),
        ("Is the work fixed-term?", "No"),
    ]
