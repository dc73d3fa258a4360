"""Read models of the termine service, updated in the appending transaction and rebuildable
(``kernel projections rebuild --service termine --bootstrap termine.bootstrap:bootstrap``).

- ``termine_stellen``: the directory, one checked document per centre.
- ``termine_belegung``: which counsellor's unit of time which booking holds. Its primary key
  (berater_id, einheit) is what decides a race for the same time (docs/adr/0110): the second
  insert violates it, on SQLite and PostgreSQL, in one process or across replicas, and the
  whole booking rolls back.
- ``termine_buchungen``: bookings for lists and sweeps; concern, contact and reason stay sealed
  as the event store holds them (forgetting the booking's key erases them here too). The
  limits' keyed hashes of address and contact are here opened, to be counted, and only while
  the booking is open: a cancellation, a no-show and the retention sweep clear them, and a
  rebuild after the sweep finds them erased in the event (docs/adr/0111).
- ``termine_raeume``: the address of a chat or video appointment's room, sealed like the
  concern (docs/adr/0121); a table of its own, so databases made before it get it at start.
  Gone with the cancellation and with the erasure.
- ``termine_zugaenge``: staff accounts and their centre.
"""

from __future__ import annotations

import json
from datetime import datetime
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
    Text,
    bindparam,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.dialects.postgresql import insert as postgres_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from kernel.eventstore import RecordedEvent
from kernel.projections import Projection

metadata = MetaData()

stellen = Table(
    "termine_stellen",
    metadata,
    Column("stelle_id", String(36), primary_key=True),
    Column("dokument", Text, nullable=False),
    Column("position", Integer, nullable=False),
)

belegung = Table(
    "termine_belegung",
    metadata,
    Column("berater_id", String(36), primary_key=True),
    Column("einheit", Integer, primary_key=True, autoincrement=False),
    Column("termin_id", String(36), nullable=False),
    Column("stelle_id", String(36), nullable=False),
)
Index("ix_termine_belegung_termin", belegung.c.termin_id)
Index("ix_termine_belegung_stelle", belegung.c.stelle_id, belegung.c.einheit)

buchungen = Table(
    "termine_buchungen",
    metadata,
    Column("termin_id", String(36), primary_key=True),
    Column("stelle_id", String(36), nullable=False),
    Column("angebot_id", String(36), nullable=False),
    Column("berater_id", String(36), nullable=False),
    Column("person_id", String(36)),
    Column("beginn", Integer, nullable=False),  # POSIX seconds
    Column("ende", Integer, nullable=False),
    Column("art", String(20), nullable=False),
    Column("status", String(20), nullable=False),
    Column("anliegen", Text),  # sealed
    Column("kontakt", Text),  # sealed
    Column("grund", Text),  # sealed
    Column("storniert_durch", String(20)),
    Column("geheimnis_hash", String(64)),
    Column("adresse_hash", String(64)),
    Column("kontakt_hash", String(64)),
    Column("sequenz", Integer, nullable=False, default=0),
    Column("erinnert", Boolean, nullable=False, default=False),
    Column("geloescht", Boolean, nullable=False, default=False),
)
Index("ix_termine_buchungen_stelle", buchungen.c.stelle_id, buchungen.c.beginn)
Index("ix_termine_buchungen_person", buchungen.c.person_id)
Index("ix_termine_buchungen_beginn", buchungen.c.status, buchungen.c.beginn)
Index("ix_termine_buchungen_adresse", buchungen.c.adresse_hash)
Index("ix_termine_buchungen_kontakt", buchungen.c.kontakt_hash)

raeume = Table(
    "termine_raeume",
    metadata,
    Column("termin_id", String(36), primary_key=True),
    Column("zugang_url", Text, nullable=False),  # sealed
)

zugaenge = Table(
    "termine_zugaenge",
    metadata,
    Column("mitarbeiter_id", String(36), primary_key=True),
    Column("stelle_id", String(36), nullable=False),
    Column("rolle", String(20), nullable=False),
)


_STELLE_NEU = insert(stellen).values(
    stelle_id=bindparam("stelle_id"),
    dokument=bindparam("dokument"),
    position=bindparam("position"),
)
_STELLE_GEAENDERT = (
    update(stellen)
    .where(stellen.c.stelle_id == bindparam("b_stelle_id"))
    .values(dokument=bindparam("dokument"), position=bindparam("position"))
)


def _stelle_zeile(event: RecordedEvent, p: dict[str, Any]) -> dict[str, Any]:
    return {
        "stelle_id": p["beratungsstelle_id"],
        "b_stelle_id": p["beratungsstelle_id"],
        "dokument": json.dumps(p["dokument"], ensure_ascii=False, sort_keys=True),
        "position": event.position,
    }


def _sekunden(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp())


def _versiegelt(event: RecordedEvent, name: str) -> str | None:
    wert = event.sealed_payload.get(name)
    return None if wert is None else (wert if isinstance(wert, str) else json.dumps(wert))


