"""The kernel's tables in every service database."""

from sqlalchemy import (
    BigInteger,
    Column,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
Position = BigInteger().with_variant(Integer(), "sqlite")

events = Table(
    "events",
    metadata,
    Column("position", Position, primary_key=True, autoincrement=True),
    # The appending transaction's id (PostgreSQL xid8; 0 on SQLite, whose single writer commits
    # in position order). Commit order is (transaction_id, position): see EventStore.read_all.
    Column("transaction_id", BigInteger, nullable=False),
    Column("stream_id", String(200), nullable=False),
    Column("stream_version", Integer, nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("schema_version", Integer, nullable=False),
    Column("occurred_at", String(40), nullable=False),
    # JSON text; personal fields inside it are already encrypted (kernel.crypto).
    Column("payload", Text, nullable=False),
    Column("producer", String(100), nullable=False),
    Column("correlation_id", String(100), nullable=False),
    Column("causation_id", String(100), nullable=True),
    UniqueConstraint("stream_id", "stream_version", name="uq_events_stream_version"),
    UniqueConstraint("event_id", name="uq_events_event_id"),
)

snapshots = Table(
    "snapshots",
    metadata,
    Column("stream_id", String(200), primary_key=True),
    Column("stream_version", Integer, nullable=False),
    Column("state_type", String(200), nullable=False),
    # JSON text, sealed with the data subject's key when the aggregate has one.
    Column("state", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
)

outbox = Table(
    "outbox",
    metadata,
    Column("id", Position, primary_key=True, autoincrement=True),
    Column("position", BigInteger, nullable=False),
    Column("created_at", String(40), nullable=False),
)

inbox = Table(
    "inbox",
    metadata,
    Column("consumer", String(200), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("processed_at", String(40), nullable=False),
    PrimaryKeyConstraint("consumer", "event_id", name="pk_inbox"),
)

Index("ix_events_event_type", events.c.event_type)
Index("ix_events_commit_order", events.c.transaction_id, events.c.position)
