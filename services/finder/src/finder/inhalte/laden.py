"""Loads the content files once, checks their shape, and renders them for a language and a day.

Why a check at load time: the files are edited by people who write content, not code. A missing
section, a misspelt key or a benefit page that exists in German only must stop the service at its
start (and the unit tests), not show a half page to someone who needs the money.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from finder.regeln import KeinParameter

VERZEICHNIS = Path(__file__).parent
SPRACHEN: tuple[str, ...] = ("de", "en", "de-x-ls")
# The sections of every benefit page, in this order (the issue: who can get it, how much, what
# to bring, where to apply, deadlines). Each must be present in each language.
ABSCHNITTE: tuple[str, ...] = ("wer", "wie_viel", "mitbringen", "wo", "fristen")
AUSFUELLHILFE_TEILE: tuple[str, ...] = ("worum_es_geht", "bereithalten", "tipps", "achtung")
GEMEINSAM = "_gemeinsam"
# {name} (the benefit's name on the day) or {bereich.parameter[.schluessel…]}: a parameter of
# finder.regeln and, for a table, the path to one value in it (keys or list positions).
# between a number and its unit: "563 €" never breaks over two lines on a narrow screen
NBSP = "\u00a0"
PLATZHALTER = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*)\}")


class InhaltFehlerhaft(Exception):
    """A content file is malformed; the message names the file and what is wrong."""


class LeistungUnbekannt(LookupError):
    def __init__(self, leistung_id: str) -> None:
        super().__init__(f"Keine Informationsseite für die Leistung {leistung_id!r}")
        self.leistung_id = leistung_id


class AusfuellhilfeUnbekannt(LookupError):
    def __init__(self, formular: str, abschnitt: str) -> None:
        super().__init__(f"Keine Ausfüllhilfe für {formular!r}, Abschnitt {abschnitt!r}")
        self.formular = formular
        self.abschnitt = abschnitt


class SpracheUnbekannt(LookupError):
    def __init__(self, sprache: str) -> None:
        super().__init__(f"Sprache {sprache!r} gibt es nicht; es gibt {', '.join(SPRACHEN)}")
        self.sprache = sprache


@dataclass(frozen=True)
class Gueltig:
    """A piece of content and the days it holds for (both ends inclusive, None: open)."""

    inhalt: Any
    gilt_ab: date | None = None
    gilt_bis: date | None = None

    def gilt_am(self, tag: date) -> bool:
        return (self.gilt_ab is None or self.gilt_ab <= tag) and (
            self.gilt_bis is None or tag <= self.gilt_bis
        )


@dataclass(frozen=True)
class Leistungsseite:
    id: str
    sprache: str
    namen: tuple[Gueltig, ...]
    kurz: str
    abschnitte: dict[str, tuple[Gueltig, ...]]
    rechtsgrundlagen: tuple[str, ...]
    weiter: tuple[dict[str, str], ...]
    datei: str


@dataclass
class Inhalte:
    """Every content file, loaded and checked. ``laden()`` reads the package's own files."""

    leistungen: dict[tuple[str, str], Leistungsseite] = field(default_factory=dict)
    reihenfolge: list[str] = field(default_factory=list)
    ausfuellhilfen: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    texte: dict[str, dict[str, str]] = field(default_factory=dict)
    formular_leistung: dict[str, str] = field(default_factory=dict)  # form -> its benefit page

    @classmethod
    def laden(cls, verzeichnis: Path = VERZEICHNIS) -> Inhalte:
        inhalte = cls()
        for sprache in SPRACHEN:
            inhalte.texte[sprache] = _texte(verzeichnis / f"texte.{sprache}.yaml")
        reihenfolge = _yaml(verzeichnis / "leistungen" / "reihenfolge.yaml")
        if not isinstance(reihenfolge, list) or not all(isinstance(x, str) for x in reihenfolge):
            raise InhaltFehlerhaft("leistungen/reihenfolge.yaml: eine Liste von Leistungs-IDs")
        inhalte.reihenfolge = list(reihenfolge)
        for leistung_id in reihenfolge:
            for sprache in SPRACHEN:
                pfad = verzeichnis / "leistungen" / f"{leistung_id}.{sprache}.yaml"
                inhalte.leistungen[leistung_id, sprache] = _leistungsseite(
                    pfad, leistung_id, sprache
                )
        uebrige = (
            {p.name.split(".")[0] for p in (verzeichnis / "leistungen").glob("*.yaml")}
            - set(reihenfolge)
            - {"reihenfolge"}
        )
        if uebrige:
            raise InhaltFehlerhaft(
                f"leistungen/: Dateien ohne Eintrag in reihenfolge.yaml: {sorted(uebrige)}"
            )
        inhalte.ausfuellhilfen = _ausfuellhilfen(verzeichnis / "ausfuellhilfen")
        zuordnung = _yaml(verzeichnis / "ausfuellhilfen" / "_leistungen.yaml")
        formulare = {formular for formular, _, _ in inhalte.ausfuellhilfen}
        if not isinstance(zuordnung, dict) or set(zuordnung) != formulare:
            raise InhaltFehlerhaft(
                f"ausfuellhilfen/_leistungen.yaml: je Antrag eine Leistung ({sorted(formulare)})"
            )
        if unbekannt := set(zuordnung.values()) - set(reihenfolge):
            raise InhaltFehlerhaft(
                f"ausfuellhilfen/_leistungen.yaml: keine Informationsseite für {sorted(unbekannt)}"
            )
        inhalte.formular_leistung = {str(k): str(v) for k, v in zuordnung.items()}
        return inhalte

    # rendering -----------------------------------------------------------------------------

    def leistungen_liste(
        self, sprache: str, stichtag: date, parameter: Any
    ) -> list[dict[str, Any]]:
        _sprache_pruefen(sprache)
        ergebnis = []
        for leistung_id in self.reihenfolge:
            seite = self.leistungen[leistung_id, sprache]
            name = _name(seite, stichtag)
            fueller = _Fueller(self.texte[sprache], sprache, stichtag, parameter, name)
            ergebnis.append(
                {
                    "id": leistung_id,
                    "name": name,
                    "kurz": fueller.fuellen(seite.kurz),
                }
            )
        return ergebnis

    def leistung(
        self, leistung_id: str, sprache: str, stichtag: date, parameter: Any
    ) -> dict[str, Any]:
        _sprache_pruefen(sprache)
        seite = self.leistungen.get((leistung_id, sprache))
        if seite is None:
            raise LeistungUnbekannt(leistung_id)
        texte = self.texte[sprache]
        name = _name(seite, stichtag)
        fueller = _Fueller(texte, sprache, stichtag, parameter, name)
        abschnitte = []
        for art in ABSCHNITTE:
            bloecke = []
            for block in seite.abschnitte[art]:
                if not block.gilt_am(stichtag):
                    continue
                if isinstance(block.inhalt, list):
                    bloecke.append({"liste": [fueller.fuellen(t) for t in block.inhalt]})
                else:
                    bloecke.append({"text": fueller.fuellen(block.inhalt)})
            abschnitte.append({"art": art, "titel": texte[f"abschnitt_{art}"], "bloecke": bloecke})
        return {
            "id": leistung_id,
            "sprache": sprache,
            "stichtag": stichtag.isoformat(),
            "parameterstand": str(getattr(parameter, "version", "")),
            "name": name,
            "kurz": fueller.fuellen(seite.kurz),
            "abschnitte": abschnitte,
            "rechtsgrundlagen": list(seite.rechtsgrundlagen),
            "weiter": [dict(link) for link in seite.weiter],
            "betraege": fueller.verwendet(),
            "hinweise": fueller.hinweise(),
        }

    def ausfuellhilfe(self, formular: str, abschnitt: str, sprache: str) -> dict[str, Any]:
        _sprache_pruefen(sprache)
        eintrag = self.ausfuellhilfen.get((formular, abschnitt, sprache))
        if eintrag is None:
            raise AusfuellhilfeUnbekannt(formular, abschnitt)
        texte = self.texte[sprache]
        return {
            "formular": formular,
            "abschnitt": abschnitt,
            "sprache": sprache,
            "titel": eintrag["titel"],
            "leistung": self.formular_leistung[formular],
            "teile": [
                {"art": teil, "titel": texte[f"hilfe_{teil}"], "texte": list(eintrag[teil])}
                for teil in AUSFUELLHILFE_TEILE
                if eintrag.get(teil)
            ],
        }


