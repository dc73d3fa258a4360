"""How to reach a Jobcenter: the contact details an instance's operators maintain, checked.

No open, machine-readable source of Jobcenter addresses, phone numbers and opening hours exists
(docs/adr/0084), so each instance keeps a file of its own (``jobcenter_kontakte.csv``, read by
adapters.kontaktdatei). This module checks its rows against the imported directory and lists
every bad row by line and reason; a file with one bad row is not imported at all, so what is
served is always exactly one checked file.

Where no contact is known, ``kontakt_auskunft`` says so honestly instead of guessing: a gE is
reached through jobcenter.digital; for a zkT the answer names the Kreis or kreisfreie Stadt that
runs it (the EinglMV names a zkT by its Kreis or Stadt, and each zkT covers exactly one Kreis).
Pure Python: no files, no database.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from typing import Any

from contracts.text import unzulaessige_zeichen
from zustaendigkeit.domain.model import JOBCENTER_DIGITAL_URL, Jobcenter, TraegerArt

KONTAKTE_DATEI = "jobcenter_kontakte.csv"
# The columns of the file, in this order in the example; all must be there, most may be empty.
SPALTEN = (
    "jobcenter_id",
    "name",
    "strasse",
    "plz",
    "ort",
    "telefon",
    "email",
    "website",
    "oeffnungszeiten",
    "quelle",
    "stand",
)

_MAX_LAENGE = {
    "name": 200,
    "strasse": 200,
    "ort": 200,
    "telefon": 40,
    "email": 254,
    "website": 300,
    "oeffnungszeiten": 500,
    "quelle": 300,
}
_FUENF_ZIFFERN = re.compile(r"[0-9]{5}")
# A German or international number as people write it: "06051 92-0", "+49 69 90009 100".
_TELEFON = re.compile(r"(\+|0)[0-9 /()\-]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_WEBSITE = re.compile(r"https://[A-Za-z0-9.\-]+\.[A-Za-z]{2,}(:[0-9]{1,5})?(/[^\s]*)?")
_MAX_PROBLEME = 200  # a file of 404 rows with a broken column should not print thousands


@dataclass(frozen=True, slots=True)
class Kontakt:
    """One Jobcenter's contact details as the operators' file gives them ("" = not given)."""

    jobcenter_id: str
    name: str
    strasse: str
    plz: str
    ort: str
    telefon: str
    email: str
    website: str
    oeffnungszeiten: str
    quelle: str
    stand: str  # ISO date: when the operators last checked this row

    def to_dict(self) -> dict[str, str]:
        """For the event: the fields that are given (contracts leave optional fields out)."""
        return {
            feld.name: getattr(self, feld.name) for feld in fields(self) if getattr(self, feld.name)
        }

    @classmethod
    def from_dict(cls, daten: Mapping[str, str]) -> Kontakt:
        return cls(**{feld.name: daten.get(feld.name, "") for feld in fields(cls)})


@dataclass(frozen=True)
class Kontaktdaten:
    """One checked file: its checksum names the version, and each change is one import."""

    pruefsumme: str  # sha256 of the file's bytes
    kontakte: tuple[Kontakt, ...]

    @property
    def stand(self) -> str:
        return f"kontakte@{self.pruefsumme[:12]}"


class KontakteFehlerhaft(Exception):
    """The contacts file fails the checks; ``probleme`` names each bad row by line and reason."""

    def __init__(self, probleme: list[str]) -> None:
        self.probleme = list(probleme)
        liste = "\n".join(f"  - {problem}" for problem in self.probleme)
        super().__init__(f"Die Kontaktdaten bestehen die Prüfung nicht:\n{liste}")


def pruefen(
    zeilen: Sequence[tuple[int, Mapping[str, str]]],
    jobcenter: Mapping[str, Jobcenter],
    *,
    pruefsumme: str,
    heute: datetime.date,
) -> Kontaktdaten:
    """``zeilen``: (line number in the file, row). Raises KontakteFehlerhaft listing every
    bad row; the values themselves are not quoted beyond the Jobcenter number (a file may hold
    a typo'd personal phone number, and reports end up in logs)."""
    probleme: list[str] = []
    kontakte: dict[str, Kontakt] = {}
    for zeile, row in zeilen:
        gruende = _gruende(row, jobcenter, heute)
        jobcenter_id = (row.get("jobcenter_id") or "").strip()
        if not gruende and jobcenter_id in kontakte:
            gruende.append(f"Jobcenter {jobcenter_id} steht schon in einer früheren Zeile")
        if gruende:
            probleme.extend(f"{KONTAKTE_DATEI} Zeile {zeile}: {grund}" for grund in gruende)
            continue
        kontakte[jobcenter_id] = Kontakt(
            **{name: (row.get(name) or "").strip() for name in SPALTEN}
        )
    if probleme:
        if len(probleme) > _MAX_PROBLEME:
            weitere = len(probleme) - _MAX_PROBLEME
            probleme = [*probleme[:_MAX_PROBLEME], f"… und {weitere} weitere Probleme"]
        raise KontakteFehlerhaft(probleme)
    return Kontaktdaten(pruefsumme, tuple(sorted(kontakte.values(), key=lambda k: k.jobcenter_id)))


def _gruende(
    row: Mapping[str, str], jobcenter: Mapping[str, Jobcenter], heute: datetime.date
) -> list[str]:
    werte = {name: (row.get(name) or "").strip() for name in SPALTEN}
    gruende: list[str] = []
    for name, wert in werte.items():
        if unzulaessige_zeichen(wert, einzeilig=True):
            gruende.append(f"{name}: unzulässige Zeichen (Steuerzeichen oder Zeilenumbruch)")
        if len(wert) > _MAX_LAENGE.get(name, 100):
            gruende.append(f"{name}: länger als {_MAX_LAENGE.get(name, 100)} Zeichen")
    jobcenter_id = werte["jobcenter_id"]
    if not _FUENF_ZIFFERN.fullmatch(jobcenter_id):
        gruende.append("jobcenter_id: keine fünfstellige Träger-Nummer")
    elif jobcenter_id not in jobcenter:
        gruende.append(f"jobcenter_id: Jobcenter {jobcenter_id} steht nicht im Verzeichnis")
    if not werte["name"]:
        gruende.append("name: fehlt (der Name hilft beim Pflegen der Datei)")
    anschrift = [werte["strasse"], werte["plz"], werte["ort"]]
    if any(anschrift) and not all(anschrift):
        gruende.append("Anschrift: strasse, plz und ort nur zusammen angeben")
    if werte["plz"] and not _FUENF_ZIFFERN.fullmatch(werte["plz"]):
        gruende.append("plz: keine fünfstellige Postleitzahl")
    if werte["telefon"] and not (
        _TELEFON.fullmatch(werte["telefon"])
        and 6 <= sum(zeichen.isdigit() for zeichen in werte["telefon"]) <= 16
    ):
        gruende.append("telefon: keine Telefonnummer (Ziffern, Leerzeichen, + / ( ) -)")
    if werte["email"] and not _EMAIL.fullmatch(werte["email"]):
        gruende.append("email: keine E-Mail-Adresse")
    if werte["website"] and not _WEBSITE.fullmatch(werte["website"]):
        gruende.append("website: keine Adresse mit https://")
    if not (all(anschrift) or werte["telefon"] or werte["email"] or werte["website"]):
        gruende.append("kein Weg zum Jobcenter: Anschrift, telefon, email oder website angeben")
    if not werte["quelle"]:
        gruende.append("quelle: fehlt (woher stammen die Angaben?)")
    try:
        stand = datetime.date.fromisoformat(werte["stand"])
    except ValueError:
        gruende.append("stand: kein Datum der Form JJJJ-MM-TT")
    else:
        if stand > heute:
            gruende.append("stand: liegt in der Zukunft")
    return gruende


def kontakt_auskunft(jobcenter: Jobcenter, kontakt: Kontakt | None) -> dict[str, Any]:
    """The ``kontakt`` of an answer: every key always present, null where unknown.

    ``bekannt``: the Jobcenter's own details are known. Otherwise a gE gets jobcenter.digital as
    its website, and a zkT's ``traeger`` names the Kreis or kreisfreie Stadt that runs it.
    """
    traeger = jobcenter.name if jobcenter.traeger_art is TraegerArt.ZKT else None
    if kontakt is None:
        website = JOBCENTER_DIGITAL_URL if jobcenter.traeger_art is TraegerArt.GE else None
        return {
            "bekannt": False,
            "anschrift": None,
            "telefon": None,
            "email": None,
            "website": website,
            "oeffnungszeiten": None,
            "traeger": traeger,
            "quelle": None,
            "stand": None,
        }
    anschrift = (
        {"strasse": kontakt.strasse, "plz": kontakt.plz, "ort": kontakt.ort}
        if kontakt.strasse
        else None
    )
    return {
        "bekannt": True,
        "anschrift": anschrift,
        "telefon": kontakt.telefon or None,
        "email": kontakt.email or None,
        "website": kontakt.website or None,
        "oeffnungszeiten": kontakt.oeffnungszeiten or None,
        "traeger": traeger,
        "quelle": kontakt.quelle,
        "stand": kontakt.stand,
    }
