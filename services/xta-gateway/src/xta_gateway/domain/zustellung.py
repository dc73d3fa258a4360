"""The delivery (Zustellung) of one submitted application, or of one reply a person wrote in
the Postkorb (docs/adr/0055): an explicit status machine, the same for both.

Pure domain: no XTA, no database. ``naechster_schritt`` says what the workflow must do next;
the workflow does it (one outside call) and reports the outcome back through one of the
command methods, which raise the events. Every decision is made from stored events only, so a
process killed between any two steps resumes from exactly where the store says it stood
(docs/adr/0046).

    eroeffnet ──erstellen──▶ erstellt ──createMessageId──▶ message_id
        ──VersandVersucht──▶ wird_gesendet ──sendMessage──▶ angenommen
        ──getTransportReport (final)──▶ zugestellt | fehlgeschlagen

A retryable fault records ``VersuchFehlgeschlagen`` with the time of the next try (exponential
back-off); a permanent one, or the last allowed try, ends in ``ZustellungFehlgeschlagen``.
"""

from __future__ import annotations

import enum
import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import ClassVar

from kernel.aggregate import Aggregate, DomainEvent


class Ereignis(DomainEvent):
    """An event of a delivery's stream."""


@dataclass(frozen=True)
class ZustellungEroeffnet(Ereignis):
    zustellung_id: str
    antrag_id: str
    antrag_event_id: str
    person_id: str
    jobcenter_id: str
    leistung: str
    kurzantrag: bool
    eingereicht_am: datetime
    definition_version: str
    nachrichten_uuid: str
    eroeffnet_am: datetime
    leser: str
    leser_typ: str
    service: str
    antrag: dict
    anlagen: list
    leser_name: str | None = None


@dataclass(frozen=True)
class PostkorbZustellungEroeffnet(Ereignis):
    """Opens the delivery of a person's Postkorb reply (postkorb.antwort.0201)."""

    zustellung_id: str
    nachricht_id: str
    thread_id: str
    postkorb_event_id: str
    person_id: str
    jobcenter_id: str
    nachrichten_uuid: str
    eroeffnet_am: datetime
    leser: str
    leser_typ: str
    service: str
    betreff: str
    inhalt: str
    anlagen: list
    antrag_id: str | None = None
    antwort_auf_message_id: str | None = None
    referenz_uuid: str | None = None
    leser_name: str | None = None
    # a retrieval receipt or an end of provision (postkorb.*.0204/0205) instead of a reply
    meldung: dict | None = None


Eroeffnung = ZustellungEroeffnet | PostkorbZustellungEroeffnet


class Art(enum.StrEnum):
    """What a delivery carries (the outcome events' ``art``)."""

    ANTRAG = "antrag"
    KURZANTRAG = "kurzantrag"
    POSTKORB_ANTWORT = "postkorb_antwort"


@dataclass(frozen=True)
class NachrichtErstellt(Ereignis):
    zustellung_id: str
    person_id: str
    nachrichtentyp: str
    nachricht: str
    nachricht_sha256: str
    pdf: str | None = None  # a Postkorb reply has no PDF rendering
    pdf_sha256: str | None = None


@dataclass(frozen=True)
class MessageIdVergeben(Ereignis):
    zustellung_id: str
    message_id: str


@dataclass(frozen=True)
class VersandVersucht(Ereignis):
    zustellung_id: str
    message_id: str
    versuch: int
    erneut: bool
    zeitpunkt: datetime


@dataclass(frozen=True)
class VersandAngenommen(Ereignis):
    zustellung_id: str
    message_id: str
    ergebnis: str
    zeitpunkt: datetime


@dataclass(frozen=True)
class VersuchFehlgeschlagen(Ereignis):
    zustellung_id: str
    schritt: str
    code: str
    grund: str
    versuch: int
    naechster_versuch_um: datetime
    zeitpunkt: datetime


@dataclass(frozen=True)
class TransportberichtErhalten(Ereignis):
    zustellung_id: str
    message_id: str
    status: int
    berichtszeit: datetime
    server: str
    meldungen: list