# the module's interface (H2's RPC calls these) ------------------------------------------------


@cache
def inhalte() -> Inhalte:
    """The package's content, loaded once per process (the files change only with a release)."""
    return Inhalte.laden()


def leistungen(sprache: str, stichtag: date, parameter: Any) -> list[dict[str, Any]]:
    return inhalte().leistungen_liste(sprache, stichtag, parameter)


def leistung(id: str, sprache: str, stichtag: date, parameter: Any) -> dict[str, Any]:  # noqa: A002
    return inhalte().leistung(id, sprache, stichtag, parameter)


def ausfuellhilfe(formular: str, abschnitt: str, sprache: str) -> dict[str, Any]:
    return inhalte().ausfuellhilfe(formular, abschnitt, sprache)


def ausfuellhilfen() -> dict[str, list[str]]:
    """Which sections of which forms have help (the same in every language: checked at load)."""
    ergebnis: dict[str, list[str]] = {}
    for formular, abschnitt, sprache in inhalte().ausfuellhilfen:
        if sprache == SPRACHEN[0]:
            ergebnis.setdefault(formular, []).append(abschnitt)
    return ergebnis


# filling in the parameters --------------------------------------------------------------------


class _Fueller:
    """Replaces ``{name}`` with the parameter's value on the day, formatted for the language;
    remembers which parameters it used (with their sources) and which were not published.

    ``{name}`` itself is the benefit's name on that day. A value only a draft knows (a bill,
    an amount not yet confirmed) is shown marked as a draft, never as law in force; a value
    nobody knows yet is said to be unpublished."""

    def __init__(
        self,
        texte: dict[str, str],
        sprache: str,
        stichtag: date,
        parameter: Any,
        name: str = "",
    ):
        self._texte = texte
        self._sprache = sprache
        self._stichtag = stichtag
        self._parameter = parameter
        self._name = name
        self._verwendet: dict[str, dict[str, Any]] = {}
        self._fehlend: set[str] = set()
        self._vorher = False
        self._entwurf = False

    def fuellen(self, text: str) -> str:
        return PLATZHALTER.sub(lambda treffer: self._wert(treffer[1]), text)

    def _wert(self, platzhalter: str) -> str:
        if platzhalter == "name":
            return self._name
        name, pfad = _name_und_pfad(platzhalter)
        try:
            wert = self._parameter.wert(name, self._stichtag)
            entwurf = False
        except KeinParameter as fehler:
            nachschlagen = getattr(self._parameter, "entwurf", None)
            wert = nachschlagen(name, self._stichtag) if nachschlagen else None
            if wert is None:
                self._fehlend.add(name)
                if getattr(fehler, "grund", "") == "vorher":  # a day before the finder's law
                    self._vorher = True
                    return self._texte["betrag_unbekannt"]
                return self._texte["betrag_fehlt"]
            entwurf = self._entwurf = True
        self._verwendet.setdefault(name, _beschreibung(wert))
        einzeln = _auswaehlen(wert.wert, pfad, platzhalter)
        text = formatieren(einzeln, wert.einheit, self._sprache, pfad)
        return f"{text} {self._texte['entwurf']}" if entwurf else text

    def verwendet(self) -> list[dict[str, Any]]:
        return list(self._verwendet.values())

    def hinweise(self) -> list[str]:
        hinweise = []
        if self._vorher:
            hinweise.append(self._texte["betraege_vorher"].format(jahr=self._stichtag.year))
        elif self._fehlend:
            hinweise.append(self._texte["betraege_fehlen"].format(jahr=self._stichtag.year))
        if self._entwurf:
            hinweise.append(self._texte["entwurf_hinweis"])
        return hinweise

    def fehlend(self) -> list[str]:
        return sorted(self._fehlend)


