from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum

import pytest

from kernel.aggregate import Aggregate, DomainEvent
from kernel.upcasting import Upcasters


class Art(Enum):
    VOR_ORT = "vor_ort"


@dataclass(frozen=True)
class TerminVereinbart(DomainEvent):
    termin_id: str
    tag: date
    beginn: datetime
    gebuehr: Decimal
    art: Art
    notiz: str | None = None


def test_domain_events_round_trip_through_json_payloads():
    event = TerminVereinbart(
        "t-1", date(2026, 12, 1), datetime(2026, 12, 1, 9, tzinfo=UTC), Decimal("0.00"), Art.VOR_ORT
    )
    payload = event.to_payload()
    assert payload == {
        "termin_id": "t-1",
        "tag": "2026-12-01",
        "beginn": "2026-12-01T09:00:00+00:00",
        "gebuehr": "0.00",
        "art": "vor_ort",
    }  # notiz is None: left out
    assert TerminVereinbart.from_payload(payload) == event
    assert TerminVereinbart.event_type == "TerminVereinbart"


def test_erased_fields_come_back_as_none():
    event = TerminVereinbart.from_payload(
        {"termin_id": "t", "tag": None, "beginn": None, "gebuehr": None, "art": None}
    )
    assert event.tag is None and event.art is None


class Termin(Aggregate):
    events = (TerminVereinbart,)

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.tag: date | None = None

    def vereinbaren(self, tag: date) -> None:
        self._raise(TerminVereinbart(self.id, tag, datetime.now(UTC), Decimal(0), Art.VOR_ORT))

    def when_TerminVereinbart(self, event: TerminVereinbart) -> None:
        self.tag = event.tag


def test_aggregate_raises_applies_and_hands_out_events_once():
    termin = Termin("t-1")
    termin.vereinbaren(date(2026, 12, 1))
    assert termin.version == 1 and termin.tag == date(2026, 12, 1)
    assert termin.stream_id == "termin-t-1"
    assert [type(e) for e in termin.collect_events()] == [TerminVereinbart]
    assert termin.collect_events() == []


def test_upcasters_chain_versions_and_refuse_double_registration():
    upcasters = Upcasters()
    upcasters.register("E", 1)(lambda p: {**p, "b": 2})
    upcasters.register("E", 2)(lambda p: {**p, "c": 3})
    assert upcasters.upcast("E", 1, {"a": 1}) == (3, {"a": 1, "b": 2, "c": 3})
    assert upcasters.upcast("E", 3, {"a": 1}) == (3, {"a": 1})
    with pytest.raises(ValueError):
        upcasters.register("E", 1)(lambda p: p)
