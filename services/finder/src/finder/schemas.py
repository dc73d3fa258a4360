"""The schema registry the finder's event store validates against: the published events of
the platform (contracts), among them the finder's own FinderAusgewertet."""

from __future__ import annotations

from contracts.events import PUBLISHED_SCHEMAS
from contracts.registry import SchemaRegistry

REGISTRY = SchemaRegistry(PUBLISHED_SCHEMAS)
