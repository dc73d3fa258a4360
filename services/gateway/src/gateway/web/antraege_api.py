"""Handlers of the application API: /api/v1/antraege and /api/v1/formulare (issue 5).

Each one checks the shape of the request, calls the antrag service and hands back its answer;
the service decides everything else (validation, ownership, what may be submitted, where to).
Its errors arrive as RemoteError with a JSON value and become problem documents with the
service's code, per-field errors (``felder``) and ``details`` (gateway.fehler, docs/adr/0026).

Routes: gateway.service.GatewayService; the OpenAPI document: gateway.web.openapi.
"""

from __future__ import annotations

import base64
from typing import Any

import structlog
from nameko.exceptions import RemoteError
from werkzeug.wrappers import Response

from gateway.adapters.dienste import DienstNichtVerfuegbar
from gateway.fehler import (
    AnlagenZuGross,
    AntragHierNichtMoeglich,
    EingabeUngueltig,
    MedientypNichtUnterstuetzt,
)
from gateway.web import antraege_schemas as schemas
from gateway.web.antworten import JsonAntwort
from gateway.web.api import endpunkt
from gateway.web.kontext import RequestContext
from gateway.web.wohnort_vorab import angebunden, wahlwert, zustaendigkeit_vorab

log = structlog.get_logger("gateway.antraege")

ANTRAG_ANLEGEN = schemas.AntragAnlegen()
ABSCHNITT_ANTWORTEN = schemas.AbschnittAntworten()
ZURUECKZIEHUNG = schemas.Zurueckziehung()
GEMEINDE_WAEHLEN = schemas.GemeindeWaehlen()
KURZANTRAG = schemas.Kurzantrag()
MULTIPART = "multipart/form-data"

# Named schemas of the OpenAPI document (gateway.web.openapi registers them).
KOMPONENTEN = (
    ("Wohnort", schemas.Wohnort),
    ("GemeindeWaehlen", schemas.GemeindeWaehlen),
    ("AntragAnlegen", schemas.AntragAnlegen),
    ("AbschnittAntworten", schemas.AbschnittAntworten),
    ("AnlageHochladen", schemas.AnlageHochladen),
    ("Zurueckziehung", schemas.Zurueckziehung),
    ("Kurzantrag", schemas.Kurzantrag),
    ("Frist", schemas.Frist),
    ("KurzantragFeld", schemas.KurzantragFeld),
    ("KurzantragFormular", schemas.KurzantragFormular),
    ("AntragFeldfehler", schemas.AntragFeldfehler),
    ("AntragAngelegt", schemas.AntragAngelegt),
    ("JobcenterKurz", schemas.JobcenterKurz),
    ("AntragKurz", schemas.AntragKurz),
    ("AntragListe", schemas.AntragListe),
    ("Verlaufseintrag", schemas.Verlaufseintrag),
    ("Anlage", schemas.Anlage),
    ("Gemeindekandidat", schemas.Gemeindekandidat),
    ("Zustaendigkeitsvermerk", schemas.Zustaendigkeitsvermerk),
    ("Antrag", schemas.Antrag),
    ("AbschnittGespeichert", schemas.AbschnittGespeichert),
    ("Einreichung", schemas.Einreichung),
    ("GemeindeGewaehlt", schemas.GemeindeGewaehlt),
    ("Zurueckgezogen", schemas.Zurueckgezogen),
    ("Bedingung", schemas.Bedingung),
    ("FormularFeld", schemas.FormularFeld),
    ("Nachweis", schemas.Nachweis),
    ("FormularAbschnitt", schemas.FormularAbschnitt),
    ("Formular", schemas.Formular),
)
# What every call on an existing application can meet besides its own refusals.
EIGENER_ANTRAG = ("antrag_nicht_gefunden", "gleichzeitig_geaendert")
BEARBEITBAR = ("antrag_abgeschlossen", "antrag_zurueckgezogen")


