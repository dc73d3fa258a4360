"""A form definition (what ``antrag.formular()`` returns, docs/adr/0030) as page fields, and a
posted page back into a section's answers. Presentation only: the antrag service validates,
decides what is missing and drops answers to questions that do not apply.

- Names: a field is posted under its path inside the section, entries numbered from 0
  (``personen.1.einkuenfte.0.art``), exactly the paths antrag names in its field errors; the
  HTML id is ``f-`` plus the path with dashes. A repeating group posts its entry count as
  ``<path>.anzahl``.
- Conditions (``wenn``): a question is shown when its condition holds for the answers at hand
  (saved, or just posted); while the answer it depends on is missing, it is not shown. After a
  save the page is shown again when the answers brought up new questions
  (``neue_fragen``), so nothing needs JavaScript.
- Values are shown as a person types them (31.01.2026, 1234,50, ja/nein); antrag accepts those.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import format_currency, format_decimal
from werkzeug.datastructures import MultiDict

from gateway.i18n import N_

Definition = Mapping[str, Any]
# The person's own data: the browser may fill it in (WCAG 2.1 1.3.5).
AUTOCOMPLETE = {
    ("antragsteller", "vorname"): "given-name",
    ("antragsteller", "nachname"): "family-name",
    ("antragsteller", "geburtsname"): "off",
    ("antragsteller", "geburtsdatum"): "bday",
    ("antragsteller", "strasse_hausnummer"): "street-address",
    ("antragsteller", "plz"): "postal-code",
    ("antragsteller", "ort"): "address-level2",
    ("antragsteller", "telefon"): "tel",
    ("antragsteller", "email"): "email",
    ("bankverbindung", "kontoinhaber"): "name",
}
BABEL_LOCALE = {"de": "de_DE", "en": "en_GB", "de-x-ls": "de_DE"}
# How an error summary names a finding (befundtext).
FEHLT = N_("%(feld)s fehlt")
BESTAETIGEN = N_("Bitte bestätigen Sie: %(feld)s")
FELD_MELDUNG = N_("%(feld)s: %(meldung)s")
EINTRAG = N_("%(gruppe)s: Eintrag %(nummer)s")
MEHR_ALS_RADIOS = 7  # more options than this: a select
HOECHSTENS_EINTRAEGE = 50  # when a group names no maximum


@dataclass
class Eintrag:
    """One entry of a repeating group."""

    nummer: int  # from 0
    pfad: str  # personen.1
    felder: list[Feld]

    @property
    def id(self) -> str:
        return html_id(self.pfad)


@dataclass
class Feld:
    pfad: str  # inside the section: personen.1.vorname
    definition: Definition
    wert: Any = ""  # as shown: text, or a list (mehrfachauswahl), entries for a group
    fehler: str | None = None
    eintraege: list[Eintrag] = field(default_factory=list)
    autocomplete: str | None = None

    @property
    def id(self) -> str:
        return html_id(self.pfad)

    @property
    def name(self) -> str:
        return self.definition["name"]

    @property
    def typ(self) -> str:
        return self.definition["typ"]

    @property
    def bestaetigung(self) -> bool:
        """A declaration to confirm: one checkbox."""
        return bool(self.definition.get("muss_ja_sein"))

    @property
    def als_auswahlliste(self) -> bool:
        return self.typ == "auswahl" and len(self.definition["optionen"]) > MEHR_ALS_RADIOS

    @property
    def kann_hinzufuegen(self) -> bool:
        return len(self.eintraege) < int(self.definition.get("maximum") or HOECHSTENS_EINTRAEGE)

    @property
    def kann_entfernen(self) -> bool:
        return len(self.eintraege) > int(self.definition.get("minimum") or 0)


def html_id(pfad: str) -> str:
    return "f-" + pfad.replace(".", "-")


# conditions ---------------------------------------------------------------------------------


def gilt(bedingung: Mapping[str, Any] | None, wert: Any) -> bool:
    """As antrag evaluates ``wenn`` (antrag.domain.validierung.gilt), on typed values."""
    if bedingung is None:
        return True
    if wert is None or wert == "" or wert == []:
        return False
    if "enthaelt" in bedingung:
        return isinstance(wert, list) and bedingung["enthaelt"] in wert
    if "ist_nicht" in bedingung:
        verboten = bedingung["ist_nicht"]
        return wert not in verboten if isinstance(verboten, list) else wert != verboten
    erlaubt = bedingung.get("ist")
    return wert in erlaubt if isinstance(erlaubt, list) else wert == erlaubt


def wert_an(daten: Mapping[str, Any], pfad: str) -> Any:
    """The value at an absolute path ``abschnitt.feld`` (conditions across sections never run
    through a group)."""
    aktuell: Any = daten
    for teil in pfad.split("."):
        if not isinstance(aktuell, Mapping):
            return None
        aktuell = aktuell.get(teil)
    return aktuell


def abschnitt_gilt(abschnitt: Definition, alle: Mapping[str, Any], formular: Definition) -> bool:
    bedingung = abschnitt.get("wenn")
    if bedingung is None:
        return True
    return gilt(
        bedingung, _typisiert_an(formular, bedingung["feld"], wert_an(alle, bedingung["feld"]))
    )


def geltende_abschnitte(formular: Definition, alle: Mapping[str, Any]) -> list[Definition]:
    return [a for a in formular["abschnitte"] if abschnitt_gilt(a, alle, formular)]


def nachweise(abschnitt: Definition, alle: Mapping[str, Any], formular: Definition) -> list[str]:
    """Labels of the documents the section asks for, given the answers so far."""
    return [
        n["label"]
        for n in abschnitt["nachweise"]
        if n["wenn"] is None
        or gilt(
            n["wenn"], _typisiert_an(formular, n["wenn"]["feld"], wert_an(alle, n["wenn"]["feld"]))
        )
    ]


def _typisiert(definition: Definition | None, wert: Any) -> Any:
    """A value as antrag stores it, for comparing with a condition: yes/no as a bool."""
    if definition is None or not isinstance(wert, str):
        return wert
    if definition["typ"] == "ja_nein":
        return {"ja": True, "true": True, "nein": False, "false": False}.get(wert.lower())
    return wert.strip()


def _typisiert_an(formular: Definition, pfad: str, wert: Any) -> Any:
    return _typisiert(definition_an(formular, pfad), wert)


def definition_an(formular: Definition, pfad: str) -> Definition | None:
    """The field at ``abschnitt.feld`` (entry numbers and [] ignored)."""
    teile = [teil for teil in re.sub(r"\[\]", "", pfad).split(".") if not teil.isdigit()]
    for abschnitt in formular["abschnitte"]:
        if abschnitt["name"] == teile[0]:
            return _feld_in(abschnitt["felder"], teile[1:])
    return None


def _feld_in(felder: Iterable[Definition], teile: list[str]) -> Definition | None:
    for definition in felder:
        if teile and definition["name"] == teile[0]:
            return (
                definition if len(teile) == 1 else _feld_in(definition.get("felder", ()), teile[1:])
            )
    return None


# the page's fields --------------------------------------------------------------------------


def felder(
    formular: Definition,
    abschnitt: Definition,
    werte: Mapping[str, Any],
    alle: Mapping[str, Any],
    fehler: Mapping[str, str] | None = None,
) -> list[Feld]:
    """The fields to show, with their values (as shown) and messages. ``werte``: this
    section's answers as shown (``eingabewerte`` of saved ones, or a posted page); ``alle``:
    every saved section, for conditions that look elsewhere."""
    kontext = {**alle, abschnitt["name"]: werte}
    return _felder(
        formular, abschnitt["name"], abschnitt["felder"], werte, kontext, "", fehler or {}
    )


def _felder(
    formular: Definition,
    abschnitt_name: str,
    definitionen: Iterable[Definition],
    werte: Mapping[str, Any],
    kontext: Mapping[str, Any],
    prefix: str,
    fehler: Mapping[str, str],
) -> list[Feld]:
    ergebnis: list[Feld] = []
    geschwister = {d["name"]: d for d in definitionen}
    for definition in definitionen:
        if not _anwendbar(formular, definition, werte, kontext, geschwister):
            continue
        pfad = prefix + definition["name"]
        wert = werte.get(definition["name"])
        feld = Feld(pfad, definition, fehler=fehler.get(pfad))
        if definition["typ"] == "gruppe":
            eintraege = wert if isinstance(wert, list) else []
            if not eintraege and definition.get("minimum"):
                eintraege = [{} for _ in range(int(definition["minimum"]))]
            feld.eintraege = [
                Eintrag(
                    nummer,
                    f"{pfad}.{nummer}",
                    _felder(
                        formular,
                        abschnitt_name,
                        definition["felder"],
                        eintrag if isinstance(eintrag, Mapping) else {},
                        kontext,
                        f"{pfad}.{nummer}.",
                        fehler,
                    ),
                )
                for nummer, eintrag in enumerate(eintraege)
            ]
        elif definition["typ"] == "mehrfachauswahl":
            feld.wert = wert if isinstance(wert, list) else ([wert] if wert else [])
        else:
            feld.wert = "" if wert is None else str(wert)
        if not prefix:
            feld.autocomplete = AUTOCOMPLETE.get((abschnitt_name, definition["name"]))
        ergebnis.append(feld)
    return ergebnis


def _anwendbar(
    formular: Definition,
    definition: Definition,
    werte: Mapping[str, Any],
    kontext: Mapping[str, Any],
    geschwister: Mapping[str, Definition],
) -> bool:
    bedingung = definition.get("wenn")
    if bedingung is None:
        return True
    pfad = bedingung["feld"]
    if "." in pfad:
        return gilt(bedingung, _typisiert_an(formular, pfad, wert_an(kontext, pfad)))
    return gilt(bedingung, _typisiert(geschwister.get(pfad), werte.get(pfad)))


def sichtbare_pfade(feldliste: Iterable[Feld]) -> set[str]:
    pfade: set[str] = set()
    for feld in feldliste:
        pfade.add(feld.pfad)
        for eintrag in feld.eintraege:
            pfade |= sichtbare_pfade(eintrag.felder)
    return pfade


# saved answers as shown, and a posted page as answers ---------------------------------------


def eingabewerte(definitionen: Iterable[Definition], daten: Mapping[str, Any]) -> dict[str, Any]:
    """Saved answers (dates ISO, amounts "1234.50", yes/no as bool) as a person types them."""
    werte: dict[str, Any] = {}
    for definition in definitionen:
        if definition["name"] not in daten:
            continue
        wert = daten[definition["name"]]
        typ = definition["typ"]
        if typ == "gruppe":
            werte[definition["name"]] = [
                eingabewerte(definition["felder"], eintrag) if isinstance(eintrag, Mapping) else {}
                for eintrag in (wert if isinstance(wert, list) else [])
            ]
        elif typ == "ja_nein" and isinstance(wert, bool):
            werte[definition["name"]] = "ja" if wert else "nein"
        elif typ == "datum" and isinstance(wert, str):
            werte[definition["name"]] = _datum_deutsch(wert)
        elif typ == "betrag" and isinstance(wert, str):
            werte[definition["name"]] = wert.replace(".", ",")
        elif typ == "iban" and isinstance(wert, str):
            werte[definition["name"]] = " ".join(wert[i : i + 4] for i in range(0, len(wert), 4))
        else:
            werte[definition["name"]] = wert
    return werte


def lesen(definitionen: Iterable[Definition], form: MultiDict, prefix: str = "") -> dict[str, Any]:
    """The answers of a posted page. Only what the page showed is there; the service drops
    empty answers and those that do not apply."""
    daten: dict[str, Any] = {}
    for definition in definitionen:
        name = prefix + definition["name"]
        typ = definition["typ"]
        if typ == "gruppe":
            anzahl = form.get(f"{name}.anzahl")
            if anzahl is None or not anzahl.isdigit():
                continue
            hoechstens = int(definition.get("maximum") or HOECHSTENS_EINTRAEGE)
            daten[definition["name"]] = [
                lesen(definition["felder"], form, f"{name}.{nummer}.")
                for nummer in range(min(int(anzahl), hoechstens))
            ]
        elif typ == "mehrfachauswahl":
            if f"{name}.gezeigt" in form:
                daten[definition["name"]] = form.getlist(name)
        elif name in form:
            daten[definition["name"]] = form[name]
    return daten


def eintrag_hinzufuegen(daten: dict[str, Any], gruppe: str) -> str | None:
    """Adds an empty entry to the group at ``gruppe`` (``personen`` or ``personen.0.einkuenfte``);
    the new entry's path, or None when there is no such group."""
    eintraege = _gruppe(daten, gruppe)
    if eintraege is None:
        return None
    eintraege.append({})
    return f"{gruppe}.{len(eintraege) - 1}"


