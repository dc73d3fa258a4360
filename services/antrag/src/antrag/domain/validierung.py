"""Validation driven by the form definition: marshmallow schemas built from it, conditions
(required-if), repeating groups and plausibility rules across fields and sections.

Three kinds of findings, each a ``Feldfehler`` with a stable code:

- ``fehler``: a value that is wrong (a date that is none, a bad IBAN, a child older than its
  parent). Saving a section with such a value is refused (422).
- ``fehlend``: something required is not there yet. A draft may be incomplete, so saving
  succeeds and reports what is still missing; submitting refuses until nothing is.
- Values of fields that do not apply (their condition does not hold) are dropped: the
  application holds only what is asked for (data minimisation).
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate
from schwifty import IBAN
from schwifty.exceptions import (
    InvalidBBANChecksum,
    InvalidChecksumDigits,
    InvalidCountryCode,
    InvalidLength,
    SchwiftyException,
)

from antrag.domain.formular import Abschnitt, Bedingung, Feld, Formular, feld_an
from antrag.domain.meldungen import meldung
from contracts.text import FEHLER_EINZEILIG, FEHLER_STEUERZEICHEN, Text, TextValidator
from kernel import zeit
from kernel.aggregate import to_json_safe

Daten = dict[str, Any]


@dataclass(frozen=True)
class Feldfehler:
    """One finding at one field: ``feld`` is the path inside the section, with entry numbers
    (``personen.1.geburtsdatum``); empty for the section as a whole."""

    abschnitt: str
    feld: str
    code: str

    def als_dict(self, formular: Formular, sprache: str) -> dict[str, str]:
        return {
            "abschnitt": self.abschnitt,
            "feld": self.feld,
            "code": self.code,
            "meldung": meldungstext(formular, self, sprache),
        }


@dataclass(frozen=True)
class Pruefergebnis:
    daten: Daten  # as stored: only fields that apply, JSON types (dates ISO, amounts "12.30")
    fehler: tuple[Feldfehler, ...]
    fehlend: tuple[Feldfehler, ...]


def meldungstext(formular: Formular, fehler: Feldfehler, sprache: str) -> str:
    for regel in formular.regeln:
        if regel.code == fehler.code:
            return regel.meldung.in_sprache(sprache)
    pfad = re.sub(r"\.\d+(?=\.|$)", "[]", f"{fehler.abschnitt}.{fehler.feld}")
    return meldung(fehler.code, sprache, feld_an(formular, pfad))


# checking one section -----------------------------------------------------------------------


def abschnitt_pruefen(
    formular: Formular, abschnitt_name: str, eingabe: Any, gespeichert: Mapping[str, Daten]
) -> Pruefergebnis:
    """Check what a person entered on one section page, against the other saved sections."""
    abschnitt = formular.abschnitt(abschnitt_name)
    if abschnitt is None:
        raise KeyError(abschnitt_name)
    if not isinstance(eingabe, dict):
        return Pruefergebnis({}, (Feldfehler(abschnitt_name, "", "objekt_erwartet"),), ())
    schema = _schema(formular, abschnitt)
    try:
        geladen = schema.load(_ohne_leeres(eingabe))
    except ValidationError as error:
        return Pruefergebnis({}, tuple(_flach(abschnitt_name, error.messages)), ())
    kontext = {**gespeichert, abschnitt_name: {}}
    daten = to_json_safe(_anwendbar(abschnitt.felder, geladen, kontext))
    kontext[abschnitt_name] = daten
    fehler = tuple(f for f in regeln_pruefen(formular, kontext) if f.abschnitt == abschnitt_name)
    fehlend = tuple(_fehlende(abschnitt_name, abschnitt.felder, daten, kontext, ""))
    return Pruefergebnis(daten, fehler, fehlend)


def antrag_pruefen(formular: Formular, gespeichert: Mapping[str, Daten]) -> list[Feldfehler]:
    """Everything that stands in the way of submitting: wrong values, missing answers,
    missing sections. Stored sections are checked again: the definition may have changed."""
    befunde: list[Feldfehler] = []
    bereinigt = bereinigte_abschnitte(formular, gespeichert)
    for abschnitt in formular.abschnitte:
        if not abschnitt_gilt(formular, abschnitt.name, bereinigt):
            continue
        if abschnitt.name not in gespeichert:
            befunde.append(Feldfehler(abschnitt.name, "", "abschnitt_fehlt"))
            continue
        ergebnis = abschnitt_pruefen(
            formular, abschnitt.name, gespeichert[abschnitt.name], bereinigt
        )
        befunde.extend(ergebnis.fehler)
        befunde.extend(ergebnis.fehlend)
    befunde.extend(f for f in regeln_pruefen(formular, bereinigt) if f not in befunde)
    return befunde


def kurzantrag_pruefen(formular: Formular, gespeichert: Mapping[str, Daten]) -> list[Feldfehler]:
    """What a short filing still lacks: each field the definition names for it."""
    fehlend = []
    for pfad in formular.kurzantrag:
        abschnitt_name, _, feld = pfad.partition(".")
        if wert_an(gespeichert, pfad) is None:
            fehlend.append(Feldfehler(abschnitt_name, feld, "pflichtfeld"))
    return fehlend


def kurzantrag_daten(formular: Formular, gespeichert: Mapping[str, Daten]) -> dict[str, Daten]:
    """Only the fields a short filing carries, by section."""
    daten: dict[str, Daten] = {}
    for pfad in formular.kurzantrag:
        abschnitt_name, _, feld = pfad.partition(".")
        wert = wert_an(gespeichert, pfad)
        if wert is not None:
            daten.setdefault(abschnitt_name, {})[feld] = wert
    return daten


def bereinigte_abschnitte(formular: Formular, gespeichert: Mapping[str, Daten]) -> dict[str, Daten]:
    """The saved sections that apply (a section whose condition no longer holds is left out)."""
    return {
        name: daten
        for name, daten in gespeichert.items()
        if formular.abschnitt(name) is not None and abschnitt_gilt(formular, name, gespeichert)
    }


def abschnitt_gilt(formular: Formular, name: str, gespeichert: Mapping[str, Daten]) -> bool:
    abschnitt = formular.abschnitt(name)
    return abschnitt is not None and (
        abschnitt.wenn is None or gilt(abschnitt.wenn, wert_an(gespeichert, abschnitt.wenn.feld))
    )


def ist_dringlich(formular: Formular, gespeichert: Mapping[str, Daten]) -> bool:
    bedingung = formular.dringlich_wenn
    return bedingung is not None and gilt(bedingung, wert_an(gespeichert, bedingung.feld))


# conditions and paths -----------------------------------------------------------------------


def gilt(bedingung: Bedingung, wert: Any) -> bool:
    if wert is None:
        return False
    if bedingung.enthaelt is not None:
        return isinstance(wert, list) and bedingung.enthaelt in wert
    if bedingung.ist_nicht is not None:
        verboten = bedingung.ist_nicht
        return wert not in verboten if isinstance(verboten, tuple) else wert != verboten
    erlaubt = bedingung.ist
    return wert in erlaubt if isinstance(erlaubt, tuple) else wert == erlaubt


def wert_an(daten: Mapping[str, Any], pfad: str, eintraege: tuple[int, ...] = ()) -> Any:
    """The value at an absolute path; ``[]`` segments take the given entry numbers in turn."""
    aktuell: Any = daten
    nummern = iter(eintraege)
    for teil in pfad.split("."):
        name = teil.removesuffix("[]")
        if not isinstance(aktuell, Mapping):
            return None
        aktuell = aktuell.get(name)
        if teil.endswith("[]"):
            nummer = next(nummern, None)
            if nummer is None or not isinstance(aktuell, list) or nummer >= len(aktuell):
                return None
            aktuell = aktuell[nummer]
    return aktuell


def _alle_werte(daten: Any, teile: list[str], nummern: tuple[int, ...]) -> Iterator[tuple]:
    if not teile:
        yield nummern, daten
        return
    if not isinstance(daten, Mapping):
        return
    teil, rest = teile[0], teile[1:]
    wert = daten.get(teil.removesuffix("[]"))
    if teil.endswith("[]"):
        for nummer, eintrag in enumerate(wert if isinstance(wert, list) else []):
            yield from _alle_werte(eintrag, rest, (*nummern, nummer))
    else:
        yield from _alle_werte(wert, rest, nummern)


# plausibility rules -------------------------------------------------------------------------

_VERGLEICHE: dict[str, Callable[[Any, Any], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}


def regeln_pruefen(formular: Formular, alle: Mapping[str, Daten]) -> list[Feldfehler]:
    fehler: list[Feldfehler] = []
    for regel in formular.regeln:
        feld, mit = feld_an(formular, regel.feld), feld_an(formular, regel.mit)
        for nummern, wert in _alle_werte(alle, regel.feld.split("."), ()):
            if regel.wenn is not None and not gilt(
                regel.wenn, wert_an(alle, regel.wenn.feld, nummern)
            ):
                continue
            a, b = _typisiert(feld, wert), _typisiert(mit, wert_an(alle, regel.mit, nummern))
            if a is None or b is None or _VERGLEICHE[regel.vergleich](a, b):
                continue
            abschnitt_name, _, rest = regel.feld.partition(".")
            fehler.append(Feldfehler(abschnitt_name, _mit_nummern(rest, nummern), regel.code))
    return fehler


def _typisiert(feld: Feld | None, wert: Any) -> Any:
    if feld is None or wert is None:
        return None
    try:
        if feld.typ == "datum":
            return date.fromisoformat(wert)
        if feld.typ in ("betrag", "zahl"):
            return Decimal(str(wert))
    except (TypeError, ValueError, InvalidOperation):
        return None
    return wert


def _mit_nummern(pfad: str, nummern: tuple[int, ...]) -> str:
    teile = iter(nummern)
    return re.sub(r"\[\]", lambda _: f".{next(teile)}", pfad)


# applying conditions and finding what is missing --------------------------------------------


def _bedingungswert(bedingung: Bedingung, geschwister: Mapping[str, Any], kontext) -> Any:  # noqa: ANN001
    if "." in bedingung.feld:
        return wert_an(kontext, bedingung.feld)
    return geschwister.get(bedingung.feld)


def _anwendbar(felder: tuple[Feld, ...], daten: Mapping[str, Any], kontext) -> Daten:  # noqa: ANN001
    """Only the fields that apply; conditions name earlier fields, so one pass suffices."""
    ergebnis: Daten = {}
    for feld in felder:
        if feld.wenn is not None and not gilt(
            feld.wenn, _bedingungswert(feld.wenn, ergebnis, kontext)
        ):
            continue
        if feld.name not in daten:
            continue
        wert = daten[feld.name]
        if feld.typ == "gruppe":
            wert = [_anwendbar(feld.felder, eintrag, kontext) for eintrag in wert]
        ergebnis[feld.name] = wert
    return ergebnis


def _fehlende(
    abschnitt: str,
    felder: tuple[Feld, ...],
    daten: Mapping[str, Any],
    kontext,
    prefix: str,  # noqa: ANN001
) -> Iterator[Feldfehler]:
    for feld in felder:
        if feld.wenn is not None and not gilt(
            feld.wenn, _bedingungswert(feld.wenn, daten, kontext)
        ):
            continue
        pfad = f"{prefix}{feld.name}"
        wert = daten.get(feld.name)
        if wert is None:
            if feld.muss_ja_sein:  # a declaration is confirmed, not filled in
                yield Feldfehler(abschnitt, pfad, "bestaetigung_fehlt")
            elif feld.pflicht:
                yield Feldfehler(abschnitt, pfad, "pflichtfeld")
            continue
        if feld.muss_ja_sein and wert is not True:
            yield Feldfehler(abschnitt, pfad, "bestaetigung_fehlt")
        if feld.typ == "gruppe":
            if feld.minimum is not None and len(wert) < feld.minimum:
                yield Feldfehler(abschnitt, pfad, "zu_wenige_eintraege")
            for nummer, eintrag in enumerate(wert):
                yield from _fehlende(abschnitt, feld.felder, eintrag, kontext, f"{pfad}.{nummer}.")


def _ohne_leeres(wert: Any) -> Any:
    """Empty answers count as not given: None, blank text, an unticked multiple choice."""
    if isinstance(wert, dict):
        bereinigt = {}
        for key, item in wert.items():
            item = _ohne_leeres(item)
            if item is None or item == "" or item == []:
                continue
            bereinigt[key] = item
        return bereinigt
    if isinstance(wert, list):
        return [_ohne_leeres(item) for item in wert]
    if isinstance(wert, str):
        return wert.strip()
    return wert


def _flach(abschnitt: str, messages: Any, prefix: str = "") -> Iterator[Feldfehler]:
    """marshmallow's nested messages -> one Feldfehler per field (the first code only)."""
    if isinstance(messages, list):
        if messages and all(isinstance(m, str) for m in messages):
            yield Feldfehler(abschnitt, prefix.rstrip("."), messages[0])
            return
        for item in messages:
            yield from _flach(abschnitt, item, prefix)
        return
    if isinstance(messages, dict):
        for key, item in messages.items():
            if key == "_schema":
                yield from _flach(abschnitt, item, prefix)
            else:
                yield from _flach(abschnitt, item, f"{prefix}{key}.")