@dataclass(frozen=True)
class ErneuteZustellungAngefordert(Ereignis):
    zustellung_id: str
    neue_message_id: bool
    zeitpunkt: datetime


@dataclass(frozen=True)
class NachrichtZugestellt(Ereignis):
    """Published (contracts v2; stored v1 events are upcast with art "antrag")."""

    zustellung_id: str
    person_id: str
    message_id: str
    jobcenter_id: str
    status: str
    report_time: datetime
    art: str
    antrag_id: str | None = None
    nachricht_id: str | None = None


@dataclass(frozen=True)
class ZustellungFehlgeschlagen(Ereignis):
    """Published (contracts v2; stored v1 events are upcast with art "antrag")."""

    zustellung_id: str
    person_id: str
    jobcenter_id: str
    error_code: str
    reason: str
    retries: int
    art: str
    message_id: str | None = None
    antrag_id: str | None = None
    nachricht_id: str | None = None
    # v3: no retry or resend can mend it (docs/adr/0065); stored v2 events read as False
    endgueltig: bool = False


class Status(enum.StrEnum):
    EROEFFNET = "eroeffnet"  # opened; the message is not rendered yet
    ERSTELLT = "erstellt"  # rendered and valid; no MessageID yet
    MESSAGE_ID = "message_id"  # MessageID stored; not sent yet
    WIRD_GESENDET = "wird_gesendet"  # a send started; its outcome is not stored
    ANGENOMMEN = "angenommen"  # the server took it; the report is not final
    ZUGESTELLT = "zugestellt"
    FEHLGESCHLAGEN = "fehlgeschlagen"


FINAL = frozenset({Status.ZUGESTELLT, Status.FEHLGESCHLAGEN})


class Schritt(enum.StrEnum):
    ERSTELLEN = "erstellen"
    MESSAGE_ID = "message_id"
    SENDEN = "senden"
    BERICHT = "bericht"


@dataclass(frozen=True)
class Fehlschlag:
    """What went wrong in a step: the error table's code, a reason without content,
    whether a later try can succeed, and whether the message itself can never be delivered
    (``endgueltig``: invalid, cannot be rendered, refused for its content, no reader)."""

    code: str
    grund: str
    wiederholbar: bool
    endgueltig: bool = False


@dataclass(frozen=True)
class Rueckoff:
    """Exponential back-off: basis × 2^(n-1), at most ``maximum`` seconds, spread by up to
    a quarter (from the delivery id, so a crowd of failures does not retry in lockstep)."""

    basis: float = 1.0
    maximum: float = 300.0
    max_versuche: int = 8
    # After the message was taken, faults while following the report do not count as tries;
    # a report still open after this many seconds ends the delivery.
    bericht_frist: float = 86400.0

    def verzoegerung(self, zustellung_id: str, versuch: int) -> float:
        grund = min(self.basis * 2 ** (versuch - 1), self.maximum)
        streuung = hashlib.sha256(f"{zustellung_id}:{versuch}".encode()).digest()[0] / 1020
        return grund * (1 + streuung)


@dataclass(frozen=True)
class Bericht:
    """A TransportReport in domain terms (status 0 open, 1 green, 2 yellow, 3 red)."""

    status: int
    berichtszeit: datetime
    server: str
    meldungen: tuple[dict, ...] = ()
    # red for the content itself (its first error code, see the XTA error table)
    endgueltig: bool = False

    @property
    def fehlercode(self) -> str | None:
        return next((m["code"] for m in self.meldungen if m["art"] == "fehler"), None)

    @property
    def fehlergrund(self) -> str | None:
        return next((m["grund"] for m in self.meldungen if m["art"] == "fehler"), None)


