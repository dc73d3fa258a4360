"""Pforte: the dependency provider that turns one HTTP request into a handler call and back.

For every request, in this order: language, session, CSRF, the handler, errors through the one
table (gateway.fehler), cookies, security headers. The nameko service class only names the
route and the handler:

    @http("GET", "/impressum")
    def impressum(self, request: Request) -> Response:
        return self.pforte.seite(request, seiten.impressum)
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

import eventlet
import orjson
import structlog
from nameko.exceptions import RemoteError
from nameko.extensions import DependencyProvider
from nameko.web.handlers import HttpRequestHandler
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from gateway.adapters.dienste import CORRELATION_ID, LANGUAGE, PERSON_ID, DownstreamRpc
from gateway.adapters.oidc import OidcAnbieter
from gateway.adapters.passwort import PasswortHasher
from gateway.bewahrte_eingaben import BewahrteEingaben
from gateway.config import ZWISCHENSPEICHERBAR, GatewaySettings
from gateway.fehler import (
    FELDMELDUNGEN,
    AnlagenZuGross,
    CsrfUngueltig,
    EingabeUngueltig,
    Fehlerart,
    GatewayFehler,
    MethodeNichtErlaubt,
    NichtAngemeldet,
    NichtGefunden,
    detail_text,
    einordnen,
    remote_inhalt,
)
from gateway.i18n import SPRACHEN, aushandeln, load_translations
from gateway.konten import Konten
from gateway.sicherheit import Schluessel
from gateway.web import postkorb_seiten
from gateway.web.antworten import (
    HSTS,
    NO_STORE,
    SECURITY_HEADERS,
    JsonAntwort,
    Seite,
    Weiterleitung,
)
from gateway.web.bewahren import ABGELAUFEN_PARAMETER
from gateway.web.bewahren import nach_ablauf_bewahren as bewahren_nach_ablauf
from gateway.web.kontext import (
    SITZUNG_COOKIE,
    SPRACHE_COOKIE,
    RequestContext,
    grenzen_setzen,
    textfelder_retten,
)
from gateway.web.vorlagen import StaticFiles, Vorlagen
from kernel.config import Settings
from kernel.envelope import new_id
from kernel.mail import MailEinstellungen, SmtpVersand
from kernel.nameko import EventSourcing
from kernel.nameko.operations import OperationsHttpRequestHandler
from kernel.nameko.subscription import describe_error

log = structlog.get_logger("gateway.web")

SeitenHandler = Callable[..., Seite | Weiterleitung | Response]
ApiHandler = Callable[..., JsonAntwort | Response]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
AUFRAEUMEN_HOECHSTENS_ALLE_SEKUNDEN = 300.0
# A section form over the upload limit is read to its end (its files dropped, its text kept)
# up to this many times the limit; a larger body is refused unread (docs/adr/0080).
ZU_GROSS_HOECHSTENS = 8


class JedeMethode(HttpRequestHandler):
    """An HTTP entrypoint for every method, the ones no route names included (TRACE, PROPFIND,
    any token). nameko's ``http`` always gives its rule a list of methods: a request with a
    method no rule of its path lists then ended in werkzeug's bare 405 page, before any
    handler. This rule has none, so it matches whatever the declared routes did not; werkzeug
    tries static path parts before variable ones, so it never shadows them (docs/adr/0062)."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__("*", url, **kwargs)

    def get_url_rule(self) -> Rule:
        return Rule(self.url, methods=None)


jede_methode = JedeMethode.decorator


