"""The gateway with the postkorb stand-in (gateway_postkorb_dienst) behind it, for the mailbox's
API, page and browser tests: both as `nameko run` processes under names of this run's own."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gateway_test_support import SUPPORT, dienstname, gateway_process
from kombu import Connection
from nameko.standalone.rpc import ClusterRpcClient
from PIL import Image

from kernel.testing import ServiceProcess

POSTKORB = "gateway_postkorb_dienst:PostkorbAttrappe"
BESCHEID_TEXT = (
    "Sehr geehrte Frau Mustermann,\n\nIhrem Antrag auf Einstiegsgeld wird entsprochen.\n\n"
    "Rechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats nach "
    "Bekanntgabe Widerspruch erhoben werden."
)


@dataclass(frozen=True)
class PostkorbGateway:
    gateway: ServiceProcess
    postkorb: ServiceProcess
    name: str

    @property
    def url(self) -> str:
        return self.gateway.url

    def rpc(self) -> Any:
        return ClusterRpcClient(uri=self.postkorb.amqp_uri, timeout=10)

    def einliefern(self, person_id: str, **nachricht: Any) -> dict[str, str]:
        """A message of the Jobcenter into the person's mailbox."""
        with self.rpc() as rpc:
            return rpc[self.name].einliefern(person_id, nachricht)

    def bescheid(self, person_id: str, antrag_id: str = "a-1") -> dict[str, str]:
        return self.einliefern(
            person_id,
            thread_betreff="Ihr Antrag auf Einstiegsgeld",
            antrag_id=antrag_id,
            art="bescheid",
            betreff="Bescheid über Einstiegsgeld",
            text=BESCHEID_TEXT,
            aktenzeichen="JC-43102-2026-0815",
            bekanntgabe_am="2026-12-11",
            frist_ende="2027-01-11",
            anlagen=[
                {
                    "dateiname": "bescheid.pdf",
                    "medientyp": "application/pdf",
                    "inhalt": base64.b64encode(b"%PDF-1.7\n% bescheid\n%%EOF\n").decode(),
                }
            ],
        )

    def gesendet(self) -> list[dict[str, Any]]:
        with self.rpc() as rpc:
            return rpc[self.name].gesendet()

    def abrufe(self, nachricht_id: str) -> list[str]:
        with self.rpc() as rpc:
            return rpc[self.name].abrufe(nachricht_id)


@contextmanager
def postkorb_gateway(ordner: Path, **gateway_env: str) -> Iterator[PostkorbGateway]:
    name = dienstname("postkorb")
    with ExitStack() as stack:
        (ordner / "postkorb").mkdir(parents=True, exist_ok=True)
        postkorb = stack.enter_context(
            ServiceProcess(
                POSTKORB,
                env={
                    "SOZ_SERVICE_NAME": "postkorb",
                    "SOZ_DATA_DIR": str(ordner / "postkorb"),
                    "PYTHONPATH": str(SUPPORT),
                    "POSTKORB_DIENSTNAME": name,
                },
                log_path=ordner / "postkorb.log",
            )
        )
        gateway = stack.enter_context(
            gateway_process(
                ordner / "gateway",
                TEST_DIENSTNAMEN=f"postkorb={name}",
                SOZ_GATEWAY_LIMIT_LOGIN_IP="1000/60",
                SOZ_GATEWAY_LIMIT_SIGNUP_IP="1000/60",
                **gateway_env,
            )
        )
        try:
            yield PostkorbGateway(gateway, postkorb, name)
        finally:
            # nameko's RPC queue is durable: test runs leave none behind
            with Connection(postkorb.amqp_uri) as connection:
                connection.default_channel.queue_delete(f"rpc-{name}")


def foto(breite: int = 1200) -> bytes:
    """A phone photo's size class: a JPEG of a few hundred KB."""
    datei = io.BytesIO()
    Image.effect_noise((breite, breite * 4 // 3), 60).convert("RGB").save(datei, "JPEG", quality=90)
    return datei.getvalue()


def mit_testsignatur() -> bytes:
    """A PDF carrying the virus scanners' test string (assembled here, never committed)."""
    signatur = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!"
    return b"%PDF-1.4\n" + signatur.encode() + b"\n%%EOF\n"
