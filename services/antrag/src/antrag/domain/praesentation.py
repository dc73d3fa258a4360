"""A definition as JSON in one language: what ``formular()`` returns, from which the gateway
renders the pages and the xta-gateway maps to XÖV. Every text is in the asked language;
names, types, paths, conditions and limits are the same in all."""

from __future__ import annotations

from typing import Any

from antrag.domain.formular import Abschnitt, Bedingung, Feld, Formular
from antrag.domain.meldungen import FELDMELDUNGEN
from kernel.aggregate import to_json_safe


def formular_als_dict(formular: Formular, sprache: str) -> dict[str, Any]:
    return {
        "leistung": formular.leistung,
        "version": formular.version,
        "sprache": sprache,
        "titel": formular.titel.in_sprache(sprache),
        "beschreibung": formular.beschreibung.in_sprache(sprache),
        "rechtsgrundlage": formular.rechtsgrundlage,
        "abschnitte": [_abschnitt(a, sprache) for a in formular.abschnitte],
        "regeln": [
            {
                "code": regel.code,
                "feld": regel.feld,
                "vergleich": regel.vergleich,
                "mit": regel.mit,
                "wenn": _bedingung(regel.wenn),
                "meldung": regel.meldung.in_sprache(sprache),
            }
            for regel in formular.regeln
        ],
        "kurzantrag": list(formular.kurzantrag),
        "dringlich_wenn": _bedingung(formular.dringlich_wenn),
        "meldungen": {code: text.in_sprache(sprache) for code, text in FELDMELDUNGEN.items()},
    }


def _abschnitt(abschnitt: Abschnitt, sprache: str) -> dict[str, Any]:
    return {
        "name": abschnitt.name,
        "titel": abschnitt.titel.in_sprache(sprache),
        "hilfe": abschnitt.hilfe.in_sprache(sprache) if abschnitt.hilfe else None,
        "warum": abschnitt.warum.in_sprache(sprache) if abschnitt.warum else None,
        "rechtsgrundlage": abschnitt.rechtsgrundlage,
        "vordruck": abschnitt.vordruck,
        "wenn": _bedingung(abschnitt.wenn),
        "felder": [_feld(f, sprache) for f in abschnitt.felder],
        "nachweise": [
            {"name": n.name, "label": n.label.in_sprache(sprache), "wenn": _bedingung(n.wenn)}
            for n in abschnitt.nachweise
        ],
    }


def _feld(feld: Feld, sprache: str) -> dict[str, Any]:
    beschreibung: dict[str, Any] = {
        "name": feld.name,
        "typ": feld.typ,
        "label": feld.label.in_sprache(sprache),
        "hilfe": feld.hilfe.in_sprache(sprache) if feld.hilfe else None,
        "pflicht": feld.pflicht,
        "wenn": _bedingung(feld.wenn),
    }
    if feld.optionen:
        beschreibung["optionen"] = [
            {"wert": o.wert, "label": o.label.in_sprache(sprache)} for o in feld.optionen
        ]
    if feld.typ in ("text", "langtext"):
        beschreibung["max_laenge"] = feld.laenge_max
    for name in ("minimum", "maximum", "zeitraum", "hoechstalter"):
        wert = getattr(feld, name)
        if wert is not None:
            beschreibung[name] = to_json_safe(wert)
    if feld.muss_ja_sein:
        beschreibung["muss_ja_sein"] = True
    if feld.verweis:
        beschreibung["verweis"] = feld.verweis
    if feld.vorbelegung:
        beschreibung["vorbelegung"] = list(feld.vorbelegung)
    if feld.beispiel:
        beschreibung["beispiel"] = feld.beispiel
    if feld.felder:
        beschreibung["felder"] = [_feld(f, sprache) for f in feld.felder]
    return beschreibung


def _bedingung(bedingung: Bedingung | None) -> dict[str, Any] | None:
    if bedingung is None:
        return None
    beschreibung: dict[str, Any] = {"feld": bedingung.feld}
    for name in ("ist", "ist_nicht", "enthaelt"):
        wert = getattr(bedingung, name)
        if wert is not None:
            beschreibung[name] = list(wert) if isinstance(wert, tuple) else wert
    return beschreibung
