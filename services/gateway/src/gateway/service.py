"""The nameko service ``gateway``: the citizens' only door. Routes only; each names its handler.

Pages: gateway.web.seiten, API: gateway.web.api, the request pipeline: gateway.web.pforte.
"""

from __future__ import annotations

from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from gateway.adapters.dienste import DownstreamRpc
from gateway.bootstrap import bootstrap
from gateway.web import api, seiten
from gateway.web.pforte import Pforte
from kernel.nameko import EventSourcing, OperationsEndpoints

ALL_METHODS = "GET,POST,PUT,PATCH,DELETE,OPTIONS"


class GatewayService(OperationsEndpoints):
    name = "gateway"

    events = EventSourcing(bootstrap)  # accounts and sessions (the gateway's own store)
    dienste = DownstreamRpc()  # the other services, with time-outs and the person
    pforte = Pforte()  # language, session, CSRF, errors, headers around every handler

    def readiness_checks(self) -> dict[str, bool]:
        """Database and broker (kernel), plus: every downstream service answers."""
        return {**super().readiness_checks(), **self.pforte.readiness(self.dienste)}

    # pages ------------------------------------------------------------------------------------

    @http("GET", "/")
    def startseite(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.startseite)

    @http("GET", "/impressum")
    def impressum(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.impressum)

    @http("GET", "/datenschutz")
    def datenschutz(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.datenschutz)

    @http("GET", "/barrierefreiheit")
    def barrierefreiheit(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.barrierefreiheit)

    @http("GET", "/leichte-sprache")
    def leichte_sprache(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.leichte_sprache)

    @http("GET", "/sprache/<code>")
    def sprache_waehlen(self, request: Request, code: str) -> Response:
        return self.pforte.seite(request, seiten.sprache_waehlen, code=code)

    @http("GET", "/konto")
    def konto(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.konto)

    @http("GET", "/anmelden")
    def anmelden_formular(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.anmelden_formular)

    @http("POST", "/anmelden")
    def anmelden(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.anmelden)

    @http("GET", "/registrieren")
    def registrieren_formular(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.registrieren_formular)

    @http("POST", "/registrieren")
    def registrieren(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.registrieren)

    @http("POST", "/abmelden")
    def abmelden(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.abmelden)

    @http("GET", "/anmelden/oidc")
    def anbieter_anmeldung_starten(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.anbieter_anmeldung_starten)

    @http("GET", "/anmelden/oidc/rueckruf")
    def anbieter_anmeldung_abschliessen(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.anbieter_anmeldung_abschliessen)

    @http("GET", "/static/<name>")
    def static(self, request: Request, name: str) -> Response:
        return self.pforte.static(request, name)

    # API --------------------------------------------------------------------------------------

    @http("GET", "/api/v1/openapi.json")
    def openapi_dokument(self, request: Request) -> Response:
        return self.pforte.api(request, api.openapi_dokument)

    @http("GET", "/api/v1/angebote")
    def angebote_auflisten(self, request: Request) -> Response:
        return self.pforte.api(request, api.angebote_auflisten)

    @http("POST", "/api/v1/konto")
    def konto_anlegen(self, request: Request) -> Response:
        return self.pforte.api(request, api.konto_anlegen)

    @http("POST", "/api/v1/sitzung")
    def sitzung_beginnen(self, request: Request) -> Response:
        return self.pforte.api(request, api.sitzung_beginnen)

    @http("GET", "/api/v1/sitzung")
    def sitzung_lesen(self, request: Request) -> Response:
        return self.pforte.api(request, api.sitzung_lesen)

    @http("DELETE", "/api/v1/sitzung")
    def sitzung_beenden(self, request: Request) -> Response:
        return self.pforte.api(request, api.sitzung_beenden)

    @http("GET", "/api/v1/probleme/<code>")
    def problemart_lesen(self, request: Request, code: str) -> Response:
        return self.pforte.api(request, api.problemart_lesen, code=code)

    # whatever no route above matched: 404 or 405, as a page or a problem document ------------

    @http("POST,PUT,PATCH,DELETE,OPTIONS", "/")
    def fallback_startseite(self, request: Request) -> Response:
        return self.pforte.fallback(request)

    @http(ALL_METHODS, "/<path:pfad>")
    def fallback(self, request: Request, pfad: str) -> Response:
        return self.pforte.fallback(request)