# marshmallow fields -------------------------------------------------------------------------


class _Betrag(fields.Field):
    """Euros with at most two decimals; accepts 1234.5, "1234,50" and "1.234,50"."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValidationError("betrag_ungueltig")
        text = str(value).replace(" ", "").replace("€", "")
        if "," in text:
            text = text.replace(".", "").replace(",", ".")
        if not re.fullmatch(r"-?\d{1,9}(\.\d{1,2})?", text):
            raise ValidationError("betrag_ungueltig")
        return Decimal(text).quantize(Decimal("0.01"))


class _Datum(fields.Field):
    """A calendar date as ISO 8601 (2026-01-31) or German (31.01.2026)."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> date:
        if not isinstance(value, str):
            raise ValidationError("datum_ungueltig")
        try:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                return date.fromisoformat(value)
            deutsch = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
            if deutsch:
                tag, monat, jahr = (int(g) for g in deutsch.groups())
                return date(jahr, monat, tag)
        except ValueError:
            pass
        raise ValidationError("datum_ungueltig")


class _JaNein(fields.Field):
    _WAHR = frozenset({True, "true", "ja", "1", "on", "yes"})
    _FALSCH = frozenset({False, "false", "nein", "0", "off", "no"})

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        key = value.lower() if isinstance(value, str) else value
        if isinstance(key, bool | str):
            if key in self._WAHR:
                return True
            if key in self._FALSCH:
                return False
        raise ValidationError("ja_nein_ungueltig")


