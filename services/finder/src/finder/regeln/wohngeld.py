"""Wohngeld by § 19 WoGG and Anlagen 1-3 (docs/adr/0095).

    Wohngeld = 1,15 · (M − (a + b·M + c·Y) · Y)

M: the rent to be considered (Bruttokaltmiete up to the Höchstbetrag of the Mietenstufe plus the
Klimakomponente, then plus Heizkostenentlastung and Heizkostenkomponente; at least the Anlage 3
minimum). Y: the monthly Gesamteinkommen (at least the Anlage 3 minimum). Each step with ten
decimal places, rounded half up; the result half up to the full euro; below the Bagatellgrenze
nothing is paid (§ 21 Nr. 1). Households above 12 members: the amount for 12 plus a fixed sum
per further member.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from finder.regeln.familie import uvg_kind
from finder.regeln.grundlagen import NULL, Kontext, cent, euro_gerundet, lohn
from finder.regeln.haushalt import Haushalt
from finder.regeln.texte import grund, text

ZEHN_STELLEN = Decimal("1E-10")
RAEUMIGE = 12


def _q(wert: Decimal) -> Decimal:
    return wert.quantize(ZEHN_STELLEN, rounding=ROUND_HALF_UP)


def _nach_groesse(tabelle: dict[Any, Any], mitglieder: int) -> Decimal:
    """A table 1..5 plus "weitere" (Anlage 1, § 12 Abs. 6 and 7)."""
    if mitglieder <= 5:
        return tabelle[mitglieder]
    return tabelle[5] + tabelle["weitere"] * (mitglieder - 5)


def hoechstbetrag(mitglieder: int, mietenstufe: int, k: Kontext) -> Decimal:
    tabelle = k.p("wohngeld.hoechstbetraege")
    spalte = mietenstufe - 1
    if mitglieder <= 5:
        return tabelle[mitglieder][spalte]
    return tabelle[5][spalte] + tabelle["weitere"][spalte] * (mitglieder - 5)


def zu_beruecksichtigende_miete(
    mitglieder: int, bruttokaltmiete: Decimal, mietenstufe: int, k: Kontext
) -> Decimal:
    """M: § 12 Abs. 1, 6 and 7 WoGG, at least the minimum of Anlage 3."""
    grenze = hoechstbetrag(mitglieder, mietenstufe, k) + _nach_groesse(
        k.p("wohngeld.klimakomponente"), mitglieder
    )
    heizung = _nach_groesse(k.p("wohngeld.heizkostenentlastung"), mitglieder) + _nach_groesse(
        k.p("wohngeld.heizkostenkomponente"), mitglieder
    )
    miete = min(bruttokaltmiete, grenze) + heizung
    mindest = k.p("wohngeld.mindestwerte")["miete"][min(mitglieder, RAEUMIGE) - 1]
    return cent(max(miete, mindest))


def formel(mitglieder: int, miete: Decimal, einkommen: Decimal, k: Kontext) -> Decimal:
    """§ 19 Abs. 1 WoGG: the amount in full euros before the Bagatellgrenze, never negative.
    ``miete`` is M (zu_beruecksichtigende_miete), ``einkommen`` is Y (monthly)."""
    groesse = min(mitglieder, RAEUMIGE)
    koeffizienten = k.p("wohngeld.koeffizienten")[groesse]
    mindestwerte = k.p("wohngeld.mindestwerte")
    m = max(miete, mindestwerte["miete"][groesse - 1])
    y = max(einkommen, mindestwerte["einkommen"][groesse - 1])
    z1 = _q(koeffizienten["a"] + _q(koeffizienten["b"] * m) + _q(koeffizienten["c"] * y))
    z2 = _q(z1 * y)
    z3 = _q(m - z2)
    z4 = _q(k.p("wohngeld.formel_faktor") * z3)
    betrag = euro_gerundet(z4)
    if mitglieder > RAEUMIGE and betrag > 0:
        betrag += k.p("wohngeld.grosse_haushalte") * (mitglieder - RAEUMIGE)
    return max(NULL, betrag)


def einkommen_person(
    *,
    erwerb_brutto: Decimal = NULL,
    minijob: Decimal = NULL,
    rente_brutto: Decimal = NULL,
    ohne_abzug: Decimal = NULL,
    abzuege: int = 0,
    k: Kontext,
) -> Decimal:
    """One member's monthly income for § 14-16 WoGG: earnings less the Werbungskosten lump sum,
    pension less its lump sum, both less 10 % per kind of deduction paid (tax, health and care,
    pension insurance); a Minijob taxed at a flat rate and transfers such as Unterhalt,
    Unterhaltsvorschuss or Arbeitslosengeld I count in full."""
    pauschalen = k.p("wohngeld.werbungskosten")
    einkuenfte = max(NULL, erwerb_brutto - pauschalen["erwerb"]) if erwerb_brutto else NULL
    einkuenfte += max(NULL, rente_brutto - pauschalen["rente"]) if rente_brutto else NULL
    einkuenfte *= 1 - k.p("wohngeld.pauschaler_abzug") * abzuege
    return cent(einkuenfte + minijob + ohne_abzug)


@dataclass
class WohngeldErgebnis:
    von: Decimal = NULL
    bis: Decimal = NULL
    ausgeschlossen: str = ""  # code of the reason, if any
    gruende: list[dict[str, Any]] = field(default_factory=list)
    unsicher: list[dict[str, Any]] = field(default_factory=list)
    mietenstufe: int | None = None


def _steuerpflichtig(haushalt: Haushalt, k: Kontext) -> bool:
    """Rough: does the couple's (or person's) taxable pay exceed the basic allowance?"""
    grenze = k.p("minijob.grenze")
    vorsorge = k.p("annahme.vorsorgeanteil")
    zu_versteuern = NULL
    for person in haushalt.eltern:
        brutto = lohn(person, k).brutto
        if brutto > grenze:
            zu_versteuern += brutto * 12 * (1 - vorsorge) - 1230
    partner = 2 if haushalt.partner is not None else 1
    return zu_versteuern > k.p("est.grundfreibetrag") * partner


def gesamteinkommen(haushalt: Haushalt, k: Kontext) -> Decimal:
    """Y of the household from the questionnaire's answers (§§ 13-17 WoGG)."""
    grenze = k.p("minijob.grenze")
    freibetraege = k.p("wohngeld.freibetraege")
    steuer = _steuerpflichtig(haushalt, k)
    summe = NULL
    erwerbstaetig_allein = False
    for person in haushalt.personen:
        einkommen = person.einkommen
        brutto = lohn(person, k).brutto
        transfers = einkommen.unterhalt + einkommen.sonstiges
        if person.kind:
            # entered, or due and to be claimed first (it counts as the child's income)
            transfers += uvg_kind(person, haushalt, k).betrag
        else:
            transfers += einkommen.unterhaltsvorschuss
        if brutto and brutto <= grenze:
            betrag = einkommen_person(
                minijob=brutto, rente_brutto=einkommen.rente_brutto, ohne_abzug=transfers,
                abzuege=1 if einkommen.rente_brutto else 0, k=k,
            )  # fmt: skip
        elif brutto:
            betrag = einkommen_person(
                erwerb_brutto=brutto, rente_brutto=einkommen.rente_brutto, ohne_abzug=transfers,
                abzuege=3 if steuer and person.erwachsen else 2, k=k,
            )  # fmt: skip
        else:
            betrag = einkommen_person(
                rente_brutto=einkommen.rente_brutto, ohne_abzug=transfers,
                abzuege=1 if einkommen.rente_brutto else 0, k=k,
            )  # fmt: skip
        if person.kind and 16 <= person.alter < 25 and brutto:
            betrag -= min(brutto, freibetraege["kind_erwerb"])
        if person.rolle == "antragsteller" and brutto:
            erwerbstaetig_allein = haushalt.alleinerziehend
        summe += max(NULL, betrag)
    if erwerbstaetig_allein:
        kinder = sum(
            1
            for kind in haushalt.kinder
            if kind.alter < freibetraege["alleinerziehend_kind_bis_unter"]
        )
        summe -= freibetraege["alleinerziehend_je_kind"] * kinder
    return cent(max(NULL, summe))


