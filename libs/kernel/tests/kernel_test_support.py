"""A tiny domain for the kernel's tests: a Konto with deposits; nothing of the platform."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from marshmallow import RAISE, Schema, fields
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, Text, select

from kernel.aggregate import Aggregate, DomainEvent
from kernel.eventstore import RecordedEvent, Schemas
from kernel.projections import Projection
from kernel.upcasting import Upcasters

REGISTRY = Schemas()


class Strict(Schema):
    class Meta:
        unknown = RAISE


class Anschrift(Strict):
    strasse = fields.String(required=True)
    ort = fields.String(required=True)


@REGISTRY.register
class KontoEroeffnetV1(Strict):
    event_type = "KontoEroeffnet"
    schema_version = 1
    konto_id = fields.String(required=True)
    inhaber_id = fields.String(required=True, metadata={"subject": True})
    name = fields.String(required=True, metadata={"personal": True})


@REGISTRY.register
class KontoEroeffnetV2(Strict):
    """v2 splits the name; the upcaster below lifts v1 events."""

    event_type = "KontoEroeffnet"
    schema_version = 2
    konto_id = fields.String(required=True)
    inhaber_id = fields.String(required=True, metadata={"subject": True})
    vorname = fields.String(required=True, metadata={"personal": True})
    nachname = fields.String(required=True, metadata={"personal": True})
    anschrift = fields.Nested(Anschrift, allow_none=True, load_default=None)
    geburtsdatum = fields.Date(allow_none=True, load_default=None, metadata={"personal": True})


@REGISTRY.register
class BetragEingezahlt(Strict):
    event_type = "BetragEingezahlt"
    schema_version = 1
    konto_id = fields.String(required=True)
    betrag_cent = fields.Integer(required=True)


@REGISTRY.register
class KontoNotiert(Strict):
    """An internal event: stored, never published."""

    event_type = "KontoNotiert"
    schema_version = 1
    published = False
    konto_id = fields.String(required=True)


def build_upcasters() -> Upcasters:
    upcasters = Upcasters()

    @upcasters.register("KontoEroeffnet", 1)
    def split_name(payload: dict[str, Any]) -> dict[str, Any]:
        name = payload.pop("name")
        vorname, _, nachname = (name or "").partition(" ") if name else (None, "", None)
        return {
            **payload,
            "vorname": vorname,
            "nachname": nachname,
            "anschrift": None,
            "geburtsdatum": None,
        }

    return upcasters


@dataclass(frozen=True)
class KontoEroeffnet(DomainEvent):
    konto_id: str
    inhaber_id: str
    vorname: str | None
    nachname: str | None
    anschrift: dict | None = None
    geburtsdatum: Any = None


@dataclass(frozen=True)
class BetragEingezahltEvent(DomainEvent):
    event_type: ClassVar[str] = "BetragEingezahlt"
    konto_id: str
    betrag_cent: int


class Konto(Aggregate):
    stream_prefix = "konto"
    events = (KontoEroeffnet, BetragEingezahltEvent)
    snapshot_every = 0

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.inhaber_id: str | None = None
        self.vorname: str | None = None
        self.saldo_cent = 0

    @classmethod
    def eroeffnen(cls, konto_id: str, inhaber_id: str, vorname: str, nachname: str) -> Konto:
        konto = cls(konto_id)
        konto._raise(KontoEroeffnet(konto_id, inhaber_id, vorname, nachname))
        return konto

    def einzahlen(self, betrag_cent: int) -> None:
        if betrag_cent <= 0:
            raise ValueError("only positive amounts")
        self._raise(BetragEingezahltEvent(self.id, betrag_cent))

    @property
    def data_subject(self) -> str | None:
        return self.inhaber_id

    def when_KontoEroeffnet(self, event: KontoEroeffnet) -> None:
        self.inhaber_id = event.inhaber_id
        self.vorname = event.vorname

    def when_BetragEingezahlt(self, event: BetragEingezahltEvent) -> None:
        self.saldo_cent += event.betrag_cent

    def snapshot_state(self) -> dict[str, Any]:
        return {
            "inhaber_id": self.inhaber_id,
            "vorname": self.vorname,
            "saldo_cent": self.saldo_cent,
        }

    @classmethod
    def from_snapshot(cls, aggregate_id: str, version: int, state: dict[str, Any]) -> Konto:
        konto = cls(aggregate_id)
        konto.inhaber_id = state["inhaber_id"]
        konto.vorname = state["vorname"]
        konto.saldo_cent = state["saldo_cent"]
        konto.version = version
        return konto


class LangesKonto(Konto):
    """The same account, snapshotted every 10 versions."""

    snapshot_every = 10


class KontoUebersicht(Projection):
    name = "konto_uebersicht"
    metadata = MetaData()
    handles = frozenset({"KontoEroeffnet", "BetragEingezahlt"})
    table = Table(
        "konto_uebersicht",
        metadata,
        Column("konto_id", String(100), primary_key=True),
        Column("vorname", Text),  # sealed: forgetting the holder erases it here too
        Column("saldo_cent", Integer, nullable=False),
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        konto_id = event.payload["konto_id"]
        if event.event_type == "KontoEroeffnet":
            connection.execute(
                self.table.insert().values(
                    konto_id=konto_id, vorname=event.sealed_payload.get("vorname"), saldo_cent=0
                )
            )
        else:
            connection.execute(
                self.table.update()
                .where(self.table.c.konto_id == konto_id)
                .values(saldo_cent=self.table.c.saldo_cent + event.payload["betrag_cent"])
            )

    def row(self, connection: Connection, konto_id: str):  # noqa: ANN201
        return connection.execute(
            select(self.table).where(self.table.c.konto_id == konto_id)
        ).first()
