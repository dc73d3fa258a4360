"""Handlers of the appointment API (issue 12): counselling centres, free times, bookings.

Each checks the shape of the request, calls the termine service and hands back its answer; the
service decides everything else (what is free, who owns a booking, whether a secret fits).

Who may act on a booking (docs/adr/0112): its owner by the session, or anyone who holds the
secret of an anonymous booking, sent as header ``X-Termin-Geheimnis`` or as query parameter
``geheimnis`` (for links: the calendar download, the manage page). The access log never
records query strings (gateway.web.pforte.AccessLogWithoutPersonalData). A wrong or used-up
secret is a 404 like a booking that does not exist.

CSRF (docs/adr/0112): booking needs no account, so an anonymous client has no CSRF token.
These POSTs take only ``application/json`` (a form of another site cannot send it without a
CORS preflight, which this API never grants), are refused when started by another site (Fetch
Metadata / Origin), and when a session cookie comes along they need its ``X-CSRF-Token`` as
every other call does. A call with the secret is authorised by the secret itself.

Routes: gateway.service.GatewayService; the OpenAPI document: gateway.web.openapi.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from nameko.exceptions import RemoteError
from werkzeug.wrappers import Response

from gateway.fehler import (
    CsrfUngueltig,
    EingabeUngueltig,
    KeinZugang,
    NichtGefunden,
    OrtMehrdeutig,
    TerminVergeben,
    remote_inhalt,
)
from gateway.web import termine_schemas as schemas
from gateway.web.antworten import JsonAntwort
from gateway.web.api import endpunkt
from gateway.web.kontext import RequestContext

SUCHE = schemas.Suche()
TERMINE_ABFRAGE = schemas.TermineAbfrage()
BUCHUNG_ANLEGEN = schemas.BuchungAnlegen()
VERSCHIEBUNG = schemas.Verschiebung()
KOMPONENTEN = schemas.KOMPONENTEN
MANAGE_PAGE = "/termine/buchung"

# termine's field codes (UngueltigeEingabe) -> the gateway's (gateway.fehler.FELDMELDUNGEN)
FELDCODES = {
    "pflicht": "pflichtfeld",
    "ungueltig": "angabe_ungueltig",
    "zu_lang": "angabe_zu_lang",
    "kein_angebotener_termin": "termin_nicht_angeboten",
    "vergangen": "termin_vergangen",
    # chat and video (docs/adr/0121): the booking without a known access, the centre's address
    "fuer_zugang_noetig": "kontakt_fuer_zugang",
    "nur_https": "zugang_nur_https",
    "mit_zugangsdaten": "zugang_mit_zugangsdaten",
    "platzhalter_mehrfach": "zugang_platzhalter_mehrfach",
}
ZEITFELDER = ("beginn", "ende", "art", "angebot_id")


def dienstfehler(error: RemoteError) -> Exception:
    """termine's refusals that carry facts, as the gateway's errors with ``details`` (the next
    free times, the places to choose from) or per-field codes; any other stays as it is and
    goes through the one table (gateway.fehler.REMOTE)."""
    inhalt = remote_inhalt(error)
    if error.exc_type == "TerminVergeben":
        naechste = [
            {name: str(zeit[name]) for name in ZEITFELDER if name in zeit}
            for zeit in inhalt.get("naechste_freie") or []
            if isinstance(zeit, dict) and isinstance(zeit.get("beginn"), str)
        ]
        return TerminVergeben(naechste[:5])
    if error.exc_type == "OrtMehrdeutig":
        orte = [
            {name: str(option[name]) for name in ("plz", "ort", "land") if option.get(name)}
            for option in inhalt.get("optionen") or []
            if isinstance(option, dict)
        ]
        return OrtMehrdeutig(orte[:20])
    if error.exc_type == "UngueltigeEingabe" and isinstance(inhalt.get("felder"), dict):
        return EingabeUngueltig(
            {
                str(feld)[:60]: FELDCODES.get(code, "angabe_ungueltig")
                for feld, code in inhalt["felder"].items()
            }
        )
    return error


def termine(ctx: RequestContext, methode: str, **argumente: Any) -> Any:
    """One call to the termine service, its refusals as the gateway words them."""
    try:
        return ctx.dienste.call("termine", methode, **argumente)
    except RemoteError as error:
        raise dienstfehler(error) from None


# What the endpoints can meet from the service besides their own refusals.
# (a value termine refuses that the gateway's check let through: 422 at its field)
GEFUNDEN = (NichtGefunden, EingabeUngueltig)


def geheimnis(ctx: RequestContext) -> str | None:
    """The secret of an anonymous booking, from the header or the query (header first)."""
    wert = ctx.request.headers.get(schemas.GEHEIMNIS_HEADER) or ctx.request.args.get(
        schemas.GEHEIMNIS_PARAMETER
    )
    if not wert or len(wert) > 200 or not wert.isascii():
        return None
    return wert


def eigene_oder_geheimnis(ctx: RequestContext, *, aendert: bool) -> str | None:
    """Who acts on a booking: the secret, else the session (a change needs its CSRF token);
    neither: 404, the same as a wrong secret."""
    wert = geheimnis(ctx)
    if wert is not None:
        return wert
    if ctx.sitzung is None:
        raise NichtGefunden()
    if aendert:
        sitzung_csrf_pruefen(ctx)
    return None


def sitzung_csrf_pruefen(ctx: RequestContext) -> None:
    """With a session, a state-changing call carries the session's CSRF token."""
    if ctx.sitzung is not None and not ctx.csrf_gueltig(ctx.request.headers.get("X-CSRF-Token")):
        raise CsrfUngueltig()


