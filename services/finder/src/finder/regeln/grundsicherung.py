"""Grundsicherung für Arbeitsuchende (SGB II) and Sozialhilfe (SGB XII): need, counted income,
assets. Pure functions; the priority check (vorrang.py) decides which of them is paid.

``Bedarfsrechnung.einkommen`` already holds Kindergeld, Unterhaltsvorschuss and maintenance of the
children (they are the children's income, § 11 Abs. 1 Satz 5 SGB II); ``anspruch`` is need minus
income, never negative. Wohngeld and Kinderzuschlag are added in the priority check only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from finder.regeln.grundlagen import (
    NULL,
    Kontext,
    altersgrenze_erreicht,
    cent,
    erwerbsfaehig_leistungsberechtigt,
    erwerbstaetigenfreibetrag,
    kindergeldberechtigt,
    lohn,
    regelbedarfsstufe,
    rente_netto,
)
from finder.regeln.haushalt import Haushalt, Person
from finder.regeln.texte import grund, text


@dataclass
class Bedarfsrechnung:
    recht: str  # "sgb2" | "sgb12"
    mitglieder: list[Person]
    bedarf: Decimal = NULL
    einkommen: Decimal = NULL
    erwerbsfreibetrag_eltern: Decimal = NULL
    vermoegen_freibetrag: Decimal = NULL
    vermoegen_zu_hoch: bool = False
    gruende: list[dict[str, Any]] = field(default_factory=list)
    unsicher: list[dict[str, Any]] = field(default_factory=list)
    # what a child that is not hilfebeduerftig hands to the parent (§ 11 Abs. 1 Satz 5 SGB II)
    kindergeld_ueberhang: Decimal = NULL

    @property
    def anspruch(self) -> Decimal:
        return max(NULL, self.bedarf - self.einkommen)


def uvg_fuer_kind(kind: Person, haushalt: Haushalt, k: Kontext) -> Decimal:
    """Unterhaltsvorschuss the child has or could have (it comes before the Grundsicherung)."""
    from finder.regeln.familie import uvg_kind  # noqa: PLC0415 (one-way use, avoids a cycle)

    return uvg_kind(kind, haushalt, k).betrag


def _kdu_anteil(haushalt: Haushalt) -> Decimal:
    return haushalt.warmmiete / len(haushalt.personen)


def _mehrbedarf_alleinerziehend(haushalt: Haushalt, rbs1: Decimal, k: Kontext) -> Decimal:
    if not haushalt.alleinerziehend:
        return NULL
    regel = k.p("sgb2.mehrbedarf_alleinerziehend")
    minderjaehrige = [kind for kind in haushalt.kinder if kind.alter < 18]
    unter_7 = sum(1 for kind in minderjaehrige if kind.alter < 7)
    unter_16 = sum(1 for kind in minderjaehrige if kind.alter < 16)
    satz = NULL
    if unter_7 >= 1 or unter_16 in (2, 3):
        satz = regel["satz_hoch"]
    satz = min(max(satz, regel["satz_je_kind"] * len(minderjaehrige)), regel["hoechstsatz"])
    return cent(rbs1 * satz)


def _einkommen_erwachsen(
    person: Person, mit_kind: bool, recht: str, k: Kontext, rechnung: Bedarfsrechnung
) -> Decimal:
    bezahlt = lohn(person, k)
    if bezahlt.geschaetzt:
        code = f"unsicher_{bezahlt.geschaetzt}_geschaetzt"
        if all(eintrag["code"] != code for eintrag in rechnung.unsicher):
            rechnung.unsicher.append(text(code))
    if recht == "sgb2":
        freibetrag = erwerbstaetigenfreibetrag(bezahlt.brutto, mit_kind, k)
    else:
        regel = k.p("sgb12.erwerbsfreibetrag")
        rbs1 = k.p("sgb2.regelbedarf")["rbs1"]
        freibetrag = cent(min(bezahlt.netto * regel["satz"], rbs1 * regel["hoechst_anteil_rbs1"]))
    freibetrag = min(freibetrag, bezahlt.netto)
    if person.erwachsen:
        rechnung.erwerbsfreibetrag_eltern += freibetrag
    andere = (
        rente_netto(person, k)
        + person.einkommen.unterhalt
        + person.einkommen.sonstiges
        + person.einkommen.unterhaltsvorschuss
    )
    if recht == "sgb2" and andere > 0 and not bezahlt.brutto and person.alter >= 18:
        andere = max(NULL, andere - k.p("sgb2.versicherungspauschale"))
    return bezahlt.netto - freibetrag + andere


def bedarf_berechnen(haushalt: Haushalt, recht: str, k: Kontext) -> Bedarfsrechnung:
    """Need and counted income of the Bedarfsgemeinschaft under SGB II or SGB XII."""
    regelbedarf = k.p("sgb2.regelbedarf")
    rbs1 = regelbedarf["rbs1"]
    sofortzuschlag = k.p("sgb2.kindersofortzuschlag")
    schwanger_satz = k.p("sgb2.mehrbedarf_schwangerschaft")
    kindergeld = k.p("kindergeld.betrag")
    kind_bis = k.p("sgb2.alter")["kind_bis_unter"]
    kdu_je_person = _kdu_anteil(haushalt)
    mit_kind = any(kind.alter < 18 for kind in haushalt.kinder)

    mitglieder = [
        person
        for person in haushalt.personen
        if (person.erwachsen or (person.kind and person.alter < kind_bis)) and not person.bafoeg
    ]
    rechnung = Bedarfsrechnung(recht, [])
    summe_rb = summe_mb_schwanger = summe_kdu = summe_sofort = NULL
    einkommen_eltern = einkommen_kinder = NULL
    kinder_im_bedarf = 0
    for person in mitglieder:
        rb = regelbedarf[regelbedarfsstufe(person, haushalt)]
        mb = cent(rb * schwanger_satz) if person.schwanger else NULL
        kdu = kdu_je_person
        if person.kind:
            sofort = sofortzuschlag
            eigenes = (
                (kindergeld if kindergeldberechtigt(person, k) else NULL)
                + uvg_fuer_kind(person, haushalt, k)
                + person.einkommen.unterhalt
                + person.einkommen.sonstiges
                + rente_netto(person, k)
            )
            bezahlt = lohn(person, k)
            if bezahlt.netto:
                eigenes += bezahlt.netto - min(
                    bezahlt.netto, erwerbstaetigenfreibetrag(bezahlt.brutto, False, k)
                )
            bedarf_kind = rb + sofort + mb + kdu
            if eigenes >= bedarf_kind:
                # not hilfebeduerftig: out of the BG; surplus Kindergeld goes to the parent
                if kindergeldberechtigt(person, k):
                    rechnung.kindergeld_ueberhang += min(kindergeld, eigenes - bedarf_kind)
                continue
            summe_sofort += sofort
            einkommen_kinder += eigenes
            kinder_im_bedarf += 1
        else:
            einkommen_eltern += _einkommen_erwachsen(person, mit_kind, recht, k, rechnung)
        rechnung.mitglieder.append(person)
        summe_rb += rb
        summe_mb_schwanger += mb
        summe_kdu += kdu
    # § 21 Abs. 3 SGB II; § 30 Abs. 3 SGB XII is built the same way
    mb_allein = NULL
    if any(person.rolle == "antragsteller" for person in rechnung.mitglieder):
        mb_allein = _mehrbedarf_alleinerziehend(haushalt, rbs1, k)
    summe_kdu = cent(summe_kdu)
    rechnung.bedarf = cent(summe_rb + summe_sofort + summe_mb_schwanger + mb_allein + summe_kdu)
    rechnung.einkommen = cent(
        max(NULL, einkommen_eltern + rechnung.kindergeld_ueberhang) + einkommen_kinder
    )

    rechnung.gruende.append(
        grund(
            "sgb2_regelbedarf",
            ["sgb2.regelbedarf"],
            personen=len(rechnung.mitglieder),
            betrag=cent(summe_rb),
        )
    )
    if summe_sofort:
        rechnung.gruende.append(
            grund(
                "sgb2_kindersofortzuschlag",
                ["sgb2.kindersofortzuschlag"],
                kinder=kinder_im_bedarf,
                betrag=cent(summe_sofort),
            )
        )
    if summe_mb_schwanger:
        rechnung.gruende.append(
            grund(
                "sgb2_mehrbedarf_schwanger",
                ["sgb2.mehrbedarf_schwangerschaft", "sgb2.regelbedarf"],
                betrag=summe_mb_schwanger,
            )
        )
    if mb_allein:
        rechnung.gruende.append(
            grund(
                "sgb2_mehrbedarf_alleinerziehend",
                ["sgb2.mehrbedarf_alleinerziehend", "sgb2.regelbedarf"],
                prozent=str(cent(mb_allein / rbs1 * 100)).replace(".", ",").rstrip("0").rstrip(","),
                betrag=mb_allein,
            )
        )
    rechnung.gruende.append(grund("sgb2_kdu", [], betrag=summe_kdu))
    if einkommen_kinder:
        rechnung.gruende.append(
            grund(
                "sgb2_kindergeld_einkommen",
                ["kindergeld.betrag", "uvg.betrag"],
                betrag=cent(einkommen_kinder),
            )
        )
    if rechnung.erwerbsfreibetrag_eltern and recht == "sgb2":
        rechnung.gruende.append(
            grund(
                "sgb2_freibetrag",
                ["sgb2.erwerbstaetigenfreibetrag"],
                betrag=rechnung.erwerbsfreibetrag_eltern,
            )
        )
    if rechnung.einkommen:
        rechnung.gruende.append(
            grund(
                "sgb2_einkommen",
                ["sgb2.versicherungspauschale"] if recht == "sgb2" else ["sgb12.erwerbsfreibetrag"],
                betrag=rechnung.einkommen,
            )
        )
    _vermoegen_pruefen(haushalt, rechnung, k)
    return rechnung


def _vermoegen_pruefen(haushalt: Haushalt, rechnung: Bedarfsrechnung, k: Kontext) -> None:
    vermoegen = haushalt.vermoegen
    if rechnung.recht == "sgb12":
        regel = k.p("sgb12.vermoegen")
        erwachsene = sum(1 for person in rechnung.mitglieder if not person.kind)
        kinder = len(rechnung.mitglieder) - erwachsene
        freibetrag = regel["je_erwachsenen"] * max(1, erwachsene) + regel["je_kind"] * kinder
        rechnung.vermoegen_freibetrag = freibetrag
        if vermoegen > freibetrag:
            rechnung.vermoegen_zu_hoch = True
            rechnung.gruende.append(
                grund(
                    "sgb12_vermoegen",
                    ["sgb12.vermoegen"],
                    vermoegen=vermoegen,
                    freibetrag=freibetrag,
                )
            )
        return
    regel = k.p("sgb2.vermoegen")
    anzahl = max(1, len(rechnung.mitglieder))
    if regel["art"] == "karenzzeit":
        freibetrag = regel["erste_person"] + regel["weitere_person"] * (anzahl - 1)
        code = "sgb2_vermoegen_karenz"
        werte = {"erste": regel["erste_person"], "weitere": regel["weitere_person"]}
    else:
        freibetrag = sum(
            (_altersstufe(person.alter, regel["stufen"]) for person in rechnung.mitglieder),
            NULL,
        )
        code = "sgb2_vermoegen_alter"
        werte = {}
        rechnung.unsicher.append(text("unsicher_reform_quelle"))
    rechnung.vermoegen_freibetrag = freibetrag
    if vermoegen > freibetrag:
        rechnung.vermoegen_zu_hoch = True
        rechnung.gruende.append(
            grund(code, ["sgb2.vermoegen"], vermoegen=vermoegen, freibetrag=freibetrag, **werte)
        )
    elif vermoegen > 0:
        rechnung.gruende.append(
            grund(
                "sgb2_vermoegen_ok", ["sgb2.vermoegen"], vermoegen=vermoegen, freibetrag=freibetrag
            )
        )


def _altersstufe(alter: int, stufen: list[dict[str, Decimal]]) -> Decimal:
    betrag = NULL
    for stufe in stufen:
        if alter >= stufe["ab_alter"]:
            betrag = stufe["betrag"]
    return betrag


def zustaendiges_recht(haushalt: Haushalt, k: Kontext) -> tuple[str | None, list[dict[str, Any]]]:
    """ "sgb2" when an adult of the household is erwerbsfaehig and of working age; "sgb12" when
    the person (and partner) reached the retirement age or cannot work; None below 15."""
    unsicher: list[dict[str, Any]] = []
    eltern = haushalt.eltern
    if any(erwerbsfaehig_leistungsberechtigt(p, k) and not p.bafoeg for p in eltern):
        for person in eltern:
            erreicht, zweifel = altersgrenze_erreicht(person, k)
            if zweifel:
                unsicher.append(text("unsicher_altersgrenze"))
            if erreicht or person.erwerbsfaehig is False:
                unsicher.append(text("unsicher_gemischt"))
        return "sgb2", unsicher
    if haushalt.antragsteller.bafoeg:
        return None, unsicher
    for person in eltern:
        if altersgrenze_erreicht(person, k)[1]:
            unsicher.append(text("unsicher_altersgrenze"))
    # past the retirement age, or not able to work (below 18: Hilfe zum Lebensunterhalt only)
    return "sgb12", unsicher
