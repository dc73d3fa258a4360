"""The finder's client of zustaendigkeit (kernel.nameko.rpc.TimedRpc): a service that does not
answer in time, or does not run, is the named 503 error (``zustaendigkeit_nicht_erreichbar``),
never a hang; the pending reply is forgotten; only correlation id and language travel, never a
person."""

from __future__ import annotations

import importlib
from typing import Any

import eventlet
import pytest
from nameko.exceptions import UnknownService

from finder.adapters.zustaendigkeit import zustaendigkeit_rpc
from finder.fehler import DienstNichtErreichbar

# the module, not the ``rpc`` decorator kernel.nameko exports under the same name
modul = importlib.import_module("kernel.nameko.rpc")


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
                raise UnknownService("zustaendigkeit")
            return {"kandidaten": []}

    monkeypatch.setattr(modul, "Client", Client)
    client = zustaendigkeit_rpc("zustaendigkeit", timeout=0.05)
    client.reply_listener = Listener()
    client.publisher = type("P", (), {"publish": lambda self, *a, **k: None})()
    return client, aufrufe


@pytest.mark.parametrize("verhalten", ["schweigt", "fehlt"])
def test_keine_antwort_ist_ein_benannter_fehler(
    verhalten: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    client, _ = rpc(verhalten, monkeypatch)
    with pytest.raises(DienstNichtErreichbar) as info:
        client.rufen({}, "ermitteln", plz="10115", ort=None)
    assert info.value.code == "zustaendigkeit_nicht_erreichbar"
    assert client.reply_listener.pending == {}


def test_nur_korrelation_und_sprache_gehen_mit(monkeypatch: pytest.MonkeyPatch) -> None:
    client, aufrufe = rpc("antwortet", monkeypatch)
    rufen = client.get_dependency(
        Worker({"correlation_id": "k", "language": "en", "person_id": "jemand"})
    )
    assert rufen("ermitteln", plz="10115", ort=None) == {"kandidaten": []}
    assert aufrufe == [({"correlation_id": "k", "language": "en"}, "zustaendigkeit", "ermitteln")]
