"""The XÖV renderer: golden files per benefit (from the contract's AntragEingereicht example)
and a Kurzantrag, each valid against contracts/xoev's XSD; the field types the XSD cannot tie
to their values; refusals without values. ``SOZ_GOLDEN_NEU=1`` rewrites the golden files."""

from __future__ import annotations

import copy
import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from contracts.events.antrag import AntragEingereicht
from xta_gateway.adapters import pdf
from xta_gateway.xoev import renderer

GOLDEN = Path(__file__).parent / "golden"
NS = {"soz": renderer.NS}
ZEIT = datetime(2026, 1, 15, 9, 30, 5, tzinfo=UTC)
KOPF = renderer.Kopf(
    "6f8e2c1a-93b4-4d2e-8f7a-1b2c3d4e5f60",
    ZEIT,
    renderer.Beteiligter("sozialplattform:bw"),
    renderer.Beteiligter("jobcenter:68410", "Jobcenter Landkreis Biberach"),
)


def beispiel(leistung: str = "buergergeld", **abschnitte: object) -> dict:
    payload = copy.deepcopy(AntragEingereicht.example)
    payload["leistung"] = leistung
    payload["definition_version"] = f"{leistung}-2026.1"
    payload["antrag"]["abschnitte"].update(abschnitte)
    return payload


PERSON = {"vorname": "Max", "nachname": "Mustermann", "geburtsdatum": "2015-09-01"}
BEISPIELE = {
    "buergergeld": beispiel(),
    "buergergeld_haushalt": beispiel(
        haushalt={
            "weitere_personen": True,
            "personen": [
                {**PERSON, "verhaeltnis": "kind", "schule_oder_ausbildung": True},
                {
                    "vorname": "Hans",
                    "nachname": "Mustermann",
                    "geburtsdatum": "1978-02-03",
                    "verhaeltnis": "partner",
                    "einkommen_vorhanden": True,
                    "einkuenfte": [{"art": "minijob", "brutto_monatlich": "520.00"}],
                },
            ],
        },
        wohnung={"wohnsituation": "miete", "kaltmiete": "450.00", "heizart": ["gas", "strom"]},
    ),
    "bildung_teilhabe": beispiel(
        "bildung_teilhabe",
        kinder={"kinder": [{**PERSON, "schule": "Grundschule Biberach"}]},
        leistungen={"gewuenscht": ["schulausflug", "lernfoerderung"], "kosten": "35.50"},
    ),
    "eingliederung": beispiel(
        "eingliederung",
        massnahme={"art": "weiterbildung", "beginn": "2026-03-01", "wochenstunden": 30},
    ),
    "einstiegsgeld": beispiel(
        "einstiegsgeld",
        taetigkeit={
            "art": "beschaeftigung",
            "arbeitgeber": "Muster GmbH",
            "beginn": "2030-03-01",
            "befristet": False,
        },
    ),
    "mietrueckstaende": beispiel(
        "mietrueckstaende",
        rueckstand={"betrag": "1234.50", "raeumungsklage": True, "vermieter": "Wohnbau eG"},
    ),
}


def kurzantrag() -> dict:
    payload = beispiel()
    payload["kurzantrag"] = True
    payload["antrag"] = {
        "wohnort": {"plz": "88400", "ort": "Biberach an der Riß"},
        "abschnitte": {
            "antragsteller": {
                "vorname": "Erika",
                "nachname": "Mustermann",
                "geburtsdatum": "1980-04-12",
                "email": "erika@example.org",
            }
        },
        "dringlich": False,
    }
    payload["anlagen"] = []
    return payload


BEISPIELE["kurzantrag"] = kurzantrag()


@pytest.fixture(scope="module")
def schema() -> renderer.Schema:
    return renderer.Schema()


def rendern(payload: dict, schema: renderer.Schema) -> bytes:
    darstellung = pdf.rendern(
        payload, jobcenter_name="Jobcenter Landkreis Biberach", erstellt_am=ZEIT
    )
    anlage = renderer.PdfAnlage(hashlib.sha256(darstellung).hexdigest(), len(darstellung))
    return renderer.rendern(payload, KOPF, schema, pdf=anlage)


@pytest.mark.parametrize("name", sorted(BEISPIELE))
def test_golden_file_per_benefit_and_short_filing(name: str, schema: renderer.Schema) -> None:
    xml = rendern(BEISPIELE[name], schema)
    datei = GOLDEN / f"{name}.xml"
    if os.environ.get("SOZ_GOLDEN_NEU") == "1" or not datei.exists():
        datei.write_bytes(xml)
    assert xml == datei.read_bytes(), f"{name}: rendering changed (SOZ_GOLDEN_NEU=1 rewrites)"
    assert rendern(BEISPIELE[name], schema) == xml, "deterministic"