def ics_url(buchung_id: str, wert: str | None) -> str:
    pfad = f"/api/v1/buchungen/{quote(buchung_id, safe='')}/termin.ics"
    return f"{pfad}?geheimnis={quote(wert, safe='')}" if wert else pfad


def verwaltung_url(buchung_id: str, wert: str) -> str:
    return f"{MANAGE_PAGE}/{quote(buchung_id, safe='')}?geheimnis={quote(wert, safe='')}"


def suchparameter(daten: dict[str, Any]) -> dict[str, Any]:
    """The search as the service takes it; a postcode or a town is needed."""
    if not daten.get("plz") and not daten.get("ort"):
        raise EingabeUngueltig({"plz": "pflichtfeld"})
    return {
        "plz": daten.get("plz"),
        "ort": daten.get("ort"),
        "thema": daten.get("thema"),
        "art": daten.get("art"),
        "sprache": daten.get("sprache"),
        "barrierefrei": daten.get("barrierefrei"),
        "anonym": daten.get("anonym"),
        "umkreis_km": daten.get("umkreis_km", 25),
        "seite": daten.get("seite", 1),
    }


def buchen(ctx: RequestContext, daten: dict[str, Any]) -> dict[str, Any]:
    """Book through the service; the answer with the links (the secret only in them, once)."""
    kontakt = {name: wert for name, wert in (daten.get("kontakt") or {}).items() if wert}
    antwort = dict(
        termine(
            ctx,
            "buchen",
            beratungsstelle_id=str(daten["beratungsstelle_id"]),
            angebot_id=str(daten["angebot_id"]),
            beginn=daten["beginn"].isoformat(),
            art=daten["art"],
            anliegen=daten.get("anliegen") or None,
            kontakt=kontakt or None,
            client_adresse=ctx.client,
        )
    )
    wert = antwort.pop("geheimnis", None)
    antwort["ics_url"] = ics_url(antwort["id"], wert)
    if wert:
        antwort["verwaltung_url"] = verwaltung_url(antwort["id"], wert)
    return antwort