class _Mehrfachauswahl(fields.Field):
    def __init__(self, werte: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.werte = werte

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValidationError("auswahl_ungueltig")
        if any(v not in self.werte for v in value):
            raise ValidationError("auswahl_ungueltig")
        return [w for w in self.werte if w in value]  # definition order, no duplicates


class _Iban(fields.Field):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise ValidationError("iban_ungueltig")
        try:
            return IBAN(value).compact
        except (InvalidChecksumDigits, InvalidBBANChecksum):
            raise ValidationError("iban_pruefziffer") from None
        except InvalidLength:
            raise ValidationError("iban_laenge") from None
        except InvalidCountryCode:
            raise ValidationError("iban_land") from None
        except SchwiftyException:
            raise ValidationError("iban_ungueltig") from None


def _datum_pruefen(feld: Feld) -> Callable[[date], None]:
    def pruefen(wert: date) -> None:
        heute = zeit.heute()  # a day in Germany, not the container's UTC day
        if not date(1900, 1, 1) <= wert <= date(heute.year + 5, 12, 31):
            raise ValidationError("datum_unplausibel")
        if feld.zeitraum == "vergangenheit" and wert > heute:
            raise ValidationError("datum_in_zukunft")
        if feld.zeitraum == "zukunft" and wert < heute:
            raise ValidationError("datum_in_vergangenheit")
        if feld.hoechstalter is not None and _alter(wert, heute) >= feld.hoechstalter:
            raise ValidationError("alter_zu_hoch")

    return pruefen


def _alter(geburtstag: date, heute: date) -> int:
    return (
        heute.year
        - geburtstag.year
        - ((heute.month, heute.day) < (geburtstag.month, geburtstag.day))
    )


def _bereich(feld: Feld, klein: str, gross: str) -> list[validate.Validator]:
    pruefer: list[validate.Validator] = []
    if feld.minimum is not None:
        pruefer.append(validate.Range(min=feld.minimum, error=klein))
    if feld.maximum is not None:
        pruefer.append(validate.Range(max=feld.maximum, error=gross))
    return pruefer


# Text by the platform's one definition (contracts.text, docs/adr/0066): a langtext may span
# lines, every other text field is one line (names, addresses, numbers typed as text).
_TEXTFEHLER = {FEHLER_STEUERZEICHEN: "text_steuerzeichen", FEHLER_EINZEILIG: "text_einzeilig"}


def _text(einzeilig: bool, fehler_code: str, **optionen: Any) -> Text:
    return Text(
        einzeilig=einzeilig,
        error_messages={"invalid": fehler_code, **_TEXTFEHLER},
        **optionen,
    )


def _marshmallow_feld(feld: Feld) -> fields.Field:
    typ = feld.typ
    if typ in ("text", "langtext"):
        return _text(
            typ == "text",
            "text_erwartet",
            validate=validate.Length(max=feld.laenge_max, error="text_zu_lang"),
        )
    if typ == "zahl":
        return fields.Integer(
            strict=False,
            validate=_bereich(feld, "zahl_zu_klein", "zahl_zu_gross"),
            error_messages={"invalid": "zahl_ungueltig", "too_large": "zahl_zu_gross"},
        )
    if typ == "betrag":
        grenzen = Feld(
            feld.name,
            feld.typ,
            feld.label,
            minimum=feld.minimum if feld.minimum is not None else Decimal("0"),
            maximum=feld.maximum if feld.maximum is not None else Decimal("10000000"),
        )
        return _Betrag(validate=_bereich(grenzen, "betrag_zu_klein", "betrag_zu_gross"))
    if typ == "datum":
        return _Datum(validate=_datum_pruefen(feld))
    if typ == "ja_nein":
        return _JaNein()
    if typ == "auswahl":
        werte = [option.wert for option in feld.optionen]
        return fields.String(
            validate=validate.OneOf(werte, error="auswahl_ungueltig"),
            error_messages={"invalid": "auswahl_ungueltig"},
        )
    if typ == "mehrfachauswahl":
        return _Mehrfachauswahl(tuple(option.wert for option in feld.optionen))
    if typ == "iban":
        return _Iban()
    if typ == "plz":
        return _text(
            True, "plz_ungueltig", validate=validate.Regexp(r"^[0-9]{5}$", error="plz_ungueltig")
        )
    if typ == "telefon":
        return _text(
            True,
            "telefon_ungueltig",
            validate=validate.Regexp(r"^\+?[0-9][0-9 ()/-]{4,28}[0-9]$", error="telefon_ungueltig"),
        )
    if typ == "email":
        # marshmallow's check lets C0 controls through inside a quoted local part.
        return fields.Email(
            validate=[
                TextValidator(einzeilig=True, fehler=_TEXTFEHLER),
                validate.Length(max=254, error="email_ungueltig"),
            ],
            error_messages={"invalid": "email_ungueltig"},
        )
    if typ == "gruppe":
        return fields.List(
            fields.Nested(_schema_klasse(feld.felder), error_messages={"type": "objekt_erwartet"}),
            validate=_bereich_liste(feld),
            error_messages={"invalid": "liste_erwartet"},
        )
    raise ValueError(f"unknown field type {typ}")


def _bereich_liste(feld: Feld) -> list[validate.Validator]:
    if feld.maximum is None:
        return []
    return [validate.Length(max=int(feld.maximum), error="zu_viele_eintraege")]


def _schema_klasse(felder: tuple[Feld, ...]) -> type[Schema]:
    attrs: dict[str, Any] = {feld.name: _marshmallow_feld(feld) for feld in felder}
    attrs["Meta"] = type("Meta", (), {"unknown": RAISE})
    attrs["error_messages"] = {"unknown": "unbekanntes_feld", "type": "objekt_erwartet"}
    return type("AbschnittSchema", (Schema,), attrs)


_SCHEMAS: dict[tuple[str, str, str], Schema] = {}


def _schema(formular: Formular, abschnitt: Abschnitt) -> Schema:
    """One schema per (definition version, section), built once."""
    key = (formular.leistung, formular.version, abschnitt.name)
    schema = _SCHEMAS.get(key)
    if schema is None:
        schema = _SCHEMAS[key] = _schema_klasse(abschnitt.felder)()
    return schema