def _beschreibung(parameter: Any) -> dict[str, Any]:
    quelle = getattr(parameter, "quelle", None)
    if is_dataclass(quelle) and not isinstance(quelle, type):
        quelle = asdict(quelle)
    elif quelle is not None and not isinstance(quelle, (str, dict)):
        quelle = str(quelle)
    gilt_bis = getattr(parameter, "gilt_bis", None)
    wert = parameter.wert
    return {
        "name": parameter.name,
        "wert": _json(wert),
        "einheit": getattr(parameter, "einheit", None),
        "gilt_ab": parameter.gilt_ab.isoformat(),
        "gilt_bis": gilt_bis.isoformat() if gilt_bis else None,
        "quelle": quelle,
        "status": getattr(parameter, "status", None),
    }


def _json(wert: Any) -> Any:
    """A parameter's value as JSON can carry it (RPC, API): numbers, strings, lists, objects."""
    if isinstance(wert, Decimal):
        return int(wert) if wert == wert.to_integral_value() else float(wert)
    if isinstance(wert, dict):
        return {str(schluessel): _json(inhalt) for schluessel, inhalt in wert.items()}
    if isinstance(wert, list | tuple):
        return [_json(inhalt) for inhalt in wert]
    return wert


def _name_und_pfad(platzhalter: str) -> tuple[str, tuple[str, ...]]:
    """``sgb2.regelbedarf.rbs1`` -> (``sgb2.regelbedarf``, (``rbs1``,)): parameter names are
    ``bereich.name``."""
    teile = platzhalter.split(".")
    return ".".join(teile[:2]), tuple(teile[2:])


