"""Where the bytes of an application's attachments come from: the antrag service's RPC
``anlage_datei(antrag_id, anlage_id)`` (docs/adr/0032), called on no person's behalf once the
application was submitted. The bytes are fetched for every send and checked against the sha256
the event carries, so a resend carries exactly what the XÖV message names; they are never
copied into the xta-gateway's store.
"""

from __future__ import annotations

import abc
import base64
import binascii
import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from xta_gateway.adapters.xta import Anlage
from xta_gateway.domain.zustellung import Fehlschlag


class AnlageFehler(Exception):
    def __init__(self, fehlschlag: Fehlschlag) -> None:
        super().__init__(fehlschlag.code)
        self.fehlschlag = fehlschlag


class Anlagenquelle(abc.ABC):
    @abc.abstractmethod
    def holen(self, antrag_id: str, anlage: Mapping[str, Any]) -> Anlage:
        """The attachment's bytes as an XTA Attachment, or AnlageFehler."""


def pruefen(anlage: Mapping[str, Any], daten: bytes, xml_id: str) -> Anlage:
    if hashlib.sha256(daten).hexdigest() != anlage["sha256"]:
        raise AnlageFehler(
            Fehlschlag("anlage_ungueltig", "attachment bytes do not match their sha256", False)
        )
    return Anlage(
        daten=daten,
        mime_typ=str(anlage["mime_type"]),
        dateiname=str(anlage["dateiname"]),
        anlage_id=xml_id,
    )


class RpcAnlagenquelle(Anlagenquelle):
    """Calls through the service container's own RPC client (nameko's ``ClusterRpc`` with its
    shared reply listener: one persistent reply consumer for all green threads). nameko's
    client waits for ever; the time-out is ours. ``client()`` gives the client and a function
    that drops the call's pending reply from the listener: called after every call, so that a
    reply that never came does not stay registered for the life of the process."""

    def __init__(
        self, client: Callable[[], tuple[Any, Callable[[], None]]], dienst: str, timeout: float
    ) -> None:
        self.client = client
        self.dienst = dienst
        self.timeout = timeout

    def holen(self, antrag_id: str, anlage: Mapping[str, Any]) -> Anlage:
        import eventlet
        from nameko.exceptions import RemoteError

        from xta_gateway.xoev.renderer import anlage_xml_id

        client, vergessen = self.client()
        try:
            with eventlet.Timeout(self.timeout):
                antwort = client[self.dienst].anlage_datei(antrag_id, str(anlage["anlage_id"]))
        except RemoteError as fehler:
            dauerhaft = fehler.exc_type in ("NichtGefunden", "Verboten", "EingabeUngueltig")
            raise AnlageFehler(
                Fehlschlag(
                    "anlage_ungueltig" if dauerhaft else "anlage_nicht_verfuegbar",
                    f"{self.dienst}.anlage_datei: {fehler.exc_type}",
                    not dauerhaft,
                )
            ) from None
        except (Exception, eventlet.Timeout) as fehler:  # noqa: BLE001 - time-out, no service
            raise AnlageFehler(
                Fehlschlag(
                    "anlage_nicht_verfuegbar",
                    f"{self.dienst}.anlage_datei: {type(fehler).__name__}",
                    True,
                )
            ) from None
        finally:
            vergessen()
        try:
            daten = base64.b64decode(antwort["inhalt"], validate=True)
        except (KeyError, TypeError, binascii.Error):
            raise AnlageFehler(
                Fehlschlag("anlage_ungueltig", "attachment answer without content", False)
            ) from None
        return pruefen(anlage, daten, anlage_xml_id(str(anlage["anlage_id"])))
