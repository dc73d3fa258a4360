"""What the service's entrypoints do: open a delivery for an AntragEingereicht or a
PostkorbAntwortVerfasst, and the operators' queries and resend. Plain functions over the
kernel's unit of work."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from sqlalchemy import select

from kernel.application import Application
from kernel.envelope import Envelope
from kernel.unit_of_work import UnitOfWork
from xta_gateway.domain.zustellung import (
    PostkorbZustellungEroeffnet,
    Zustellung,
    ZustellungEroeffnet,
)
from xta_gateway.konfiguration import JobcenterAnbindung, Konfiguration
from xta_gateway.projections import eingaenge, zustellungen
from xta_gateway.replikate import Leases, lease_freigeben

CONSUMER_ANTRAG_EINGEREICHT = "xta_gateway.antrag_eingereicht"
CONSUMER_POSTKORB_ANTWORT = "xta_gateway.postkorb_antwort_verfasst"
CONSUMER_POSTKORB_MELDUNG = "xta_gateway.postkorb_meldung"
_NAMENSRAUM = uuid.UUID("5b6c1c2e-7f4e-4c1a-9d8e-3a2b1c0d9e8f")
STATUS = ("eroeffnet", "erstellt", "message_id", "wird_gesendet", "angenommen", "erneut")
FINALE = ("zugestellt", "fehlgeschlagen")
# Fields of a delivery's events an operator may see: ids, states, codes, times. The
# application, the rendered message, the PDF and the person's data are left out.
_SICHTBAR = (
    "message_id",
    "versuch",
    "erneut",
    "ergebnis",
    "schritt",
    "code",
    "grund",
    "naechster_versuch_um",
    "status",
    "berichtszeit",
    "server",
    "meldungen",
    "neue_message_id",
    "error_code",
    "reason",
    "retries",
    "report_time",
    "nachrichtentyp",
    "nachricht_sha256",
    "pdf_sha256",
    "leser",
    "service",
    "art",
    "nachricht_id",
    "antrag_id",
)


log = structlog.get_logger("xta_gateway.handlers")


class NichtGefunden(LookupError):
    """No such delivery."""


class NichtBerechtigt(PermissionError):
    """The caller's broker user may not read a Jobcenter's files (``SOZ_XTA_EINGANG_LESER``)."""


def zustellung_id_fuer(antrag_event_id: str) -> str:
    """One delivery per AntragEingereicht event (a Kurzantrag and the full application of
    the same antrag are two events, two deliveries: docs/adr/0033)."""
    return str(uuid.uuid5(_NAMENSRAUM, f"zustellung:{antrag_event_id}"))


def zustellung_id_fuer_postkorb(nachricht_id: str) -> str:
    """One delivery per Postkorb message: its id is the idempotency key, so a redelivered or
    re-published PostkorbAntwortVerfasst opens nothing new (docs/adr/0055)."""
    return str(uuid.uuid5(_NAMENSRAUM, f"postkorb:{str(nachricht_id).lower()}"))


def meldung_id_fuer(event_type: str, nachricht_id: str) -> str:
    """The id under which a notice message (receipt, end of provision) of one Postkorb
    notice is delivered: one of each kind per notice, whatever arrives twice."""
    return str(uuid.uuid5(_NAMENSRAUM, f"meldung:{event_type}:{str(nachricht_id).lower()}"))


def zustellung_id_fuer_ereignis(envelope: Envelope) -> str:
    if envelope.event_type == "PostkorbAntwortVerfasst":
        return zustellung_id_fuer_postkorb(envelope.payload["nachricht_id"])
    if envelope.event_type in MELDUNGEN:
        return zustellung_id_fuer_postkorb(
            meldung_id_fuer(envelope.event_type, envelope.payload["nachricht_id"])
        )
    return zustellung_id_fuer(envelope.event_id)


def referenz_uuid_fuer(application: Application, message_id: str | None) -> str | None:
    """The nachrichtenUUID of the Jobcenter's message a reply answers (its XTA MessageID),
    when this gateway received it: the reply's ``referenzUUID``. None otherwise."""
    if not message_id:
        return None
    from lxml import etree

    from xta_gateway.postfach import eingang_stream_id
    from xta_gateway.xoev.renderer import NS

    for ereignis in application.store.read_stream(eingang_stream_id(str(message_id))):
        xml = (
            ereignis.payload.get("nachricht")
            if ereignis.event_type == "NachrichtEingegangen"
            else None
        )
        if not xml:  # None when the person was forgotten
            continue
        try:
            parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
            wurzel = etree.fromstring(xml.encode("utf-8"), parser)
        except etree.XMLSyntaxError:
            return None
        wert = wurzel.findtext(
            "soz:nachrichtenkopf/soz:identifikation.nachricht/soz:nachrichtenUUID",
            namespaces={"soz": NS},
        )
        return wert.strip() if wert else None
    return None


