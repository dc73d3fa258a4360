"""Deadlines as the BGB counts them (§§ 187 Abs. 1, 188 Abs. 2 and 3, 193) and the
recommendation after a short filing (docs/adr/0088)."""

from __future__ import annotations

from datetime import date

import pytest

from antrag.domain.fristen import fristen, fristende, land_aus_ags
from antrag.formulare import FORMULARE

MIETE = FORMULARE["mietrueckstaende"]


@pytest.mark.parametrize(
    ("zugestellt", "land", "ende"),
    [
        # two months to the day with the same number; the day of service does not count
        (date(2026, 1, 14), "HE", date(2026, 3, 16)),  # 14.03. is a Saturday -> Monday
        (date(2026, 1, 13), "HE", date(2026, 3, 13)),  # a Friday: stays
        # the later month is shorter: its last day (§ 188 Abs. 3), here a Saturday
        (date(2025, 12, 31), "HE", date(2026, 3, 2)),
        (date(2027, 12, 30), "BE", date(2028, 2, 29)),  # leap year, a Tuesday
        # Good Friday and Easter Monday 2026 (3. and 6.4.) with the weekend between
        (date(2026, 2, 3), None, date(2026, 4, 7)),
        # a holiday of one Land only: Reformation Day (31.10.2026, Saturday) in Saxony;
        # Repentance Day 18.11.2026 (Wednesday) counts in Saxony and not in Hesse
        (date(2026, 9, 18), "SN", date(2026, 11, 19)),
        (date(2026, 9, 18), "HE", date(2026, 11, 18)),
        # Mariä Himmelfahrt is a holiday in only part of Bavaria: left out (never later)
        (date(2027, 6, 15), "BY", date(2027, 8, 16)),  # 15.08.2027 is a Sunday
        (date(2026, 6, 15), "BY", date(2026, 8, 17)),  # 15.08.2026 Saturday -> Monday
    ],
)
def test_the_end_of_a_period_of_months(zugestellt: date, land: str | None, ende: date) -> None:
    assert fristende(zugestellt, 2, land) == ende


def test_the_land_comes_from_the_gemeinde_key() -> None:
    assert land_aus_ags("06435014") == "HE"
    assert land_aus_ags("11000000") == "BE"
    assert land_aus_ags(None) is None and land_aus_ags("99000000") is None


def test_the_schonfrist_only_with_an_eviction_suit_and_its_date_of_service() -> None:
    abschnitte = {"kuendigung": {"raeumungsklage": True, "klage_zugestellt_am": "2026-01-14"}}
    [frist] = fristen(
        MIETE,
        abschnitte,
        ags="06435014",
        kurzantrag_am=None,
        vollstaendig_eingereicht=False,
        stichtag=date(2026, 3, 1),
    )
    assert frist == {
        "code": "schonfrist",
        "ab": "2026-01-14",
        "bis": "2026-03-16",
        "verbindlich": True,
        "rechtsgrundlage": "§ 569 Abs. 3 Nr. 2 BGB",
        "land": "HE",
        "tage": 15,
        "abgelaufen": False,
    }
    nach = fristen(
        MIETE,
        abschnitte,
        ags=None,
        kurzantrag_am=None,
        vollstaendig_eingereicht=False,
        stichtag=date(2026, 3, 17),
    )
    assert nach[0]["abgelaufen"] is True and nach[0]["tage"] == -1
    ohne_klage = {"kuendigung": {"raeumungsklage": False, "klage_zugestellt_am": "2026-01-14"}}
    for ohne in ({}, ohne_klage, {"kuendigung": {"raeumungsklage": True}}):
        assert (
            fristen(MIETE, ohne, ags=None, kurzantrag_am=None, vollstaendig_eingereicht=False) == []
        )


def test_after_a_short_filing_14_days_are_recommended_not_required() -> None:
    # filed late in the evening of 31.01. in Berlin (UTC 23:30 on 30.01. would be the 31st)
    [frist] = fristen(
        FORMULARE["einstiegsgeld"],
        {},
        ags=None,
        kurzantrag_am="2026-01-30T23:30:00+00:00",
        vollstaendig_eingereicht=False,
        stichtag=date(2026, 2, 2),
    )
    assert (frist["code"], frist["ab"], frist["bis"]) == (
        "antrag_vervollstaendigen",
        "2026-01-31",
        "2026-02-14",
    )
    assert frist["verbindlich"] is False and frist["tage"] == 12
    assert (
        fristen(
            FORMULARE["einstiegsgeld"],
            {},
            ags=None,
            kurzantrag_am="2026-01-30T23:30:00+00:00",
            vollstaendig_eingereicht=True,
        )
        == []
    )