@endpunkt(
    "POST",
    "/api/v1/antraege",
    "antragAnlegen",
    "Start an application for a benefit",
    anfrage=schemas.AntragAnlegen,
    antworten={
        201: (
            "The draft; its address is in Location. The Jobcenter follows within seconds "
            "(GET the application)",
            schemas.AntragAngelegt,
        )
    },
    fehler=(EingabeUngueltig, AntragHierNichtMoeglich),
    remote_fehler=("wohnort_ungueltig", "leistung_unbekannt"),
    anmeldung=True,
    ruft_dienste=True,
)
def antrag_anlegen(ctx: RequestContext) -> JsonAntwort:
    """The place of residence decides the responsible Jobcenter: the zustaendigkeit service
    answers the application's AntragAngelegt event, and `jobcenter` is set from then on.

    No draft that can never be sent (docs/adr/0082, 0119): where no Jobcenter of the place
    takes applications here, 409 `antrag_hier_nicht_moeglich` with `details.jobcenter` (each
    with `kanal` and, for jobcenter.digital, `url`): apply there instead. A place unknown to the
    directory: 422 at `wohnort` (`wohnort_unbekannt`). Where the place leaves the Jobcenter
    open, `gemeinde` may choose among the candidates; a choice that is not one of them: 422 at
    `gemeinde` (`auswahl_ungueltig`)."""
    ctx.anmeldung_erforderlich()
    daten = ctx.json(ANTRAG_ANLEGEN)
    vorauswahl = _vorab_entscheiden(ctx, daten["wohnort"], daten.get("gemeinde"))
    antwort = ctx.dienste.antrag.anlegen(
        leistung=daten["leistung"], wohnort=daten["wohnort"], gemeinde=vorauswahl
    )
    return JsonAntwort(antwort, 201, {"Location": f"/api/v1/antraege/{antwort['id']}"})


def _vorab_entscheiden(
    ctx: RequestContext, wohnort: dict[str, str], gemeinde: dict[str, str] | None
) -> dict[str, str] | None:
    """The Gemeinde chosen at creation (or None), after refusing a place whose application
    could never be sent. The same reading of zustaendigkeit's answer as the page's."""
    entscheidung = zustaendigkeit_vorab(ctx, wohnort)
    if entscheidung is None:
        return gemeinde  # refused as such: antrag.anlegen says why, at its fields
    if entscheidung["eindeutig"]:
        if gemeinde is not None:
            raise EingabeUngueltig({"gemeinde": "auswahl_ungueltig"})
        if not angebunden(entscheidung["jobcenter"]):
            raise AntragHierNichtMoeglich([entscheidung["jobcenter"]])
        return None
    kandidaten = entscheidung["kandidaten"]
    if not kandidaten:
        raise EingabeUngueltig({"wohnort": "wohnort_unbekannt"})
    if not any(angebunden(k["jobcenter"]) for k in kandidaten):
        raise AntragHierNichtMoeglich(
            list({k["jobcenter"]["id"]: k["jobcenter"] for k in kandidaten}.values())
        )
    if gemeinde is None:
        return None
    gewaehlt = f"{gemeinde['ags']}-{gemeinde['jobcenter_id']}"
    kandidat = next((k for k in kandidaten if wahlwert(k) == gewaehlt), None)
    if kandidat is None:
        raise EingabeUngueltig({"gemeinde": "auswahl_ungueltig"})
    if not angebunden(kandidat["jobcenter"]):
        raise AntragHierNichtMoeglich([kandidat["jobcenter"]])
    return gemeinde


@endpunkt(
    "GET",
    "/api/v1/antraege",
    "antraegeAuflisten",
    "My applications",
    antworten={200: ("The person's applications, newest first", schemas.AntragListe)},
    anmeldung=True,
    ruft_dienste=True,
)
def antraege_auflisten(ctx: RequestContext) -> JsonAntwort:
    """Deleted drafts (retention period) are left out."""
    ctx.anmeldung_erforderlich()
    return JsonAntwort({"antraege": ctx.dienste.antrag.meine_antraege()})


@endpunkt(
    "GET",
    "/api/v1/antraege/{antrag_id}",
    "antragLesen",
    "One application: answers, attachments, what is missing, Jobcenter, status timeline",
    antworten={200: ("The application", schemas.Antrag)},
    remote_fehler=("antrag_nicht_gefunden",),
    anmeldung=True,
    ruft_dienste=True,
)
def antrag_lesen(ctx: RequestContext, antrag_id: str) -> JsonAntwort:
    """Someone else's application answers 404 like one that does not exist."""
    ctx.anmeldung_erforderlich()
    return JsonAntwort(ctx.dienste.antrag.antrag(antrag_id=antrag_id))


