"""The lookup projection: the latest imported directory as tables in the service database.

Updated in the transaction that appends ``ReferenzdatenImportiert`` (each import replaces the
whole directory) and rebuildable from the store (``kernel projections rebuild``). The service
reads it once at start into the in-process index; no lookup queries the database.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy import (
    Column,
    Connection,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
    select,
)

from kernel.database import Database
from kernel.eventstore import RecordedEvent
from kernel.projections import Projection
from zustaendigkeit.domain.model import (
    Datei,
    Frage,
    Gemeinde,
    Jobcenter,
    PlzOrt,
    Quelle,
    Referenzdaten,
    TraegerArt,
)

metadata = MetaData()

datenstand = Table(
    "zv_datenstand",
    metadata,
    Column("id", Integer, primary_key=True),  # always 1: one directory at a time
    Column("datenstand", String(100), nullable=False),
    Column("pruefsumme", String(64), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("importiert_am", String(40), nullable=False),
    Column("dateien", Text, nullable=False),  # JSON
    Column("quellen", Text, nullable=False),  # JSON
    Column("hinweise", Text, nullable=False),  # JSON
)

jobcenter = Table(
    "zv_jobcenter",
    metadata,
    Column("id", String(5), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("traeger_art", String(3), nullable=False),
    Column("bundesland", String(100), nullable=False),
    Column("kreise", String(200), nullable=False),  # Kreisschlüssel separated by "|"
)

gemeinde = Table(
    "zv_gemeinde",
    metadata,
    Column("ags", String(8), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("frage", String(20)),
)

gemeinde_jobcenter = Table(
    "zv_gemeinde_jobcenter",
    metadata,
    Column("ags", String(8), nullable=False),
    Column("jobcenter_id", String(5), nullable=False),
    PrimaryKeyConstraint("ags", "jobcenter_id", name="pk_zv_gemeinde_jobcenter"),
)

plz_ort = Table(
    "zv_plz_ort",
    metadata,
    Column("plz", String(5), nullable=False),
    Column("ags", String(8), nullable=False),
    Column("ort", String(200), nullable=False),
    PrimaryKeyConstraint("plz", "ags", name="pk_zv_plz_ort"),
)


class VerzeichnisProjektion(Projection):
    name = "zustaendigkeit_verzeichnis"
    metadata = metadata
    handles = frozenset({"ReferenzdatenImportiert"})

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        payload = event.payload
        for table in reversed(self.tables):
            connection.execute(table.delete())
        connection.execute(
            datenstand.insert().values(
                id=1,
                datenstand=payload["datenstand"],
                pruefsumme=payload["pruefsumme"],
                event_id=event.event_id,
                importiert_am=event.occurred_at,
                dateien=_json(payload["dateien"]),
                quellen=_json(payload["quellen"]),
                hinweise=_json(payload["hinweise"]),
            )
        )
        connection.execute(
            jobcenter.insert(),
            [
                {
                    "id": j["id"],
                    "name": j["name"],
                    "traeger_art": j["traeger_art"],
                    "bundesland": j["bundesland"],
                    "kreise": "|".join(j["kreise"]),
                }
                for j in payload["jobcenter"]
            ],
        )
        connection.execute(
            gemeinde.insert(),
            [
                {"ags": ags, "name": name, "frage": frage or None}
                for ags, name, _, frage in payload["gemeinden"]
            ],
        )
        connection.execute(
            gemeinde_jobcenter.insert(),
            [
                {"ags": ags, "jobcenter_id": jobcenter_id}
                for ags, _, jobcenter_ids, _ in payload["gemeinden"]
                for jobcenter_id in jobcenter_ids.split("|")
            ],
        )
        connection.execute(
            plz_ort.insert(),
            [{"plz": plz, "ags": ags, "ort": ort} for plz, ags, ort in payload["plz_orte"]],
        )


def aktuelle_pruefsumme(database: Database) -> str | None:
    """The checksum of the directory in the projection, None when it is empty."""
    with database.read() as connection:
        return connection.execute(select(datenstand.c.pruefsumme)).scalar_one_or_none()


def laden(database: Database) -> Referenzdaten | None:
    """The directory as the projection holds it (one read, at start), None when empty."""
    with database.read() as connection:
        kopf = connection.execute(select(datenstand)).first()
        if kopf is None:
            return None
        zuordnungen: dict[str, list[str]] = {}
        for row in connection.execute(
            select(gemeinde_jobcenter).order_by(
                gemeinde_jobcenter.c.ags, gemeinde_jobcenter.c.jobcenter_id
            )
        ):
            zuordnungen.setdefault(row.ags, []).append(row.jobcenter_id)
        jobcenter_rows = connection.execute(select(jobcenter).order_by(jobcenter.c.id)).all()
        gemeinde_rows = connection.execute(select(gemeinde).order_by(gemeinde.c.ags)).all()
        plz_rows = connection.execute(select(plz_ort).order_by(plz_ort.c.plz, plz_ort.c.ags)).all()
    return Referenzdaten(
        datenstand=kopf.datenstand,
        pruefsumme=kopf.pruefsumme,
        dateien=tuple(Datei(**d) for d in orjson.loads(kopf.dateien)),
        quellen=tuple(
            Quelle(q["titel"], q["lizenz"], q.get("url")) for q in orjson.loads(kopf.quellen)
        ),
        jobcenter=tuple(
            Jobcenter(
                r.id, r.name, TraegerArt(r.traeger_art), r.bundesland, tuple(r.kreise.split("|"))
            )
            for r in jobcenter_rows
        ),
        gemeinden=tuple(
            Gemeinde(
                r.ags,
                r.name,
                r.ags[:5],
                tuple(zuordnungen.get(r.ags, ())),
                Frage(r.frage) if r.frage else None,
            )
            for r in gemeinde_rows
        ),
        plz_orte=tuple(PlzOrt(r.plz, r.ags, r.ort) for r in plz_rows),
        hinweise=tuple(orjson.loads(kopf.hinweise)),
    )


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()
