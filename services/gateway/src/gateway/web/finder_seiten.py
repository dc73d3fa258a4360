"""The Sozialleistungsfinder's pages (issue 14): a questionnaire of a few short steps and the
result, without an account, without JavaScript and without a session on the server
(docs/adr/0097).

Every answer travels with the pages: each step's form carries the answers of the other steps
in hidden fields, and is sent with POST (never in an address, where it would end up in a
history or a log). The finder service decides which step comes next, what is wrong with an
answer and what the answers mean (``finder.fragebogen``); this module only renders.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal

from gateway.web.antworten import Seite
from gateway.web.kontext import SPRACHE_PARAMETER, RequestContext

# Form fields of the pages themselves; every other field is an answer.
STEUERFELDER = frozenset({"csrf_token", "schritt", "aktion", "sprache"})  # "gefragt" goes on
# Attribution of the data behind the result (the place and the Mietenstufen).
QUELLEN = (
    "Postleitzahlen: © OpenStreetMap-Mitwirkende, ODbL 1.0",
    "Mietenstufen: Anlage zu § 1 Abs. 3 WoGV; Gemeindeschlüssel: © Statistisches Bundesamt "
    "(Destatis), GV-ISys",
)


def start(ctx: RequestContext) -> Seite:
    """The first step, with what the finder is and what it keeps (nothing)."""
    antwort = ctx.dienste.finder.fragebogen(antworten={}, sprache=ctx.sprache.code)
    return _seite(ctx, antwort)


def weiter(ctx: RequestContext) -> Seite:
    """One step sent: the next one, the same one with its errors, or the result."""
    form = ctx.request.form
    antworten = {
        name: wert for name, wert in form.items() if name not in STEUERFELDER and len(name) <= 40
    }
    # A refusal (no published values for today, a Gemeinde not of the postcode sent by hand)
    # is the error page of its code, as every page's (gateway.fehler).
    antwort = ctx.dienste.finder.fragebogen(
        antworten=antworten,
        schritt=form.get("schritt") or None,
        aktion=form.get("aktion") or None,
        sprache=ctx.sprache.code,
    )
    return _seite(ctx, antwort)


def _seite(ctx: RequestContext, antwort: dict[str, Any]) -> Seite:
    antworten = antwort.get("antworten", {})
    sprache_im_link = SPRACHE_PARAMETER in ctx.request.args
    if "ergebnis" in antwort:
        ergebnis = antwort["ergebnis"]
        sprache = ctx.sprache.code
        karten = [_karte(e, sprache) for e in ergebnis.get("ergebnisse", [])]
        return Seite(
            "finder_ergebnis.html",
            {
                "ergebnis": ergebnis,
                "stichtag": _datum(ergebnis.get("stichtag"), sprache),
                "antworten": antworten,
                "quellen": QUELLEN,
                "gruppen": _gruppen(karten),
                "wahlrecht": _wahlrecht(ergebnis.get("wahlrecht"), sprache),
                "hinweise": texte(ergebnis.get("hinweise")),
                "sprache_im_link": sprache_im_link,
            },
        )
    schritt = antwort["schritt"]
    fehler = [frage for frage in schritt["fragen"] if frage.get("fehler")]
    return Seite(
        "finder_schritt.html",
        {"schritt": schritt, "fehlerhafte_fragen": fehler, "sprache_im_link": sprache_im_link},
        422 if fehler else 200,
    )


def _gruppen(karten: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The results by how likely they are, the likely ones first; empty groups left out."""
    reihenfolge = ("wahrscheinlich", "moeglich", "unwahrscheinlich")
    return [
        (art, [k for k in karten if k["einschaetzung"] == art])
        for art in reihenfolge
        if any(k["einschaetzung"] == art for k in karten)
    ]


