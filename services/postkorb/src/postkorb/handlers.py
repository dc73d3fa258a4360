"""What the postkorb service does: the person's RPCs, the consumed events, the timers.

Every person call takes the person from the context (``ctx.person_id``, set only for the
gateway's broker user) and reads only rows of that person: a foreign or guessed id finds
nothing and answers ``NichtGefunden`` exactly as a missing one (docs/adr/0103).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

import orjson
import structlog
from sqlalchemy import and_, func, select

from kernel.envelope import Envelope
from kernel.eventstore import NewEvent
from kernel.unit_of_work import UnitOfWork
from postkorb import benachrichtigung, metriken
from postkorb.adapters import clamav
from postkorb.domain import bekanntgabe, dateien
from postkorb.fehler import (
    AnlageNichtSauber,
    EingabeUngueltig,
    Konflikt,
    NichtAngemeldet,
    NichtGefunden,
)
from postkorb.projections import (
    antraege,
    einwilligungen,
    entwuerfe,
    klaerungen,
    nachrichten,
    threads,
)
from postkorb.schemas import ANMELDUNGEN

log = structlog.get_logger("postkorb")

_NAMENSRAUM = uuid.UUID("6f0d3c1e-9a4b-4e2f-8c7d-5b6a4e3d2c1b")
JOBCENTER_ARTEN = ("information", "aufforderung", "anhoerung", "bescheid")
LEISTUNGEN = {
    "buergergeld": "Bürgergeld",
    "bildung_teilhabe": "Bildung und Teilhabe",
    "eingliederung": "Leistungen zur Eingliederung",
    "einstiegsgeld": "Einstiegsgeld",
    "mietrueckstaende": "Übernahme von Mietrückständen",
}
SCAN_VERSUCHE = 3


# -- helpers ---------------------------------------------------------------------------------


def _jetzt() -> str:
    return datetime.now(UTC).isoformat()


def _person(ctx: Any) -> str:
    if not ctx.person_id:
        raise NichtAngemeldet("nicht_angemeldet")
    return str(ctx.person_id)


def _id(wert: Any) -> str | None:
    """A well-formed UUID as text, or None (a guessed id of any other shape finds nothing)."""
    try:
        return str(uuid.UUID(str(wert)))
    except (ValueError, TypeError, AttributeError):
        return None


def thread_id_fuer(person_id: str, art: str, bezug: str) -> str:
    return str(uuid.uuid5(_NAMENSRAUM, f"{person_id}:{art}:{bezug}"))


def _stream(art: str, id_: str) -> str:
    return f"postkorb-{art}-{id_}"


def _version(uow: UnitOfWork, stream_id: str) -> int:
    return uow.application.store.stream_version(stream_id, uow.connection)


def _oeffnen(application: Any, token: Any, keyring: Any = None) -> Any:
    wert, _ = application.cipher.open(token, keyring)
    return wert


def _versiegelt(application: Any, roh: str, keyring: Any = None) -> dict[str, Any]:
    return {k: _oeffnen(application, v, keyring) for k, v in orjson.loads(roh).items()}


def _ohne_leere(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if v is not None}


# -- filing ----------------------------------------------------------------------------------


def thread_sicherstellen(
    uow: UnitOfWork,
    person_id: str,
    art: str,
    bezug_id: str | None,
    betreff: str,
    jobcenter_id: str | None = None,
) -> str:
    thread_id = thread_id_fuer(person_id, art, bezug_id or jobcenter_id or "allgemein")
    stream = _stream("thread", thread_id)
    if _version(uow, stream) == 0:
        uow.append(
            stream,
            0,
            [
                NewEvent(
                    "ThreadEroeffnet",
                    _ohne_leere(
                        {
                            "thread_id": thread_id,
                            "person_id": person_id,
                            "art": art,
                            "bezug_id": bezug_id,
                            "jobcenter_id": jobcenter_id,
                            "betreff": betreff,
                        }
                    ),
                )
            ],
        )
    return thread_id


# What PostkorbNachrichtEingegangen (v1) calls each kind; the others are not announced.
EINGANGSARTEN = {
    **dict.fromkeys(JOBCENTER_ARTEN, "jobcenter_nachricht"),
    "eingereicht": "eingangsbestaetigung",
    "zugestellt": "zustellbestaetigung",
    "termin_gebucht": "terminbestaetigung",
    "termin_verschoben": "terminbestaetigung",
}


def ablegen(
    uow: UnitOfWork, thread_id: str, nachricht: dict[str, Any], *folgende: NewEvent
) -> None:
    """File a message; announce it (PostkorbNachrichtEingegangen: ids and kind only, no
    content) for whoever notifies or measures."""
    eingang = EINGANGSARTEN.get(nachricht["art"])
    if eingang is not None:
        folgende = (
            NewEvent(
                "PostkorbNachrichtEingegangen",
                _ohne_leere(
                    {
                        "nachricht_id": nachricht["nachricht_id"],
                        "thread_id": thread_id,
                        "person_id": nachricht["person_id"],
                        "art": eingang,
                        "antrag_id": nachricht.get("antrag_id"),
                    }
                ),
            ),
            *folgende,
        )
    stream = _stream("thread", thread_id)
    uow.append(
        stream,
        _version(uow, stream),
        [
            NewEvent("NachrichtAbgelegt", _ohne_leere({**nachricht, "thread_id": thread_id})),
            *folgende,
        ],
    )


def _thread_anhaengen(uow: UnitOfWork, thread_id: str, *ereignisse: NewEvent) -> None:
    stream = _stream("thread", thread_id)
    uow.append(stream, _version(uow, stream), list(ereignisse))


def _systemnachricht(
    uow: UnitOfWork,
    thread_id: str,
    person_id: str,
    art: str,
    betreff: str,
    text: str,
    systemdaten: dict[str, Any],
    nachricht_id: str,
) -> None:
    if _nachricht_zeile(uow.connection, nachricht_id) is not None:
        return
    ablegen(
        uow,
        thread_id,
        {
            "nachricht_id": nachricht_id,
            "person_id": person_id,
            "art": art,
            "absender": "system",
            "abgelegt_am": _jetzt(),
            "betreff": betreff,
            "text": text,
            "anlagen": [],
            "systemdaten": _ohne_leere(systemdaten),
            "antrag_id": systemdaten.get("antrag_id"),
            "jobcenter_id": systemdaten.get("jobcenter_id"),
        },
    )


def _nachricht_zeile(connection: Any, nachricht_id: str, person_id: str | None = None) -> Any:
    bedingung = nachrichten.c.nachricht_id == nachricht_id
    if person_id is not None:
        bedingung = and_(bedingung, nachrichten.c.person_id == person_id)
    return connection.execute(select(nachrichten).where(bedingung)).first()


def _abgeleitete_id(*teile: str) -> str:
    return str(uuid.uuid5(_NAMENSRAUM, ":".join(teile)))


# -- consumed events -------------------------------------------------------------------------


def antrag_eingereicht(event: Envelope, uow: UnitOfWork) -> None:
    p = event.payload
    antrag_id, person_id = str(p["antrag_id"]), str(p["person_id"])
    stream = _stream("antrag", antrag_id)
    if _version(uow, stream) == 0:
        uow.append(
            stream,
            0,
            [
                NewEvent(
                    "AntragVermerkt",
                    {
                        "antrag_id": antrag_id,
                        "person_id": person_id,
                        "jobcenter_id": p["jobcenter_id"],
                        "eingereicht_am": p["eingereicht_am"],
                    },
                )
            ],
        )
    leistung = LEISTUNGEN.get(str(p.get("leistung")), "Leistungen")
    art = "Kurzantrag" if p.get("kurzantrag") else "Antrag"
    thread_id = thread_sicherstellen(
        uow, person_id, "antrag", antrag_id, f"{art} auf {leistung}", p["jobcenter_id"]
    )
    _systemnachricht(
        uow,
        thread_id,
        person_id,
        "eingereicht",
        f"{art} eingereicht",
        f"Sie haben Ihren {art} auf {leistung} eingereicht. Wir schicken ihn an Ihr Jobcenter "
        "und sagen Ihnen hier, wenn er angekommen ist.",
        {
            "antrag_id": antrag_id,
            "jobcenter_id": p["jobcenter_id"],
            "eingereicht_am": p["eingereicht_am"],
            "kurzantrag": bool(p.get("kurzantrag")),
        },
        _abgeleitete_id("eingereicht", antrag_id),
    )


def _antrag_zeile(connection: Any, antrag_id: str | None) -> Any:
    if not antrag_id:
        return None
    return connection.execute(select(antraege).where(antraege.c.antrag_id == antrag_id)).first()


def zustellung_ausgang(event: Envelope, uow: UnitOfWork) -> None:
    """NachrichtZugestellt (v2) or ZustellungFehlgeschlagen (v3): an application's delivery
    becomes a system message; a reply's changes its zustellstatus."""
    p = event.payload
    zugestellt = event.event_type == "NachrichtZugestellt"
    if p.get("art") == "postkorb_antwort":
        zeile = _nachricht_zeile(uow.connection, str(p["nachricht_id"]))
        if zeile is None:
            # a notice message to the Jobcenter (receipt, end of provision) reports back the
            # same way under an id of its own: nothing to show the person
            log.info("zustellung_ohne_nachricht", nachricht_id=str(p["nachricht_id"]))
            return
        if zeile.zustellstatus == "zugestellt":
            return
        _thread_anhaengen(
            uow,
            zeile.thread_id,
            NewEvent(
                "ZustellstatusVermerkt",
                _ohne_leere(
                    {
                        "thread_id": zeile.thread_id,
                        "nachricht_id": zeile.nachricht_id,
                        "zustellstatus": "zugestellt" if zugestellt else "fehlgeschlagen",
                        "endgueltig": None if zugestellt else bool(p.get("endgueltig")),
                        "am": p.get("report_time") or _jetzt(),
                    }
                ),
            ),
        )
        return
    antrag_id, person_id = str(p["antrag_id"]), str(p["person_id"])
    thread_id = thread_sicherstellen(
        uow, person_id, "antrag", antrag_id, "Ihr Antrag", p.get("jobcenter_id")
    )
    if zugestellt:
        _systemnachricht(
            uow,
            thread_id,
            person_id,
            "zugestellt",
            "Beim Jobcenter angekommen",
            "Ihr Antrag ist beim Jobcenter angekommen. Das Jobcenter meldet sich bei Ihnen, "
            "hier im Postfach oder mit der Post.",
            {
                "antrag_id": antrag_id,
                "jobcenter_id": p.get("jobcenter_id"),
                "zugestellt_am": p.get("report_time"),
            },
            _abgeleitete_id("zugestellt", str(p["zustellung_id"])),
        )
    else:
        endgueltig = bool(p.get("endgueltig"))
        weiter = (
            "Bitte stellen Sie Ihren Antrag direkt beim Jobcenter: persönlich, mit der Post "
            "oder auf dem Weg, den das Jobcenter anbietet. Ihr Antrag hier bleibt gespeichert."
            if endgueltig
            else "Wir versuchen es erneut. Sie müssen nichts tun; wir sagen Ihnen hier, wenn "
            "der Antrag angekommen ist."
        )
        _systemnachricht(
            uow,
            thread_id,
            person_id,
            "zustellung_fehlgeschlagen",
            "Zustellung an das Jobcenter nicht gelungen",
            f"Ihr Antrag konnte dem Jobcenter nicht zugestellt werden. {weiter}",
            {
                "antrag_id": antrag_id,
                "jobcenter_id": p.get("jobcenter_id"),
                "endgueltig": endgueltig,
            },
            _abgeleitete_id("fehlgeschlagen", str(p["zustellung_id"]), str(event.event_id)),
        )


