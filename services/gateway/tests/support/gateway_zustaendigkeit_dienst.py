"""The zustaendigkeit service for the gateway's tests and nothing else: the real service class
under a name of its own, so that a test run neither answers nor steals the RPCs of another run
on the same broker, and without its AntragAngelegt subscription (that would publish
ZustaendigkeitErmittelt events into other runs' tests)."""

from __future__ import annotations

import os

from kernel.envelope import Envelope
from zustaendigkeit.service import ZustaendigkeitService

NAME = os.environ.get("ZUSTAENDIGKEIT_DIENSTNAME", "zustaendigkeit")


class ZustaendigkeitTestDienst(ZustaendigkeitService):
    name = NAME

    def on_antrag_angelegt(self, event: Envelope) -> None:  # no @subscribe: not consumed here
        raise NotImplementedError