@endpunkt(
    "GET",
    "/api/v1/formulare/{leistung}",
    "formularLesen",
    "The form definition of a benefit, in the request's language",
    antworten={
        200: (
            "Sections, fields (types, conditions, repeating groups), help texts, legal basis",
            schemas.Formular,
        )
    },
    remote_fehler=("leistung_unbekannt",),
    ruft_dienste=True,
)
def formular_lesen(ctx: RequestContext, leistung: str) -> JsonAntwort:
    """`leistung`: buergergeld, bildung_teilhabe, eingliederung, einstiegsgeld,
    mietrueckstaende. Needs no login."""
    return JsonAntwort(ctx.dienste.antrag.formular(leistung=leistung))


@endpunkt(
    "PUT",
    "/api/v1/antraege/{antrag_id}/abschnitte/{abschnitt}",
    "abschnittSpeichern",
    "Save the answers of one section (a draft may be incomplete)",
    anfrage=schemas.AbschnittAntworten,
    antworten={
        200: ("Saved; `fehlend` lists what this section still lacks", schemas.AbschnittGespeichert)
    },
    remote_fehler=(*EIGENER_ANTRAG, *BEARBEITBAR, "abschnitt_unbekannt", "felder_ungueltig"),
    anmeldung=True,
    ruft_dienste=True,
)
def abschnitt_speichern(ctx: RequestContext, antrag_id: str, abschnitt: str) -> JsonAntwort:
    """Replaces the section's answers. A wrong value is a 422 `felder_ungueltig` listing every
    field with its code and message; answers to questions that do not apply are dropped."""
    ctx.anmeldung_erforderlich()
    daten = ctx.json(ABSCHNITT_ANTWORTEN)
    antwort = ctx.dienste.antrag.speichern(antrag_id=antrag_id, abschnitt=abschnitt, daten=daten)
    return JsonAntwort(antwort)


@endpunkt(
    "PUT",
    "/api/v1/antraege/{antrag_id}/gemeinde",
    "gemeindeWaehlen",
    "Choose the Gemeinde of residence when the place of residence left the Jobcenter open",
    anfrage=schemas.GemeindeWaehlen,
    antworten={200: ("Chosen: its Jobcenter is the application's", schemas.GemeindeGewaehlt)},
    remote_fehler=(
        *EIGENER_ANTRAG,
        *BEARBEITBAR,
        "zustaendigkeit_ausstehend",
        "zustaendigkeit_eindeutig",
        "gemeinde_unbekannt",
    ),
    anmeldung=True,
    ruft_dienste=True,
)
def gemeinde_waehlen(ctx: RequestContext, antrag_id: str) -> JsonAntwort:
    """When `zustaendigkeit.eindeutig` is false, `zustaendigkeit.gemeinden` lists the Gemeinden
    the place of residence may be (a postcode shared by several, a town name that names none);
    send one's `ags` and `jobcenter.id` (Berlin's Bezirk offices share one `ags`). 422
    `gemeinde_unbekannt` for any other, 409 `zustaendigkeit_eindeutig` once the Jobcenter is
    decided (by the data or an earlier choice). Submission then goes to the chosen Gemeinde's
    Jobcenter, checked like any other (`jobcenter_nicht_angebunden`)."""
    ctx.anmeldung_erforderlich()
    daten = ctx.json(GEMEINDE_WAEHLEN)
    return JsonAntwort(
        ctx.dienste.antrag.gemeinde_waehlen(
            antrag_id=antrag_id, ags=daten["ags"], jobcenter_id=daten["jobcenter_id"]
        )
    )


@endpunkt(
    "POST",
    "/api/v1/antraege/{antrag_id}/anlagen",
    "anlageHochladen",
    "Attach a document to a section",
    anfrage=schemas.AnlageHochladen,
    anfrage_medientyp=MULTIPART,
    antworten={201: ("The attachment, always one PDF", schemas.Anlage)},
    fehler=(AnlagenZuGross,),
    remote_fehler=(*EIGENER_ANTRAG, *BEARBEITBAR, "abschnitt_unbekannt", "anlage_ungueltig"),
    anmeldung=True,
    ruft_dienste=True,
)
def anlage_hochladen(ctx: RequestContext, antrag_id: str) -> JsonAntwort:
    """A file that is no PDF, JPEG or PNG, is damaged or too large answers 422
    `anlage_ungueltig` naming the file (`dateien.<n>`)."""
    ctx.anmeldung_erforderlich()
    abschnitt, dateien = anlagen_lesen(ctx)
    antrag = ctx.dienste.mit_zeitlimit(ctx.settings.anlage_rpc_timeout).antrag
    return JsonAntwort(
        antrag.anlage(antrag_id=antrag_id, abschnitt=abschnitt, dateien=dateien), 201
    )