def termin(event: Envelope, uow: UnitOfWork) -> None:
    p = event.payload
    person_id, termin_id = str(p["person_id"]), str(p["termin_id"])
    thread_id = thread_sicherstellen(uow, person_id, "termin", termin_id, "Ihr Beratungstermin")
    art, betreff, text = {
        "TerminGebucht": (
            "termin_gebucht",
            "Termin gebucht",
            "Ihr Beratungstermin ist gebucht.",
        ),
        "TerminVerschoben": (
            "termin_verschoben",
            "Termin verschoben",
            "Ihr Beratungstermin hat eine neue Zeit.",
        ),
        "TerminStorniert": (
            "termin_storniert",
            "Termin abgesagt",
            "Ihr Beratungstermin ist abgesagt.",
        ),
    }[event.event_type]
    _systemnachricht(
        uow,
        thread_id,
        person_id,
        art,
        betreff,
        text,
        {
            "termin_id": termin_id,
            "beratungsstelle_id": str(p.get("beratungsstelle_id")),
            "beginn": p.get("beginn"),
            "ende": p.get("ende"),
            "bisheriger_beginn": p.get("bisheriger_beginn"),
            "art": p.get("art"),
            "storniert_durch": p.get("storniert_durch"),
        },
        _abgeleitete_id("termin", str(event.event_id)),
    )


def nachricht_empfangen(event: Envelope, uow: UnitOfWork) -> None:
    """A Jobcenter's message: filed for whoever submitted the application it names; without
    an application, for the person the xta-gateway found through the answered message. A
    message whose application is unknown here, or whose person does not match, goes to the
    clarification list: never dropped, never shown to the wrong person."""
    p = event.payload
    nachricht_id = _abgeleitete_id("empfangen", str(p["message_id"]))
    if _nachricht_zeile(uow.connection, nachricht_id) is not None:
        return
    if uow.connection.execute(
        select(klaerungen.c.nachricht_id).where(klaerungen.c.nachricht_id == nachricht_id)
    ).first():
        return
    antrag_id = _id(p.get("antrag_id")) if p.get("antrag_id") else None
    person_id = str(p["person_id"])
    antrag = _antrag_zeile(uow.connection, antrag_id)
    grund = None
    if antrag_id and antrag is None:
        grund = "antrag_unbekannt"
    elif antrag is not None and (
        antrag.person_id != person_id or antrag.jobcenter_id != p["jobcenter_id"]
    ):
        grund = "person_passt_nicht"
    if grund is not None:
        _zur_klaerung(uow, nachricht_id, grund, p)
        return
    jobcenter_ablegen(uow, nachricht_id, person_id, p)