def kalender_antwort(ctx: RequestContext, buchung_id: str, wert: str | None) -> Response:
    datei = termine(ctx, "kalenderdatei", id=buchung_id, geheimnis=wert)
    return Response(
        datei["inhalt"].encode("utf-8"),
        content_type="text/calendar; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="termin.ics"'},
    )


# directory ----------------------------------------------------------------------------------


@endpunkt(
    "GET",
    "/api/v1/beratungsstellen",
    "beratungsstellenSuchen",
    "Find counselling centres near a postcode or town",
    abfrage=schemas.Suche,
    antworten={
        200: (
            "Hits sorted by distance, each with its next free appointment; offers by phone, "
            "chat or video are found Land-wide. `beispieldaten`: demo data, say so",
            schemas.Suchergebnis,
        )
    },
    fehler=(OrtMehrdeutig,),
    remote_fehler=("ort_unbekannt",),
    ruft_dienste=True,
)
def beratungsstellen_suchen(ctx: RequestContext) -> JsonAntwort:
    """Needs no login. `umkreis_km` defaults to 25. A town name that several places share
    answers 422 `ort_mehrdeutig` with `details.orte` to choose from."""
    daten = ctx.abfrage(SUCHE)
    return JsonAntwort(termine(ctx, "suchen", **suchparameter(daten)))


@endpunkt(
    "GET",
    "/api/v1/beratungsstellen/{beratungsstelle_id}",
    "beratungsstelleLesen",
    "One counselling centre with its offers and opening hours in words",
    antworten={200: ("The centre", schemas.Beratungsstelle)},
    fehler=GEFUNDEN,
    ruft_dienste=True,
)
def beratungsstelle_lesen(ctx: RequestContext, beratungsstelle_id: str) -> JsonAntwort:
    """Needs no login."""
    return JsonAntwort(termine(ctx, "beratungsstelle", id=beratungsstelle_id))


@endpunkt(
    "GET",
    "/api/v1/beratungsstellen/{beratungsstelle_id}/termine",
    "freieTermineLesen",
    "The free appointments of a centre",
    abfrage=schemas.TermineAbfrage,
    antworten={200: ("Free times, RFC 3339 with their offset", schemas.FreieTermine)},
    fehler=GEFUNDEN,
    ruft_dienste=True,
)
def freie_termine_lesen(ctx: RequestContext, beratungsstelle_id: str) -> JsonAntwort:
    """From the minimum notice (24 h) to the horizon (6 weeks) unless `von`/`bis` narrow it."""
    daten = ctx.abfrage(TERMINE_ABFRAGE)
    antwort = termine(
        ctx,
        "freie_termine",
        beratungsstelle_id=beratungsstelle_id,
        angebot_id=str(daten["angebot"]) if daten.get("angebot") else None,
        art=daten.get("art"),
        von=daten["von"].isoformat() if daten.get("von") else None,
        bis=daten["bis"].isoformat() if daten.get("bis") else None,
    )
    return JsonAntwort(antwort)


# bookings -----------------------------------------------------------------------------------


@endpunkt(
    "POST",
    "/api/v1/buchungen",
    "terminBuchen",
    "Book an appointment, with an account or anonymously",
    anfrage=schemas.BuchungAnlegen,
    antworten={
        201: (
            "Booked. `ics_url`: the calendar file. Anonymous: `verwaltung_url`, shown once, "
            "holds the secret to see, move or cancel it",
            schemas.Gebucht,
        )
    },
    fehler=(CsrfUngueltig, NichtGefunden, TerminVergeben),
    remote_fehler=("zu_viele_buchungen",),
    csrf=False,
    ruft_dienste=True,
)
def termin_buchen(ctx: RequestContext) -> JsonAntwort:
    """Needs Content-Type application/json, no account. With a session, the booking is the
    person's (and needs `X-CSRF-Token`); without, it is anonymous. A time taken meanwhile is a
    409 `termin_vergeben` whose `details.naechste_freie` lists the next free ones. Open
    anonymous bookings are limited per client address and per contact (429)."""
    daten = ctx.json(BUCHUNG_ANLEGEN)
    sitzung_csrf_pruefen(ctx)
    antwort = buchen(ctx, daten)
    return JsonAntwort(antwort, 201, {"Location": f"/api/v1/buchungen/{antwort['id']}"})


