"""The finder's client of zustaendigkeit (kernel.nameko.rpc.TimedRpc, tested in the kernel):
no answer in time is the named 503 error (``zustaendigkeit_nicht_erreichbar``); only
correlation id and language travel, never a person."""

from __future__ import annotations

import pytest

from finder.adapters.zustaendigkeit import zustaendigkeit_rpc
from finder.fehler import DienstNichtErreichbar
from kernel.nameko.rpc import KeineAntwort


class Worker:
    data = {"correlation_id": "k", "language": "en", "person_id": "jemand"}


def test_no_answer_is_the_named_503_and_no_person_travels() -> None:
    client = zustaendigkeit_rpc("zustaendigkeit", timeout=0.05)
    gesendet: list[dict] = []

    def call_within(kontext: dict, *argumente: object) -> None:
        gesendet.append(kontext)
        raise KeineAntwort("zustaendigkeit")

    client.call_within = call_within
    with pytest.raises(DienstNichtErreichbar) as info:
        client.get_dependency(Worker())("ermitteln", plz="10115", ort=None)
    assert info.value.code == "zustaendigkeit_nicht_erreichbar"
    assert info.value.status == 503
    assert gesendet == [{"correlation_id": "k", "language": "en"}]