def _zur_klaerung(uow: UnitOfWork, nachricht_id: str, grund: str, p: dict[str, Any]) -> None:
    uow.append(
        _stream("klaerung", nachricht_id),
        0,
        [
            NewEvent(
                "NachrichtZurKlaerung",
                _ohne_leere(
                    {
                        "nachricht_id": nachricht_id,
                        "klaerung_id": f"klaerung-{nachricht_id}",
                        "grund": grund,
                        "jobcenter_id": p.get("jobcenter_id"),
                        "antrag_id": _id(p.get("antrag_id")),
                        "eingegangen_am": p.get("empfangen_am") or _jetzt(),
                        "nachricht": _ohne_leere(dict(p)),
                    }
                ),
            )
        ],
    )
    log.warning("nachricht_zur_klaerung", nachricht_id=nachricht_id, grund=grund)


def inhalt_sha256(p: dict[str, Any]) -> str:
    """The hash of a notice as provided: subject, text and each file's hash, in order."""
    teile = [p["betreff"], p["inhalt"], *(str(a["sha256"]) for a in p.get("anlagen") or [])]
    return hashlib.sha256("\x1f".join(teile).encode()).hexdigest()


def jobcenter_ablegen(uow: UnitOfWork, nachricht_id: str, person_id: str, p: dict[str, Any]) -> str:
    jobcenter_id = p["jobcenter_id"]
    antrag_id = _id(p.get("antrag_id")) if p.get("antrag_id") else None
    if antrag_id:
        thread_id = thread_sicherstellen(
            uow, person_id, "antrag", antrag_id, "Ihr Antrag", jobcenter_id
        )
    else:
        thread_id = thread_sicherstellen(
            uow, person_id, "allgemein", None, "Nachrichten Ihres Jobcenters", jobcenter_id
        )
    art = p.get("art") or "information"
    jetzt = _jetzt()
    folgende: list[NewEvent] = []
    einwilligung = _einwilligung_zeile(uow.connection, person_id)
    if art == "bescheid":
        erteilt = bool(einwilligung and einwilligung.erteilt)
        folgende.append(
            NewEvent(
                "BescheidBereitgestellt",
                _ohne_leere(
                    {
                        "thread_id": thread_id,
                        "nachricht_id": nachricht_id,
                        "person_id": person_id,
                        "inhalt_sha256": inhalt_sha256(p),
                        "bereitgestellt_am": jetzt,
                        "einwilligung": erteilt,
                        "textversion": einwilligung.textversion if erteilt else None,
                    }
                ),
            )
        )
        if not erteilt:
            folgende.append(
                _beendet(
                    thread_id,
                    nachricht_id,
                    person_id,
                    jobcenter_id,
                    p,
                    "keine_einwilligung",
                    bereitgestellt_am=jetzt,
                    benachrichtigt_am=None,
                )
            )
    ablegen(
        uow,
        thread_id,
        {
            "nachricht_id": nachricht_id,
            "person_id": person_id,
            "art": art,
            "absender": "jobcenter",
            "abgelegt_am": jetzt,
            "betreff": p["betreff"],
            "text": p["inhalt"],
            "anlagen": [
                {
                    "anlage_id": str(a["anlage_id"]),
                    "dateiname": a["dateiname"],
                    "medientyp": a["mime_type"],
                    "groesse": int(a.get("groesse") or 0),
                    "sha256": a["sha256"],
                }
                for a in p.get("anlagen") or []
            ],
            "jobcenter_id": jobcenter_id,
            "antrag_id": antrag_id,
            "message_id": p["message_id"],
            "nachrichten_uuid": _id(p.get("nachrichten_uuid")),
            "aktenzeichen": p.get("aktenzeichen"),
            "antwortadresse": p.get("antwortadresse"),
            "frist": p.get("frist"),
        },
        *folgende,
    )
    if einwilligung is not None and einwilligung.email:
        benachrichtigung.vormerken(uow.connection, nachricht_id, thread_id, person_id)
    return thread_id


def _beendet(
    thread_id: str,
    nachricht_id: str,
    person_id: str,
    jobcenter_id: str,
    p: dict[str, Any],
    grund: str,
    *,
    bereitgestellt_am: str,
    benachrichtigt_am: str | None,
) -> NewEvent:
    metriken.BEREITSTELLUNGEN_BEENDET.labels(grund).inc()
    return NewEvent(
        "PostkorbBereitstellungBeendet",
        _ohne_leere(
            {
                "nachricht_id": nachricht_id,
                "thread_id": thread_id,
                "person_id": person_id,
                "jobcenter_id": jobcenter_id,
                "message_id": p["message_id"],
                "nachrichten_uuid": _id(p.get("nachrichten_uuid")),
                "antrag_id": _id(p.get("antrag_id")),
                "inhalt_sha256": p.get("inhalt_sha256") or inhalt_sha256(p),
                "bereitgestellt_am": bereitgestellt_am,
                "benachrichtigt_am": benachrichtigt_am,
                "grund": grund,
                "beendet_am": _jetzt(),
            }
        ),
    )


def _einwilligung_zeile(connection: Any, person_id: str) -> Any:
    return connection.execute(
        select(einwilligungen).where(einwilligungen.c.person_id == person_id)
    ).first()


# -- the person's mailbox --------------------------------------------------------------------


def postfach(ctx: Any, archiv: bool = False) -> dict[str, Any]:
    person_id = _person(ctx)
    application = ctx.application
    with application.database.read() as connection:
        zeilen = connection.execute(
            select(threads)
            .where(threads.c.person_id == person_id, threads.c.archiviert == bool(archiv))
            .order_by(threads.c.letzte_nachricht_am.desc())
        ).all()
        ungelesen_je = dict(
            connection.execute(
                select(nachrichten.c.thread_id, func.count())
                .where(nachrichten.c.person_id == person_id, nachrichten.c.gelesen.is_(False))
                .group_by(nachrichten.c.thread_id)
            ).all()
        )
    keyring = application.cipher.keyring()
    return {
        "ungelesen": sum(ungelesen_je.values()),
        "threads": [
            {
                "id": z.thread_id,
                "betreff": _oeffnen(application, z.betreff, keyring),
                "art": z.art,
                "antrag_id": z.bezug_id if z.art == "antrag" else None,
                "letzte_nachricht_am": z.letzte_nachricht_am,
                "ungelesen": int(ungelesen_je.get(z.thread_id, 0)),
                "archiviert": bool(z.archiviert),
            }
            for z in zeilen
        ],
    }


def ungelesen(ctx: Any) -> int:
    person_id = _person(ctx)
    with ctx.application.database.read() as connection:
        return int(
            connection.execute(
                select(func.count())
                .select_from(nachrichten)
                .where(nachrichten.c.person_id == person_id, nachrichten.c.gelesen.is_(False))
            ).scalar_one()
        )


def _thread_zeile(connection: Any, person_id: str, thread_id: Any) -> Any:
    tid = _id(thread_id)
    zeile = (
        connection.execute(
            select(threads).where(threads.c.thread_id == tid, threads.c.person_id == person_id)
        ).first()
        if tid
        else None
    )
    if zeile is None:
        raise NichtGefunden("thread_nicht_gefunden")
    return zeile


