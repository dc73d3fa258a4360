"""Pages of the account by mail (docs/adr/0091, 0092): forgotten password, new password from the
mailed link, change of address and its confirmation, deleting the account. Without JavaScript,
every form with CSRF, Post/Redirect/Get where a result has its own address.

A mailed link opens a page with a form; only the form's POST changes anything (mail scanners
open links on their own).
"""

from __future__ import annotations

from gateway.fehler import EingabeUngueltig, EmailVergeben, LinkUngueltig, ZuVieleVersuche
from gateway.konten import LinkZweck
from gateway.mails import KontoMails
from gateway.web import api_schemas
from gateway.web.antworten import Seite, Weiterleitung
from gateway.web.kontext import RequestContext
from gateway.web.seiten import _formular, _nur_lokale_konten


def passwort_vergessen_formular(ctx: RequestContext) -> Seite:
    _nur_lokale_konten(ctx)
    return _formular(ctx, "passwort_vergessen.html", gesendet="")


def passwort_vergessen(ctx: RequestContext) -> Seite:
    """The same page whether the address has an account or not (docs/adr/0070)."""
    _nur_lokale_konten(ctx)
    try:
        daten = ctx.formular(api_schemas.ZuruecksetzungAnfrage())
        ctx.konten.zuruecksetzen_anfordern(
            daten["email"],
            client=ctx.client,
            mails=KontoMails.fuer_anfrage(ctx),
            correlation_id=ctx.correlation_id,
        )
    except (EingabeUngueltig, ZuVieleVersuche) as error:
        return _formular(ctx, "passwort_vergessen.html", error, gesendet="")
    return _formular(ctx, "passwort_vergessen.html", gesendet="1")


def passwort_neu_formular(ctx: RequestContext) -> Seite:
    _nur_lokale_konten(ctx)
    token = ctx.request.args.get("token", "")
    if not ctx.konten.link_gueltig(token, LinkZweck.PASSWORT):
        return _link_ungueltig(ctx, "/passwort-vergessen")
    return _formular(ctx, "passwort_neu.html", token=token)


def passwort_neu(ctx: RequestContext) -> Seite | Weiterleitung:
    _nur_lokale_konten(ctx)
    token = ctx.request.form.get("token", "")
    try:
        daten = ctx.formular(api_schemas.NeuesPasswort())
        ctx.konten.passwort_neu_setzen(
            daten["token"],
            daten["passwort"],
            mails=KontoMails.fuer_anfrage(ctx),
            correlation_id=ctx.correlation_id,
        )
    except EingabeUngueltig as error:
        return _formular(ctx, "passwort_neu.html", error, token=token)
    except LinkUngueltig:
        return _link_ungueltig(ctx, "/passwort-vergessen")
    ctx.sitzung_setzen(None)  # every session of the account ended, this browser's too
    return Weiterleitung("/passwort-neu/gespeichert")


def passwort_gespeichert(ctx: RequestContext) -> Seite:
    return Seite("konto_erledigt.html", {"was": "passwort", "fehler": None})


def email_formular(ctx: RequestContext) -> Seite:
    _nur_lokale_konten(ctx)
    ctx.anmeldung_erforderlich()
    return _formular(ctx, "konto_email.html", gesendet="")


def email_aendern(ctx: RequestContext) -> Seite:
    _nur_lokale_konten(ctx)
    sitzung = ctx.anmeldung_erforderlich()
    try:
        daten = ctx.formular(api_schemas.EmailAenderung())
        ctx.konten.email_aendern_anfordern(
            sitzung,
            daten["email"],
            daten["passwort"],
            mails=KontoMails.fuer_anfrage(ctx),
            correlation_id=ctx.correlation_id,
        )
    except (EingabeUngueltig, ZuVieleVersuche) as error:
        return _formular(ctx, "konto_email.html", error, gesendet="")
    return _formular(ctx, "konto_email.html", gesendet="1")


def email_bestaetigen_formular(ctx: RequestContext) -> Seite:
    _nur_lokale_konten(ctx)
    token = ctx.request.args.get("token", "")
    if not ctx.konten.link_gueltig(token, LinkZweck.EMAIL):
        return _link_ungueltig(ctx, "/konto/email")
    return Seite("konto_email_bestaetigen.html", {"token": token})


def email_bestaetigen(ctx: RequestContext) -> Seite | Weiterleitung:
    _nur_lokale_konten(ctx)
    try:
        daten = ctx.formular(api_schemas.EmailBestaetigung())
        ctx.konten.email_aendern_bestaetigen(
            daten["token"], mails=KontoMails.fuer_anfrage(ctx), correlation_id=ctx.correlation_id
        )
    except (EingabeUngueltig, LinkUngueltig):
        return _link_ungueltig(ctx, "/konto/email")
    except EmailVergeben as error:
        return _formular(ctx, "konto_erledigt.html", error, was="")
    return Weiterleitung("/konto/email/gespeichert")


def email_gespeichert(ctx: RequestContext) -> Seite:
    return Seite("konto_erledigt.html", {"was": "email", "fehler": None})


def loeschen_formular(ctx: RequestContext) -> Seite:
    sitzung = ctx.anmeldung_erforderlich()
    return _formular(ctx, "konto_loeschen.html", anmeldeart=str(sitzung.anmeldeart))


def loeschen(ctx: RequestContext) -> Seite | Weiterleitung:
    sitzung = ctx.anmeldung_erforderlich()
    anmeldeart = str(sitzung.anmeldeart)
    try:
        if ctx.request.form.get("bestaetigung") != "ja":
            raise EingabeUngueltig({"bestaetigung": "bestaetigung_fehlt"})
        ctx.konten.loeschen(
            sitzung,
            ctx.request.form.get("passwort", ""),
            mails=KontoMails.fuer_anfrage(ctx),
            correlation_id=ctx.correlation_id,
        )
    except (EingabeUngueltig, ZuVieleVersuche) as error:
        return _formular(ctx, "konto_loeschen.html", error, anmeldeart=anmeldeart)
    ctx.sitzung_setzen(None)
    return Weiterleitung("/konto/geloescht")


def geloescht(ctx: RequestContext) -> Seite:
    return Seite("konto_erledigt.html", {"was": "geloescht", "fehler": None})


def _link_ungueltig(ctx: RequestContext, neu_anfordern: str) -> Seite:
    return _formular(ctx, "konto_erledigt.html", LinkUngueltig(), was="", neu=neu_anfordern)
