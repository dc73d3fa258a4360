"""The household as the person describes it: the body of POST /api/v1/finder/auswertung.

``HaushaltSchema().load(body)`` checks it field by field (errors in German, keyed like the
body, so the gateway can answer 422 with field errors) and gives a dict with Decimals; the rules
turn that dict into ``Haushalt``/``Person`` (``haushalt_aus``). These are value objects the rules
never change; they are not frozen because frozen dataclasses took 20 instead of 8 µs per
household to build (bench/finder's households), a tenth of an evaluation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

ROLLEN = ("antragsteller", "partner", "kind", "sonstige")
AUSBILDUNG = ("schule", "bafoeg", "ausbildung")
HOECHSTBETRAG = Decimal("1000000")
PFLICHT = {"required": "Pflichtangabe."}


def _geld(pflicht: bool = False, **optionen: Any) -> fields.Decimal:
    meldungen = {"invalid": "Bitte einen Betrag in Euro, z. B. 450.50."}
    if pflicht:
        meldungen |= PFLICHT
        optionen["required"] = True
    return fields.Decimal(
        places=2,
        allow_nan=False,
        validate=validate.Range(
            min=Decimal(0), max=HOECHSTBETRAG, error="Bitte einen Betrag von 0 bis 1.000.000."
        ),
        error_messages=meldungen,
        **optionen,
    )


class WohnortSchema(Schema):
    plz = fields.String(
        required=True,
        validate=validate.Regexp(r"^\d{5}$", error="Bitte eine Postleitzahl mit 5 Ziffern."),
        error_messages=PFLICHT,
    )
    ort = fields.String(load_default=None, validate=validate.Length(max=120))
    ags = fields.String(
        load_default=None,
        validate=validate.Regexp(r"^\d{8}$", error="Der Gemeindeschlüssel hat 8 Ziffern."),
    )


class EinkommenSchema(Schema):
    erwerb_brutto = _geld(load_default=None)
    erwerb_netto = _geld(load_default=None)
    rente_brutto = _geld(load_default=None)
    unterhalt = _geld(load_default=None)
    unterhaltsvorschuss = _geld(load_default=None)
    sonstiges = _geld(load_default=None)

    @validates_schema
    def _netto_hoechstens_brutto(self, daten: dict[str, Any], **_: Any) -> None:
        brutto, netto = daten.get("erwerb_brutto"), daten.get("erwerb_netto")
        if brutto is not None and netto is not None and netto > brutto:
            raise ValidationError(
                "Der Nettolohn kann nicht höher sein als der Bruttolohn.", "erwerb_netto"
            )


class PersonSchema(Schema):
    rolle = fields.String(
        required=True,
        validate=validate.OneOf(ROLLEN, error="Erlaubt: antragsteller, partner, kind, sonstige."),
        error_messages=PFLICHT,
    )
    alter = fields.Integer(
        required=True,
        strict=True,
        validate=validate.Range(min=0, max=120, error="Bitte ein Alter von 0 bis 120."),
        error_messages=PFLICHT | {"invalid": "Bitte ein Alter in ganzen Jahren."},
    )
    erwerbsfaehig = fields.Boolean(load_default=None)
    schwanger = fields.Boolean(load_default=False)
    in_ausbildung = fields.String(
        load_default=None,
        validate=validate.OneOf(AUSBILDUNG, error="Erlaubt: schule, bafoeg, ausbildung."),
    )
    einkommen = fields.Nested(EinkommenSchema, load_default=dict)


class WohnkostenSchema(Schema):
    warmmiete = _geld(pflicht=True)
    heizkosten = _geld(load_default=None)

    @validates_schema
    def _heizung_in_warmmiete(self, daten: dict[str, Any], **_: Any) -> None:
        heizung = daten.get("heizkosten")
        if heizung is not None and "warmmiete" in daten and heizung > daten["warmmiete"]:
            raise ValidationError(
                "Die Heizkosten sind ein Teil der Warmmiete und können nicht höher sein.",
                "heizkosten",
            )


class HaushaltSchema(Schema):
    stichtag = fields.Date(
        load_default=None, error_messages={"invalid": "Bitte ein Datum wie 2026-12-01."}
    )
    wohnort = fields.Nested(WohnortSchema, required=True, error_messages=PFLICHT)
    personen = fields.List(
        fields.Nested(PersonSchema),
        required=True,
        validate=validate.Length(min=1, max=20, error="Bitte 1 bis 20 Personen angeben."),
        error_messages=PFLICHT,
    )
    alleinerziehend = fields.Boolean(load_default=None)
    wohnkosten = fields.Nested(WohnkostenSchema, required=True, error_messages=PFLICHT)
    vermoegen = _geld(load_default=None)

    @validates_schema
    def _rollen(self, daten: dict[str, Any], **_: Any) -> None:
        personen = daten.get("personen") or []
        rollen = [person.get("rolle") for person in personen]
        if rollen.count("antragsteller") != 1:
            raise ValidationError("Genau eine Person ist die antragstellende.", "personen")
        if rollen.count("partner") > 1:
            raise ValidationError("Höchstens eine Person ist Partnerin oder Partner.", "personen")
        if daten.get("alleinerziehend") and "partner" in rollen:
            raise ValidationError(
                "Alleinerziehend heißt: ohne Partnerin oder Partner im Haushalt.",
                "alleinerziehend",
            )
        for person in personen:
            if person.get("rolle") in ("antragsteller", "partner") and person.get("alter", 99) < 15:
                raise ValidationError(
                    "Wer den Antrag stellt oder Partner ist, muss mindestens 15 Jahre alt sein.",
                    "personen",
                )


@dataclass(slots=True)
class Einkommen:
    erwerb_brutto: Decimal | None
    erwerb_netto: Decimal | None
    rente_brutto: Decimal
    unterhalt: Decimal
    unterhaltsvorschuss: Decimal
    sonstiges: Decimal


@dataclass(slots=True)
class Person:
    nummer: int  # position in the body, for nothing but ordering
    rolle: str
    alter: int
    erwerbsfaehig: bool | None
    schwanger: bool
    in_ausbildung: str | None
    einkommen: Einkommen
    # derived once: the rules ask these some thirty times per evaluation
    erwachsen: bool = field(init=False)  # antragsteller or partner
    kind: bool = field(init=False)
    bafoeg: bool = field(init=False)  # in a training BAföG supports "dem Grunde nach"

    def __post_init__(self) -> None:
        self.erwachsen = self.rolle in ("antragsteller", "partner")
        self.kind = self.rolle == "kind"
        self.bafoeg = self.in_ausbildung == "bafoeg"


@dataclass(slots=True)
class Haushalt:
    plz: str
    ort: str | None
    ags: str | None
    personen: tuple[Person, ...]
    alleinerziehend: bool
    warmmiete: Decimal
    heizkosten: Decimal | None
    vermoegen: Decimal
    antragsteller: Person = field(init=False)
    partner: Person | None = field(init=False)
    eltern: tuple[Person, ...] = field(init=False)  # antragsteller and partner
    kinder: tuple[Person, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.antragsteller = next(p for p in self.personen if p.rolle == "antragsteller")
        self.partner = next((p for p in self.personen if p.rolle == "partner"), None)
        self.eltern = tuple(p for p in self.personen if p.erwachsen)
        self.kinder = tuple(p for p in self.personen if p.kind)


NULL = Decimal(0)


def haushalt_aus(daten: dict[str, Any]) -> Haushalt:
    """The dict ``HaushaltSchema().load`` gives, as the rules' value objects. ``alleinerziehend``
    left open means: no partner and at least one child under 18."""
    personen = []
    for nummer, angaben in enumerate(daten["personen"]):
        einkommen = angaben.get("einkommen") or {}
        personen.append(
            Person(
                nummer=nummer,
                rolle=angaben["rolle"],
                alter=angaben["alter"],
                erwerbsfaehig=angaben.get("erwerbsfaehig"),
                schwanger=bool(angaben.get("schwanger")),
                in_ausbildung=angaben.get("in_ausbildung"),
                einkommen=Einkommen(
                    erwerb_brutto=einkommen.get("erwerb_brutto"),
                    erwerb_netto=einkommen.get("erwerb_netto"),
                    rente_brutto=einkommen.get("rente_brutto") or NULL,
                    unterhalt=einkommen.get("unterhalt") or NULL,
                    unterhaltsvorschuss=einkommen.get("unterhaltsvorschuss") or NULL,
                    sonstiges=einkommen.get("sonstiges") or NULL,
                ),
            )
        )
    hat_partner = any(person.rolle == "partner" for person in personen)
    minderjaehrige = any(person.kind and person.alter < 18 for person in personen)
    alleinerziehend = daten.get("alleinerziehend")
    if alleinerziehend is None:
        alleinerziehend = not hat_partner and minderjaehrige
    wohnort = daten["wohnort"]
    wohnkosten = daten["wohnkosten"]
    return Haushalt(
        plz=wohnort["plz"],
        ort=wohnort.get("ort"),
        ags=wohnort.get("ags"),
        personen=tuple(personen),
        alleinerziehend=bool(alleinerziehend) and not hat_partner and minderjaehrige,
        warmmiete=wohnkosten["warmmiete"],
        heizkosten=wohnkosten.get("heizkosten"),
        vermoegen=daten.get("vermoegen") or NULL,
    )
