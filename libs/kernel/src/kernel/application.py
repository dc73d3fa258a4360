"""One service's event-sourcing set-up, wired from settings: the bootstrap of the kernel."""

from __future__ import annotations

from collections.abc import Sequence

from kernel.config import Settings
from kernel.crypto import KeyStore, PersonalDataCipher
from kernel.database import Database
from kernel.eventstore import EventStore, SchemaRegistry
from kernel.projections import Projection
from kernel.tables import metadata
from kernel.unit_of_work import UnitOfWork
from kernel.upcasting import Upcasters

# Key lookups are single short statements, and found keys are cached (ADR 0009).
KEY_STORE_POOL_SIZE = 2


class Application:
    def __init__(
        self,
        *,
        name: str,
        database: Database,
        key_store: KeyStore,
        registry: SchemaRegistry,
        projections: Sequence[Projection] = (),
        upcasters: Upcasters | None = None,
    ) -> None:
        self.name = name
        self.database = database
        self.key_store = key_store
        self.cipher = PersonalDataCipher(key_store)
        self.projections = list(projections)
        self.store = EventStore(database, registry, self.cipher, producer=name, upcasters=upcasters)

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        registry: SchemaRegistry,
        projections: Sequence[Projection] = (),
        upcasters: Upcasters | None = None,
    ) -> Application:
        return cls(
            name=settings.service_name,
            database=Database(settings.database_url, pool_size=settings.database_pool_size),
            key_store=KeyStore(
                Database(settings.keystore_url, pool_size=KEY_STORE_POOL_SIZE),
                cache_seconds=settings.data_key_cache_seconds,
            ),
            registry=registry,
            projections=projections,
            upcasters=upcasters,
        )

    def create_schema(self) -> None:
        """Create the kernel's and the projections' tables where missing (several replicas
        may do so at once: the database's schema lock keeps them apart)."""
        with self.database.schema_lock():
            metadata.create_all(self.database.engine)
            for projection in self.projections:
                projection.metadata.create_all(self.database.engine)
        self.key_store.create_schema()  # its own database (or the same: not nested)

    def unit_of_work(
        self, *, correlation_id: str | None = None, causation_id: str | None = None
    ) -> UnitOfWork:
        return UnitOfWork(self, correlation_id=correlation_id, causation_id=causation_id)

    def forget(self, subject_id: str) -> bool:
        """Erase a person: delete their data key. Every sealed field, in every stream,
        projection, snapshot and backup, can no longer be opened."""
        return self.key_store.forget(subject_id)

    def close(self) -> None:
        self.database.dispose()
        self.key_store.database.dispose()