def _auswaehlen(wert: Any, pfad: tuple[str, ...], platzhalter: str) -> Any:
    for schritt in pfad:
        if isinstance(wert, dict) and schritt in wert:
            wert = wert[schritt]
        elif isinstance(wert, dict) and schritt.isdigit() and int(schritt) in wert:
            wert = wert[int(schritt)]  # YAML reads ``1:`` as a number
        elif isinstance(wert, list) and schritt.isdigit() and int(schritt) < len(wert):
            wert = wert[int(schritt)]
        else:
            raise InhaltFehlerhaft(f"{{{platzhalter}}}: {schritt!r} gibt es in dem Wert nicht")
    if isinstance(wert, (dict, list)) or wert is None or isinstance(wert, bool):
        raise InhaltFehlerhaft(f"{{{platzhalter}}}: kein einzelner Wert, sondern {wert!r}")
    return wert


def formatieren(wert: Any, einheit: str, sprache: str, pfad: tuple[str, ...] = ()) -> str:
    """A value as a person of that language reads it: 563 € / €563 / 563 Euro; 95,71 €;
    15.000 €; 17 % (a share given as 0.17); a no-break space before the unit. A text value (a
    name) stays as it is; an age or a number of months (by the key in a table: ``ab_alter``,
    ``monate``) is a plain number."""
    if isinstance(wert, str):
        return wert
    zahl = Decimal(str(wert))
    art = einheit.lower()
    schluessel = pfad[-1] if pfad else ""
    anteil = any(w in art for w in ("%", "prozent", "anteil", "quote", "satz", "faktor"))
    euro = "eur" in art or "€" in art
    if any(w in schluessel for w in ("alter", "monate", "jahre", "faktor")) or "jahre" in art:
        return _zahl(zahl, sprache, stellen=None)
    if anteil and (not euro or zahl < 1):
        text = _zahl(zahl * 100, sprache, stellen=None)
        if sprache == "de-x-ls":
            return f"{text}{NBSP}Prozent"  # Leichte Sprache writes the word, not the sign
        return f"{text}%" if sprache == "en" else f"{text}{NBSP}%"
    if euro:
        text = _zahl(zahl, sprache, stellen=2)
        if sprache == "en":
            return f"€{text}"
        return f"{text}{NBSP}Euro" if sprache == "de-x-ls" else f"{text}{NBSP}€"
    return _zahl(zahl, sprache, stellen=None)


def _zahl(zahl: Decimal, sprache: str, *, stellen: int | None) -> str:
    if stellen is not None:
        zahl = zahl.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    ganz = zahl == zahl.to_integral_value()
    if ganz:
        text = f"{int(zahl):,}"
    elif stellen is not None:
        text = f"{zahl:,.2f}"
    else:
        text = f"{zahl.normalize():,f}"
    if sprache == "en":
        return text
    # German: thousands with a point, decimals with a comma
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


# reading and checking the files ---------------------------------------------------------------


def _sprache_pruefen(sprache: str) -> None:
    if sprache not in SPRACHEN:
        raise SpracheUnbekannt(sprache)


def _yaml(pfad: Path) -> Any:
    if not pfad.is_file():
        raise InhaltFehlerhaft(f"{_kurz(pfad)}: Datei fehlt")
    try:
        return yaml.safe_load(pfad.read_text(encoding="utf-8"))
    except yaml.YAMLError as fehler:
        raise InhaltFehlerhaft(f"{_kurz(pfad)}: kein gültiges YAML ({fehler})") from None


def _kurz(pfad: Path) -> str:
    try:
        return str(pfad.relative_to(VERZEICHNIS))
    except ValueError:
        return str(pfad)