def _oeffnen(
    uow: UnitOfWork,
    zustellung_id: str,
    jobcenter_id: str,
    konfiguration: Konfiguration,
    erstellen: Callable[[Zustellung], None] | None,
    eroeffnung: Callable[[JobcenterAnbindung | None, dict[str, Any]], Any],
) -> Zustellung:
    """The delivery found, or opened from ``eroeffnung(anbindung, leser)`` (the opening event,
    given the reader's fields): ended at once for a Jobcenter without an XTA reader, otherwise
    with ``erstellen`` its message rendered in the same commit."""
    repository = uow.repository(Zustellung)
    vorhanden = repository.find(zustellung_id)
    if vorhanden is not None:
        return vorhanden
    anbindung = konfiguration.anbindung(jobcenter_id)
    leser = {
        "leser": anbindung.leser.wert if anbindung else f"unbekannt:{jobcenter_id}",
        "leser_typ": anbindung.leser.typ if anbindung else "xoev",
        "leser_name": anbindung.leser.name if anbindung else None,
    }
    zustellung = Zustellung.eroeffnen(eroeffnung(anbindung, leser))
    if anbindung is None:
        zustellung.abbrechen(
            "jobcenter_nicht_angebunden",
            "no XTA reader configured for this Jobcenter (SOZ_XTA_JOBCENTER_DATEI)",
            endgueltig=True,
        )
    elif erstellen is not None:
        erstellen(zustellung)
    repository.add(zustellung)
    return zustellung


def postkorb_antwort_verfasst(
    envelope: Envelope,
    uow: UnitOfWork,
    *,
    konfiguration: Konfiguration,
    erstellen: Callable[[Zustellung], None] | None = None,
    referenz_uuid: str | None = None,
) -> Zustellung:
    """Open the delivery of a person's Postkorb reply; with ``erstellen`` the message is
    rendered in the same commit. The Postkorb message id decides the delivery: a second event
    for the same message finds the delivery and opens nothing."""
    p = envelope.payload
    nachricht_id = str(p["nachricht_id"])
    zustellung_id = zustellung_id_fuer_postkorb(nachricht_id)
    return _oeffnen(
        uow,
        zustellung_id,
        p["jobcenter_id"],
        konfiguration,
        erstellen,
        lambda _anbindung, leser: PostkorbZustellungEroeffnet(
            zustellung_id=zustellung_id,
            nachricht_id=nachricht_id,
            thread_id=str(p["thread_id"]),
            postkorb_event_id=envelope.event_id,
            person_id=str(p["person_id"]),
            jobcenter_id=p["jobcenter_id"],
            nachrichten_uuid=str(uuid.uuid5(_NAMENSRAUM, f"xoev:postkorb:{nachricht_id}")),
            eroeffnet_am=datetime.now(UTC).replace(microsecond=0),
            **leser,
            service=konfiguration.postkorb_service,
            betreff=p["betreff"],
            inhalt=p["inhalt"],
            anlagen=p["anlagen"],
            antrag_id=str(p["antrag_id"]) if p.get("antrag_id") else None,
            antwort_auf_message_id=p.get("antwort_auf_message_id"),
            referenz_uuid=referenz_uuid,
        ),
    )


MELDUNGEN = {
    "PostkorbBescheidAbgerufen": ("postkorb.abrufbestaetigung.0204", "Abrufbestätigung"),
    "PostkorbBereitstellungBeendet": ("postkorb.bereitstellungsende.0205", "Bereitstellungsende"),
}