anlage_hochladen.dateien_hochladen = True  # type: ignore[attr-defined]


@endpunkt(
    "DELETE",
    "/api/v1/antraege/{antrag_id}/anlagen/{anlage_id}",
    "anlageEntfernen",
    "Remove an attachment",
    antworten={204: ("Removed", None)},
    remote_fehler=(*EIGENER_ANTRAG, *BEARBEITBAR, "anlage_nicht_gefunden"),
    anmeldung=True,
    ruft_dienste=True,
)
def anlage_entfernen(ctx: RequestContext, antrag_id: str, anlage_id: str) -> JsonAntwort:
    ctx.anmeldung_erforderlich()
    ctx.dienste.antrag.anlage_entfernen(antrag_id=antrag_id, anlage_id=anlage_id)
    return JsonAntwort(None, 204)


@endpunkt(
    "POST",
    "/api/v1/antraege/{antrag_id}/einreichung",
    "antragEinreichen",
    "Submit the complete application to the Jobcenter",
    antworten={202: ("Accepted: it is being delivered to the Jobcenter", schemas.Einreichung)},
    remote_fehler=(
        *EIGENER_ANTRAG,
        "bereits_eingereicht",
        "antrag_zurueckgezogen",
        "zustaendigkeit_ausstehend",
        "zustaendigkeit_unklar",
        "jobcenter_nicht_angebunden",
        "antrag_unvollstaendig",
    ),
    anmeldung=True,
    ruft_dienste=True,
)
def antrag_einreichen(ctx: RequestContext, antrag_id: str) -> JsonAntwort:
    """409 `bereits_eingereicht` the second time. 422 `antrag_unvollstaendig` lists in `felder`
    everything missing or wrong. A Jobcenter that does not take applications here answers 409
    `jobcenter_nicht_angebunden` with `details.link` (jobcenter.digital for a joint Jobcenter).
    409 `zustaendigkeit_unklar` while the Jobcenter is open: choose the Gemeinde first
    (PUT /gemeinde). The receipt is at /quittung.pdf as soon as this answers."""
    ctx.anmeldung_erforderlich()
    return JsonAntwort(ctx.dienste.antrag.einreichen(antrag_id=antrag_id), 202)


@endpunkt(
    "GET",
    "/api/v1/antraege/{antrag_id}/kurzantrag",
    "kurzantragFormular",
    "What the short filing asks, with the answers known already",
    antworten={200: ("The short form's fields and known answers", schemas.KurzantragFormular)},
    remote_fehler=("antrag_nicht_gefunden",),
    anmeldung=True,
    ruft_dienste=True,
)
def kurzantrag_formular(ctx: RequestContext, antrag_id: str) -> JsonAntwort:
    """Known answers come from this draft, else from the person's latest other application
    (`quelle`)."""
    ctx.anmeldung_erforderlich()
    return JsonAntwort(ctx.dienste.antrag.kurzantrag_formular(antrag_id=antrag_id))


@endpunkt(
    "POST",
    "/api/v1/antraege/{antrag_id}/kurzantrag",
    "kurzantragStellen",
    "Secure the application date now with a short filing (§ 37 SGB II), complete it later",
    anfrage=schemas.Kurzantrag,
    anfrage_pflicht=False,
    antworten={202: ("Accepted: the short filing is being delivered", schemas.Einreichung)},
    remote_fehler=(
        *EIGENER_ANTRAG,
        "bereits_eingereicht",
        "kurzantrag_bereits_gestellt",
        "antrag_zurueckgezogen",
        "zustaendigkeit_ausstehend",
        "zustaendigkeit_unklar",
        "jobcenter_nicht_angebunden",
        "kurzantrag_unvollstaendig",
        "felder_ungueltig",
    ),
    anmeldung=True,
    ruft_dienste=True,
)
def kurzantrag_stellen(ctx: RequestContext, antrag_id: str) -> JsonAntwort:
    """Needs who (the fields the definition's `kurzantrag` names), where (the place of
    residence) and which benefit; today becomes the application date. With a body, its
    `angaben` are saved and the short filing made in one step (422 `felder_ungueltig` for a
    wrong value); without one, the saved answers must suffice. The sections stay open; the
    full submission later keeps this date. `fristen` of the application then recommends by
    when to complete it (the Jobcenter sets the binding date)."""
    ctx.anmeldung_erforderlich()
    angaben = ctx.json(KURZANTRAG)["angaben"] if ctx.request.get_data(cache=True) else None
    return JsonAntwort(ctx.dienste.antrag.kurzantrag(antrag_id=antrag_id, angaben=angaben), 202)


