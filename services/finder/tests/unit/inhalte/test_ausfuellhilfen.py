"""Ausfüllhilfen: one for every section of every online application (the antrag service's form
definitions are the list), in three languages, titled as the form titles the section."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from antrag.formulare import FORMULARE
from finder import inhalte
from finder.inhalte.laden import VERZEICHNIS, Inhalte, InhaltFehlerhaft

SPRACHEN = {"de": "de", "en": "en", "de-x-ls": "ls"}  # our code -> the form's Text attribute


def test_every_section_of_every_form_has_help_in_every_language() -> None:
    assert len(FORMULARE) == 5
    for leistung, formular in FORMULARE.items():
        for abschnitt in formular.abschnitte:
            for sprache, attribut in SPRACHEN.items():
                hilfe = inhalte.ausfuellhilfe(leistung, abschnitt.name, sprache)
                assert hilfe["titel"] == getattr(abschnitt.titel, attribut), (
                    leistung,
                    abschnitt.name,
                    sprache,
                )
                arten = [teil["art"] for teil in hilfe["teile"]]
                assert arten[0] == "worum_es_geht" and "tipps" in arten
                assert all(teil["texte"] for teil in hilfe["teile"])


def test_no_help_for_a_section_no_form_has() -> None:
    """Help for a section that was renamed or removed would never be shown: the lists match."""
    erwartet = {
        leistung: [abschnitt.name for abschnitt in formular.abschnitte]
        for leistung, formular in FORMULARE.items()
    }
    assert {k: sorted(v) for k, v in inhalte.ausfuellhilfen().items()} == {
        k: sorted(v) for k, v in erwartet.items()
    }


def test_each_form_leads_to_its_benefit_page() -> None:
    assert inhalte.ausfuellhilfe("mietrueckstaende", "vermieter", "de")["leistung"] == (
        "grundsicherung_arbeitsuchende"
    )
    assert inhalte.ausfuellhilfe("einstiegsgeld", "taetigkeit", "en")["leistung"] == "einstiegsgeld"


def test_unknown_section_and_language_are_named_errors() -> None:
    with pytest.raises(inhalte.AusfuellhilfeUnbekannt):
        inhalte.ausfuellhilfe("buergergeld", "lieblingsfarbe", "de")
    with pytest.raises(inhalte.AusfuellhilfeUnbekannt):
        inhalte.ausfuellhilfe("kindergeld", "antragsteller", "de")
    with pytest.raises(inhalte.SpracheUnbekannt):
        inhalte.ausfuellhilfe("buergergeld", "wohnung", "tr")


def test_headings_are_in_the_language() -> None:
    hilfe = inhalte.ausfuellhilfe("mietrueckstaende", "kuendigung", "en")
    assert [teil["titel"] for teil in hilfe["teile"]] == [
        "What this section is about",
        "Have this at hand",
        "How to fill it in",
        "Common mistakes",
    ]
    assert "two months" in " ".join(hilfe["teile"][0]["texte"])


# A malformed content file stops the loading with the file and the reason -------------------


@pytest.fixture
def kopie(tmp_path: Path) -> Path:
    ziel = tmp_path / "inhalte"
    shutil.copytree(VERZEICHNIS, ziel, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return ziel


def test_the_copy_loads(kopie: Path) -> None:
    geladen = Inhalte.laden(kopie)
    assert len(geladen.leistungen) == 33


@pytest.mark.parametrize(
    ("datei", "aendern", "meldung"),
    [
        ("leistungen/wohngeld.en.yaml", None, "wohngeld.en.yaml: Datei fehlt"),
        ("leistungen/kindergeld.de.yaml", ("name: Kindergeld", "nam: Kindergeld"), "unbekannte"),
        ("leistungen/kindergeld.de.yaml", ("  fristen:", "  frist:"), "genau"),
        ("leistungen/bafoeg.de.yaml", ("rechtsgrundlagen:", "rechtsgrundlagen: []\nx:"), "Schl"),
        (
            "leistungen/eingliederung.de.yaml",
            ("url: /antraege/neu", "url: https://example.org/"),
            "nur Adressen dieser Plattform",
        ),
        ("leistungen/kindergeld.de.yaml", ("  wer:\n", "  wer:\n    - liste: []\n"), "leer"),
        ("ausfuellhilfen/buergergeld.en.yaml", ("haushalt:", "haus:"), "andere Abschnitte"),
        (
            "ausfuellhilfen/buergergeld.de.yaml",
            ("_gemeinsam.erklaerung", "_gemeinsam.x"),
            "gibt es",
        ),
        ("ausfuellhilfen/einstiegsgeld.de.yaml", ("  tipps:", "  hinweise:"), "unbekannte"),
        ("texte.en.yaml", ("betrag_fehlt:", "betrag:"), "es fehlen"),
        (
            "leistungen/wohngeld.de.yaml",
            ("name: Wohngeld", "name: [Wohngeld"),
            "kein gültiges YAML",
        ),
        ("ausfuellhilfen/_leistungen.yaml", ("eingliederung: eingliederung", ""), "je Antrag"),
        (
            "ausfuellhilfen/_leistungen.yaml",
            ("eingliederung: eingliederung", "eingliederung: lotto"),
            "keine Informationsseite",
        ),
    ],
)
def test_a_malformed_file_is_refused_by_name(
    kopie: Path, datei: str, aendern: tuple[str, str] | None, meldung: str
) -> None:
    pfad = kopie / datei
    if aendern is None:
        pfad.unlink()
    else:
        text = pfad.read_text(encoding="utf-8")
        assert aendern[0] in text
        pfad.write_text(text.replace(aendern[0], aendern[1], 1), encoding="utf-8")
    with pytest.raises(InhaltFehlerhaft, match=meldung) as fehler:
        Inhalte.laden(kopie)
    assert Path(datei).name.split(".")[0] in str(fehler.value)


def test_a_benefit_file_without_an_entry_in_the_order_is_refused(kopie: Path) -> None:
    shutil.copy(kopie / "leistungen/wohngeld.de.yaml", kopie / "leistungen/lotto.de.yaml")
    with pytest.raises(InhaltFehlerhaft, match="lotto"):
        Inhalte.laden(kopie)
