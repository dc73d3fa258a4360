"""A small service used only by the kernel's integration tests, run as a real `nameko run`
process: it consumes ProbeHappened events idempotently and counts them in an event stream.
ProbeHappened has two schema versions; the handler accepts only v2, so a v1 that is counted
was upcast on its way in."""

from __future__ import annotations

import os
from pathlib import Path

import structlog
from marshmallow import RAISE, Schema, fields
from sqlalchemy import Column, Connection, Integer, MetaData, String, Table, select

from kernel.application import Application
from kernel.config import Settings
from kernel.envelope import Envelope
from kernel.errors import PermanentFailure
from kernel.eventstore import NewEvent, RecordedEvent, Schemas
from kernel.nameko import EventSourcing, OperationsEndpoints, rpc, subscribe
from kernel.projections import Projection
from kernel.unit_of_work import UnitOfWork
from kernel.upcasting import Upcasters

SOURCE = os.environ.get("PROBE_SOURCE", "probe-source")
BLOCK_DIR = Path(os.environ.get("PROBE_BLOCK_DIR", "/nonexistent"))
DELAYS = tuple(float(d) for d in os.environ.get("PROBE_RETRY_DELAYS", "0.2,0.2").split(","))


class Strict(Schema):
    class Meta:
        unknown = RAISE


REGISTRY = Schemas()


@REGISTRY.register
class ProbeHappened(Strict):
    event_type = "ProbeHappened"
    schema_version = 1
    key = fields.String(required=True)
    person_id = fields.String(required=True, metadata={"subject": True})
    name = fields.String(required=True, metadata={"personal": True})


@REGISTRY.register
class ProbeHappenedV2(ProbeHappened):
    """v2 says through which channel the probe came; a v1 reads as channel "v1"."""

    schema_version = 2
    kanal = fields.String(required=True)


@REGISTRY.register
class ProbeCounted(ProbeHappened):
    event_type = "ProbeCounted"
    kanal = fields.String(required=True)


UPCASTERS = Upcasters()


@UPCASTERS.register("ProbeHappened", 1)
def _probe_v1_to_v2(payload: dict) -> dict:
    return {**payload, "kanal": "v1"}


class Tally(Projection):
    name = "tally"
    metadata = MetaData()
    handles = frozenset({"ProbeCounted"})
    table = Table(
        "tally", metadata, Column("key", String(100), primary_key=True), Column("n", Integer)
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        key = event.payload["key"]
        found = connection.execute(select(self.table.c.n).where(self.table.c.key == key)).first()
        if found is None:
            connection.execute(self.table.insert().values(key=key, n=1))
        else:
            connection.execute(
                self.table.update().where(self.table.c.key == key).values(n=found.n + 1)
            )


def bootstrap(settings: Settings) -> Application:
    return Application.from_settings(
        settings, registry=REGISTRY, projections=[Tally()], upcasters=UPCASTERS
    )


def count(event: Envelope, uow: UnitOfWork) -> None:
    key = event.payload["key"]
    if (BLOCK_DIR / key).exists():
        raise RuntimeError(f"blocked while handling {event.payload['name']}")
    if key.startswith("permanent"):
        raise PermanentFailure("this probe refuses for good")
    if event.schema_version != 2 or "kanal" not in event.payload:
        raise PermanentFailure("the handler expects ProbeHappened as v2")
    stream = f"tally-{key}-{event.event_id}"
    uow.append(stream, 0, [NewEvent("ProbeCounted", dict(event.payload))])


log = structlog.get_logger("kernelprobe")


class ProbeService(OperationsEndpoints):
    name = os.environ.get("PROBE_SERVICE_NAME", "kernelprobe")
    events = EventSourcing(bootstrap)

    @rpc
    def who(self) -> dict:
        """What a worker knows of the call it serves (correlation, the person, the caller)."""
        log.info("who_called")
        return {
            "correlation_id": self.events.correlation_id,
            "causation_id": self.events.causation_id,
            "person_id": self.events.person_id,
            "broker_user": self.events.broker_user,
        }

    @subscribe(SOURCE, "ProbeHappened", retry_delays=DELAYS)
    def on_probe_happened(self, event: Envelope) -> None:
        self.events.handle_once("kernelprobe.count", event, count)