@pytest.mark.parametrize("name", sorted(BEISPIELE))
def test_every_field_carries_the_value_element_its_type_names(name: str, schema) -> None:
    dokument = etree.fromstring(rendern(BEISPIELE[name], schema))
    for feld in dokument.iter(f"{{{renderer.NS}}}feld"):
        (wert,) = feld.find("soz:wert", NS)
        assert etree.QName(wert).localname == feld.findtext("soz:typ", namespaces=NS)


def test_the_household_becomes_persons_with_roles(schema) -> None:
    dokument = etree.fromstring(rendern(BEISPIELE["buergergeld_haushalt"], schema))
    personen = dokument.findall(".//soz:haushalt/soz:person", NS)
    assert [p.findtext("soz:rolle/code", namespaces=NS) for p in personen] == ["kind", "partner"]
    assert [p.get("personID") for p in personen] == ["p2", "p3"]
    hans = personen[1]
    assert hans.findtext("soz:abschnitt/soz:abschnitt/soz:name", namespaces=NS) == "einkuenfte"
    namen = [n.text for n in dokument.findall("soz:antrag/soz:abschnitt/soz:name", NS)]
    assert "haushalt" in namen  # the section keeps its own answers (weitere_personen)


def test_types_from_values(schema) -> None:
    dokument = etree.fromstring(rendern(BEISPIELE["buergergeld_haushalt"], schema))
    typen = {
        f.findtext("soz:name", namespaces=NS): f.findtext("soz:typ", namespaces=NS)
        for f in dokument.iter(f"{{{renderer.NS}}}feld")
    }
    assert typen["iban"] == "iban"
    assert typen["kaltmiete"] == "betrag"
    assert typen["heizart"] == "mehrfachauswahl"
    assert typen["wohnsituation"] == "auswahl"
    assert typen["schule_oder_ausbildung"] == "jaNein"
    assert typen["kontoinhaber"] == "text"
    assert typen["plz"] == "text"  # digits stay text: no leading zero is lost


def test_attachments_by_reference_with_the_pdf(schema) -> None:
    payload = beispiel(wohnung={"wohnsituation": "miete"})
    dokument = etree.fromstring(rendern(payload, schema))
    ids = [a.get("id") for a in dokument.findall(".//soz:anlage", NS)]
    assert ids == ["a-7c9e6679-7425-40de-944b-e07fc1f90ae7", renderer.PDF_ANLAGE_ID]
    verweise = [v.text for v in dokument.iter(f"{{{renderer.NS}}}anlageVerweis")]
    assert verweise == ["a-7c9e6679-7425-40de-944b-e07fc1f90ae7"]


def test_the_pdf_is_one_and_deterministic() -> None:
    erste = pdf.rendern(BEISPIELE["buergergeld_haushalt"], jobcenter_name=None, erstellt_am=ZEIT)
    assert erste == pdf.rendern(
        BEISPIELE["buergergeld_haushalt"], jobcenter_name=None, erstellt_am=ZEIT
    )
    import io

    seiten = PdfReader(io.BytesIO(erste)).pages
    text = "".join(s.extract_text() for s in seiten)
    assert "Mustermann" in text and "Bürgergeld" in text


