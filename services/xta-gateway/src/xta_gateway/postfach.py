"""Inbound: the platform's MsgBox (docs/adr/0049). ``getStatusList`` → ``getMessage`` → store
(``NachrichtEingegangen`` + ``NachrichtEmpfangen`` for the Postkorb, or ``NachrichtGeparkt``)
→ ``close`` only after the commit. The stream id is derived from the MessageID, so a message
delivered twice (a close that did not close, a crash before close) is stored once.

With several replicas one polls at a time (a PostgreSQL advisory lock around each poll,
adapters/nameko_provider.py, docs/adr/0057). Two polls at once would still store and emit each
message once: both may fetch it, but the second append at version 0 conflicts and counts as
``doppelt``; the message is then closed twice: the second close changes nothing (a server
that refuses it with an error is logged, ``close_fehlgeschlagen``).
"""

from __future__ import annotations

import base64
import hashlib
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import or_, select

from contracts.text import dateiname
from kernel.application import Application
from kernel.errors import ConcurrencyConflict, InvalidEvent
from kernel.eventstore import NewEvent
from xta_gateway import metriken
from xta_gateway.adapters.xta import EmpfangeneNachricht, Postfacheintrag, XtaTransport
from xta_gateway.adapters.xta_fehler import XtaFehler
from xta_gateway.konfiguration import Konfiguration
from xta_gateway.projections import eingaenge, zustellungen
from xta_gateway.xoev import leser
from xta_gateway.xoev.renderer import Schema

log = structlog.get_logger("xta_gateway.postfach")
_NAMENSRAUM = uuid.UUID("0e7d4c2a-1b3f-4e5d-8a9c-6b7f8e9d0a1b")
_MIME = re.compile(r"[a-z]+/[a-z0-9][a-z0-9.+-]*")


def eingang_stream_id(message_id: str) -> str:
    return f"eingang-{uuid.uuid5(_NAMENSRAUM, message_id)}"


class Abrufzustand:
    """How the polls of this replica went: failures in a row and the last good one, for
    ``/health/ready`` and the metrics (an alert fires on them, docs/adr/0063)."""

    def __init__(self) -> None:
        self.fehler_in_folge = 0
        self.letzter_erfolg: float | None = None

    def erfolg(self) -> None:
        self.fehler_in_folge = 0
        self.letzter_erfolg = time.time()
        metriken.POSTFACH_ABRUFE.labels("ok").inc()
        metriken.POSTFACH_FEHLER_IN_FOLGE.set(0)
        metriken.POSTFACH_LETZTER_ERFOLG.set(self.letzter_erfolg)

    def fehlschlag(self) -> None:
        self.fehler_in_folge += 1
        metriken.POSTFACH_ABRUFE.labels("fehler").inc()
        metriken.POSTFACH_FEHLER_IN_FOLGE.set(self.fehler_in_folge)


def abrufen(
    application: Application,
    transport: XtaTransport,
    konfiguration: Konfiguration,
    schema: Schema,
    *,
    max_eintraege: int = 100,
    runden: int = 10,
) -> dict[str, int]:
    """Fetch until the MsgBox is empty (at most ``runden`` lists). Every message ends filed,
    parked, or (held back, not fetchable now) left in the MsgBox; none holds up the ones after
    it. Messages left there on purpose are asked for on top of ``max_eintraege``, so however
    many there are, they never fill the list. Raises only when the server or the database
    fails (the poll failed, see ``Abrufzustand``)."""
    zaehler = dict.fromkeys(
        ("empfangen", "geparkt", "doppelt", "nicht_abgerufen", "zurueckgehalten"), 0
    )
    zurueckgehalten = _zurueckgehalten(application)
    gesehen: set[str] = set()
    for _ in range(runden):
        liste = transport.get_status_list(max_eintraege + len(zurueckgehalten | gesehen))
        neu = [e for e in liste.eintraege if e.message_id not in gesehen]
        for eintrag in neu:
            gesehen.add(eintrag.message_id)
            if eintrag.message_id in zurueckgehalten:
                zaehler["zurueckgehalten"] += 1
                continue
            ergebnis = _eines(
                application, transport, konfiguration, schema, liste.abruf_id, eintrag
            )
            zaehler[ergebnis] += 1
            metriken.EINGAENGE.labels(ergebnis).inc()
        if not liste.weitere or not neu:
            break
    return zaehler


