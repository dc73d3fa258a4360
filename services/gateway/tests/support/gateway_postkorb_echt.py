"""The real postkorb service behind the real gateway, in a RabbitMQ virtual host of this run's
own (the services run under their real names there), with an SMTP sink for the notification
mails: for the gateway's tests against services/postkorb and for bench.postkorb.

A Jobcenter's message reaches the mailbox as it does in production: a ``NachrichtEmpfangen``
(version 2) on ``xta_gateway.events``, published here as the xta-gateway would.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway_test_support import SUPPORT

from kernel.amqp_publisher import ConfirmingPublisher, OutgoingMessage
from kernel.envelope import Envelope, new_id, utc_now_rfc3339
from kernel.testing import ServiceProcess, virtual_host
from mail_senke.senke import Senke

AMQP_URI = os.environ.get("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/")
JOBCENTER = "43102"  # Main-Kinzig-Kreis


@dataclass(frozen=True)
class EchterPostkorb:
    gateway: ServiceProcess
    postkorb: ServiceProcess
    senke: Senke
    amqp_uri: str

    @property
    def url(self) -> str:
        return self.gateway.url

    def nachricht_empfangen(self, person_id: str, **felder: Any) -> str:
        """What the xta-gateway publishes for a message fetched from the Jobcenter; its
        MessageID."""
        message_id = f"urn:de:xta:messageid:test:{uuid.uuid4()}"
        payload = {
            "message_id": message_id,
            "jobcenter_id": JOBCENTER,
            "person_id": person_id,
            "betreff": "Bescheid über Einstiegsgeld",
            "inhalt": "Sehr geehrte Frau Mustermann,\n\nwir bewilligen Ihnen Einstiegsgeld.",
            "anlagen": [],
            "empfangen_am": utc_now_rfc3339(),
            "art": "bescheid",
            "aktenzeichen": "EG-43102-2026-0815",
            **felder,
        }
        envelope = Envelope(
            event_id=new_id(),
            event_type="NachrichtEmpfangen",
            schema_version=2,
            occurred_at=utc_now_rfc3339(),
            producer="xta_gateway",
            stream_id=f"empfang-{message_id}",
            stream_version=1,
            correlation_id=new_id(),
            causation_id=None,
            payload=payload,
        )
        publisher = ConfirmingPublisher(self.amqp_uri)
        try:
            publisher.publish(
                [
                    OutgoingMessage(
                        exchange="xta_gateway.events",
                        routing_key="NachrichtEmpfangen",
                        body=envelope.to_json(),
                        message_id=envelope.event_id,
                    )
                ]
            )
        finally:
            publisher.close()
        return message_id


@contextmanager
def echter_postkorb(ordner: Path, **gateway_env: str) -> Iterator[EchterPostkorb]:
    with ExitStack() as stack:
        amqp_uri = stack.enter_context(virtual_host(AMQP_URI, "gateway-postkorb"))
        senke = stack.enter_context(Senke(ordner / "mail"))
        gemeinsam = {"PYTHONPATH": str(SUPPORT), "SOZ_LOG_LEVEL": "INFO"}
        for name in ("postkorb", "gateway"):
            (ordner / name).mkdir(parents=True, exist_ok=True)
        postkorb = stack.enter_context(
            ServiceProcess(
                "postkorb.service:PostkorbService",
                amqp_uri=amqp_uri,
                env={
                    **gemeinsam,
                    "SOZ_SERVICE_NAME": "postkorb",
                    "SOZ_DATA_DIR": str(ordner / "postkorb"),
                    "SOZ_SMTP_HOST": "127.0.0.1",
                    "SOZ_SMTP_PORT": str(senke.port),
                    "SOZ_POSTKORB_TAKT_SEKUNDEN": "0.5",
                    "SOZ_POSTKORB_LAND": "HE",
                },
                log_path=ordner / "postkorb.log",
                ready_timeout=60,
            )
        )
        gateway = stack.enter_context(
            ServiceProcess(
                "gateway.service:GatewayService",
                amqp_uri=amqp_uri,
                env={
                    **gemeinsam,
                    "SOZ_SERVICE_NAME": "gateway",
                    "SOZ_DATA_DIR": str(ordner / "gateway"),
                    "SOZ_GATEWAY_DOWNSTREAM": "postkorb",
                    "SOZ_GATEWAY_LIMIT_LOGIN_IP": "1000/60",
                    "SOZ_GATEWAY_LIMIT_SIGNUP_IP": "1000/60",
                    **gateway_env,
                },
                log_path=ordner / "gateway.log",
                ready_timeout=60,
            )
        )
        yield EchterPostkorb(gateway, postkorb, senke, amqp_uri)