def _antwort_moeglich(thread: Any) -> bool:
    return bool(thread.jobcenter_id) and thread.art in ("antrag", "allgemein")


def thread(ctx: Any, thread_id: Any) -> dict[str, Any]:
    person_id = _person(ctx)
    application = ctx.application
    with application.database.read() as connection:
        t = _thread_zeile(connection, person_id, thread_id)
        zeilen = connection.execute(
            select(nachrichten)
            .where(nachrichten.c.thread_id == t.thread_id)
            .order_by(nachrichten.c.position)
        ).all()
    keyring = application.cipher.keyring()
    return {
        "id": t.thread_id,
        "betreff": _oeffnen(application, t.betreff, keyring),
        "art": t.art,
        "antrag_id": t.bezug_id if t.art == "antrag" else None,
        "archiviert": bool(t.archiviert),
        "antwort_moeglich": _antwort_moeglich(t),
        "nachrichten": [
            _ohne_leere(
                {
                    "id": z.nachricht_id,
                    "art": z.art,
                    "absender": z.absender,
                    "betreff": _oeffnen(
                        application, orjson.loads(z.versiegelt).get("betreff"), keyring
                    ),
                    "am": z.abgelegt_am,
                    "gelesen": bool(z.gelesen),
                    "zustellstatus": z.zustellstatus,
                    "anlagen_anzahl": z.anlagen_anzahl,
                    "frist": z.frist,
                }
            )
            for z in zeilen
        ],
    }


def _nachricht_des(connection: Any, person_id: str, nachricht_id: Any) -> Any:
    nid = _id(nachricht_id)
    zeile = _nachricht_zeile(connection, nid, person_id) if nid else None
    if zeile is None:
        raise NichtGefunden("nachricht_nicht_gefunden")
    return zeile


def nachricht(ctx: Any, nachricht_id: Any, anmeldung: Any) -> dict[str, Any]:
    person_id = _person(ctx)
    if anmeldung not in ANMELDUNGEN:
        raise EingabeUngueltig(
            "anmeldung_ungueltig", felder=[{"feld": "anmeldung", "code": "unbekannt"}]
        )
    application = ctx.application
    with application.unit_of_work(correlation_id=ctx.correlation_id) as uow:
        z = _nachricht_des(uow.connection, person_id, nachricht_id)
        if z.absender != "person" and z.abgerufen_am is None:
            jetzt = _jetzt()
            ereignisse = [
                NewEvent(
                    "NachrichtAbgerufen",
                    {
                        "thread_id": z.thread_id,
                        "nachricht_id": z.nachricht_id,
                        "person_id": person_id,
                        "abgerufen_am": jetzt,
                        "anmeldung": anmeldung,
                    },
                )
            ]
            if z.art == "bescheid" and z.absender == "jobcenter":
                ereignisse.append(
                    NewEvent(
                        "PostkorbBescheidAbgerufen",
                        _ohne_leere(
                            {
                                "nachricht_id": z.nachricht_id,
                                "thread_id": z.thread_id,
                                "person_id": person_id,
                                "jobcenter_id": z.jobcenter_id,
                                "message_id": z.message_id,
                                "nachrichten_uuid": z.nachrichten_uuid,
                                "antrag_id": z.antrag_id,
                                "inhalt_sha256": z.inhalt_sha256,
                                "bereitgestellt_am": z.bereitgestellt_am,
                                "benachrichtigt_am": z.benachrichtigt_am,
                                "bekanntgabe_am": z.bekanntgabe_am if not z.beendet_am else None,
                                "abgerufen_am": jetzt,
                            }
                        ),
                    )
                )
            _thread_anhaengen(uow, z.thread_id, *ereignisse)
            uow.commit()
    with application.database.read() as connection:
        z = _nachricht_zeile(connection, z.nachricht_id, person_id)
    return nachricht_antwort(application, z)


def nachricht_antwort(application: Any, z: Any) -> dict[str, Any]:
    keyring = application.cipher.keyring()
    inhalt = _versiegelt(application, z.versiegelt, keyring)
    antwort: dict[str, Any] = {
        "id": z.nachricht_id,
        "thread_id": z.thread_id,
        "art": z.art,
        "absender": z.absender,
        "betreff": inhalt.get("betreff"),
        "text": inhalt.get("text"),
        "am": z.abgelegt_am,
        "gelesen": bool(z.gelesen),
        "aktenzeichen": inhalt.get("aktenzeichen"),
        "antwortadresse": inhalt.get("antwortadresse"),
        "frist": z.frist,
        "widerspruch_hinweis": z.art == "bescheid",
        "zustellstatus": z.zustellstatus,
        "endgueltig": z.endgueltig,
        "systemdaten": orjson.loads(z.systemdaten) if z.systemdaten else None,
        "anlagen": [
            {
                "id": a["anlage_id"],
                "dateiname": a["dateiname"],
                "groesse": a["groesse"],
                "medientyp": a["medientyp"],
                # a Jobcenter's file is scanned each time it is fetched (anlage)
                "pruefung": a.get("pruefung", "sauber" if z.absender == "person" else "beim_abruf"),
            }
            for a in inhalt.get("anlagen") or []
        ],
    }
    if z.art == "bescheid":
        gilt = bool(z.einwilligung) and z.bekanntgabe_am and not z.beendet_am
        antwort["bekanntgabe_am"] = z.bekanntgabe_am if gilt else None
        antwort["frist_ende"] = z.frist_ende if gilt else None
        antwort["bekanntgabe"] = _ohne_leere(
            {
                "bereitgestellt_am": z.bereitgestellt_am,
                "inhalt_sha256": z.inhalt_sha256,
                "einwilligung": bool(z.einwilligung),
                "benachrichtigt_am": z.benachrichtigt_am,
                "erstmals_abgerufen_am": z.abgerufen_am,
                "rechtsgrundlage": z.rechtsgrundlage,
                "fristgrundlage": z.fristgrundlage,
                "land": z.land,
                "beendet_am": z.beendet_am,
                "beendet_grund": z.beendet_grund,
            }
        )
    return _ohne_leere(antwort)


def anlage(ctx: Any, nachricht_id: Any, anlage_id: Any, eingang_anlage: Any) -> dict[str, Any]:
    """A file of a message: the person's own from the store, a Jobcenter's from the
    xta-gateway (checked against the hash filed with the message)."""
    person_id = _person(ctx)
    application = ctx.application
    with application.database.read() as connection:
        z = _nachricht_des(connection, person_id, nachricht_id)
    inhalt = _versiegelt(application, z.versiegelt)
    aid = _id(anlage_id)
    eintrag = next((a for a in inhalt.get("anlagen") or [] if a["anlage_id"] == aid), None)
    if eintrag is None:
        raise NichtGefunden("anlage_nicht_gefunden")
    if z.absender == "person":
        daten = application.ablage.lesen(person_id, aid)
    else:
        try:
            antwort = eingang_anlage(z.message_id, aid)
            daten = base64.b64decode(antwort["inhalt"])
        except Exception as fehler:  # noqa: BLE001 - no xta-gateway, a time-out, a refusal
            log.warning("anlage_nicht_verfuegbar", error_type=type(fehler).__name__)
            raise Konflikt("anlage_nicht_verfuegbar") from None
    if daten is None:
        raise NichtGefunden("anlage_nicht_gefunden")
    if hashlib.sha256(daten).hexdigest() != eintrag["sha256"]:
        log.error("anlage_hash_falsch", nachricht_id=z.nachricht_id, anlage_id=aid)
        raise Konflikt("anlage_nicht_verfuegbar")
    if z.absender != "person":
        pruefung = _pruefen(application.scanner, daten)
        if pruefung != clamav.SAUBER:
            log.warning("anlage_des_jobcenters_nicht_sauber", pruefung=pruefung)
            raise Konflikt("anlage_nicht_verfuegbar", details={"pruefung": pruefung})
    return {
        "dateiname": eintrag["dateiname"],
        "medientyp": eintrag["medientyp"],
        "inhalt": base64.b64encode(daten).decode("ascii"),
    }