def postkorb_meldung(
    envelope: Envelope,
    uow: UnitOfWork,
    *,
    konfiguration: Konfiguration,
    erstellen: Callable[[Zustellung], None] | None = None,
) -> Zustellung:
    """PostkorbBescheidAbgerufen or PostkorbBereitstellungBeendet: the Jobcenter that sent
    the notice gets postkorb.abrufbestaetigung.0204 or .bereitstellungsende.0205 over XTA, in
    reply to the notice's MessageID (docs/adr/0102). The same delivery workflow as a reply
    (its outcome events say art postkorb_antwort with the notice message's own id)."""
    p = envelope.payload
    typ, betreff = MELDUNGEN[envelope.event_type]
    meldung_id = meldung_id_fuer(envelope.event_type, str(p["nachricht_id"]))
    zustellung_id = zustellung_id_fuer_postkorb(meldung_id)
    meldung = {
        "typ": typ,
        "bezug_message_id": p["message_id"],
        "bezug_nachrichten_uuid": p.get("nachrichten_uuid"),
        "antrag_id": p.get("antrag_id"),
        "inhalt_sha256": p["inhalt_sha256"],
        "bereitgestellt_am": p["bereitgestellt_am"],
        "benachrichtigt_am": p.get("benachrichtigt_am"),
        "abgerufen_am": p.get("abgerufen_am"),
        "bekanntgabe_am": p.get("bekanntgabe_am"),
        "beendet_am": p.get("beendet_am"),
        "grund": p.get("grund"),
    }
    return _oeffnen(
        uow,
        zustellung_id,
        p["jobcenter_id"],
        konfiguration,
        erstellen,
        lambda _anbindung, leser: PostkorbZustellungEroeffnet(
            zustellung_id=zustellung_id,
            nachricht_id=meldung_id,
            thread_id=str(p["thread_id"]),
            postkorb_event_id=envelope.event_id,
            person_id=str(p["person_id"]),
            jobcenter_id=p["jobcenter_id"],
            nachrichten_uuid=str(uuid.uuid5(_NAMENSRAUM, f"xoev:meldung:{meldung_id}")),
            eroeffnet_am=datetime.now(UTC).replace(microsecond=0),
            **leser,
            service=konfiguration.postkorb_service,
            betreff=betreff,
            inhalt=typ,
            anlagen=[],
            antrag_id=str(p["antrag_id"]) if p.get("antrag_id") else None,
            antwort_auf_message_id=p["message_id"],
            referenz_uuid=str(p["nachrichten_uuid"]) if p.get("nachrichten_uuid") else None,
            meldung={k: str(v) for k, v in meldung.items() if v is not None},
        ),
    )


def antrag_eingereicht(
    envelope: Envelope,
    uow: UnitOfWork,
    *,
    konfiguration: Konfiguration,
    erstellen: Callable[[Zustellung], None] | None = None,
) -> Zustellung:
    """Open the delivery; with ``erstellen`` the message is rendered in the same commit."""
    p = envelope.payload
    zustellung_id = zustellung_id_fuer(envelope.event_id)
    return _oeffnen(
        uow,
        zustellung_id,
        p["jobcenter_id"],
        konfiguration,
        erstellen,
        lambda anbindung, leser: ZustellungEroeffnet(
            zustellung_id=zustellung_id,
            antrag_id=str(p["antrag_id"]),
            antrag_event_id=envelope.event_id,
            person_id=str(p["person_id"]),
            jobcenter_id=p["jobcenter_id"],
            leistung=p["leistung"],
            kurzantrag=bool(p["kurzantrag"]),
            eingereicht_am=datetime.fromisoformat(p["eingereicht_am"]),
            definition_version=p["definition_version"],
            nachrichten_uuid=str(uuid.uuid5(_NAMENSRAUM, f"xoev:{envelope.event_id}")),
            eroeffnet_am=datetime.now(UTC).replace(microsecond=0),
            **leser,
            service=anbindung.service if anbindung else konfiguration.service,
            antrag=p["antrag"],
            anlagen=p["anlagen"],
        ),
    )


# -- operators ----------------------------------------------------------------------------------


