"""When a notice provided for retrieval counts as given, and when the time to object ends
(§ 37 Abs. 2a SGB X, § 84 and § 64 SGG). Pure: dates in, dates out (docs/adr/0104).

The rules are dated data (``REGELN``): each says from which day of provision it applies, how
many days after the notification mail the notice is deemed given, and its legal source. A change
of law is a new row with its tests, never an edit of an old one: a notice keeps the rule of the
day it was provided, and the event that records its dates names that rule.

- Deemed given: the ``tage``-th day after the day the notification was sent (counted in
  Europe/Berlin), whatever weekday that is: § 37 Abs. 2a SGB X names a day, and the move to a
  working day of § 64 Abs. 3 SGG is a rule for the end of periods, not for the fiction. (The
  BSG has not moved the fiction; where a court of a Land does, this is the row to change.)
- Widerspruchsfrist (§ 84 Abs. 1 SGG): one month from the Bekanntgabe. It ends with the day of
  the next month that has the same number as the Bekanntgabe day, or the month's last day
  (§ 64 Abs. 2 SGG); a Saturday, Sunday or public holiday of the Land moves the end to the
  next working day (§ 64 Abs. 3 SGG). Holidays of the whole Land (``holidays``); without a Land
  only the nationwide ones, which can only make the date earlier, never later, than the real one.
- Not retrieved within ``ABRUF_TAGE`` (10) days of the notification: the provision ends and the
  notice is not given (§ 37 Abs. 2a Satz 4 SGB X).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import holidays

from kernel.zeit import BERLIN

ABRUF_TAGE = 10
FRISTGRUNDLAGE = "§ 84 Abs. 1, § 64 Abs. 2 und 3 SGG"
LAENDER = frozenset(
    {"BB", "BE", "BW", "BY", "HB", "HE", "HH", "MV", "NI", "NW", "RP", "SH", "SL", "SN", "ST", "TH"}
)


@dataclass(frozen=True)
class Bekanntgaberegel:
    gilt_ab: date  # provision on or after this day
    tage: int  # deemed given on the n-th day after the notification was sent
    rechtsgrundlage: str


REGELN: tuple[Bekanntgaberegel, ...] = (
    Bekanntgaberegel(
        date(1900, 1, 1), 3, "§ 37 Abs. 2a Satz 3 SGB X (dritter Tag, bis 2024-12-31)"
    ),
    Bekanntgaberegel(
        date(2025, 1, 1),
        4,
        "§ 37 Abs. 2a Satz 3 SGB X i. d. F. des PostModG vom 15.07.2024 (vierter Tag, ab "
        "2025-01-01)",
    ),
)


@dataclass(frozen=True)
class Bekanntgabe:
    bekanntgabe_am: date
    frist_ende: date
    rechtsgrundlage: str
    fristgrundlage: str
    land: str | None


def berliner_tag(zeitpunkt: datetime) -> date:
    return zeitpunkt.astimezone(BERLIN).date()


def regel_fuer(bereitgestellt_am: date) -> Bekanntgaberegel:
    return max((r for r in REGELN if r.gilt_ab <= bereitgestellt_am), key=lambda r: r.gilt_ab)


def monat_spaeter(tag: date) -> date:
    """§ 64 Abs. 2 SGG: the day of the next month with the same number, or its last day."""
    jahr, monat = (tag.year + 1, 1) if tag.month == 12 else (tag.year, tag.month + 1)
    return date(jahr, monat, min(tag.day, calendar.monthrange(jahr, monat)[1]))


def naechster_werktag(tag: date, land: str | None) -> date:
    """§ 64 Abs. 3 SGG: a Saturday, Sunday or public holiday moves the end to the next day
    that is none of them."""
    feiertage = holidays.country_holidays(
        "DE", subdiv=land if land in LAENDER else None, years=range(tag.year, tag.year + 2)
    )
    while tag.weekday() >= 5 or tag in feiertage:
        tag += timedelta(days=1)
    return tag


def berechnen(
    bereitgestellt_am: datetime, benachrichtigt_am: datetime, land: str | None
) -> Bekanntgabe:
    regel = regel_fuer(berliner_tag(bereitgestellt_am))
    bekanntgabe_am = berliner_tag(benachrichtigt_am) + timedelta(days=regel.tage)
    return Bekanntgabe(
        bekanntgabe_am=bekanntgabe_am,
        frist_ende=naechster_werktag(monat_spaeter(bekanntgabe_am), land),
        rechtsgrundlage=regel.rechtsgrundlage,
        fristgrundlage=FRISTGRUNDLAGE,
        land=land if land in LAENDER else None,
    )


def abruf_endet_am(benachrichtigt_am: datetime) -> datetime:
    """The provision ends when this moment passes unretrieved: the end of the 10th day after
    the notification (Berlin time)."""
    letzter_tag = berliner_tag(benachrichtigt_am) + timedelta(days=ABRUF_TAGE)
    return datetime.combine(letzter_tag + timedelta(days=1), datetime.min.time(), BERLIN)