@endpunkt(
    "GET",
    "/api/v1/buchungen/{buchung_id}",
    "buchungLesen",
    "One booking",
    antworten={200: ("The booking", schemas.Buchung)},
    fehler=GEFUNDEN,
    ruft_dienste=True,
)
def buchung_lesen(ctx: RequestContext, buchung_id: str) -> JsonAntwort:
    """By the owner's session, or with the secret of an anonymous booking as header
    `X-Termin-Geheimnis` or query parameter `geheimnis`; a wrong or used-up secret: 404."""
    wert = eigene_oder_geheimnis(ctx, aendert=False)
    return JsonAntwort(termine(ctx, "buchung", id=buchung_id, geheimnis=wert))


@endpunkt(
    "POST",
    "/api/v1/buchungen/{buchung_id}/stornierung",
    "buchungStornieren",
    "Cancel a booking",
    antworten={200: ("Cancelled; the calendar file now says so", schemas.Buchung)},
    fehler=(CsrfUngueltig, *GEFUNDEN),
    remote_fehler=("termin_nicht_aenderbar",),
    csrf=False,
    ruft_dienste=True,
)
def buchung_stornieren(ctx: RequestContext, buchung_id: str) -> JsonAntwort:
    """No body. By the owner's session (with `X-CSRF-Token`) or with the secret (header
    `X-Termin-Geheimnis` or query `geheimnis`); a wrong or used-up secret: 404."""
    wert = eigene_oder_geheimnis(ctx, aendert=True)
    return JsonAntwort(termine(ctx, "stornieren", id=buchung_id, geheimnis=wert))


@endpunkt(
    "POST",
    "/api/v1/buchungen/{buchung_id}/verschiebung",
    "buchungVerschieben",
    "Move a booking to another free time of the same offer",
    anfrage=schemas.Verschiebung,
    antworten={200: ("Moved; the calendar file has the new time", schemas.Buchung)},
    fehler=(CsrfUngueltig, NichtGefunden, TerminVergeben, EingabeUngueltig),
    remote_fehler=("termin_nicht_aenderbar",),
    csrf=False,
    ruft_dienste=True,
)
def buchung_verschieben(ctx: RequestContext, buchung_id: str) -> JsonAntwort:
    """Needs Content-Type application/json. By the owner's session (with `X-CSRF-Token`) or
    with the secret (header `X-Termin-Geheimnis` or query `geheimnis`). A time taken
    meanwhile: 409 `termin_vergeben` with `details.naechste_freie`."""
    daten = ctx.json(VERSCHIEBUNG)
    wert = eigene_oder_geheimnis(ctx, aendert=True)
    return JsonAntwort(
        termine(
            ctx, "verschieben", id=buchung_id, beginn=daten["beginn"].isoformat(), geheimnis=wert
        )
    )


@endpunkt(
    "GET",
    "/api/v1/buchungen/{buchung_id}/termin.ics",
    "kalenderdateiLaden",
    "The booking as a calendar file (RFC 5545)",
    antworten={200: ("Stable UID, Europe/Berlin times; CANCELLED after a cancellation", None)},
    antwort_medientyp="text/calendar",
    fehler=GEFUNDEN,
    ruft_dienste=True,
)
def kalenderdatei_laden(ctx: RequestContext, buchung_id: str) -> Response:
    """By the owner's session, or with the secret (header `X-Termin-Geheimnis` or query
    `geheimnis`, as in `ics_url`)."""
    return kalender_antwort(ctx, buchung_id, eigene_oder_geheimnis(ctx, aendert=False))


