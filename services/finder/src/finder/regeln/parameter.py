"""Dated legal parameters, read from ``finder/daten/parameter/*.yaml`` (docs/adr/0094).

Every value carries the period it holds (``gilt_ab``, ``gilt_bis`` or open), its legal source and
a status. A date no value in force covers raises ``KeinParameter``: the finder never answers a
question about 2027 with the amounts of 2026. Drafts (``status: entwurf``, e.g. a bill in
parliament) are loaded and shown on request but never used for an answer.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

PARAMETER_VERZEICHNIS = Path(__file__).resolve().parent.parent / "daten" / "parameter"
STATUS = ("in_kraft", "entwurf")


class KeinParameter(LookupError):
    """No value in force covers the date (or the name is unknown). ``str()`` is a sentence a
    person can read; it never contains anything the person entered."""

    def __init__(self, name: str, stichtag: date, grund: str = "") -> None:
        self.name = name
        self.stichtag = stichtag
        self.grund = grund
        super().__init__(name, stichtag)

    def __str__(self) -> str:
        if self.grund == "unbekannt":
            return f"Den Rechenwert „{self.name}“ kennt der Finder nicht."
        if self.grund == "vorher":
            return (
                f"Für den {self.stichtag:%d.%m.%Y} hat der Finder keine Werte: "
                "er rechnet mit dem Recht ab 2025."
            )
        return f"Werte für {self.stichtag.year} sind noch nicht veröffentlicht."


@dataclass(frozen=True)
class Quelle:
    gesetz: str  # e.g. "SGB II"
    paragraph: str  # e.g. "§ 20 Abs. 1a SGB II i. V. m. § 2 RBSFV 2026"
    bgbl: str  # e.g. "BGBl. 2024 I Nr. 287"; what is not verified says so
    url: str | None = None

    def __str__(self) -> str:
        return f"{self.paragraph} ({self.bgbl})" if self.bgbl else self.paragraph


@dataclass(frozen=True)
class Parameter:
    name: str
    wert: Any  # Decimal, int, str, or dicts/lists of them
    einheit: str
    gilt_ab: date
    gilt_bis: date | None
    quelle: Quelle
    status: str  # "in_kraft" | "entwurf"
    hinweis: str = ""
    beschreibung: str = field(default="", compare=False)

    def gilt_am(self, stichtag: date) -> bool:
        return self.gilt_ab <= stichtag and (self.gilt_bis is None or stichtag <= self.gilt_bis)


class ParameterFehlerhaft(ValueError):
    """The data files contradict themselves (overlap, unknown status, missing field)."""


def _zahlen(wert: Any) -> Any:
    """YAML numbers to Decimal (floats through their shortest repr: 4.797e-4 stays exact)."""
    if isinstance(wert, bool):
        return wert
    if isinstance(wert, int | float):
        return Decimal(str(wert))
    if isinstance(wert, dict):
        return {schluessel: _zahlen(inhalt) for schluessel, inhalt in wert.items()}
    if isinstance(wert, list):
        return [_zahlen(inhalt) for inhalt in wert]
    return wert


def _datum(wert: Any, wo: str) -> date | None:
    if wert is None:
        return None
    if isinstance(wert, date):
        return wert
    try:
        return date.fromisoformat(str(wert))
    except ValueError as error:
        raise ParameterFehlerhaft(f"{wo}: kein Datum: {wert!r}") from error


class Parameterstand:
    """All parameters of the data files, looked up by name and date."""

    def __init__(self, parameter: dict[str, list[Parameter]], version: str) -> None:
        self._parameter = parameter
        self.version = version
        self._cache: dict[tuple[str, date], Parameter] = {}
        self._am: dict[date, dict[str, Any]] = {}
        self._regelstand: dict[date, date] = {}

    @classmethod
    def laden(cls, verzeichnis: Path = PARAMETER_VERZEICHNIS) -> Parameterstand:
        dateien = sorted(verzeichnis.glob("*.yaml"))
        if not dateien:
            raise ParameterFehlerhaft(f"keine Parameterdateien in {verzeichnis}")
        pruefsumme = hashlib.sha256()
        stand = ""
        alle: dict[str, list[Parameter]] = {}
        for datei in dateien:
            inhalt = datei.read_bytes()
            pruefsumme.update(datei.name.encode() + b"\0" + inhalt)
            daten = yaml.safe_load(inhalt)
            stand = max(stand, str(daten.get("stand", "")))
            for name, angaben in (daten.get("parameter") or {}).items():
                if name in alle:
                    raise ParameterFehlerhaft(f"{name} steht in zwei Dateien")
                alle[name] = _werte_lesen(name, angaben, datei.name)
        return cls(alle, f"{stand}+{pruefsumme.hexdigest()[:8]}")

    def namen(self) -> list[str]:
        return sorted(self._parameter)

    def alle_werte(self, name: str) -> list[Parameter]:
        """Every value of a parameter, drafts included, oldest first (for information pages)."""
        return list(self._parameter.get(name, ()))

    def wert(self, name: str, stichtag: date) -> Parameter:
        gefunden = self._cache.get((name, stichtag))
        if gefunden is not None:
            return gefunden
        werte = self._parameter.get(name)
        if werte is None:
            raise KeinParameter(name, stichtag, "unbekannt")
        for parameter in werte:
            if parameter.status == "in_kraft" and parameter.gilt_am(stichtag):
                if len(self._cache) > 50_000:
                    self._cache.clear()
                self._cache[(name, stichtag)] = parameter
                return parameter
        in_kraft = [p for p in werte if p.status == "in_kraft"]
        if in_kraft and stichtag < in_kraft[0].gilt_ab:
            raise KeinParameter(name, stichtag, "vorher")
        raise KeinParameter(name, stichtag, "nachher")

    def werte_am(self, stichtag: date) -> dict[str, Any]:
        """name -> value of every parameter in force on the date (kept per date: the rules ask
        for some thirty values per evaluation). A name missing here raises through ``wert``."""
        werte = self._am.get(stichtag)
        if werte is None:
            werte = {}
            for name, eintraege in self._parameter.items():
                for parameter in eintraege:
                    if parameter.status == "in_kraft" and parameter.gilt_am(stichtag):
                        werte[name] = parameter.wert
                        break
            if len(self._am) > 1_000:
                self._am.clear()
            self._am[stichtag] = werte
        return werte

    def entwurf(self, name: str, stichtag: date) -> Parameter | None:
        """A draft value for the date, if one is known (shown as an outlook, never used)."""
        for parameter in self._parameter.get(name, ()):
            if parameter.status == "entwurf" and parameter.gilt_am(stichtag):
                return parameter
        return None

    def regelstand(self, stichtag: date) -> date:
        """The latest ``gilt_ab`` among the values in force on the date: "Rechtsstand vom …"."""
        bekannt = self._regelstand.get(stichtag)
        if bekannt is not None:
            return bekannt
        neueste = [
            parameter.gilt_ab
            for werte in self._parameter.values()
            for parameter in werte
            if parameter.status == "in_kraft" and parameter.gilt_am(stichtag)
        ]
        if not neueste:
            raise KeinParameter("*", stichtag, "nachher")
        if len(self._regelstand) > 1_000:
            self._regelstand.clear()
        self._regelstand[stichtag] = max(neueste)
        return self._regelstand[stichtag]


def _werte_lesen(name: str, angaben: dict[str, Any], datei: str) -> list[Parameter]:
    wo = f"{datei}: {name}"
    try:
        einheit = str(angaben["einheit"])
        eintraege = angaben["werte"]
    except (KeyError, TypeError) as error:
        raise ParameterFehlerhaft(f"{wo}: 'einheit' und 'werte' fehlen") from error
    beschreibung = str(angaben.get("beschreibung", ""))
    werte: list[Parameter] = []
    for eintrag in eintraege:
        status = eintrag.get("status", "in_kraft")
        if status not in STATUS:
            raise ParameterFehlerhaft(f"{wo}: Status {status!r} unbekannt")
        quelle = eintrag.get("quelle") or {}
        if not quelle.get("paragraph"):
            raise ParameterFehlerhaft(f"{wo}: jede Angabe braucht eine Quelle mit 'paragraph'")
        gilt_ab = _datum(eintrag.get("gilt_ab"), wo)
        if gilt_ab is None:
            raise ParameterFehlerhaft(f"{wo}: 'gilt_ab' fehlt")
        gilt_bis = _datum(eintrag.get("gilt_bis"), wo)
        if gilt_bis is not None and gilt_bis < gilt_ab:
            raise ParameterFehlerhaft(f"{wo}: 'gilt_bis' liegt vor 'gilt_ab'")
        werte.append(
            Parameter(
                name=name,
                wert=_zahlen(eintrag["wert"]),
                einheit=einheit,
                gilt_ab=gilt_ab,
                gilt_bis=gilt_bis,
                quelle=Quelle(
                    gesetz=str(quelle.get("gesetz", "")),
                    paragraph=str(quelle["paragraph"]),
                    bgbl=str(quelle.get("bgbl", "")),
                    url=quelle.get("url"),
                ),
                status=status,
                hinweis=str(eintrag.get("hinweis", "")).strip(),
                beschreibung=beschreibung,
            )
        )
    werte.sort(key=lambda parameter: parameter.gilt_ab)
    for status in STATUS:
        gleiche = [parameter for parameter in werte if parameter.status == status]
        for frueher, spaeter in zip(gleiche, gleiche[1:], strict=False):
            if frueher.gilt_bis is None or frueher.gilt_bis >= spaeter.gilt_ab:
                raise ParameterFehlerhaft(
                    f"{wo}: Zeiträume ab {frueher.gilt_ab} und ab {spaeter.gilt_ab} "
                    "überschneiden sich"
                )
    return werte
