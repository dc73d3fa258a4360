"""kernel.nameko.rpc.TimedRpc, the services' client of another service: no answer in time, or
no such service, is the caller's own error, never a hang; the pending reply is forgotten; only
the context data named travel (by default the correlation id), never a person."""

from __future__ import annotations

import importlib
from typing import Any

import eventlet
import pytest
from nameko.exceptions import UnknownService

# the module, not the ``rpc`` decorator kernel.nameko exports under the same name
modul = importlib.import_module("kernel.nameko.rpc")


class NichtDa(Exception):
    pass


class Listener:
    def __init__(self) -> None:
        self.pending: dict[str, Any] = {}

    def register_for_reply(self, correlation_id: str) -> Any:
        self.pending[correlation_id] = object()
        return lambda: None


class Worker:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data


def rpc(verhalten: str, monkeypatch: pytest.MonkeyPatch) -> tuple[modul.TimedRpc, list]:
    aufrufe: list = []

    class Client:
        def __init__(self, publish: Any, register: Any, kontext: dict, dienst: str, methode: str):
            aufrufe.append((kontext, dienst, methode))
            register("korrelation")

        def __call__(self, **kwargs: Any) -> Any:
            if verhalten == "schweigt":
                eventlet.sleep(5)
            if verhalten == "fehlt":
                raise UnknownService("andere")
            if verhalten == "broker_weg":
                raise ConnectionResetError()
            return {"antwort": kwargs}

    monkeypatch.setattr(modul, "Client", Client)
    client = modul.TimedRpc("andere", 0.05, NichtDa)
    client.reply_listener = Listener()
    client.publisher = type("P", (), {"publish": lambda self, *a, **k: None})()
    return client, aufrufe


@pytest.mark.parametrize("verhalten", ["schweigt", "fehlt", "broker_weg"])
def test_no_answer_is_the_callers_own_error_and_the_reply_is_forgotten(
    verhalten: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = rpc(verhalten, monkeypatch)
    start = eventlet.hubs.get_hub().clock()
    with pytest.raises(NichtDa):
        client.rufen({}, "methode", x=1)
    assert eventlet.hubs.get_hub().clock() - start < 1
    assert client.reply_listener.pending == {}


def test_only_the_correlation_id_travels_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    client, aufrufe = rpc("antwortet", monkeypatch)
    rufen = client.get_dependency(
        Worker({"correlation_id": "k", "language": "en", "person_id": "jemand"})
    )
    assert rufen("methode", x=1) == {"antwort": {"x": 1}}
    assert aufrufe == [({"correlation_id": "k"}, "andere", "methode")]
