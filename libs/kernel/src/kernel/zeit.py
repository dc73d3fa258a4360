"""The platform's time zone and day.

Every day the platform names (a deadline, "today" in a date check, the benefit finder's reference
day) is a day in Germany: Europe/Berlin. A container's clock runs in UTC, so `date.today()` is
yesterday's date between midnight and 01:00 (02:00 in summer) German time: a birth date typed at
00:30 on the 8th would be refused as lying in the future.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def heute() -> date:
    """Today in Germany, whatever the machine's time zone."""
    return datetime.now(BERLIN).date()
