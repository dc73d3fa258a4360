"""Read models of the xta-gateway, derived from its events (``kernel projections rebuild``).

``zustellungen``: one row per delivery with its state, for the sweeper (which deliveries are
not final and when they are due), the operators' RPC/CLI and the metrics. No personal data:
ids, codes, states and times only (``person_id`` is the pseudonymous id). ``art`` says what
is delivered (antrag, kurzantrag, postkorb_antwort); a Postkorb reply has ``nachricht_id`` and
``antrag_id`` only when it refers to an application (docs/adr/0055).
``eingaenge``: one row per message fetched from the MsgBox, received or parked.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    bindparam,
    insert,
    inspect,
    update,
)

from kernel.eventstore import RecordedEvent
from kernel.projections import Projection, rebuild

metadata = MetaData()

zustellungen = Table(
    "zustellungen",
    metadata,
    Column("zustellung_id", String(36), primary_key=True),
    Column("art", String(20), nullable=False, index=True),
    Column("antrag_id", String(36), index=True),  # absent for a reply without application
    Column("nachricht_id", String(36), index=True),  # the Postkorb message of a reply
    Column("person_id", String(36), nullable=False),
    Column("jobcenter_id", String(5), nullable=False),
    Column("leistung", String(30)),
    Column("kurzantrag", Boolean),
    Column("status", String(20), nullable=False, index=True),
    Column("message_id", String(255), index=True),
    Column("versuche", Integer, nullable=False, default=0),
    Column("fehlercode", String(64)),
    Column("grund", String(500)),
    # epoch seconds: the sweeper compares it with the clock
    Column("naechster_versuch_um", Float),
    Column("eroeffnet_am", String(40), nullable=False),
    # the citizen action's correlation id, carried through every step of the delivery
    Column("korrelation", String(64)),
    Column("geaendert_am", String(40), nullable=False),
    Column("abgeschlossen_am", String(40)),
    Column("bericht_status", String(10)),
    Column("berichtszeit", String(40)),
)

eingaenge = Table(
    "eingaenge",
    metadata,
    Column("message_id", String(255), primary_key=True),
    Column("status", String(20), nullable=False, index=True),
    Column("autor", String(255), nullable=False),
    Column("jobcenter_id", String(5)),
    Column("zustellung_id", String(36)),
    Column("grund", String(64)),
    Column("beschreibung", String(500)),
    Column("empfangen_am", String(40), nullable=False),
    Column("stream_id", String(100), nullable=False),
)

_STATUS = {
    "ZustellungEroeffnet": "eroeffnet",
    "PostkorbZustellungEroeffnet": "eroeffnet",
    "NachrichtErstellt": "erstellt",
    "MessageIdVergeben": "message_id",
    "VersandVersucht": "wird_gesendet",
    "VersandAngenommen": "angenommen",
    "NachrichtZugestellt": "zugestellt",
    "ZustellungFehlgeschlagen": "fehlgeschlagen",
}


# Prepared once: a statement built per event costs SQLAlchemy its construction and cache-key
# walk every time (a good part of each commit's CPU). The UPDATE sets the columns whose values
# are passed (``b_id`` names the row); compiled once per set of columns.
_EINFUEGEN = insert(zustellungen)
_AENDERN = update(zustellungen).where(zustellungen.c.zustellung_id == bindparam("b_id"))
_FEHLVERSUCH = _AENDERN.values(versuche=zustellungen.c.versuche + 1)


def _epoch(zeitpunkt: str) -> float:
    return datetime.fromisoformat(zeitpunkt.replace("Z", "+00:00")).timestamp()


class ZustellungenProjektion(Projection):
    name = "xta_gateway.zustellungen"
    metadata = metadata
    handles = frozenset(
        {
            *_STATUS,
            "VersuchFehlgeschlagen",
            "TransportberichtErhalten",
            "ErneuteZustellungAngefordert",
            "NachrichtEingegangen",
            "NachrichtGeparkt",
        }
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        p = event.payload
        typ = event.event_type
        if typ == "NachrichtEingegangen":
            self._eingang(event, connection, "empfangen", None, None)
            return
        if typ == "NachrichtGeparkt":
            self._eingang(event, connection, "geparkt", p["grund"], p["beschreibung"])
            return
        if typ in ("ZustellungEroeffnet", "PostkorbZustellungEroeffnet"):
            antwort = typ == "PostkorbZustellungEroeffnet"
            connection.execute(
                _EINFUEGEN,
                {
                    "zustellung_id": p["zustellung_id"],
                    "art": "postkorb_antwort"
                    if antwort
                    else ("kurzantrag" if p["kurzantrag"] else "antrag"),
                    "antrag_id": p.get("antrag_id"),
                    "nachricht_id": p.get("nachricht_id"),
                    "person_id": p["person_id"],
                    "jobcenter_id": p["jobcenter_id"],
                    "leistung": p.get("leistung"),
                    "kurzantrag": p.get("kurzantrag"),
                    "status": "eroeffnet",
                    "versuche": 0,
                    "eroeffnet_am": event.occurred_at,
                    "korrelation": event.correlation_id,
                    "geaendert_am": event.occurred_at,
                },
            )
            return
        werte: dict = {"b_id": p["zustellung_id"], "geaendert_am": event.occurred_at}
        anweisung = _AENDERN
        if typ in _STATUS:
            werte["status"] = _STATUS[typ]
            werte["naechster_versuch_um"] = None
        if typ == "MessageIdVergeben":
            werte["message_id"] = p["message_id"]
        elif typ == "VersuchFehlgeschlagen":
            anweisung = _FEHLVERSUCH
            werte.update(
                fehlercode=p["code"],
                grund=p["grund"],
                naechster_versuch_um=_epoch(p["naechster_versuch_um"]),
            )
        elif typ == "TransportberichtErhalten":
            werte["berichtszeit"] = p["berichtszeit"]
            werte["bericht_status"] = {1: "green", 2: "yellow", 3: "red"}[p["status"]]
        elif typ == "NachrichtZugestellt":
            werte.update(
                abgeschlossen_am=event.occurred_at,
                fehlercode=None,
                grund=None,
            )
        elif typ == "ZustellungFehlgeschlagen":
            werte.update(
                fehlercode=p["error_code"],
                grund=p["reason"],
                abgeschlossen_am=event.occurred_at,
            )
        elif typ == "ErneuteZustellungAngefordert":
            werte.update(status="erneut", abgeschlossen_am=None, naechster_versuch_um=None)
            if p["neue_message_id"]:
                werte.update(message_id=None, bericht_status=None, berichtszeit=None)
        connection.execute(anweisung, werte)

    def _eingang(
        self,
        event: RecordedEvent,
        connection: Connection,
        status: str,
        grund: str | None,
        beschreibung: str | None,
    ) -> None:
        p = event.payload
        connection.execute(
            insert(eingaenge).values(
                message_id=p["message_id"],
                status=status,
                autor=p["autor"],
                jobcenter_id=p.get("jobcenter_id"),
                zustellung_id=p.get("zustellung_id"),
                grund=grund,
                beschreibung=beschreibung,
                empfangen_am=p["empfangen_am"],
                stream_id=event.stream_id,
            )
        )


def lesemodell_anpassen(application) -> bool:  # noqa: ANN001 - kernel Application
    """A ``zustellungen`` table from before Postkorb replies (no ``art`` column) is dropped and
    rebuilt from the store, once (``create_all`` adds no columns). True when it was rebuilt."""
    engine = application.database.engine
    untersucher = inspect(engine)
    if not untersucher.has_table(zustellungen.name):
        return False
    spalten = {spalte["name"] for spalte in untersucher.get_columns(zustellungen.name)}
    if "art" in spalten:
        return False
    zustellungen.drop(engine)
    projektionen = [p for p in application.projections if isinstance(p, ZustellungenProjektion)]
    rebuild(application.store, projektionen)
    return True
