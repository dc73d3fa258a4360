"""Read models of the mailbox, derived from the store (``kernel projections rebuild``).

Personal fields stay sealed here: the rows keep the tokens of the event as stored
(``RecordedEvent.sealed_payload``), and the handlers open them with the person's key. A person
forgotten leaves rows of ids, codes and times that open to nothing (docs/adr/0103).
"""

from __future__ import annotations

import orjson
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
    insert,
    select,
    update,
)

from kernel.eventstore import RecordedEvent
from kernel.projections import Projection

metadata = MetaData()

antraege = Table(
    "postkorb_antraege",
    metadata,
    Column("antrag_id", String(36), primary_key=True),
    Column("person_id", String(36), nullable=False),
    Column("jobcenter_id", String(5), nullable=False),
)

threads = Table(
    "postkorb_threads",
    metadata,
    Column("thread_id", String(36), primary_key=True),
    Column("person_id", String(36), nullable=False),
    Column("art", String(20), nullable=False),
    Column("bezug_id", String(36)),
    Column("jobcenter_id", String(5)),
    Column("betreff", Text, nullable=False),  # sealed
    Column("eroeffnet_am", String(40), nullable=False),
    Column("letzte_nachricht_am", String(40), nullable=False),
    Column("archiviert", Boolean, nullable=False, default=False),
)
Index("ix_postkorb_threads_person", threads.c.person_id, threads.c.letzte_nachricht_am)

nachrichten = Table(
    "postkorb_nachrichten",
    metadata,
    Column("nachricht_id", String(36), primary_key=True),
    Column("thread_id", String(36), nullable=False),
    Column("person_id", String(36), nullable=False),
    Column("position", Integer, nullable=False),
    Column("art", String(40), nullable=False),
    Column("absender", String(20), nullable=False),
    Column("abgelegt_am", String(40), nullable=False),
    Column("versiegelt", Text, nullable=False),  # JSON: field -> sealed token
    Column("anlagen_anzahl", Integer, nullable=False, default=0),
    Column("jobcenter_id", String(5)),
    Column("antrag_id", String(36)),
    Column("message_id", String(255)),
    Column("nachrichten_uuid", String(36)),
    Column("frist", String(10)),
    Column("systemdaten", Text),  # JSON
    Column("gelesen", Boolean, nullable=False, default=False),
    Column("abgerufen_am", String(40)),
    Column("anmeldung", String(20)),
    Column("zustellstatus", String(20)),
    Column("endgueltig", Boolean),
    # a notice (Bescheid): § 37 Abs. 2a SGB X
    Column("inhalt_sha256", String(64)),
    Column("bereitgestellt_am", String(40)),
    Column("einwilligung", Boolean),
    Column("benachrichtigt_am", String(40)),
    Column("benachrichtigung_fehlgeschlagen", Boolean),
    Column("bekanntgabe_am", String(10)),
    Column("frist_ende", String(10)),
    Column("rechtsgrundlage", String(200)),
    Column("fristgrundlage", String(200)),
    Column("land", String(5)),
    Column("beendet_am", String(40)),
    Column("beendet_grund", String(40)),
)
Index("ix_postkorb_nachrichten_thread", nachrichten.c.thread_id, nachrichten.c.position)
Index("ix_postkorb_nachrichten_ungelesen", nachrichten.c.person_id, nachrichten.c.gelesen)
Index("ix_postkorb_nachrichten_message", nachrichten.c.message_id)

entwuerfe = Table(
    "postkorb_entwuerfe",
    metadata,
    Column("entwurf_id", String(36), primary_key=True),
    Column("thread_id", String(36), nullable=False),
    Column("person_id", String(36), nullable=False),
    Column("versiegelt", Text, nullable=False),  # JSON: text, anlagen -> sealed tokens
    Column("pruefungen", Text, nullable=False),  # JSON: anlage_id -> state
    Column("gesendet_als", String(36)),
)

einwilligungen = Table(
    "postkorb_einwilligungen",
    metadata,
    Column("person_id", String(36), primary_key=True),
    Column("erteilt", Boolean, nullable=False, default=False),
    Column("erteilt_am", String(40)),
    Column("widerrufen_am", String(40)),
    Column("textversion", String(40)),
    Column("email", Text),  # sealed
)

klaerungen = Table(
    "postkorb_klaerungen",
    metadata,
    Column("nachricht_id", String(36), primary_key=True),
    Column("grund", String(40), nullable=False),
    Column("jobcenter_id", String(5)),
    Column("antrag_id", String(36)),
    Column("eingegangen_am", String(40), nullable=False),
    Column("person_id", String(36)),  # set once assigned
    Column("thread_id", String(36)),
)


