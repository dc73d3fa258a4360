"""Handlers of the mailbox API: /api/v1/postkorb (issue 13, docs/adr/0106, 0107).

Each one checks the shape of the request, calls the postkorb service and hands back its answer,
reduced to the documented members (gateway.web.postkorb_schemas). The service decides
everything else: whose mailbox, what a message says, when a Bescheid counts as notified, which
files are clean. Only the owner ever sees anything: the service takes the person from the
session (the RPC's context data) and answers a foreign or guessed id exactly like a missing one
(404).

Routes: gateway.service.GatewayService; the pages: gateway.web.postkorb_seiten.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from nameko.exceptions import RemoteError
from werkzeug.wrappers import Response

from gateway.fehler import (
    AnlagenZuGross,
    AntwortAnlagenAbgelehnt,
    EingabeUngueltig,
    EinwilligungstextVeraltet,
    MedientypNichtUnterstuetzt,
    NichtGefunden,
    remote_inhalt,
)
from gateway.i18n import N_
from gateway.web import postkorb_schemas as schemas
from gateway.web.antworten import JsonAntwort
from gateway.web.api import endpunkt
from gateway.web.kontext import RequestContext

MULTIPART = "multipart/form-data"
DOWNLOAD_MEDIENTYPEN = frozenset({"application/pdf", "image/jpeg", "image/png"})
POSTFACH_ABFRAGE = schemas.PostfachAbfrage()
EINWILLIGUNG_SETZEN = schemas.EinwilligungSetzen()
ARCHIVIEREN = schemas.Archivieren()
# No id of the service is longer; a longer one is no id (and never reaches the service).
MAX_ID_ZEICHEN = 100
# The consent texts (§ 37 Abs. 2a SGB X) the pages and the API show, by version. The postkorb
# service names the current version and records the one the person agreed to; the gateway
# holds the wording (translated in the catalogs). A new wording is a new version here and in
# the service (docs/adr/0107).
EINWILLIGUNGSTEXTE = {
    "2026-12": N_(
        "Ich bin einverstanden, dass mein Jobcenter mir Bescheide und andere Verwaltungsakte in "
        "meinem Postfach auf der Sozialplattform zum Abruf bereitstellt (§ 37 Absatz 2a SGB X). "
        "Über jede neue Nachricht werde ich an die E-Mail-Adresse benachrichtigt, die ich dafür "
        "angebe. Ein Bescheid gilt am vierten Tag nach dieser Benachrichtigung als bekannt "
        "gegeben, auch wenn ich ihn erst später öffne. Rufe ich ihn nicht innerhalb von zehn "
        "Tagen nach der Benachrichtigung ab, endet die Bereitstellung: Dann schickt mir das "
        "Jobcenter den Bescheid auf anderem Weg. Ich kann diese Einwilligung jederzeit für die "
        "Zukunft widerrufen."
    ),
}
# Field codes of the postkorb service (its ``felder``) as the gateway's field messages.
POSTKORB_FELDCODES = {
    "leer": "pflichtfeld",
    "zu_lang": "text_zu_lang",
    "dateityp_nicht_erlaubt": "anlage_ungueltig",
    "base64_ungueltig": "anlage_ungueltig",
    "leere_datei": "anlage_ungueltig",
    "dateiname_ungueltig": "dateiname_ungueltig",
}

# Named schemas of the OpenAPI document (gateway.web.openapi registers them).
KOMPONENTEN = (
    ("ThreadKurz", schemas.ThreadKurz),
    ("Postfach", schemas.Postfach),
    ("PostfachAbfrage", schemas.PostfachAbfrage),
    ("NachrichtKurz", schemas.NachrichtKurz),
    ("Thread", schemas.Thread),
    ("AnlageInfo", schemas.AnlageInfo),
    ("Bekanntgabe", schemas.Bekanntgabe),
    ("Nachricht", schemas.Nachricht),
    ("Archivieren", schemas.Archivieren),
    ("Archiviert", schemas.Archiviert),
    ("AntwortSenden", schemas.AntwortSenden),
    ("AntwortGesendet", schemas.AntwortGesendet),
    ("Einwilligung", schemas.Einwilligung),
    ("EinwilligungSetzen", schemas.EinwilligungSetzen),
)


@endpunkt(
    "GET",
    "/api/v1/postkorb",
    "postfachLesen",
    "My mailbox: threads with their unread messages",
    abfrage=schemas.PostfachAbfrage,
    antworten={200: ("The threads, latest first", schemas.Postfach)},
    anmeldung=True,
    ruft_dienste=True,
)
def postfach_lesen(ctx: RequestContext) -> JsonAntwort:
    """`?archiv=true` lists the archived threads; `ungelesen` counts the whole mailbox."""
    ctx.anmeldung_erforderlich()
    archiv = ctx.abfrage(POSTFACH_ABFRAGE)["archiv"]
    return JsonAntwort(postfach(ctx.dienste.postkorb.postfach(archiv=archiv)))


@endpunkt(
    "GET",
    "/api/v1/postkorb/threads/{thread_id}",
    "threadLesen",
    "One thread: its messages, the person's replies with their delivery status",
    antworten={200: ("The thread", schemas.Thread)},
    fehler=(NichtGefunden,),
    remote_fehler=("thread_nicht_gefunden",),
    anmeldung=True,
    ruft_dienste=True,
)
def thread_lesen(ctx: RequestContext, thread_id: str) -> JsonAntwort:
    """Listing a thread does not open its messages: no retrieval is recorded here."""
    ctx.anmeldung_erforderlich()
    return JsonAntwort(thread(ctx.dienste.postkorb.thread(thread_id=kennung(thread_id))))


@endpunkt(
    "PUT",
    "/api/v1/postkorb/threads/{thread_id}/archiviert",
    "threadArchivieren",
    "Put a thread into the archive or take it back",
    anfrage=schemas.Archivieren,
    antworten={200: ("Done", schemas.Archiviert)},
    fehler=(NichtGefunden,),
    remote_fehler=("thread_nicht_gefunden",),
    anmeldung=True,
    ruft_dienste=True,
)
def thread_archivieren(ctx: RequestContext, thread_id: str) -> JsonAntwort:
    """An archived thread is listed with `?archiv=true`; a new message does not take it out."""
    ctx.anmeldung_erforderlich()
    archiviert = ctx.json(ARCHIVIEREN)["archiviert"]
    antwort = ctx.dienste.postkorb.archivieren(thread_id=kennung(thread_id), archiviert=archiviert)
    return JsonAntwort({"id": antwort["id"], "archiviert": antwort["archiviert"]})


@endpunkt(
    "GET",
    "/api/v1/postkorb/nachrichten/{nachricht_id}",
    "nachrichtLesen",
    "Open one message (a Bescheid: its notice date and the deadline to object)",
    antworten={200: ("The message with its attachments", schemas.Nachricht)},
    fehler=(NichtGefunden,),
    remote_fehler=("nachricht_nicht_gefunden",),
    anmeldung=True,
    ruft_dienste=True,
)
def nachricht_lesen(ctx: RequestContext, nachricht_id: str) -> JsonAntwort:
    """The first call records the retrieval (when, and how the person logged in); for a
    Bescheid provided for retrieval the Jobcenter then gets a retrieval receipt. The notice
    date (`bekanntgabe_am`) does not depend on it: the fourth day after the notification
    (§ 37 Abs. 2a SGB X). `widerspruch_hinweis`: a reply to this message is no objection."""
    return JsonAntwort(nachricht(abrufen(ctx, nachricht_id)))


@endpunkt(
    "GET",
    "/api/v1/postkorb/nachrichten/{nachricht_id}/anlagen/{anlage_id}",
    "anlageLaden",
    "Download an attachment of a message",
    antworten={200: ("The file as it was received (PDF, JPEG or PNG)", None)},
    antwort_medientyp="application/octet-stream",
    fehler=(NichtGefunden,),
    remote_fehler=("nachricht_nicht_gefunden", "anlage_nicht_gefunden", "anlage_nicht_verfuegbar"),
    anmeldung=True,
    ruft_dienste=True,
)
def anlage_laden(ctx: RequestContext, nachricht_id: str, anlage_id: str) -> Response:
    """Always as a download (Content-Disposition: attachment), never shown inline. Counts as
    opening the message (its first retrieval is recorded as with GET of the message)."""
    abrufen(ctx, nachricht_id)
    datei = ctx.dienste.postkorb.anlage(
        nachricht_id=kennung(nachricht_id), anlage_id=kennung(anlage_id)
    )
    return herunterladen(datei["inhalt"], datei["dateiname"], datei.get("medientyp"))


@endpunkt(
    "GET",
    "/api/v1/postkorb/nachrichten/{nachricht_id}/pdf",
    "nachrichtPdf",
    "Download a message as PDF",
    antworten={200: ("The message with its dates as PDF", None)},
    antwort_medientyp="application/pdf",
    fehler=(NichtGefunden,),
    remote_fehler=("nachricht_nicht_gefunden",),
    anmeldung=True,
    ruft_dienste=True,
)
def nachricht_pdf(ctx: RequestContext, nachricht_id: str) -> Response:
    """Counts as opening the message (its first retrieval is recorded)."""
    abrufen(ctx, nachricht_id)
    datei = ctx.dienste.postkorb.nachricht_pdf(nachricht_id=kennung(nachricht_id))
    return herunterladen(datei["inhalt"], datei["dateiname"], "application/pdf")


@endpunkt(
    "POST",
    "/api/v1/postkorb/threads/{thread_id}/antworten",
    "antwortSenden",
    "Reply in a thread, with attachments",
    anfrage=schemas.AntwortSenden,
    anfrage_medientyp=MULTIPART,
    antworten={
        202: (
            "Accepted: it goes to the Jobcenter exactly once; the thread shows when it arrived",
            schemas.AntwortGesendet,
        )
    },
    fehler=(NichtGefunden, AnlagenZuGross, AntwortAnlagenAbgelehnt),
    remote_fehler=("thread_nicht_gefunden", "antwort_nicht_moeglich", "anlage_nicht_sauber"),
    anmeldung=True,
    ruft_dienste=True,
)
def antwort_senden(ctx: RequestContext, thread_id: str) -> JsonAntwort:
    """Fields `text` (required) and `dateien` (any number of files, together within the upload
    limit). Every file is checked by content (PDF, JPEG, PNG) and scanned for viruses before
    anything is sent: a file that is not clean (`infiziert`, `zu_gross`, or a scan that failed
    and is never counted as clean) answers 422 `anlage_nicht_sauber`, naming the file in
    `felder` and `details.dateien`, and nothing is sent. A reply is no Widerspruch (§ 84 SGG,
    § 36a SGB I)."""
    ctx.anmeldung_erforderlich()
    text, dateien = antwort_lesen(ctx)
    postkorb = ctx.dienste.mit_zeitlimit(ctx.settings.anlage_rpc_timeout).postkorb
    entwurf = entwerfen(postkorb, kennung(thread_id), text, dateien)
    nicht_sauber(entwurf)
    gesendet = postkorb.antwort_senden(entwurf_id=entwurf["entwurf_id"])
    return JsonAntwort(
        {"nachricht_id": gesendet["nachricht_id"], "zustellstatus": gesendet["zustellstatus"]},
        202,
    )


antwort_senden.dateien_hochladen = True  # type: ignore[attr-defined]


@endpunkt(
    "GET",
    "/api/v1/postkorb/einwilligung",
    "einwilligungLesen",
    "My consent to receive notices by retrieval (§ 37 Abs. 2a SGB X)",
    antworten={
        200: ("The consent as recorded, and the current consent text", schemas.Einwilligung)
    },
    anmeldung=True,
    ruft_dienste=True,
)
def einwilligung_lesen(ctx: RequestContext) -> JsonAntwort:
    """Using the mailbox needs no consent; a Bescheid is provided for retrieval only with it."""
    ctx.anmeldung_erforderlich()
    return JsonAntwort(einwilligung(ctx, ctx.dienste.postkorb.einwilligung()))


@endpunkt(
    "PUT",
    "/api/v1/postkorb/einwilligung",
    "einwilligungSetzen",
    "Give or withdraw the consent to notices by retrieval",
    anfrage=schemas.EinwilligungSetzen,
    antworten={200: ("Recorded, with its date", schemas.Einwilligung)},
    fehler=(EinwilligungstextVeraltet,),
    anmeldung=True,
    ruft_dienste=True,
)
def einwilligung_setzen(ctx: RequestContext) -> JsonAntwort:
    """`erteilt: true` with the `textversion` of the text read (409
    `einwilligungstext_veraltet` when the text has changed since: read it again). `false`
    withdraws it for the future; notices given before stay given."""
    ctx.anmeldung_erforderlich()
    daten = ctx.json(EINWILLIGUNG_SETZEN)
    postkorb = ctx.dienste.postkorb
    aktuell = postkorb.einwilligung()["aktuelle_textversion"]
    if daten["erteilt"] and (daten["textversion"] != aktuell or aktuell not in EINWILLIGUNGSTEXTE):
        raise EinwilligungstextVeraltet()
    adresse = (
        {"benachrichtigung_email": daten["benachrichtigung_email"]}
        if "benachrichtigung_email" in daten
        else {}
    )
    antwort = feldfehler_uebersetzen(
        lambda: postkorb.einwilligung_setzen(
            erteilt=daten["erteilt"],
            textversion=daten["textversion"] if daten["erteilt"] else aktuell,
            **adresse,
        )
    )
    return JsonAntwort(einwilligung(ctx, antwort))


# shared with the pages ------------------------------------------------------------------------


def abrufen(ctx: RequestContext, nachricht_id: str) -> dict[str, Any]:
    """Open a message for the person: the service records the first retrieval with how the
    person logged in (§ 37 Abs. 2a SGB X), whichever way the content is reached."""
    sitzung = ctx.anmeldung_erforderlich()
    return ctx.dienste.postkorb.nachricht(
        nachricht_id=kennung(nachricht_id), anmeldung=str(sitzung.anmeldeart)
    )


def kennung(wert: str) -> str:
    """An id from the path, as the service gets it; one no id can be is a 404 at once."""
    if not wert or len(wert) > MAX_ID_ZEICHEN or not wert.isprintable():
        raise NichtGefunden()
    return wert


def postfach(antwort: dict[str, Any], alle: bool = False) -> dict[str, Any]:
    """``alle``: absent optional members as None (the pages' templates read every one)."""
    return {
        "ungelesen": antwort["ungelesen"],
        "threads": [_auswahl(t, schemas.ThreadKurz, alle=alle) for t in antwort["threads"]],
    }


def thread(antwort: dict[str, Any], alle: bool = False) -> dict[str, Any]:
    return {
        **_auswahl(antwort, schemas.Thread, ohne=("nachrichten",), alle=alle),
        "nachrichten": [
            _auswahl(n, schemas.NachrichtKurz, alle=alle) for n in antwort["nachrichten"]
        ],
    }


def nachricht(antwort: dict[str, Any], alle: bool = False) -> dict[str, Any]:
    werte = {
        **_auswahl(
            antwort,
            schemas.Nachricht,
            ohne=("anlagen", "bekanntgabe", "widerspruch_hinweis"),
            alle=alle,
        ),
        "widerspruch_hinweis": bool(antwort.get("widerspruch_hinweis")),
        "anlagen": [_auswahl(a, schemas.AnlageInfo) for a in antwort.get("anlagen", [])],
    }
    bekanntgabe = antwort.get("bekanntgabe")
    if isinstance(bekanntgabe, dict):
        werte["bekanntgabe"] = _auswahl(bekanntgabe, schemas.Bekanntgabe)
    elif alle:
        werte["bekanntgabe"] = None
    return werte


def einwilligung(ctx: RequestContext, antwort: dict[str, Any]) -> dict[str, Any]:
    """The consent as recorded, with the current text in the request's language (None when
    the gateway does not know the service's current version: then nobody can consent)."""
    text = EINWILLIGUNGSTEXTE.get(antwort["aktuelle_textversion"])
    return {
        **_auswahl(antwort, schemas.Einwilligung, ohne=("text",)),
        "text": ctx._(text) if text else None,
    }


def entwerfen(
    postkorb: Any, thread_id: str, text: str, dateien: list[dict[str, str]]
) -> dict[str, Any]:
    """``postkorb.antwort_entwerfen``; its refusal of a field (an empty text, a file that is
    no PDF, JPEG or PNG) as the gateway's field error, with a message in the language."""
    return feldfehler_uebersetzen(
        lambda: postkorb.antwort_entwerfen(thread_id=thread_id, text=text, dateien=dateien)
    )


def feldfehler_uebersetzen(aufruf: Callable[[], Any]) -> Any:
    """A postkorb call whose refusal of a field (``EingabeUngueltig`` with ``felder``) becomes
    the gateway's field error, with the gateway's codes and messages in the language."""
    try:
        return aufruf()
    except RemoteError as error:
        felder = remote_inhalt(error).get("felder")
        if error.exc_type != "EingabeUngueltig" or not isinstance(felder, list) or not felder:
            raise
        raise EingabeUngueltig(
            {
                _feldname(f.get("feld")): _feldcode(_feldname(f.get("feld")), str(f.get("code")))
                for f in felder
                if isinstance(f, dict)
            }
        ) from None


def _feldcode(feld: str, code: str) -> str:
    if feld == "benachrichtigung_email":
        return "pflichtfeld" if code == "fehlt" else "email_ungueltig"
    if feld.startswith("dateien"):
        return POSTKORB_FELDCODES.get(code, "anlage_ungueltig")
    return POSTKORB_FELDCODES.get(code, "pflichtfeld")


def _feldname(feld: Any) -> str:
    """The service's ``dateien[0]`` as the gateway names fields: ``dateien.0``."""
    return str(feld or "").replace("[", ".").replace("]", "")


def _auswahl(
    antwort: dict[str, Any], schema: type, ohne: tuple[str, ...] = (), alle: bool = False
) -> dict[str, Any]:
    """The schema's members the service answered (required ones must be there); with
    ``alle``, the optional ones it left out as None."""
    felder = schema._declared_fields  # noqa: SLF001 - marshmallow's list of the fields
    return {
        name: antwort[name] if feld.required else antwort.get(name)
        for name, feld in felder.items()
        if name not in ohne and (feld.required or alle or name in antwort)
    }


def antwort_lesen(ctx: RequestContext) -> tuple[str, list[dict[str, str]]]:
    """Text and files of a reply (multipart), as the postkorb RPC takes them
    (``[{"dateiname", "inhalt": base64}]``). The service checks what the files are."""
    if ctx.request.mimetype != MULTIPART:
        raise MedientypNichtUnterstuetzt()
    form, files = ctx.request.form, ctx.request.files  # may raise RequestEntityTooLarge
    text = text_pruefen(form.get("text", ""))
    dateien = [
        {"dateiname": datei.filename, "inhalt": base64.b64encode(datei.read()).decode()}
        for datei in files.getlist("dateien")
        if datei.filename
    ]
    return text, dateien


def text_pruefen(text: str) -> str:
    """A reply's text, trimmed: required, at most ANTWORT_MAX_ZEICHEN, no control characters
    but line breaks and tabs (422 at the field ``text`` otherwise)."""
    text = text.strip()
    if not text:
        raise EingabeUngueltig({"text": "pflichtfeld"})
    if len(text) > schemas.ANTWORT_MAX_ZEICHEN:
        raise EingabeUngueltig({"text": "text_zu_lang"})
    if not text.isprintable() and not _nur_umbrueche(text):
        raise EingabeUngueltig({"text": "text_steuerzeichen"})
    return text


def _nur_umbrueche(text: str) -> bool:
    """Line breaks and tabs are text in a letter; other control characters are not."""
    return "".join(c for c in text if c not in "\r\n\t").isprintable()


def nicht_sauber(entwurf: dict[str, Any]) -> None:
    """Refuse before sending when a file of the draft is not clean (pending counts too)."""
    nummern = [n for n, anlage in enumerate(entwurf["anlagen"]) if anlage["pruefung"] != "sauber"]
    abgelehnt = [
        {
            "dateiname": entwurf["anlagen"][n]["dateiname"],
            "pruefung": entwurf["anlagen"][n]["pruefung"],
        }
        for n in nummern
    ]
    if abgelehnt:
        raise AntwortAnlagenAbgelehnt(abgelehnt, nummern)


def herunterladen(inhalt: str, dateiname: str, medientyp: str | None) -> Response:
    """A file as a download; its name as sent by whoever wrote it, made safe for the header."""
    name = "".join(c for c in dateiname if c.isprintable() and c not in '"\\') or "datei"
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_")
    if medientyp not in DOWNLOAD_MEDIENTYPEN:  # anything else only as bytes to save
        medientyp = "application/octet-stream"
    return Response(
        base64.b64decode(inhalt),
        content_type=medientyp,
        headers={
            "Content-Disposition": (
                f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
            )
        },
    )