def nachricht_pdf(ctx: Any, nachricht_id: Any) -> dict[str, Any]:
    from postkorb.adapters.pdf import nachricht_als_pdf

    person_id = _person(ctx)
    with ctx.application.database.read() as connection:
        z = _nachricht_des(connection, person_id, nachricht_id)
    daten = nachricht_antwort(ctx.application, z)
    return {
        "dateiname": f"nachricht-{z.abgelegt_am[:10]}.pdf",
        "inhalt": base64.b64encode(nachricht_als_pdf(daten)).decode("ascii"),
    }


def archivieren(ctx: Any, thread_id: Any, archiviert: Any) -> dict[str, Any]:
    person_id = _person(ctx)
    with ctx.application.unit_of_work(correlation_id=ctx.correlation_id) as uow:
        t = _thread_zeile(uow.connection, person_id, thread_id)
        if bool(t.archiviert) != bool(archiviert):
            _thread_anhaengen(
                uow,
                t.thread_id,
                NewEvent(
                    "ThreadArchiviert",
                    {
                        "thread_id": t.thread_id,
                        "person_id": person_id,
                        "archiviert": bool(archiviert),
                    },
                ),
            )
            uow.commit()
    return {"id": t.thread_id, "archiviert": bool(archiviert)}


# -- replies ---------------------------------------------------------------------------------


def _pruefen(scanner: Any, inhalt: bytes) -> str:
    """Scan, and try again after a scan error: a scan error never counts as clean."""
    ergebnis = clamav.FEHLGESCHLAGEN
    for _ in range(SCAN_VERSUCHE):
        ergebnis = scanner.pruefen(inhalt)
        if ergebnis != clamav.FEHLGESCHLAGEN:
            break
    metriken.PRUEFUNGEN.labels(ergebnis).inc()
    return ergebnis


def antwort_entwerfen(ctx: Any, thread_id: Any, text: Any, dateien_roh: Any) -> dict[str, Any]:
    person_id = _person(ctx)
    application = ctx.application
    konfiguration = application.konfiguration
    with application.database.read() as connection:
        t = _thread_zeile(connection, person_id, thread_id)
        bescheid = connection.execute(
            select(func.count())
            .select_from(nachrichten)
            .where(nachrichten.c.thread_id == t.thread_id, nachrichten.c.art == "bescheid")
        ).scalar_one()
    if not _antwort_moeglich(t):
        raise Konflikt("antwort_nicht_moeglich")
    if not isinstance(text, str) or not text.strip():
        raise EingabeUngueltig("text_ungueltig", felder=[{"feld": "text", "code": "leer"}])
    if len(text) > 20_000:
        raise EingabeUngueltig("text_ungueltig", felder=[{"feld": "text", "code": "zu_lang"}])
    dateien_roh = dateien_roh or []
    if not isinstance(dateien_roh, list):
        raise EingabeUngueltig(
            "datei_ungueltig", felder=[{"feld": "dateien", "code": "base64_ungueltig"}]
        )
    if len(dateien_roh) > konfiguration.max_dateien:
        raise EingabeUngueltig(
            "zu_viele_dateien", details={"hoechstens": konfiguration.max_dateien}
        )
    gelesen = []
    try:
        for index, roh in enumerate(dateien_roh):
            gelesen.append(dateien.lesen(index, roh, konfiguration.datei_max_bytes))
    except dateien.DateiUngueltig as fehler:
        raise EingabeUngueltig(
            "datei_ungueltig", felder=[{"feld": f"dateien[{fehler.index}]", "code": fehler.code}]
        ) from None
    entwurf_id = str(uuid.uuid4())
    anlagen = []
    gescannt: list[tuple[str, bytes]] = []
    for datei in gelesen:
        anlage_id = str(uuid.uuid4())
        if isinstance(datei, tuple):  # over the size limit: refused, not stored
            name, typ, groesse = datei
            anlagen.append(
                {
                    "anlage_id": anlage_id,
                    "dateiname": name,
                    "medientyp": typ,
                    "groesse": groesse,
                    "sha256": "0" * 64,
                    "pruefung": clamav.ZU_GROSS,
                }
            )
            continue
        pruefung = _pruefen(application.scanner, datei.inhalt)
        anlagen.append(
            {
                "anlage_id": anlage_id,
                "dateiname": datei.dateiname,
                "medientyp": datei.medientyp,
                "groesse": len(datei.inhalt),
                "sha256": hashlib.sha256(datei.inhalt).hexdigest(),
                "pruefung": pruefung,
            }
        )
        if pruefung in (clamav.SAUBER, clamav.FEHLGESCHLAGEN):
            # kept (sealed) only when it may still be sent: clean, or to be scanned again
            gescannt.append((anlage_id, datei.inhalt))
    with application.unit_of_work(correlation_id=ctx.correlation_id) as uow:
        for anlage_id, inhalt in gescannt:
            application.ablage.ablegen(uow.connection, person_id, anlage_id, inhalt)
        uow.append(
            _stream("entwurf", entwurf_id),
            0,
            [
                NewEvent(
                    "AntwortEntworfen",
                    {
                        "entwurf_id": entwurf_id,
                        "thread_id": t.thread_id,
                        "person_id": person_id,
                        "text": text,
                        "anlagen": anlagen,
                    },
                )
            ],
        )
        uow.commit()
    return _entwurf_antwort(entwurf_id, t.thread_id, text, anlagen, bool(bescheid))


def _entwurf_antwort(
    entwurf_id: str, thread_id: str, text: str, anlagen: list[dict], bescheid: bool
) -> dict[str, Any]:
    return {
        "entwurf_id": entwurf_id,
        "thread_id": thread_id,
        "text": text,
        "anlagen": [
            {
                "id": a["anlage_id"],
                "dateiname": a["dateiname"],
                "groesse": a["groesse"],
                "medientyp": a["medientyp"],
                "pruefung": a["pruefung"],
            }
            for a in anlagen
        ],
        "widerspruch_hinweis": bescheid,
    }


