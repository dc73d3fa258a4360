"""RpcAnlagenquelle: the attachment's bytes by RPC with our own time-out; whatever the outcome,
the call's pending reply is dropped from the shared reply listener afterwards (a call that timed
out used to leave it registered for the life of the process)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import eventlet
import pytest
from nameko.exceptions import RemoteError

from xta_gateway.adapters.anlagen import AnlageFehler, RpcAnlagenquelle

DATEN = b"%PDF-1.4 test %%EOF"
ANLAGE = {
    "anlage_id": "7c9e6679-7425-40de-944b-e07fc1f90ae7",
    "dateiname": "mietvertrag.pdf",
    "mime_type": "application/pdf",
    "sha256": hashlib.sha256(DATEN).hexdigest(),
}


class Zuhoerer:
    """What the service's reply listener keeps: one entry per call waiting for its reply."""

    def __init__(self, antwort: Any) -> None:
        self.antwort = antwort
        self.pending: dict[str, object] = {}

    def client(self) -> tuple[Any, Any]:
        correlation_id = f"c{len(self.pending)}"
        self.pending[correlation_id] = object()
        zuhoerer = self

        class Dienst:
            def anlage_datei(self, antrag_id: str, anlage_id: str) -> Any:
                if zuhoerer.antwort == "haengt":
                    eventlet.sleep(5)
                if isinstance(zuhoerer.antwort, Exception):
                    raise zuhoerer.antwort
                zuhoerer.pending.pop(correlation_id, None)  # the reply arrived
                return zuhoerer.antwort

        return {"antrag": Dienst()}, lambda: self.pending.pop(correlation_id, None)


def holen(zuhoerer: Zuhoerer) -> Any:
    return RpcAnlagenquelle(zuhoerer.client, "antrag", 0.05).holen("a-1", ANLAGE)


def test_an_answer_gives_the_checked_bytes():
    zuhoerer = Zuhoerer({"inhalt": base64.b64encode(DATEN).decode()})
    assert holen(zuhoerer).daten == DATEN
    assert zuhoerer.pending == {}


@pytest.mark.parametrize(
    ("antwort", "code", "wiederholbar"),
    [
        ("haengt", "anlage_nicht_verfuegbar", True),
        (RemoteError("NichtGefunden", "anlage_nicht_gefunden"), "anlage_ungueltig", False),
        (RemoteError("DienstFehler", "x"), "anlage_nicht_verfuegbar", True),
        (ConnectionError("broker"), "anlage_nicht_verfuegbar", True),
    ],
)
def test_no_answer_leaves_no_pending_reply_behind(antwort, code, wiederholbar):
    zuhoerer = Zuhoerer(antwort)
    for _ in range(3):
        with pytest.raises(AnlageFehler) as fehler:
            holen(zuhoerer)
        assert fehler.value.fehlschlag.code == code
        assert fehler.value.fehlschlag.wiederholbar is wiederholbar
    assert zuhoerer.pending == {}
