"""The same work with the `eventsourcing` library (9.5.6, PostgreSQL via psycopg 3) as reference.

An Item aggregate of 3 events (created + 2 adjusted) saved with Application.save in one
transaction; repository.get to rebuild; recorder.select_notifications in pages to read all.
"""

from __future__ import annotations

import functools
import time
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bench.writers import Rate, Writer, sample_ids


class Item(Aggregate):
    @event("Created")
    def __init__(self, label: str, amount: int) -> None:
        self.label = label
        self.amount = amount

    @event("Adjusted")
    def adjust(self, delta: int) -> None:
        self.amount += delta


class BenchReference(Application):  # stores into table benchreference_events
    pass


TABLE = "benchreference_events"


def environment(url: str) -> dict[str, str]:
    """eventsourcing's settings for the database of a SQLAlchemy URL."""
    parsed = make_url(url)
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": parsed.database or "",
        "POSTGRES_HOST": parsed.host or "127.0.0.1",
        "POSTGRES_PORT": str(parsed.port or 5432),
        "POSTGRES_USER": parsed.username or "postgres",
        "POSTGRES_PASSWORD": parsed.password or "",
    }


def build_application(url: str, *, create_table: bool = True) -> BenchReference:
    env = environment(url)
    env["CREATE_TABLE"] = "y" if create_table else "n"
    return BenchReference(env=env)


def reset_tables(url: str) -> None:
    """Drop the application's table, let eventsourcing create it again."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))
    finally:
        engine.dispose()
    build_application(url).close()


def _write_one(app: BenchReference) -> int:
    item = Item("bench item", 100)
    item.adjust(5)
    item.adjust(-3)
    app.save(item)
    return 3


def make_writer(url: str) -> Writer:
    return functools.partial(_write_one, build_application(url, create_table=False))


def rebuild(url: str, how_many: int) -> Rate:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            ids = list(
                connection.execute(
                    text(f"SELECT originator_id FROM {TABLE} WHERE originator_version = 1")
                ).scalars()
            )
    finally:
        engine.dispose()
    sample = sample_ids(ids, how_many)
    app = build_application(url, create_table=False)
    try:
        start = time.perf_counter()
        for item_id in sample:
            item: Any = app.repository.get(item_id)
            if item.version != 3 or item.amount != 102:
                raise AssertionError(f"rebuilt {item_id} wrongly")
        return Rate(len(sample), time.perf_counter() - start)
    finally:
        app.close()


def read_all(url: str, *, page: int = 1000, decode: bool = False, min_seconds: float = 1.0) -> Rate:
    """select_notifications in pages of `page` (decode=True: also mapper.to_domain_event),
    whole passes repeated until min_seconds have gone by."""
    app = build_application(url, create_table=False)
    try:
        expected = app.recorder.max_notification_id() or 0
        if not expected:
            raise AssertionError("nothing to read")
        count = 0
        start = time.perf_counter()
        while count == 0 or time.perf_counter() - start < min_seconds:
            count += _read_pass(app, page, decode)
            if count % expected:
                raise AssertionError(f"read {count % expected} of {expected} notifications")
        return Rate(count, time.perf_counter() - start)
    finally:
        app.close()


def _read_pass(app: BenchReference, page: int, decode: bool) -> int:
    count = 0
    after = 0
    while True:
        notifications = app.recorder.select_notifications(after, page, inclusive_of_start=False)
        if decode:
            for notification in notifications:
                app.mapper.to_domain_event(notification)
        count += len(notifications)
        if len(notifications) < page:
            return count
        after = notifications[-1].id
