"""Handlers of the Sozialleistungsfinder API: /api/v1/finder (issue 14).

The finder service decides everything (which benefits, how much, why; the household's checks;
the place): these handlers pass the body on and hand back its answer. A household the service
refuses comes back as a problem document with its per-field errors (``felder``); a postcode
with several Gemeinden as ``gemeinde_waehlen`` with ``details.gemeinden`` to choose from, sent
again as ``wohnort.ags``.

Nothing of the body is logged or stored (docs/adr/0097).
"""

from __future__ import annotations

from marshmallow import INCLUDE, Schema, fields, validate

from gateway.web.antworten import JsonAntwort
from gateway.web.api import endpunkt
from gateway.web.kontext import RequestContext

ROLLEN = ["antragsteller", "partner", "kind", "sonstige"]
AUSBILDUNG = ["schule", "bafoeg", "ausbildung"]
EINSCHAETZUNGEN = ["wahrscheinlich", "moeglich", "unwahrscheinlich"]
BETRAG = {"description": "Euros per month", "minimum": 0, "example": 450}


class Offen(Schema):
    """An object that may carry more members than listed."""

    class Meta:
        unknown = INCLUDE


class NurObjekt(Schema):
    """What the gateway itself checks of a household: that it is a JSON object. The finder
    service checks the rest (one place for the rules)."""

    error_messages = {"type": "objekt_erwartet"}

    class Meta:
        unknown = INCLUDE


HAUSHALT = NurObjekt()

# request (documentation of what the finder service accepts) -------------------------------


class FinderWohnort(Schema):
    plz = fields.String(required=True, metadata={"pattern": "^[0-9]{5}$", "example": "63571"})
    ort = fields.String(metadata={"description": "Narrows a postcode with several towns"})
    ags = fields.String(
        metadata={
            "pattern": "^[0-9]{8}$",
            "description": "The Gemeinde chosen from `details.gemeinden` of a "
            "`gemeinde_waehlen` problem",
        }
    )


class FinderEinkommen(Schema):
    erwerb_brutto = fields.Float(metadata=BETRAG)
    erwerb_netto = fields.Float(metadata=BETRAG)
    rente_brutto = fields.Float(metadata=BETRAG)
    unterhalt = fields.Float(metadata=BETRAG)
    unterhaltsvorschuss = fields.Float(metadata=BETRAG)
    sonstiges = fields.Float(metadata=BETRAG)


class FinderPerson(Schema):
    rolle = fields.String(required=True, validate=validate.OneOf(ROLLEN))
    alter = fields.Integer(required=True, metadata={"minimum": 0, "maximum": 120, "example": 34})
    erwerbsfaehig = fields.Boolean(metadata={"description": "Can work 3 hours a day or more"})
    schwanger = fields.Boolean()
    in_ausbildung = fields.String(validate=validate.OneOf(AUSBILDUNG))
    einkommen = fields.Nested(FinderEinkommen)


class FinderWohnkosten(Schema):
    warmmiete = fields.Float(required=True, metadata=BETRAG)
    heizkosten = fields.Float(metadata=BETRAG)


class FinderHaushalt(Schema):
    stichtag = fields.Date(
        metadata={
            "description": "The day to judge by (default: today); a day no published "
            "values cover is refused with `keine_werte_fuer_stichtag`"
        }
    )
    wohnort = fields.Nested(FinderWohnort, required=True)
    personen = fields.List(fields.Nested(FinderPerson), required=True)
    alleinerziehend = fields.Boolean()
    wohnkosten = fields.Nested(FinderWohnkosten, required=True)
    vermoegen = fields.Float(metadata={"description": "Euros, the whole household", "minimum": 0})


# responses ---------------------------------------------------------------------------------


class FinderText(Offen):
    code = fields.String(metadata={"description": "Stable key of the text"})
    text = fields.String(required=True, metadata={"description": "In the request's language"})
    sprache = fields.String(
        metadata={"description": "`de` when no translation exists yet and the text is German"}
    )


class FinderBetrag(Offen):
    von = fields.Float(required=True)
    bis = fields.Float(required=True)


class FinderSchritt(Offen):
    art = fields.String(metadata={"example": "zustaendigkeit"})
    text = fields.String(required=True)
    url = fields.String(
        allow_none=True, metadata={"example": "/antraege/neu?leistung=buergergeld&plz=63571"}
    )
    zustaendigkeit_url = fields.String(
        metadata={
            "description": "Grundsicherung: the Zuständigkeitsfinder for the place",
            "example": "/zustaendigkeit?plz=63571&ort=Gelnhausen",
        }
    )


