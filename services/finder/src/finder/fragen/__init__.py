"""The questionnaire of the Sozialleistungsfinder: data (``fragebogen.yaml``) and the few pure
functions that walk it (docs/adr/0097).

The pages carry every answer in hidden fields; nothing is kept between two requests. Each
request sends all answers, the step it came from and what the person pressed, and
``weiter`` says which step comes next (or that the questionnaire is complete) and what is
wrong with the step's answers. ``haushalt`` turns complete answers into the household of
``POST /api/v1/finder/auswertung``, so the pages and the API are evaluated by the same rules.

Answers are a flat mapping of form field names (the question ids) to strings. A repeated step
(the children) has one set of questions per child: ``kind_1_alter``, ``kind_2_alter``, ...
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATEI = Path(__file__).with_name("fragebogen.yaml")
SPRACHEN = ("de", "en", "de-x-ls")
TYPEN = frozenset({"plz", "text", "zahl", "betrag", "ja_nein", "auswahl", "gemeinde"})
HOECHSTENS_WIEDERHOLUNGEN = 8
MAX_ANTWORT_ZEICHEN = 100
JA, NEIN = "ja", "nein"
WEITER, ZURUECK, BLEIBEN = "weiter", "zurueck", "bleiben"  # bleiben: the same step again
GEFRAGT = "gefragt"  # form field: the ids of the questions a page showed
_PLZ = re.compile(r"[0-9]{5}")
_ZAHL = re.compile(r"[0-9]{1,3}")
_AGS = re.compile(r"[0-9]{8}")
_ORT = re.compile(r"[^\x00-\x1f\x7f<>{}\[\]|\\^`\"]{1,80}")


class FragebogenFehlerhaft(Exception):
    """The data file breaks a rule of its format; the message says where."""


class PlzUnbekannt(Exception):
    """The place resolution knows no such postcode."""


# (plz, ort) -> the Gemeinden of that place: [{"ags", "name"}]; raises PlzUnbekannt
Gemeindesuche = Callable[[str, str | None], list[dict[str, str]]]


@dataclass(frozen=True)
class Frage:
    id: str  # may hold {n} in a repeated step
    typ: str
    pflicht: bool
    text: dict[str, str]
    hilfe: dict[str, str] | None
    minimum: Decimal | None
    maximum: Decimal | None
    optionen: tuple[tuple[str, dict[str, str]], ...]
    bedingung: dict[str, Any] | None

    def feld(self, n: int | None) -> str:
        return self.id.replace("{n}", str(n)) if n is not None else self.id


@dataclass(frozen=True)
class Schritt:
    id: str
    titel: dict[str, str]
    einleitung: dict[str, str] | None
    fragen: tuple[Frage, ...]
    bedingung: dict[str, Any] | None
    wiederholen: str | None


@dataclass(frozen=True)
class Fragebogen:
    version: str
    schritte: tuple[Schritt, ...]
    meldungen: dict[str, dict[str, str]]
    texte: dict[str, dict[str, str]]

    def schritt(self, schritt_id: str) -> Schritt | None:
        return next((s for s in self.schritte if s.id == schritt_id), None)

    def felder(self) -> frozenset[str]:
        """Every form field name an answer may have."""
        namen = set()
        for schritt in self.schritte:
            for frage in schritt.fragen:
                if schritt.wiederholen:
                    namen.update(frage.feld(n) for n in range(1, HOECHSTENS_WIEDERHOLUNGEN + 1))
                else:
                    namen.add(frage.id)
        return frozenset(namen)


@dataclass
class Fortschritt:
    """What ``weiter`` decided: the step to show (None: complete), its errors by field, the
    answers as they go on, and the Gemeinden to choose from when the postcode has several."""

    schritt: str | None
    antworten: dict[str, str]
    fehler: dict[str, str] = field(default_factory=dict)
    gemeinden: list[dict[str, str]] = field(default_factory=list)


# loading ---------------------------------------------------------------------------------------


@cache
def laden(datei: Path = DATEI) -> Fragebogen:
    roh = yaml.safe_load(datei.read_text(encoding="utf-8"))
    schritte = tuple(_schritt(eintrag) for eintrag in roh["schritte"])
    meldungen = {
        code: _sprachen(texte, f"meldungen.{code}") for code, texte in roh["meldungen"].items()
    }
    texte = {code: _sprachen(t, f"texte.{code}") for code, t in roh.get("texte", {}).items()}
    bogen = Fragebogen(str(roh["version"]), schritte, meldungen, texte)
    _pruefen(bogen)
    return bogen


def _sprachen(texte: Any, wo: str) -> dict[str, str]:
    if not isinstance(texte, dict) or set(texte) != set(SPRACHEN):
        raise FragebogenFehlerhaft(f"{wo}: needs exactly the languages {', '.join(SPRACHEN)}")
    if not all(isinstance(text, str) and text.strip() for text in texte.values()):
        raise FragebogenFehlerhaft(f"{wo}: a text is empty")
    return {sprache: texte[sprache] for sprache in SPRACHEN}


def _schritt(roh: dict[str, Any]) -> Schritt:
    wo = f"schritt {roh.get('id')}"
    return Schritt(
        id=roh["id"],
        titel=_sprachen(roh["titel"], f"{wo}.titel"),
        einleitung=_sprachen(roh["einleitung"], f"{wo}.einleitung")
        if "einleitung" in roh
        else None,
        fragen=tuple(_frage(f, wo) for f in roh["fragen"]),
        bedingung=roh.get("bedingung"),
        wiederholen=roh.get("wiederholen"),
    )


def _frage(roh: dict[str, Any], wo: str) -> Frage:
    wo = f"{wo}.{roh.get('id')}"
    if roh.get("typ") not in TYPEN:
        raise FragebogenFehlerhaft(f"{wo}: unknown typ {roh.get('typ')!r}")
    return Frage(
        id=roh["id"],
        typ=roh["typ"],
        pflicht=bool(roh.get("pflicht", False)),
        text=_sprachen(roh["text"], f"{wo}.text"),
        hilfe=_sprachen(roh["hilfe"], f"{wo}.hilfe") if "hilfe" in roh else None,
        minimum=Decimal(str(roh["minimum"])) if "minimum" in roh else None,
        maximum=Decimal(str(roh["maximum"])) if "maximum" in roh else None,
        optionen=tuple(
            (str(o["wert"]), _sprachen(o["text"], f"{wo}.optionen"))
            for o in roh.get("optionen", ())
        ),
        bedingung=roh.get("bedingung"),
    )


def _pruefen(bogen: Fragebogen) -> None:
    ids = [frage.id for schritt in bogen.schritte for frage in schritt.fragen]
    if len(ids) != len(set(ids)):
        raise FragebogenFehlerhaft("a question id is used twice")
    if len(bogen.schritte) > 10:
        raise FragebogenFehlerhaft("at most 10 steps (issue 14)")
    bekannt = set(ids)
    for schritt in bogen.schritte:
        bedingungen = [schritt.bedingung, *(frage.bedingung for frage in schritt.fragen)]
        for bedingung in filter(None, bedingungen):
            if bedingung.get("frage") not in bekannt or not (
                {"gleich", "groesser"} & set(bedingung)
            ):
                raise FragebogenFehlerhaft(f"schritt {schritt.id}: condition {bedingung!r}")
        if schritt.wiederholen and schritt.wiederholen not in bekannt:
            raise FragebogenFehlerhaft(f"schritt {schritt.id}: repeats by an unknown question")
        for frage in schritt.fragen:
            if frage.typ == "auswahl" and not frage.optionen:
                raise FragebogenFehlerhaft(f"{frage.id}: a choice without options")
            if ("{n}" in frage.id) != bool(schritt.wiederholen):
                raise FragebogenFehlerhaft(f"{frage.id}: {{n}} only and always in a repeated step")
    fehlend = {"pflichtfeld", "zahl_ungueltig", "betrag_ungueltig", "auswahl_ungueltig"} - set(
        bogen.meldungen
    )
    if fehlend:
        raise FragebogenFehlerhaft(f"meldungen missing: {sorted(fehlend)}")


# walking ---------------------------------------------------------------------------------------


def bereinigen(bogen: Fragebogen, antworten: Mapping[str, Any]) -> dict[str, str]:
    """Only the questionnaire's own fields, as trimmed text of bounded length: whatever else a
    form carries is dropped, never passed on."""
    felder = bogen.felder()
    return {
        name: wert.strip()[:MAX_ANTWORT_ZEICHEN]
        for name, wert in antworten.items()
        if name in felder and isinstance(wert, str) and wert.strip()
    }


def gilt(bedingung: Mapping[str, Any] | None, antworten: Mapping[str, str]) -> bool:
    if not bedingung:
        return True
    wert = antworten.get(bedingung["frage"], "")
    if "gleich" in bedingung:
        return wert == str(bedingung["gleich"])
    zahl = _zahl(wert)
    return zahl is not None and zahl > int(bedingung["groesser"])


def wiederholungen(schritt: Schritt, antworten: Mapping[str, str]) -> list[int | None]:
    """The n of each repetition (1..count), or [None] for a plain step."""
    if not schritt.wiederholen:
        return [None]
    anzahl = _zahl(antworten.get(schritt.wiederholen, "")) or 0
    return list(range(1, min(anzahl, HOECHSTENS_WIEDERHOLUNGEN) + 1))


def fragen_im_schritt(
    schritt: Schritt, antworten: Mapping[str, str]
) -> Iterator[tuple[Frage, int | None]]:
    """The questions that are asked, with their n; the Gemeinde only when it is to be chosen."""
    for n in wiederholungen(schritt, antworten):
        for frage in schritt.fragen:
            if gilt(frage.bedingung, antworten):
                yield frage, n


def schritte(bogen: Fragebogen, antworten: Mapping[str, str]) -> list[Schritt]:
    """The steps that apply to these answers, in order."""
    return [
        s for s in bogen.schritte if gilt(s.bedingung, antworten) and wiederholungen(s, antworten)
    ]


def weiter(
    bogen: Fragebogen,
    antworten: Mapping[str, Any],
    schritt_id: str | None,
    aktion: str,
    gemeindesuche: Gemeindesuche,
) -> Fortschritt:
    """The next step after ``schritt_id`` (``aktion`` weiter, once its answers are right), the
    one before it (zurueck), or the first (no step yet). ``Fortschritt.schritt`` None: every
    applying step is answered, evaluate."""
    # the questions the page showed: its fields (empty ones too) and, as radio groups with no
    # choice are not sent at all, the list the page carries in GEFRAGT
    gefragt = antworten.get(GEFRAGT)
    gesendet = set(antworten) | set(gefragt.split(",") if isinstance(gefragt, str) else ())
    antworten = bereinigen(bogen, antworten)
    gueltig = schritte(bogen, antworten)
    ids = [s.id for s in gueltig]
    if schritt_id not in ids:
        return Fortschritt(ids[0], antworten)
    index = ids.index(schritt_id)
    if aktion == ZURUECK:
        return Fortschritt(ids[max(0, index - 1)], antworten)
    if aktion == BLEIBEN:  # e.g. the page in another language, its answers kept
        return Fortschritt(schritt_id, antworten)
    schritt = gueltig[index]
    fehler = schritt_pruefen(schritt, antworten)
    # A question that an answer on this very page has just opened (the partner's age after
    # "yes, a partner") was not on the page: it is asked now, not reported as missing.
    im_schritt = {frage.id for frage in schritt.fragen}
    neu = {
        name
        for name, code in fehler.items()
        if code == "pflichtfeld" and name not in gesendet and _oeffnet(schritt, name, im_schritt)
    }
    if neu:
        fehler = {name: code for name, code in fehler.items() if name not in neu}
        return Fortschritt(schritt.id, antworten, fehler)
    gemeinden: list[dict[str, str]] = []
    if schritt.id == "wohnort" and not fehler:
        fehler, gemeinden = _gemeinde_klaeren(antworten, gemeindesuche)
        if fehler.get("gemeinde") and "gemeinde" not in gesendet:
            return Fortschritt(schritt.id, antworten, {}, gemeinden)  # asked, not yet missing
    if fehler:
        return Fortschritt(schritt.id, antworten, fehler, gemeinden)
    # a later step may apply or not by this step's answers: ask again
    folgende = [s.id for s in schritte(bogen, antworten)]
    danach = folgende[folgende.index(schritt.id) + 1 :]
    if danach:
        return Fortschritt(danach[0], antworten)
    # complete: every applying step must be right (a changed answer may leave one open)
    for offen in schritte(bogen, antworten):
        fehler = schritt_pruefen(offen, antworten)
        if fehler:
            return Fortschritt(offen.id, antworten, fehler)
    return Fortschritt(None, antworten)


def _oeffnet(schritt: Schritt, name: str, im_schritt: set[str]) -> bool:
    """Whether the question ``name`` is opened by an answer on the same step."""
    for frage in schritt.fragen:
        if frage.id == name and frage.bedingung:
            return frage.bedingung.get("frage") in im_schritt
    return False


def _gemeinde_klaeren(
    antworten: dict[str, str], gemeindesuche: Gemeindesuche
) -> tuple[dict[str, str], list[dict[str, str]]]:
    """One Gemeinde for the postcode (and town): taken. Several: the person picks one of them
    (an answer that is not one of them counts as none)."""
    try:
        gemeinden = gemeindesuche(antworten["plz"], antworten.get("ort"))
    except PlzUnbekannt:
        antworten.pop("gemeinde", None)
        return {"plz": "plz_unbekannt"}, []
    if len(gemeinden) == 1:
        antworten["gemeinde"] = gemeinden[0]["ags"]
        return {}, []
    if antworten.get("gemeinde") in {g["ags"] for g in gemeinden}:
        return {}, gemeinden
    antworten.pop("gemeinde", None)
    return {"gemeinde": "gemeinde_waehlen"}, gemeinden


def schritt_pruefen(schritt: Schritt, antworten: Mapping[str, str]) -> dict[str, str]:
    """Field name -> message code for every answer of the step that is missing or wrong."""
    fehler = {}
    for frage, n in fragen_im_schritt(schritt, antworten):
        if frage.typ == "gemeinde":
            continue  # decided with the place (weiter)
        name = frage.feld(n)
        code = antwort_pruefen(frage, antworten.get(name, ""))
        if code:
            fehler[name] = code
    return fehler


def antwort_pruefen(frage: Frage, wert: str) -> str | None:
    if not wert:
        return "pflichtfeld" if frage.pflicht else None
    if frage.typ == "plz":
        return None if _PLZ.fullmatch(wert) else "plz_ungueltig"
    if frage.typ == "text":
        return None if _ORT.fullmatch(wert) else "text_ungueltig"
    if frage.typ == "ja_nein":
        return None if wert in (JA, NEIN) else "auswahl_ungueltig"
    if frage.typ == "auswahl":
        return None if wert in {w for w, _ in frage.optionen} else "auswahl_ungueltig"
    if frage.typ == "zahl":
        zahl = _zahl(wert)
        if zahl is None:
            return "zahl_ungueltig"
        return _grenzen(frage, Decimal(zahl))
    if frage.typ == "betrag":
        betrag = betrag_lesen(wert)
        if betrag is None:
            return "betrag_ungueltig"
        return _grenzen(frage, betrag)
    return None


def _grenzen(frage: Frage, wert: Decimal) -> str | None:
    if frage.minimum is not None and wert < frage.minimum:
        return "zu_klein"
    if frage.maximum is not None and wert > frage.maximum:
        return "zu_gross"
    return None


def _zahl(wert: str) -> int | None:
    return int(wert) if _ZAHL.fullmatch(wert) else None


def betrag_lesen(wert: str) -> Decimal | None:
    """Euros as people type them: 450, 450,50, 1.234,56, 1234.56, 1 234 €. None if it is not
    an amount with at most two decimals."""
    text = wert.replace("€", "").replace(" ", "").replace("\u00a0", "")
    if not re.fullmatch(r"[0-9][0-9.,]*", text) or len(text) > 15:
        return None
    if "," in text:
        text = text.replace(".", "").replace(",", ".", 1) if text.count(",") == 1 else ""
    elif re.fullmatch(r"[0-9]{1,3}(\.[0-9]{3})+", text):
        text = text.replace(".", "")
    try:
        betrag = Decimal(text)
    except InvalidOperation:
        return None
    if betrag.as_tuple().exponent < -2:  # type: ignore[operator]
        return None
    return betrag


# answers -> household --------------------------------------------------------------------------


def haushalt(bogen: Fragebogen, antworten: Mapping[str, str]) -> dict[str, Any]:
    """The household of POST /api/v1/finder/auswertung from complete, checked answers.
    Single parent: no partner and at least one child (§ 21 Abs. 3 SGB II asks who lives with
    the child; the questionnaire only knows the household)."""
    partner = antworten.get("partner") == JA
    kinder_schritt = bogen.schritt("kinder")
    kinder = wiederholungen(kinder_schritt, antworten) if kinder_schritt else []
    if kinder_schritt and not gilt(kinder_schritt.bedingung, antworten):
        kinder = []
    antragsteller: dict[str, Any] = {
        "rolle": "antragsteller",
        "alter": int(antworten["alter"]),
        "erwerbsfaehig": antworten.get("erwerbsfaehig") == JA,
    }
    if antworten.get("schwanger") == JA:
        antragsteller["schwanger"] = True
    if antworten.get("ausbildung", "keine") != "keine":
        antragsteller["in_ausbildung"] = antworten["ausbildung"]
    einkommen = _einkommen(antworten, "")
    if einkommen:
        antragsteller["einkommen"] = einkommen
    personen = [antragsteller]
    if partner:
        person: dict[str, Any] = {
            "rolle": "partner",
            "alter": int(antworten["partner_alter"]),
            "erwerbsfaehig": antworten.get("partner_erwerbsfaehig") == JA,
        }
        einkommen = _einkommen(antworten, "partner_")
        if einkommen:
            person["einkommen"] = einkommen
        personen.append(person)
    for n in kinder:
        kind: dict[str, Any] = {"rolle": "kind", "alter": int(antworten[f"kind_{n}_alter"])}
        einkommen = {
            art: betrag
            for art in ("unterhalt", "unterhaltsvorschuss")
            if (betrag := _betrag(antworten.get(f"kind_{n}_{art}")))
        }
        if einkommen:
            kind["einkommen"] = einkommen
        personen.append(kind)
    wohnort: dict[str, Any] = {"plz": antworten["plz"]}
    if antworten.get("ort"):
        wohnort["ort"] = antworten["ort"]
    if antworten.get("gemeinde") and _AGS.fullmatch(antworten["gemeinde"]):
        wohnort["ags"] = antworten["gemeinde"]
    wohnkosten: dict[str, Any] = {"warmmiete": _betrag(antworten.get("warmmiete")) or 0}
    heizkosten = _betrag(antworten.get("heizkosten"))
    if heizkosten is not None:
        wohnkosten["heizkosten"] = heizkosten
    ergebnis: dict[str, Any] = {
        "wohnort": wohnort,
        "personen": personen,
        "alleinerziehend": not partner and bool(kinder),
        "wohnkosten": wohnkosten,
    }
    vermoegen = _betrag(antworten.get("vermoegen"))
    if vermoegen is not None:
        ergebnis["vermoegen"] = vermoegen
    return ergebnis


def _einkommen(antworten: Mapping[str, str], vorsilbe: str) -> dict[str, float]:
    werte = {}
    for art in ("erwerb_brutto", "erwerb_netto", "rente_brutto", "sonstiges"):
        betrag = _betrag(antworten.get(f"{vorsilbe}{art}"))
        if betrag:
            werte[art] = betrag
    return werte


def _betrag(wert: str | None) -> float | None:
    if not wert:
        return None
    betrag = betrag_lesen(wert)
    return None if betrag is None else float(betrag)


# presentation ----------------------------------------------------------------------------------


def definition(bogen: Fragebogen, sprache: str) -> dict[str, Any]:
    """GET /api/v1/finder/fragen: the whole questionnaire in one language."""
    return {
        "version": bogen.version,
        "sprache": sprache,
        "schritte": [
            {
                "id": s.id,
                "titel": s.titel[sprache],
                **({"einleitung": s.einleitung[sprache]} if s.einleitung else {}),
                **({"bedingung": s.bedingung} if s.bedingung else {}),
                **({"wiederholen": s.wiederholen} if s.wiederholen else {}),
                "fragen": [_frage_ansicht(bogen, f, None, sprache) for f in s.fragen],
            }
            for s in bogen.schritte
        ],
        "meldungen": {code: texte[sprache] for code, texte in bogen.meldungen.items()},
    }


def schritt_ansicht(bogen: Fragebogen, fortschritt: Fortschritt, sprache: str) -> dict[str, Any]:
    """One step for the pages: its questions in the language, with the current answer, the
    error message and, for the Gemeinde, the choices."""
    antworten = fortschritt.antworten
    gueltig = schritte(bogen, antworten)
    schritt = next(s for s in gueltig if s.id == fortschritt.schritt)
    fragen = []
    for frage, n in fragen_im_schritt(schritt, antworten):
        if frage.typ == "gemeinde" and not fortschritt.gemeinden:
            continue
        ansicht = _frage_ansicht(bogen, frage, n, sprache)
        name = frage.feld(n)
        ansicht["wert"] = antworten.get(name, "")
        code = fortschritt.fehler.get(name)
        if code:
            ansicht["fehler"] = {"code": code, "meldung": bogen.meldungen[code][sprache]}
        if frage.typ == "gemeinde":
            ansicht["optionen"] = [
                {"wert": g["ags"], "text": g["name"]} for g in fortschritt.gemeinden
            ]
        fragen.append(ansicht)
    im_schritt = {f["id"] for f in fragen}
    return {
        "id": schritt.id,
        "nummer": [s.id for s in gueltig].index(schritt.id) + 1,
        "anzahl": len(gueltig),
        "titel": schritt.titel[sprache],
        "einleitung": schritt.einleitung[sprache] if schritt.einleitung else None,
        "fragen": fragen,
        "gefragt": ",".join(f["id"] for f in fragen),
        # every other answer travels on in hidden fields
        "weitere_antworten": {k: v for k, v in sorted(antworten.items()) if k not in im_schritt},
    }


def _frage_ansicht(bogen: Fragebogen, frage: Frage, n: int | None, sprache: str) -> dict[str, Any]:
    ansicht: dict[str, Any] = {
        "id": frage.feld(n),
        "typ": frage.typ,
        "pflicht": frage.pflicht,
        "text": _n(frage.text[sprache], n),
    }
    if frage.hilfe:
        ansicht["hilfe"] = _n(frage.hilfe[sprache], n)
    if frage.minimum is not None:
        ansicht["minimum"] = int(frage.minimum)
    if frage.maximum is not None:
        ansicht["maximum"] = int(frage.maximum)
    if frage.typ == "ja_nein":
        ansicht["optionen"] = [
            {"wert": JA, "text": bogen.texte["ja"][sprache]},
            {"wert": NEIN, "text": bogen.texte["nein"][sprache]},
        ]
    elif frage.optionen:
        ansicht["optionen"] = [{"wert": w, "text": t[sprache]} for w, t in frage.optionen]
    if frage.bedingung:
        ansicht["bedingung"] = frage.bedingung
    return ansicht


def _n(text: str, n: int | None) -> str:
    return text.replace("{n}", str(n)) if n is not None else text
