"""The pages' side of input kept after a session ended (docs/adr/0080).

1. A section form sent after the session expired (gateway.web.pforte): kept, sealed, with a
   cookie for this browser; the person is sent to the login page.
2. The login page says plainly that they were logged out and that their answers are kept.
3. After the login: another account's login discards the kept input; the person's own login
   goes on to the section, whose page saves the input (gateway.web.antraege_seiten) and says so.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import structlog
from babel.dates import format_timedelta
from werkzeug.wrappers import Request

from gateway.bewahrte_eingaben import Bewahrt, Datei
from gateway.i18n import N_
from gateway.web.antworten import Weiterleitung
from gateway.web.kontext import BEWAHRT_COOKIE, RequestContext
from gateway.web.vorlagen import BABEL_LOCALE

log = structlog.get_logger("gateway.web")

ABGEMELDET_BEWAHRT = N_(
    "Sie wurden nach %(dauer)s ohne Aktivität abgemeldet. Ihre Eingaben sind gespeichert; "
    "melden Sie sich an, dann speichern wir sie."
)
ABGEMELDET = N_(
    "Sie wurden nach %(dauer)s ohne Aktivität abgemeldet. Bitte melden Sie sich wieder an."
)
# ?abgelaufen on the login page: the page before it found an expired session
ABGELAUFEN_PARAMETER = "abgelaufen"
CSRF = "csrf_token"


def nach_ablauf_bewahren(ctx: RequestContext) -> Weiterleitung | None:
    """A form of a session that expired: keep it and ask for the login. None when the request
    is not one (no session cookie, the form's CSRF token not that session's, the session not
    expired but unknown or logged out): then the request goes its usual way."""
    token = ctx.abgelaufenes_sitzung_token
    request = ctx.request
    if token is None or not ctx.csrf_der_sitzung_gueltig(token, request.form.get(CSRF)):
        return None
    abgelaufen = ctx.konten.abgelaufene_sitzung(token)
    if abgelaufen is None:
        return None
    sitzung_id, person_id = abgelaufen
    bewahrt = Bewahrt(
        person_id=person_id,
        pfad=request.path,
        felder=[(name, wert) for name, wert in request.form.items(multi=True) if name != CSRF],
        dateien=_dateien(request),
    )
    cookie = ctx.bewahrte.bewahren(sitzung_id=sitzung_id, bewahrt=bewahrt)
    ctx.cookie_setzen(BEWAHRT_COOKIE, cookie, int(ctx.settings.kept_input_seconds))
    log.info("eingaben_nach_ablauf_bewahrt", person_id=person_id, dateien=len(bewahrt.dateien))
    return Weiterleitung(f"/anmelden?weiter={quote(request.path, safe='/')}")


def anmeldehinweis(ctx: RequestContext) -> str:
    """What the login page says about a session that ended, or nothing."""
    dauer = format_timedelta(
        timedelta(seconds=ctx.settings.session_idle_seconds),
        locale=BABEL_LOCALE[ctx.sprache.code],
    )
    if ctx.bewahrte.person(ctx.cookie(BEWAHRT_COOKIE)) is not None:
        return ctx._(ABGEMELDET_BEWAHRT, dauer=dauer)
    if ABGELAUFEN_PARAMETER in ctx.request.args:
        return ctx._(ABGEMELDET, dauer=dauer)
    return ""


def nach_anmeldung(ctx: RequestContext, weiter: str, standard: str) -> str:
    """Right after a login, where to go: the owner of kept input to its section, whose page
    saves it; another account's login discards it (and goes to ``standard``, not to a page of
    that other account)."""
    token = ctx.cookie(BEWAHRT_COOKIE)
    if token is None:
        return weiter
    bewahrt = ctx.bewahrte.lesen(token)
    if bewahrt is not None and ctx.sitzung is not None:
        if bewahrt.person_id == ctx.sitzung.person_id:
            return bewahrt.pfad
        log.info("bewahrte_eingaben_verworfen", grund="andere_person")
        weiter = standard
    ctx.bewahrte.verwerfen(token)
    ctx.cookie_loeschen(BEWAHRT_COOKIE)
    return weiter


def uebernehmen(ctx: RequestContext) -> Bewahrt | None:
    """The input kept for this page and the person logged in, taken out of the store."""
    token = ctx.cookie(BEWAHRT_COOKIE)
    if token is None or ctx.sitzung is None:
        return None
    bewahrt = ctx.bewahrte.lesen(token)
    if bewahrt is None or bewahrt.pfad != ctx.request.path:
        return None
    ctx.bewahrte.verwerfen(token)
    ctx.cookie_loeschen(BEWAHRT_COOKIE)
    if bewahrt.person_id != ctx.sitzung.person_id:
        return None
    log.info("bewahrte_eingaben_uebernommen", person_id=bewahrt.person_id)
    return bewahrt


def _dateien(request: Request) -> list[Datei]:
    return [
        Datei(datei.filename or "", datei.mimetype, datei.read())
        for datei in request.files.getlist("dateien")
        if datei.filename
    ]