def _zurueckgehalten(application: Application) -> set[str]:
    """MessageIDs parked without fetching: they stay in the MsgBox until an operator fetches
    or closes them, and a poll passes over them."""
    with application.database.read() as verbindung:
        return set(
            verbindung.execute(
                select(eingaenge.c.message_id).where(eingaenge.c.status == "zurueckgehalten")
            ).scalars()
        )


def _eines(
    application: Application,
    transport: XtaTransport,
    konfiguration: Konfiguration,
    schema: Schema,
    abruf_id: str,
    eintrag: Postfacheintrag,
) -> str:
    stream_id = eingang_stream_id(eintrag.message_id)
    if application.store.stream_version(stream_id) > 0:
        _schliessen(transport, abruf_id, eintrag.message_id)
        return "doppelt"
    if eintrag.groesse is not None and eintrag.groesse > konfiguration.eingang_max_bytes:
        return _zurueckhalten(
            application,
            eintrag,
            "zu_gross",
            f"MsgSize {eintrag.groesse} bytes exceeds {konfiguration.eingang_max_bytes}",
        )
    try:
        nachricht = transport.get_message(eintrag.message_id)
    except XtaFehler as fehler:
        log.warning("get_message_fehlgeschlagen", code=fehler.code, message_id=eintrag.message_id)
        if fehler.wiederholbar and fehler.code != "antwort_unlesbar":
            # the server is busy or away: not stored, so not closed; the next pass tries again
            return "nicht_abgerufen"
        # refused, or an answer we cannot read (an encrypted container, too large for the
        # transport): trying again changes nothing, so an operator decides
        return _zurueckhalten(
            application, eintrag, "nicht_abrufbar", f"getMessage failed: {fehler.code}"
        )
    except Exception as fehler:  # noqa: BLE001 - an answer our adapter cannot take apart
        log.exception("get_message_unlesbar", message_id=eintrag.message_id)
        return _zurueckhalten(
            application,
            eintrag,
            "nicht_abrufbar",
            f"getMessage answer not readable: {type(fehler).__name__}",
        )
    ergebnis = ablegen(application, konfiguration, schema, nachricht, stream_id, 0)
    # Only now, with the message stored, may it leave the MsgBox.
    _schliessen(transport, nachricht.abruf_id, eintrag.message_id)
    return ergebnis


def ablegen(
    application: Application,
    konfiguration: Konfiguration,
    schema: Schema,
    nachricht: EmpfangeneNachricht,
    stream_id: str,
    version: int,
) -> str:
    """Store a fetched message: filed (``empfangen``) or parked, whatever its bytes. Content
    the store refuses (an attachment's name or type beyond the event's limits, …) is parked
    too; only a failing database raises."""
    try:
        ereignisse, ergebnis = _ereignisse(application, konfiguration, schema, nachricht)
        _anhaengen(application, stream_id, version, ereignisse)
    except ConcurrencyConflict:
        ergebnis = "doppelt"
    except (InvalidEvent, ValueError, TypeError, UnicodeError) as fehler:
        log.warning(
            "nachricht_nicht_ablegbar",
            fehler=type(fehler).__name__,
            message_id=nachricht.message_id,
        )
        geparkt = _geparkt(
            nachricht.message_id,
            nachricht.autor.wert,
            nachricht.nachrichtentyp,
            leser.Unlesbar("nicht_ablegbar", f"not storable as filed: {type(fehler).__name__}"),
            nachricht.nachricht,
        )
        try:
            _anhaengen(application, stream_id, version, [geparkt])
        except ConcurrencyConflict:
            return "doppelt"
        ergebnis = "geparkt"
    log.info("nachricht_abgerufen", ergebnis=ergebnis, message_id=nachricht.message_id)
    return ergebnis


def _anhaengen(
    application: Application, stream_id: str, version: int, ereignisse: list[NewEvent]
) -> None:
    with application.unit_of_work() as uow:
        uow.append(stream_id, version, ereignisse)
        uow.commit()


def _zurueckhalten(
    application: Application, eintrag: Postfacheintrag, grund: str, beschreibung: str
) -> str:
    """Park a message without its content and leave it in the MsgBox (docs/adr/0064)."""
    ereignis = _geparkt(
        eintrag.message_id,
        eintrag.autor.wert,
        eintrag.nachrichtentyp,
        leser.Unlesbar(grund, beschreibung),
        b"",
        im_postfach=True,
        groesse=eintrag.groesse,
    )
    try:
        _anhaengen(application, eingang_stream_id(eintrag.message_id), 0, [ereignis])
    except ConcurrencyConflict:
        return "doppelt"
    log.warning("nachricht_zurueckgehalten", grund=grund, message_id=eintrag.message_id)
    return "geparkt"


