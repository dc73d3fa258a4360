"""What each RPC of the finder does. Plain functions: the nameko service (finder.service) hands
them its context; the unit tests hand them fakes.

- ``fragen``: the questionnaire in one language (finder.fragen).
- ``auswerten``: a household (the body of POST /api/v1/finder/auswertung) -> the result:
  checked by ``HaushaltSchema``, its place resolved to one Gemeinde by zustaendigkeit, judged by
  ``finder.regeln.auswerten``, its texts put into the language, and the anonymous
  ``FinderAusgewertet`` appended through the outbox.
- ``fragebogen``: one step of the questionnaire pages: the answers so far, the step they come
  from, what was pressed -> the next step, or the result once every step is answered.

Nothing the person entered is stored or logged: the event names the benefits shown, the
language and the date of the rules; the log names counts and codes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Protocol
from urllib.parse import urlencode

import orjson
import structlog
from marshmallow import Schema, ValidationError

from contracts.common import Leistung
from finder import fragen as fragebogen_
from finder.adapters.ergebnistexte import Ergebnistexte
from finder.fehler import EingabeUngueltig, feldfehler

log = structlog.get_logger("finder.handlers")

SPRACHEN = ("de", "en", "de-x-ls")
# Einschätzungen that count as "shown as possible" in FinderAusgewertet
MOEGLICH = ("wahrscheinlich", "moeglich")
CENT = Decimal("0.01")
# marshmallow's own (English) messages: never shown as the German one
MARSHMALLOW_ENGLISCH = ("Not a valid", "Invalid", "Field may not", "Must be", "Length must")
Gemeindesuche = Callable[[str, str | None], list[dict[str, str]]]


class Regeln(Protocol):
    """What the handlers need of finder.regeln (the real one: finder.service)."""

    parameter: Any
    mietenstufen: Any
    schema: Schema

    def auswerten(self, haushalt: dict[str, Any], *, stichtag: date, ags: str | None) -> dict:
        """finder.regeln.auswerten with this Parameterstand and these Mietenstufen."""

    def kein_parameter(self, fehler: Exception) -> bool:
        """Whether ``fehler`` says that no parameter covers the date."""

    def regelstand(self, stichtag: date) -> date: ...


class Kontext(Protocol):
    def melden(self, payload: dict[str, Any]) -> None:
        """FinderAusgewertet's payload, to be appended through the outbox."""


@dataclass(frozen=True)
class Finder:
    """The finder's state for one worker: its rules and its texts."""

    regeln: Regeln
    bogen: fragebogen_.Fragebogen
    texte: Ergebnistexte
    heute: Callable[[], date] = date.today


def sprache_pruefen(sprache: Any) -> str:
    if sprache not in SPRACHEN:
        raise EingabeUngueltig("sprache_unbekannt")
    return sprache


def fragen(finder: Finder, sprache: Any) -> dict[str, Any]:
    return fragebogen_.definition(finder.bogen, sprache_pruefen(sprache))


def auswerten(
    finder: Finder,
    kontext: Kontext,
    anfrage: Any,
    sprache: Any,
    gemeindesuche: Gemeindesuche,
) -> dict[str, Any]:
    sprache = sprache_pruefen(sprache)
    if not isinstance(anfrage, Mapping):
        raise EingabeUngueltig(
            "haushalt_ungueltig", felder=[feldfehler("", "wert_ungueltig", sprache)]
        )
    try:
        haushalt = finder.regeln.schema.load(anfrage)
    except ValidationError as fehler:
        raise EingabeUngueltig(
            "haushalt_ungueltig", felder=_felder(fehler.normalized_messages(), sprache)
        ) from None
    wohnort = haushalt["wohnort"]
    gemeinde = gemeinde_bestimmen(wohnort, gemeindesuche, sprache)
    stichtag = haushalt.get("stichtag") or finder.heute()
    try:
        ergebnis = finder.regeln.auswerten(haushalt, stichtag=stichtag, ags=gemeinde["ags"])
    except Exception as fehler:
        if not finder.regeln.kein_parameter(fehler):
            raise
        log.info("finder_stichtag_ohne_werte", jahr=stichtag.year)
        raise EingabeUngueltig(
            "keine_werte_fuer_stichtag",
            details={"stichtag": stichtag.isoformat(), "hinweis": str(fehler)},
        ) from None
    ergebnis = darstellen(finder.texte, json_fertig(ergebnis), sprache, wohnort, gemeinde)
    ausgewertet_melden(
        kontext, ergebnis, sprache, finder.regeln.regelstand(stichtag), gemeinde["ags"][:2]
    )
    return ergebnis


