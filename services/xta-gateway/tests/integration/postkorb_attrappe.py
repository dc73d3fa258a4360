"""A stand-in for the postkorb service's ``anlage_datei(nachricht_id, anlage_id)`` — the
contract the xta-gateway needs from the postkorb service, which is not built yet
(docs/adr/0055) — for the xta-gateway's process tests (a real `nameko run` process under a
name of its own). Every attachment's bytes are b"postkorb", so a file fetched from the wrong
service fails its sha256 check."""

from __future__ import annotations

import base64
import hashlib
import os

from nameko.rpc import rpc

from kernel.nameko import OperationsEndpoints

INHALT = b"postkorb"
SHA256 = hashlib.sha256(INHALT).hexdigest()


class PostkorbAttrappe(OperationsEndpoints):
    name = os.environ.get("ATTRAPPE_NAME", "postkorb_attrappe")

    @rpc
    def anlage_datei(self, nachricht_id: str, anlage_id: str) -> dict:
        return {"anlage_id": anlage_id, "inhalt": base64.b64encode(INHALT).decode()}