class Pforte(DependencyProvider):
    def setup(self) -> None:
        kernel_settings = Settings.from_env(self.container.service_name)
        self.settings = GatewaySettings.from_env(kernel_settings.data_dir)
        self.schluessel = Schluessel(self.settings.secret)
        self.translations = load_translations()
        self.vorlagen = Vorlagen(self.translations)
        self.static = StaticFiles()
        self.oidc = OidcAnbieter(self.settings.oidc) if self.settings.oidc else None
        self.events = self._dependency(EventSourcing)
        self.rpc = self._dependency(DownstreamRpc)
        self.rpc.configure(
            self.settings.rpc_timeout,
            ZWISCHENSPEICHERBAR,
            eintraege=self.settings.cache_entries,
            stand_pruefen_alle=self.settings.cache_check_seconds,
        )
        self.routes = Map(
            [
                Rule(entrypoint.url, methods=entrypoint.method.split(","))
                for entrypoint in self.container.entrypoints
                # the public port's routes: /health/* and /metrics are the operations port's
                if isinstance(entrypoint, HttpRequestHandler)
                and not isinstance(entrypoint, OperationsHttpRequestHandler)
                and not isinstance(entrypoint, JedeMethode)
            ],
            # A path reaches the fallback only when no declared route matched it as it stands;
            # merged slashes would let a declared route claim it here after all, and the
            # fallback answer a GET with 405 instead of 404 (".../%C0%AE%2F/quittung.pdf").
            merge_slashes=False,
        )
        logging.getLogger("nameko.web.server").addFilter(AccessLogWithoutPersonalData())

    def start(self) -> None:
        application = self.events.application
        if application is None:
            raise RuntimeError("the gateway's EventSourcing dependency did not set up")
        self.konten = Konten(application, self.settings, self.schluessel, PasswortHasher())
        self.konten.create_schema()
        self.bewahrte = BewahrteEingaben(
            application.database, self.schluessel, self.settings.kept_input_seconds
        )
        self.bewahrte.create_schema()
        self.container.spawn_managed_thread(self._aufraeumen, identifier="sitzungen-aufraeumen")
        # the account's mails, to SOZ_SMTP_HOST (docs/adr/0090)
        versand = SmtpVersand(MailEinstellungen.from_env())
        self.container.spawn_managed_thread(
            lambda: self.konten.postausgang.laufen(versand), identifier="postausgang"
        )

    def get_dependency(self, worker_ctx) -> PforteWorker:  # noqa: ANN001
        return PforteWorker(self, worker_ctx.data)

    def _dependency(self, provider_type: type) -> Any:
        for dependency in self.container.dependencies:
            if isinstance(dependency, provider_type):
                return dependency
        raise RuntimeError(f"the gateway service needs a {provider_type.__name__} dependency")

    def _aufraeumen(self) -> None:
        interval = min(AUFRAEUMEN_HOECHSTENS_ALLE_SEKUNDEN, self.settings.session_idle_seconds / 2)
        while True:
            eventlet.sleep(interval)
            try:
                beendet = self.konten.aufraeumen()
            except Exception as error:  # noqa: BLE001 - try again next round
                log.warning("sitzungen_aufraeumen_fehlgeschlagen", error=describe_error(error))
                continue
            if beendet:
                log.info("abgelaufene_sitzungen_beendet", anzahl=beendet)
            try:
                verworfen = self.bewahrte.aufraeumen()
            except Exception as error:  # noqa: BLE001 - try again next round
                log.warning("bewahrte_aufraeumen_fehlgeschlagen", error=describe_error(error))
                continue
            if verworfen:
                log.info("bewahrte_eingaben_verfallen", anzahl=verworfen)


