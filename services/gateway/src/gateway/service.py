"""The nameko service ``gateway``: the citizens' only door. Routes only; each names its handler.

Pages: gateway.web.seiten, API: gateway.web.api, the request pipeline: gateway.web.pforte.
"""

from __future__ import annotations

from nameko.web.handlers import http
from werkzeug.wrappers import Request, Response

from gateway.adapters.dienste import DownstreamRpc
from gateway.bootstrap import bootstrap
from gateway.web import (
    antraege_api,
    antraege_seiten,
    api,
    finder_api,
    finder_seiten,
    konto_seiten,
    leistungen_api,
    leistungen_seiten,
    postkorb_api,
    postkorb_seiten,
    seiten,
    termine_api,
    termine_seiten,
)
from gateway.web import beratungsstelle_seiten as stelle_seiten
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

    # the Sozialleistungsfinder (issue 14): gateway.web.finder_seiten, the answers travel with
    # the pages (docs/adr/0097)

    @http("GET", "/finder")
    def finder(self, request: Request) -> Response:
        return self.pforte.seite(request, finder_seiten.start)

    @http("POST", "/finder")
    def finder_weiter(self, request: Request) -> Response:
        return self.pforte.seite(request, finder_seiten.weiter)

    # information pages and Ausfüllhilfen (issue 14): gateway.web.leistungen_seiten

    @http("GET", "/leistungen")
    def leistungen(self, request: Request) -> Response:
        return self.pforte.seite(request, leistungen_seiten.uebersicht)

    @http("GET", "/leistungen/<leistung_id>")
    def leistung(self, request: Request, leistung_id: str) -> Response:
        return self.pforte.seite(request, leistungen_seiten.leistung, leistung_id=leistung_id)

    @http("GET", "/ausfuellhilfen/<formular>/<abschnitt>")
    def ausfuellhilfe(self, request: Request, formular: str, abschnitt: str) -> Response:
        return self.pforte.seite(
            request, leistungen_seiten.ausfuellhilfe, formular=formular, abschnitt=abschnitt
        )

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

    # the mailbox (issue 13): gateway.web.postkorb_seiten

    @http("GET", "/postfach")
    def postfach(self, request: Request) -> Response:
        return self.pforte.seite(request, postkorb_seiten.postfach)

    @http("GET", "/postkorb")
    def postkorb_link(self, request: Request) -> Response:
        return self.pforte.seite(request, postkorb_seiten.zum_postfach)

    @http("GET", "/postfach/einwilligung")
    def einwilligung_seite(self, request: Request) -> Response:
        return self.pforte.seite(request, postkorb_seiten.einwilligung)

    @http("POST", "/postfach/einwilligung")
    def einwilligung_seite_setzen(self, request: Request) -> Response:
        return self.pforte.seite(request, postkorb_seiten.einwilligung_setzen)

    @http("GET", "/postfach/threads/<thread_id>")
    def thread_seite(self, request: Request, thread_id: str) -> Response:
        return self.pforte.seite(request, postkorb_seiten.thread, thread_id=thread_id)

    @http("POST", "/postfach/threads/<thread_id>/archivieren")
    def thread_archivieren(self, request: Request, thread_id: str) -> Response:
        return self.pforte.seite(request, postkorb_seiten.archivieren, thread_id=thread_id)

    @http("GET", "/postfach/threads/<thread_id>/antworten")
    def antwort_formular(self, request: Request, thread_id: str) -> Response:
        return self.pforte.seite(request, postkorb_seiten.antwort_formular, thread_id=thread_id)

    @http("POST", "/postfach/threads/<thread_id>/antworten")
    def antwort_pruefen(self, request: Request, thread_id: str) -> Response:
        return self.pforte.seite(request, postkorb_seiten.antwort_pruefen, thread_id=thread_id)

    @http("POST", "/postfach/threads/<thread_id>/antworten/<entwurf_id>/senden")
    def antwort_absenden(self, request: Request, thread_id: str, entwurf_id: str) -> Response:
        return self.pforte.seite(
            request, postkorb_seiten.antwort_absenden, thread_id=thread_id, entwurf_id=entwurf_id
        )

    @http("GET", "/postfach/nachrichten/<nachricht_id>")
    def nachricht_seite(self, request: Request, nachricht_id: str) -> Response:
        return self.pforte.seite(request, postkorb_seiten.nachricht, nachricht_id=nachricht_id)

    @http("GET", "/postfach/nachrichten/<nachricht_id>/pdf")
    def nachricht_pdf_seite(self, request: Request, nachricht_id: str) -> Response:
        return self.pforte.seite(request, postkorb_seiten.nachricht_pdf, nachricht_id=nachricht_id)

    @http("GET", "/postfach/nachrichten/<nachricht_id>/anlagen/<anlage_id>")
    def anlage_seite(self, request: Request, nachricht_id: str, anlage_id: str) -> Response:
        return self.pforte.seite(
            request, postkorb_seiten.anlage, nachricht_id=nachricht_id, anlage_id=anlage_id
        )

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

    # counselling and appointments (issue 12): gateway.web.termine_seiten, the centre's side
    # gateway.web.beratungsstelle_seiten

    @http("GET", "/termine")
    def termine_suche(self, request: Request) -> Response:
        return self.pforte.seite(request, termine_seiten.suche)

    @http("GET", "/termine/meine")
    def meine_termine_seite(self, request: Request) -> Response:
        return self.pforte.seite(request, termine_seiten.meine_termine)

    @http("GET", "/termine/stellen/<beratungsstelle_id>")
    def beratungsstelle_seite(self, request: Request, beratungsstelle_id: str) -> Response:
        return self.pforte.seite(
            request, termine_seiten.beratungsstelle, beratungsstelle_id=beratungsstelle_id
        )

    @http("GET", "/termine/stellen/<beratungsstelle_id>/zeiten")
    def termine_zeiten_seite(self, request: Request, beratungsstelle_id: str) -> Response:
        return self.pforte.seite(
            request, termine_seiten.zeiten, beratungsstelle_id=beratungsstelle_id
        )

    @http("GET", "/termine/stellen/<beratungsstelle_id>/buchen")
    def termin_buchen_formular(self, request: Request, beratungsstelle_id: str) -> Response:
        return self.pforte.seite(
            request, termine_seiten.buchen_formular, beratungsstelle_id=beratungsstelle_id
        )

    @http("POST", "/termine/stellen/<beratungsstelle_id>/buchen")
    def termin_buchen_seite(self, request: Request, beratungsstelle_id: str) -> Response:
        return self.pforte.seite(
            request, termine_seiten.buchen, beratungsstelle_id=beratungsstelle_id
        )

    @http("GET", "/termine/buchung/<buchung_id>")
    def buchung_seite(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.seite(request, termine_seiten.buchung, buchung_id=buchung_id)

    @http("POST", "/termine/buchung/<buchung_id>/verschieben")
    def buchung_seite_verschieben(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.seite(request, termine_seiten.verschieben, buchung_id=buchung_id)

    @http("POST", "/termine/buchung/<buchung_id>/stornieren")
    def buchung_seite_stornieren(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.seite(request, termine_seiten.stornieren, buchung_id=buchung_id)

    @http("GET", "/stelle")
    def stelle_uebersicht(self, request: Request) -> Response:
        return self.pforte.seite(request, stelle_seiten.uebersicht)

    @http("POST", "/stelle/buchungen/<buchung_id>/stornieren")
    def stelle_stornieren(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.seite(request, stelle_seiten.stornieren, buchung_id=buchung_id)

    @http("POST", "/stelle/buchungen/<buchung_id>/nicht-erschienen")
    def stelle_nicht_erschienen(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.seite(request, stelle_seiten.nicht_erschienen, buchung_id=buchung_id)

    @http("GET", "/stelle/sprechzeiten")
    def stelle_sprechzeiten(self, request: Request) -> Response:
        return self.pforte.seite(request, stelle_seiten.sprechzeiten)

    @http("POST", "/stelle/sprechzeiten/<berater_id>")
    def stelle_sprechzeiten_setzen(self, request: Request, berater_id: str) -> Response:
        return self.pforte.seite(request, stelle_seiten.sprechzeiten_setzen, berater_id=berater_id)

    @http("POST", "/stelle/abwesenheiten")
    def stelle_abwesenheit(self, request: Request) -> Response:
        return self.pforte.seite(request, stelle_seiten.abwesenheit_eintragen)

    @http("GET", "/stelle/eintrag")
    def stelle_eintrag(self, request: Request) -> Response:
        return self.pforte.seite(request, stelle_seiten.eintrag)

    @http("POST", "/stelle/eintrag")
    def stelle_eintrag_speichern(self, request: Request) -> Response:
        return self.pforte.seite(request, stelle_seiten.eintrag_speichern)

    @http("POST", "/stelle/angebote")
    def stelle_angebot_speichern(self, request: Request) -> Response:
        return self.pforte.seite(request, stelle_seiten.angebot_speichern)

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

    # the Sozialleistungsfinder (issue 14): gateway.web.finder_api

    @http("GET", "/api/v1/finder/fragen")
    def finder_fragen(self, request: Request) -> Response:
        return self.pforte.api(request, finder_api.fragen)

    @http("POST", "/api/v1/finder/auswertung")
    def finder_auswerten(self, request: Request) -> Response:
        return self.pforte.api(request, finder_api.auswerten)

    # information content (issue 14): gateway.web.leistungen_api

    @http("GET", "/api/v1/leistungen")
    def leistungen_auflisten(self, request: Request) -> Response:
        return self.pforte.api(request, leistungen_api.leistungen_auflisten)

    @http("GET", "/api/v1/leistungen/<leistung_id>")
    def leistung_lesen(self, request: Request, leistung_id: str) -> Response:
        return self.pforte.api(request, leistungen_api.leistung_lesen, leistung_id=leistung_id)

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

    # the mailbox (issue 13): gateway.web.postkorb_api

    @http("GET", "/api/v1/postkorb")
    def postfach_lesen(self, request: Request) -> Response:
        return self.pforte.api(request, postkorb_api.postfach_lesen)

    @http("GET", "/api/v1/postkorb/threads/<thread_id>")
    def thread_lesen(self, request: Request, thread_id: str) -> Response:
        return self.pforte.api(request, postkorb_api.thread_lesen, thread_id=thread_id)

    @http("PUT", "/api/v1/postkorb/threads/<thread_id>/archiviert")
    def thread_archiviert_setzen(self, request: Request, thread_id: str) -> Response:
        return self.pforte.api(request, postkorb_api.thread_archivieren, thread_id=thread_id)

    @http("POST", "/api/v1/postkorb/threads/<thread_id>/antworten")
    def antwort_senden(self, request: Request, thread_id: str) -> Response:
        return self.pforte.api(request, postkorb_api.antwort_senden, thread_id=thread_id)

    @http("GET", "/api/v1/postkorb/nachrichten/<nachricht_id>")
    def nachricht_lesen(self, request: Request, nachricht_id: str) -> Response:
        return self.pforte.api(request, postkorb_api.nachricht_lesen, nachricht_id=nachricht_id)

    @http("GET", "/api/v1/postkorb/nachrichten/<nachricht_id>/pdf")
    def nachricht_pdf(self, request: Request, nachricht_id: str) -> Response:
        return self.pforte.api(request, postkorb_api.nachricht_pdf, nachricht_id=nachricht_id)

    @http("GET", "/api/v1/postkorb/nachrichten/<nachricht_id>/anlagen/<anlage_id>")
    def anlage_laden(self, request: Request, nachricht_id: str, anlage_id: str) -> Response:
        return self.pforte.api(
            request, postkorb_api.anlage_laden, nachricht_id=nachricht_id, anlage_id=anlage_id
        )

    @http("GET", "/api/v1/postkorb/einwilligung")
    def einwilligung_lesen(self, request: Request) -> Response:
        return self.pforte.api(request, postkorb_api.einwilligung_lesen)

    @http("PUT", "/api/v1/postkorb/einwilligung")
    def einwilligung_setzen(self, request: Request) -> Response:
        return self.pforte.api(request, postkorb_api.einwilligung_setzen)

    # counselling and appointments (issue 12): gateway.web.termine_api

    @http("GET", "/api/v1/beratungsstellen")
    def beratungsstellen_suchen(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.beratungsstellen_suchen)

    @http("GET", "/api/v1/beratungsstellen/<beratungsstelle_id>")
    def beratungsstelle_lesen(self, request: Request, beratungsstelle_id: str) -> Response:
        return self.pforte.api(
            request, termine_api.beratungsstelle_lesen, beratungsstelle_id=beratungsstelle_id
        )

    @http("GET", "/api/v1/beratungsstellen/<beratungsstelle_id>/termine")
    def freie_termine_lesen(self, request: Request, beratungsstelle_id: str) -> Response:
        return self.pforte.api(
            request, termine_api.freie_termine_lesen, beratungsstelle_id=beratungsstelle_id
        )

    @http("POST", "/api/v1/buchungen")
    def termin_buchen(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.termin_buchen)

    @http("GET", "/api/v1/buchungen/<buchung_id>")
    def buchung_lesen(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.api(request, termine_api.buchung_lesen, buchung_id=buchung_id)

    @http("POST", "/api/v1/buchungen/<buchung_id>/stornierung")
    def buchung_stornieren(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.api(request, termine_api.buchung_stornieren, buchung_id=buchung_id)

    @http("POST", "/api/v1/buchungen/<buchung_id>/verschiebung")
    def buchung_verschieben(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.api(request, termine_api.buchung_verschieben, buchung_id=buchung_id)

    @http("GET", "/api/v1/buchungen/<buchung_id>/termin.ics")
    def kalenderdatei_laden(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.api(request, termine_api.kalenderdatei_laden, buchung_id=buchung_id)

    @http("GET", "/api/v1/termine")
    def meine_termine(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.meine_termine)

    @http("GET", "/api/v1/stelle")
    def stelle_lesen(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.stelle_lesen)

    @http("PUT", "/api/v1/stelle")
    def stelle_aendern(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.stelle_aendern)

    @http("POST", "/api/v1/stelle/angebote")
    def angebot_speichern(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.angebot_speichern)

    @http("GET", "/api/v1/stelle/berater")
    def berater_lesen(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.berater_lesen)

    @http("PUT", "/api/v1/stelle/berater/<berater_id>/sprechzeiten")
    def sprechzeiten_setzen(self, request: Request, berater_id: str) -> Response:
        return self.pforte.api(request, termine_api.sprechzeiten_setzen, berater_id=berater_id)

    @http("POST", "/api/v1/stelle/berater/<berater_id>/abwesenheiten")
    def abwesenheit_eintragen(self, request: Request, berater_id: str) -> Response:
        return self.pforte.api(request, termine_api.abwesenheit_eintragen, berater_id=berater_id)

    @http("GET", "/api/v1/stelle/buchungen")
    def buchungen_der_stelle(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.buchungen_der_stelle)

    @http("POST", "/api/v1/stelle/buchungen/<buchung_id>/stornierung")
    def buchung_durch_stelle_stornieren(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.api(
            request, termine_api.buchung_durch_stelle_stornieren, buchung_id=buchung_id
        )

    @http("POST", "/api/v1/stelle/buchungen/<buchung_id>/nichterscheinen")
    def nicht_erschienen(self, request: Request, buchung_id: str) -> Response:
        return self.pforte.api(request, termine_api.nicht_erschienen, buchung_id=buchung_id)

    @http("GET", "/api/v1/stelle/konflikte")
    def konflikte_lesen(self, request: Request) -> Response:
        return self.pforte.api(request, termine_api.konflikte_lesen)

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
