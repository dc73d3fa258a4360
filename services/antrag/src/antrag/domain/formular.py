"""The shape of a form definition: sections, fields, conditions, repeating groups, texts.

A definition is data (see ``antrag.formulare``): it drives the validation
(``antrag.domain.validierung`` builds marshmallow schemas from it), the form pages (the gateway
renders what ``formular()`` returns) and the XÖV mapping (the xta-gateway reads the same).
Adding a benefit means adding a definition, not code.

Paths: a field is addressed as ``abschnitt.feld``; a field inside a repeating group as
``abschnitt.gruppe[].feld`` (``[]``: every entry). A condition or rule compares values at the
same entry when both paths run through the same group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

SPRACHEN = ("de", "en", "ls")
VERWEISE = ("datenschutz",)  # pages a field may refer to (Feld.verweis)
WOHNORT = ("wohnort.plz", "wohnort.ort")  # the place of residence given when applying

Feldtyp = Literal[
    "text",
    "langtext",
    "zahl",
    "betrag",
    "datum",
    "ja_nein",
    "auswahl",
    "mehrfachauswahl",
    "iban",
    "plz",
    "telefon",
    "email",
    "gruppe",
]
FELDTYPEN: tuple[str, ...] = Feldtyp.__args__  # type: ignore[attr-defined]

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,49}$")


@dataclass(frozen=True)
class Text:
    """One text in German, English and Leichte Sprache."""

    de: str
    en: str
    ls: str

    def in_sprache(self, sprache: str) -> str:
        return getattr(self, sprache)


@dataclass(frozen=True)
class Bedingung:
    """True when the value at ``feld`` equals ``ist`` (one value or a tuple of values, any of
    which matches), differs from ``ist_nicht``, or (for a multiple choice) ``enthaelt`` a value.

    ``feld`` without a dot names a sibling in the same section or group entry; with a dot it is
    an absolute path ``abschnitt.feld``.
    """

    feld: str
    ist: Any = None
    ist_nicht: Any = None
    enthaelt: str | None = None


@dataclass(frozen=True)
class Option:
    wert: str
    label: Text


@dataclass(frozen=True)
class Feld:
    name: str
    typ: Feldtyp
    label: Text
    hilfe: Text | None = None
    pflicht: bool = True  # required whenever the field applies (see ``wenn``)
    wenn: Bedingung | None = None  # the field applies only when this holds (required-if)
    optionen: tuple[Option, ...] = ()  # auswahl, mehrfachauswahl
    minimum: Decimal | int | None = None  # zahl, betrag; for a gruppe: fewest entries
    maximum: Decimal | int | None = None  # zahl, betrag; for a gruppe: most entries
    max_laenge: int | None = None  # text, langtext
    zeitraum: Literal["vergangenheit", "zukunft"] | None = None  # datum
    hoechstalter: int | None = None  # datum (a birth date): younger than this many years
    muss_ja_sein: bool = False  # ja_nein: a declaration that must be confirmed
    felder: tuple[Feld, ...] = ()  # gruppe: the fields of one entry
    # A page of the platform the field refers to (a declaration that one has read it): the
    # pages link it beside the field. One of VERWEISE.
    verweis: str | None = None
    # Offered as the answer while the section has not been saved yet: the values at these paths
    # (``wohnort.plz`` of the application, or an earlier section's ``antragsteller.vorname``),
    # joined by a space. The person sees it and may change it; nothing is saved unasked.
    vorbelegung: tuple[str, ...] = ()
    beispiel: str | None = None  # an example as a person types it (31.01.1985), any language

    @property
    def laenge_max(self) -> int:
        return self.max_laenge or (2000 if self.typ == "langtext" else 200)


@dataclass(frozen=True)
class Nachweis:
    """A document the section asks for (the person uploads it as an attachment there)."""

    name: str
    label: Text
    wenn: Bedingung | None = None


@dataclass(frozen=True)
class Abschnitt:
    name: str
    titel: Text
    rechtsgrundlage: str  # e.g. "§ 22 SGB II"
    felder: tuple[Feld, ...]
    vordruck: str | None = None  # the paper form it replaces, e.g. "Anlage KDU"
    hilfe: Text | None = None
    wenn: Bedingung | None = None  # the whole section applies only when this holds
    nachweise: tuple[Nachweis, ...] = ()
    # Why the section asks this, in plain words; the pages show it with the legal basis and
    # the paper form under "Warum wir das fragen", after the questions' plain words.
    warum: Text | None = None


@dataclass(frozen=True)
class Regel:
    """A plausibility check across fields: ``feld`` must be ``vergleich`` than ``mit``.

    Both are absolute paths; ``[]`` segments they share are compared entry by entry, a path
    without them against every entry. ``wenn`` (absolute) limits the check to some entries.
    """

    code: str
    feld: str
    vergleich: Literal["<", "<=", ">", ">="]
    mit: str
    meldung: Text
    wenn: Bedingung | None = None


@dataclass(frozen=True)
class Frist:
    """A deadline that runs from a date the person gives, ``monate`` months long, counted as
    the BGB counts (antrag.domain.fristen), e.g. the Schonfrist of § 569 Abs. 3 Nr. 2 BGB."""

    code: str
    ab: str  # absolute path of the date it runs from
    monate: int
    rechtsgrundlage: str
    wenn: Bedingung | None = None  # absolute


@dataclass(frozen=True)
class Formular:
    leistung: str
    version: str
    titel: Text
    beschreibung: Text
    rechtsgrundlage: str
    abschnitte: tuple[Abschnitt, ...]
    regeln: tuple[Regel, ...] = ()
    # What a short filing (§ 37 SGB II: secure the date) needs besides the place of residence.
    kurzantrag: tuple[str, ...] = ()
    # The application is urgent (e.g. an eviction suit is pending) when this holds.
    dringlich_wenn: Bedingung | None = None
    # Deadlines the person must know, computed from their answers.
    fristen: tuple[Frist, ...] = ()
    hinweise: tuple[Text, ...] = field(default=())

    def abschnitt(self, name: str) -> Abschnitt | None:
        for abschnitt in self.abschnitte:
            if abschnitt.name == name:
                return abschnitt
        return None


class DefinitionFehlerhaft(ValueError):
    """A definition breaks its own rules (checked when the definitions are loaded)."""


def pruefen(formular: Formular) -> None:
    """Raise DefinitionFehlerhaft naming every problem: names, types, texts, paths."""
    probleme: list[str] = []
    abschnitte: dict[str, Abschnitt] = {}
    for abschnitt in formular.abschnitte:
        if not _NAME.match(abschnitt.name) or abschnitt.name in abschnitte:
            probleme.append(f"Abschnitt {abschnitt.name!r}: name invalid or used twice")
        abschnitte[abschnitt.name] = abschnitt
        _texte_pruefen(abschnitt.titel, f"{abschnitt.name}.titel", probleme)
        if abschnitt.warum is not None:
            _texte_pruefen(abschnitt.warum, f"{abschnitt.name}.warum", probleme)
        if not abschnitt.rechtsgrundlage.strip():
            probleme.append(f"Abschnitt {abschnitt.name}: no legal basis")
        _felder_pruefen(abschnitt.felder, abschnitt.name, probleme)
        for nachweis in abschnitt.nachweise:
            _texte_pruefen(nachweis.label, f"{abschnitt.name}.{nachweis.name}", probleme)

    def pfad_pruefen(pfad: str, wo: str) -> None:
        if feld_an(formular, pfad) is None:
            probleme.append(f"{wo}: unknown path {pfad!r}")

    for abschnitt in formular.abschnitte:
        if abschnitt.wenn is not None:
            pfad_pruefen(abschnitt.wenn.feld, f"{abschnitt.name}.wenn")
        for pfad, feld in _alle_felder(abschnitt.felder, abschnitt.name):
            if feld.wenn is not None and "." in feld.wenn.feld:
                pfad_pruefen(feld.wenn.feld, f"{pfad}.wenn")
            elif feld.wenn is not None:
                geschwister = pfad.rsplit(".", 1)[0] + "." + feld.wenn.feld
                pfad_pruefen(geschwister, f"{pfad}.wenn")
            for quelle in feld.vorbelegung:
                if quelle not in WOHNORT:
                    pfad_pruefen(quelle, f"{pfad}.vorbelegung")
            if feld.verweis is not None and feld.verweis not in VERWEISE:
                probleme.append(f"{pfad}: unknown verweis {feld.verweis!r}")
    for regel in formular.regeln:
        pfad_pruefen(regel.feld, f"Regel {regel.code}")
        pfad_pruefen(regel.mit, f"Regel {regel.code}")
        if regel.wenn is not None:
            pfad_pruefen(regel.wenn.feld, f"Regel {regel.code}.wenn")
        _texte_pruefen(regel.meldung, f"Regel {regel.code}", probleme)
    for pfad in formular.kurzantrag:
        pfad_pruefen(pfad, "kurzantrag")
    if formular.dringlich_wenn is not None:
        pfad_pruefen(formular.dringlich_wenn.feld, "dringlich_wenn")
    for frist in formular.fristen:
        pfad_pruefen(frist.ab, f"Frist {frist.code}")
        if frist.wenn is not None:
            pfad_pruefen(frist.wenn.feld, f"Frist {frist.code}.wenn")
    if probleme:
        raise DefinitionFehlerhaft(f"{formular.leistung}: " + "; ".join(probleme))


def _felder_pruefen(felder: tuple[Feld, ...], wo: str, probleme: list[str]) -> None:
    namen: set[str] = set()
    for feld in felder:
        ort = f"{wo}.{feld.name}"
        if not _NAME.match(feld.name) or feld.name in namen:
            probleme.append(f"{ort}: name invalid or used twice")
        if feld.wenn is not None and "." not in feld.wenn.feld and feld.wenn.feld not in namen:
            probleme.append(f"{ort}: a condition names an earlier field of the same entry")
        namen.add(feld.name)
        if feld.typ not in FELDTYPEN:
            probleme.append(f"{ort}: unknown type {feld.typ!r}")
        _texte_pruefen(feld.label, ort, probleme)
        if feld.hilfe is not None:
            _texte_pruefen(feld.hilfe, f"{ort}.hilfe", probleme)
        if (feld.typ in ("auswahl", "mehrfachauswahl")) != bool(feld.optionen):
            probleme.append(f"{ort}: options belong to auswahl/mehrfachauswahl only")
        for option in feld.optionen:
            _texte_pruefen(option.label, f"{ort}.{option.wert}", probleme)
        if (feld.typ == "gruppe") != bool(feld.felder):
            probleme.append(f"{ort}: only a gruppe has fields")
        if feld.muss_ja_sein and feld.typ != "ja_nein":
            probleme.append(f"{ort}: muss_ja_sein needs ja_nein")
        if feld.typ == "gruppe":
            _felder_pruefen(feld.felder, ort, probleme)


def _texte_pruefen(text: Text, wo: str, probleme: list[str]) -> None:
    for sprache in SPRACHEN:
        if not text.in_sprache(sprache).strip():
            probleme.append(f"{wo}: text missing in {sprache}")


def _alle_felder(felder: tuple[Feld, ...], prefix: str) -> list[tuple[str, Feld]]:
    gefunden: list[tuple[str, Feld]] = []
    for feld in felder:
        pfad = f"{prefix}.{feld.name}"
        gefunden.append((pfad, feld))
        if feld.typ == "gruppe":
            gefunden.extend(_alle_felder(feld.felder, pfad + "[]"))
    return gefunden


def feld_an(formular: Formular, pfad: str) -> Feld | None:
    """The field at an absolute path (``abschnitt.gruppe[].feld``), or None."""
    teile = pfad.replace("[]", "").split(".")
    abschnitt = formular.abschnitt(teile[0])
    if abschnitt is None or len(teile) < 2:
        return None
    felder = abschnitt.felder
    gefunden: Feld | None = None
    for name in teile[1:]:
        gefunden = next((f for f in felder if f.name == name), None)
        if gefunden is None:
            return None
        felder = gefunden.felder
    return gefunden


def alle_felder(formular: Formular) -> list[tuple[str, Feld]]:
    """Every field of the definition with its absolute path, in order."""
    result: list[tuple[str, Feld]] = []
    for abschnitt in formular.abschnitte:
        result.extend(_alle_felder(abschnitt.felder, abschnitt.name))
    return result
