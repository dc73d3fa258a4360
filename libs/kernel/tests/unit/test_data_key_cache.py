"""The key store's cache (docs/adr/0009): keys found are kept for a while, forgetting drops
them at once here and within the cache time elsewhere, a stale key is never trusted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import event

from kernel.crypto import KeyStore, PersonalDataCipher
from kernel.database import Database


class Uhr:
    def __init__(self) -> None:
        self.jetzt = 1000.0

    def __call__(self) -> float:
        return self.jetzt


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'keys.db'}"


@pytest.fixture
def uhr() -> Uhr:
    return Uhr()


@pytest.fixture
def stores(url: str, uhr: Uhr) -> Iterator[tuple[KeyStore, KeyStore]]:
    """Two processes' key stores on one key database, both caching for 30 s."""
    a = KeyStore(Database(url), cache_seconds=30, clock=uhr)
    b = KeyStore(Database(url), cache_seconds=30, clock=uhr)
    a.create_schema()
    yield a, b
    a.database.dispose()
    b.database.dispose()


def abfragen_zaehlen(store: KeyStore) -> list[str]:
    gesehen: list[str] = []
    event.listen(
        store.database.engine,
        "before_cursor_execute",
        lambda conn, cursor, statement, *rest: (
            gesehen.append(statement) if "FROM data_keys" in statement else None
        ),
    )
    return gesehen


def test_a_found_key_is_read_from_the_database_once_within_the_cache_time(stores, uhr) -> None:
    a, _ = stores
    schluessel = a.key_for("p1")
    abfragen = abfragen_zaehlen(a)

    assert a.get_many(["p1"]) == {"p1": schluessel}
    assert a.key_for("p1") == schluessel
    assert abfragen == []

    uhr.jetzt += 31
    assert a.get_many(["p1"]) == {"p1": schluessel}
    assert len(abfragen) == 1


def test_without_cache_time_every_call_asks_the_database(url: str) -> None:
    store = KeyStore(Database(url))
    store.create_schema()
    store.key_for("p1")
    abfragen = abfragen_zaehlen(store)

    store.get_many(["p1"])
    store.get_many(["p1"])

    assert len(abfragen) == 2
    store.database.dispose()


def test_forget_takes_effect_at_once_in_the_forgetting_process(stores) -> None:
    a, _ = stores
    cipher = PersonalDataCipher(a)
    token = cipher.seal("p1", "Erika")

    assert a.forget("p1") is True

    assert cipher.open(token) == (None, True)


def test_another_process_stops_opening_within_the_cache_time(stores, uhr) -> None:
    a, b = stores
    token = PersonalDataCipher(a).seal("p1", "Erika")
    andere = PersonalDataCipher(b)
    assert andere.open(token) == ("Erika", False)

    a.forget("p1")

    assert andere.open(token) == ("Erika", False)  # still cached over there: at most 30 s
    uhr.jetzt += 31
    assert andere.open(token) == (None, True)


def test_a_missing_key_is_not_cached(stores) -> None:
    a, b = stores
    assert a.get_many(["p1"]) == {}

    schluessel = b.key_for("p1")

    assert a.get_many(["p1"]) == {"p1": schluessel}


def test_a_cached_key_that_was_forgotten_and_made_anew_elsewhere_is_not_trusted(stores) -> None:
    a, b = stores
    alt = PersonalDataCipher(a)
    alt.seal("p1", "alt")  # a holds the first key
    b.forget("p1")
    neu = PersonalDataCipher(b).seal("p1", "neu")  # b makes a second one

    assert alt.open(neu) == ("neu", False)


def test_a_damaged_value_is_an_error_not_an_erasure(stores) -> None:
    a, _ = stores
    cipher = PersonalDataCipher(a)
    token = cipher.seal("p1", "Erika")
    kopf, _, daten = token.rpartition(":")
    beschaedigt = f"{kopf}:{daten[:-6]}AAAA=="

    with pytest.raises(InvalidTag):
        cipher.open(beschaedigt)


def test_a_read_running_while_the_key_is_forgotten_does_not_keep_it(stores, uhr) -> None:
    a, _ = stores
    a.key_for("p1")
    a.drop_cached("p1")
    vergessen = False

    def waehrend_der_abfrage(*_args: object) -> None:
        nonlocal vergessen
        if not vergessen:  # the read has begun; now the key is forgotten here
            vergessen = True
            uhr.jetzt += 1
            a.forget("p1")

    event.listen(a.database.engine, "after_cursor_execute", waehrend_der_abfrage)
    a.get_many(["p1"])  # may still see the key, but must not keep it
    event.remove(a.database.engine, "after_cursor_execute", waehrend_der_abfrage)

    assert a.get_many(["p1"]) == {}


def test_the_cache_holds_at_most_its_size(url: str, uhr: Uhr) -> None:
    store = KeyStore(Database(url), cache_seconds=30, cache_size=2, clock=uhr)
    store.create_schema()
    for subject in ("p1", "p2", "p3"):
        store.key_for(subject)
    abfragen = abfragen_zaehlen(store)

    store.get_many(["p2", "p3"])
    assert abfragen == []
    store.get_many(["p1"])
    assert len(abfragen) == 1
    store.database.dispose()