def _entwurf_laden(connection: Any, application: Any, person_id: str, entwurf_id: Any) -> tuple:
    eid = _id(entwurf_id)
    zeile = (
        connection.execute(
            select(entwuerfe).where(
                entwuerfe.c.entwurf_id == eid, entwuerfe.c.person_id == person_id
            )
        ).first()
        if eid
        else None
    )
    if zeile is None:
        raise NichtGefunden("entwurf_nicht_gefunden")
    inhalt = _versiegelt(application, zeile.versiegelt)
    pruefungen = orjson.loads(zeile.pruefungen)
    anlagen = [
        {**a, "pruefung": pruefungen.get(a["anlage_id"], "ausstehend")}
        for a in inhalt.get("anlagen") or []
    ]
    return zeile, inhalt.get("text") or "", anlagen


def entwurf(ctx: Any, entwurf_id: Any) -> dict[str, Any]:
    person_id = _person(ctx)
    application = ctx.application
    with application.database.read() as connection:
        zeile, text, anlagen = _entwurf_laden(connection, application, person_id, entwurf_id)
        bescheid = connection.execute(
            select(func.count())
            .select_from(nachrichten)
            .where(nachrichten.c.thread_id == zeile.thread_id, nachrichten.c.art == "bescheid")
        ).scalar_one()
    return _entwurf_antwort(zeile.entwurf_id, zeile.thread_id, text, anlagen, bool(bescheid))


def antwort_senden(ctx: Any, entwurf_id: Any) -> dict[str, Any]:
    person_id = _person(ctx)
    application = ctx.application
    with application.unit_of_work(correlation_id=ctx.correlation_id) as uow:
        zeile, text, anlagen = _entwurf_laden(uow.connection, application, person_id, entwurf_id)
        if zeile.gesendet_als:
            raise Konflikt("entwurf_bereits_gesendet")
        nicht_sauber = [
            {"id": a["anlage_id"], "pruefung": a["pruefung"]}
            for a in anlagen
            if a["pruefung"] != clamav.SAUBER
        ]
        if nicht_sauber:
            raise AnlageNichtSauber("anlage_nicht_sauber", details={"anlagen": nicht_sauber})
        t = _thread_zeile(uow.connection, person_id, zeile.thread_id)
        letzte_jobcenter = uow.connection.execute(
            select(nachrichten.c.message_id)
            .where(nachrichten.c.thread_id == t.thread_id, nachrichten.c.absender == "jobcenter")
            .order_by(nachrichten.c.position.desc())
            .limit(1)
        ).scalar()
        thread_betreff = _oeffnen(application, t.betreff)
        betreff = f"Antwort: {thread_betreff}"[:255] if thread_betreff else "Antwort"
        nachricht_id = str(uuid.uuid4())
        jetzt = _jetzt()
        ablegen(
            uow,
            t.thread_id,
            {
                "nachricht_id": nachricht_id,
                "person_id": person_id,
                "art": "antwort",
                "absender": "person",
                "abgelegt_am": jetzt,
                "betreff": betreff,
                "text": text,
                "anlagen": anlagen,
                "jobcenter_id": t.jobcenter_id,
                "antrag_id": t.bezug_id if t.art == "antrag" else None,
            },
            NewEvent(
                "PostkorbAntwortVerfasst",
                _ohne_leere(
                    {
                        "nachricht_id": nachricht_id,
                        "thread_id": t.thread_id,
                        "person_id": person_id,
                        "jobcenter_id": t.jobcenter_id,
                        "antrag_id": t.bezug_id if t.art == "antrag" else None,
                        "antwort_auf_message_id": letzte_jobcenter,
                        "betreff": betreff,
                        "inhalt": text,
                        "anlagen": [
                            {
                                "anlage_id": a["anlage_id"],
                                "dateiname": a["dateiname"],
                                "mime_type": a["medientyp"],
                                "sha256": a["sha256"],
                                "groesse": a["groesse"],
                            }
                            for a in anlagen
                        ],
                    }
                ),
            ),
        )
        uow.append(
            _stream("entwurf", zeile.entwurf_id),
            _version(uow, _stream("entwurf", zeile.entwurf_id)),
            [
                NewEvent(
                    "EntwurfGesendet",
                    {"entwurf_id": zeile.entwurf_id, "nachricht_id": nachricht_id},
                )
            ],
        )
        uow.commit()
    return {"nachricht_id": nachricht_id, "thread_id": t.thread_id, "zustellstatus": "gesendet"}


def anlage_datei(
    ctx: Any, nachricht_id: Any, anlage_id: Any, leser: frozenset[str]
) -> dict[str, Any]:
    """For the xta-gateway delivering a reply: the file's bytes. On no person's behalf only
    for the broker users in ``leser``; a person gets only their own."""
    application = ctx.application
    nid, aid = _id(nachricht_id), _id(anlage_id)
    if not nid or not aid:
        raise NichtGefunden("anlage_nicht_gefunden")
    with application.database.read() as connection:
        z = _nachricht_zeile(connection, nid)
    if z is None or z.absender != "person":
        raise NichtGefunden("anlage_nicht_gefunden")
    if ctx.person_id is not None and str(ctx.person_id) != z.person_id:
        raise NichtGefunden("anlage_nicht_gefunden")
    if ctx.person_id is None and ctx.broker_user not in leser:
        raise NichtGefunden("anlage_nicht_gefunden")
    inhalt = _versiegelt(application, z.versiegelt)
    if not any(a["anlage_id"] == aid for a in inhalt.get("anlagen") or []):
        raise NichtGefunden("anlage_nicht_gefunden")
    daten = application.ablage.lesen(z.person_id, aid)
    if daten is None:
        raise NichtGefunden("anlage_nicht_gefunden")
    return {"anlage_id": aid, "inhalt": base64.b64encode(daten).decode("ascii")}


# -- consent ---------------------------------------------------------------------------------


def einwilligung(ctx: Any) -> dict[str, Any]:
    person_id = _person(ctx)
    application = ctx.application
    with application.database.read() as connection:
        z = _einwilligung_zeile(connection, person_id)
    return _einwilligung_antwort(application, z)


def _einwilligung_antwort(application: Any, z: Any) -> dict[str, Any]:
    aktuell = application.konfiguration.textversion
    if z is None:
        return {"erteilt": False, "aktuelle_textversion": aktuell}
    return _ohne_leere(
        {
            "erteilt": bool(z.erteilt),
            "erteilt_am": z.erteilt_am if z.erteilt else None,
            "widerrufen_am": z.widerrufen_am,
            "textversion": z.textversion,
            "aktuelle_textversion": aktuell,
            "benachrichtigung_email": _oeffnen(application, z.email) if z.email else None,
        }
    )


def _email_pruefen(email: Any) -> str | None:
    if email is None or email == "":
        return None
    if (
        not isinstance(email, str)
        or len(email) > 254
        or email.count("@") != 1
        or any(c.isspace() or ord(c) < 32 for c in email)
    ):
        raise EingabeUngueltig(
            "email_ungueltig", felder=[{"feld": "benachrichtigung_email", "code": "ungueltig"}]
        )
    lokal, _, domain = email.partition("@")
    if not lokal or "." not in domain or domain.startswith(".") or domain.endswith("."):
        raise EingabeUngueltig(
            "email_ungueltig", felder=[{"feld": "benachrichtigung_email", "code": "ungueltig"}]
        )
    return email


