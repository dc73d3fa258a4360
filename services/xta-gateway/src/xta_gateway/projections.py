"""Read models of the xta-gateway, derived from its events (``kernel projections rebuild``).

``zustellungen``: one row per delivery with its state, for the sweeper (which deliveries are
not final and when they are due), the operators' RPC/CLI and the metrics. No personal data:
ids, codes, states and times only (``person_id`` is the pseudonymous id). ``art`` says what
is delivered (antrag, kurzantrag, postkorb_antwort); a Postkorb reply has ``nachricht_id`` and
``antrag_id`` only when it refers to an application (docs/adr/0055).
``eingaenge``: one row per message fetched from the MsgBox, received or parked.
``zustellung_leases`` is no read model: which replica drives which delivery until when
(replikate.py, docs/adr/0057). It lives here to be created with the read models; a rebuild
empties it, which only lets the next sweep of any replica take every delivery.
"""

from __future__ import annotations

from collections.abc import Sequence
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

zustellung_leases = Table(
    "zustellung_leases",
    metadata,
    Column("zustellung_id", String(36), primary_key=True),
    Column("inhaber", String(200), nullable=False),
    # epoch seconds by the database's clock: the replicas' clocks need not agree
    Column("bis", Float, nullable=False),
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
_FEHLVERSUCHE = _AENDERN.values(versuche=zustellungen.c.versuche + bindparam("b_fehlversuche"))
_ZUSTELLUNG = frozenset(
    {
        *_STATUS,
        "VersuchFehlgeschlagen",
        "TransportberichtErhalten",
        "ErneuteZustellungAngefordert",
    }
)


def _epoch(zeitpunkt: str) -> float:
    return datetime.fromisoformat(zeitpunkt.replace("Z", "+00:00")).timestamp()


class ZustellungenProjektion(Projection):
    name = "xta_gateway.zustellungen"
    metadata = metadata
    handles = frozenset(
        {*_ZUSTELLUNG, "NachrichtEingegangen", "NachrichtGeparkt", "NachrichtErledigt"}
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:
        self.apply_batch([event], connection)

    def apply_batch(self, events: Sequence[RecordedEvent], connection: Connection) -> None:
        """One statement per delivery for the events of one append (docs/adr/0018): the
        opening commit (opening, message, MessageID, first send) is one INSERT, the report's
        commit (acceptance, report, outcome) one UPDATE — each event's changes applied in
        order to the values of the row, as one statement per event would leave it."""
        zeile: dict | None = None  # the row of one delivery, to insert or to change
        fehlversuche = 0
        for event in events:
            typ = event.event_type
            if typ not in _ZUSTELLUNG:
                self._schreiben(zeile, fehlversuche, connection)
                zeile, fehlversuche = None, 0
                self._eingang(event, connection)
                continue
            zustellung_id = event.payload["zustellung_id"]
            if zeile is not None and zeile["zustellung_id"] != zustellung_id:
                self._schreiben(zeile, fehlversuche, connection)
                zeile, fehlversuche = None, 0
            if typ in ("ZustellungEroeffnet", "PostkorbZustellungEroeffnet"):
                self._schreiben(zeile, fehlversuche, connection)
                zeile, fehlversuche = _eroeffnung(event), 0
                continue
            if zeile is None:
                zeile = {"zustellung_id": zustellung_id}
            zeile.update(_aenderung(event))
            fehlversuche += typ == "VersuchFehlgeschlagen"
        self._schreiben(zeile, fehlversuche, connection)

    @staticmethod
    def _schreiben(zeile: dict | None, fehlversuche: int, connection: Connection) -> None:
        if zeile is None:
            return
        if "art" in zeile:  # opened in this append
            connection.execute(_EINFUEGEN, {**zeile, "versuche": fehlversuche})
            return
        werte = {k: v for k, v in zeile.items() if k != "zustellung_id"}
        werte["b_id"] = zeile["zustellung_id"]
        if fehlversuche:
            connection.execute(_FEHLVERSUCHE, {**werte, "b_fehlversuche": fehlversuche})
        else:
            connection.execute(_AENDERN, werte)

    @staticmethod
    def _eingang(event: RecordedEvent, connection: Connection) -> None:
        """One row per inbound message: ``empfangen``, ``geparkt`` (fetched, unreadable),
        ``zurueckgehalten`` (parked unfetched, still in the MsgBox) or ``erledigt`` (closed by
        an operator). A message fetched later by an operator, or closed, changes its row."""
        p = event.payload
        if event.event_type == "NachrichtErledigt":
            connection.execute(
                update(eingaenge)
                .where(eingaenge.c.message_id == p["message_id"])
                .values(status="erledigt")
            )
            return
        geparkt = event.event_type == "NachrichtGeparkt"
        werte = {
            "status": ("zurueckgehalten" if p.get("im_postfach") else "geparkt")
            if geparkt
            else "empfangen",
            "autor": p["autor"],
            "jobcenter_id": p.get("jobcenter_id"),
            "zustellung_id": p.get("zustellung_id"),
            "grund": p["grund"] if geparkt else None,
            "beschreibung": p["beschreibung"] if geparkt else None,
            "empfangen_am": p["empfangen_am"],
            "stream_id": event.stream_id,
        }
        if event.stream_version > 1:  # fetched by an operator after it was held back
            connection.execute(
                update(eingaenge).where(eingaenge.c.message_id == p["message_id"]).values(werte)
            )
            return
        connection.execute(insert(eingaenge).values(message_id=p["message_id"], **werte))


def _eroeffnung(event: RecordedEvent) -> dict:
    """The row of a delivery as its opening event makes it."""
    p = event.payload
    antwort = event.event_type == "PostkorbZustellungEroeffnet"
    return {
        "zustellung_id": p["zustellung_id"],
        "art": "postkorb_antwort" if antwort else ("kurzantrag" if p["kurzantrag"] else "antrag"),
        "antrag_id": p.get("antrag_id"),
        "nachricht_id": p.get("nachricht_id"),
        "person_id": p["person_id"],
        "jobcenter_id": p["jobcenter_id"],
        "leistung": p.get("leistung"),
        "kurzantrag": p.get("kurzantrag"),
        "status": "eroeffnet",
        "eroeffnet_am": event.occurred_at,
        "korrelation": event.correlation_id,
        "geaendert_am": event.occurred_at,
    }


def _aenderung(event: RecordedEvent) -> dict:
    """The columns a later event of a delivery sets (``versuche`` is counted by the caller)."""
    p = event.payload
    typ = event.event_type
    werte: dict = {"geaendert_am": event.occurred_at}
    if typ in _STATUS:
        werte["status"] = _STATUS[typ]
        werte["naechster_versuch_um"] = None
    if typ == "MessageIdVergeben":
        werte["message_id"] = p["message_id"]
    elif typ == "VersuchFehlgeschlagen":
        werte.update(
            fehlercode=p["code"],
            grund=p["grund"],
            naechster_versuch_um=_epoch(p["naechster_versuch_um"]),
        )
    elif typ == "TransportberichtErhalten":
        werte["berichtszeit"] = p["berichtszeit"]
        werte["bericht_status"] = {1: "green", 2: "yellow", 3: "red"}[p["status"]]
    elif typ == "NachrichtZugestellt":
        werte.update(abgeschlossen_am=event.occurred_at, fehlercode=None, grund=None)
    elif typ == "ZustellungFehlgeschlagen":
        werte.update(
            fehlercode=p["error_code"], grund=p["reason"], abgeschlossen_am=event.occurred_at
        )
    elif typ == "ErneuteZustellungAngefordert":
        werte.update(status="erneut", abgeschlossen_am=None, naechster_versuch_um=None)
        if p["neue_message_id"]:
            werte.update(message_id=None, bericht_status=None, berichtszeit=None)
    return werte


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
