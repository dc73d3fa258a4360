"""``auswerten``: every benefit for one household on one date, with the priority check.

The priority check (§ 12a SGB II, § 7 Abs. 1 Satz 3 Nr. 2 WoGG, § 6a Abs. 1 Nr. 3 and Abs. 1a
BKGG), in the order the report's section 1.8 gives it:

1. need B and counted income E of the Grundsicherung (SGB II, or SGB XII for people past the
   retirement age or unable to work); Kindergeld and Unterhaltsvorschuss are already in E;
2. Wohngeld W for the whole household as if no one got Grundsicherung, Kinderzuschlag K;
3. E + W + K ≥ B: Wohngeld and Kinderzuschlag come first, no Grundsicherung;
4. otherwise, if at most 100 € are missing, the parents earn (§ 11b allowances ≥ 100 €) and
   there is a Kinderzuschlag: the family may choose (§ 6a Abs. 1a BKGG), both options shown;
5. otherwise Grundsicherung B − E; Wohngeld and Kinderzuschlag are not paid beside it.
Where W is a range (unknown Gemeinde or heating), a check that holds only for the upper end
makes both sides "moeglich".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from finder.regeln import familie, wohngeld
from finder.regeln.grundlagen import NULL, Kontext, altersgrenze_erreicht, cent, rente_netto
from finder.regeln.grundsicherung import Bedarfsrechnung, bedarf_berechnen, zustaendiges_recht
from finder.regeln.haushalt import Haushalt, haushalt_aus
from finder.regeln.mietenstufen import Mietenstufen
from finder.regeln.namen import LEISTUNGEN, NAMEN, RECHTSGRUNDLAGEN
from finder.regeln.parameter import Parameterstand
from finder.regeln.texte import TEXTE, grund, text

WAHRSCHEINLICH, MOEGLICH, UNWAHRSCHEINLICH = "wahrscheinlich", "moeglich", "unwahrscheinlich"
RANG = {WAHRSCHEINLICH: 0, MOEGLICH: 1, UNWAHRSCHEINLICH: 2}
REFORM = date(2026, 7, 1)


def _betrag(von: Decimal, bis: Decimal | None = None) -> dict[str, float] | None:
    bis = von if bis is None else bis
    if bis <= 0:
        return None
    return {"von": float(cent(von)), "bis": float(cent(bis))}


def _antrag_url(leistung: str, hh: Haushalt) -> str:
    """The application here, pre-filled with the place (the PLZ is five digits: no quoting)."""
    return f"/antraege/neu?leistung={leistung}&plz={hh.plz}"


def _schritt(art: str, code: str, url: str | None = None) -> dict[str, Any]:
    schritt = {"art": art, "code": code, "text": TEXTE[code], "werte": {}}
    if url:
        schritt["url"] = url
    return schritt


def _ergebnis(
    leistung: str,
    name: str,
    einschaetzung: str,
    betrag: dict[str, float] | None,
    gruende: list[dict[str, Any]],
    schritt: dict[str, Any],
    unsicher: list[dict[str, Any]] | None = None,
    vorrang: dict[str, Any] | None = None,
) -> dict[str, Any]:
    ergebnis: dict[str, Any] = {
        "leistung": leistung,
        "name": name,
        "einschaetzung": einschaetzung,
        "betrag_monatlich": betrag if einschaetzung != UNWAHRSCHEINLICH else None,
        "gruende": gruende,
        "rechtsgrundlagen": RECHTSGRUNDLAGEN[leistung],
        "unsicher": _einmal(unsicher) if unsicher else [],
        "naechster_schritt": schritt,
    }
    if vorrang is not None:
        ergebnis["vorrang"] = vorrang
    return ergebnis


def _einmal(eintraege: list[dict[str, Any]]) -> list[dict[str, Any]]:
    gesehen: set[str] = set()
    einmal = []
    for eintrag in eintraege:
        if eintrag["code"] not in gesehen:
            gesehen.add(eintrag["code"])
            einmal.append(eintrag)
    return einmal


class _Vorrang:
    """The outcome of the priority check, for the three results it concerns."""

    def __init__(
        self,
        rechnung: Bedarfsrechnung | None,
        wg: wohngeld.WohngeldErgebnis,
        kiz: familie.KizErgebnis,
        k: Kontext,
    ) -> None:
        self.grusi = UNWAHRSCHEINLICH
        self.wohngeld = UNWAHRSCHEINLICH
        if wg.bis > 0:
            self.wohngeld = WAHRSCHEINLICH if wg.von > 0 else MOEGLICH
        self.kiz = WAHRSCHEINLICH if kiz.betrag > 0 else UNWAHRSCHEINLICH
        self.text: dict[str, Any] | None = None
        self.wahlrecht: dict[str, Any] | None = None
        if rechnung is None or rechnung.vermoegen_zu_hoch or rechnung.anspruch <= 0:
            return
        offen = rechnung.anspruch
        kiz_betrag = kiz.betrag
        deckung_von, deckung_bis = wg.von + kiz_betrag, wg.bis + kiz_betrag
        summe = {"betrag": cent(deckung_bis)}
        code_vorrang = "vorrang_wohngeld_kiz" if kiz_betrag else "vorrang_wohngeld"
        if deckung_bis > 0 and deckung_von >= offen:
            self.text = grund(code_vorrang, ["sgb2.regelbedarf", "wohngeld.koeffizienten"], **summe)
            return
        if deckung_bis > 0 and deckung_bis >= offen:
            self.grusi = MOEGLICH
            self.wohngeld = MOEGLICH
            self.kiz = MOEGLICH if kiz_betrag else UNWAHRSCHEINLICH
            self.text = grund("vorrang_grenzfall", [])
            return
        wahl = k.p("kiz.wahlrecht")
        fehlt = offen - deckung_bis
        if (
            rechnung.recht == "sgb2"
            and kiz_betrag > 0
            and fehlt <= wahl["hoechstens_fehlend"]
            and rechnung.erwerbsfreibetrag_eltern >= wahl["mindest_erwerbsfreibetrag"]
        ):
            self.grusi = self.wohngeld = self.kiz = MOEGLICH
            beide = cent(deckung_bis)
            self.wahlrecht = grund(
                "wahlrecht",
                ["kiz.wahlrecht"],
                fehlt=cent(fehlt),
                grundsicherung=cent(offen),
                kiz_wohngeld=beide,
            ) | {
                "optionen": [
                    {
                        "art": "grundsicherung",
                        "leistungen": ["grundsicherung_arbeitsuchende", "bildung_teilhabe"],
                        "betrag_monatlich": _betrag(offen),
                    }
                    | text("wahlrecht_grundsicherung", betrag=cent(offen)),
                    {
                        "art": "kinderzuschlag_wohngeld",
                        "leistungen": ["kinderzuschlag", "wohngeld", "bildung_teilhabe"],
                        "betrag_monatlich": _betrag(wg.von + kiz_betrag, wg.bis + kiz_betrag),
                    }
                    | text(
                        "wahlrecht_kiz_wohngeld",
                        kiz=cent(kiz_betrag),
                        wohngeld=cent(wg.bis),
                        betrag=beide,
                    ),
                ]
            }
            self.text = {name: wert for name, wert in self.wahlrecht.items() if name != "optionen"}
            return
        self.grusi = WAHRSCHEINLICH
        self.wohngeld = UNWAHRSCHEINLICH
        self.kiz = UNWAHRSCHEINLICH
        if deckung_bis > 0:
            self.text = grund("vorrang_nicht", ["wohngeld.koeffizienten"], **summe)


def auswerten(
    haushalt: dict[str, Any],
    *,
    stichtag: date,
    ags: str | None,
    parameter: Parameterstand,
    mietenstufen: Mietenstufen,
) -> dict[str, Any]:
    """The answer of POST /api/v1/finder/auswertung for a body HaushaltSchema has loaded.
    Raises KeinParameter when the date lies outside the values the finder has."""
    hh = haushalt_aus(haushalt)
    k = Kontext(parameter, stichtag)
    k.p("sgb2.regelbedarf")  # the date is covered at all, or KeinParameter now
    ags = ags or hh.ags
    lage = mietenstufen.nachschlagen(ags) if ags else None

    recht, unsicher_recht = zustaendiges_recht(hh, k)
    rechnung = bedarf_berechnen(hh, recht, k) if recht else None
    wg = wohngeld.berechnen(hh, lage.stufe if lage else None, lage.zweifel if lage else "", k)
    kiz = familie.kinderzuschlag(hh, k, stichtag)
    vorrang = _Vorrang(rechnung, wg, kiz, k)

    ergebnisse = [
        *_grundsicherung(hh, recht, rechnung, vorrang, unsicher_recht, k),
        _wohngeld(wg, vorrang),
        _kinderzuschlag(kiz, vorrang, rechnung),
        _kindergeld(hh, k),
        _bildung_teilhabe(hh, recht, vorrang, k),
        _unterhaltsvorschuss(hh, k),
        _bafoeg(hh, k),
        *_foerderung(vorrang, recht, hh),
    ]
    reihenfolge = {leistung: nummer for nummer, leistung in enumerate(LEISTUNGEN)}
    ergebnisse.sort(key=lambda e: (RANG[e["einschaetzung"]], reihenfolge[e["leistung"]]))

    hinweise = [
        text("hinweis_keine_speicherung"),
        text("hinweis_rechtsstand", regelstand=parameter.regelstand(stichtag), stichtag=stichtag),
    ]
    if lage is not None:
        hinweise.append(text("hinweis_mietenstufen_quelle"))
    if date(2026, 1, 1) <= stichtag <= date(2027, 6, 30):
        hinweise.append(text("hinweis_reform"))
    antwort: dict[str, Any] = {
        "stichtag": stichtag.isoformat(),
        "parameterstand": parameter.version,
        "ergebnisse": ergebnisse,
        "hinweise": hinweise,
    }
    if vorrang.wahlrecht is not None:
        antwort["wahlrecht"] = vorrang.wahlrecht
    return antwort


def _name_grusi(k: Kontext) -> str:
    return str(k.p("sgb2.leistungsname"))


def _grundsicherung(
    hh: Haushalt,
    recht: str | None,
    rechnung: Bedarfsrechnung | None,
    vorrang: _Vorrang,
    unsicher_recht: list[dict[str, Any]],
    k: Kontext,
) -> list[dict[str, Any]]:
    """The results for SGB II, GruSi im Alter/bei Erwerbsminderung and HLU."""
    jobcenter = _schritt(
        "antrag_hier",
        "schritt_jobcenter",
        _antrag_url("buergergeld", hh),
    )
    sozialamt = _schritt("stelle", "schritt_sozialamt")
    unsicher: list[dict[str, Any]] = list(unsicher_recht)
    gruende: list[dict[str, Any]] = []
    if rechnung is not None:
        gruende.extend(rechnung.gruende)
        unsicher.extend(rechnung.unsicher)
        if rechnung.anspruch > 0:
            gruende.append(
                grund(
                    "sgb2_anspruch" if recht == "sgb2" else "sgb12_anspruch",
                    ["sgb2.regelbedarf"],
                    bedarf=rechnung.bedarf,
                    einkommen=rechnung.einkommen,
                    betrag=rechnung.anspruch,
                )
            )
        else:
            gruende.append(
                grund(
                    "sgb2_kein_bedarf" if recht == "sgb2" else "sgb12_kein_bedarf",
                    ["sgb2.regelbedarf"],
                    bedarf=rechnung.bedarf,
                    einkommen=rechnung.einkommen,
                )
            )
    betrag = _betrag(rechnung.anspruch) if rechnung is not None else None
    bafoeg = [grund("sgb2_bafoeg_ausschluss")] if any(p.bafoeg for p in hh.personen) else []
    name = _name_grusi(k)
    kdu = k.p("sgb2.kdu_karenzzeit")
    kdu_text = text(
        "unsicher_kdu_grenze",
        deckel=text("unsicher_kdu_deckel")["text"] if kdu["deckel_faktor"] else "",
    )
    kdu_text["werte"]["deckel_faktor"] = float(kdu["deckel_faktor"] or 0)
    neu = k.stichtag >= REFORM
    gruende_name = [grund("sgb2_name_neu", ["sgb2.leistungsname"])] if neu else []

    if recht == "sgb2":
        sgb2 = _ergebnis(
            "grundsicherung_arbeitsuchende",
            name,
            vorrang.grusi,
            betrag,
            bafoeg + gruende + gruende_name,
            jobcenter,
            [kdu_text, *unsicher],
            vorrang.text,
        )
        gemischt = any(eintrag["code"] == "unsicher_gemischt" for eintrag in unsicher)
        alter = _ergebnis(
            "grundsicherung_alter_erwerbsminderung",
            NAMEN["grundsicherung_alter_erwerbsminderung"],
            MOEGLICH if gemischt else UNWAHRSCHEINLICH,
            None,
            [grund("unsicher_gemischt")] if gemischt else [grund("sgb12_nicht")],
            sozialamt,
        )
        hlu = _ergebnis(
            "hilfe_zum_lebensunterhalt",
            NAMEN["hilfe_zum_lebensunterhalt"],
            UNWAHRSCHEINLICH,
            None,
            [grund("sgb12_nicht")],
            sozialamt,
        )
        return [sgb2, alter, hlu]

    grund_sgb2 = bafoeg or [
        grund("sgb2_nicht_erwerbsfaehig", ["sgb2.alter", "rv.regelaltersgrenze"])
    ]
    sgb2 = _ergebnis(
        "grundsicherung_arbeitsuchende",
        name,
        UNWAHRSCHEINLICH,
        None,
        grund_sgb2 + gruende_name,
        jobcenter,
    )
    if recht != "sgb12" or rechnung is None:
        nicht = bafoeg or [grund("sgb12_nicht")]
        return [
            sgb2,
            _ergebnis(
                "grundsicherung_alter_erwerbsminderung",
                NAMEN["grundsicherung_alter_erwerbsminderung"],
                UNWAHRSCHEINLICH,
                None,
                nicht,
                sozialamt,
            ),
            _ergebnis(
                "hilfe_zum_lebensunterhalt",
                NAMEN["hilfe_zum_lebensunterhalt"],
                UNWAHRSCHEINLICH,
                None,
                nicht,
                sozialamt,
            ),
        ]
    im_alter = any(altersgrenze_erreicht(person, k)[0] for person in hh.eltern)
    if any(person.einkommen.rente_brutto for person in hh.personen):
        netto = sum((rente_netto(person, k) for person in hh.personen), NULL)
        gruende.insert(0, grund("sgb12_rente_netto", ["sv.rentner_kv_pv"], betrag=netto))
    einschaetzung = vorrang.grusi
    angehoerige = grund(
        "sgb12_kinder_zahlen_nicht",
        ["sgb12.unterhaltsrueckgriff"],
        grenze=k.p("sgb12.unterhaltsrueckgriff"),
    )
    if im_alter:
        alter = _ergebnis(
            "grundsicherung_alter_erwerbsminderung",
            NAMEN["grundsicherung_alter_erwerbsminderung"],
            einschaetzung,
            betrag,
            [grund("sgb12_alter", ["rv.regelaltersgrenze"]), *gruende, angehoerige],
            sozialamt,
            [kdu_text, *unsicher],
            vorrang.text,
        )
        hlu = _ergebnis(
            "hilfe_zum_lebensunterhalt",
            NAMEN["hilfe_zum_lebensunterhalt"],
            UNWAHRSCHEINLICH,
            None,
            [grund("sgb12_alter", ["rv.regelaltersgrenze"])],
            sozialamt,
        )
        return [sgb2, alter, hlu]
    # not able to work, below the retirement age: permanent or temporary decides the chapter
    volljaehrig = any(person.alter >= 18 for person in hh.eltern)
    if not volljaehrig:
        # Grundsicherung bei Erwerbsminderung starts at 18 (§ 41 Abs. 3 SGB XII): HLU only
        alter = _ergebnis(
            "grundsicherung_alter_erwerbsminderung",
            NAMEN["grundsicherung_alter_erwerbsminderung"],
            UNWAHRSCHEINLICH,
            None,
            [grund("sgb12_em")],
            sozialamt,
        )
        hlu = _ergebnis(
            "hilfe_zum_lebensunterhalt",
            NAMEN["hilfe_zum_lebensunterhalt"],
            einschaetzung,
            betrag,
            [grund("sgb12_hlu"), *gruende],
            sozialamt,
            [kdu_text, *unsicher],
            vorrang.text,
        )
        return [sgb2, alter, hlu]
    zweifel = einschaetzung if einschaetzung == UNWAHRSCHEINLICH else MOEGLICH
    em_unsicher = [kdu_text, text("unsicher_erwerbsminderung"), *unsicher]
    alter = _ergebnis(
        "grundsicherung_alter_erwerbsminderung",
        NAMEN["grundsicherung_alter_erwerbsminderung"],
        zweifel,
        betrag,
        [grund("sgb12_em"), *gruende, angehoerige],
        sozialamt,
        em_unsicher,
        vorrang.text,
    )
    hlu = _ergebnis(
        "hilfe_zum_lebensunterhalt",
        NAMEN["hilfe_zum_lebensunterhalt"],
        zweifel,
        betrag,
        [grund("sgb12_hlu"), *gruende],
        sozialamt,
        em_unsicher,
        vorrang.text,
    )
    return [sgb2, alter, hlu]


def _wohngeld(wg: wohngeld.WohngeldErgebnis, vorrang: _Vorrang) -> dict[str, Any]:
    gruende = list(wg.gruende)
    if vorrang.text is not None and vorrang.wohngeld == UNWAHRSCHEINLICH and wg.bis > 0:
        gruende.append(vorrang.text)
    return _ergebnis(
        "wohngeld",
        NAMEN["wohngeld"],
        vorrang.wohngeld if not wg.ausgeschlossen else UNWAHRSCHEINLICH,
        _betrag(wg.von, wg.bis),
        gruende,
        _schritt("stelle", "schritt_wohngeld"),
        wg.unsicher,
        vorrang.text if wg.bis > 0 else None,
    )


def _kinderzuschlag(
    kiz: familie.KizErgebnis, vorrang: _Vorrang, rechnung: Bedarfsrechnung | None
) -> dict[str, Any]:
    unsicher = list(kiz.unsicher)
    if rechnung is not None and rechnung.vermoegen_zu_hoch and kiz.betrag:
        unsicher.append(text("unsicher_kiz_vermoegen"))
    gruende = list(kiz.gruende)
    if vorrang.text is not None and vorrang.kiz == UNWAHRSCHEINLICH and kiz.betrag:
        gruende.append(vorrang.text)
    return _ergebnis(
        "kinderzuschlag",
        NAMEN["kinderzuschlag"],
        vorrang.kiz if kiz.betrag else UNWAHRSCHEINLICH,
        _betrag(kiz.betrag),
        gruende,
        _schritt("stelle", "schritt_familienkasse_kiz"),
        unsicher,
        vorrang.text if kiz.betrag else None,
    )


def _kindergeld(hh: Haushalt, k: Kontext) -> dict[str, Any]:
    kinder, summe = familie.kindergeld(hh, k)
    if kinder:
        gruende = [
            grund(
                "kindergeld_betrag",
                ["kindergeld.betrag", "kindergeld.alter"],
                betrag=k.p("kindergeld.betrag"),
                kinder=kinder,
                summe=summe,
            )
        ]
    else:
        gruende = [grund("kindergeld_keine", ["kindergeld.alter"])]
    return _ergebnis(
        "kindergeld",
        NAMEN["kindergeld"],
        WAHRSCHEINLICH if kinder else UNWAHRSCHEINLICH,
        _betrag(summe),
        gruende,
        _schritt("stelle", "schritt_familienkasse_kg"),
    )


def _bildung_teilhabe(
    hh: Haushalt, recht: str | None, vorrang: _Vorrang, k: Kontext
) -> dict[str, Any]:
    von, bis, kinder = familie.bildung_teilhabe(hh, k)
    traeger = [vorrang.grusi, vorrang.wohngeld, vorrang.kiz]
    beste = min(traeger, key=RANG.__getitem__)
    if not kinder or bis <= 0:
        beste = UNWAHRSCHEINLICH
    if beste == UNWAHRSCHEINLICH:
        gruende = [grund("but_keine")]
    else:
        schule = k.p("but.schulbedarf")
        gruende = [
            grund("but_traeger"),
            grund(
                "but_betrag",
                ["but.teilhabe", "but.schulbedarf"],
                teilhabe=k.p("but.teilhabe"),
                erstes=schule["erstes_halbjahr"],
                zweites=schule["zweites_halbjahr"],
            ),
        ]
    if recht == "sgb2" and vorrang.grusi != UNWAHRSCHEINLICH:
        schritt = _schritt(
            "antrag_hier",
            "schritt_but_jobcenter",
            _antrag_url("bildung_teilhabe", hh),
        )
    else:
        schritt = _schritt("stelle", "schritt_but_kommune")
    return _ergebnis(
        "bildung_teilhabe", NAMEN["bildung_teilhabe"], beste, _betrag(von, bis), gruende, schritt
    )


def _unterhaltsvorschuss(hh: Haushalt, k: Kontext) -> dict[str, Any]:
    summe = NULL
    kinder = 0
    bezogen = False
    gruende_nicht: list[str] = []
    for kind in hh.kinder:
        uvg = familie.uvg_kind(kind, hh, k)
        if uvg.betrag:
            summe += uvg.betrag
            kinder += 1
            bezogen = bezogen or uvg.bezogen
        elif uvg.grund and uvg.grund not in gruende_nicht:
            gruende_nicht.append(uvg.grund)
    parameter = ["uvg.betrag", "uvg.mindesteinkommen_12_17"]
    if summe:
        code = "uvg_bezogen" if bezogen else "uvg_betrag"
        gruende = [grund(code, parameter, kinder=kinder, betrag=summe)]
    else:
        gruende = []
    for code in gruende_nicht or ([] if summe else ["uvg_nicht_allein"]):
        werte = {"grenze": k.p("uvg.mindesteinkommen_12_17")} if code == "uvg_12_17" else {}
        gruende.append(grund(code, parameter, **werte))
    return _ergebnis(
        "unterhaltsvorschuss",
        NAMEN["unterhaltsvorschuss"],
        WAHRSCHEINLICH if summe else UNWAHRSCHEINLICH,
        _betrag(summe),
        gruende,
        _schritt("stelle", "schritt_uvg"),
        [text("unsicher_uvg_unterhalt")] if summe and not bezogen else [],
    )


def _bafoeg(hh: Haushalt, k: Kontext) -> dict[str, Any]:
    studierende = [person for person in hh.personen if person.bafoeg]
    if not studierende:
        return _ergebnis(
            "bafoeg",
            NAMEN["bafoeg"],
            UNWAHRSCHEINLICH,
            None,
            [grund("bafoeg_keine")],
            _schritt("stelle", "schritt_bafoeg"),
        )
    gruende = [grund("bafoeg_studium"), grund("sgb2_bafoeg_ausschluss")]
    unsicher = []
    try:
        hoechst = k.parameter.wert("bafoeg.hoechstsatz", k.stichtag).wert
        gruende.insert(0, grund("bafoeg_hoechstsatz", ["bafoeg.hoechstsatz"], betrag=hoechst))
    except LookupError:
        unsicher.append(text("unsicher_bafoeg_hoehe"))
    return _ergebnis(
        "bafoeg",
        NAMEN["bafoeg"],
        MOEGLICH,
        None,
        gruende,
        _schritt("stelle", "schritt_bafoeg"),
        unsicher,
    )


def _foerderung(vorrang: _Vorrang, recht: str | None, hh: Haushalt) -> list[dict[str, Any]]:
    offen = recht == "sgb2" and vorrang.grusi != UNWAHRSCHEINLICH
    einschaetzung = MOEGLICH if offen else UNWAHRSCHEINLICH
    return [
        _ergebnis(
            "einstiegsgeld",
            NAMEN["einstiegsgeld"],
            einschaetzung,
            None,
            [grund("einstiegsgeld_erklaert")] if offen else [grund("nur_sgb2")],
            _schritt(
                "antrag_hier",
                "schritt_einstiegsgeld",
                _antrag_url("einstiegsgeld", hh),
            ),
        ),
        _ergebnis(
            "eingliederung",
            NAMEN["eingliederung"],
            einschaetzung,
            None,
            [grund("eingliederung_erklaert")] if offen else [grund("nur_sgb2")],
            _schritt(
                "antrag_hier",
                "schritt_eingliederung",
                _antrag_url("eingliederung", hh),
            ),
        ),
    ]