def _texte(pfad: Path) -> dict[str, str]:
    daten = _yaml(pfad)
    noetig = (
        {f"abschnitt_{art}" for art in ABSCHNITTE}
        | {f"hilfe_{teil}" for teil in AUSFUELLHILFE_TEILE}
        | {"betrag_fehlt", "betraege_fehlen", "entwurf", "entwurf_hinweis"}
        | {"betrag_unbekannt", "betraege_vorher"}
    )
    if not isinstance(daten, dict) or not noetig <= set(daten):
        fehlt = sorted(noetig - set(daten or {}))
        raise InhaltFehlerhaft(f"{_kurz(pfad)}: es fehlen {fehlt}")
    return {k: str(v) for k, v in daten.items()}


def _leistungsseite(pfad: Path, leistung_id: str, sprache: str) -> Leistungsseite:
    daten = _yaml(pfad)
    ort = _kurz(pfad)
    if not isinstance(daten, dict):
        raise InhaltFehlerhaft(f"{ort}: eine Zuordnung (Schlüssel: Wert) erwartet")
    bekannt = {"name", "kurz", "abschnitte", "rechtsgrundlagen", "weiter"}
    if unbekannt := set(daten) - bekannt:
        raise InhaltFehlerhaft(f"{ort}: unbekannte Schlüssel {sorted(unbekannt)}")
    abschnitte = daten.get("abschnitte")
    if not isinstance(abschnitte, dict) or set(abschnitte) != set(ABSCHNITTE):
        raise InhaltFehlerhaft(f"{ort}: abschnitte muss genau {list(ABSCHNITTE)} enthalten")
    rechtsgrundlagen = daten.get("rechtsgrundlagen")
    if not isinstance(rechtsgrundlagen, list) or not rechtsgrundlagen:
        raise InhaltFehlerhaft(f"{ort}: rechtsgrundlagen fehlen")
    weiter = daten.get("weiter", [])
    for link in weiter:
        if not (isinstance(link, dict) and set(link) == {"text", "url"}):
            raise InhaltFehlerhaft(f"{ort}: weiter: je ein Eintrag mit text und url")
        if not (link["url"].startswith("/") and not link["url"].startswith("//")):
            raise InhaltFehlerhaft(f"{ort}: weiter: nur Adressen dieser Plattform ({link['url']})")
    return Leistungsseite(
        id=leistung_id,
        sprache=sprache,
        namen=_namen(daten.get("name"), ort),
        kurz=_text(daten.get("kurz"), f"{ort}: kurz"),
        abschnitte={art: _bloecke(abschnitte[art], f"{ort}: {art}") for art in ABSCHNITTE},
        rechtsgrundlagen=tuple(_text(r, f"{ort}: rechtsgrundlagen") for r in rechtsgrundlagen),
        weiter=tuple({"text": str(w["text"]), "url": str(w["url"])} for w in weiter),
        datei=ort,
    )


def _namen(wert: Any, ort: str) -> tuple[Gueltig, ...]:
    if isinstance(wert, str):
        return (Gueltig(wert),)
    if not isinstance(wert, list) or not wert:
        raise InhaltFehlerhaft(f"{ort}: name fehlt")
    return tuple(_gueltig(eintrag, f"{ort}: name") for eintrag in wert)


def _bloecke(wert: Any, ort: str) -> tuple[Gueltig, ...]:
    if not isinstance(wert, list) or not wert:
        raise InhaltFehlerhaft(f"{ort}: mindestens ein Absatz")
    return tuple(_gueltig(eintrag, ort) for eintrag in wert)


def _gueltig(eintrag: Any, ort: str) -> Gueltig:
    """A paragraph (string), a list (``liste:``), or either with ``gilt_ab``/``gilt_bis``."""
    if isinstance(eintrag, str):
        return Gueltig(eintrag)
    if not isinstance(eintrag, dict):
        raise InhaltFehlerhaft(f"{ort}: Absatz als Text oder mit text/liste erwartet")
    if unbekannt := set(eintrag) - {"text", "liste", "gilt_ab", "gilt_bis"}:
        raise InhaltFehlerhaft(f"{ort}: unbekannte Schlüssel {sorted(unbekannt)}")
    if ("text" in eintrag) == ("liste" in eintrag):
        raise InhaltFehlerhaft(f"{ort}: entweder text oder liste")
    if "liste" in eintrag:
        liste = eintrag["liste"]
        if not isinstance(liste, list) or not liste:
            raise InhaltFehlerhaft(f"{ort}: liste ist leer")
        inhalt: Any = [_text(t, ort) for t in liste]
    else:
        inhalt = _text(eintrag["text"], ort)
    gilt_ab, gilt_bis = eintrag.get("gilt_ab"), eintrag.get("gilt_bis")
    for tag in (gilt_ab, gilt_bis):
        if tag is not None and not isinstance(tag, date):
            raise InhaltFehlerhaft(f"{ort}: gilt_ab/gilt_bis als Datum JJJJ-MM-TT")
    if gilt_ab and gilt_bis and gilt_bis < gilt_ab:
        raise InhaltFehlerhaft(f"{ort}: gilt_bis vor gilt_ab")
    return Gueltig(inhalt, gilt_ab, gilt_bis)


