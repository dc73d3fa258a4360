"""The dates of a notice provided for retrieval (§ 37 Abs. 2a SGB X, § 84 and § 64 SGG), as a
table: the day it counts as given (third day before 2025, fourth from 2025-01-01, whatever
weekday), the end of the one-month Widerspruchsfrist (same day number next month or the month's
last day, moved past weekends and the Land's public holidays), across the year end, and the end
of the 10 days to retrieve it."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from postkorb.domain import bekanntgabe
from postkorb.domain.bekanntgabe import BERLIN


def berlin(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("bereitgestellt", "benachrichtigt", "land", "bekanntgabe_am", "frist_ende"),
    [
        # 2026: fourth day; 2026-03-02 (Mon) + 4 = Fri 03-06; + 1 month = Mon 04-06 (Easter
        # Monday 2026-04-06 is a holiday everywhere) -> Tue 04-07
        ("2026-03-02 10:00", "2026-03-02 10:00", "HE", "2026-03-06", "2026-04-07"),
        # given on a Saturday stays a Saturday (the fiction does not move); 2027-02-09 is a
        # Tuesday
        ("2027-01-05 12:00", "2027-01-05 12:00", "BY", "2027-01-09", "2027-02-09"),
        # the end on a Sunday: 2026-02-01 + 4 = 02-05, 03-05 Thursday; 2026-02-04 + 4 = 02-08
        # (Sunday), + 1 month = 03-08 Sunday -> Monday 03-09
        ("2026-02-04 12:00", "2026-02-04 12:00", "SN", "2026-02-08", "2026-03-09"),
        # year end: 2026-12-28 + 4 = 2027-01-01 (a holiday: the fiction still counts it);
        # 2027-02-01 is a Monday
        ("2026-12-28 09:00", "2026-12-28 09:00", "NW", "2027-01-01", "2027-02-01"),
        # provided before 2025: third day (old § 37 Abs. 2a)
        ("2024-12-30 09:00", "2024-12-30 09:00", None, "2025-01-02", "2025-02-03"),
        # provided 2024-12-31, notified 2025-01-02: the day of provision decides -> third day
        ("2024-12-31 23:00", "2025-01-02 08:00", None, "2025-01-05", "2025-02-05"),
        # a month shorter than the day number: 2026-01-31 -> 2026-02-28 (Saturday) -> 03-02
        ("2026-01-27 08:00", "2026-01-27 08:00", "HE", "2026-01-31", "2026-03-02"),
        # a holiday of the Land on a weekday: Fronleichnam 2026-06-04 (Thursday) in Hessen
        ("2026-04-30 12:00", "2026-04-30 12:00", "HE", "2026-05-04", "2026-06-05"),
        # the same date in Berlin (no Fronleichnam there) stays
        ("2026-04-30 12:00", "2026-04-30 12:00", "BE", "2026-05-04", "2026-06-04"),
        # notified at 23:30 Berlin = 22:30 UTC: the Berlin day counts
        ("2026-03-02 23:30", "2026-03-02 23:30", "HE", "2026-03-06", "2026-04-07"),
    ],
)
def test_bekanntgabe_und_widerspruchsfrist(
    bereitgestellt: str, benachrichtigt: str, land: str | None, bekanntgabe_am: str, frist_ende: str
) -> None:
    ergebnis = bekanntgabe.berechnen(berlin(bereitgestellt), berlin(benachrichtigt), land)
    assert ergebnis.bekanntgabe_am == date.fromisoformat(bekanntgabe_am)
    assert ergebnis.frist_ende == date.fromisoformat(frist_ende)
    assert "SGB X" in ergebnis.rechtsgrundlage and "SGG" in ergebnis.fristgrundlage


def test_rules_are_dated_data_and_the_change_of_law_is_a_row() -> None:
    assert [r.tage for r in bekanntgabe.REGELN] == [3, 4]
    assert bekanntgabe.regel_fuer(date(2024, 12, 31)).tage == 3
    assert bekanntgabe.regel_fuer(date(2025, 1, 1)).tage == 4
    assert "PostModG" in bekanntgabe.regel_fuer(date(2026, 5, 1)).rechtsgrundlage


def test_an_unknown_land_counts_only_nationwide_holidays() -> None:
    # Fronleichnam (HE, not nationwide): without a Land the earlier date is shown
    assert bekanntgabe.naechster_werktag(date(2026, 6, 4), None) == date(2026, 6, 4)
    assert bekanntgabe.naechster_werktag(date(2026, 6, 4), "XX") == date(2026, 6, 4)
    assert bekanntgabe.naechster_werktag(date(2026, 6, 4), "HE") == date(2026, 6, 5)


def test_ten_days_to_retrieve_end_at_midnight_berlin() -> None:
    ende = bekanntgabe.abruf_endet_am(berlin("2026-03-02 18:00"))
    assert ende == berlin("2026-03-13 00:00")