class ZustellungNichtMoeglich(Exception):
    """A command that the delivery's state does not allow (e.g. resending a delivered one)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Zustellung(Aggregate):
    stream_prefix = "zustellung"
    events: ClassVar[tuple[type[DomainEvent], ...]] = (
        ZustellungEroeffnet,
        PostkorbZustellungEroeffnet,
        NachrichtErstellt,
        MessageIdVergeben,
        VersandVersucht,
        VersandAngenommen,
        VersuchFehlgeschlagen,
        TransportberichtErhalten,
        ErneuteZustellungAngefordert,
        NachrichtZugestellt,
        ZustellungFehlgeschlagen,
    )

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.eroeffnung: Eroeffnung | None = None
        self.nachricht: NachrichtErstellt | None = None
        self.status = Status.EROEFFNET
        self.message_id: str | None = None
        self.sendeversuche = 0  # VersandVersucht since the MessageID was given
        self.versuche = 0  # failed tries that count towards the limit (this round)
        self.fehlversuche_gesamt = 0  # every VersuchFehlgeschlagen, for `retries`
        self.naechster_versuch_um: datetime | None = None
        self.angenommen_um: datetime | None = None
        self.letzter_fehler: Fehlschlag | None = None
        self.bericht: TransportberichtErhalten | None = None
        self.ergebnis: NachrichtZugestellt | ZustellungFehlgeschlagen | None = None

    # -- opening -------------------------------------------------------------------------------

    @classmethod
    def eroeffnen(cls, ereignis: Eroeffnung) -> Zustellung:
        zustellung = cls(ereignis.zustellung_id)
        zustellung._raise(ereignis)
        return zustellung

    @property
    def art(self) -> Art:
        e = self._eroeffnung()
        if isinstance(e, PostkorbZustellungEroeffnet):
            return Art.POSTKORB_ANTWORT
        return Art.KURZANTRAG if e.kurzantrag else Art.ANTRAG

    @property
    def anlagen_besitzer(self) -> str:
        """Whose attachments these are: the application's id, or the Postkorb message's (the
        first argument of the owning service's ``anlage_datei``)."""
        e = self._eroeffnung()
        if isinstance(e, PostkorbZustellungEroeffnet):
            return e.nachricht_id
        return e.antrag_id

    def _ergebnis_ids(self) -> dict[str, str | None]:
        e = self._eroeffnung()
        return {
            "art": self.art.value,
            "antrag_id": e.antrag_id,
            "nachricht_id": e.nachricht_id if isinstance(e, PostkorbZustellungEroeffnet) else None,
        }

    @property
    def data_subject(self) -> str | None:
        return self.eroeffnung.person_id if self.eroeffnung else None

    @property
    def final(self) -> bool:
        return self.status in FINAL

    # -- what next -----------------------------------------------------------------------------

    def naechster_schritt(self, jetzt: datetime) -> Schritt | datetime | None:
        """The step to do now, the time to wait for, or None when the delivery is final."""
        if self.final:
            return None
        if self.naechster_versuch_um is not None and jetzt < self.naechster_versuch_um:
            return self.naechster_versuch_um
        return {
            Status.EROEFFNET: Schritt.ERSTELLEN,
            Status.ERSTELLT: Schritt.MESSAGE_ID,
            Status.MESSAGE_ID: Schritt.SENDEN,
            Status.WIRD_GESENDET: Schritt.SENDEN,
            Status.ANGENOMMEN: Schritt.BERICHT,
        }[self.status]

    @property
    def erneut_senden(self) -> bool:
        """Every send after the first with this MessageID may meet an earlier, uncertain one."""
        return self.sendeversuche > 0

    # -- outcomes of the steps -----------------------------------------------------------------

    def nachricht_erstellt(self, ereignis: NachrichtErstellt) -> None:
        self._erwarte(Status.EROEFFNET)
        self._raise(ereignis)

    def message_id_vergeben(self, message_id: str) -> None:
        self._erwarte(Status.ERSTELLT)
        self._raise(MessageIdVergeben(self.id, message_id))

    def versand_beginnen(self, jetzt: datetime) -> VersandVersucht:
        self._erwarte(Status.MESSAGE_ID, Status.WIRD_GESENDET)
        ereignis = VersandVersucht(
            self.id, self.message_id or "", self.sendeversuche + 1, self.erneut_senden, jetzt
        )
        self._raise(ereignis)
        return ereignis

    def versand_angenommen(self, ergebnis: str, jetzt: datetime) -> None:
        self._erwarte(Status.WIRD_GESENDET)
        self._raise(VersandAngenommen(self.id, self.message_id or "", ergebnis, jetzt))

    def fehlgeschlagen(
        self, schritt: Schritt, fehler: Fehlschlag, jetzt: datetime, rueckoff: Rueckoff
    ) -> None:
        """A step failed. Retryable: try again later, unless that was the last try allowed
        (while following the report, only the report deadline ends it). Else: failed."""
        if self.final:
            return
        bericht_phase = self.status is Status.ANGENOMMEN
        versuch = self.versuche + 1
        if fehler.wiederholbar:
            frist_vorbei = bericht_phase and self._bericht_frist_vorbei(jetzt, rueckoff)
            if (not bericht_phase and versuch < rueckoff.max_versuche) or (
                bericht_phase and not frist_vorbei
            ):
                warten = rueckoff.verzoegerung(self.id, versuch)
                self._raise(
                    VersuchFehlgeschlagen(
                        self.id,
                        schritt.value,
                        fehler.code,
                        _grund(fehler.grund),
                        versuch,
                        jetzt + timedelta(seconds=warten),
                        jetzt,
                    )
                )
                return
            grund = (
                f"report still open after {rueckoff.bericht_frist:.0f} s: {fehler.grund}"
                if bericht_phase
                else f"retries exhausted ({versuch} tries): {fehler.grund}"
            )
            self._scheitern(fehler.code, grund)
            return
        self._scheitern(fehler.code, fehler.grund, endgueltig=fehler.endgueltig)

    def bericht_erhalten(self, bericht: Bericht, jetzt: datetime, rueckoff: Rueckoff) -> bool:
        """The report as it stands. True when it was final (the delivery is now final too)."""
        self._erwarte(Status.ANGENOMMEN)
        if bericht.status == 0:
            if self._bericht_frist_vorbei(jetzt, rueckoff):
                self._scheitern(
                    "bericht_ausstehend",
                    f"TransportReport still open after {rueckoff.bericht_frist:.0f} s",
                )
                return True
            return False
        eroeffnung = self._eroeffnung()
        self._raise(
            TransportberichtErhalten(
                self.id,
                self.message_id or "",
                bericht.status,
                bericht.berichtszeit,
                bericht.server[:255] or "unbekannt",
                [
                    {"art": m["art"], "code": m["code"], "grund": _grund(m["grund"], leer="")}
                    for m in bericht.meldungen
                ],
            )
        )
        if bericht.status in (1, 2):
            self._raise(
                NachrichtZugestellt(
                    zustellung_id=self.id,
                    person_id=eroeffnung.person_id,
                    message_id=self.message_id or "",
                    jobcenter_id=eroeffnung.jobcenter_id,
                    status="green" if bericht.status == 1 else "yellow",
                    report_time=bericht.berichtszeit,
                    **self._ergebnis_ids(),
                )
            )
        else:
            self._scheitern(
                bericht.fehlercode or "9032",
                bericht.fehlergrund or "TransportReport red",
                endgueltig=bericht.endgueltig,
            )
        return True

    def abbrechen(self, code: str, grund: str, *, endgueltig: bool) -> None:
        """Fail at once, before any step (e.g. the Jobcenter is not connected here)."""
        if not self.final:
            self._scheitern(code, grund, endgueltig=endgueltig)

    def erneut_zustellen(self, jetzt: datetime) -> None:
        """Operator: deliver a failed delivery again. A MessageID that ended red, or that no
        send ever reached the server with, is replaced; one that may have been taken (the
        retries ran out after uncertain sends) is kept, so a resend cannot duplicate it."""
        if self.status is not Status.FEHLGESCHLAGEN:
            raise ZustellungNichtMoeglich(
                "bereits_zugestellt" if self.status is Status.ZUGESTELLT else "laeuft_noch"
            )
        rot = self.bericht is not None and self.bericht.status == 3
        self._raise(ErneuteZustellungAngefordert(self.id, rot or self.sendeversuche == 0, jetzt))

    # -- internals -----------------------------------------------------------------------------

    def _scheitern(self, code: str, grund: str, *, endgueltig: bool = False) -> None:
        eroeffnung = self._eroeffnung()
        self._raise(
            ZustellungFehlgeschlagen(
                zustellung_id=self.id,
                person_id=eroeffnung.person_id,
                jobcenter_id=eroeffnung.jobcenter_id,
                error_code=code[:64] or "unbekannt",
                reason=_grund(grund),
                retries=self.fehlversuche_gesamt,
                message_id=self.message_id,
                endgueltig=endgueltig,
                **self._ergebnis_ids(),
            )
        )

    def _bericht_frist_vorbei(self, jetzt: datetime, rueckoff: Rueckoff) -> bool:
        seit = self.angenommen_um or jetzt
        return (jetzt - seit).total_seconds() > rueckoff.bericht_frist

    def _eroeffnung(self) -> Eroeffnung:
        if self.eroeffnung is None:  # pragma: no cover - every stream starts with it
            raise ZustellungNichtMoeglich("nicht_eroeffnet")
        return self.eroeffnung

    def _erwarte(self, *status: Status) -> None:
        if self.status not in status:
            raise ZustellungNichtMoeglich(f"status_{self.status.value}")

    # -- applying events -----------------------------------------------------------------------

    def when_ZustellungEroeffnet(self, e: ZustellungEroeffnet) -> None:  # noqa: N802
        self.eroeffnung = e
        self.status = Status.EROEFFNET

    def when_PostkorbZustellungEroeffnet(self, e: PostkorbZustellungEroeffnet) -> None:  # noqa: N802
        self.eroeffnung = e
        self.status = Status.EROEFFNET

    def when_NachrichtErstellt(self, e: NachrichtErstellt) -> None:  # noqa: N802
        self.nachricht = e
        self.status = Status.ERSTELLT
        self.naechster_versuch_um = None
        self.versuche = 0

    def when_MessageIdVergeben(self, e: MessageIdVergeben) -> None:  # noqa: N802
        self.message_id = e.message_id
        self.sendeversuche = 0
        self.status = Status.MESSAGE_ID
        self.naechster_versuch_um = None

    def when_VersandVersucht(self, e: VersandVersucht) -> None:  # noqa: N802
        self.sendeversuche = e.versuch
        self.status = Status.WIRD_GESENDET
        self.naechster_versuch_um = None

    def when_VersandAngenommen(self, e: VersandAngenommen) -> None:  # noqa: N802
        self.status = Status.ANGENOMMEN
        self.angenommen_um = e.zeitpunkt
        self.naechster_versuch_um = None
        self.versuche = 0

    def when_VersuchFehlgeschlagen(self, e: VersuchFehlgeschlagen) -> None:  # noqa: N802
        self.versuche = e.versuch
        self.fehlversuche_gesamt += 1
        self.naechster_versuch_um = e.naechster_versuch_um
        self.letzter_fehler = Fehlschlag(e.code, e.grund, True)

    def when_TransportberichtErhalten(self, e: TransportberichtErhalten) -> None:  # noqa: N802
        self.bericht = e

    def when_NachrichtZugestellt(self, e: NachrichtZugestellt) -> None:  # noqa: N802
        self.status = Status.ZUGESTELLT
        self.ergebnis = e
        self.naechster_versuch_um = None

    def when_ZustellungFehlgeschlagen(self, e: ZustellungFehlgeschlagen) -> None:  # noqa: N802
        self.status = Status.FEHLGESCHLAGEN
        self.ergebnis = e
        self.naechster_versuch_um = None
        self.letzter_fehler = Fehlschlag(e.error_code, e.reason, False, bool(e.endgueltig))

    def when_ErneuteZustellungAngefordert(self, e: ErneuteZustellungAngefordert) -> None:  # noqa: N802
        self.ergebnis = None
        self.versuche = 0
        self.naechster_versuch_um = None
        if self.nachricht is None:
            self.status = Status.EROEFFNET
        elif e.neue_message_id or self.message_id is None:
            self.message_id = None
            self.sendeversuche = 0
            self.bericht = None
            self.status = Status.ERSTELLT
        else:
            self.status = Status.WIRD_GESENDET if self.sendeversuche else Status.MESSAGE_ID


def _grund(text: str, *, leer: str = "ohne Angabe") -> str:
    kurz = " ".join((text or "").split())[:500]
    return kurz or leer