def zustellungen_auflisten(
    application: Application,
    status: str | None = None,
    jobcenter_id: str | None = None,
    grenze: int = 100,
) -> list[dict[str, Any]]:
    abfrage = select(zustellungen).order_by(zustellungen.c.eroeffnet_am.desc()).limit(grenze)
    if status == "offen":
        abfrage = abfrage.where(zustellungen.c.status.not_in(FINALE))
    elif status:
        abfrage = abfrage.where(zustellungen.c.status == status)
    if jobcenter_id:
        abfrage = abfrage.where(zustellungen.c.jobcenter_id == jobcenter_id)
    with application.database.read() as verbindung:
        return [_zeile(z) for z in verbindung.execute(abfrage).all()]


def zustellung_ansehen(application: Application, zustellung_id: str) -> dict[str, Any]:
    with application.database.read() as verbindung:
        zeile = verbindung.execute(
            select(zustellungen).where(zustellungen.c.zustellung_id == str(zustellung_id))
        ).first()
    if zeile is None:
        raise NichtGefunden("zustellung_nicht_gefunden")
    verlauf = [
        {
            "typ": e.event_type,
            "zeitpunkt": e.occurred_at,
            **{k: v for k, v in e.payload.items() if k in _SICHTBAR},
        }
        for e in application.store.read_stream(Zustellung.stream_id_for(str(zustellung_id)))
    ]
    return {**_zeile(zeile), "verlauf": verlauf}


def erneut_zustellen(
    application: Application, zustellung_id: str, leases: Leases | None = None
) -> dict[str, Any]:
    """An operator's resend of a failed delivery. With ``leases`` (the service) this replica
    takes the delivery's lease in the same commit, whoever held it: a final delivery's lease
    guards nothing, and the resend must not wait for it to run out (docs/adr/0057). Without
    (the CLI, maybe while the service is down) the lease is removed, and the next sweep of any
    replica takes the delivery."""
    with application.unit_of_work() as uow:
        zustellung = uow.repository(Zustellung).find(str(zustellung_id))
        if zustellung is None:
            raise NichtGefunden("zustellung_nicht_gefunden")
        zustellung.erneut_zustellen(datetime.now(UTC))
        if leases is not None:
            anspruch = leases.uebernehmen(uow.connection, zustellung.id)
        else:
            lease_freigeben(uow.connection, zustellung.id)
        uow.commit()
    if leases is not None:
        leases.bestaetigen(anspruch, "erneut_zustellen")
    return {"zustellung_id": str(zustellung_id), "status": zustellung.status.value}


def eingang_anlage(
    application: Application,
    message_id: str,
    anlage_id: str,
    broker_user: str | None,
    leser: frozenset[str],
) -> dict[str, Any]:
    """The bytes of an attachment of a received message (NachrichtEmpfangen names it by
    reference; the consumer checks the sha256), only for the broker users of ``leser`` (a
    Bescheid with a person's data is no business of the other services): any other caller is
    refused before any lookup and learns nothing of the message."""
    if broker_user not in leser:
        log.warning("eingang_anlage_verweigert", broker_user=broker_user or "unbekannt")
        raise NichtBerechtigt("eingang_anlage_verweigert")
    from xta_gateway.postfach import eingang_stream_id

    for ereignis in application.store.read_stream(eingang_stream_id(str(message_id))):
        if ereignis.event_type != "NachrichtEingegangen":
            continue
        for anlage in ereignis.payload.get("anlagen") or []:  # None when the person was forgotten
            if anlage["anlage_id"] == str(anlage_id):
                groesse = len(base64.b64decode(anlage["daten"]))
                return {
                    **{k: anlage[k] for k in ("anlage_id", "dateiname", "mime_type", "sha256")},
                    "groesse": groesse,
                    "inhalt": anlage["daten"],
                }
    raise NichtGefunden("anlage_nicht_gefunden")


def geparkte_nachrichten(application: Application) -> list[dict[str, Any]]:
    with application.database.read() as verbindung:
        zeilen = verbindung.execute(
            select(eingaenge)
            .where(eingaenge.c.status.in_(("geparkt", "zurueckgehalten")))
            .order_by(eingaenge.c.empfangen_am)
        ).all()
    return [dict(z._mapping) for z in zeilen]


def _zeile(zeile: Any) -> dict[str, Any]:
    werte = dict(zeile._mapping)
    werte.pop("korrelation", None)
    return werte
