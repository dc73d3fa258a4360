"""The delivery workflow: each step of the status machine (domain/zustellung.py) as one outside
call, its outcome stored as an event before the next step starts (docs/adr/0046).

``Zustelldienst.bearbeiten`` drives one delivery from its stored state as far as it can go
without waiting; ``Motor`` (the sweeper) runs it for every delivery that is due: at once when
an AntragEingereicht or a PostkorbAntwortVerfasst (docs/adr/0055) opened it, at the time of
its next try after a retryable fault, while following its TransportReport, and — after a
restart — for every delivery that is not final. With several replicas on one database each
drives only the deliveries it holds the lease of (replikate.py, docs/adr/0057).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import eventlet
import eventlet.event
import eventlet.semaphore
import structlog
from sqlalchemy import func, select

from kernel.application import Application
from kernel.consuming import handle_once
from kernel.envelope import Envelope
from kernel.errors import ConcurrencyConflict
from kernel.eventstore import NewEvent
from kernel.unit_of_work import UnitOfWork, load_aggregate
from xta_gateway import metriken
from xta_gateway.adapters import pdf
from xta_gateway.adapters.anlagen import AnlageFehler, Anlagenquelle
from xta_gateway.adapters.xta import (
    Anlage,
    Code,
    Kennung,
    Sendung,
    TransportBericht,
    XtaTransport,
)
from xta_gateway.adapters.xta import Status as XtaStatus
from xta_gateway.adapters.xta_fehler import XtaFehler, endgueltig
from xta_gateway.domain.zustellung import (
    Bericht,
    Fehlschlag,
    NachrichtErstellt,
    PostkorbZustellungEroeffnet,
    Schritt,
    Status,
    Zustellung,
)
from xta_gateway.handlers import zustellung_id_fuer_ereignis
from xta_gateway.konfiguration import Konfiguration
from xta_gateway.projections import eingaenge, zustellungen
from xta_gateway.replikate import Anspruch, Leases, replika_kennung
from xta_gateway.xoev import renderer

log = structlog.get_logger("xta_gateway.zustellung")

LISTE_GESCHAEFTSSZENARIO = "urn:xoev-de:sozialplattform:codeliste:geschaeftsszenario"
GESCHAEFTSSZENARIO = Code("SOZ_ANTRAG", LISTE_GESCHAEFTSSZENARIO, "1.0")
GESCHAEFTSSZENARIO_POSTKORB = Code("SOZ_POSTKORB", LISTE_GESCHAEFTSSZENARIO, "1.0")


def jetzt() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Vorbereitung:
    """Done before the opening commit (docs/adr/0053): the attachments fetched and checked,
    then createMessageId — its id, or how fetching or asking failed. The opening commit
    stores the outcome as the usual steps would have (MessageIdVergeben with the first
    VersandVersucht, or the failure), so the first send needs no commit of its own."""

    anlagen: tuple[Anlage, ...] = ()
    message_id: str | None = None
    fehlschlag: Fehlschlag | None = None


class Zustelldienst:
    def __init__(
        self,
        application: Application,
        transport: XtaTransport,
        konfiguration: Konfiguration,
        schema: renderer.Schema,
        anlagenquelle: Anlagenquelle,
        postkorb_anlagen: Anlagenquelle | None = None,
        leases: Leases | None = None,
    ) -> None:
        self.application = application
        self.transport = transport
        self.konfiguration = konfiguration
        self.schema = schema
        self.anlagenquelle = anlagenquelle
        # the postkorb service's ``anlage_datei(nachricht_id, anlage_id)`` (docs/adr/0055)
        self.postkorb_anlagen = postkorb_anlagen or anlagenquelle
        self.rueckoff = konfiguration.rueckoff
        # When to ask for each delivery's report next, and how often it was open: kept in
        # memory only (after a restart every report is asked for at once).
        self.bericht_termine: dict[str, tuple[float, int]] = {}
        self.aufrufe = eventlet.semaphore.Semaphore(konfiguration.parallel)
        # Deliveries this process drives, as last stored, with their correlation id: a run
        # after a timer starts from here instead of replaying the stream (whose personal
        # fields must be decrypted). Stale entries cannot do harm: an append at an old version
        # conflicts, and the delivery is then loaded from the store.
        self._bekannt: dict[str, tuple[Zustellung, str]] = {}
        # Deliveries whose opening commit stored MessageIdVergeben and the first VersandVersucht
        # (this process has not sent them yet): their attachments as fetched then, and the
        # version that commit left (anything stored since means: take the usual steps).
        self._versandbereit: dict[str, tuple[tuple[Anlage, ...], int]] = {}
        # Deliveries prepared and not yet handed over by ``merken``: the sweeper leaves them
        # alone (it would otherwise drive one from the store right after its opening commit
        # while the consumer still holds what it prepared).
        self._in_eroeffnung: set[str] = set()
        # Which deliveries this replica drives (docs/adr/0057): each step is taken only while
        # it holds the delivery's lease.
        self.leases = leases or Leases(
            application.database,
            replika_kennung(konfiguration.replika, application.database),
            konfiguration.lease_sekunden,
        )

    # -- one delivery --------------------------------------------------------------------------

    def eroeffnen(
        self, envelope: Envelope, consumer: str, oeffnen: Callable[..., Zustellung]
    ) -> str | None:
        """The consumer of an AntragEingereicht or PostkorbAntwortVerfasst: attachments and
        MessageID first (``vorbereiten``), then one commit with the inbox row, the opening
        (``oeffnen``: a handler of handlers.py), the rendered message, what was prepared and
        this replica's lease (docs/adr/0053, 0057). The id of the delivery to drive now, or
        None (a duplicate, final at once, or held by another replica)."""
        eroeffnet: list[tuple[Zustellung, Anspruch | None, bool]] = []
        vorab = None

        def handler(umschlag: Envelope, uow: UnitOfWork) -> None:
            zustellung = oeffnen(
                umschlag,
                uow,
                konfiguration=self.konfiguration,
                erstellen=lambda z: self.erstellen(z, vorab),
            )
            # ended in this commit (not rendered, no reader): logged and counted after it
            endet_jetzt = zustellung.final and zustellung.has_pending_events
            # A delivery that exists already (the same Postkorb message again) is taken only
            # if no other replica holds it.
            anspruch = (
                None
                if zustellung.final
                else self.leases.beanspruchen(uow.connection, [zustellung.id])
            )
            eroeffnet.append((zustellung, anspruch, endet_jetzt))

        try:
            vorab = self.vorbereiten(envelope)
            if not handle_once(self.application, consumer, envelope, handler):
                return None
            # the last run is the one that committed (handle_once re-runs on a conflict)
            zustellung, anspruch, endet_jetzt = eroeffnet[-1]
            if endet_jetzt:
                self._abgeschlossen(zustellung)
            if anspruch is None or not anspruch.zustellung_ids:
                return None
            self.leases.bestaetigen(anspruch, "eroeffnung")
            self.merken(zustellung, envelope.correlation_id, vorab)
            return zustellung.id
        finally:
            self.eroeffnung_beendet(envelope)

    def merken(
        self, zustellung: Zustellung, korrelation: str, vorab: Vorbereitung | None = None
    ) -> None:
        """A delivery just opened and stored by the AntragEingereicht handler."""
        self._in_eroeffnung.discard(zustellung.id)
        self._bekannt[zustellung.id] = (zustellung, korrelation)
        if (
            vorab is not None
            and vorab.message_id is not None
            and zustellung.status is Status.WIRD_GESENDET
            and zustellung.message_id == vorab.message_id
            and zustellung.sendeversuche == 1
        ):
            self._versandbereit[zustellung.id] = (vorab.anlagen, zustellung.version)

    def vorbereiten(self, envelope: Envelope) -> Vorbereitung | None:
        """For a new AntragEingereicht or PostkorbAntwortVerfasst, before its opening commit:
        what the steps
        MESSAGE_ID would do first — fetch the attachments, then ask a MessageID — so that the
        opening commit stores the id and the first VersandVersucht too (one commit fewer per
        delivery, docs/adr/0053). None (the usual steps follow) for a duplicate, an
        unconnected Jobcenter or a payload the handler must judge. A MessageID asked here and
        then not stored (a crash, a message that does not render) stays unused at the server,
        as after any crash between createMessageId and its append (ADR 0046)."""
        p = envelope.payload
        if not isinstance(p.get("jobcenter_id"), str) or not isinstance(p.get("anlagen"), list):
            return None
        if self.konfiguration.anbindung(p["jobcenter_id"]) is None:
            return None
        if envelope.event_type == "PostkorbAntwortVerfasst":
            quelle, besitzer = self.postkorb_anlagen, p.get("nachricht_id")
        else:
            quelle, besitzer = self.anlagenquelle, p.get("antrag_id")
        try:
            zustellung_id = zustellung_id_fuer_ereignis(envelope)
        except KeyError:
            return None
        with self.application.database.read() as verbindung:
            schon = verbindung.execute(
                select(zustellungen.c.zustellung_id).where(
                    zustellungen.c.zustellung_id == zustellung_id
                )
            ).first()
        if schon is not None:
            return None
        self._in_eroeffnung.add(zustellung_id)
        try:
            anlagen = tuple(quelle.holen(str(besitzer), a) for a in p["anlagen"])
        except AnlageFehler as fehler:
            return Vorbereitung(fehlschlag=fehler.fehlschlag)
        except (KeyError, TypeError):
            return None
        gestartet = time.perf_counter()
        try:
            with self.aufrufe:
                message_id = self.transport.create_message_id()
        except XtaFehler as fehler:
            metriken.AUFRUFE.labels("createMessageId", fehler.code).inc()
            log.warning(
                "xta_aufruf_fehlgeschlagen",
                operation="createMessageId",
                code=fehler.code,
                wiederholbar=fehler.wiederholbar,
                zustellung_id=zustellung_id,
            )
            return Vorbereitung(
                anlagen,
                fehlschlag=Fehlschlag(
                    fehler.code, fehler.grund, fehler.wiederholbar, fehler.endgueltig
                ),
            )
        finally:
            metriken.AUFRUF_DAUER.labels("createMessageId").observe(time.perf_counter() - gestartet)
        metriken.AUFRUFE.labels("createMessageId", "ok").inc()
        return Vorbereitung(anlagen, message_id)

    def eroeffnung_beendet(self, envelope: Envelope) -> None:
        """The consumer is done with this event (stored, duplicate or failed)."""
        with contextlib.suppress(KeyError):  # no nachricht_id: nothing was prepared
            self._in_eroeffnung.discard(zustellung_id_fuer_ereignis(envelope))

    def bearbeiten(self, zustellung_id: str) -> float | None:
        """Go as far as possible while this replica holds the lease; the seconds until it is
        due again, or None when final or driven by another replica."""
        if not self._lease(zustellung_id):
            return None
        zustellung, korrelation = self._bekannt.pop(zustellung_id, None) or self._laden(
            zustellung_id
        )
        while True:
            if zustellung is None:
                self.leases.abgeben(zustellung_id)
                return None
            schritt = zustellung.naechster_schritt(jetzt())
            if schritt is None:
                self.bericht_termine.pop(zustellung_id, None)
                self.leases.abgeben(zustellung_id)
                return None
            if isinstance(schritt, datetime) or (
                schritt is Schritt.BERICHT
                and self.bericht_termine.get(zustellung_id, (0.0, 0))[0] > time.time()
            ):
                self._bekannt[zustellung_id] = (zustellung, korrelation)
                if isinstance(schritt, datetime):
                    return max((schritt - jetzt()).total_seconds(), 0.0)
                return self.bericht_termine[zustellung_id][0] - time.time()
            if not self._lease(zustellung_id):
                return None
            zustellung = self._schritt(zustellung, schritt, korrelation)

    def _lease(self, zustellung_id: str) -> bool:
        """Before each step: the lease is surely held (taken or renewed less than a lease time
        ago), or it is free, ran out or is ours and taken now. Otherwise another replica
        drives the delivery: forget it here."""
        if self.leases.haelt(zustellung_id) or self.leases.nehmen([zustellung_id], "bearbeiten"):
            return True
        self.vergessen(zustellung_id)
        log.info("zustellung_anderswo", zustellung_id=zustellung_id)
        return False

    def vergessen(self, zustellung_id: str) -> None:
        """The lease went to another replica: nothing of this delivery is kept here."""
        self.leases.vergessen(zustellung_id)
        self._bekannt.pop(zustellung_id, None)
        self.bericht_termine.pop(zustellung_id, None)
        self._versandbereit.pop(zustellung_id, None)

    def _schritt(self, z: Zustellung, schritt: Schritt, korrelation: str) -> Zustellung | None:
        if schritt is Schritt.ERSTELLEN:
            return self._speichern(z, korrelation, self.erstellen)
        if schritt in (Schritt.MESSAGE_ID, Schritt.SENDEN):
            return self._senden(z, korrelation, neue_message_id=schritt is Schritt.MESSAGE_ID)
        return self._bericht(z, korrelation)

    def erstellen(self, z: Zustellung, vorab: Vorbereitung | None = None) -> None:
        """Render the XÖV message (and, for an application, its PDF) and validate them (a
        command on the delivery,
        not yet stored: the opening handler stores it with the opening, in one commit).
        With ``vorab``: then the MessageID and the first VersandVersucht, in the same commit."""
        e = z.eroeffnung
        assert e is not None
        if isinstance(e, PostkorbZustellungEroeffnet):
            self._postkorb_antwort_erstellen(z, e)
        else:
            self._antrag_erstellen(z)
        if vorab is None or z.status is not Status.ERSTELLT:
            return
        if vorab.fehlschlag is not None:
            z.fehlgeschlagen(Schritt.MESSAGE_ID, vorab.fehlschlag, jetzt(), self.rueckoff)
        elif vorab.message_id is not None:
            z.message_id_vergeben(vorab.message_id)
            z.versand_beginnen(jetzt())

    def _kopf(self, e: Any) -> renderer.Kopf:
        return renderer.Kopf(
            e.nachrichten_uuid,
            e.eroeffnet_am,
            autor=renderer.Beteiligter(
                self.konfiguration.autor.wert, self.konfiguration.autor.name
            ),
            leser=renderer.Beteiligter(e.leser, e.leser_name),
        )

    def _postkorb_antwort_erstellen(self, z: Zustellung, e: PostkorbZustellungEroeffnet) -> None:
        """postkorb.antwort.0201, valid against the XSD; no PDF (docs/adr/0055). For a notice
        message (``meldung``) the retrieval receipt 0204 or the end of provision 0205."""
        if e.meldung:
            try:
                nachricht = renderer.rendern_bekanntgabe_meldung(
                    e.meldung, self._kopf(e), self.schema, referenz_uuid=e.referenz_uuid
                )
            except renderer.XoevUngueltig as fehler:
                fehlschlag = Fehlschlag("xoev_schema_invalid", fehler.grund, False, endgueltig=True)
                z.fehlgeschlagen(Schritt.ERSTELLEN, fehlschlag, jetzt(), self.rueckoff)
                return
            z.nachricht_erstellt(
                NachrichtErstellt(
                    z.id,
                    e.person_id,
                    str(e.meldung["typ"]),
                    nachricht.decode("utf-8"),
                    hashlib.sha256(nachricht).hexdigest(),
                )
            )
            return
        try:
            if e.betreff is None or e.inhalt is None:
                raise renderer.XoevUngueltig("the reply was erased (person forgotten)")
            nachricht = renderer.rendern_postkorb_antwort(
                {
                    "antrag_id": e.antrag_id,
                    "betreff": e.betreff,
                    "inhalt": e.inhalt,
                    "anlagen": e.anlagen or [],
                },
                self._kopf(e),
                self.schema,
                referenz_uuid=e.referenz_uuid,
            )
        except renderer.XoevUngueltig as fehler:
            fehlschlag = Fehlschlag("xoev_schema_invalid", fehler.grund, False, endgueltig=True)
            z.fehlgeschlagen(Schritt.ERSTELLEN, fehlschlag, jetzt(), self.rueckoff)
            return
        z.nachricht_erstellt(
            NachrichtErstellt(
                z.id,
                e.person_id,
                renderer.POSTKORB_ANTWORT,
                nachricht.decode("utf-8"),
                hashlib.sha256(nachricht).hexdigest(),
            )
        )

    def _antrag_erstellen(self, z: Zustellung) -> None:
        e = z.eroeffnung
        assert e is not None and not isinstance(e, PostkorbZustellungEroeffnet)
        payload = {
            "antrag_id": e.antrag_id,
            "leistung": e.leistung,
            "jobcenter_id": e.jobcenter_id,
            "eingereicht_am": e.eingereicht_am.isoformat(),
            "kurzantrag": e.kurzantrag,
            "definition_version": e.definition_version,
            "antrag": e.antrag,
            "anlagen": e.anlagen or [],
        }
        try:
            if e.antrag is None:
                raise renderer.XoevUngueltig("the application was erased (person forgotten)")
            darstellung = pdf.rendern(
                payload, jobcenter_name=e.leser_name, erstellt_am=e.eroeffnet_am
            )
            pdf_sha = hashlib.sha256(darstellung).hexdigest()
            nachricht = renderer.rendern(
                payload,
                self._kopf(e),
                self.schema,
                pdf=renderer.PdfAnlage(pdf_sha, len(darstellung)),
            )
        except (renderer.XoevUngueltig, pdf.PdfUngueltig) as fehler:
            grund = getattr(fehler, "grund", str(fehler))
            fehlschlag = Fehlschlag("xoev_schema_invalid", grund, False, endgueltig=True)
            z.fehlgeschlagen(Schritt.ERSTELLEN, fehlschlag, jetzt(), self.rueckoff)
            return
        ereignis = NachrichtErstellt(
            z.id,
            e.person_id,
            renderer.nachrichtentyp(payload),
            nachricht.decode("utf-8"),
            hashlib.sha256(nachricht).hexdigest(),
            base64.b64encode(darstellung).decode("ascii"),
            pdf_sha,
        )
        z.nachricht_erstellt(ereignis)

    def _senden(
        self, z: Zustellung, korrelation: str, *, neue_message_id: bool
    ) -> Zustellung | None:
        """Attachments first (nothing is asked of the server without them), then — for a
        delivery without one — createMessageId, stored together with VersandVersucht before
        sendMessage: after a crash mid-send the next send is a repeated one."""
        e, n = z.eroeffnung, z.nachricht
        assert e is not None and n is not None
        schritt = Schritt.MESSAGE_ID if neue_message_id else Schritt.SENDEN
        anlagen_vorab, version_vorab = self._versandbereit.pop(z.id, ((), -1))
        if (
            version_vorab == z.version
            and not neue_message_id
            and z.status is Status.WIRD_GESENDET
            and z.sendeversuche == 1
        ):
            # the opening commit stored the MessageID and this VersandVersucht (the last event)
            anlagen = list(anlagen_vorab)
        else:
            quelle = (
                self.postkorb_anlagen
                if isinstance(e, PostkorbZustellungEroeffnet)
                else self.anlagenquelle
            )
            try:
                anlagen = [quelle.holen(z.anlagen_besitzer, a) for a in e.anlagen or []]
            except AnlageFehler as fehler:
                return self._fehlschlag(z, schritt, fehler.fehlschlag, korrelation)
            if neue_message_id:
                message_id = self._xta("createMessageId", z, schritt, korrelation)
                if isinstance(message_id, Zustellung | None):
                    return message_id

                def vorher(a: Zustellung) -> None:
                    a.message_id_vergeben(message_id)
                    a.versand_beginnen(jetzt())
            else:

                def vorher(a: Zustellung) -> None:
                    a.versand_beginnen(jetzt())

            z = self._speichern(z, korrelation, vorher)
            if z is None or z.status is not Status.WIRD_GESENDET:
                return z
        antwort = isinstance(e, PostkorbZustellungEroeffnet)
        sendung = Sendung(
            message_id=z.message_id or "",
            autor=self.konfiguration.autor,
            leser=Kennung(e.leser, e.leser_typ, e.leser_name),
            service=e.service,
            geschaeftsszenario=GESCHAEFTSSZENARIO_POSTKORB if antwort else GESCHAEFTSSZENARIO,
            nachrichtentyp=Code(n.nachrichtentyp, renderer.LISTE_NACHRICHTENTYP, "1.0"),
            payload_schema=renderer.NS,
            nachricht=n.nachricht.encode("utf-8"),
            anlagen=(*anlagen, _pdf_anlage(n)) if n.pdf else tuple(anlagen),
            in_reply_to=(e.antwort_auf_message_id,) if antwort and e.antwort_auf_message_id else (),
        )
        erneut = z.sendeversuche > 1
        ergebnis = self._xta("sendMessage", z, Schritt.SENDEN, korrelation, sendung, erneut)
        if isinstance(ergebnis, Zustellung | None):
            return ergebnis
        self.bericht_termine[z.id] = (time.time() + self.konfiguration.bericht_erste_abfrage, 0)
        # VersandAngenommen is not stored on its own: it goes into the store together with the
        # outcome of the first report poll (one commit fewer per delivery, docs/adr/0051).
        # Until then the store says wird_gesendet; after a crash the next send is a repeated
        # one, and its 9024 means "taken" — the guarantee of ADR 0046, unchanged.
        z.versand_angenommen(ergebnis.value, jetzt())
        return z

    def _bericht(self, z: Zustellung, korrelation: str) -> Zustellung | None:
        antwort = self._xta("getTransportReport", z, Schritt.BERICHT, korrelation)
        if isinstance(antwort, Zustellung | None):
            return antwort
        bericht = _bericht(antwort)
        if bericht.status == 0:
            _, offen = self.bericht_termine.get(z.id, (0.0, 0))
            abstand = min(
                self.konfiguration.bericht_erste_abfrage * 1.5 ** (offen + 1),
                self.konfiguration.bericht_max_abstand,
            )
            self.bericht_termine[z.id] = (time.time() + abstand, offen + 1)
        return self._speichern(
            z, korrelation, lambda a: a.bericht_erhalten(bericht, jetzt(), self.rueckoff)
        )

    # -- outside calls -------------------------------------------------------------------------

    def _xta(self, operation: str, z: Zustellung, schritt: Schritt, korrelation: str, *args: Any):
        """One XTA call under the concurrency limit; a fault is stored and the reloaded or
        updated delivery returned instead of the answer."""
        gestartet = time.perf_counter()
        try:
            with self.aufrufe:
                if operation == "createMessageId":
                    antwort = self.transport.create_message_id()
                elif operation == "sendMessage":
                    sendung, erneut = args
                    antwort = self.transport.send_message(sendung, erneuter_versuch=erneut)
                else:
                    antwort = self.transport.get_transport_report(z.message_id or "")
        except XtaFehler as fehler:
            metriken.AUFRUFE.labels(operation, fehler.code).inc()
            log.warning(
                "xta_aufruf_fehlgeschlagen",
                operation=operation,
                code=fehler.code,
                wiederholbar=fehler.wiederholbar,
                zustellung_id=z.id,
            )
            fehlschlag = Fehlschlag(
                fehler.code, fehler.grund, fehler.wiederholbar, fehler.endgueltig
            )
            return self._fehlschlag(z, schritt, fehlschlag, korrelation)
        finally:
            metriken.AUFRUF_DAUER.labels(operation).observe(time.perf_counter() - gestartet)
        metriken.AUFRUFE.labels(operation, "ok").inc()
        return antwort

    def _fehlschlag(
        self, z: Zustellung, schritt: Schritt, fehlschlag: Fehlschlag, korrelation: str
    ) -> Zustellung | None:
        return self._speichern(
            z, korrelation, lambda a: a.fehlgeschlagen(schritt, fehlschlag, jetzt(), self.rueckoff)
        )

    # -- store ---------------------------------------------------------------------------------

    def _laden(self, zustellung_id: str) -> tuple[Zustellung | None, str]:
        zustellung = load_aggregate(self.application, Zustellung, zustellung_id)
        with self.application.database.read() as verbindung:
            korrelation = verbindung.execute(
                select(zustellungen.c.korrelation).where(
                    zustellungen.c.zustellung_id == zustellung_id
                )
            ).scalar()
        return zustellung, korrelation or zustellung_id

    def _speichern(
        self, z: Zustellung, korrelation: str, befehl: Callable[[Zustellung], Any]
    ) -> Zustellung | None:
        """Apply a command to the delivery as loaded and append its events at the version it
        was loaded with: if anyone else moved it meanwhile, start again from the store."""
        war_final = z.final
        befehl(z)
        neue = z.collect_events()
        if not neue:
            return z
        # the version as stored: events applied in memory but not stored yet are among ``neue``
        vorher = z.version - len(neue)
        try:
            with self.application.unit_of_work(correlation_id=korrelation) as uow:
                uow.append(
                    z.stream_id,
                    vorher,
                    [NewEvent(e.event_type, e.to_payload(), e.schema_version) for e in neue],
                )
                uow.commit()
        except ConcurrencyConflict:
            log.info("zustellung_gleichzeitig_geaendert", zustellung_id=z.id)
            return self._laden(z.id)[0]
        if z.final and not war_final:
            self._abgeschlossen(z)
        return z

    def sichern(self) -> None:
        """Store what deliveries held in memory have not stored yet (an accepted send waiting
        for its first report): on shutdown, so that a restart does not have to send again."""
        for zustellung_id, (z, korrelation) in list(self._bekannt.items()):
            if not z.has_pending_events:
                continue
            try:
                self._speichern(z, korrelation, lambda _a: None)
            except Exception as fehler:  # noqa: BLE001 - the store is away: resend after restart
                log.warning(
                    "zustellung_nicht_gesichert",
                    zustellung_id=zustellung_id,
                    error_type=type(fehler).__name__,
                )

    def _abgeschlossen(self, z: Zustellung) -> None:
        e = z.eroeffnung
        assert e is not None
        self.bericht_termine.pop(z.id, None)
        self._versandbereit.pop(z.id, None)
        metriken.ABGESCHLOSSEN.labels(z.status.value, e.jobcenter_id).inc()
        metriken.ZUSTELLDAUER.observe((jetzt() - e.eroeffnet_am).total_seconds())
        fehler = z.letzter_fehler if z.status is Status.FEHLGESCHLAGEN else None
        log.info(
            "zustellung_abgeschlossen",
            zustellung_id=z.id,
            status=z.status.value,
            jobcenter_id=e.jobcenter_id,
            code=fehler.code if fehler else None,
        )
        if fehler is not None and fehler.endgueltig:
            zustellung_endgueltig_gescheitert(z, fehler)

    # -- the sweeper's view ---------------------------------------------------------------------

    def faellige(self, ausser: set[str], grenze: int = 500) -> list[str]:
        """Deliveries not final whose next try is due (or that have no time set) and whose
        lease is free, ran out or is this replica's — their leases taken now — apart from
        ``ausser`` and those a consumer is opening here."""
        return self.leases.faellige_beanspruchen(ausser | self._in_eroeffnung, grenze)

    def metriken_erneuern(self) -> None:
        """The gauge of deliveries per state and Jobcenter, from the read model (at scrape)."""
        with self.application.database.read() as verbindung:
            zeilen = verbindung.execute(
                select(zustellungen.c.status, zustellungen.c.jobcenter_id, func.count()).group_by(
                    zustellungen.c.status, zustellungen.c.jobcenter_id
                )
            ).all()
            offen = dict(
                verbindung.execute(
                    select(eingaenge.c.status, func.count())
                    .where(eingaenge.c.status.in_(("geparkt", "zurueckgehalten")))
                    .group_by(eingaenge.c.status)
                ).all()
            )
        metriken.ZUSTELLUNGEN.clear()
        for status, jobcenter, anzahl in zeilen:
            metriken.ZUSTELLUNGEN.labels(status, jobcenter).set(anzahl)
        for status in ("geparkt", "zurueckgehalten"):
            metriken.EINGAENGE_OFFEN.labels(status).set(offen.get(status, 0))


def _pdf_anlage(nachricht: NachrichtErstellt) -> Anlage:
    return Anlage(
        daten=base64.b64decode(nachricht.pdf),
        mime_typ="application/pdf",
        dateiname="antrag.pdf",
        anlage_id=renderer.PDF_ANLAGE_ID,
    )


def zustellung_endgueltig_gescheitert(z: Zustellung, fehler: Fehlschlag) -> None:
    """A failure no retry can mend: an error in the log and a count per code, for operators to
    find its cause (the person was told at once to turn to the Jobcenter, docs/adr/0065).
    Ids, code and — for our own XÖV validation — where in the message, never a value: the
    reason of the XTA server or of the PDF library may quote content, so it is left out."""
    e = z.eroeffnung
    assert e is not None
    metriken.ENDGUELTIG_FEHLGESCHLAGEN.labels(fehler.code, e.jobcenter_id).inc()
    log.error(
        "zustellung_endgueltig_fehlgeschlagen",
        zustellung_id=z.id,
        art=z.art.value,
        jobcenter_id=e.jobcenter_id,
        code=fehler.code,
        schema_stelle=fehler.grund
        if fehler.grund.startswith("XÖV schema violation at line")
        else None,
    )


def _bericht(antwort: TransportBericht) -> Bericht:
    return Bericht(
        status=int(antwort.status),
        berichtszeit=antwort.berichtszeit,
        server=antwort.server,
        meldungen=tuple(
            {"art": m.art, "code": m.code, "grund": m.grund} for m in antwort.meldungen
        ),
        endgueltig=antwort.status is XtaStatus.ROT and endgueltig(antwort.fehlercode),
    )


class Motor:
    """The sweeper: runs ``bearbeiten`` for every due delivery in green threads, at most
    ``parallel`` XTA calls at a time. Woken at once for a new or resent delivery; otherwise
    it looks every ``sweep_sekunden`` and on start (resuming whatever a crash left)."""

    def __init__(self, dienst: Zustelldienst, sweep_sekunden: float) -> None:
        self.dienst = dienst
        self.sweep_sekunden = sweep_sekunden
        self._im_gange: set[str] = set()
        self._geplant: dict[str, Any] = {}
        self._laeuft = False
        self._gestoppt = False
        self._wecker = eventlet.event.Event()

    def laufen(self) -> None:
        self._laeuft = True
        while self._laeuft:
            try:
                for zustellung_id in self.dienst.faellige(self._im_gange | set(self._geplant)):
                    self.anstossen(zustellung_id)
            except Exception as fehler:  # noqa: BLE001 - the sweeper must keep sweeping
                log.warning("sweep_fehlgeschlagen", error_type=type(fehler).__name__)
            with eventlet.Timeout(self.sweep_sekunden, False):
                self._wecker.wait()
            self._wecker = eventlet.event.Event()

    def anstossen(self, zustellung_id: str) -> None:
        if not self._laeuft or zustellung_id in self._im_gange:
            return
        geplant = self._geplant.pop(zustellung_id, None)
        if geplant is not None:
            geplant.cancel()
        self._im_gange.add(zustellung_id)
        eventlet.spawn_n(self._lauf, zustellung_id)

    def fegen(self) -> None:
        """Wake the sweeper now (it also ends its wait when stopping)."""
        if not self._wecker.ready():
            self._wecker.send()

    def _lauf(self, zustellung_id: str) -> None:
        warten: float | None
        try:
            warten = self.dienst.bearbeiten(zustellung_id)
        except Exception as fehler:  # noqa: BLE001 - the store or broker hiccuped: try later
            log.warning(
                "zustellung_unterbrochen",
                zustellung_id=zustellung_id,
                error_type=type(fehler).__name__,
            )
            warten = self.sweep_sekunden
        finally:
            self._im_gange.discard(zustellung_id)
        if warten is not None and self._laeuft:
            self._geplant[zustellung_id] = eventlet.spawn_after(
                warten, self._faellig, zustellung_id
            )

    def leases_erneuern(self) -> None:
        """Beside the sweeper: renew this replica's leases every third of the lease time (one
        statement), and drop what it lost meanwhile — a delivery waiting here for its next
        try is forgotten; one in a step stops before the next (``Zustelldienst._lease``)."""
        leases = self.dienst.leases
        while not self._gestoppt:
            eventlet.sleep(leases.dauer / 3)
            if self._gestoppt:
                return
            try:
                verloren = leases.erneuern()
            except Exception as fehler:  # noqa: BLE001 - the leases run out; others take over
                log.warning("leases_nicht_erneuert", error_type=type(fehler).__name__)
                continue
            for zustellung_id in verloren:
                geplant = self._geplant.pop(zustellung_id, None)
                if geplant is not None:
                    geplant.cancel()
                self.dienst.vergessen(zustellung_id)

    def _faellig(self, zustellung_id: str) -> None:
        self._geplant.pop(zustellung_id, None)
        self.anstossen(zustellung_id)

    def stoppen(self, warten: float = 10.0) -> None:
        """Finish the steps under way (at most ``warten`` seconds), store what is held in
        memory, then release every lease: the other replicas take over at their next sweep
        instead of waiting for the leases to run out."""
        self._laeuft = False
        for geplant in self._geplant.values():
            geplant.cancel()
        self._geplant.clear()
        self.fegen()
        ende = time.monotonic() + warten
        while self._im_gange and time.monotonic() < ende:
            eventlet.sleep(0.05)
        self.dienst.sichern()
        self._gestoppt = True
        try:
            self.dienst.leases.alle_freigeben()
        except Exception as fehler:  # noqa: BLE001 - then they run out
            log.warning("leases_nicht_freigegeben", error_type=type(fehler).__name__)