def gemeinde_bestimmen(
    wohnort: Mapping[str, Any], gemeindesuche: Gemeindesuche, sprache: str
) -> dict[str, str]:
    """The one Gemeinde of the place: by its key when one is sent (it must belong to the
    postcode), else the postcode's only one; several: the person chooses (422 listing them)."""
    try:
        gemeinden = gemeindesuche(wohnort["plz"], wohnort.get("ort"))
    except fragebogen_.PlzUnbekannt:
        raise EingabeUngueltig(
            "haushalt_ungueltig", felder=[feldfehler("wohnort.plz", "plz_unbekannt", sprache)]
        ) from None
    ags = wohnort.get("ags")
    if ags:
        for gemeinde in gemeinden:
            if gemeinde["ags"] == ags:
                return gemeinde
        if len(gemeinden) > 1:
            raise EingabeUngueltig("gemeinde_waehlen", details={"gemeinden": gemeinden})
        raise EingabeUngueltig(
            "haushalt_ungueltig",
            felder=[feldfehler("wohnort.ags", "gemeinde_unbekannt", sprache)],
        )
    if len(gemeinden) == 1:
        return gemeinden[0]
    raise EingabeUngueltig("gemeinde_waehlen", details={"gemeinden": gemeinden})


def fragebogen(
    finder: Finder,
    kontext: Kontext,
    antworten: Any,
    schritt: Any,
    aktion: Any,
    sprache: Any,
    gemeindesuche: Gemeindesuche,
) -> dict[str, Any]:
    """``{"schritt": {...}}`` to show next, or ``{"ergebnis": {...}}``; both with
    ``antworten``, the cleaned answers the page carries on in hidden fields."""
    sprache = sprache_pruefen(sprache)
    antworten = antworten if isinstance(antworten, Mapping) else {}
    schritt = schritt if isinstance(schritt, str) else None
    aktion = (
        aktion if aktion in (fragebogen_.WEITER, fragebogen_.ZURUECK, fragebogen_.BLEIBEN) else None
    )

    def suche(plz: str, ort: str | None) -> list[dict[str, str]]:
        return gemeindesuche(plz, ort)

    fortschritt = fragebogen_.weiter(finder.bogen, antworten, schritt, aktion or "", suche)
    if fortschritt.schritt is not None:
        return {
            "schritt": fragebogen_.schritt_ansicht(finder.bogen, fortschritt, sprache),
            "antworten": fortschritt.antworten,
        }
    haushalt = fragebogen_.haushalt(finder.bogen, fortschritt.antworten)
    ergebnis = auswerten(finder, kontext, haushalt, sprache, gemeindesuche)
    return {"ergebnis": ergebnis, "antworten": fortschritt.antworten}


# the result for the person ----------------------------------------------------------------------


def json_fertig(wert: Any) -> Any:
    """Money as numbers with cents, dates as ISO text: what goes over the wire and into JSON
    (one pass through orjson, in C)."""
    return orjson.loads(orjson.dumps(wert, default=_json_default))


def _json_default(wert: Any) -> Any:
    if isinstance(wert, Decimal):
        return float(wert.quantize(CENT, rounding=ROUND_HALF_UP))
    if isinstance(wert, set | frozenset):
        return sorted(wert)
    raise TypeError(type(wert).__name__)


