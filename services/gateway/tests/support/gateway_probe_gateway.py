"""The gateway with two test routes that call the probe service, the way a real endpoint and
page calls a service: route -> handler -> ``ctx.dienste.<service>.<method>(...)``.

Its RPC goes to the services under the names in ``TEST_DIENSTNAMEN``
(``zustaendigkeit=zustaendigkeit1a2b,…``): each test run talks to its own service processes,
never to those of another run on the same broker.
"""

from __future__ import annotations

import os
from typing import Any

from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from gateway.adapters.dienste import DownstreamRpc
from gateway.service import GatewayService
from gateway.web.antworten import JsonAntwort
from gateway.web.kontext import RequestContext

PROBE = os.environ.get("PROBE_SERVICE_NAME", "gatewayprobe")
DIENSTNAMEN = dict(
    eintrag.split("=", 1)
    for eintrag in os.environ.get("TEST_DIENSTNAMEN", "").split(",")
    if eintrag
)


class UmbenannteDienste(DownstreamRpc):
    def client_for(self, context_data: dict, service: str, method: str, timeout: float) -> Any:
        return super().client_for(context_data, DIENSTNAMEN.get(service, service), method, timeout)


def probe_api(ctx: RequestContext, methode: str) -> JsonAntwort:
    argumente: dict[str, Any] = {
        name: value for name, value in ctx.request.args.items() if name not in ("dienst", "sprache")
    }
    if "sekunden" in argumente:
        argumente["sekunden"] = float(argumente["sekunden"])
    dienst = ctx.request.args.get("dienst", PROBE)
    return JsonAntwort({"antwort": ctx.dienste.call(dienst, methode, **argumente)})


def probe_seite(ctx: RequestContext, methode: str) -> Response:
    antwort = probe_api(ctx, methode)
    return Response(str(antwort.body), content_type="text/plain; charset=utf-8")


class ProbeGateway(GatewayService):
    dienste = UmbenannteDienste()

    @http("GET", "/api/v1/probe/<methode>")
    def probe_api(self, request: Request, methode: str) -> Response:
        return self.pforte.api(request, probe_api, methode=methode)

    @http("GET", "/probe/<methode>")
    def probe_seite(self, request: Request, methode: str) -> Response:
        return self.pforte.seite(request, probe_seite, methode=methode)
