"""The service's nameko dependency: the kernel's EventSourcing plus the XTA connection, the
renderer and the sweeper (``Motor``), which runs beside the workers like the outbox relay.
Several replicas may share one PostgreSQL database: each drives the deliveries it holds the
lease of, and one at a time polls the MsgBox (replikate.py, docs/adr/0057)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from functools import partial
from typing import Any

import eventlet
import structlog
from nameko import config as nameko_config
from nameko.amqp.publish import Publisher
from nameko.constants import AMQP_URI_CONFIG_KEY, DEFAULT_AMQP_URI
from nameko.rpc import Client, get_rpc_exchange

from kernel.envelope import Envelope
from kernel.nameko import EventSourcing, ServiceContext
from kernel.nameko.rpc import ReplyListener, rpc_publish_options
from xta_gateway import handlers, postfach
from xta_gateway.adapters.anlagen import RpcAnlagenquelle
from xta_gateway.adapters.xta2_v3 import Xta2V3Transport
from xta_gateway.adapters.xta_fehler import XtaFehler
from xta_gateway.bootstrap import bootstrap
from xta_gateway.konfiguration import Konfiguration
from xta_gateway.projections import lesemodell_anpassen
from xta_gateway.replikate import LESEMODELL_SPERRE, POSTFACH_SPERRE, nur_eine_replik
from xta_gateway.xoev.renderer import Schema
from xta_gateway.zustelldienst import Motor, Zustelldienst

log = structlog.get_logger("xta_gateway")


@dataclass
class XtaKontext(ServiceContext):
    dienst: Zustelldienst | None = None
    motor: Motor | None = None
    abrufzustand: postfach.Abrufzustand | None = None

    def antrag_eingereicht(self, envelope: Envelope) -> None:
        self._eroeffnen(envelope, handlers.CONSUMER_ANTRAG_EINGEREICHT, handlers.antrag_eingereicht)

    def postkorb_antwort_verfasst(self, envelope: Envelope) -> None:
        """A person's Postkorb reply: the same delivery workflow (docs/adr/0055)."""
        referenz = handlers.referenz_uuid_fuer(
            self.application, envelope.payload.get("antwort_auf_message_id")
        )
        self._eroeffnen(
            envelope,
            handlers.CONSUMER_POSTKORB_ANTWORT,
            partial(handlers.postkorb_antwort_verfasst, referenz_uuid=referenz),
        )

    def postkorb_meldung(self, envelope: Envelope) -> None:
        """A notice opened for the first time or not given by retrieval: the receipt or the
        end of provision to its Jobcenter (docs/adr/0102)."""
        self._eroeffnen(envelope, handlers.CONSUMER_POSTKORB_MELDUNG, handlers.postkorb_meldung)

    def _eroeffnen(self, envelope: Envelope, consumer: str, oeffnen: Callable[..., Any]) -> None:
        zustellung_id = self._dienst().eroeffnen(envelope, consumer, oeffnen)
        if zustellung_id is not None:
            self._motor().anstossen(zustellung_id)

    def zustellung(self, zustellung_id: str) -> dict[str, Any]:
        return handlers.zustellung_ansehen(self.application, zustellung_id)

    def zustellungen(
        self, status: str | None, jobcenter_id: str | None, grenze: int
    ) -> list[dict[str, Any]]:
        return handlers.zustellungen_auflisten(self.application, status, jobcenter_id, grenze)

    def erneut_zustellen(self, zustellung_id: str) -> dict[str, Any]:
        """Whichever replica answers takes the delivery's lease with the resend and drives it
        at once (docs/adr/0057)."""
        ergebnis = handlers.erneut_zustellen(self.application, zustellung_id, self._dienst().leases)
        self._motor().anstossen(str(zustellung_id))
        return ergebnis

    def eingang_anlage(self, message_id: str, anlage_id: str) -> dict[str, Any]:
        return handlers.eingang_anlage(
            self.application,
            message_id,
            anlage_id,
            self.broker_user,
            self._dienst().konfiguration.eingang_leser,
        )

    def geparkte_nachrichten(self) -> list[dict[str, Any]]:
        return handlers.geparkte_nachrichten(self.application)

    def geparkt_abrufen(self, message_id: str) -> dict[str, str]:
        dienst = self._dienst()
        return postfach.geparkt_abrufen(
            self.application, dienst.transport, dienst.konfiguration, dienst.schema, message_id
        )

    def geparkt_erledigen(self, message_id: str) -> dict[str, str]:
        return postfach.geparkt_erledigen(self.application, self._dienst().transport, message_id)

    def metriken_erneuern(self) -> None:
        self._dienst().metriken_erneuern()

    def postfach_abrufen(self) -> dict[str, int]:
        """One replica at a time polls (a poll of another replica is under way: skip this
        tick). Two at once would still store and emit each message once (postfach.py). A
        failed poll (server away, database down, a fault of ours) is counted: failures in a
        row show in the metrics, raise an alert and, past a limit, in readiness."""
        dienst = self._dienst()
        zustand = self.abrufzustand
        try:
            with nur_eine_replik(self.application.database, POSTFACH_SPERRE) as dran:
                if not dran:
                    return {}
                ergebnis = postfach.abrufen(
                    self.application, dienst.transport, dienst.konfiguration, dienst.schema
                )
        except XtaFehler as fehler:  # the server is away: the next tick tries again
            log.warning("postfach_nicht_erreichbar", code=fehler.code)
        except Exception as fehler:  # noqa: BLE001 - the timer's next tick tries again
            log.exception("postfach_abruf_fehlgeschlagen", fehler=type(fehler).__name__)
        else:
            if zustand is not None:
                zustand.erfolg()
            return ergebnis
        if zustand is not None:
            zustand.fehlschlag()
        return {}

    def _dienst(self) -> Zustelldienst:
        if self.dienst is None:  # pragma: no cover - set-up fails before that
            raise RuntimeError("the xta-gateway is not set up")
        return self.dienst

    def _motor(self) -> Motor:
        if self.motor is None:  # pragma: no cover
            raise RuntimeError("the xta-gateway is not set up")
        return self.motor


