"""What several benefits share: parameter access for one date, rounding, Regelbedarf by person,
the earned-income allowance of § 11b SGB II, net and gross estimates, the retirement age."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from finder.regeln.haushalt import Haushalt, Person
from finder.regeln.parameter import Parameterstand

NULL = Decimal(0)
CENT = Decimal("0.01")
EURO = Decimal(1)


def cent(betrag: Decimal) -> Decimal:
    """Kaufmännisch auf Cent (§ 41a Abs. 2 SGB II, § 9 SGB XII-Praxis)."""
    return betrag.quantize(CENT, rounding=ROUND_HALF_UP)


def euro_gerundet(betrag: Decimal) -> Decimal:
    return betrag.quantize(EURO, rounding=ROUND_HALF_UP)


class Kontext:
    """The parameters of one date. ``p(name)`` is the value; every name asked for is kept, so a
    result can say which parameters its figures come from."""

    def __init__(self, parameter: Parameterstand, stichtag: date) -> None:
        self.parameter = parameter
        self.stichtag = stichtag
        self._werte = parameter.werte_am(stichtag)
        # per evaluation: what several benefits ask of the same person (pay, UVG)
        self.merken: dict[tuple[str, int, int], Any] = {}

    def p(self, name: str) -> Any:
        try:
            return self._werte[name]
        except KeyError:
            return self.parameter.wert(name, self.stichtag).wert  # raises KeinParameter


def regelbedarfsstufe(person: Person, haushalt: Haushalt) -> str:
    if person.erwachsen:
        return "rbs2" if haushalt.partner is not None else "rbs1"
    if person.alter < 6:
        return "rbs6"
    if person.alter < 14:
        return "rbs5"
    if person.alter < 18:
        return "rbs4"
    return "rbs3"


def altersgrenze_erreicht(person: Person, k: Kontext) -> tuple[bool, bool]:
    """(reached, unsure): 66-year-olds have reached it depending on their month of birth; the
    finder counts them as reached and says so."""
    grenze = k.p("rv.regelaltersgrenze")
    if person.alter >= int(grenze["sicher"]):
        return True, False
    if person.alter >= int(grenze["moeglich"]):
        return True, True
    return False, False


def erwerbsfaehig_leistungsberechtigt(person: Person, k: Kontext) -> bool:
    """§ 7 Abs. 1 SGB II: 15 to the retirement age, able to work (unless said otherwise)."""
    if person.alter < int(k.p("sgb2.alter")["erwerbsfaehig_ab"]):
        return False
    if altersgrenze_erreicht(person, k)[0]:
        return False
    return person.erwerbsfaehig is not False


@dataclass(slots=True)
class Lohn:
    brutto: Decimal
    netto: Decimal
    geschaetzt: str  # "" | "netto" | "brutto"


def lohn(person: Person, k: Kontext) -> Lohn:
    """Gross and net pay; the missing one estimated: a Minijob has no deductions, above it the
    part over the Minijob limit loses the assumed share (as in the Übergangsbereich, where
    contributions rise gradually). Both directions are continuous and each other's inverse, so
    more pay never estimates to less counted income."""
    schluessel = ("lohn", id(person), 0)
    gemerkt = k.merken.get(schluessel)
    if gemerkt is None or gemerkt[0] is not person:
        # the person is kept with the value: its id cannot be reused while k lives
        gemerkt = k.merken[schluessel] = (person, _lohn(person, k))
    return gemerkt[1]


def _lohn(person: Person, k: Kontext) -> Lohn:
    einkommen = person.einkommen
    brutto, netto = einkommen.erwerb_brutto, einkommen.erwerb_netto
    grenze = k.p("minijob.grenze")
    quote = k.p("annahme.nettoquote")
    if brutto is None and netto is None:
        return Lohn(NULL, NULL, "")
    if brutto is not None and netto is not None:
        return Lohn(brutto, netto, "")
    if brutto is not None:
        if brutto <= grenze:
            return Lohn(brutto, brutto, "netto")
        return Lohn(brutto, cent(grenze + (brutto - grenze) * quote), "netto")
    assert netto is not None
    if netto <= grenze:
        return Lohn(netto, netto, "brutto")
    return Lohn(cent(grenze + (netto - grenze) / quote), netto, "brutto")


def erwerbstaetigenfreibetrag(brutto: Decimal, mit_kind: bool, k: Kontext) -> Decimal:
    """§ 11b Abs. 2 and 3 SGB II: 100 € in full, then the bands on the gross pay."""
    regel = k.p("sgb2.erwerbstaetigenfreibetrag")
    if brutto <= 0:
        return NULL
    grund = regel["grundfreibetrag"]
    freibetrag = min(brutto, grund)
    unten = grund
    for stufe in regel["stufen"]:
        oben = stufe["bis"]
        if brutto > unten:
            freibetrag += (min(brutto, oben) - unten) * stufe["satz"]
        unten = oben
    obergrenze = regel["obergrenze_mit_kind"] if mit_kind else regel["obergrenze_ohne_kind"]
    if brutto > unten:
        freibetrag += (min(brutto, obergrenze) - unten) * regel["satz_oberste_stufe"]
    return cent(freibetrag)


def rente_netto(person: Person, k: Kontext) -> Decimal:
    """Pension less the pensioner's own health and care insurance (average rates)."""
    brutto = person.einkommen.rente_brutto
    if not brutto:
        return NULL
    return cent(brutto * (1 - k.p("sv.rentner_kv_pv")))


def kindergeldberechtigt(person: Person, k: Kontext) -> bool:
    alter = k.p("kindergeld.alter")
    if not person.kind:
        return False
    if person.alter < alter["ohne_bedingung_bis_unter"]:
        return True
    return person.alter < alter["in_ausbildung_bis_unter"] and person.in_ausbildung is not None


def uvg_betrag_nach_alter(alter: int, k: Kontext) -> Decimal:
    betraege = k.p("uvg.betrag")
    if alter < 6:
        return betraege["unter_6"]
    if alter < 12:
        return betraege["unter_12"]
    return betraege["unter_18"]