def eintrag_entfernen(daten: dict[str, Any], eintrag: str) -> str | None:
    """Removes the entry at ``eintrag`` (``personen.1``); the group's path, or None."""
    gruppe, _, nummer = eintrag.rpartition(".")
    eintraege = _gruppe(daten, gruppe)
    if eintraege is None or not nummer.isdigit() or int(nummer) >= len(eintraege):
        return None
    del eintraege[int(nummer)]
    return gruppe


def _gruppe(daten: dict[str, Any], pfad: str) -> list[Any] | None:
    aktuell: Any = daten
    teile = pfad.split(".")
    for teil in teile[:-1]:
        if isinstance(aktuell, list) and teil.isdigit() and int(teil) < len(aktuell):
            aktuell = aktuell[int(teil)]
        elif isinstance(aktuell, dict) and teil in aktuell:
            aktuell = aktuell[teil]
        else:
            return None
    if not isinstance(aktuell, dict):
        return None
    gruppe = aktuell.setdefault(teile[-1], [])
    return gruppe if isinstance(gruppe, list) else None


# the summary --------------------------------------------------------------------------------


@dataclass
class Angabe:
    """One answer on the summary page; a group's entries are lists of Angaben."""

    label: str
    text: str = ""
    eintraege: list[list[Angabe]] = field(default_factory=list)


