"""Event handlers: AntragAngelegt -> ZustaendigkeitErmittelt.

Run through ``handle_once`` (kernel.consuming): the appended event, its outbox row and the inbox
row of the consumed AntragAngelegt commit together, so a redelivered AntragAngelegt changes
nothing. The applicant's place of residence is read here and never logged.
"""

from __future__ import annotations

from typing import Any

import structlog

from kernel.envelope import Envelope
from kernel.eventstore import NewEvent
from kernel.unit_of_work import UnitOfWork
from zustaendigkeit.domain.model import Ergebnis, JobcenterAuskunft
from zustaendigkeit.domain.verzeichnis import Verzeichnis
from zustaendigkeit.errors import OrtUnbekannt, PlzUnbekannt, UngueltigeEingabe

log = structlog.get_logger("zustaendigkeit.handlers")

CONSUMER_ANTRAG_ANGELEGT = "zustaendigkeit.antrag_angelegt"


def stream_id(antrag_id: str) -> str:
    """One stream per application: later address changes append their decisions to it."""
    return f"zustaendigkeit-{antrag_id}"


def antrag_angelegt(envelope: Envelope, uow: UnitOfWork, *, verzeichnis: Verzeichnis) -> None:
    antrag_id = envelope.payload["antrag_id"]
    ergebnis, bestaetigt = ermitteln_fuer_wohnort(verzeichnis, envelope.payload["wohnort"])
    payload = ermittelt_payload(antrag_id, ergebnis, bestaetigt=bestaetigt)
    stream = stream_id(antrag_id)
    version = uow.application.store.stream_version(stream, uow.connection)
    uow.append(stream, version, [NewEvent("ZustaendigkeitErmittelt", payload)])
    log.info(
        "zustaendigkeit_ermittelt",
        antrag_id=antrag_id,
        eindeutig=payload["eindeutig"],
        kandidaten=len(payload["kandidaten"]),
        datenstand=ergebnis.datenstand,
    )


def ermitteln_fuer_wohnort(
    verzeichnis: Verzeichnis, wohnort: dict[str, Any]
) -> tuple[Ergebnis, bool]:
    """The answer for the place of residence, and whether its PLZ confirmed it.

    An address is no search box: nothing here may fail for what the person typed. A town name
    the index cannot read is left aside (the PLZ still decides); a PLZ the directory does not
    know (newer than the data, or mistyped) falls back to the town name, whose answer is then
    offered as candidates only, never as the decision.
    """
    plz, ort, strasse = wohnort["plz"], wohnort["ort"], wohnort.get("strasse")
    try:
        return verzeichnis.ermitteln(plz=plz, ort=ort, strasse=strasse), True
    except UngueltigeEingabe:
        pass
    except PlzUnbekannt:
        try:
            return verzeichnis.ermitteln(ort=ort), False
        except (UngueltigeEingabe, OrtUnbekannt):
            return _nichts_gefunden(verzeichnis), False
    try:
        return verzeichnis.ermitteln(plz=plz), True
    except PlzUnbekannt:
        return _nichts_gefunden(verzeichnis), False


def _nichts_gefunden(verzeichnis: Verzeichnis) -> Ergebnis:
    return Ergebnis(
        eindeutig=False,
        kandidaten=(),
        rueckfrage=None,
        datenstand=verzeichnis.datenstand,
        quellen=verzeichnis.quellen,
    )


def ermittelt_payload(antrag_id: str, ergebnis: Ergebnis, *, bestaetigt: bool) -> dict[str, Any]:
    """The ZustaendigkeitErmittelt payload (contracts): decided only when one Jobcenter and one
    Gemeinde remain and the PLZ confirmed them; otherwise the candidates, never a guess."""
    gemeinden = {k.ags for k in ergebnis.kandidaten}
    if bestaetigt and ergebnis.eindeutig and len(gemeinden) == 1:
        [kandidat] = {k.ags: k for k in ergebnis.kandidaten}.values()
        return {
            "antrag_id": antrag_id,
            "eindeutig": True,
            "ags": kandidat.ags,
            "jobcenter": _jobcenter(kandidat.jobcenter),
            "kandidaten": [],
            "datenstand": ergebnis.datenstand,
        }
    return {
        "antrag_id": antrag_id,
        "eindeutig": False,
        "kandidaten": [
            {"ags": k.ags, "gemeinde": k.ort, "jobcenter": _jobcenter(k.jobcenter)}
            for k in ergebnis.kandidaten
        ],
        "datenstand": ergebnis.datenstand,
    }


def fuer_wohnort(verzeichnis: Verzeichnis, plz: object, ort: object) -> dict[str, Any]:
    """What ZustaendigkeitErmittelt will say for an application with this place of residence,
    asked before the application exists (the RPC ``fuer_wohnort``, docs/adr/0082): the same
    two functions, so the answer cannot differ from the event's. Each Jobcenter also carries
    its ``url`` (jobcenter.digital for a gE), which the event leaves out."""
    ergebnis, bestaetigt = ermitteln_fuer_wohnort(verzeichnis, {"plz": plz, "ort": ort})
    entscheidung = ermittelt_payload("", ergebnis, bestaetigt=bestaetigt)
    del entscheidung["antrag_id"]
    if entscheidung["eindeutig"]:
        entscheidung["jobcenter"] = verzeichnis.jobcenter(entscheidung["jobcenter"]["id"]).to_dict()
    for kandidat in entscheidung["kandidaten"]:
        kandidat["jobcenter"] = verzeichnis.jobcenter(kandidat["jobcenter"]["id"]).to_dict()
    return entscheidung


def _jobcenter(auskunft: JobcenterAuskunft) -> dict[str, str]:
    return {
        "id": auskunft.id,
        "name": auskunft.name,
        "traeger_art": auskunft.traeger_art.value,
        "kanal": auskunft.kanal.value,
    }
