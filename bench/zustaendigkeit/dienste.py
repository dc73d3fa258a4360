"""The two services as the HTTP benchmark runs them: the real classes, with three differences
that do not touch the measured path.

- The zustaendigkeit service runs under a name of its own (``ZUSTAENDIGKEIT_DIENSTNAME``) and
  without its AntragAngelegt subscription, so a benchmark neither answers nor steals the RPCs
  and events of whatever else uses the same broker; the gateway sends ``zustaendigkeit`` RPCs to
  that name.
- The gateway has one more route, ``GET /bench/konstant``: a bare nameko ``@http`` handler that
  returns a constant, the reference of the same server stack in the same process.
"""

from __future__ import annotations

import os
from typing import Any

from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from gateway.adapters.dienste import DownstreamRpc
from gateway.service import GatewayService
from kernel.envelope import Envelope
from zustaendigkeit.service import ZustaendigkeitService

NAME = os.environ.get("ZUSTAENDIGKEIT_DIENSTNAME", "zustaendigkeit")
KONSTANT = b'{"ok":true}'


class BenchZustaendigkeit(ZustaendigkeitService):
    name = NAME

    def on_antrag_angelegt(self, event: Envelope) -> None:  # no @subscribe: not consumed here
        raise NotImplementedError


class BenchDienste(DownstreamRpc):
    def client_for(self, context_data: dict, service: str, method: str, timeout: float) -> Any:
        ziel = NAME if service == "zustaendigkeit" else service
        return super().client_for(context_data, ziel, method, timeout)


class BenchGateway(GatewayService):
    dienste = BenchDienste()

    @http("GET", "/bench/konstant")
    def konstant(self, request: Request) -> Response:
        return Response(KONSTANT, content_type="application/json")
