"""Read models: "my applications" and each application's status timeline.

Both hold ids, codes and times only, no personal data: nothing in them needs sealing, and a
person erased elsewhere leaves rows that name no one. ``kernel projections rebuild`` derives
them again from the store.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    insert,
    select,
    update,
)

from antrag.domain.antragsnummer import antragsnummer
from kernel.eventstore import RecordedEvent
from kernel.projections import Projection

metadata = MetaData()

antraege = Table(
    "antrag_uebersicht",
    metadata,
    Column("antrag_id", String(36), primary_key=True),
    Column("person_id", String(36), nullable=False),
    Column("leistung", String(50), nullable=False),
    Column("status", String(40), nullable=False),
    Column("angelegt_am", String(40), nullable=False),
    # The last time the person did something with it: the retention period counts from here.
    Column("geaendert_am", String(40), nullable=False),
    Column("eingereicht_am", String(40)),
    Column("kurzantrag", Boolean, nullable=False, default=False),
    Column("jobcenter_id", String(5)),
    Column("jobcenter_name", String(200)),
    Column("geloescht", Boolean, nullable=False, default=False),
)
Index("ix_antrag_uebersicht_person", antraege.c.person_id)
Index("ix_antrag_uebersicht_aufbewahrung", antraege.c.status, antraege.c.geaendert_am)

verlauf = Table(
    "antrag_verlauf",
    metadata,
    Column("position", Integer, primary_key=True, autoincrement=False),  # the event's position
    Column("antrag_id", String(36), nullable=False),
    Column("status", String(40), nullable=False),
    Column("zeitpunkt", String(40), nullable=False),
    Column("kurzantrag", Boolean, nullable=False, default=False),
    Column("jobcenter_id", String(5)),
    Column("error_code", String(64)),
)
Index("ix_antrag_verlauf_antrag", verlauf.c.antrag_id, verlauf.c.position)

# The number people read out (antrag.domain.antragsnummer), unique: ``anlegen`` chooses an id
# whose number is free, and the unique key refuses the one-in-billions race of two at once.
nummern = Table(
    "antrag_nummer",
    metadata,
    Column("antragsnummer", String(9), primary_key=True),
    Column("antrag_id", String(36), nullable=False, unique=True),
)

_PERSOENLICHE_AKTIVITAET = frozenset(
    {"AbschnittGespeichert", "AnlageHinzugefuegt", "AnlageEntfernt"}
)
# The most frequent write (every saved section), built once so SQLAlchemy reuses it compiled.
_AKTIVITAET_VERMERKEN = (
    update(antraege)
    .where(antraege.c.antrag_id == bindparam("b_antrag_id"))
    .values(geaendert_am=bindparam("b_zeitpunkt"))
)


class AntragUebersicht(Projection):
    name = "antrag_uebersicht"
    metadata = metadata
    handles = frozenset(
        {
            "AntragAngelegt",
            "AbschnittGespeichert",
            "AnlageHinzugefuegt",
            "AnlageEntfernt",
            "ZustaendigkeitVermerkt",
            "GemeindeGewaehlt",
            "AntragEingereicht",
            "ZustellungVermerkt",
            "AntragStatusGeaendert",
            "AntragZurueckgezogen",
            "EntwurfGeloescht",
        }
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        payload = event.payload
        antrag_id = str(payload["antrag_id"])
        zeile = antraege.c.antrag_id == antrag_id
        typ = event.event_type
        if typ == "AntragAngelegt":
            connection.execute(
                insert(antraege).values(
                    antrag_id=antrag_id,
                    person_id=str(payload["person_id"]),
                    leistung=payload["leistung"],
                    status="entwurf",
                    angelegt_am=event.occurred_at,
                    geaendert_am=event.occurred_at,
                    kurzantrag=False,
                    geloescht=False,
                )
            )
            connection.execute(
                insert(nummern).values(antragsnummer=antragsnummer(antrag_id), antrag_id=antrag_id)
            )
            self._verlauf(connection, event, antrag_id, "entwurf", event.occurred_at)
        elif typ in _PERSOENLICHE_AKTIVITAET:
            connection.execute(
                _AKTIVITAET_VERMERKEN, {"b_antrag_id": antrag_id, "b_zeitpunkt": event.occurred_at}
            )
        elif typ in ("ZustaendigkeitVermerkt", "GemeindeGewaehlt"):
            jobcenter = payload.get("jobcenter") or {}
            connection.execute(
                update(antraege)
                .where(zeile)
                .values(jobcenter_id=jobcenter.get("id"), jobcenter_name=jobcenter.get("name"))
            )
        elif typ == "AntragEingereicht":
            connection.execute(
                update(antraege)
                .where(zeile)
                .values(
                    status="eingereicht",
                    geaendert_am=event.occurred_at,
                    eingereicht_am=payload["eingereicht_am"],
                    kurzantrag=payload["kurzantrag"],
                    jobcenter_id=payload["jobcenter_id"],
                )
            )
            self._verlauf(
                connection,
                event,
                antrag_id,
                "eingereicht",
                event.occurred_at,
                kurzantrag=payload["kurzantrag"],
                jobcenter_id=payload["jobcenter_id"],
            )
        elif typ == "ZustellungVermerkt":
            status = (
                "zugestellt" if payload["ergebnis"] == "zugestellt" else "zustellung_fehlgeschlagen"
            )
            self._verlauf(
                connection,
                event,
                antrag_id,
                status,
                payload["zeitpunkt"],
                jobcenter_id=payload["jobcenter_id"],
                error_code=payload.get("error_code"),
            )
        elif typ == "AntragStatusGeaendert":
            connection.execute(update(antraege).where(zeile).values(status=payload["status"]))
        elif typ == "AntragZurueckgezogen":
            connection.execute(
                update(antraege)
                .where(zeile)
                .values(status="zurueckgezogen", geaendert_am=event.occurred_at)
            )
            self._verlauf(
                connection, event, antrag_id, "zurueckgezogen", payload["zurueckgezogen_am"]
            )
        elif typ == "EntwurfGeloescht":
            connection.execute(update(antraege).where(zeile).values(geloescht=True))

    @staticmethod
    def _verlauf(
        connection: Connection,
        event: RecordedEvent,
        antrag_id: str,
        status: str,
        zeitpunkt: str,
        **weitere: Any,
    ) -> None:
        connection.execute(
            insert(verlauf).values(
                position=event.position,
                antrag_id=antrag_id,
                status=status,
                zeitpunkt=_utc_z(zeitpunkt),
                kurzantrag=weitere.pop("kurzantrag", False),
                **weitere,
            )
        )


def _utc_z(zeitpunkt: str) -> str:
    """Every time of the timeline in UTC, written alike (RFC 3339, microseconds, Z): the
    envelope's times and the XTA server's report time (any offset) side by side."""
    wert = datetime.fromisoformat(zeitpunkt.replace("Z", "+00:00")).astimezone(UTC)
    return wert.isoformat(timespec="microseconds").replace("+00:00", "Z")


def meine_antraege(connection: Connection, person_id: str) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(antraege)
        .where(antraege.c.person_id == person_id, antraege.c.geloescht.is_(False))
        .order_by(antraege.c.angelegt_am.desc())
    ).all()
    return [
        {
            "id": row.antrag_id,
            "antragsnummer": antragsnummer(row.antrag_id),
            "leistung": row.leistung,
            "status": row.status,
            "angelegt_am": row.angelegt_am,
            "geaendert_am": row.geaendert_am,
            "eingereicht_am": row.eingereicht_am,
            "kurzantrag": row.kurzantrag,
            "jobcenter": {"id": row.jobcenter_id, "name": row.jobcenter_name}
            if row.jobcenter_id
            else None,
        }
        for row in rows
    ]


def verlauf_von(connection: Connection, antrag_id: str) -> list[dict[str, Any]]:
    rows = connection.execute(
        select(verlauf).where(verlauf.c.antrag_id == antrag_id).order_by(verlauf.c.position)
    ).all()
    eintraege = []
    for row in rows:
        eintrag: dict[str, Any] = {"status": row.status, "zeitpunkt": row.zeitpunkt}
        if row.kurzantrag:
            eintrag["kurzantrag"] = True
        if row.jobcenter_id:
            eintrag["jobcenter_id"] = row.jobcenter_id
        if row.error_code:
            eintrag["error_code"] = row.error_code
        eintraege.append(eintrag)
    return eintraege


def abgelaufene_entwuerfe(connection: Connection, vor: str, limit: int) -> list[str]:
    """Drafts nobody touched since ``vor`` (RFC 3339), oldest first."""
    rows = connection.execute(
        select(antraege.c.antrag_id)
        .where(
            antraege.c.status == "entwurf",
            antraege.c.geloescht.is_(False),
            antraege.c.geaendert_am < vor,
        )
        .order_by(antraege.c.geaendert_am)
        .limit(limit)
    ).all()
    return [row.antrag_id for row in rows]


def antraege_von(connection: Connection, person_id: str) -> list[str]:
    rows = connection.execute(
        select(antraege.c.antrag_id).where(antraege.c.person_id == person_id)
    ).all()
    return [row.antrag_id for row in rows]


def nummer_vergeben(connection: Connection, nummer: str) -> bool:
    return (
        connection.execute(
            select(nummern.c.antrag_id).where(nummern.c.antragsnummer == nummer)
        ).first()
        is not None
    )


def antrag_mit_nummer(connection: Connection, nummer: str) -> str | None:
    """The id of the application with this number (support lookups), or None."""
    return connection.execute(
        select(nummern.c.antrag_id).where(nummern.c.antragsnummer == nummer)
    ).scalar()
