"""The kernel under load, on its real path: Application.unit_of_work(), Repository.add, commit
(schema validation, sealing, events + outbox rows, advisory append lock, NOTIFY), then
load_aggregate, EventStore.read_all and OutboxRelay.publish_pending.

The throughput domain has no personal fields (no data key, no AES-GCM); PersonItem has one
personal field and a data subject per aggregate, to show what crypto-shredding costs.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import ClassVar

from marshmallow import RAISE, Schema, fields
from sqlalchemy import text

from bench.writers import Rate, Writer, sample_ids
from kernel.aggregate import Aggregate, DomainEvent
from kernel.amqp_publisher import ConfirmingPublisher
from kernel.application import Application
from kernel.crypto import KeyStore
from kernel.database import Database
from kernel.envelope import new_id
from kernel.eventstore import Schemas
from kernel.outbox import OutboxRelay, exchange_name
from kernel.unit_of_work import load_aggregate

PRODUCER = "bench"
OUTBOX_EXCHANGE = exchange_name(PRODUCER)  # the relay publishes here: bench.events

# schemas ---------------------------------------------------------------------------------------


REGISTRY = Schemas()


class Strict(Schema):
    class Meta:
        unknown = RAISE


@REGISTRY.register
class ItemCreatedV1(Strict):
    event_type = "BenchItemCreated"
    schema_version = 1
    item_id = fields.String(required=True)
    label = fields.String(required=True)
    amount = fields.Integer(required=True)


@REGISTRY.register
class ItemAdjustedV1(Strict):
    event_type = "BenchItemAdjusted"
    schema_version = 1
    item_id = fields.String(required=True)
    delta = fields.Integer(required=True)


@REGISTRY.register
class PersonItemCreatedV1(Strict):
    event_type = "BenchPersonItemCreated"
    schema_version = 1
    item_id = fields.String(required=True)
    owner_id = fields.String(required=True, metadata={"subject": True})
    owner_name = fields.String(required=True, metadata={"personal": True})
    amount = fields.Integer(required=True)


# domain ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCreated(DomainEvent):
    event_type: ClassVar[str] = "BenchItemCreated"
    item_id: str
    label: str
    amount: int


@dataclass(frozen=True)
class ItemAdjusted(DomainEvent):
    event_type: ClassVar[str] = "BenchItemAdjusted"
    item_id: str
    delta: int


@dataclass(frozen=True)
class PersonItemCreated(DomainEvent):
    event_type: ClassVar[str] = "BenchPersonItemCreated"
    item_id: str
    owner_id: str
    owner_name: str
    amount: int


class Item(Aggregate):
    stream_prefix = "benchitem"
    events = (ItemCreated, ItemAdjusted)

    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.amount = 0

    @classmethod
    def create(cls, item_id: str, amount: int) -> Item:
        item = cls(item_id)
        item._raise(ItemCreated(item_id, "bench item", amount))
        return item

    def adjust(self, delta: int) -> None:
        self._raise(ItemAdjusted(self.id, delta))

    def when_BenchItemCreated(self, event: ItemCreated) -> None:
        self.amount = event.amount

    def when_BenchItemAdjusted(self, event: ItemAdjusted) -> None:
        self.amount += event.delta


class PersonItem(Item):
    stream_prefix = "benchperson"
    events = (PersonItemCreated, ItemAdjusted)

    @classmethod
    def create_for(cls, item_id: str, owner_id: str, amount: int) -> PersonItem:
        item = cls(item_id)
        item._raise(PersonItemCreated(item_id, owner_id, "Erika Mustermann", amount))
        return item

    def when_BenchPersonItemCreated(self, event: PersonItemCreated) -> None:
        self.amount = event.amount


# set-up ----------------------------------------------------------------------------------------


def build_application(url: str) -> Application:
    """Events and data keys in the bench database (a service keeps its keys apart)."""
    return Application(
        name=PRODUCER,
        database=Database(url),
        key_store=KeyStore(Database(url)),
        registry=REGISTRY,
    )


def reset_tables(url: str) -> None:
    """Drop and recreate the kernel's tables and the key table: every run starts empty."""
    app = build_application(url)
    try:
        app.database.drop_schema()
        with app.database.write() as connection:
            connection.execute(text("DROP TABLE IF EXISTS data_keys"))
        app.create_schema()
    finally:
        app.close()


