"""A downstream service for the gateway's tests, run as a real `nameko run` process.

It shows what a service sees of an RPC from the gateway: the person (``person_id`` in the
context data, read here the way every service should read it), the language and the
correlation id. It can also be slow and raise the errors the gateway maps.
"""

from __future__ import annotations

import os

import eventlet
from nameko.contextdata import ContextDataProvider, Language
from nameko.rpc import rpc

from kernel.nameko import OperationsEndpoints


class PersonId(ContextDataProvider):
    """The authenticated person the gateway named; None when nobody is logged in."""

    context_key = "person_id"


class CorrelationId(ContextDataProvider):
    context_key = "correlation_id"


class ZugriffVerweigert(Exception):
    """The name is the contract: the gateway answers 403 zugriff_verweigert."""


class ProbeDienst(OperationsEndpoints):
    name = os.environ.get("PROBE_SERVICE_NAME", "gatewayprobe")

    person_id = PersonId()
    sprache = Language()
    correlation_id = CorrelationId()

    @rpc
    def wer_bin_ich(self) -> dict:
        return {
            "person_id": self.person_id,
            "sprache": self.sprache,
            "correlation_id": self.correlation_id,
        }

    @rpc
    def nur_eigene(self, besitzer: str) -> str:
        """Ownership enforced by the service itself, not only by the gateway."""
        if self.person_id is None or self.person_id != besitzer:
            raise ZugriffVerweigert("zugriff_verweigert")
        return "deins"

    @rpc
    def langsam(self, sekunden: float) -> str:
        eventlet.sleep(sekunden)
        return "fertig"

    @rpc
    def kaputt(self) -> None:
        raise ValueError("Erika Mustermann, Musterweg 1, 10115 Berlin")