@endpunkt(
    "GET",
    "/api/v1/termine",
    "meineTermine",
    "My appointments",
    antworten={200: ("The person's bookings, next first", schemas.MeineTermine)},
    anmeldung=True,
    ruft_dienste=True,
)
def meine_termine(ctx: RequestContext) -> JsonAntwort:
    """Bookings made while logged in; anonymous ones are reached by their link only."""
    ctx.anmeldung_erforderlich()
    return JsonAntwort(termine(ctx, "meine_termine"))


# the centre's side (staff): termine decides who is staff of which centre --------------------

STELLE_AENDERN = schemas.StelleAendern()
ANGEBOT_SPEICHERN = schemas.AngebotSpeichern()
SPRECHZEITEN = schemas.Sprechzeiten()
ABWESENHEIT = schemas.Abwesenheit()
STELLE_STORNIERUNG = schemas.StelleStornierung()
ZEITRAUM = schemas.Zeitraum()
PERSONAL = {"anmeldung": True, "ruft_dienste": True}
PERSONAL_FEHLER = (KeinZugang, NichtGefunden, EingabeUngueltig)


@endpunkt(
    "GET",
    "/api/v1/stelle",
    "stelleLesen",
    "Staff: my centre and my role",
    antworten={200: ("`zugang` {beratungsstelle_id, rolle} and the centre", None)},
    fehler=(KeinZugang, EingabeUngueltig),
    **PERSONAL,
)
def stelle_lesen(ctx: RequestContext) -> JsonAntwort:
    """403 `kein_zugang` for an account bound to no centre (termine's operator command binds)."""
    ctx.anmeldung_erforderlich()
    zugang = termine(ctx, "mein_zugang")
    if not zugang:
        raise KeinZugang()
    stelle = termine(ctx, "beratungsstelle", id=zugang["beratungsstelle_id"])
    return JsonAntwort({"zugang": zugang, "beratungsstelle": stelle})


@endpunkt(
    "PUT",
    "/api/v1/stelle",
    "stelleAendern",
    "Staff: change the centre's entry",
    anfrage=schemas.StelleAendern,
    antworten={200: ("The centre as it is now", schemas.Beratungsstelle)},
    fehler=PERSONAL_FEHLER,
    **PERSONAL,
)
def stelle_aendern(ctx: RequestContext) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    return JsonAntwort(termine(ctx, "stelle_aendern", daten=ctx.json(STELLE_AENDERN)))


@endpunkt(
    "POST",
    "/api/v1/stelle/angebote",
    "angebotSpeichern",
    "Staff: add an offer, or change one (with its id)",
    anfrage=schemas.AngebotSpeichern,
    antworten={200: ("The centre with its offers", schemas.Beratungsstelle)},
    fehler=PERSONAL_FEHLER,
    **PERSONAL,
)
def angebot_speichern(ctx: RequestContext) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    return JsonAntwort(termine(ctx, "angebot_speichern", daten=ctx.json(ANGEBOT_SPEICHERN)))


@endpunkt(
    "GET",
    "/api/v1/stelle/berater",
    "beraterLesen",
    "Staff: the counsellors with their weekly hours and absences",
    antworten={200: ("`berater`: [{id, name, sprechzeiten, abwesenheiten}]", None)},
    fehler=(KeinZugang, EingabeUngueltig),
    **PERSONAL,
)
def berater_lesen(ctx: RequestContext) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    return JsonAntwort(termine(ctx, "berater_liste"))


@endpunkt(
    "PUT",
    "/api/v1/stelle/berater/{berater_id}/sprechzeiten",
    "sprechzeitenSetzen",
    "Staff: replace a counsellor's weekly hours",
    anfrage=schemas.Sprechzeiten,
    antworten={
        200: (
            "The counsellor and `konflikte`: bookings now outside the hours, kept for the "
            "centre to settle (never dropped)",
            None,
        )
    },
    fehler=PERSONAL_FEHLER,
    **PERSONAL,
)
def sprechzeiten_setzen(ctx: RequestContext, berater_id: str) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    daten = ctx.json(SPRECHZEITEN)
    return JsonAntwort(
        termine(
            ctx, "sprechzeiten_setzen", berater_id=berater_id, sprechzeiten=daten["sprechzeiten"]
        )
    )