class PforteWorker:
    """The request pipeline for one worker."""

    def __init__(self, pforte: Pforte, worker_data: dict[str, Any]) -> None:
        self.pforte = pforte
        self.worker_data = worker_data

    # entry points -----------------------------------------------------------------------------

    def seite(self, request: Request, handler: SeitenHandler, **werte: Any) -> Response:
        """An HTML page or a form submission."""
        ctx = self._kontext(request)
        hochladen = self._dateien_erlauben(request, handler)
        bewahren = getattr(handler, "eingaben_bewahren", False)
        try:
            self._sitzung_finden(ctx)
            if hochladen and bewahren:
                self._zu_grosse_dateien_weglassen(ctx)
            ergebnis = None
            if request.method not in SAFE_METHODS:
                # a form sent after its session expired: kept for the login (docs/adr/0080)
                ergebnis = bewahren_nach_ablauf(ctx) if bewahren else None
                if ergebnis is None:
                    self._csrf_pruefen_oder_abgelaufen(ctx, request.form.get("csrf_token"))
            if ergebnis is None:
                ergebnis = handler(ctx, **werte)
            response = self._seitenantwort(ctx, ergebnis)
        except NichtAngemeldet:
            ziel = quote(request.full_path.rstrip("?"), safe="/")
            if request.method not in SAFE_METHODS:
                # a form of no page of its own (submit, withdraw, log out): after the login,
                # the nearest page above it (the Referer is never sent: no-referrer)
                ziel = quote(self._naechste_seite(request.path), safe="/")
            abgelaufen = ""
            if ctx.konten.abgelaufene_sitzung(ctx.abgelaufenes_sitzung_token):
                abgelaufen = f"&{ABGELAUFEN_PARAMETER}"
            anmelden = Weiterleitung(f"/anmelden?weiter={ziel}{abgelaufen}")
            response = self._seitenantwort(ctx, anmelden)
        except Exception as error:  # noqa: BLE001 - every error becomes a page
            response = self._fehlerseite(ctx, _hochladen_zu_gross(error, hochladen))
        return self._abschliessen(ctx, response)

    def api(self, request: Request, handler: ApiHandler, **werte: Any) -> Response:
        """A JSON API call; errors as application/problem+json. A handler may return a
        werkzeug Response for what is not JSON (a PDF)."""
        ctx = self._kontext(request)
        endpunkt = getattr(handler, "endpunkt", None)
        hochladen = self._dateien_erlauben(request, handler)
        try:
            lokal = endpunkt is not None and endpunkt.nur_lokale_konten
            if lokal and not self.pforte.settings.local_accounts:
                raise NichtGefunden()
            self._sitzung_finden(ctx)
            if endpunkt is not None and endpunkt.anmeldung:
                ctx.anmeldung_erforderlich()
            if request.method not in SAFE_METHODS and (endpunkt is None or endpunkt.csrf):
                self._csrf_pruefen(ctx, request.headers.get("X-CSRF-Token"))
            elif request.method not in SAFE_METHODS and _cross_site(request):
                raise CsrfUngueltig()
            antwort = handler(ctx, **werte)
            response = antwort if isinstance(antwort, Response) else self._json(antwort)
        except Exception as error:  # noqa: BLE001 - every error becomes a problem document
            response = self._json(self.problem(ctx, _hochladen_zu_gross(error, hochladen)))
        return self._abschliessen(ctx, response)

    def static(self, request: Request, name: str) -> Response:
        datei = self.pforte.static.files.get(name)
        if datei is None:
            return self.seite(request, _nicht_gefunden)
        response = Response(datei.body, content_type=datei.content_type)
        cache = "public, max-age=31536000, immutable"
        response.headers["Cache-Control"] = (
            cache if request.args.get("v") == datei.version else "public, max-age=300"
        )
        for name_, value in SECURITY_HEADERS.items():
            response.headers[name_] = value
        return response

    def fallback(self, request: Request) -> Response:
        """Any request no route matched: 404, or 405 where the path exists for other methods
        (OPTIONS: 204 naming them)."""
        erlaubt = sorted(self.pforte.routes.bind("localhost").allowed_methods(request.path))
        ctx = self._kontext(request)
        if request.method == "OPTIONS" and erlaubt:
            response = Response(status=204, headers={"Allow": ", ".join([*erlaubt, "OPTIONS"])})
            return self._abschliessen(ctx, response)
        fehler = MethodeNichtErlaubt(erlaubt) if erlaubt else NichtGefunden()
        with contextlib.suppress(Exception):  # the page shows the menu of who is logged in
            self._sitzung_finden(ctx)
        if request.path.startswith("/api/"):
            return self._abschliessen(ctx, self._json(self.problem(ctx, fehler)))
        return self._abschliessen(ctx, self._fehlerseite(ctx, fehler))

    def _zu_grosse_dateien_weglassen(self, ctx: RequestContext) -> None:
        """A section form whose files exceed the upload limit keeps its text: the files are
        read and dropped (up to ZU_GROSS_HOECHSTENS times the limit) and the handler says so at
        the file field (docs/adr/0080). Larger bodies stay a plain 413."""
        request = ctx.request
        grenze = self.pforte.settings.anlage_max_bytes
        if request.content_length is None or request.content_length <= grenze:
            return
        felder = textfelder_retten(request, grenze * ZU_GROSS_HOECHSTENS)
        if felder is None:
            return
        request.form = felder  # werkzeug's cached property: the body is read already
        request.files = MultiDict()
        ctx.dateien_zu_gross = True

    def _dateien_erlauben(self, request: Request, handler: Callable[..., Any]) -> bool:
        """Handlers marked ``dateien_hochladen`` take files: their requests may be as large as
        SOZ_GATEWAY_ANLAGE_MAX_BYTES instead of 64 KB."""
        if not getattr(handler, "dateien_hochladen", False):
            return False
        request.max_content_length = self.pforte.settings.anlage_max_bytes
        return True

    def readiness(self, dienste: Any) -> dict[str, bool]:
        """One check per downstream service (see adapters.dienste)."""
        settings = self.pforte.settings
        return dienste.readiness(settings.downstream, settings.ready_timeout)

    # pipeline ---------------------------------------------------------------------------------

    def _kontext(self, request: Request) -> RequestContext:
        pforte = self.pforte
        grenzen_setzen(request)
        secure = urlsplit(f"//{request.host}").hostname not in LOOPBACK
        correlation_id = self.worker_data.setdefault(CORRELATION_ID, new_id())
        self.worker_data.pop(PERSON_ID, None)  # only an authenticated session sets it
        cookie_prefix = "__Host-" if secure else ""
        sprache = aushandeln(
            request.args.get("sprache"),
            request.cookies.get(f"{cookie_prefix}{SPRACHE_COOKIE}"),
            request.accept_languages,
        )
        self.worker_data[LANGUAGE] = sprache.code
        return RequestContext(
            request=request,
            settings=pforte.settings,
            sprache=sprache,
            translations=pforte.translations[sprache.code],
            secure=secure,
            client=pforte.schluessel.client(_client_adresse(request, pforte.settings)),
            correlation_id=correlation_id,
            schluessel=pforte.schluessel,
            konten=pforte.konten,
            bewahrte=pforte.bewahrte,
            oidc=pforte.oidc,
            dienste=pforte.rpc.downstream(self.worker_data),
            worker_data=self.worker_data,
        )

    def _sitzung_finden(self, ctx: RequestContext) -> None:
        token = ctx.cookie(SITZUNG_COOKIE)
        if token is None:
            return
        sitzung = ctx.konten.sitzung(token)
        if sitzung is None:
            ctx.cookie_loeschen(SITZUNG_COOKIE)
            ctx.abgelaufenes_sitzung_token = token
            return
        ctx.sitzung, ctx.sitzung_token = sitzung, token
        self.worker_data[PERSON_ID] = sitzung.person_id

    def _naechste_seite(self, pfad: str) -> str:
        """``pfad`` itself if it answers GET, else the nearest path above it that does
        (/antraege/ID/einreichen: /antraege/ID); "/" at the last."""
        routen = self.pforte.routes.bind("localhost")
        while pfad not in ("", "/"):
            if "GET" in routen.allowed_methods(pfad):
                return pfad
            pfad = pfad.rsplit("/", 1)[0]
        return "/"

    def _csrf_pruefen_oder_abgelaufen(self, ctx: RequestContext, token: str | None) -> None:
        """A form whose session expired while the page was open is refused as a login that is
        needed, not as an unconfirmed request: the person is told they were logged out and
        comes back to the page after the login (docs/adr/0080)."""
        try:
            self._csrf_pruefen(ctx, token)
        except CsrfUngueltig:
            if not _cross_site(ctx.request) and ctx.konten.abgelaufene_sitzung(
                ctx.abgelaufenes_sitzung_token
            ):
                raise NichtAngemeldet() from None
            raise

    def _csrf_pruefen(self, ctx: RequestContext, token: str | None) -> None:
        if _cross_site(ctx.request) or not ctx.csrf_gueltig(token):
            raise CsrfUngueltig()

    def _seitenantwort(
        self, ctx: RequestContext, ergebnis: Seite | Weiterleitung | Response
    ) -> Response:
        if isinstance(ergebnis, Response):
            return ergebnis
        if isinstance(ergebnis, Weiterleitung):
            return Response(status=ergebnis.status, headers={"Location": ergebnis.ziel})
        html = self.pforte.vorlagen.render(
            ctx.sprache.code, ergebnis.vorlage, self._werte(ctx, ergebnis.werte)
        )
        return Response(html, status=ergebnis.status, content_type="text/html; charset=utf-8")

    def _werte(self, ctx: RequestContext, werte: dict[str, Any]) -> dict[str, Any]:
        return {
            "ctx": ctx,
            "sprache": ctx.sprache,
            "sprachen": list(SPRACHEN.values()),
            "pfad": ctx.request.path,
            "zurueck": quote(ctx.request.full_path.rstrip("?"), safe="/"),
            "angemeldet": ctx.angemeldet,
            "lokale_konten": ctx.settings.local_accounts,
            "csrf_token": ctx.csrf_token,
            "static_url": self.pforte.static.url,
            "betreiber": ctx.settings.operator,
            "sitzungsende": _sitzungsende(ctx),
            # asked only when the navigation is rendered for a person (docs/adr/0106)
            "postfach_ungelesen": lambda: postkorb_seiten.NAVIGATION(ctx),
            **werte,
        }

    def _fehlerseite(self, ctx: RequestContext, error: Exception) -> Response:
        art = self._einordnen(error)
        try:
            response = self._seitenantwort(
                ctx,
                Seite(
                    "fehler.html",
                    {
                        "titel": ctx._(art.titel),
                        "detail": detail_text(art, ctx._, ctx.sprache.code),
                        "status": art.status,
                        "vorgang": ctx.correlation_id,
                    },
                    art.status,
                ),
            )
        except Exception as render_error:  # noqa: BLE001 - the last resort is plain text
            log.error("fehlerseite_nicht_darstellbar", error=describe_error(render_error))
            detail = detail_text(art, ctx._, ctx.sprache.code)
            response = Response(detail, status=art.status, content_type="text/plain")
        response.headers.update(art.headers)
        return response

    def problem(self, ctx: RequestContext, error: Exception) -> JsonAntwort:
        """RFC 9457 problem details in the request's language, with the stable ``code``."""
        art = self._einordnen(error)
        body: dict[str, Any] = {
            "type": f"/api/v1/probleme/{art.code}",
            "title": ctx._(art.titel),
            "status": art.status,
            "detail": detail_text(art, ctx._, ctx.sprache.code),
            "instance": f"urn:uuid:{ctx.correlation_id}",
            "code": art.code,
        }
        if isinstance(error, EingabeUngueltig):
            body["felder"] = [
                {
                    "feld": feld,
                    "code": code,
                    "meldung": ctx._(FELDMELDUNGEN.get(code, FELDMELDUNGEN["pflichtfeld"])),
                }
                for feld, code in sorted(error.felder.items())
            ]
            if error.details:  # a reply's refused files by name (postkorb)
                body["details"] = error.details
        elif isinstance(error, RemoteError) and art.status < 500:
            inhalt = remote_inhalt(error)  # antrag: per-field errors, already in the language
            felder = _remote_felder(inhalt.get("felder"))
            if felder:
                body["felder"] = felder
            if isinstance(inhalt.get("details"), dict) and inhalt["details"]:
                body["details"] = inhalt["details"]
        elif isinstance(error, GatewayFehler) and error.details:
            body["details"] = error.details
        return JsonAntwort(body, art.status, dict(art.headers), "application/problem+json")

    def _einordnen(self, error: Exception) -> Fehlerart:
        art = einordnen(error)
        if art.status >= 500 and not isinstance(error, RemoteError):
            level = log.error if art.status == 500 else log.warning
            level("anfrage_fehlgeschlagen", code=art.code, error=describe_error(error))
        elif isinstance(error, RemoteError):
            log.warning("dienst_meldet_fehler", code=art.code, remote_type=error.exc_type)
        else:
            log.info("anfrage_abgelehnt", code=art.code, status=art.status)
        return art

    def _json(self, antwort: JsonAntwort) -> Response:
        if antwort.body is None:
            response = Response(status=antwort.status)
        else:
            response = Response(
                orjson.dumps(antwort.body), status=antwort.status, content_type=antwort.content_type
            )
        response.headers.update(antwort.headers)
        return response

    def _abschliessen(self, ctx: RequestContext, response: Response) -> Response:
        for cookie in ctx.cookies:
            name = ctx.cookie_name(cookie.name)
            if cookie.max_age == 0:
                response.delete_cookie(
                    name, path="/", secure=ctx.secure, httponly=True, samesite="Lax"
                )
            else:
                response.set_cookie(
                    name,
                    cookie.value,
                    max_age=cookie.max_age,
                    path="/",
                    secure=ctx.secure,
                    httponly=True,
                    samesite="Lax",
                )
        headers = response.headers
        for name, value in SECURITY_HEADERS.items():
            headers[name] = value
        if ctx.secure:
            headers["Strict-Transport-Security"] = HSTS
        headers.setdefault("Cache-Control", NO_STORE)
        headers["Content-Language"] = ctx.sprache.code
        headers["Vary"] = "Cookie, Accept-Language"
        return response