def test_the_pdf_names_its_language_and_shows_the_application_as_its_title() -> None:
    """Untagged (docs/adr/0122), but a screen reader reads it in German and the viewer's
    window names the application, not just "Antrag"."""
    import io

    leser = PdfReader(
        io.BytesIO(pdf.rendern(BEISPIELE["kurzantrag"], jobcenter_name=None, erstellt_am=ZEIT))
    )
    katalog = leser.trailer["/Root"]
    assert katalog["/Lang"] == "de-DE"
    assert bool(katalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert leser.metadata.title == "Kurzantrag: Bürgergeld (Grundsicherung für Arbeitsuchende)"


def test_the_pdf_writes_names_in_any_european_script_and_keeps_the_cheap_font_otherwise():
    """A name outside WinAnsi sets the document in DejaVu Sans (kernel.schriften), embedded;
    a document that needs no more keeps the standard Helvetica (no font to embed)."""
    import copy
    import io

    payload = copy.deepcopy(BEISPIELE["buergergeld_haushalt"])
    antragsteller = payload["antrag"]["abschnitte"]["antragsteller"]
    antragsteller.update(vorname="Łukasz Олександр", nachname="Şahin-Nguyễn Ελένη")

    unicode = pdf.rendern(payload, jobcenter_name=None, erstellt_am=ZEIT)
    latin = pdf.rendern(BEISPIELE["buergergeld_haushalt"], jobcenter_name=None, erstellt_am=ZEIT)

    text = "".join(s.extract_text() for s in PdfReader(io.BytesIO(unicode)).pages)
    assert "Łukasz Олександр" in text and "Şahin-Nguyễn Ελένη" in text
    assert "■" not in text
    assert b"DejaVuSans" in unicode and b"DejaVuSans" not in latin
    assert unicode == pdf.rendern(payload, jobcenter_name=None, erstellt_am=ZEIT)


@pytest.mark.parametrize(
    ("aenderung", "erwartet"),
    [
        (lambda p: p["antrag"]["abschnitte"].pop("antragsteller"), "antragsteller"),
        (lambda p: p["antrag"]["abschnitte"]["antragsteller"].pop("vorname"), "vorname"),
        (lambda p: p["antrag"]["abschnitte"].update({"Ungültig": {"a": 1}}), "Schluessel"),
        (lambda p: p.update(antrag_id="keine-uuid"), "antragsID"),
    ],
)
def test_invalid_renderings_are_refused_without_values(aenderung, erwartet: str, schema) -> None:
    payload = beispiel()
    aenderung(payload)
    with pytest.raises(renderer.XoevUngueltig) as fehler:
        rendern(payload, schema)
    assert erwartet in fehler.value.grund
    assert "Erika" not in fehler.value.grund and "keine-uuid" not in fehler.value.grund


# -- postkorb.antwort.0201 (docs/adr/0055) ---------------------------------------------------


def postkorb_antwort(**aenderungen: object) -> dict:
    from contracts.events.postkorb import PostkorbAntwortVerfasst

    return {**copy.deepcopy(PostkorbAntwortVerfasst.example), **aenderungen}


REFERENZ = "c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b"


def test_golden_file_of_a_postkorb_reply(schema) -> None:
    xml = renderer.rendern_postkorb_antwort(
        postkorb_antwort(), KOPF, schema, referenz_uuid=REFERENZ
    )
    datei = GOLDEN / "postkorb_antwort.xml"
    if os.environ.get("SOZ_GOLDEN_NEU") == "1" or not datei.exists():
        datei.write_bytes(xml)
    assert xml == datei.read_bytes(), "postkorb reply: rendering changed (SOZ_GOLDEN_NEU=1)"
    assert (
        renderer.rendern_postkorb_antwort(postkorb_antwort(), KOPF, schema, referenz_uuid=REFERENZ)
        == xml
    ), "deterministic"
    dokument = etree.fromstring(xml)
    assert etree.QName(dokument).localname == "postkorb.antwort.0201"
    assert dokument.findtext(".//soz:nachrichtentyp/code", namespaces=NS) == "postkorb.antwort.0201"
    assert dokument.findtext(".//soz:referenzUUID", namespaces=NS) == REFERENZ
    assert dokument.findtext(".//soz:leser/soz:kennung", namespaces=NS) == "jobcenter:68410"
    assert dokument.findtext(".//soz:autor/soz:kennung", namespaces=NS) == "sozialplattform:bw"
    nachricht = dokument.find("soz:postkorbnachricht", NS)
    assert nachricht.findtext("soz:antragsID", namespaces=NS) == (
        "0b6f9f3e-4c1d-4b7e-9a2f-1d2c3b4a5f60"
    )
    assert nachricht.findtext("soz:betreff", namespaces=NS) == "Kontoauszüge"
    (anlage,) = nachricht.findall("soz:anlage", NS)
    assert anlage.get("id") == "a-2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"
    assert anlage.findtext("soz:groesse", namespaces=NS) == "402113"


def test_a_reply_without_application_reference_or_attachments_is_valid(schema) -> None:
    antwort = postkorb_antwort(anlagen=[])
    del antwort["antrag_id"], antwort["antwort_auf_message_id"]
    dokument = etree.fromstring(renderer.rendern_postkorb_antwort(antwort, KOPF, schema))
    assert dokument.find(".//soz:antragsID", NS) is None
    assert dokument.find(".//soz:referenzUUID", NS) is None
    assert dokument.find(".//soz:anlage", NS) is None


def test_an_invalid_reply_is_refused_without_values(schema) -> None:
    antwort = postkorb_antwort(antrag_id="keine-uuid-Kontoauszüge")
    with pytest.raises(renderer.XoevUngueltig) as fehler:
        renderer.rendern_postkorb_antwort(antwort, KOPF, schema)
    assert "antragsID" in fehler.value.grund
    assert "Kontoauszüge" not in fehler.value.grund and "keine-uuid" not in fehler.value.grund