KEINE_AENDERUNG = object()


def einwilligung_setzen(
    ctx: Any, erteilt: Any, textversion: Any, benachrichtigung_email: Any = KEINE_AENDERUNG
) -> dict[str, Any]:
    """Give or withdraw consent to notices by retrieval; set or clear the notification
    address (``benachrichtigung_email`` left out: unchanged; ``None`` or "": cleared). Consent
    needs an address to notify and the current text version."""
    person_id = _person(ctx)
    application = ctx.application
    if not isinstance(erteilt, bool):
        raise EingabeUngueltig(
            "einwilligung_ungueltig", felder=[{"feld": "erteilt", "code": "ungueltig"}]
        )
    aendern = benachrichtigung_email is not KEINE_AENDERUNG
    email = _email_pruefen(benachrichtigung_email) if aendern else None
    stream = _stream("person", person_id)
    with application.unit_of_work(correlation_id=ctx.correlation_id) as uow:
        z = _einwilligung_zeile(uow.connection, person_id)
        bisherige = _oeffnen(application, z.email) if z is not None and z.email else None
        kuenftige = email if aendern else bisherige
        jetzt = _jetzt()
        ereignisse: list[NewEvent] = []
        if aendern and email != bisherige:
            ereignisse.append(
                NewEvent(
                    "BenachrichtigungsadresseGesetzt",
                    _ohne_leere({"person_id": person_id, "email": email, "gesetzt_am": jetzt}),
                )
            )
        war_erteilt = bool(z is not None and z.erteilt)
        if erteilt:
            if textversion != application.konfiguration.textversion:
                raise EingabeUngueltig(
                    "textversion_ungueltig", felder=[{"feld": "textversion", "code": "veraltet"}]
                )
            if not kuenftige:
                raise EingabeUngueltig(
                    "email_ungueltig",
                    felder=[{"feld": "benachrichtigung_email", "code": "fehlt"}],
                )
            if not war_erteilt or z.textversion != textversion:
                ereignisse.append(
                    NewEvent(
                        "EinwilligungErteilt",
                        {"person_id": person_id, "textversion": textversion, "erteilt_am": jetzt},
                    )
                )
        elif war_erteilt:
            ereignisse.append(
                NewEvent("EinwilligungWiderrufen", {"person_id": person_id, "widerrufen_am": jetzt})
            )
        if ereignisse:
            uow.append(stream, _version(uow, stream), ereignisse)
            uow.commit()
    with application.database.read() as connection:
        z = _einwilligung_zeile(connection, person_id)
    return _einwilligung_antwort(application, z)


# -- operators: the clarification list -------------------------------------------------------


def klaerungsliste(application: Any) -> list[dict[str, Any]]:
    with application.database.read() as connection:
        zeilen = connection.execute(
            select(klaerungen)
            .where(klaerungen.c.person_id.is_(None))
            .order_by(klaerungen.c.eingegangen_am)
        ).all()
    return [
        _ohne_leere(
            {
                "nachricht_id": z.nachricht_id,
                "jobcenter_id": z.jobcenter_id,
                "antrag_id": z.antrag_id,
                "eingegangen_am": z.eingegangen_am,
                "grund": z.grund,
            }
        )
        for z in zeilen
    ]


def klaerung_zuordnen(application: Any, nachricht_id: Any, person_id: Any) -> dict[str, Any]:
    nid, pid = _id(nachricht_id), _id(person_id)
    if not nid:
        raise NichtGefunden("nachricht_nicht_gefunden")
    if not pid:
        raise EingabeUngueltig(
            "person_id_ungueltig", felder=[{"feld": "person_id", "code": "ungueltig"}]
        )
    stream = _stream("klaerung", nid)
    with application.unit_of_work() as uow:
        zeile = uow.connection.execute(
            select(klaerungen).where(klaerungen.c.nachricht_id == nid)
        ).first()
        if zeile is None:
            raise NichtGefunden("nachricht_nicht_gefunden")
        if zeile.person_id:
            raise Konflikt("klaerung_bereits_zugeordnet")
        [gespeichert] = application.store.read_stream(stream)[:1]
        nachricht = gespeichert.payload["nachricht"]
        if nachricht is None:
            raise NichtGefunden("nachricht_nicht_gefunden")
        thread_id = jobcenter_ablegen(uow, nid, pid, {**nachricht, "person_id": pid})
        uow.append(
            stream,
            _version(uow, stream),
            [
                NewEvent(
                    "KlaerungZugeordnet",
                    {
                        "nachricht_id": nid,
                        "person_id": pid,
                        "thread_id": thread_id,
                        "zugeordnet_am": _jetzt(),
                    },
                )
            ],
        )
        uow.commit()
    # the copy for the clarification is no longer needed: its key goes
    application.forget(f"klaerung-{nid}")
    log.info("klaerung_zugeordnet", nachricht_id=nid)
    return {"nachricht_id": nid, "thread_id": thread_id}


# -- timers ----------------------------------------------------------------------------------


def benachrichtigen(application: Any, versand: Any) -> int:
    """Send the due notification mails; record each outcome as an event."""
    gesendet = 0
    for zeile in benachrichtigung.faellige(application):
        if not benachrichtigung.beanspruchen(application, zeile.nachricht_id, zeile.faellig_um):
            continue
        with application.database.read() as connection:
            ein = _einwilligung_zeile(connection, zeile.person_id)
            n = _nachricht_zeile(connection, zeile.nachricht_id)
        an = _oeffnen(application, ein.email) if ein is not None and ein.email else None
        if not an or n is None:
            with application.database.write() as connection:
                benachrichtigung.erledigt(connection, zeile.nachricht_id)
                connection.commit()
            continue
        fehler = benachrichtigung.senden(versand, an, application.konfiguration.portal_url)
        versuche = zeile.versuche + 1
        nochmal = fehler is not None and not fehler.startswith("endgueltig:")
        if nochmal and benachrichtigung.spaeter(application, zeile.nachricht_id, versuche):
            log.warning("benachrichtigung_nicht_gesendet", nachricht_id=zeile.nachricht_id)
            metriken.BENACHRICHTIGUNGEN.labels("wiederholt").inc()
            continue
        metriken.BENACHRICHTIGUNGEN.labels("gesendet" if fehler is None else "aufgegeben").inc()
        with application.unit_of_work() as uow:
            benachrichtigung.erledigt(uow.connection, zeile.nachricht_id)
            if fehler is None:
                _benachrichtigt(uow, application, n)
                gesendet += 1
            else:
                _benachrichtigung_fehlgeschlagen(uow, n, fehler, versuche)
            uow.commit()
    return gesendet


def _benachrichtigt(uow: UnitOfWork, application: Any, n: Any) -> None:
    jetzt = datetime.now(UTC)
    daten: dict[str, Any] = {
        "thread_id": n.thread_id,
        "nachricht_id": n.nachricht_id,
        "versandt_am": jetzt.isoformat(),
    }
    if n.art == "bescheid" and n.einwilligung and not n.beendet_am:
        ergebnis = bekanntgabe.berechnen(
            datetime.fromisoformat(n.bereitgestellt_am), jetzt, application.konfiguration.land
        )
        daten.update(
            bekanntgabe_am=ergebnis.bekanntgabe_am.isoformat(),
            frist_ende=ergebnis.frist_ende.isoformat(),
            rechtsgrundlage=ergebnis.rechtsgrundlage,
            fristgrundlage=ergebnis.fristgrundlage,
            land=ergebnis.land,
        )
    _thread_anhaengen(uow, n.thread_id, NewEvent("BenachrichtigungVersandt", _ohne_leere(daten)))