class AccessLogWithoutPersonalData(logging.Filter):
    """eventlet's access log names the client address and the full request line, query string
    included. Keep method, path, status, size and time; anything else the WSGI server logs
    (tracebacks may quote data) is reduced to a fixed text."""

    ACCESS = re.compile(
        r'^\S+ - - \[[^\]]*\] "(?P<method>[A-Z]+) (?P<target>\S+) [^"]*" '
        r"(?P<status>\d{3}) (?P<size>\S+) (?P<seconds>[\d.]+)"
    )

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        match = self.ACCESS.match(message)
        if match:
            path = match["target"].split("?", 1)[0]
            record.msg = "http %s %s %s %s bytes %ss" % (  # noqa: UP031 - stdlib logging
                match["method"],
                path,
                match["status"],
                match["size"],
                match["seconds"],
            )
        elif message.startswith("("):  # eventlet's start-up and connection lines: no data
            return True
        else:
            record.msg = "wsgi server message (details removed: they may quote request data)"
        record.args = ()
        return True


def _sitzungsende(ctx: RequestContext) -> dict[str, int] | None:
    """For the notice before the session ends (static/sitzung.js, docs/adr/0081): seconds
    until it ends and how long before that the notice shows."""
    if ctx.sitzung is None:
        return None
    rest = (ctx.sitzung.laeuft_ab_um - datetime.now(UTC)).total_seconds()
    vorlauf = min(ctx.settings.session_warning_seconds, ctx.settings.session_idle_seconds / 2)
    return {"rest": max(0, int(rest)), "vorlauf": int(vorlauf)}