def darstellen(
    texte: Ergebnistexte,
    ergebnis: dict[str, Any],
    sprache: str,
    wohnort: Mapping[str, Any],
    gemeinde: Mapping[str, str],
) -> dict[str, Any]:
    """Texts in the language (finder.adapters.ergebnistexte) and the next steps' links filled
    with the place, so the Zuständigkeitsfinder and the new application open with it."""
    ergebnis = texte.uebersetzen(ergebnis, sprache)
    ergebnis["wohnort"] = {
        "plz": wohnort["plz"],
        "ags": gemeinde["ags"],
        "gemeinde": gemeinde["name"],
    }
    for eintrag in ergebnis.get("ergebnisse", []):
        schritt = eintrag.get("naechster_schritt")
        if not isinstance(schritt, dict):
            continue
        if eintrag.get("einschaetzung") not in MOEGLICH:
            schritt.pop("url", None)  # no application offered for what is unlikely
            continue
        url = naechster_schritt_url(
            schritt.get("art"), eintrag.get("leistung"), wohnort["plz"], gemeinde["name"]
        )
        if url:
            schritt["url"] = url  # ours: with the Gemeinde's name as the town
        if eintrag.get("leistung") == "grundsicherung_arbeitsuchende":
            # which Jobcenter, and whether it takes the application here (docs/adr/0082)
            schritt["zustaendigkeit_url"] = naechster_schritt_url(
                "zustaendigkeit", None, wohnort["plz"], gemeinde["name"]
            )
    return ergebnis


# the finder's benefit -> the online application of antrag (contracts.common.Leistung)
ANTRAG_HIER = {
    "grundsicherung_arbeitsuchende": Leistung.BUERGERGELD,
    "bildung_teilhabe": Leistung.BILDUNG_TEILHABE,
    "einstiegsgeld": Leistung.EINSTIEGSGELD,
    "eingliederung": Leistung.EINGLIEDERUNG,
}


def naechster_schritt_url(art: Any, leistung: Any, plz: str, ort: str) -> str | None:
    """The Zuständigkeitsfinder or the new application, opened with the place."""
    ort_teil = {"plz": plz, "ort": ort}
    if art == "zustaendigkeit":
        return f"/zustaendigkeit?{urlencode(ort_teil)}"
    antrag = ANTRAG_HIER.get(leistung)
    if art == "antrag_hier" and antrag is not None:
        return f"/antraege/neu?{urlencode({'leistung': antrag.value, **ort_teil})}"
    return None


def ausgewertet_melden(
    kontext: Kontext, ergebnis: Mapping[str, Any], sprache: str, regelstand: date, land: str
) -> None:
    """FinderAusgewertet v2 (contracts/events/finder.py): which benefits were shown as likely
    or possible, the language, the Land, the date and version of the rules. Appended in
    batches, each in a stream of its own: nothing links two evaluations
    (finder.adapters.meldungen, docs/adr/0099)."""
    moeglich = sorted(
        {
            e["leistung"]
            for e in ergebnis.get("ergebnisse", [])
            if e.get("einschaetzung") in MOEGLICH
        }
    )
    kontext.melden(
        {
            "sprache": sprache,
            "leistungen_moeglich": moeglich,
            "regelstand": regelstand.isoformat(),
            "land": land,
            "parameterstand": str(ergebnis.get("parameterstand", ""))[:100],
        }
    )
    log.debug("finder_ausgewertet", leistungen=len(moeglich), sprache=sprache)


def _felder(messages: Any, sprache: str, pfad: str = "") -> list[dict[str, str]]:
    """marshmallow's nested messages -> one entry per field (dotted path) with a code. The
    German message of HaushaltSchema (finder.regeln; it never quotes the value) is kept for
    German; the other languages get the code's message."""
    if isinstance(messages, Mapping):
        felder: list[dict[str, str]] = []
        for name, inhalt in messages.items():
            felder.extend(_felder(inhalt, sprache, f"{pfad}.{name}" if pfad else str(name)))
        return felder
    texte = [t for t in (messages if isinstance(messages, list) else [messages])]
    verschachtelt = [t for t in texte if isinstance(t, Mapping)]
    if verschachtelt:
        return [f for t in verschachtelt for f in _felder(t, sprache, pfad)]
    text = next((t for t in texte if isinstance(t, str)), "")
    code = "wert_ungueltig"
    if text.startswith(("Missing data", "Pflichtangabe")):
        code = "pflichtfeld"
    elif text.startswith("Unknown field"):
        code = "unbekanntes_feld"
    eintrag = feldfehler(pfad, code, sprache)
    if (
        sprache == "de"
        and code == "wert_ungueltig"
        and 0 < len(text) <= 200
        and not (text.startswith(MARSHMALLOW_ENGLISCH))
    ):
        eintrag["meldung"] = text
    return [eintrag]