@endpunkt(
    "POST",
    "/api/v1/stelle/berater/{berater_id}/abwesenheiten",
    "abwesenheitEintragen",
    "Staff: a counsellor's absence (days, inclusive)",
    anfrage=schemas.Abwesenheit,
    antworten={200: ("The counsellor and `konflikte`", None)},
    fehler=PERSONAL_FEHLER,
    **PERSONAL,
)
def abwesenheit_eintragen(ctx: RequestContext, berater_id: str) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    daten = ctx.json(ABWESENHEIT)
    if daten["bis"] < daten["von"]:
        raise EingabeUngueltig({"bis": "zeitpunkt_ungueltig"})
    return JsonAntwort(
        termine(
            ctx,
            "abwesenheit_eintragen",
            berater_id=berater_id,
            von=daten["von"].isoformat(),
            bis=daten["bis"].isoformat(),
        )
    )


@endpunkt(
    "GET",
    "/api/v1/stelle/buchungen",
    "buchungenDerStelle",
    "Staff: the centre's bookings of a period, with the concern",
    abfrage=schemas.Zeitraum,
    antworten={200: ("`buchungen` (default: today and the next 7 days)", None)},
    fehler=(KeinZugang, EingabeUngueltig),
    **PERSONAL,
)
def buchungen_der_stelle(ctx: RequestContext) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    daten = ctx.abfrage(ZEITRAUM)
    return JsonAntwort(
        termine(
            ctx,
            "buchungen_der_stelle",
            von=daten["von"].isoformat() if daten.get("von") else None,
            bis=daten["bis"].isoformat() if daten.get("bis") else None,
        )
    )


@endpunkt(
    "POST",
    "/api/v1/stelle/buchungen/{buchung_id}/stornierung",
    "buchungDurchStelleStornieren",
    "Staff: cancel a booking with a reason (the person is told)",
    anfrage=schemas.StelleStornierung,
    antworten={200: ("The booking, cancelled", None)},
    fehler=PERSONAL_FEHLER,
    remote_fehler=("termin_nicht_aenderbar",),
    **PERSONAL,
)
def buchung_durch_stelle_stornieren(ctx: RequestContext, buchung_id: str) -> JsonAntwort:
    """Another centre's booking: 404."""
    ctx.anmeldung_erforderlich()
    daten = ctx.json(STELLE_STORNIERUNG)
    return JsonAntwort(termine(ctx, "durch_stelle_stornieren", id=buchung_id, grund=daten["grund"]))


@endpunkt(
    "POST",
    "/api/v1/stelle/buchungen/{buchung_id}/nichterscheinen",
    "nichtErschienen",
    "Staff: mark a booking as a no-show (after its start)",
    antworten={200: ("The booking, status nicht_erschienen", None)},
    fehler=PERSONAL_FEHLER,
    remote_fehler=("termin_nicht_aenderbar",),
    **PERSONAL,
)
def nicht_erschienen(ctx: RequestContext, buchung_id: str) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    return JsonAntwort(termine(ctx, "nicht_erschienen", id=buchung_id))


@endpunkt(
    "GET",
    "/api/v1/stelle/konflikte",
    "konflikteLesen",
    "Staff: bookings that changed hours or absences left outside",
    antworten={200: ("`konflikte`: [{buchung_id, beginn, berater_id, grund}]", None)},
    fehler=(KeinZugang, EingabeUngueltig),
    **PERSONAL,
)
def konflikte_lesen(ctx: RequestContext) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    return JsonAntwort(termine(ctx, "konflikte"))
