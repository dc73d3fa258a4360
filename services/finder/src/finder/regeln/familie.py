"""Kindergeld (§ 66 EStG), Kinderzuschlag (§ 6a BKGG), Unterhaltsvorschuss (UVG) and the
amounts of Bildung und Teilhabe (§ 28 SGB II, § 34 SGB XII, § 6b BKGG)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from finder.regeln.grundlagen import (
    NULL,
    Kontext,
    cent,
    erwerbstaetigenfreibetrag,
    kindergeldberechtigt,
    lohn,
    regelbedarfsstufe,
    rente_netto,
    uvg_betrag_nach_alter,
)
from finder.regeln.haushalt import Haushalt, Person
from finder.regeln.texte import grund, text


def kindergeld(haushalt: Haushalt, k: Kontext) -> tuple[int, Decimal]:
    kinder = sum(1 for kind in haushalt.kinder if kindergeldberechtigt(kind, k))
    return kinder, k.p("kindergeld.betrag") * kinder


@dataclass(slots=True)
class Uvg:
    betrag: Decimal
    bezogen: bool  # the person said the child already gets it
    grund: str  # code when nothing is due


def _eltern_brutto(haushalt: Haushalt, k: Kontext) -> Decimal:
    return sum((lohn(person, k).brutto for person in haushalt.eltern), NULL)


def uvg_kind(kind: Person, haushalt: Haushalt, k: Kontext) -> Uvg:
    """Unterhaltsvorschuss of one child: under 18, living with one parent alone; from 12 only
    if the child needs no Grundsicherung or the parent earns at least 600 € gross (§ 1 Abs. 1a
    UVG); maintenance the other parent pays is deducted (§ 2 Abs. 3 UVG)."""
    schluessel = ("uvg", id(kind), id(haushalt))
    gemerkt = k.merken.get(schluessel)
    if gemerkt is None or gemerkt[0] is not kind or gemerkt[1] is not haushalt:
        gemerkt = k.merken[schluessel] = (kind, haushalt, _uvg_kind(kind, haushalt, k))
    return gemerkt[2]


def _uvg_kind(kind: Person, haushalt: Haushalt, k: Kontext) -> Uvg:
    if kind.einkommen.unterhaltsvorschuss:
        return Uvg(kind.einkommen.unterhaltsvorschuss, True, "")
    if not kind.kind or kind.alter >= 18 or not haushalt.alleinerziehend:
        return Uvg(NULL, False, "uvg_nicht_allein")
    betrag = max(NULL, uvg_betrag_nach_alter(kind.alter, k) - kind.einkommen.unterhalt)
    if betrag == 0:
        return Uvg(NULL, False, "uvg_unterhalt_deckt")
    if kind.alter >= 12 and _eltern_brutto(haushalt, k) < k.p("uvg.mindesteinkommen_12_17"):
        # the child's own need: Regelbedarf, Sofortzuschlag, its share of the rent
        bedarf = (
            k.p("sgb2.regelbedarf")[regelbedarfsstufe(kind, haushalt)]
            + k.p("sgb2.kindersofortzuschlag")
            + haushalt.warmmiete / len(haushalt.personen)
        )
        eigenes = (
            (k.p("kindergeld.betrag") if kindergeldberechtigt(kind, k) else NULL)
            + betrag
            + kind.einkommen.unterhalt
            + kind.einkommen.sonstiges
        )
        if eigenes < bedarf:
            return Uvg(NULL, False, "uvg_12_17")
    return Uvg(betrag, False, "")


@dataclass
class KizErgebnis:
    betrag: Decimal = NULL
    kinder: int = 0
    ausgeschlossen: str = ""
    gruende: list[dict[str, Any]] = field(default_factory=list)
    unsicher: list[dict[str, Any]] = field(default_factory=list)


def _eltern_einkommen_sgb2(haushalt: Haushalt, k: Kontext) -> Decimal:
    """Parents' income as SGB II counts it (net less § 11b allowances)."""
    mit_kind = any(kind.alter < 18 for kind in haushalt.kinder)
    summe = NULL
    for person in haushalt.eltern:
        bezahlt = lohn(person, k)
        freibetrag = min(bezahlt.netto, erwerbstaetigenfreibetrag(bezahlt.brutto, mit_kind, k))
        andere = rente_netto(person, k) + person.einkommen.unterhalt + person.einkommen.sonstiges
        if andere > 0 and not bezahlt.brutto:
            andere = max(NULL, andere - k.p("sgb2.versicherungspauschale"))
        summe += bezahlt.netto - freibetrag + andere
    return cent(summe)


