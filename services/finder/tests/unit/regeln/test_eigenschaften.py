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
    def einkommen() -> dict[str, str]:
        felder = draw(
            st.sets(st.sampled_from(["erwerb_brutto", "rente_brutto", "unterhalt", "sonstiges"]))
        )
        return {feld: draw(betraege) for feld in felder}

    personen = [{"rolle": "antragsteller", "alter": draw(st.integers(18, 90))}]
    personen[0]["einkommen"] = einkommen()
    personen[0]["erwerbsfaehig"] = draw(st.sampled_from([None, True, False]))
    personen[0]["schwanger"] = draw(st.booleans())
    if draw(st.booleans()):
        personen.append(
            {"rolle": "partner", "alter": draw(st.integers(18, 90)), "einkommen": einkommen()}
        )
    for _ in range(draw(st.integers(0, 4))):
        personen.append(
            {
                "rolle": "kind",
                "alter": draw(st.integers(0, 24)),
                "in_ausbildung": draw(st.sampled_from([None, "schule", "bafoeg"])),
            }
        )
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
