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
import uuid
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import or_, select

from kernel.application import Application
from kernel.errors import ConcurrencyConflict
from kernel.eventstore import NewEvent
from xta_gateway import metriken
from xta_gateway.adapters.xta import EmpfangeneNachricht, Postfacheintrag, XtaTransport
from xta_gateway.adapters.xta_fehler import XtaFehler
from xta_gateway.konfiguration import Konfiguration
from xta_gateway.projections import zustellungen
from xta_gateway.xoev import leser
from xta_gateway.xoev.renderer import Schema

log = structlog.get_logger("xta_gateway.postfach")
_NAMENSRAUM = uuid.UUID("0e7d4c2a-1b3f-4e5d-8a9c-6b7f8e9d0a1b")
_MIME = re.compile(r"[a-z]+/[a-z0-9][a-z0-9.+-]*")


def eingang_stream_id(message_id: str) -> str:
    return f"eingang-{uuid.uuid5(_NAMENSRAUM, message_id)}"


def abrufen(
    application: Application,
    transport: XtaTransport,
    konfiguration: Konfiguration,
    schema: Schema,
    *,
    max_eintraege: int = 100,
    runden: int = 10,
) -> dict[str, int]:
    """Fetch until the MsgBox is empty (at most ``runden`` lists). Counts: stored, parked,
    already there, not fetched (left in the MsgBox for the next pass)."""
    zaehler = {"empfangen": 0, "geparkt": 0, "doppelt": 0, "nicht_abgerufen": 0}
    for _ in range(runden):
        liste = transport.get_status_list(max_eintraege)
        for eintrag in liste.eintraege:
            _eines(application, transport, konfiguration, schema, liste.abruf_id, eintrag, zaehler)
        if not liste.weitere or zaehler["nicht_abgerufen"]:
            break
    return zaehler


def _eines(
    application: Application,
    transport: XtaTransport,
    konfiguration: Konfiguration,
    schema: Schema,
    abruf_id: str,
    eintrag: Postfacheintrag,
    zaehler: dict[str, int],
) -> None:
    stream_id = eingang_stream_id(eintrag.message_id)
    if application.store.stream_version(stream_id) > 0:
        zaehler["doppelt"] += 1
        metriken.EINGAENGE.labels("doppelt").inc()
        _schliessen(transport, abruf_id, eintrag.message_id)
        return
    try:
        nachricht = transport.get_message(eintrag.message_id)
    except XtaFehler as fehler:
        # Not stored, so not closed: it stays in the MsgBox and is tried on the next pass;
        # the entries after it are not held up.
        zaehler["nicht_abgerufen"] += 1
        metriken.EINGAENGE.labels("nicht_abgerufen").inc()
        log.warning("get_message_fehlgeschlagen", code=fehler.code, message_id=eintrag.message_id)
        return
    ereignisse, ergebnis = _ereignisse(application, konfiguration, schema, nachricht)
    try:
        with application.unit_of_work() as uow:
            uow.append(stream_id, 0, ereignisse)
            uow.commit()
    except ConcurrencyConflict:
        ergebnis = "doppelt"
    zaehler[ergebnis] += 1
    metriken.EINGAENGE.labels(ergebnis).inc()
    log.info("nachricht_abgerufen", ergebnis=ergebnis, message_id=eintrag.message_id)
    # Only now, with the message stored, may it leave the MsgBox.
    _schliessen(transport, nachricht.abruf_id, eintrag.message_id)


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
            NewEvent(
                "NachrichtGeparkt",
                _ohne_leere(
                    {
                        "message_id": nachricht.message_id,
                        "subjekt_id": str(
                            uuid.uuid5(_NAMENSRAUM, f"subjekt:{nachricht.message_id}")
                        ),
                        "autor": nachricht.autor.wert[:255] or "unbekannt",
                        "nachrichtentyp": nachricht.nachrichtentyp or None,
                        "grund": unlesbar.grund,
                        "beschreibung": unlesbar.beschreibung or unlesbar.grund,
                        "nachricht": base64.b64encode(nachricht.nachricht).decode("ascii"),
                        "empfangen_am": empfangen_am.isoformat(),
                    }
                ),
            )
        ], "geparkt"
    anlagen = [
        (
            {
                "anlage_id": str(uuid.uuid5(_NAMENSRAUM, f"{nachricht.message_id}:{nummer}")),
                "dateiname": (anlage.dateiname or f"anlage-{nummer}")[:255],
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
                    "nachricht": nachricht.nachricht.decode("utf-8"),
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