def _client_adresse(request: Request, settings: GatewaySettings) -> str:
    """The client's address; behind N trusted proxies, the N-th X-Forwarded-For entry from the
    right (the ones further left are whatever the client claimed)."""
    if settings.trusted_proxies:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= settings.trusted_proxies:
            return forwarded[-settings.trusted_proxies]
    return request.remote_addr or "unbekannt"


def _cross_site(request: Request) -> bool:
    """A state-changing request started by another site (Fetch Metadata, else Origin)."""
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        return True
    origin = request.headers.get("Origin")
    return bool(origin) and origin != "null" and urlsplit(origin).netloc != request.host


def _hochladen_zu_gross(error: Exception, hochladen: bool) -> Exception:
    """On an upload route, a body over the limit is the files' fault: say so clearly."""
    if hochladen and isinstance(error, RequestEntityTooLarge):
        return AnlagenZuGross()
    return error


def _remote_felder(felder: Any) -> list[dict[str, str]]:
    """A service's per-field errors (antrag: abschnitt, feld, code, meldung), text only."""
    if not isinstance(felder, list):
        return []
    namen = ("abschnitt", "feld", "code", "meldung")
    return [
        {name: eintrag[name] for name in namen if isinstance(eintrag.get(name), str)}
        for eintrag in felder
        if isinstance(eintrag, dict) and isinstance(eintrag.get("code"), str)
    ]


def _nicht_gefunden(ctx: RequestContext) -> Seite:
    raise NichtGefunden()
