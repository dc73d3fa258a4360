"""The form definitions, one module per benefit. Adding a benefit: write its module, add it
here (and to contracts' Leistung), done; validation, pages and the XÖV mapping follow."""

from __future__ import annotations

from antrag.domain.formular import Formular, pruefen
from antrag.formulare import (
    bildung_teilhabe,
    buergergeld,
    eingliederung,
    einstiegsgeld,
    mietrueckstaende,
)

FORMULARE: dict[str, Formular] = {
    modul.FORMULAR.leistung: modul.FORMULAR
    for modul in (buergergeld, bildung_teilhabe, eingliederung, einstiegsgeld, mietrueckstaende)
}

for _formular in FORMULARE.values():
    pruefen(_formular)  # a broken definition stops the service at start, not a person later
