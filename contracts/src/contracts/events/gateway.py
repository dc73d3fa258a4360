"""Events published by the gateway (exchange ``gateway.events``).

The gateway's other events (accounts, sessions) never leave it (gateway.schemas). Only this
one does: other services keep data under the person's id and must learn that the account is
gone (docs/adr/0092).
"""

from __future__ import annotations

from contracts.base import EventPayloadSchema
from contracts.common import person_id_field, zeitpunkt_field

PRODUCER = "gateway"


class KontoGeloescht(EventPayloadSchema):
    """The person deleted their account. Each service erases what it keeps for the person
    alone (antrag: the drafts) and keeps what the law has it keep (submitted applications);
    the person can no longer log in to see any of it."""

    event_type = "KontoGeloescht"
    schema_version = 1
    producer = PRODUCER

    person_id = person_id_field()
    geloescht_am = zeitpunkt_field("When the account was deleted")

    example = {
        "person_id": "7d7c4d1e-2f64-4c1b-9a43-3c1a8e0f9b21",
        "geloescht_am": "2026-03-02T09:15:00+00:00",
    }


SCHEMAS = (KontoGeloescht,)