def _text(wert: Any, ort: str) -> str:
    if not isinstance(wert, str) or not wert.strip():
        raise InhaltFehlerhaft(f"{ort}: Text fehlt oder ist leer")
    return " ".join(wert.split())


def _name(seite: Leistungsseite, stichtag: date) -> str:
    for name in seite.namen:
        if name.gilt_am(stichtag):
            return name.inhalt
    return seite.namen[-1].inhalt  # a day after every dated name: the newest


def _ausfuellhilfen(verzeichnis: Path) -> dict[tuple[str, str, str], dict[str, Any]]:
    ergebnis: dict[tuple[str, str, str], dict[str, Any]] = {}
    # files starting with "_" are shared entries and the list of pages, not forms
    formulare = sorted(
        {p.name.split(".")[0] for p in verzeichnis.glob("*.yaml") if not p.name.startswith("_")}
    )
    abschnitte_je_sprache: dict[str, dict[str, set[str]]] = {}
    for sprache in SPRACHEN:
        gemeinsam = _yaml(verzeichnis / f"{GEMEINSAM}.{sprache}.yaml") or {}
        for formular in formulare:
            pfad = verzeichnis / f"{formular}.{sprache}.yaml"
            daten = _yaml(pfad)
            ort = _kurz(pfad)
            if not isinstance(daten, dict) or not daten:
                raise InhaltFehlerhaft(f"{ort}: je Abschnitt ein Eintrag erwartet")
            for abschnitt, eintrag in daten.items():
                if isinstance(eintrag, str) and eintrag.startswith(f"{GEMEINSAM}."):
                    name = eintrag.removeprefix(f"{GEMEINSAM}.")
                    if name not in gemeinsam:
                        raise InhaltFehlerhaft(f"{ort}: {abschnitt}: {eintrag} gibt es nicht")
                    eintrag = gemeinsam[name]
                ergebnis[formular, abschnitt, sprache] = _hilfe(eintrag, f"{ort}: {abschnitt}")
            abschnitte_je_sprache.setdefault(sprache, {})[formular] = set(daten)
    deutsch = abschnitte_je_sprache.get("de", {})
    for sprache, je_formular in abschnitte_je_sprache.items():
        for formular, abschnitte in je_formular.items():
            if abschnitte != deutsch.get(formular):
                raise InhaltFehlerhaft(
                    f"ausfuellhilfen/{formular}.{sprache}.yaml: andere Abschnitte als auf Deutsch "
                    f"({sorted(abschnitte ^ deutsch.get(formular, set()))})"
                )
    return ergebnis


def _hilfe(eintrag: Any, ort: str) -> dict[str, Any]:
    if not isinstance(eintrag, dict):
        raise InhaltFehlerhaft(f"{ort}: titel, worum_es_geht, … erwartet")
    if unbekannt := set(eintrag) - {"titel", *AUSFUELLHILFE_TEILE}:
        raise InhaltFehlerhaft(f"{ort}: unbekannte Schlüssel {sorted(unbekannt)}")
    if "worum_es_geht" not in eintrag or "tipps" not in eintrag or "titel" not in eintrag:
        raise InhaltFehlerhaft(f"{ort}: titel, worum_es_geht und tipps sind nötig")
    hilfe: dict[str, Any] = {"titel": _text(eintrag["titel"], ort)}
    for teil in AUSFUELLHILFE_TEILE:
        wert = eintrag.get(teil)
        if wert is None:
            continue
        liste = [wert] if isinstance(wert, str) else wert
        if not isinstance(liste, list) or not liste:
            raise InhaltFehlerhaft(f"{ort}: {teil} ist leer")
        hilfe[teil] = tuple(_text(t, f"{ort}: {teil}") for t in liste)
    return hilfe