def angaben(
    definitionen: Iterable[Definition],
    daten: Mapping[str, Any],
    sprache: str,
    texte: Mapping[str, str],
) -> list[Angabe]:
    """Saved answers as a person reads them. ``texte``: the words for yes and no."""
    ergebnis: list[Angabe] = []
    for definition in definitionen:
        wert = daten.get(definition["name"])
        if wert is None:
            continue
        angabe = Angabe(definition["label"])
        if definition["typ"] == "gruppe":
            angabe.eintraege = [
                angaben(definition["felder"], eintrag, sprache, texte)
                for eintrag in wert
                if isinstance(eintrag, Mapping)
            ]
        else:
            angabe.text = anzeigewert(definition, wert, sprache, texte)
        ergebnis.append(angabe)
    return ergebnis


def anzeigewert(definition: Definition, wert: Any, sprache: str, texte: Mapping[str, str]) -> str:
    typ = definition["typ"]
    locale = BABEL_LOCALE.get(sprache, "de_DE")
    optionen = {o["wert"]: o["label"] for o in definition.get("optionen", ())}
    if typ == "ja_nein":
        return texte["ja"] if wert is True else texte["nein"]
    if typ == "auswahl":
        return optionen.get(wert, str(wert))
    if typ == "mehrfachauswahl":
        return ", ".join(optionen.get(w, str(w)) for w in wert)
    if typ == "datum" and isinstance(wert, str):
        return _datum_deutsch(wert)
    if typ == "betrag":
        try:
            return format_currency(Decimal(str(wert)), "EUR", locale=locale)
        except (InvalidOperation, ValueError):
            return str(wert)
    if typ == "zahl" and isinstance(wert, int | float):
        return format_decimal(wert, locale=locale)
    if typ == "iban" and isinstance(wert, str):
        return " ".join(wert[i : i + 4] for i in range(0, len(wert), 4))
    return str(wert)


