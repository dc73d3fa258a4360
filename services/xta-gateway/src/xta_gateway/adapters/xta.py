"""The one interface to the Land's XTA server, whatever XTA version it speaks.

``XtaTransport`` is what the delivery workflow calls; ``Xta2V3Transport`` (xta2_v3.py) speaks
XTA 2 Version 3. Versions 4 and 5 (xta-core) would be further implementations of the same
interface. Every method makes exactly one call and raises an ``XtaFehler`` subclass from the
one error table (xta_fehler.py); retrying with back-off is the workflow's job, because only it
can persist that it is retrying.
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Kennung:
    """A party (author or reader) as the directory service (DVDV) knows it."""

    wert: str
    typ: str = "xoev"
    name: str | None = None
    kategorie: str | None = None


@dataclass(frozen=True)
class Code:
    """An entry of a code list (oscimeta:KeyCodeType)."""

    code: str
    liste: str
    listenversion: str
    name: str | None = None


@dataclass(frozen=True)
class Anlage:
    """One attachment of the ContentContainer. ``anlage_id`` is the id the XÖV message's
    anlage element refers to."""

    daten: bytes
    mime_typ: str
    dateiname: str | None = None
    anlage_id: str | None = None


@dataclass(frozen=True)
class Sendung:
    """Everything sendMessage needs: MessageMetaData (author, reader, service, business
    scenario, message type) and the ContentContainer (the XÖV message and its attachments).
    ``message_id`` comes from ``create_message_id`` and is stored before the first send."""

    message_id: str
    autor: Kennung
    leser: Kennung
    service: str
    geschaeftsszenario: Code
    nachrichtentyp: Code
    payload_schema: str
    nachricht: bytes
    anlagen: tuple[Anlage, ...] = ()
    testnachricht: bool = False
    # MsgIdentification/In-Reply-To: the MessageID(s) this message answers (a Postkorb reply)
    in_reply_to: tuple[str, ...] = ()


class Versandergebnis(enum.StrEnum):
    ANGENOMMEN = "angenommen"
    # 9024 on a repeated send: an earlier attempt with this id reached the server
    BEREITS_ANGENOMMEN = "bereits_angenommen"


class Status(enum.IntEnum):
    """TransportReport MessageStatus/Status."""

    OFFEN = 0
    GRUEN = 1
    GELB = 2
    ROT = 3


@dataclass(frozen=True)
class Meldung:
    art: str  # "fehler", "warnung", "info"
    code: str
    grund: str
    zeitpunkt: datetime | None = None


@dataclass(frozen=True)
class TransportBericht:
    message_id: str
    status: Status
    berichtszeit: datetime
    server: str
    meldungen: tuple[Meldung, ...] = ()

    @property
    def final(self) -> bool:
        return self.status is not Status.OFFEN

    @property
    def zugestellt(self) -> bool:
        return self.status in (Status.GRUEN, Status.GELB)

    @property
    def fehlercode(self) -> str | None:
        """The first error's code of a red report (for ZustellungFehlgeschlagen)."""
        return next((m.code for m in self.meldungen if m.art == "fehler"), None)


@dataclass(frozen=True)
class Postfacheintrag:
    message_id: str
    autor: Kennung
    leser: Kennung
    service: str
    nachrichtentyp: str | None
    in_reply_to: tuple[str, ...] = ()
    # MsgSize: the message with its attachments in bytes, as the server states it (optional)
    groesse: int | None = None


@dataclass(frozen=True)
class Statusliste:
    """One getStatusList: the entries and the MsgBoxRequestID that ``close`` needs."""

    abruf_id: str
    eintraege: tuple[Postfacheintrag, ...]
    weitere: int = 0


@dataclass(frozen=True)
class EmpfangeneNachricht:
    message_id: str
    abruf_id: str
    autor: Kennung
    leser: Kennung
    service: str
    nachrichtentyp: str | None
    payload_schema: str | None
    nachricht: bytes
    anlagen: tuple[Anlage, ...] = ()
    in_reply_to: tuple[str, ...] = ()


class XtaTransport(abc.ABC):
    """One XTA server connection for the platform's account (its author identifier)."""

    version: str

    @abc.abstractmethod
    def create_message_id(self) -> str:
        """A new MessageID. Call once per delivery and store it before sending."""

    @abc.abstractmethod
    def send_message(self, sendung: Sendung, *, erneuter_versuch: bool = False) -> Versandergebnis:
        """Hand the message to the server. ``erneuter_versuch``: an earlier send with this
        MessageID failed without a definite refusal (time-out, dropped connection, 5xx,
        9030–9032), so it may have been stored: then 9024 means BEREITS_ANGENOMMEN. On a first
        send 9024 raises ``MessageIdBereitsVergeben``."""

    @abc.abstractmethod
    def get_transport_report(self, message_id: str) -> TransportBericht:
        """The current TransportReport; poll until ``final``."""

    @abc.abstractmethod
    def get_status_list(self, max_eintraege: int = 100) -> Statusliste:
        """The platform's MsgBox: messages written to it and not closed yet."""

    @abc.abstractmethod
    def get_message(self, message_id: str) -> EmpfangeneNachricht:
        """One message of the MsgBox, with its attachments. It stays there until ``close``."""

    @abc.abstractmethod
    def close(self, abruf_id: str, message_ids: Sequence[str]) -> None:
        """Remove the messages from the MsgBox. Call only after they are safely stored."""