class FinderErgebnis(Offen):
    leistung = fields.String(required=True, metadata={"example": "wohngeld"})
    name = fields.String(metadata={"description": "The benefit's name in force on the day"})
    einschaetzung = fields.String(required=True, validate=validate.OneOf(EINSCHAETZUNGEN))
    betrag_monatlich = fields.Nested(FinderBetrag, allow_none=True)
    gruende = fields.List(fields.Raw(), required=True)
    rechtsgrundlagen = fields.List(fields.Raw(), required=True)
    vorrang = fields.Raw(allow_none=True)
    unsicher = fields.List(fields.Raw())
    naechster_schritt = fields.Nested(FinderSchritt, allow_none=True)


class FinderOrt(Schema):
    plz = fields.String(required=True)
    ags = fields.String(required=True)
    gemeinde = fields.String(required=True)


class FinderAuswertung(Offen):
    stichtag = fields.Date(required=True)
    parameterstand = fields.Raw(required=True, metadata={"description": "Version of the values"})
    ergebnisse = fields.List(fields.Nested(FinderErgebnis), required=True)
    wahlrecht = fields.Raw(
        allow_none=True,
        metadata={"description": "§ 6a Abs. 1a BKGG: both options with their amounts"},
    )
    hinweise = fields.List(fields.Raw(), required=True)
    wohnort = fields.Nested(FinderOrt, required=True)


class FinderFrage(Offen):
    id = fields.String(required=True, metadata={"description": "`{n}` in a repeated step"})
    typ = fields.String(
        required=True,
        validate=validate.OneOf(
            ["plz", "text", "zahl", "betrag", "ja_nein", "auswahl", "gemeinde"]
        ),
    )
    pflicht = fields.Boolean(required=True)
    text = fields.String(required=True)
    hilfe = fields.String()
    minimum = fields.Integer()
    maximum = fields.Integer()
    optionen = fields.List(fields.Dict())
    bedingung = fields.Dict()


class FinderFragenSchritt(Offen):
    id = fields.String(required=True)
    titel = fields.String(required=True)
    einleitung = fields.String()
    bedingung = fields.Dict(
        metadata={"description": "`{frage, gleich}` or `{frage, groesser}`: shown only then"}
    )
    wiederholen = fields.String(metadata={"description": "Asked once per count of this answer"})
    fragen = fields.List(fields.Nested(FinderFrage), required=True)


class FinderFragen(Offen):
    version = fields.String(required=True)
    sprache = fields.String(required=True)
    schritte = fields.List(fields.Nested(FinderFragenSchritt), required=True)
    meldungen = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


KOMPONENTEN = (
    ("FinderWohnort", FinderWohnort),
    ("FinderEinkommen", FinderEinkommen),
    ("FinderPerson", FinderPerson),
    ("FinderWohnkosten", FinderWohnkosten),
    ("FinderHaushalt", FinderHaushalt),
    ("FinderText", FinderText),
    ("FinderBetrag", FinderBetrag),
    ("FinderSchritt", FinderSchritt),
    ("FinderErgebnis", FinderErgebnis),
    ("FinderOrt", FinderOrt),
    ("FinderAuswertung", FinderAuswertung),
    ("FinderFrage", FinderFrage),
    ("FinderFragenSchritt", FinderFragenSchritt),
    ("FinderFragen", FinderFragen),
)


@endpunkt(
    "GET",
    "/api/v1/finder/fragen",
    "finderFragen",
    "The Sozialleistungsfinder's questionnaire, in the request's language",
    antworten={200: ("Steps, questions, conditions, help texts, messages", FinderFragen)},
    ruft_dienste=True,
)
def fragen(ctx: RequestContext) -> JsonAntwort:
    """The same questions the pages under /finder ask. A question's answer becomes the
    household of `POST /api/v1/finder/auswertung` as the pages do it (finder.fragen.haushalt)."""
    return JsonAntwort(ctx.dienste.finder.fragen(sprache=ctx.sprache.code))


@endpunkt(
    "POST",
    "/api/v1/finder/auswertung",
    "finderAuswerten",
    "Which benefits a household may get, roughly how much a month, why, and what to do next",
    anfrage=FinderHaushalt,
    antworten={200: ("The benefits with amounts, reasons, legal bases", FinderAuswertung)},
    remote_fehler=(
        "haushalt_ungueltig",
        "gemeinde_waehlen",
        "keine_werte_fuer_stichtag",
        "zustaendigkeit_nicht_erreichbar",
    ),
    csrf=False,
    ruft_dienste=True,
)
def auswerten(ctx: RequestContext) -> JsonAntwort:
    """Anonymous: no account, nothing stored but which benefits were shown (no answer, no
    place). `422 haushalt_ungueltig` names each wrong field in `felder` (a dotted path,
    `personen.0.alter`); `422 gemeinde_waehlen`: the postcode spans several Gemeinden, choose one
    of `details.gemeinden` and send its `ags` in `wohnort`."""
    haushalt = ctx.json(HAUSHALT)
    return JsonAntwort(ctx.dienste.finder.auswerten(anfrage=haushalt, sprache=ctx.sprache.code))