def kinderzuschlag(haushalt: Haushalt, k: Kontext, stichtag: date) -> KizErgebnis:
    """§ 6a BKGG without the Hilfebeduerftigkeit check (that is the priority check's job)."""
    ergebnis = KizErgebnis()
    kinder = [kind for kind in haushalt.kinder if kindergeldberechtigt(kind, k)]
    if not kinder:
        ergebnis.ausgeschlossen = "kiz_keine_kinder"
        ergebnis.gruende.append(grund("kiz_keine_kinder", ["kindergeld.alter"]))
        return ergebnis
    ergebnis.kinder = len(kinder)
    mindest = k.p("kiz.mindesteinkommen")
    grenze = mindest["paar"] if haushalt.partner is not None else mindest["alleinerziehend"]
    brutto = sum(
        (
            lohn(person, k).brutto
            + person.einkommen.rente_brutto
            + person.einkommen.unterhalt
            + person.einkommen.sonstiges
            for person in haushalt.eltern
        ),
        NULL,
    )
    if brutto < grenze:
        ergebnis.ausgeschlossen = "kiz_mindesteinkommen"
        ergebnis.gruende.append(
            grund("kiz_mindesteinkommen", ["kiz.mindesteinkommen"], einkommen=brutto, grenze=grenze)
        )
        return ergebnis
    hoechst = k.p("kiz.hoechstbetrag")
    rate = k.p("kiz.entzugsrate")
    regelbedarf = k.p("sgb2.regelbedarf")
    # parents' need: Regelbedarf, Mehrbedarfe, their share of the rent by the Existenzminimumbericht
    bedarf = sum((regelbedarf[regelbedarfsstufe(p, haushalt)] for p in haushalt.eltern), NULL)
    schwanger = k.p("sgb2.mehrbedarf_schwangerschaft")
    for person in haushalt.eltern:
        if person.schwanger:
            bedarf += cent(regelbedarf[regelbedarfsstufe(person, haushalt)] * schwanger)
    if haushalt.alleinerziehend:
        from finder.regeln.grundsicherung import _mehrbedarf_alleinerziehend  # noqa: PLC0415

        bedarf += _mehrbedarf_alleinerziehend(haushalt, regelbedarf["rbs1"], k)
    wohnen = k.p("kiz.wohnkosten_existenzminimum")
    eltern_wohnen = wohnen["paar"] if haushalt.partner is not None else wohnen["alleinstehend"]
    anteil = eltern_wohnen / (eltern_wohnen + wohnen["kind"] * len(haushalt.kinder))
    if stichtag.year == 2025:
        ergebnis.unsicher.append(text("unsicher_kiz_anteil_2025"))
    eltern_personen = len(haushalt.eltern)
    andere = len(haushalt.personen) - eltern_personen - len(haushalt.kinder)
    miete = haushalt.warmmiete * (len(haushalt.personen) - andere) / len(haushalt.personen)
    bedarf = cent(bedarf + miete * anteil)
    einkommen = _eltern_einkommen_sgb2(haushalt, k)
    summe = NULL
    minderung_kind = NULL
    for kind in kinder:
        eigenes = (
            uvg_kind(kind, haushalt, k).betrag + kind.einkommen.unterhalt + kind.einkommen.sonstiges
        )
        minderung = cent(eigenes * rate["kind"])
        minderung_kind += min(hoechst, minderung)
        summe += max(NULL, hoechst - minderung)
    minderung_eltern = cent(max(NULL, einkommen - bedarf) * rate["eltern"])
    ergebnis.betrag = cent(max(NULL, summe - minderung_eltern))
    ergebnis.gruende.append(
        grund("kiz_hoechstbetrag", ["kiz.hoechstbetrag"], betrag=hoechst, kinder=len(kinder))
    )
    ergebnis.gruende.append(
        grund(
            "kiz_elternbedarf",
            ["sgb2.regelbedarf", "kiz.wohnkosten_existenzminimum"],
            bedarf=bedarf,
            anteil=str(cent(anteil * 100)).replace(".", ","),
        )
    )
    if minderung_kind:
        ergebnis.gruende.append(
            grund(
                "kiz_kindeseinkommen", ["kiz.entzugsrate", "uvg.betrag"], minderung=minderung_kind
            )
        )
    if minderung_eltern:
        ergebnis.gruende.append(
            grund(
                "kiz_minderung",
                ["kiz.entzugsrate", "sgb2.erwerbstaetigenfreibetrag"],
                minderung=minderung_eltern,
            )
        )
    if ergebnis.betrag:
        ergebnis.gruende.append(grund("kiz_betrag", [], betrag=ergebnis.betrag))
    else:
        ergebnis.ausgeschlossen = "kiz_null"
        ergebnis.gruende.append(grund("kiz_null", ["kiz.entzugsrate"]))
    return ergebnis


def bildung_teilhabe(haushalt: Haushalt, k: Kontext) -> tuple[Decimal, Decimal, int]:
    """(von, bis, children): Teilhabe for every child under 18; bis adds the Schulbedarf spread
    over twelve months for children of school age (6-24)."""
    teilhabe = k.p("but.teilhabe")
    schule = k.p("but.schulbedarf")
    jahr = schule["erstes_halbjahr"] + schule["zweites_halbjahr"]
    kinder = [kind for kind in haushalt.kinder if kind.alter < 25]
    von = teilhabe * sum(1 for kind in kinder if kind.alter < 18)
    schulkinder = sum(
        1
        for kind in kinder
        if kind.in_ausbildung == "schule" or (6 <= kind.alter < 18 and kind.in_ausbildung is None)
    )
    return cent(von), cent(von + jahr * schulkinder / 12), len(kinder)
