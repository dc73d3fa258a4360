"""The nameko service ``gateway``: the citizens' only door. Routes only; each names its handler.

Pages: gateway.web.seiten, API: gateway.web.api, the request pipeline: gateway.web.pforte.
"""

from __future__ import annotations

from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from gateway.adapters.dienste import DownstreamRpc
from gateway.bootstrap import bootstrap
from gateway.web import antraege_api, antraege_seiten, api, konto_seiten, seiten
from gateway.web.pforte import Pforte, jede_methode
from kernel.nameko import EventSourcing, SeparateOperationsEndpoints


class GatewayService(SeparateOperationsEndpoints):
    """/health/* and /metrics on the operations port (SOZ_OPS_PORT) only: the public port is
    the citizens' and answers them 404, like any unknown path (docs/adr/0073)."""

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

    @http("GET", "/zustaendigkeit")
    def zustaendigkeit(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.zustaendigkeit)

    # applications (issue 5): gateway.web.antraege_seiten

    @http("GET", "/antraege")
    def antraege(self, request: Request) -> Response:
        return self.pforte.seite(request, antraege_seiten.liste)

    @http("GET", "/antraege/neu")
    def antrag_neu(self, request: Request) -> Response:
        return self.pforte.seite(request, antraege_seiten.neu_formular)

    @http("POST", "/antraege/neu")
    def antrag_neu_anlegen(self, request: Request) -> Response:
        return self.pforte.seite(request, antraege_seiten.neu_anlegen)

    @http("GET", "/antraege/<antrag_id>")
    def antrag_seite(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.uebersicht, antrag_id=antrag_id)

    @http("GET", "/antraege/<antrag_id>/abschnitte/<abschnitt>")
    def abschnitt_seite(self, request: Request, antrag_id: str, abschnitt: str) -> Response:
        return self.pforte.seite(
            request, antraege_seiten.abschnitt_formular, antrag_id=antrag_id, abschnitt=abschnitt
        )

    @http("POST", "/antraege/<antrag_id>/abschnitte/<abschnitt>")
    def abschnitt_seite_speichern(
        self, request: Request, antrag_id: str, abschnitt: str
    ) -> Response:
        return self.pforte.seite(
            request, antraege_seiten.abschnitt_speichern, antrag_id=antrag_id, abschnitt=abschnitt
        )

    @http("POST", "/antraege/<antrag_id>/gemeinde")
    def gemeinde_seite_waehlen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.gemeinde_waehlen, antrag_id=antrag_id)

    @http("POST", "/antraege/<antrag_id>/anlagen")
    def anlage_seite_hochladen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.anlage_hochladen, antrag_id=antrag_id)

    @http("POST", "/antraege/<antrag_id>/anlagen/<anlage_id>/entfernen")
    def anlage_seite_entfernen(self, request: Request, antrag_id: str, anlage_id: str) -> Response:
        return self.pforte.seite(
            request, antraege_seiten.anlage_entfernen, antrag_id=antrag_id, anlage_id=anlage_id
        )

    @http("GET", "/antraege/<antrag_id>/pruefen")
    def antrag_pruefen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.pruefen, antrag_id=antrag_id)

    @http("POST", "/antraege/<antrag_id>/einreichen")
    def antrag_seite_einreichen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.einreichen, antrag_id=antrag_id)

    @http("GET", "/antraege/<antrag_id>/kurzantrag")
    def kurzantrag_formular_seite(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.kurzantrag_formular, antrag_id=antrag_id)

    @http("POST", "/antraege/<antrag_id>/kurzantrag")
    def kurzantrag_seite(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.kurzantrag, antrag_id=antrag_id)

    @http("GET", "/antraege/<antrag_id>/quittung.pdf")
    def quittung_seite(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.quittung, antrag_id=antrag_id)

    @http("GET", "/antraege/<antrag_id>/zurueckziehen")
    def zurueckziehen_seite(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(
            request, antraege_seiten.zurueckziehen_formular, antrag_id=antrag_id
        )

    @http("POST", "/antraege/<antrag_id>/zurueckziehen")
    def zurueckziehen_absenden(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.seite(request, antraege_seiten.zurueckziehen, antrag_id=antrag_id)

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

    # the account by mail (docs/adr/0091, 0092): gateway.web.konto_seiten

    @http("GET", "/passwort-vergessen")
    def passwort_vergessen_formular(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.passwort_vergessen_formular)

    @http("POST", "/passwort-vergessen")
    def passwort_vergessen(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.passwort_vergessen)

    @http("GET", "/passwort-neu")
    def passwort_neu_formular(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.passwort_neu_formular)

    @http("POST", "/passwort-neu")
    def passwort_neu(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.passwort_neu)

    @http("GET", "/passwort-neu/gespeichert")
    def passwort_gespeichert(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.passwort_gespeichert)

    @http("GET", "/konto/email")
    def email_formular(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.email_formular)

    @http("POST", "/konto/email")
    def email_seite_aendern(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.email_aendern)

    @http("GET", "/konto/email-bestaetigen")
    def email_bestaetigen_formular(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.email_bestaetigen_formular)

    @http("POST", "/konto/email-bestaetigen")
    def email_seite_bestaetigen(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.email_bestaetigen)

    @http("GET", "/konto/email/gespeichert")
    def email_gespeichert(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.email_gespeichert)

    @http("GET", "/konto/loeschen")
    def konto_loeschen_formular(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.loeschen_formular)

    @http("POST", "/konto/loeschen")
    def konto_seite_loeschen(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.loeschen)

    @http("GET", "/konto/geloescht")
    def konto_geloescht(self, request: Request) -> Response:
        return self.pforte.seite(request, konto_seiten.geloescht)

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

    @http("POST", "/api/v1/passwort-zuruecksetzung")
    def passwort_zuruecksetzung_anfordern(self, request: Request) -> Response:
        return self.pforte.api(request, api.passwort_zuruecksetzung_anfordern)

    @http("POST", "/api/v1/passwort-zuruecksetzung/neues-passwort")
    def neues_passwort_setzen(self, request: Request) -> Response:
        return self.pforte.api(request, api.neues_passwort_setzen)

    @http("GET", "/api/v1/konto")
    def konto_lesen(self, request: Request) -> Response:
        return self.pforte.api(request, api.konto_lesen)

    @http("POST", "/api/v1/konto/email")
    def email_aendern(self, request: Request) -> Response:
        return self.pforte.api(request, api.email_aendern)

    @http("POST", "/api/v1/konto/email/bestaetigung")
    def email_bestaetigen(self, request: Request) -> Response:
        return self.pforte.api(request, api.email_bestaetigen)

    @http("POST", "/api/v1/konto/loeschung")
    def konto_loeschen(self, request: Request) -> Response:
        return self.pforte.api(request, api.konto_loeschen)

    @http("GET", "/api/v1/zustaendigkeit")
    def zustaendigkeit_ermitteln(self, request: Request) -> Response:
        return self.pforte.api(request, api.zustaendigkeit_ermitteln)

    # applications (issue 5): gateway.web.antraege_api

    @http("POST", "/api/v1/antraege")
    def antrag_anlegen(self, request: Request) -> Response:
        return self.pforte.api(request, antraege_api.antrag_anlegen)

    @http("GET", "/api/v1/antraege")
    def antraege_auflisten(self, request: Request) -> Response:
        return self.pforte.api(request, antraege_api.antraege_auflisten)

    @http("GET", "/api/v1/antraege/<antrag_id>")
    def antrag_lesen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.api(request, antraege_api.antrag_lesen, antrag_id=antrag_id)

    @http("GET", "/api/v1/formulare/<leistung>")
    def formular_lesen(self, request: Request, leistung: str) -> Response:
        return self.pforte.api(request, antraege_api.formular_lesen, leistung=leistung)

    @http("PUT", "/api/v1/antraege/<antrag_id>/abschnitte/<abschnitt>")
    def abschnitt_speichern(self, request: Request, antrag_id: str, abschnitt: str) -> Response:
        return self.pforte.api(
            request, antraege_api.abschnitt_speichern, antrag_id=antrag_id, abschnitt=abschnitt
        )

    @http("PUT", "/api/v1/antraege/<antrag_id>/gemeinde")
    def gemeinde_waehlen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.api(request, antraege_api.gemeinde_waehlen, antrag_id=antrag_id)

    @http("POST", "/api/v1/antraege/<antrag_id>/anlagen")
    def anlage_hochladen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.api(request, antraege_api.anlage_hochladen, antrag_id=antrag_id)

    @http("DELETE", "/api/v1/antraege/<antrag_id>/anlagen/<anlage_id>")
    def anlage_entfernen(self, request: Request, antrag_id: str, anlage_id: str) -> Response:
        return self.pforte.api(
            request, antraege_api.anlage_entfernen, antrag_id=antrag_id, anlage_id=anlage_id
        )

    @http("POST", "/api/v1/antraege/<antrag_id>/einreichung")
    def antrag_einreichen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.api(request, antraege_api.antrag_einreichen, antrag_id=antrag_id)

    @http("GET", "/api/v1/antraege/<antrag_id>/kurzantrag")
    def kurzantrag_formular(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.api(request, antraege_api.kurzantrag_formular, antrag_id=antrag_id)

    @http("POST", "/api/v1/antraege/<antrag_id>/kurzantrag")
    def kurzantrag_stellen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.api(request, antraege_api.kurzantrag_stellen, antrag_id=antrag_id)

    @http("POST", "/api/v1/antraege/<antrag_id>/zurueckziehung")
    def antrag_zurueckziehen(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.api(request, antraege_api.antrag_zurueckziehen, antrag_id=antrag_id)

    @http("GET", "/api/v1/antraege/<antrag_id>/quittung.pdf")
    def quittung_laden(self, request: Request, antrag_id: str) -> Response:
        return self.pforte.api(request, antraege_api.quittung_laden, antrag_id=antrag_id)

    @http("GET", "/api/v1/probleme/<code>")
    def problemart_lesen(self, request: Request, code: str) -> Response:
        return self.pforte.api(request, api.problemart_lesen, code=code)

    # whatever no route above matched, with any method: 404 or 405, as a page or a problem
    # document. "/" and the paths of one segment, then the deeper ones (a path converter never
    # matches the empty path).

    @jede_methode("/<string(minlength=0):pfad>")
    def fallback_startseite(self, request: Request, pfad: str) -> Response:
        return self.pforte.fallback(request)

    @jede_methode("/<path:pfad>")
    def fallback(self, request: Request, pfad: str) -> Response:
        return self.pforte.fallback(request)