def _benachrichtigung_fehlgeschlagen(uow: UnitOfWork, n: Any, grund: str, versuche: int) -> None:
    ereignisse = [
        NewEvent(
            "BenachrichtigungFehlgeschlagen",
            {
                "thread_id": n.thread_id,
                "nachricht_id": n.nachricht_id,
                "am": _jetzt(),
                "grund": grund.removeprefix("endgueltig:")[:200] or "unbekannt",
                "versuche": versuche,
            },
        )
    ]
    if n.art == "bescheid" and n.einwilligung and not n.beendet_am:
        ereignisse.append(
            _beendet(
                n.thread_id,
                n.nachricht_id,
                n.person_id,
                n.jobcenter_id,
                {
                    "message_id": n.message_id,
                    "nachrichten_uuid": n.nachrichten_uuid,
                    "antrag_id": n.antrag_id,
                    "inhalt_sha256": n.inhalt_sha256,
                },
                "benachrichtigung_fehlgeschlagen",
                bereitgestellt_am=n.bereitgestellt_am,
                benachrichtigt_am=None,
            )
        )
    log.error("benachrichtigung_aufgegeben", nachricht_id=n.nachricht_id, versuche=versuche)
    _thread_anhaengen(uow, n.thread_id, *ereignisse)


def unzustellbar_vermerken(application: Any, nachricht_id: Any, grund: str = "bounce") -> dict:
    """Operators: the relay accepted the notification mail but it bounced later (a delivery
    status notification to the sender address). Recorded like a refused mail: for a Bescheid
    not yet retrieved, the provision ends and the Jobcenter is told (the dates the person was
    shown do not hold: docs/adr/0104)."""
    nid = _id(nachricht_id)
    with application.database.read() as connection:
        n = _nachricht_zeile(connection, nid) if nid else None
    if n is None or n.absender != "jobcenter":
        raise NichtGefunden("nachricht_nicht_gefunden")
    with application.unit_of_work() as uow:
        if n.abgerufen_am is not None:
            # opened already: the notice was given by the retrieval itself; only recorded
            _thread_anhaengen(
                uow,
                n.thread_id,
                NewEvent(
                    "BenachrichtigungFehlgeschlagen",
                    {
                        "thread_id": n.thread_id,
                        "nachricht_id": n.nachricht_id,
                        "am": _jetzt(),
                        "grund": grund[:200] or "bounce",
                        "versuche": 1,
                    },
                ),
            )
        else:
            _benachrichtigung_fehlgeschlagen(uow, n, grund or "bounce", 1)
        uow.commit()
    with application.database.read() as connection:
        n = _nachricht_zeile(connection, nid)
    return {"nachricht_id": nid, "beendet_grund": n.beendet_grund}


def nicht_abgerufene_beenden(application: Any, jetzt: datetime | None = None) -> int:
    """§ 37 Abs. 2a Satz 4 SGB X: a notice not retrieved within 10 days of the notification
    is not given; the Jobcenter is told (PostkorbBereitstellungBeendet) and the person sees
    a system message."""
    jetzt = jetzt or datetime.now(UTC)
    with application.database.read() as connection:
        offen = connection.execute(
            select(nachrichten).where(
                nachrichten.c.art == "bescheid",
                nachrichten.c.einwilligung.is_(True),
                nachrichten.c.benachrichtigt_am.is_not(None),
                nachrichten.c.abgerufen_am.is_(None),
                nachrichten.c.beendet_am.is_(None),
            )
        ).all()
    beendet = 0
    for n in offen:
        if bekanntgabe.abruf_endet_am(datetime.fromisoformat(n.benachrichtigt_am)) > jetzt:
            continue
        with application.unit_of_work() as uow:
            aktuell = _nachricht_zeile(uow.connection, n.nachricht_id)
            if aktuell.abgerufen_am or aktuell.beendet_am:
                continue
            _thread_anhaengen(
                uow,
                n.thread_id,
                _beendet(
                    n.thread_id,
                    n.nachricht_id,
                    n.person_id,
                    n.jobcenter_id,
                    {
                        "message_id": n.message_id,
                        "nachrichten_uuid": n.nachrichten_uuid,
                        "antrag_id": n.antrag_id,
                        "inhalt_sha256": n.inhalt_sha256,
                    },
                    "nicht_abgerufen",
                    bereitgestellt_am=n.bereitgestellt_am,
                    benachrichtigt_am=n.benachrichtigt_am,
                ),
            )
            _systemnachricht(
                uow,
                n.thread_id,
                n.person_id,
                "bereitstellung_beendet",
                "Bescheid nicht abgerufen",
                "Sie haben einen Bescheid nicht innerhalb von 10 Tagen geöffnet. Er gilt deshalb "
                "nicht als elektronisch bekannt gegeben. Das Jobcenter schickt ihn Ihnen auf "
                "anderem Weg. Sie können ihn hier trotzdem lesen.",
                {
                    "jobcenter_id": n.jobcenter_id,
                    "antrag_id": n.antrag_id,
                    "bescheid_id": n.nachricht_id,
                },
                _abgeleitete_id("beendet", n.nachricht_id),
            )
            uow.commit()
            beendet += 1
    return beendet


def klaerungen_zaehlen(application: Any) -> int:
    with application.database.read() as connection:
        anzahl = int(
            connection.execute(
                select(func.count()).select_from(klaerungen).where(klaerungen.c.person_id.is_(None))
            ).scalar_one()
        )
    metriken.KLAERUNGEN_OFFEN.set(anzahl)
    return anzahl


def erneut_pruefen(application: Any) -> int:
    """Files whose scan failed are scanned again (every tick until clamd answers)."""
    with application.database.read() as connection:
        offen = connection.execute(
            select(entwuerfe).where(entwuerfe.c.gesendet_als.is_(None))
        ).all()
    geprueft = 0
    for zeile in offen:
        pruefungen = orjson.loads(zeile.pruefungen)
        for anlage_id, stand in pruefungen.items():
            if stand not in (clamav.FEHLGESCHLAGEN, "ausstehend"):
                continue
            inhalt = application.ablage.lesen(zeile.person_id, anlage_id)
            if inhalt is None:
                continue
            ergebnis = application.scanner.pruefen(inhalt)
            if ergebnis == clamav.FEHLGESCHLAGEN:
                continue
            with application.unit_of_work() as uow:
                stream = _stream("entwurf", zeile.entwurf_id)
                uow.append(
                    stream,
                    _version(uow, stream),
                    [
                        NewEvent(
                            "AnlageGeprueft",
                            {
                                "entwurf_id": zeile.entwurf_id,
                                "anlage_id": anlage_id,
                                "pruefung": ergebnis,
                            },
                        )
                    ],
                )
                uow.commit()
            geprueft += 1
    return geprueft
