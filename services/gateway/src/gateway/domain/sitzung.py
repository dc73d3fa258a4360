"""Sitzung: one login of one person, from login to logout or expiry.

Only the begin and the end are events. How recently the person was active is operational
state kept beside the projection (gateway.konten), not history: writing an event per request
would make the store grow with every click for nothing anyone needs to trace.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kernel.aggregate import Aggregate, DomainEvent


class Anmeldeart(StrEnum):
    PASSWORT = "passwort"
    OIDC = "oidc"


class Beendigungsgrund(StrEnum):
    ABGEMELDET = "abgemeldet"
    ABGELAUFEN = "abgelaufen"
    # every session of the person, when the password was reset or the account deleted
    ZUGANG_GEAENDERT = "zugang_geaendert"


@dataclass(frozen=True)
class SitzungsRegeln:
    """A session ends ``leerlauf`` after the last request and ``hoechstdauer`` after login,
    whichever comes first. Activity is written at most every ``beruehren_nach``."""

    leerlauf: timedelta
    hoechstdauer: timedelta

    @property
    def beruehren_nach(self) -> timedelta:
        return min(timedelta(seconds=60), self.leerlauf / 4)

    def laeuft_ab_um(self, begonnen_am: datetime, zuletzt_aktiv: datetime) -> datetime:
        return min(begonnen_am + self.hoechstdauer, zuletzt_aktiv + self.leerlauf)

    def abgelaufen(self, begonnen_am: datetime, zuletzt_aktiv: datetime, jetzt: datetime) -> bool:
        return jetzt >= self.laeuft_ab_um(begonnen_am, zuletzt_aktiv)


@dataclass(frozen=True)
class SitzungBegonnen(DomainEvent):
    sitzung_id: str
    person_id: str
    anmeldeart: Anmeldeart
    begonnen_am: datetime


@dataclass(frozen=True)
class SitzungBeendet(DomainEvent):
    sitzung_id: str
    person_id: str
    grund: Beendigungsgrund


class Sitzung(Aggregate):
    """Its id is the SHA-256 of the session token, so the store never holds a usable token."""

    stream_prefix = "sitzung"
    events = (SitzungBegonnen, SitzungBeendet)

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.person_id = ""
        self.beendet = False
        self.grund: Beendigungsgrund | None = None

    @property
    def data_subject(self) -> str:
        return self.person_id

    @classmethod
    def beginnen(
        cls, *, sitzung_id: str, person_id: str, anmeldeart: Anmeldeart, jetzt: datetime
    ) -> Sitzung:
        sitzung = cls(sitzung_id)
        sitzung._raise(
            SitzungBegonnen(
                sitzung_id=sitzung_id,
                person_id=person_id,
                anmeldeart=anmeldeart,
                begonnen_am=jetzt,
            )
        )
        return sitzung

    def beenden(self, grund: Beendigungsgrund) -> None:
        """Ending an ended session changes nothing (a logout racing the expiry sweep)."""
        if not self.beendet:
            self._raise(SitzungBeendet(sitzung_id=self.id, person_id=self.person_id, grund=grund))

    def when_SitzungBegonnen(self, event: SitzungBegonnen) -> None:  # noqa: N802
        self.person_id = event.person_id

    def when_SitzungBeendet(self, event: SitzungBeendet) -> None:  # noqa: N802
        self.beendet = True
        self.grund = Beendigungsgrund(event.grund)
