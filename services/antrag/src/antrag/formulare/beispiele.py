"""A complete, valid Einstiegsgeld application (the shortest benefit), for a place of residence:
what the tests of antrag and the gateway, the end-to-end test and bench.antrag fill in. Checked
against the definition in tests/unit/test_formulare.py, so it follows the definition's changes."""

from __future__ import annotations

from typing import Any


def einstiegsgeld(wohnort: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Section name -> answers, as `PUT /api/v1/antraege/{id}/abschnitte/{abschnitt}` takes them."""
    return {
        "antragsteller": {
            "vorname": "Erika",
            "nachname": "Mustermann",
            "geburtsdatum": "12.04.1980",
            "strasse_hausnummer": "Marktplatz 1",
            "plz": wohnort["plz"],
            "ort": wohnort["ort"],
        },
        "taetigkeit": {
            "art": "beschaeftigung",
            "beginn": "2030-03-01",
            "arbeitgeber": "Muster GmbH",
            "wochenstunden": "30",
            "brutto_monatlich": "2.100,00",
            "befristet": "nein",
        },
        "arbeitslosigkeit": {"arbeitslos_seit": "2024-05-01", "bezieht_buergergeld": True},
        "bankverbindung": {
            "kontoinhaber": "Erika Mustermann",
            "iban": "DE02 1203 0000 0000 2020 51",
        },
        "erklaerung": {
            "angaben_richtig": True,
            "aenderungen_mitteilen": True,
            "datenschutz_gelesen": True,
        },
    }