def berechnen(
    haushalt: Haushalt, mietenstufe: int | None, zweifel: str, k: Kontext
) -> WohngeldErgebnis:
    """Wohngeld for the whole household as if no one received Grundsicherung (the priority
    check decides whether it is paid). A range where the Mietenstufe or the heating is unknown."""
    ergebnis = WohngeldErgebnis(mietenstufe=mietenstufe)
    mitglieder = len(haushalt.personen)
    if all(person.bafoeg for person in haushalt.personen):
        ergebnis.ausgeschlossen = "wohngeld_alle_bafoeg"
        ergebnis.gruende.append(grund("wohngeld_alle_bafoeg"))
        return ergebnis
    vermoegen = k.p("wohngeld.vermoegen")
    grenze = vermoegen["erste_person"] + vermoegen["weitere_person"] * (mitglieder - 1)
    if haushalt.vermoegen > grenze:
        ergebnis.ausgeschlossen = "wohngeld_vermoegen"
        ergebnis.gruende.append(
            grund(
                "wohngeld_vermoegen",
                ["wohngeld.vermoegen"],
                vermoegen=haushalt.vermoegen,
                grenze=grenze,
            )
        )
        return ergebnis
    if haushalt.heizkosten is not None:
        kaltmieten = [haushalt.warmmiete - haushalt.heizkosten]
    else:
        anteil = k.p("annahme.heizkostenanteil")
        kaltmieten = [
            cent(haushalt.warmmiete * (1 - anteil["bis"])),
            cent(haushalt.warmmiete * (1 - anteil["von"])),
        ]
        ergebnis.unsicher.append(
            text(
                "unsicher_heizkosten",
                von_prozent=int(anteil["von"] * 100),
                bis_prozent=int(anteil["bis"] * 100),
            )
        )
    stufen = [mietenstufe] if mietenstufe else list(range(1, 8))
    if mietenstufe is None:
        ergebnis.unsicher.append(text("unsicher_mietenstufe"))
    elif zweifel:
        ergebnis.unsicher.append(text("unsicher_mietenstufe_zweifel"))
    y = gesamteinkommen(haushalt, k)
    if any(lohn(person, k).brutto or person.einkommen.rente_brutto for person in haushalt.eltern):
        ergebnis.unsicher.append(text("unsicher_steuer"))
    if any(person.einkommen.rente_brutto for person in haushalt.personen):
        ergebnis.unsicher.append(text("unsicher_grundrente"))
    bagatelle = k.p("wohngeld.bagatellgrenze")
    betraege = []
    roh = []
    mieten = []
    gerechnet: dict[Decimal, Decimal] = {}  # M below every cap repeats across the Stufen
    for stufe in stufen:
        for kalt in kaltmieten:
            m = zu_beruecksichtigende_miete(mitglieder, kalt, stufe, k)
            mieten.append(m)
            betrag = gerechnet.get(m)
            if betrag is None:
                betrag = gerechnet[m] = formel(mitglieder, m, y, k)
            roh.append(betrag)
            betraege.append(betrag if betrag >= bagatelle else NULL)
    ergebnis.von, ergebnis.bis = min(betraege), max(betraege)
    if mietenstufe:
        ergebnis.gruende.append(grund("wohngeld_mietenstufe", [], stufe=_roemisch(mietenstufe)))
        hb = hoechstbetrag(mitglieder, mietenstufe, k)
        ergebnis.gruende.append(
            grund(
                "wohngeld_miete",
                [
                    "wohngeld.hoechstbetraege",
                    "wohngeld.klimakomponente",
                    "wohngeld.heizkostenentlastung",
                    "wohngeld.heizkostenkomponente",
                ],
                miete=max(mieten),
                hoechstbetrag=hb,
                klima=_nach_groesse(k.p("wohngeld.klimakomponente"), mitglieder),
                heizung=_nach_groesse(k.p("wohngeld.heizkostenentlastung"), mitglieder)
                + _nach_groesse(k.p("wohngeld.heizkostenkomponente"), mitglieder),
            )
        )
    ergebnis.gruende.append(
        grund(
            "wohngeld_einkommen",
            [
                "wohngeld.werbungskosten",
                "wohngeld.pauschaler_abzug",
                "wohngeld.freibetraege",
                "wohngeld.mindestwerte",
            ],
            einkommen=y,
            mindest=k.p("wohngeld.mindestwerte")["einkommen"][min(mitglieder, RAEUMIGE) - 1],
        )
    )
    if ergebnis.bis > 0:
        ergebnis.gruende.append(
            grund(
                "wohngeld_formel",
                ["wohngeld.koeffizienten", "wohngeld.mindestwerte", "wohngeld.formel_faktor"],
                personen=mitglieder,
                betrag=ergebnis.bis,
            )
        )
    elif max(roh) > 0:
        ergebnis.gruende.append(
            grund("wohngeld_bagatelle", ["wohngeld.bagatellgrenze"], grenze=bagatelle)
        )
    else:
        ergebnis.gruende.append(grund("wohngeld_null", ["wohngeld.koeffizienten"]))
    return ergebnis


def _roemisch(stufe: int) -> str:
    return ("I", "II", "III", "IV", "V", "VI", "VII")[stufe - 1]