class TermineProjektion(Projection):
    name = "termine"
    metadata = metadata
    handles = frozenset(
        {
            "BeratungsstelleErfasst",
            "BeratungsstelleGeaendert",
            "TerminGebucht",
            "ZeitBelegt",
            "TerminZugangVermerkt",
            "TerminRaumZugeteilt",
            "TerminVerschoben",
            "TerminStorniert",
            "TerminNichtErschienen",
            "TerminErinnert",
            "TerminDatenGeloescht",
            "MitarbeiterZugangErteilt",
        }
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        getattr(self, f"_{event.event_type}")(event, event.payload, connection)

    def _BeratungsstelleErfasst(  # noqa: N802
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:
        # The stream's first event: the row is new (statements built once: 5,300 at first start).
        connection.execute(_STELLE_NEU, _stelle_zeile(event, p))

    def _BeratungsstelleGeaendert(  # noqa: N802
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:
        connection.execute(_STELLE_GEAENDERT, _stelle_zeile(event, p))

    def _TerminGebucht(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        connection.execute(
            insert(buchungen).values(
                termin_id=p["termin_id"],
                stelle_id=p["beratungsstelle_id"],
                angebot_id=p.get("angebot_id") or "",
                berater_id=p.get("berater_id") or "",
                person_id=p.get("person_id"),
                beginn=_sekunden(p["beginn"]),
                ende=_sekunden(p["ende"]),
                art=p["art"],
                status="gebucht",
                anliegen=_versiegelt(event, "anliegen"),
                kontakt=_versiegelt(event, "kontakt"),
                sequenz=0,
                erinnert=False,
                geloescht=False,
            )
        )

    def _ZeitBelegt(self, event: RecordedEvent, p: dict[str, Any], connection: Connection) -> None:  # noqa: N802
        """Replace what the booking held. A unit another booking holds violates the primary
        key: the append fails and the booking with it."""
        connection.execute(delete(belegung).where(belegung.c.termin_id == p["termin_id"]))
        connection.execute(
            insert(belegung),
            [
                {
                    "berater_id": p["berater_id"],
                    "einheit": einheit,
                    "termin_id": p["termin_id"],
                    "stelle_id": p["beratungsstelle_id"],
                }
                for einheit in range(p["von_einheit"], p["bis_einheit"])
            ],
        )
        connection.execute(
            update(buchungen)
            .where(buchungen.c.termin_id == p["termin_id"])
            .values(berater_id=p["berater_id"])
        )

    def _TerminZugangVermerkt(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        connection.execute(
            update(buchungen)
            .where(buchungen.c.termin_id == p["termin_id"])
            .values(
                geheimnis_hash=p.get("geheimnis_hash"),
                adresse_hash=p.get("adresse_hash"),
                kontakt_hash=p.get("kontakt_hash"),
            )
        )

    def _TerminRaumZugeteilt(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        connection.execute(
            insert(raeume).values(
                termin_id=p["termin_id"], zugang_url=_versiegelt(event, "zugang_url")
            )
        )

    def _TerminVerschoben(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        connection.execute(
            update(buchungen)
            .where(buchungen.c.termin_id == p["termin_id"])
            .values(
                beginn=_sekunden(p["beginn"]),
                ende=_sekunden(p["ende"]),
                sequenz=buchungen.c.sequenz + 1,
                erinnert=False,
            )
        )

    def _TerminStorniert(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        connection.execute(delete(belegung).where(belegung.c.termin_id == p["termin_id"]))
        connection.execute(delete(raeume).where(raeume.c.termin_id == p["termin_id"]))
        connection.execute(
            update(buchungen)
            .where(buchungen.c.termin_id == p["termin_id"])
            .values(
                status="storniert",
                storniert_durch=p["storniert_durch"],
                grund=_versiegelt(event, "grund"),
                sequenz=buchungen.c.sequenz + 1,
                # A cancelled booking no longer counts for the limits. The person's own
                # cancellation spends the link; after the centre's, the link still shows the
                # person that (and why) the appointment was cancelled, until the retention sweep.
                geheimnis_hash=(
                    None if p["storniert_durch"] == "person" else buchungen.c.geheimnis_hash
                ),
                adresse_hash=None,
                kontakt_hash=None,
            )
        )

    def _TerminNichtErschienen(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        connection.execute(
            update(buchungen)
            .where(buchungen.c.termin_id == p["termin_id"])
            .values(status="nicht_erschienen", adresse_hash=None, kontakt_hash=None)
        )

    def _TerminErinnert(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        connection.execute(
            update(buchungen).where(buchungen.c.termin_id == p["termin_id"]).values(erinnert=True)
        )

    def _TerminDatenGeloescht(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        connection.execute(delete(belegung).where(belegung.c.termin_id == p["termin_id"]))
        connection.execute(delete(raeume).where(raeume.c.termin_id == p["termin_id"]))
        connection.execute(
            update(buchungen)
            .where(buchungen.c.termin_id == p["termin_id"])
            .values(
                geloescht=True,
                anliegen=None,
                kontakt=None,
                grund=None,
                geheimnis_hash=None,
                adresse_hash=None,
                kontakt_hash=None,
            )
        )

    def _MitarbeiterZugangErteilt(
        self, event: RecordedEvent, p: dict[str, Any], connection: Connection
    ) -> None:  # noqa: N802
        werte = {
            "mitarbeiter_id": p["mitarbeiter_id"],
            "stelle_id": p["beratungsstelle_id"],
            "rolle": p["rolle"],
        }
        statement = (
            sqlite_insert(zugaenge)
            if connection.dialect.name == "sqlite"
            else postgres_insert(zugaenge)
        )
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=[zugaenge.c.mitarbeiter_id],
                set_={"stelle_id": werte["stelle_id"], "rolle": werte["rolle"]},
            ),
            werte,
        )


def verzeichnis_stand(connection: Connection) -> int:
    from sqlalchemy import func

    return connection.execute(select(func.coalesce(func.max(stellen.c.position), 0))).scalar_one()
