"""A stand-in for the antrag service's ``anlage_datei`` RPC, for the xta-gateway's process
tests (a real `nameko run` process under a name of its own, so it never answers another
engineer's antrag calls on a shared broker). Every attachment's bytes are b"test", whose sha256
the contract example names."""

from __future__ import annotations

import base64
import os

from nameko.rpc import rpc

from kernel.nameko import OperationsEndpoints

INHALT = b"test"


class AntragAttrappe(OperationsEndpoints):
    name = os.environ.get("ATTRAPPE_NAME", "antrag_attrappe")

    @rpc
    def anlage_datei(self, antrag_id: str, anlage_id: str) -> dict:
        return {"anlage_id": anlage_id, "inhalt": base64.b64encode(INHALT).decode()}