def _datum_deutsch(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


# answers offered before a section is saved --------------------------------------------------


def vorbelegen(
    abschnitt: Definition, werte: Mapping[str, Any], antrag: Mapping[str, Any]
) -> dict[str, Any]:
    """The answers a section page shows before it was ever saved: a field's ``vorbelegung``
    (the place of residence given when applying, an earlier section's answers) joined by a
    space. Shown only: antrag saves what the person then sends."""
    quellen = {"wohnort": antrag.get("wohnort") or {}, **antrag["abschnitte"]}
    ergebnis = dict(werte)
    for definition in abschnitt["felder"]:
        pfade = definition.get("vorbelegung") or ()
        if not pfade or ergebnis.get(definition["name"]):
            continue
        teile = [wert_an(quellen, pfad) for pfad in pfade]
        text = " ".join(str(teil).strip() for teil in teile if isinstance(teil, str) and teil)
        if text:
            ergebnis[definition["name"]] = text
    return ergebnis


# the error summary --------------------------------------------------------------------------


@dataclass(frozen=True)
class Befund:
    """One line of an error summary: what is wrong, naming the field, and the link to it."""

    text: str
    href: str


@dataclass
class Befundgruppe:
    """The lines of one section (the summary page lists several sections)."""

    titel: str
    befunde: list[Befund] = field(default_factory=list)


def befundtext(
    formular: Definition,
    abschnitt: str,
    feld: str,
    code: str,
    meldung: str,
    uebersetzen: Any,
) -> str:
    """A finding as the summary says it: the field by its label ("Vorname(n) fehlt"), a
    declaration to confirm with its own verb, a wrong value with the field's name before the
    message. ``uebersetzen``: the request's gettext (``ctx._``)."""
    if not feld:
        return meldung
    label = feldname(formular, abschnitt, feld, uebersetzen)
    if code == "pflichtfeld":
        return uebersetzen(FEHLT, feld=label)
    if code == "bestaetigung_fehlt":
        return uebersetzen(BESTAETIGEN, feld=label)
    return uebersetzen(FELD_MELDUNG, feld=label, meldung=meldung)


def feldname(formular: Definition, abschnitt: str, feld: str, uebersetzen: Any) -> str:
    """A field's label; inside a repeating group with the group's entry
    ("Vorname(n) (Personen: Eintrag 2)")."""
    teile = feld.split(".")
    definitionen: Iterable[Definition] = next(
        (a["felder"] for a in formular["abschnitte"] if a["name"] == abschnitt), ()
    )
    eintraege: list[str] = []
    label = feld
    position = 0
    while position < len(teile):
        definition = next((d for d in definitionen if d["name"] == teile[position]), None)
        if definition is None:
            return label
        label = definition["label"]
        naechstes = teile[position + 1] if position + 1 < len(teile) else None
        if definition["typ"] == "gruppe" and naechstes is not None and naechstes.isdigit():
            eintraege.append(uebersetzen(EINTRAG, gruppe=label, nummer=int(naechstes) + 1))
            definitionen = definition.get("felder", ())
            position += 2
            continue
        position += 1
    if not eintraege or label == feld:
        return label
    return f"{label} ({', '.join(eintraege)})"


def befundgruppen(
    formular: Definition, befunde: Iterable[Mapping[str, str]], href: Any, uebersetzen: Any
) -> list[Befundgruppe]:
    """antrag's findings (``abschnitt``, ``feld``, ``code``, ``meldung``) by section, in the
    definition's order; ``href(befund)`` gives each its link."""
    titel = {a["name"]: a["titel"] for a in formular["abschnitte"]}
    gruppen: dict[str, Befundgruppe] = {}
    for befund in befunde:
        name = str(befund.get("abschnitt", ""))
        gruppe = gruppen.setdefault(name, Befundgruppe(titel.get(name, name)))
        text = befundtext(
            formular,
            name,
            str(befund.get("feld", "")),
            str(befund.get("code", "")),
            str(befund.get("meldung", "")),
            uebersetzen,
        )
        gruppe.befunde.append(Befund(text, href(befund)))
    reihenfolge = list(titel)
    return [
        gruppen[name]
        for name in sorted(
            gruppen, key=lambda n: reihenfolge.index(n) if n in titel else len(reihenfolge)
        )
    ]
