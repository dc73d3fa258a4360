"""Event payload schemas, one module per producing service."""

from __future__ import annotations

from contracts.base import EventPayloadSchema
from contracts.events import (
    antrag,
    finder,
    gateway,
    postkorb,
    termine,
    xta_gateway,
    zustaendigkeit,
)

PUBLISHED_SCHEMAS: tuple[type[EventPayloadSchema], ...] = (
    *antrag.SCHEMAS,
    *zustaendigkeit.SCHEMAS,
    *xta_gateway.SCHEMAS,
    *postkorb.SCHEMAS,
    *termine.SCHEMAS,
    *finder.SCHEMAS,
    *gateway.SCHEMAS,
)
