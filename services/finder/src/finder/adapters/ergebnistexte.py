"""The result's texts in English and Leichte Sprache.

finder.regeln writes every text in German with a stable ``code`` beside it and the figures in
``werte`` (``{"code": "regelbedarf", "text": "...", "werte": {"betrag": 563.0}}``). The
translations are data (``finder/fragen/ergebnistexte.yaml``): code -> a text per language with
``{name}`` for each value. A code without a translation keeps its German text and says so
(``"sprache": "de"``), so a page can mark it ``lang="de"`` instead of passing it off as
translated.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATEI = Path(__file__).parents[1] / "fragen" / "ergebnistexte.yaml"
UEBERSETZT = ("en", "de-x-ls")


_ISO_DATUM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MONATE = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "de-x-ls": (
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ),
}


def _datum(tag: date, sprache: str) -> str:
    """1 July 2026; 1. Juli 2026."""
    monat = MONATE.get(sprache, MONATE["de-x-ls"])[tag.month - 1]
    return f"{tag.day} {monat} {tag.year}" if sprache == "en" else f"{tag.day}. {monat} {tag.year}"


class _Werte(dict):
    """A value the text names but the rule did not give stays visible as ``{name}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _betrag(wert: Any, sprache: str) -> str:
    if isinstance(wert, float | int) and not isinstance(wert, bool):
        text = f"{wert:,.2f}"
        if sprache != "en":
            text = text.replace(",", " ").replace(".", ",").replace(" ", ".")
        return text.removesuffix(",00").removesuffix(".00")
    return str(wert)


class Ergebnistexte:
    def __init__(
        self, texte: Mapping[str, Mapping[str, str]], deutsch: Mapping[str, str] | None = None
    ) -> None:
        self.texte = texte
        # a value that is itself a German text of the rules (a clause filled into a sentence)
        # is translated too: German text -> its code
        self.codes_deutsch = {text: code for code, text in (deutsch or {}).items()}

    @classmethod
    @cache
    def laden(cls, datei: Path = DATEI) -> Ergebnistexte:
        roh = yaml.safe_load(datei.read_text(encoding="utf-8")) or {}
        for code, texte in roh.items():
            if not isinstance(texte, dict) or set(texte) != set(UEBERSETZT):
                raise ValueError(f"{datei}: {code} needs exactly {', '.join(UEBERSETZT)}")
            for text in texte.values():
                list(string.Formatter().parse(text))  # a broken {placeholder} fails here
        from finder.regeln.texte import TEXTE

        return cls(roh, TEXTE)

    def uebersetzen(self, wert: Any, sprache: str) -> Any:
        """The same structure (JSON: dicts, lists, plain values) with its texts in the language."""
        if sprache == "de":
            return wert
        return self._uebersetzen(wert, sprache)

    def _uebersetzen(self, wert: Any, sprache: str) -> Any:
        if type(wert) is list:
            return [self._uebersetzen(w, sprache) for w in wert]
        if type(wert) is not dict:
            return wert
        ergebnis = {k: self._uebersetzen(v, sprache) for k, v in wert.items()}
        code = wert.get("code")
        if code is not None and type(wert.get("text")) is str:
            vorlage = self.texte.get(code, {}).get(sprache)
            if vorlage is None:
                ergebnis["sprache"] = "de"
            else:
                werte = wert.get("werte")
                werte = werte if type(werte) is dict else {}
                lesbar = _Werte({k: self._wert(v, sprache) for k, v in werte.items()})
                ergebnis["text"] = string.Formatter().vformat(vorlage, (), lesbar)
        leistung = wert.get("leistung")
        if type(leistung) is str and type(wert.get("name")) is str:
            # the name in force on the day first (Bürgergeld, Grundsicherungsgeld), else the key's
            name = self.texte.get(f"name.{wert['name']}", {}).get(sprache) or self.texte.get(
                f"leistung.{leistung}", {}
            ).get(sprache)
            if name is not None:
                ergebnis["name"] = name
        return ergebnis

    def _wert(self, wert: Any, sprache: str) -> str:
        code = self.codes_deutsch.get(wert) if isinstance(wert, str) else None
        if code is not None and sprache in self.texte.get(code, {}):
            return self.texte[code][sprache]
        if isinstance(wert, str) and _ISO_DATUM.fullmatch(wert):
            return _datum(date.fromisoformat(wert), sprache)
        return _betrag(wert, sprache)