def _versiegelt(event: RecordedEvent, felder: tuple[str, ...]) -> str:
    sealed = event.sealed_payload or event.payload
    return orjson.dumps({f: sealed[f] for f in felder if f in sealed}).decode()


class Postfach(Projection):
    name = "postkorb_postfach"
    metadata = metadata
    handles = frozenset(
        {
            "AntragVermerkt",
            "ThreadEroeffnet",
            "NachrichtAbgelegt",
            "NachrichtAbgerufen",
            "ThreadArchiviert",
            "ZustellstatusVermerkt",
            "BescheidBereitgestellt",
            "BenachrichtigungVersandt",
            "BenachrichtigungFehlgeschlagen",
            "PostkorbBereitstellungBeendet",
            "AntwortEntworfen",
            "AnlageGeprueft",
            "EntwurfGesendet",
            "EinwilligungErteilt",
            "EinwilligungWiderrufen",
            "BenachrichtigungsadresseGesetzt",
            "NachrichtZurKlaerung",
            "KlaerungZugeordnet",
        }
    )

    def apply(self, event: RecordedEvent, connection: Connection) -> None:  # noqa: C901, PLR0912
        p = event.payload
        typ = event.event_type
        if typ == "AntragVermerkt":
            connection.execute(
                insert(antraege).values(
                    antrag_id=str(p["antrag_id"]),
                    person_id=str(p["person_id"]),
                    jobcenter_id=p["jobcenter_id"],
                )
            )
        elif typ == "ThreadEroeffnet":
            connection.execute(
                insert(threads).values(
                    thread_id=str(p["thread_id"]),
                    person_id=str(p["person_id"]),
                    art=p["art"],
                    bezug_id=_str(p.get("bezug_id")),
                    jobcenter_id=p.get("jobcenter_id"),
                    betreff=(event.sealed_payload or p)["betreff"],
                    eroeffnet_am=event.occurred_at,
                    letzte_nachricht_am=event.occurred_at,
                    archiviert=False,
                )
            )
        elif typ == "NachrichtAbgelegt":
            thread_id = str(p["thread_id"])
            connection.execute(
                insert(nachrichten).values(
                    nachricht_id=str(p["nachricht_id"]),
                    thread_id=thread_id,
                    person_id=str(p["person_id"]),
                    position=event.position,
                    art=p["art"],
                    absender=p["absender"],
                    abgelegt_am=_zeit(p["abgelegt_am"]),
                    versiegelt=_versiegelt(
                        event, ("betreff", "text", "anlagen", "aktenzeichen", "antwortadresse")
                    ),
                    anlagen_anzahl=len(p.get("anlagen") or []),
                    jobcenter_id=p.get("jobcenter_id"),
                    antrag_id=_str(p.get("antrag_id")),
                    message_id=p.get("message_id"),
                    nachrichten_uuid=_str(p.get("nachrichten_uuid")),
                    frist=_str(p.get("frist")),
                    systemdaten=orjson.dumps(p["systemdaten"]).decode()
                    if p.get("systemdaten")
                    else None,
                    # what the person wrote is read already; the Jobcenter's and the
                    # platform's messages count as unread until opened
                    gelesen=p["absender"] == "person",
                    zustellstatus="gesendet" if p["absender"] == "person" else None,
                )
            )
            # a new message brings an archived thread back to the mailbox
            connection.execute(
                update(threads)
                .where(threads.c.thread_id == thread_id)
                .values(letzte_nachricht_am=_zeit(p["abgelegt_am"]), archiviert=False)
            )
        elif typ == "NachrichtAbgerufen":
            connection.execute(
                update(nachrichten)
                .where(nachrichten.c.nachricht_id == str(p["nachricht_id"]))
                .values(
                    gelesen=True, abgerufen_am=_zeit(p["abgerufen_am"]), anmeldung=p["anmeldung"]
                )
            )
        elif typ == "ThreadArchiviert":
            connection.execute(
                update(threads)
                .where(threads.c.thread_id == str(p["thread_id"]))
                .values(archiviert=p["archiviert"])
            )
        elif typ == "ZustellstatusVermerkt":
            connection.execute(
                update(nachrichten)
                .where(nachrichten.c.nachricht_id == str(p["nachricht_id"]))
                .values(zustellstatus=p["zustellstatus"], endgueltig=p.get("endgueltig"))
            )
        elif typ == "BescheidBereitgestellt":
            connection.execute(
                update(nachrichten)
                .where(nachrichten.c.nachricht_id == str(p["nachricht_id"]))
                .values(
                    inhalt_sha256=p["inhalt_sha256"],
                    bereitgestellt_am=_zeit(p["bereitgestellt_am"]),
                    einwilligung=p["einwilligung"],
                )
            )
        elif typ == "BenachrichtigungVersandt":
            connection.execute(
                update(nachrichten)
                .where(nachrichten.c.nachricht_id == str(p["nachricht_id"]))
                .values(
                    benachrichtigt_am=_zeit(p["versandt_am"]),
                    bekanntgabe_am=_str(p.get("bekanntgabe_am")),
                    frist_ende=_str(p.get("frist_ende")),
                    rechtsgrundlage=p.get("rechtsgrundlage"),
                    fristgrundlage=p.get("fristgrundlage"),
                    land=p.get("land"),
                )
            )
        elif typ == "BenachrichtigungFehlgeschlagen":
            connection.execute(
                update(nachrichten)
                .where(nachrichten.c.nachricht_id == str(p["nachricht_id"]))
                .values(benachrichtigung_fehlgeschlagen=True)
            )
        elif typ == "PostkorbBereitstellungBeendet":
            connection.execute(
                update(nachrichten)
                .where(nachrichten.c.nachricht_id == str(p["nachricht_id"]))
                .values(beendet_am=_zeit(p["beendet_am"]), beendet_grund=str(p["grund"]))
            )
        elif typ == "AntwortEntworfen":
            connection.execute(
                insert(entwuerfe).values(
                    entwurf_id=str(p["entwurf_id"]),
                    thread_id=str(p["thread_id"]),
                    person_id=str(p["person_id"]),
                    versiegelt=_versiegelt(event, ("text", "anlagen")),
                    pruefungen=orjson.dumps(
                        {str(a["anlage_id"]): a.get("pruefung", "ausstehend") for a in p["anlagen"]}
                    ).decode()
                    if p.get("anlagen") is not None
                    else "{}",
                )
            )
        elif typ == "AnlageGeprueft":
            entwurf_id = str(p["entwurf_id"])
            alt = connection.execute(
                select(entwuerfe.c.pruefungen).where(entwuerfe.c.entwurf_id == entwurf_id)
            ).scalar_one()
            pruefungen = {**orjson.loads(alt), str(p["anlage_id"]): p["pruefung"]}
            connection.execute(
                update(entwuerfe)
                .where(entwuerfe.c.entwurf_id == entwurf_id)
                .values(pruefungen=orjson.dumps(pruefungen).decode())
            )
        elif typ == "EntwurfGesendet":
            connection.execute(
                update(entwuerfe)
                .where(entwuerfe.c.entwurf_id == str(p["entwurf_id"]))
                .values(gesendet_als=str(p["nachricht_id"]))
            )
        elif typ in (
            "EinwilligungErteilt",
            "EinwilligungWiderrufen",
            "BenachrichtigungsadresseGesetzt",
        ):
            self._einwilligung(event, connection)
        elif typ == "NachrichtZurKlaerung":
            connection.execute(
                insert(klaerungen).values(
                    nachricht_id=str(p["nachricht_id"]),
                    grund=p["grund"],
                    jobcenter_id=p.get("jobcenter_id"),
                    antrag_id=_str(p.get("antrag_id")),
                    eingegangen_am=_zeit(p["eingegangen_am"]),
                )
            )
        elif typ == "KlaerungZugeordnet":
            connection.execute(
                update(klaerungen)
                .where(klaerungen.c.nachricht_id == str(p["nachricht_id"]))
                .values(person_id=str(p["person_id"]), thread_id=str(p["thread_id"]))
            )

    def _einwilligung(self, event: RecordedEvent, connection: Connection) -> None:
        p = event.payload
        person_id = str(p["person_id"])
        vorhanden = connection.execute(
            select(einwilligungen.c.person_id).where(einwilligungen.c.person_id == person_id)
        ).first()
        if vorhanden is None:
            connection.execute(insert(einwilligungen).values(person_id=person_id, erteilt=False))
        werte: dict
        if event.event_type == "EinwilligungErteilt":
            werte = {
                "erteilt": True,
                "erteilt_am": _zeit(p["erteilt_am"]),
                "widerrufen_am": None,
                "textversion": p["textversion"],
            }
        elif event.event_type == "EinwilligungWiderrufen":
            werte = {"erteilt": False, "widerrufen_am": _zeit(p["widerrufen_am"])}
        else:
            werte = {"email": (event.sealed_payload or p).get("email")}
        connection.execute(
            update(einwilligungen).where(einwilligungen.c.person_id == person_id).values(**werte)
        )


def _str(wert: object) -> str | None:
    return None if wert is None else str(wert)


def _zeit(wert: object) -> str:
    """Times as RFC 3339 text (the payload holds datetimes once loaded, text before)."""
    if hasattr(wert, "isoformat"):
        return wert.isoformat()  # type: ignore[union-attr]
    return str(wert)
