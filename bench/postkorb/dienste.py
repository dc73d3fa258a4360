"""What bench.postkorb.gateway runs besides the real postkorb service: the real gateway with one
more route, and a service that answers from memory, for the gateway's floor in the same run.

``GET /api/v1/bench/boden`` goes through the gateway's whole API pipeline (language, session,
login required, security headers, JSON) and makes one RPC to ``benchboden.konstant``, which
answers a constant: "one HTTP request with a session and one nameko RPC answered from memory"
(ARCHITECTURE.md, the gateway's floor). ``GET /api/v1/postkorb`` costs that plus what postkorb
does to read a mailbox and what the gateway does to shape it.
"""

from __future__ import annotations

from nameko.rpc import rpc
from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from gateway.service import GatewayService
from gateway.web.antworten import JsonAntwort
from gateway.web.kontext import RequestContext
from kernel.nameko import OperationsEndpoints

KONSTANT = {"ungelesen": 0, "threads": []}


class BenchBoden(OperationsEndpoints):
    name = "benchboden"

    @rpc
    def konstant(self) -> dict:
        return KONSTANT


def boden(ctx: RequestContext) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    return JsonAntwort(ctx.dienste.benchboden.konstant())


class BenchGateway(GatewayService):
    @http("GET", "/api/v1/bench/boden")
    def bench_boden(self, request: Request) -> Response:
        return self.pforte.api(request, boden)
