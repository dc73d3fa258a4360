"""Property tests (hypothesis): amounts never negative, more income never raises the
Grundsicherung or the Wohngeld, and a date outside every parameter's validity is refused.

"More income" is tested on the rules' amounts (need minus counted income of SGB II / SGB XII,
and Wohngeld as computed), not on which benefit the priority check finally shows: there a
higher income can lawfully turn "Wohngeld first" into "Grundsicherung", because Wohngeld and
Kinderzuschlag shrink faster than the open need. Within Wohngeld the law itself has steps
(§ 16 WoGG: 10 % per kind of contribution paid; a flat-taxed Minijob counts in full), so the
Wohngeld property is held for the monthly income Y of the formula and for incomes of one kind.
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from finder.regeln import (
    LEISTUNGEN,
    KeinParameter,
    Mietenstufen,
    Parameterstand,
    auswerten,
    wohngeld,
)
from finder.regeln.grundlagen import Kontext
from finder.regeln.grundsicherung import bedarf_berechnen, zustaendiges_recht
from finder.regeln.haushalt import haushalt_aus

EINSTELLUNGEN = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ORTE = ["11000000", "09162000", "01051074", "14713000", "01002000", "06414000", "01057057", None]

betraege = st.integers(min_value=0, max_value=6000).map(lambda euro: str(Decimal(euro)))
stichtage = st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31))


@st.composite
def haushalte(draw: st.DrawFn) -> dict[str, Any]:
    def einkommen(felder: list[str]) -> dict[str, str]:
        return {feld: draw(betraege) for feld in draw(st.sets(st.sampled_from(felder)))}

    erwachsen = ["erwerb_brutto", "erwerb_netto", "rente_brutto", "unterhalt", "sonstiges"]
    ausbildung = st.sampled_from([None, None, "schule", "bafoeg", "ausbildung"])
    antragsteller = {
        "rolle": "antragsteller",
        "alter": draw(st.integers(15, 95)),
        "einkommen": einkommen(erwachsen),
        "erwerbsfaehig": draw(st.sampled_from([None, True, False])),
        "schwanger": draw(st.booleans()),
        "in_ausbildung": draw(ausbildung),
    }
    einkommen_ok = antragsteller["einkommen"]
    if "erwerb_brutto" in einkommen_ok and "erwerb_netto" in einkommen_ok:
        einkommen_ok["erwerb_netto"] = str(
            min(Decimal(einkommen_ok["erwerb_netto"]), Decimal(einkommen_ok["erwerb_brutto"]))
        )
    personen = [antragsteller]
    if draw(st.booleans()):
        personen.append(
            {
                "rolle": "partner",
                "alter": draw(st.integers(15, 95)),
                "einkommen": einkommen(["erwerb_brutto", "rente_brutto", "sonstiges"]),
                "erwerbsfaehig": draw(st.sampled_from([None, False])),
            }
        )
    for _ in range(draw(st.integers(0, 5))):
        personen.append(
            {
                "rolle": "kind",
                "alter": draw(st.integers(0, 30)),
                "in_ausbildung": draw(ausbildung),
                "einkommen": einkommen(["unterhalt", "unterhaltsvorschuss", "erwerb_brutto"]),
            }
        )
    if draw(st.integers(0, 4)) == 0:
        personen.append({"rolle": "sonstige", "alter": draw(st.integers(0, 95))})
    warm = draw(st.integers(100, 2500))
    heizung = draw(st.one_of(st.none(), st.integers(0, 100)))
    wohnkosten: dict[str, str] = {"warmmiete": str(warm)}
    if heizung is not None:
        wohnkosten["heizkosten"] = str(min(heizung, warm))
    ort = draw(st.sampled_from(ORTE))
    return {
        "wohnort": {"plz": "10115"} | ({"ags": ort} if ort else {}),
        "personen": personen,
        "wohnkosten": wohnkosten,
        "vermoegen": draw(st.sampled_from(["0", "8000", "30000", "90000"])),
        "alleinerziehend": draw(st.sampled_from([None, False]))
        if len(personen) > 1 and personen[1]["rolle"] == "partner"
        else draw(st.sampled_from([None, None, True, False])),
    }


@EINSTELLUNGEN
@given(body=haushalte(), stichtag=stichtage)
def test_betraege_nie_negativ_und_von_bis_geordnet(
    body: dict[str, Any],
    stichtag: date,
    laden: Any,
    parameter: Parameterstand,
    mietenstufen: Mietenstufen,
) -> None:
    antwort = auswerten(
        laden(body), stichtag=stichtag, ags=None, parameter=parameter, mietenstufen=mietenstufen
    )
    json.dumps(antwort)  # plain JSON: floats, strings, lists, dicts (an RPC answer)
    assert sorted(e["leistung"] for e in antwort["ergebnisse"]) == sorted(LEISTUNGEN)
    assert set(antwort) <= {"stichtag", "parameterstand", "ergebnisse", "wahlrecht", "hinweise"}
    for ergebnis in antwort["ergebnisse"]:
        betrag = ergebnis["betrag_monatlich"]
        if betrag is not None:
            assert 0 <= betrag["von"] <= betrag["bis"] and betrag["bis"] > 0, ergebnis["leistung"]
        assert ergebnis["einschaetzung"] in ("wahrscheinlich", "moeglich", "unwahrscheinlich")


def _mehr(body: dict[str, Any], feld: str, plus: int) -> dict[str, Any]:
    reicher = {**body, "personen": [dict(p) for p in body["personen"]]}
    antragsteller = reicher["personen"][0]
    einkommen = dict(antragsteller.get("einkommen", {}))
    if feld == "erwerb_brutto" and "erwerb_netto" in einkommen:
        # more pay: gross and net grow together (net by 70 %), or net alone if only net is known
        if "erwerb_brutto" in einkommen:
            netto = Decimal(einkommen["erwerb_netto"]) + plus * Decimal("0.7")
            einkommen["erwerb_netto"] = str(netto)
        else:
            feld = "erwerb_netto"
    einkommen[feld] = str(Decimal(einkommen.get(feld, "0")) + plus)
    antragsteller["einkommen"] = einkommen
    return reicher


@EINSTELLUNGEN
@given(
    body=haushalte(),
    stichtag=stichtage,
    feld=st.sampled_from(["erwerb_brutto", "rente_brutto", "unterhalt", "sonstiges"]),
    plus=st.integers(1, 2000),
)
def test_mehr_einkommen_nie_mehr_grundsicherung(
    body: dict[str, Any],
    stichtag: date,
    feld: str,
    plus: int,
    laden: Any,
    parameter: Parameterstand,
) -> None:
    k = Kontext(parameter, stichtag)
    vorher, nachher = haushalt_aus(laden(body)), haushalt_aus(laden(_mehr(body, feld, plus)))
    recht, _ = zustaendiges_recht(vorher, k)
    if recht is None:
        return
    mehr, weniger = bedarf_berechnen(nachher, recht, k), bedarf_berechnen(vorher, recht, k)
    assert mehr.anspruch <= weniger.anspruch


@EINSTELLUNGEN
@given(
    body=haushalte(),
    stichtag=stichtage,
    feld=st.sampled_from(["rente_brutto", "unterhalt", "sonstiges"]),
    plus=st.integers(1, 2000),
)
def test_mehr_einkommen_nie_mehr_wohngeld(
    body: dict[str, Any],
    stichtag: date,
    feld: str,
    plus: int,
    laden: Any,
    parameter: Parameterstand,
) -> None:
    k = Kontext(parameter, stichtag)
    vorher, nachher = haushalt_aus(laden(body)), haushalt_aus(laden(_mehr(body, feld, plus)))
    stufe = 4
    alt, neu = wohngeld.berechnen(vorher, stufe, "", k), wohngeld.berechnen(nachher, stufe, "", k)
    assert neu.von <= alt.von and neu.bis <= alt.bis


@EINSTELLUNGEN
@given(
    mitglieder=st.integers(1, 15),
    stufe=st.integers(1, 7),
    kalt=st.integers(0, 3000),
    y=st.integers(0, 8000),
    plus=st.integers(1, 3000),
    stichtag=stichtage,
)
def test_wohngeld_formel_faellt_mit_dem_einkommen(
    mitglieder: int, stufe: int, kalt: int, y: int, plus: int, stichtag: date,
    parameter: Parameterstand,
) -> None:  # fmt: skip
    k = Kontext(parameter, stichtag)
    m = wohngeld.zu_beruecksichtigende_miete(mitglieder, Decimal(kalt), stufe, k)
    weniger = wohngeld.formel(mitglieder, m, Decimal(y), k)
    mehr = wohngeld.formel(mitglieder, m, Decimal(y + plus), k)
    assert 0 <= mehr <= weniger


@EINSTELLUNGEN
@given(
    tage=st.one_of(
        st.integers(1, 3000).map(lambda t: date(2025, 1, 1) - timedelta(days=t)),
        st.integers(0, 3000).map(lambda t: date(2027, 1, 1) + timedelta(days=t)),
    )
)
def test_stichtag_ausserhalb_wird_abgelehnt(
    tage: date, parameter: Parameterstand, mietenstufen: Mietenstufen
) -> None:
    with pytest.raises(KeinParameter) as fehler:
        auswerten(_BODY, stichtag=tage, ags=None, parameter=parameter, mietenstufen=mietenstufen)
    meldung = str(fehler.value)
    assert ("noch nicht veröffentlicht" in meldung) == (tage.year >= 2027)
    assert "10115" not in meldung  # nothing the person entered


_BODY = {
    "stichtag": None,
    "wohnort": {"plz": "10115", "ort": None, "ags": None},
    "personen": [
        {
            "rolle": "antragsteller",
            "alter": 40,
            "erwerbsfaehig": None,
            "schwanger": False,
            "in_ausbildung": None,
            "einkommen": {},
        }
    ],
    "alleinerziehend": None,
    "wohnkosten": {"warmmiete": Decimal(500), "heizkosten": None},
    "vermoegen": None,
}
