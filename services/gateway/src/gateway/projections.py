"""Read models of the gateway, updated in the appending transaction (kernel.projections).

``konten`` answers "which person has this login identifier?" by the keyed hash of the email
address or the identity provider's subject: the identifier itself is never stored in clear
(docs/adr/0022). The password hash stays sealed as it stands in the event, so forgetting the
person's key makes the login unusable too.

``sitzungen`` holds the sessions that have begun and not ended.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Column,
    Connection,
    Float,
    MetaData,
    String,
    Table,
    Text,
    delete,
    insert,
    update,
)

from kernel.eventstore import RecordedEvent
from kernel.projections import Projection


class KontoVerzeichnis(Projection):
    name = "gateway.konten"
    metadata = MetaData()
    handles = frozenset(
        {
            "KontoAngelegt",
            "IdentitaetVerknuepft",
            "PasswortGeaendert",
            "EmailGeaendert",
            "KontoGeloescht",
        }
    )
    table = Table(
        "konten",
        metadata,
        # Unique: two sign-ups with the same email cannot both commit.
        Column("kennung_schluessel", String(64), primary_key=True),
        Column("person_id", String(36), nullable=False, index=True),
        Column("anmeldeart", String(20), nullable=False),
        # Sealed token (enc:v1:...) for local accounts, NULL for identity-provider accounts.
        Column("passwort_hash", Text, nullable=True),
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        person = self.table.c.person_id == event.payload["person_id"]
        if event.event_type == "KontoGeloescht":
            connection.execute(delete(self.table).where(person))
            return
        if event.event_type == "PasswortGeaendert":
            connection.execute(
                update(self.table)
                .where(person)
                .values(passwort_hash=event.sealed_payload["passwort_hash"])
            )
            return
        kennung = event.payload.get("kennung_schluessel")
        if kennung is None:  # the person was forgotten: a rebuild leaves them out
            return
        if event.event_type == "EmailGeaendert":
            # A new address taken meanwhile makes this fail on the primary key: the change
            # is refused as a whole (gateway.konten).
            connection.execute(update(self.table).where(person).values(kennung_schluessel=kennung))
            return
        local = event.event_type == "KontoAngelegt"
        connection.execute(
            insert(self.table).values(
                kennung_schluessel=kennung,
                person_id=event.payload["person_id"],
                anmeldeart="passwort" if local else "oidc",
                passwort_hash=event.sealed_payload["passwort_hash"] if local else None,
            )
        )


class Sitzungen(Projection):
    name = "gateway.sitzungen"
    metadata = MetaData()
    handles = frozenset({"SitzungBegonnen", "SitzungBeendet"})
    table = Table(
        "sitzungen",
        metadata,
        Column("sitzung_id", String(64), primary_key=True),
        Column("person_id", String(36), nullable=False),
        Column("anmeldeart", String(20), nullable=False),
        Column("begonnen_am", Float, nullable=False, index=True),  # POSIX seconds, UTC
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        payload = event.payload
        if event.event_type == "SitzungBegonnen":
            connection.execute(
                insert(self.table).values(
                    sitzung_id=payload["sitzung_id"],
                    person_id=payload["person_id"],
                    anmeldeart=payload["anmeldeart"],
                    begonnen_am=datetime.fromisoformat(payload["begonnen_am"]).timestamp(),
                )
            )
        else:
            connection.execute(
                delete(self.table).where(self.table.c.sitzung_id == payload["sitzung_id"])
            )