def _karte(ergebnis: Mapping[str, Any], sprache: str) -> dict[str, Any]:
    """One benefit as the page shows it: every text with the language it is in."""
    schritt = ergebnis.get("naechster_schritt")
    return {
        "id": str(ergebnis.get("leistung", "")),
        "name": str(ergebnis.get("name") or ergebnis.get("leistung", "")),
        "einschaetzung": ergebnis.get("einschaetzung"),
        "betrag": spanne(ergebnis.get("betrag_monatlich"), sprache),
        "gruende": texte(ergebnis.get("gruende")),
        "vorrang": texte(ergebnis.get("vorrang")),
        "unsicher": texte(ergebnis.get("unsicher")),
        # citations are German whatever the page's language
        "rechtsgrundlagen": [
            {**teil, "lang": teil["lang"] or "de"}
            for teil in texte(ergebnis.get("rechtsgrundlagen"))
        ],
        "schritt": (
            {
                "texte": texte(schritt),
                "url": _verweis(schritt.get("url")),
                "zustaendigkeit_url": _verweis(schritt.get("zustaendigkeit_url")),
            }
            if isinstance(schritt, Mapping)
            else None
        ),
    }


def _wahlrecht(wahlrecht: Any, sprache: str) -> dict[str, Any] | None:
    """§ 6a Abs. 1a BKGG: the text and both options with their amounts."""
    if not isinstance(wahlrecht, Mapping):
        return None
    optionen = []
    for option in wahlrecht.get("optionen") or []:
        if isinstance(option, Mapping):
            optionen.append(
                {
                    "texte": texte(option),
                    "betrag": spanne(
                        option.get("betrag_monatlich") or option.get("betrag"), sprache
                    ),
                }
            )
    return {"texte": texte(wahlrecht), "optionen": optionen}


def texte(wert: Any) -> list[dict[str, str]]:
    """A result's text parts as ``{"text", "lang"}``: plain text, ``{"text", ...}`` (with
    ``sprache`` "de" where no translation exists yet), or a list of them. A legal citation
    given as ``{"gesetz", "paragraph"}`` is written as one line."""
    if wert is None:
        return []
    if isinstance(wert, str):
        return [{"text": wert, "lang": ""}] if wert.strip() else []
    if isinstance(wert, list | tuple):
        return [teil for eintrag in wert for teil in texte(eintrag)]
    if isinstance(wert, Mapping):
        if isinstance(wert.get("text"), str):
            return [{"text": wert["text"], "lang": "de" if wert.get("sprache") == "de" else ""}]
        teile = [str(wert[k]) for k in ("paragraph", "gesetz", "fundstelle") if wert.get(k)]
        if teile:
            return [{"text": " ".join(teile), "lang": "de"}]
    return []


def spanne(betrag: Any, sprache: str) -> str | None:
    """A monthly amount or range in the language's notation: 450 €, 120 € – 300 €."""
    if isinstance(betrag, int | float) and not isinstance(betrag, bool):
        return euro(betrag, sprache)
    if not isinstance(betrag, Mapping):
        return None
    von, bis = betrag.get("von"), betrag.get("bis")
    if not isinstance(von, int | float) or not isinstance(bis, int | float):
        return None
    if von == bis:
        return euro(von, sprache)
    return f"{euro(von, sprache)} – {euro(bis, sprache)}"


def _datum(iso: Any, sprache: str) -> str:
    try:
        tag = date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return format_date(tag, format="long", locale="en_GB" if sprache == "en" else "de_DE")


def euro(wert: float, sprache: str) -> str:
    locale = "en_GB" if sprache == "en" else "de_DE"
    muster = "#,##0" if float(wert).is_integer() else "#,##0.00"
    return f"{format_decimal(wert, format=muster, locale=locale)} €"


def _verweis(url: Any) -> str | None:
    """A link within the portal, or to an office's site over https; nothing else."""
    if not isinstance(url, str):
        return None
    if (url.startswith("/") and not url.startswith("//")) or url.startswith("https://"):
        return url
    return None