@endpunkt(
    "POST",
    "/api/v1/antraege/{antrag_id}/zurueckziehung",
    "antragZurueckziehen",
    "Withdraw an application",
    anfrage=schemas.Zurueckziehung,
    antworten={200: ("Withdrawn; this is final", schemas.Zurueckgezogen)},
    remote_fehler=(*EIGENER_ANTRAG, "antrag_zurueckgezogen", "begruendung_ungueltig"),
    anmeldung=True,
    ruft_dienste=True,
)
def antrag_zurueckziehen(ctx: RequestContext, antrag_id: str) -> JsonAntwort:
    """A submitted application is withdrawn towards the Jobcenter too (AntragZurueckgezogen)."""
    ctx.anmeldung_erforderlich()
    daten = ctx.json(ZURUECKZIEHUNG)
    antwort = ctx.dienste.antrag.zurueckziehen(
        antrag_id=antrag_id, begruendung=daten.get("begruendung")
    )
    return JsonAntwort(antwort)


@endpunkt(
    "GET",
    "/api/v1/antraege/{antrag_id}/quittung.pdf",
    "quittungLaden",
    "The receipt of the last submission as PDF",
    antworten={200: ("Content, submission time, SHA-256 checksum of what was sent", None)},
    antwort_medientyp="application/pdf",
    remote_fehler=("antrag_nicht_gefunden", "noch_nicht_eingereicht"),
    anmeldung=True,
    ruft_dienste=True,
)
def quittung_laden(ctx: RequestContext, antrag_id: str) -> Response:
    """Built on demand, the same bytes every time (docs/adr/0034)."""
    ctx.anmeldung_erforderlich()
    return quittung_antwort(ctx, antrag_id)


def quittung_antwort(ctx: RequestContext, antrag_id: str) -> Response:
    """The receipt as a download (also what the page links), with how to reach the Jobcenter
    as zustaendigkeit knows it now (docs/adr/0085)."""
    auskunft = jobcenter_auskunft(ctx, ctx.dienste.antrag.antrag(antrag_id=antrag_id))
    kontakt = auskunft["kontakt"] if auskunft else None
    quittung = ctx.dienste.antrag.quittung(antrag_id=antrag_id, jobcenter_kontakt=kontakt)
    return Response(
        base64.b64decode(quittung["inhalt"]),
        content_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{quittung["dateiname"]}"'},
    )


def jobcenter_auskunft(ctx: RequestContext, antrag: dict[str, Any]) -> dict[str, Any] | None:
    """The application's Jobcenter as zustaendigkeit describes it now, with how to reach it
    (``kontakt``, docs/adr/0084); None while it is open, or when zustaendigkeit cannot say:
    the page and the receipt work without it."""
    jobcenter = antrag.get("jobcenter")
    if not jobcenter:
        return None
    try:
        return ctx.dienste.zustaendigkeit.jobcenter(jobcenter_id=jobcenter["id"])
    except (RemoteError, DienstNichtVerfuegbar) as error:
        log.warning(
            "jobcenter_auskunft_fehlt", jobcenter_id=jobcenter["id"], fehler=type(error).__name__
        )
        return None


def anlagen_lesen(ctx: RequestContext) -> tuple[str, list[dict[str, str]]]:
    """The section and the files of a multipart upload, as the antrag RPC takes them
    (``[{"dateiname", "inhalt": base64}]``). The service checks what they are."""
    if ctx.request.mimetype != MULTIPART:
        raise MedientypNichtUnterstuetzt()
    form, files = ctx.request.form, ctx.request.files  # may raise RequestEntityTooLarge
    dateien = [datei for datei in files.getlist("dateien") if datei.filename]
    felder = {}
    if not form.get("abschnitt"):
        felder["abschnitt"] = "pflichtfeld"
    if not dateien:
        felder["dateien"] = "pflichtfeld"
    if felder:
        raise EingabeUngueltig(felder)
    return form["abschnitt"], [
        {"dateiname": datei.filename, "inhalt": base64.b64encode(datei.read()).decode()}
        for datei in dateien
    ]
