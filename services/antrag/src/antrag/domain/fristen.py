"""Deadlines a person must know: computed here, shown by the gateway (docs/adr/0088).

- ``schonfrist``: a definition's ``Frist`` (Mietrückstände: two months from the service of the
  eviction suit, § 569 Abs. 3 Nr. 2 BGB). Counted as the BGB counts: the day of service does
  not count (§ 187 Abs. 1), the period ends with the day of the later month that has the same
  number, or the last day of a shorter month (§ 188 Abs. 2 and 3), and an end on a Saturday,
  Sunday or public holiday moves to the next working day (§ 193). Holidays are those of the
  whole Land of residence (the ``holidays`` package); where the Land is not known yet, only
  the nationwide ones count. A holiday of only part of a Land (Mariä Himmelfahrt in Bavaria)
  is left out: the date shown is then never later than the real one.
- ``antrag_vervollstaendigen``: after a short filing. SGB II sets no deadline for the rest of
  the application; the Jobcenter sets one. We recommend 14 days and say that it is a
  recommendation (``verbindlich`` false).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

import holidays

from antrag.domain.formular import Formular
from antrag.domain.validierung import gilt, wert_an
from contracts.common import land_aus_ags
from kernel.zeit import BERLIN, heute

VERVOLLSTAENDIGEN_TAGE = 14


def monate_spaeter(tag: date, monate: int) -> date:
    """§ 188 Abs. 2 and 3 BGB: the day with the same number ``monate`` later, or the last day
    of that month when it is shorter."""
    jahr, monat = divmod(tag.month - 1 + monate, 12)
    jahr, monat = tag.year + jahr, monat + 1
    return date(jahr, monat, min(tag.day, calendar.monthrange(jahr, monat)[1]))


def naechster_werktag(tag: date, land: str | None) -> date:
    """§ 193 BGB: a Saturday, Sunday or public holiday of the Land moves to the next day that
    is none of them."""
    feiertage = holidays.country_holidays("DE", subdiv=land, years=range(tag.year, tag.year + 2))
    while tag.weekday() >= 5 or tag in feiertage:
        tag += timedelta(days=1)
    return tag


def fristende(ereignis: date, monate: int, land: str | None) -> date:
    """The last day of a period of months that starts with an event (§§ 187 Abs. 1, 188
    Abs. 2 and 3, 193 BGB)."""
    return naechster_werktag(monate_spaeter(ereignis, monate), land)


def fristen(
    formular: Formular,
    abschnitte: dict[str, dict],
    *,
    ags: str | None,
    kurzantrag_am: str | None,
    vollstaendig_eingereicht: bool,
    stichtag: date | None = None,
) -> list[dict[str, Any]]:
    """The deadlines of one application, soonest first, each
    ``{code, ab, bis, verbindlich, rechtsgrundlage, abgelaufen, tage}`` (dates ISO; ``tage``:
    days left from ``stichtag``, today in Berlin unless given)."""
    stichtag = stichtag or heute()
    land = land_aus_ags(ags)
    gefunden: list[dict[str, Any]] = []
    for frist in formular.fristen:
        if frist.wenn is not None and not gilt(frist.wenn, wert_an(abschnitte, frist.wenn.feld)):
            continue
        ab = wert_an(abschnitte, frist.ab)
        if not isinstance(ab, str):
            continue
        beginn = date.fromisoformat(ab)
        ende = fristende(beginn, frist.monate, land)
        gefunden.append(_frist(frist.code, beginn, ende, stichtag, frist.rechtsgrundlage, land))
    if kurzantrag_am and not vollstaendig_eingereicht:
        beginn = datetime.fromisoformat(kurzantrag_am.replace("Z", "+00:00")).astimezone(BERLIN)
        ende = beginn.date() + timedelta(days=VERVOLLSTAENDIGEN_TAGE)
        eintrag = _frist("antrag_vervollstaendigen", beginn.date(), ende, stichtag, None, None)
        gefunden.append({**eintrag, "verbindlich": False})
    return sorted(gefunden, key=lambda f: f["bis"])


def _frist(
    code: str,
    beginn: date,
    ende: date,
    stichtag: date,
    rechtsgrundlage: str | None,
    land: str | None,
) -> dict[str, Any]:
    return {
        "code": code,
        "ab": beginn.isoformat(),
        "bis": ende.isoformat(),
        "verbindlich": True,
        "rechtsgrundlage": rechtsgrundlage,
        "land": land,
        "tage": (ende - stichtag).days,
        "abgelaufen": ende < stichtag,
    }