def _geparkt(
    message_id: str,
    autor: str,
    nachrichtentyp: str | None,
    unlesbar: leser.Unlesbar,
    daten: bytes,
    *,
    im_postfach: bool | None = None,
    groesse: int | None = None,
) -> NewEvent:
    return NewEvent(
        "NachrichtGeparkt",
        _ohne_leere(
            {
                "message_id": message_id,
                "subjekt_id": str(uuid.uuid5(_NAMENSRAUM, f"subjekt:{message_id}")),
                "autor": autor[:255] or "unbekannt",
                "nachrichtentyp": (nachrichtentyp or "")[:100] or None,
                "grund": unlesbar.grund,
                "beschreibung": unlesbar.beschreibung or unlesbar.grund,
                "nachricht": base64.b64encode(daten).decode("ascii"),
                "empfangen_am": datetime.now(UTC).isoformat(),
                "im_postfach": im_postfach,
                "groesse": groesse,
            }
        ),
    )


class EingangNichtMoeglich(Exception):
    """An operator's action does not fit the message's state (code in ``args[0]``)."""


def _eingang(application: Application, message_id: str) -> dict[str, Any]:
    with application.database.read() as verbindung:
        zeile = verbindung.execute(
            select(eingaenge).where(eingaenge.c.message_id == message_id)
        ).first()
    if zeile is None:
        raise EingangNichtMoeglich("nachricht_unbekannt")
    return dict(zeile._mapping)


def geparkt_abrufen(
    application: Application,
    transport: XtaTransport,
    konfiguration: Konfiguration,
    schema: Schema,
    message_id: str,
) -> dict[str, str]:
    """Operator: fetch a message that was held back in the MsgBox (too large, or not
    fetchable then), whatever its size, and file or park it as a poll would; then close it."""
    if _eingang(application, message_id)["status"] != "zurueckgehalten":
        raise EingangNichtMoeglich("nicht_zurueckgehalten")
    stream_id = eingang_stream_id(message_id)
    nachricht = transport.get_message(message_id)
    ergebnis = ablegen(
        application,
        konfiguration,
        schema,
        nachricht,
        stream_id,
        application.store.stream_version(stream_id),
    )
    _schliessen(transport, nachricht.abruf_id, message_id)
    return {"message_id": message_id, "ergebnis": ergebnis}


def geparkt_erledigen(
    application: Application, transport: XtaTransport, message_id: str
) -> dict[str, str]:
    """Operator: a parked message is dealt with (e.g. the Jobcenter sent it again). One held
    back in the MsgBox is closed there, so it leaves the XTA server."""
    status = _eingang(application, message_id)["status"]
    if status not in ("geparkt", "zurueckgehalten"):
        raise EingangNichtMoeglich(f"status_{status}")
    im_postfach = status == "zurueckgehalten"
    if im_postfach:
        try:
            transport.close(transport.get_status_list(1).abruf_id, [message_id])
        except XtaFehler as fehler:
            if fehler.code != "9070":  # 9070: no longer in the MsgBox, nothing to close
                raise
    stream_id = eingang_stream_id(message_id)
    _anhaengen(
        application,
        stream_id,
        application.store.stream_version(stream_id),
        [
            NewEvent(
                "NachrichtErledigt",
                {
                    "message_id": message_id,
                    "im_postfach_geschlossen": im_postfach,
                    "zeitpunkt": datetime.now(UTC).isoformat(),
                },
            )
        ],
    )
    log.info("nachricht_erledigt", message_id=message_id, im_postfach_geschlossen=im_postfach)
    return {"message_id": message_id, "status": "erledigt"}


def _schliessen(transport: XtaTransport, abruf_id: str, message_id: str) -> None:
    try:
        transport.close(abruf_id, [message_id])
    except XtaFehler as fehler:
        # Stored already: the next pass finds it again, skips it as a duplicate and closes it.
        log.warning("close_fehlgeschlagen", code=fehler.code, message_id=message_id)