# 1. appends ------------------------------------------------------------------------------------


def _write_one(app: Application, personal: bool) -> int:
    item_id = new_id()
    with app.unit_of_work() as uow:
        if personal:
            item: Item = PersonItem.create_for(item_id, owner_id=new_id(), amount=100)
        else:
            item = Item.create(item_id, amount=100)
        item.adjust(5)
        item.adjust(-3)
        uow.repository(type(item)).add(item)
        uow.commit()
    return 3


def make_writer(url: str, personal: bool) -> Writer:
    """Runs in the worker: its own Application, engine and connections."""
    return functools.partial(_write_one, build_application(url), personal)


# 2.-4. rebuilds, read all, outbox --------------------------------------------------------------


def rebuild(url: str, how_many: int) -> Rate:
    """load_aggregate of how_many written Items in random order, a read connection each."""
    app = build_application(url)
    try:
        with app.database.read() as connection:
            stream_ids = list(
                connection.execute(
                    text(
                        "SELECT stream_id FROM events"
                        " WHERE stream_version = 1 AND stream_id LIKE :prefix"
                    ),
                    {"prefix": f"{Item.stream_prefix}-%"},
                ).scalars()
            )
        ids = [stream_id.partition("-")[2] for stream_id in sample_ids(stream_ids, how_many)]
        start = time.perf_counter()
        for item_id in ids:
            item = load_aggregate(app, Item, item_id)
            if item is None or item.version != 3 or item.amount != 102:
                raise AssertionError(f"rebuilt {item_id} wrongly: {item and vars(item)}")
        return Rate(len(ids), time.perf_counter() - start)
    finally:
        app.close()


def read_all(url: str, *, batch_size: int = 1000, min_seconds: float = 1.0) -> Rate:
    """Every event in position order through EventStore.read_all (decoded RecordedEvents),
    whole passes repeated until min_seconds have gone by."""
    app = build_application(url)
    try:
        with app.database.read() as connection:
            expected = connection.execute(text("SELECT count(*) FROM events")).scalar_one()
        if not expected:
            raise AssertionError("nothing to read")
        count = 0
        start = time.perf_counter()
        while count == 0 or time.perf_counter() - start < min_seconds:
            last = None
            for event in app.store.read_all(batch_size=batch_size):
                if last is not None and event.checkpoint <= last:
                    raise AssertionError("read_all out of commit order")
                last = event.checkpoint
                count += 1
            if count % expected:
                raise AssertionError(f"read_all returned {count % expected} of {expected}")
        return Rate(count, time.perf_counter() - start)
    finally:
        app.close()


def outbox_rows(url: str) -> int:
    app = build_application(url)
    try:
        with app.database.read() as connection:
            return connection.execute(text("SELECT count(*) FROM outbox")).scalar_one()
    finally:
        app.close()


def drain_outbox(url: str, amqp_uri: str, batch_size: int = 500) -> Rate:
    """OutboxRelay.publish_pending until the outbox is empty: publish with confirms, delete rows."""
    app = build_application(url)
    relay = OutboxRelay(app.store, ConfirmingPublisher(amqp_uri), batch_size=batch_size)
    try:
        start = time.perf_counter()
        published = 0
        while (batch := relay.publish_pending()) > 0:
            published += batch
        seconds = time.perf_counter() - start
        left = outbox_rows(url)
        if left:
            raise AssertionError(f"{left} outbox rows left after draining")
        return Rate(published, seconds)
    finally:
        relay.publisher.close()
        app.close()