class XtaGateway(EventSourcing):
    # RPC for the attachments' bytes as nameko's ClusterRpc does it: one shared reply
    # listener (a persistent consumer) for every green thread of the sweeper; replies lost with
    # its queue fail the waiting calls, not the container (docs/adr/0058).
    antworten = ReplyListener()

    def __init__(self) -> None:
        super().__init__(bootstrap)
        self.dienst: Zustelldienst | None = None
        self.motor: Motor | None = None
        self.abrufzustand = postfach.Abrufzustand()

    def setup(self) -> None:
        super().setup()
        # replicas starting together: one adapts the read model, the others wait for it
        with nur_eine_replik(self.application.database, LESEMODELL_SPERRE, warten=True):
            if lesemodell_anpassen(self.application):
                log.warning("lesemodell_neu_aufgebaut", tabelle="zustellungen")
        while self.antworten.queue is None:  # its setup runs concurrently (as in ClusterRpc)
            eventlet.sleep(0.05)
        amqp_uri = nameko_config.get(AMQP_URI_CONFIG_KEY, DEFAULT_AMQP_URI)
        self.rpc_publisher = Publisher(
            amqp_uri,
            exchange=get_rpc_exchange(),
            serializer=self.container.serializer,
            reply_to=self.antworten.queue.routing_key,
            # who asks, validated by the broker: antrag gives a submitted application's files
            # only to the broker users of SOZ_ANTRAG_ANLAGEN_LESER (docs/adr/0074)
            **rpc_publish_options(amqp_uri),
        )
        self._antworten_erklaert_bis = 0.0
        konfiguration = Konfiguration.aus_umgebung()
        self.dienst = Zustelldienst(
            self.application,
            Xta2V3Transport(konfiguration.xta),
            konfiguration,
            Schema(),
            RpcAnlagenquelle(
                self._rpc_client, konfiguration.anlagen_dienst, konfiguration.anlagen_timeout
            ),
            # postkorb.anlage_datei(nachricht_id, anlage_id): the contract of ADR 0055
            RpcAnlagenquelle(
                self._rpc_client, konfiguration.postkorb_dienst, konfiguration.anlagen_timeout
            ),
        )
        self.motor = Motor(self.dienst, konfiguration.sweep_sekunden)
        log.info(
            "xta_gateway_bereit",
            endpunkt=konfiguration.xta.endpunkt,
            autor=konfiguration.autor.wert,
            jobcenter=",".join(sorted(konfiguration.jobcenter)),
            leser_ableiten=konfiguration.leser_ableiten,
            replika=self.dienst.leases.inhaber,
            lease_sekunden=konfiguration.lease_sekunden,
        )

    def start(self) -> None:
        super().start()
        self.container.spawn_managed_thread(self.motor.laufen, identifier="xta-zustellung")
        self.container.spawn_managed_thread(self.motor.leases_erneuern, identifier="xta-leases")

    def stop(self) -> None:
        if self.motor is not None:
            self.motor.stoppen()
        super().stop()

    def _rpc_client(self) -> tuple[Client, Callable[[], None]]:
        """A client for one call, and what drops its pending reply afterwards (a call that
        timed out would otherwise leave it in the shared listener for good)."""
        registriert: list[str] = []

        def registrieren(correlation_id: str) -> Callable[[], Any]:
            registriert.append(correlation_id)
            return self.antworten.register_for_reply(correlation_id)

        def vergessen() -> None:
            for correlation_id in registriert:
                self.antworten.pending.pop(correlation_id, None)

        return Client(self._rpc_senden, registrieren, {}), vergessen

    def _rpc_senden(self, payload: Any, **optionen: Any) -> None:
        """Publish an RPC request. nameko declares the reply queue with every request (an
        expiring queue is never cached as declared): three broker round trips per attachment.
        The reply listener's consumer declares it (again after a reconnect); here it is
        declared with the first request and then once a minute, in case (docs/adr/0052)."""
        jetzt = time.monotonic()
        erklaeren = jetzt >= self._antworten_erklaert_bis
        if erklaeren:
            optionen["declare"] = [*optionen.get("declare", ()), self.antworten.queue]
        self.rpc_publisher.publish(payload, **optionen)
        if erklaeren:
            self._antworten_erklaert_bis = jetzt + 60.0

    def get_dependency(self, worker_ctx) -> XtaKontext:  # noqa: ANN001
        context = super().get_dependency(worker_ctx)
        geerbt = {feld.name: getattr(context, feld.name) for feld in fields(context)}
        return XtaKontext(
            **geerbt, dienst=self.dienst, motor=self.motor, abrufzustand=self.abrufzustand
        )

    def readiness(self) -> dict[str, bool]:
        grenze = self.dienst.konfiguration.postfach_fehler_unbereit if self.dienst else 30
        return {
            **super().readiness(),
            "zustellung": self.motor is not None,
            "postfach": self.abrufzustand.fehler_in_folge < grenze,
        }
