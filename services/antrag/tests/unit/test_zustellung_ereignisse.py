"""antrag reads NachrichtZugestellt / ZustellungFehlgeschlagen in both versions: v1 (always an
application) is upcast to v2; a v2 delivery of something else (a person's Postkorb reply, with
or without antrag_id) is acknowledged and passed over, logged with ids only."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from structlog.testing import capture_logs

from antrag import handlers
from antrag.bootstrap import UPCASTERS
from contracts.events.xta_gateway import (
    NachrichtZugestellt,
    NachrichtZugestelltV2,
    ZustellungFehlgeschlagen,
    ZustellungFehlgeschlagenV2,
)
from contracts.validation import validate_payload
from kernel.envelope import Envelope, new_id, utc_now_rfc3339


class Repository:
    def __init__(self) -> None:
        self.gesucht: list[str] = []

    def find(self, antrag_id: str) -> None:
        self.gesucht.append(antrag_id)
        return None  # not one of ours: nothing to change


class Uow:
    def __init__(self) -> None:
        self.repo = Repository()

    def repository(self, _cls: Any) -> Repository:
        return self.repo


def umschlag(event_type: str, version: int, payload: dict[str, Any]) -> Envelope:
    """As the subscription hands it over: checked, then upcast by antrag's upcasters."""
    validate_payload(event_type, version, payload)
    return UPCASTERS.upcast_envelope(Envelope(
        new_id(), event_type, version, utc_now_rfc3339(), "xta_gateway",
        f"zustellung-{payload['zustellung_id']}", 7, new_id(), None, payload,
    ))  # fmt: skip


HANDLER = {
    "NachrichtZugestellt": handlers.nachricht_zugestellt,
    "ZustellungFehlgeschlagen": handlers.zustellung_fehlgeschlagen,
}


@pytest.mark.parametrize("schema_cls", [NachrichtZugestelltV2, ZustellungFehlgeschlagenV2])
@pytest.mark.parametrize("mit_antrag", [False, True], ids=["ohne_antrag_id", "mit_antrag_id"])
def test_a_postkorb_reply_s_delivery_is_passed_over_with_ids_only(
    schema_cls: Any, mit_antrag: bool
) -> None:
    payload = copy.deepcopy(schema_cls.example)
    payload.update(art="postkorb_antwort", nachricht_id=new_id())
    if not mit_antrag:
        payload.pop("antrag_id")
    event = umschlag(schema_cls.event_type, 2, payload)
    uow = Uow()
    with capture_logs() as logs:
        HANDLER[schema_cls.event_type](event, uow)
    assert uow.repo.gesucht == []  # no application touched
    (eintrag,) = logs
    assert eintrag["event"] == "zustellung_ohne_antrag_uebergangen"
    assert eintrag["event_id"] == event.event_id
    assert eintrag["zustellung_id"] == payload["zustellung_id"]
    assert set(eintrag) <= {"event", "log_level", "event_type", "event_id", "zustellung_id", "art"}


@pytest.mark.parametrize(
    ("schema_cls", "version", "art"),
    [
        (NachrichtZugestellt, 1, None),
        (ZustellungFehlgeschlagen, 1, None),
        (NachrichtZugestelltV2, 2, "kurzantrag"),
        (ZustellungFehlgeschlagenV2, 2, "antrag"),
    ],
)
def test_an_application_s_delivery_in_v1_or_v2_reaches_its_application(
    schema_cls: Any, version: int, art: str | None
) -> None:
    payload = copy.deepcopy(schema_cls.example)
    payload.pop("nachricht_id", None)
    if art:
        payload["art"] = art
    event = umschlag(schema_cls.event_type, version, payload)
    uow = Uow()
    HANDLER[schema_cls.event_type](event, uow)
    assert uow.repo.gesucht == [payload["antrag_id"]]