def _ereignisse(
    application: Application,
    konfiguration: Konfiguration,
    schema: Schema,
    nachricht: EmpfangeneNachricht,
) -> tuple[list[NewEvent], str]:
    empfangen_am = datetime.now(UTC)
    try:
        inhalt = leser.lesen(nachricht.nachricht, schema)
        jobcenter_id = konfiguration.jobcenter_von_leser(nachricht.autor.wert)
        if jobcenter_id is None:
            raise leser.Unlesbar("autor_unbekannt", "the author is no connected Jobcenter")
        zustellung = _zustellung_zu(application, inhalt.antrag_id, nachricht.in_reply_to)
        if zustellung is None:
            raise leser.Unlesbar(
                "zuordnung_unbekannt", "neither antragsID nor In-Reply-To names a delivery"
            )
        if zustellung["jobcenter_id"] != jobcenter_id:
            raise leser.Unlesbar(
                "autor_passt_nicht", "the author is not the Jobcenter the application went to"
            )
        if not inhalt.betreff or len(inhalt.betreff) > 255 or len(inhalt.text) > 100_000:
            raise leser.Unlesbar("schema_verletzt", "subject or text out of the event's limits")
    except leser.Unlesbar as unlesbar:
        return [
            _geparkt(
                nachricht.message_id,
                nachricht.autor.wert,
                nachricht.nachrichtentyp,
                unlesbar,
                nachricht.nachricht,
            )
        ], "geparkt"
    anlagen = [
        (
            {
                "anlage_id": str(uuid.uuid5(_NAMENSRAUM, f"{nachricht.message_id}:{nummer}")),
                "dateiname": dateiname(anlage.dateiname, laenge=255, ersatz=f"anlage-{nummer}"),
                "mime_type": anlage.mime_typ.lower()
                if _MIME.fullmatch(anlage.mime_typ.lower())
                else "application/octet-stream",
                "sha256": hashlib.sha256(anlage.daten).hexdigest(),
            },
            anlage.daten,
        )
        for nummer, anlage in enumerate(nachricht.anlagen, start=1)
        if anlage.daten
    ]
    gemeinsam: dict[str, Any] = {
        "message_id": nachricht.message_id,
        "person_id": zustellung["person_id"],
        "jobcenter_id": jobcenter_id,
        "empfangen_am": empfangen_am.isoformat(),
    }
    return [
        NewEvent(
            "NachrichtEingegangen",
            _ohne_leere(
                {
                    **gemeinsam,
                    "zustellung_id": zustellung["zustellung_id"],
                    "autor": nachricht.autor.wert[:255],
                    "nachrichtentyp": nachricht.nachrichtentyp or None,
                    "nachricht": inhalt.xml,
                    "anlagen": [
                        {**ref, "daten": base64.b64encode(daten).decode("ascii")}
                        for ref, daten in anlagen
                    ],
                }
            ),
        ),
        NewEvent(
            "NachrichtEmpfangen",
            _ohne_leere(
                {
                    **gemeinsam,
                    "antrag_id": zustellung["antrag_id"],
                    "antwort_auf_message_id": nachricht.in_reply_to[0]
                    if nachricht.in_reply_to
                    else None,
                    "betreff": inhalt.betreff,
                    "inhalt": inhalt.text,
                    "anlagen": [{**ref, "groesse": len(daten)} for ref, daten in anlagen],
                    # v2 (docs/adr/0102): the kind, a request's deadline, file number, reply
                    # address, and the XÖV message's own id for a retrieval receipt
                    "art": inhalt.art,
                    "frist": inhalt.frist,
                    "aktenzeichen": inhalt.aktenzeichen,
                    "antwortadresse": inhalt.antwortadresse,
                    "nachrichten_uuid": inhalt.nachrichten_uuid or None,
                }
            ),
        ),
    ], "empfangen"


def _zustellung_zu(
    application: Application, antrag_id: str | None, in_reply_to: tuple[str, ...]
) -> dict[str, Any] | None:
    bedingungen = []
    if in_reply_to:
        bedingungen.append(zustellungen.c.message_id.in_(in_reply_to))
    if antrag_id:
        bedingungen.append(zustellungen.c.antrag_id == antrag_id)
    if not bedingungen:
        return None
    with application.database.read() as verbindung:
        zeile = verbindung.execute(
            select(zustellungen)
            .where(or_(*bedingungen))
            .order_by(zustellungen.c.eroeffnet_am.desc())
            .limit(1)
        ).first()
    return dict(zeile._mapping) if zeile else None


def _ohne_leere(payload: dict[str, Any]) -> dict[str, Any]:
    """Optional fields are left out, never null (contracts)."""
    return {k: v for k, v in payload.items() if v is not None}
