"""Handlers of the information content API: /api/v1/leistungen (issue 14).

The content is the finder service's (finder.inhalte, docs/adr/0100); these handlers pass the
language and the day on and hand back its answer. The same content the pages under /leistungen
show, as data: a client can render it its own way.
"""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from gateway.fehler import NichtGefunden
from gateway.web.antworten import JsonAntwort
from gateway.web.api import endpunkt
from gateway.web.api_schemas import Eingabe
from gateway.web.kontext import RequestContext
from gateway.web.leistungen_seiten import SCHLUESSEL
from kernel import zeit

ABSCHNITTE = ["wer", "wie_viel", "mitbringen", "wo", "fristen"]
DATUM_FEHLER = {"invalid": "angabe_ungueltig", "required": "pflichtfeld", "null": "pflichtfeld"}


class LeistungenAnfrage(Eingabe):
    """Query parameters."""

    stichtag = fields.Date(
        error_messages=DATUM_FEHLER,
        metadata={
            "description": "The day whose amounts and names to show (ISO date; default today). "
            "An amount not yet published for that day is said to be so, never replaced by an "
            "older one.",
            "example": "2026-07-01",
        },
    )


class Offen(Schema):
    class Meta:
        unknown = INCLUDE


class LeistungKurz(Offen):
    id = fields.String(required=True, metadata={"example": "wohngeld"})
    name = fields.String(required=True, metadata={"description": "The name in force on the day"})
    kurz = fields.String(required=True, metadata={"description": "One or two sentences"})


class Leistungsuebersicht(Schema):
    sprache = fields.String(required=True)
    stichtag = fields.Date(required=True)
    leistungen = fields.List(fields.Nested(LeistungKurz), required=True)


class Inhaltsblock(Schema):
    text = fields.String(metadata={"description": "A paragraph"})
    liste = fields.List(fields.String(), metadata={"description": "Or a list"})


class Inhaltsabschnitt(Schema):
    art = fields.String(required=True, validate=validate.OneOf(ABSCHNITTE))
    titel = fields.String(required=True)
    bloecke = fields.List(fields.Nested(Inhaltsblock), required=True)


class Leistungsverweis(Schema):
    text = fields.String(required=True)
    url = fields.String(required=True, metadata={"description": "A path of this platform"})


class Rechtsquelle(Offen):
    gesetz = fields.String()
    paragraph = fields.String(required=True, metadata={"example": "§ 66 Abs. 1 EStG"})
    bgbl = fields.String(metadata={"description": "Where it was published"})
    url = fields.String(allow_none=True)


class Leistungsbetrag(Schema):
    name = fields.String(required=True, metadata={"example": "kindergeld.betrag"})
    wert = fields.Raw(required=True, metadata={"description": "A number, or a table of them"})
    einheit = fields.String(allow_none=True, metadata={"example": "EUR/Monat je Kind"})
    gilt_ab = fields.Date(required=True)
    gilt_bis = fields.Date(allow_none=True)
    quelle = fields.Nested(Rechtsquelle, allow_none=True)
    status = fields.String(validate=validate.OneOf(["in_kraft", "entwurf"]), allow_none=True)


class Leistungsinformation(Schema):
    id = fields.String(required=True)
    sprache = fields.String(required=True)
    stichtag = fields.Date(required=True)
    parameterstand = fields.String(required=True, metadata={"description": "Version of the values"})
    name = fields.String(required=True, metadata={"description": "The name in force on the day"})
    kurz = fields.String(required=True)
    abschnitte = fields.List(
        fields.Nested(Inhaltsabschnitt),
        required=True,
        metadata={"description": "Who, how much, what to bring, where to apply, deadlines"},
    )
    rechtsgrundlagen = fields.List(fields.String(), required=True)
    weiter = fields.List(fields.Nested(Leistungsverweis), required=True)
    betraege = fields.List(
        fields.Nested(Leistungsbetrag),
        required=True,
        metadata={"description": "Every dated value the texts show, with its period and source"},
    )
    hinweise = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "E.g. that the amounts of a year are not yet published"},
    )


KOMPONENTEN = (
    ("LeistungenAnfrage", LeistungenAnfrage),
    ("LeistungKurz", LeistungKurz),
    ("Leistungsuebersicht", Leistungsuebersicht),
    ("Inhaltsblock", Inhaltsblock),
    ("Inhaltsabschnitt", Inhaltsabschnitt),
    ("Leistungsverweis", Leistungsverweis),
    ("Rechtsquelle", Rechtsquelle),
    ("Leistungsbetrag", Leistungsbetrag),
    ("Leistungsinformation", Leistungsinformation),
)
ANFRAGE = LeistungenAnfrage()


def _stichtag(ctx: RequestContext) -> str:
    """The day asked for, else today: sent to the service, so that both mean the same day."""
    return (ctx.abfrage(ANFRAGE).get("stichtag") or zeit.heute()).isoformat()


@endpunkt(
    "GET",
    "/api/v1/leistungen",
    "leistungenAuflisten",
    "The benefits there is information on, in the request's language",
    abfrage=LeistungenAnfrage,
    antworten={200: ("Each benefit's id, name on the day and summary", Leistungsuebersicht)},
    remote_fehler=("stichtag_ungueltig",),
    csrf=False,
    ruft_dienste=True,
)
def leistungen_auflisten(ctx: RequestContext) -> JsonAntwort:
    """Language: Accept-Language (de, en, de-x-ls) or ?sprache=. The names follow the law in
    force on the day (Bürgergeld until 30 June 2026, Grundsicherungsgeld from 1 July 2026)."""
    stichtag = _stichtag(ctx)
    leistungen = ctx.dienste.finder.leistungen(sprache=ctx.sprache.code, stichtag=stichtag)
    return JsonAntwort(
        {"sprache": ctx.sprache.code, "stichtag": stichtag, "leistungen": leistungen}
    )


@endpunkt(
    "GET",
    "/api/v1/leistungen/{leistung_id}",
    "leistungLesen",
    "One benefit: who gets it, how much, what to bring, where to apply, deadlines",
    abfrage=LeistungenAnfrage,
    antworten={200: ("The information, amounts filled in for the day", Leistungsinformation)},
    fehler=(NichtGefunden,),
    remote_fehler=("leistung_nicht_gefunden", "stichtag_ungueltig"),
    csrf=False,
    ruft_dienste=True,
)
def leistung_lesen(ctx: RequestContext, leistung_id: str) -> JsonAntwort:
    """Every amount in the texts is a dated legal parameter filled in for the day; `betraege`
    lists each with its period and legal source. A value only a bill knows is marked as a
    draft in the text and in `hinweise`."""
    if not SCHLUESSEL.fullmatch(leistung_id):
        raise NichtGefunden()
    return JsonAntwort(
        ctx.dienste.finder.leistung(
            leistung_id=leistung_id, sprache=ctx.sprache.code, stichtag=_stichtag(ctx)
        )
    )
