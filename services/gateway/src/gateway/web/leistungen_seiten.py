"""Information pages per benefit and the Ausfüllhilfen of the online applications (issue 14).

The content is the finder service's (finder.inhalte, docs/adr/0100): what the benefit is, who
gets it, how much (amounts filled in from the dated parameters on the day), what to bring,
where to apply, deadlines. These handlers only render it; no text of a page lives here.

    /leistungen                                   the overview
    /leistungen/<id>                              one benefit
    /ausfuellhilfen/<formular>/<abschnitt>        help for one section of an application
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from babel.dates import format_date

from gateway.fehler import NichtGefunden
from gateway.web.antworten import Seite
from gateway.web.kontext import RequestContext
from gateway.web.vorlagen import BABEL_LOCALE

LEISTUNGEN = "/leistungen"
AUSFUELLHILFEN = "/ausfuellhilfen"
# ids of benefits, forms and sections: a path segment that is anything else is no page of ours
# and never reaches a service
SCHLUESSEL = re.compile(r"[a-z][a-z0-9_]{0,59}")


def uebersicht(ctx: RequestContext) -> Seite:
    leistungen = ctx.dienste.finder.leistungen(sprache=ctx.sprache.code)
    return Seite("leistungen.html", {"leistungen": leistungen})


def leistung(ctx: RequestContext, leistung_id: str) -> Seite:
    if not SCHLUESSEL.fullmatch(leistung_id):
        raise NichtGefunden()
    seite = ctx.dienste.finder.leistung(leistung_id=leistung_id, sprache=ctx.sprache.code)
    return Seite(
        "leistung.html",
        {
            "leistung": seite,
            "stichtag": _datum(ctx, seite["stichtag"]),
            "quellen": _quellen(ctx, seite["betraege"]),
        },
    )


def ausfuellhilfe(ctx: RequestContext, formular: str, abschnitt: str) -> Seite:
    if not (SCHLUESSEL.fullmatch(formular) and SCHLUESSEL.fullmatch(abschnitt)):
        raise NichtGefunden()
    hilfe = ctx.dienste.finder.ausfuellhilfe(
        formular=formular, abschnitt=abschnitt, sprache=ctx.sprache.code
    )
    return Seite(
        "leistung_ausfuellhilfe.html",
        {"hilfe": hilfe, "leistung_pfad": f"{LEISTUNGEN}/{hilfe['leistung']}"},
    )


def ausfuellhilfe_pfad(formular: str, abschnitt: str) -> str:
    """Where an application's section links to its help (templates/antrag_abschnitt.html)."""
    return f"{AUSFUELLHILFEN}/{formular}/{abschnitt}"


def _datum(ctx: RequestContext, iso: str) -> str:
    return format_date(date.fromisoformat(iso), "long", locale=BABEL_LOCALE[ctx.sprache.code])


def _quellen(ctx: RequestContext, betraege: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Where the page's amounts come from: the law and its publication, and the days the values
    hold (each source once)."""
    quellen: dict[str, dict[str, Any]] = {}
    for betrag in betraege:
        quelle = betrag.get("quelle") or {}
        if isinstance(quelle, dict):
            text = quelle.get("paragraph", "")
            if quelle.get("bgbl"):
                text = f"{text} ({quelle['bgbl']})"
        else:
            text = str(quelle)
        if not text or text in quellen:
            continue
        quellen[text] = {
            "text": text,
            "ab": _datum(ctx, betrag["gilt_ab"]),
            "bis": _datum(ctx, betrag["gilt_bis"]) if betrag.get("gilt_bis") else "",
            "entwurf": betrag.get("status") == "entwurf",
        }
    return list(quellen.values())
