"""A centre's document is checked field by field; every bad field is named, none is quoted."""

from __future__ import annotations

import pytest

from termine.domain.stelle import stelle_aus_dokument
from termine.fehler import UngueltigeEingabe


def test_every_bad_field_is_named_with_its_code():
    with pytest.raises(UngueltigeEingabe) as fehler:
        stelle_aus_dokument(
            {
                "name": "",
                "adresse": {"plz": "5066", "ort": "Köln"},
                "land": "XX",
                "breite": "Norden",
                "laenge": 7.0,
                "angebote": [{"thema": "Schulden!", "arten": ["brieftaube"], "dauer_minuten": 47}],
                "berater": [
                    {
                        "name": "B (Beispiel)",
                        "angebot_ids": ["nicht-da"],
                        "sprechzeiten": [
                            {"rrule": "FREQ=WEEKLY;BYDAY=XX", "von": "9:00", "bis": "08:00"},
                            {"tage": ["MO"], "von": "10:00", "bis": "09:00", "arten": ["video"]},
                        ],
                        "abwesenheiten": [{"von": "morgen", "bis": "2026-01-01"}],
                    }
                ],
            }
        )
    assert fehler.value.felder == {
        "name": "pflicht",
        "adresse.plz": "ungueltig",
        "land": "ungueltig",
        "breite": "ungueltig",
        "angebote[0].thema": "ungueltig",
        "angebote[0].arten": "ungueltig",
        "angebote[0].dauer_minuten": "ungueltig",
        "berater[0].sprechzeiten[0].tage": "ungueltig",
        "berater[0].sprechzeiten[0].von": "ungueltig",
        "berater[0].sprechzeiten[0].arten": "pflicht",
        "berater[0].sprechzeiten[1].bis": "ungueltig",
        "berater[0].abwesenheiten[0].von": "ungueltig",
        "berater[0].angebot_ids": "ungueltig",
    }
    assert "Schulden!" not in str(fehler.value) and "5066" not in str(fehler.value)
