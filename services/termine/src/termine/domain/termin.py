"""A booking: the aggregate ``Termin`` (stream ``termin-<id>``). Pure Python.

It is booked, moved, cancelled, marked as a no-show, reminded and finally has its personal data
erased. Whether the time is free is not decided here: ``ZeitBelegt`` names the counsellor's units
it holds, and the database's unique key on (counsellor, unit) lets exactly one booking hold
each (docs/adr/0110).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from kernel.aggregate import Aggregate, DomainEvent

GEBUCHT = "gebucht"
STORNIERT = "storniert"
NICHT_ERSCHIENEN = "nicht_erschienen"


@dataclass(frozen=True)
class TerminGebucht(DomainEvent):
    schema_version: ClassVar[int | None] = 2

    termin_id: str
    beratungsstelle_id: str
    angebot_id: str
    berater_id: str
    beginn: datetime
    ende: datetime
    art: str
    person_id: str | None = None
    anliegen: str | None = None
    kontakt: dict[str, Any] | None = None


@dataclass(frozen=True)
class ZeitBelegt(DomainEvent):
    termin_id: str
    beratungsstelle_id: str
    berater_id: str
    von_einheit: int
    bis_einheit: int


@dataclass(frozen=True)
class TerminZugangVermerkt(DomainEvent):
    """The hash of the anonymous link's secret; for the abuse limits the keyed hashes of the
    client address and the contact (sealed with the booking, docs/adr/0111)."""

    termin_id: str
    geheimnis_hash: str | None = None
    adresse_hash: str | None = None
    kontakt_hash: str | None = None


@dataclass(frozen=True)
class TerminRaumZugeteilt(DomainEvent):
    """The address at which the person joins the chat or video appointment (sealed: a secret
    to the session, docs/adr/0121). A move keeps it."""

    termin_id: str
    zugang_url: str


@dataclass(frozen=True)
class TerminVerschoben(DomainEvent):
    schema_version: ClassVar[int | None] = 2

    termin_id: str
    beratungsstelle_id: str
    bisheriger_beginn: datetime
    beginn: datetime
    ende: datetime
    art: str
    berater_id: str | None = None
    person_id: str | None = None


@dataclass(frozen=True)
class TerminStorniert(DomainEvent):
    schema_version: ClassVar[int | None] = 2

    termin_id: str
    beratungsstelle_id: str
    beginn: datetime
    storniert_durch: str
    person_id: str | None = None
    grund: str | None = None


@dataclass(frozen=True)
class TerminNichtErschienen(DomainEvent):
    termin_id: str
    beratungsstelle_id: str


@dataclass(frozen=True)
class TerminErinnert(DomainEvent):
    termin_id: str


@dataclass(frozen=True)
class TerminDatenGeloescht(DomainEvent):
    termin_id: str
    geloescht_am: datetime


class Termin(Aggregate):
    stream_prefix = "termin"
    events = (
        TerminGebucht,
        ZeitBelegt,
        TerminZugangVermerkt,
        TerminRaumZugeteilt,
        TerminVerschoben,
        TerminStorniert,
        TerminNichtErschienen,
        TerminErinnert,
        TerminDatenGeloescht,
    )

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.beratungsstelle_id = ""
        self.angebot_id = ""
        self.berater_id = ""
        self.person_id: str | None = None
        self.beginn: datetime | None = None
        self.ende: datetime | None = None
        self.art = ""
        self.status = ""
        self.sequenz = 0  # iCalendar SEQUENCE: raised on every change the person sees
        self.geheimnis_hash: str | None = None
        self.zugang_url: str | None = None  # None also once erased
        self.geloescht = False
        self.ist_erinnert = False

    # commands ----------------------------------------------------------------------------------

    @classmethod
    def buchen(
        cls,
        termin_id: str,
        *,
        beratungsstelle_id: str,
        angebot_id: str,
        berater_id: str,
        beginn: datetime,
        ende: datetime,
        einheiten: range,
        art: str,
        person_id: str | None,
        anliegen: str | None,
        kontakt: dict[str, str] | None,
        geheimnis_hash: str | None,
        adresse_hash: str | None,
        kontakt_hash: str | None,
        zugang_url: str | None = None,
    ) -> Termin:
        termin = cls(termin_id)
        termin._raise(
            TerminGebucht(
                termin_id=termin_id,
                beratungsstelle_id=beratungsstelle_id,
                angebot_id=angebot_id,
                berater_id=berater_id,
                beginn=beginn,
                ende=ende,
                art=art,
                person_id=person_id,
                anliegen=anliegen,
                kontakt=kontakt or None,
            )
        )
        termin._raise(
            ZeitBelegt(termin_id, beratungsstelle_id, berater_id, einheiten.start, einheiten.stop)
        )
        if geheimnis_hash or adresse_hash or kontakt_hash:
            termin._raise(
                TerminZugangVermerkt(termin_id, geheimnis_hash, adresse_hash, kontakt_hash)
            )
        if zugang_url:
            termin._raise(TerminRaumZugeteilt(termin_id, zugang_url))
        return termin

    def verschieben(
        self, *, berater_id: str, beginn: datetime, ende: datetime, einheiten: range
    ) -> None:
        assert self.beginn is not None
        self._raise(
            TerminVerschoben(
                termin_id=self.id,
                beratungsstelle_id=self.beratungsstelle_id,
                bisheriger_beginn=self.beginn,
                beginn=beginn,
                ende=ende,
                art=self.art,
                berater_id=berater_id,
                person_id=self.person_id,
            )
        )
        self._raise(
            ZeitBelegt(
                self.id, self.beratungsstelle_id, berater_id, einheiten.start, einheiten.stop
            )
        )

    def stornieren(self, durch: str, grund: str | None = None) -> None:
        assert self.beginn is not None
        self._raise(
            TerminStorniert(
                termin_id=self.id,
                beratungsstelle_id=self.beratungsstelle_id,
                beginn=self.beginn,
                storniert_durch=durch,
                person_id=self.person_id,
                grund=grund or None,
            )
        )

    def nicht_erschienen(self) -> None:
        self._raise(TerminNichtErschienen(self.id, self.beratungsstelle_id))

    def erinnert(self) -> None:
        self._raise(TerminErinnert(self.id))

    def daten_geloescht(self, am: datetime) -> None:
        self._raise(TerminDatenGeloescht(self.id, am))

    # state -------------------------------------------------------------------------------------

    def when_TerminGebucht(self, event: TerminGebucht) -> None:  # noqa: N802
        self.beratungsstelle_id = event.beratungsstelle_id
        self.angebot_id = event.angebot_id
        self.berater_id = event.berater_id
        self.person_id = event.person_id
        self.beginn, self.ende, self.art = event.beginn, event.ende, event.art
        self.status = GEBUCHT

    def when_ZeitBelegt(self, event: ZeitBelegt) -> None:  # noqa: N802
        self.berater_id = event.berater_id

    def when_TerminZugangVermerkt(self, event: TerminZugangVermerkt) -> None:  # noqa: N802
        self.geheimnis_hash = event.geheimnis_hash

    def when_TerminRaumZugeteilt(self, event: TerminRaumZugeteilt) -> None:  # noqa: N802
        self.zugang_url = event.zugang_url

    def when_TerminVerschoben(self, event: TerminVerschoben) -> None:  # noqa: N802
        self.beginn, self.ende = event.beginn, event.ende
        self.sequenz += 1
        self.ist_erinnert = False  # a new time gets its own reminder

    def when_TerminStorniert(self, event: TerminStorniert) -> None:  # noqa: N802
        self.status = STORNIERT
        self.sequenz += 1

    def when_TerminNichtErschienen(self, event: TerminNichtErschienen) -> None:  # noqa: N802
        self.status = NICHT_ERSCHIENEN

    def when_TerminErinnert(self, event: TerminErinnert) -> None:  # noqa: N802
        self.ist_erinnert = True

    def when_TerminDatenGeloescht(self, event: TerminDatenGeloescht) -> None:  # noqa: N802
        self.geloescht = True
