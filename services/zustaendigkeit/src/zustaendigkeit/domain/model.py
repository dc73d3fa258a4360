"""The Jobcenter directory and the answers it gives. Pure Python: no database, no framework.

``Referenzdaten`` is the checked, resolved directory as one import produced it: it is what the
event ``ReferenzdatenImportiert`` carries, what the projection stores, and what the in-process
index (``domain.verzeichnis``) is built from.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from contracts.common import Kanal, TraegerArt

__all__ = [
    "JOBCENTER_DIGITAL_URL",
    "Anbindung",
    "Datei",
    "Ergebnis",
    "Frage",
    "Gemeinde",
    "Jobcenter",
    "JobcenterAuskunft",
    "Kanal",
    "Kandidat",
    "OrtTreffer",
    "PlzOrt",
    "Quelle",
    "Referenzdaten",
    "Rueckfrage",
    "TraegerArt",
]

JOBCENTER_DIGITAL_URL = "https://jobcenter.digital"


class Frage(enum.StrEnum):
    """What to ask the person when one answer does not decide."""

    ORT = "ort"  # the PLZ spans towns with different Jobcenters
    BEZIRK = "bezirk"  # the Gemeinde has several Jobcenters by Bezirk (Berlin)
    PLZ = "plz"  # a town name alone matched too many towns, or same-named towns
    JOBCENTER = "jobcenter"  # the data cannot narrow further: let the person pick a candidate


@dataclass(frozen=True, slots=True)
class Jobcenter:
    id: str  # Träger-Nummer (EinglMV), five digits
    name: str
    traeger_art: TraegerArt
    bundesland: str
    kreise: tuple[str, ...]  # five-digit Kreisschlüssel it covers (GV 2020-Q4)


@dataclass(frozen=True, slots=True)
class Gemeinde:
    ags: str  # Amtlicher Gemeindeschlüssel, eight digits
    name: str  # as the PLZ file names it (what people know), not Destatis' "…, Stadt"
    kreis: str
    jobcenter_ids: tuple[str, ...]  # one, except where the directory splits by Bezirk
    frage: Frage | None = None  # Frage.BEZIRK when jobcenter_ids holds the Bezirk offices


@dataclass(frozen=True, slots=True)
class PlzOrt:
    """The PLZ covers (part of) the Gemeinde ``ags``, known there as ``ort``."""

    plz: str
    ags: str
    ort: str


@dataclass(frozen=True, slots=True)
class Quelle:
    titel: str
    lizenz: str
    url: str | None

    def to_dict(self) -> dict[str, str | None]:
        return {"titel": self.titel, "lizenz": self.lizenz, "url": self.url}


@dataclass(frozen=True, slots=True)
class Datei:
    name: str
    sha256: str
    zeilen: int


@dataclass(frozen=True)
class Referenzdaten:
    datenstand: str  # short, human-readable version; names the sources and the checksum
    pruefsumme: str  # sha256 over the names and bytes of the source files
    dateien: tuple[Datei, ...]
    quellen: tuple[Quelle, ...]
    jobcenter: tuple[Jobcenter, ...]
    gemeinden: tuple[Gemeinde, ...]
    plz_orte: tuple[PlzOrt, ...]
    hinweise: tuple[str, ...] = ()  # what the import noticed and resolved (e.g. Eisenach)

    def anzahl(self) -> dict[str, int]:
        return {
            "jobcenter": len(self.jobcenter),
            "zkt": sum(1 for j in self.jobcenter if j.traeger_art is TraegerArt.ZKT),
            "ge": sum(1 for j in self.jobcenter if j.traeger_art is TraegerArt.GE),
            "kreise": len({k for j in self.jobcenter for k in j.kreise}),
            "gemeinden": len(self.gemeinden),
            "plz": len({p.plz for p in self.plz_orte}),
            "plz_orte": len(self.plz_orte),
        }


@dataclass(frozen=True, slots=True)
class Anbindung:
    """Which zkT this instance takes applications for (per-instance configuration)."""

    angebundene_zkt: frozenset[str] = frozenset()

    def kanal(self, jobcenter: Jobcenter) -> Kanal:
        if jobcenter.traeger_art is TraegerArt.GE:
            return Kanal.JOBCENTER_DIGITAL
        if jobcenter.id in self.angebundene_zkt:
            return Kanal.SOZIALPLATTFORM
        return Kanal.JOBCENTER


# answers ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JobcenterAuskunft:
    id: str
    name: str
    traeger_art: TraegerArt
    kanal: Kanal
    url: str | None  # where to apply online: jobcenter.digital for a gE, else None
    bundesland: str
    # How to reach it (domain.kontakte.kontakt_auskunft): the operators' details or a fallback.
    kontakt: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "traeger_art": self.traeger_art.value,
            "kanal": self.kanal.value,
            "url": self.url,
            "kontakt": self.kontakt,
        }

    def steckbrief(self, datenstand: str) -> dict[str, Any]:
        """For jobcenter(id): the answer's fields plus the Land and the data version."""
        return {**self.to_dict(), "bundesland": self.bundesland, "datenstand": datenstand}


@dataclass(frozen=True, slots=True)
class Kandidat:
    ort: str
    ags: str
    jobcenter: JobcenterAuskunft

    def to_dict(self) -> dict[str, Any]:
        return {"ort": self.ort, "ags": self.ags, "jobcenter": self.jobcenter.to_dict()}


@dataclass(frozen=True, slots=True)
class Rueckfrage:
    art: Frage
    optionen: tuple[str, ...]  # send one back as ``ort`` to narrow the answer

    def to_dict(self) -> dict[str, Any]:
        return {"art": self.art.value, "optionen": list(self.optionen)}


@dataclass(frozen=True, slots=True)
class Ergebnis:
    """eindeutig: exactly one Jobcenter remains (kandidaten may still list several Gemeinden
    of that one Jobcenter). Otherwise rueckfrage says what to ask next."""

    eindeutig: bool
    kandidaten: tuple[Kandidat, ...]
    rueckfrage: Rueckfrage | None
    datenstand: str
    quellen: tuple[Quelle, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "eindeutig": self.eindeutig,
            "kandidaten": [k.to_dict() for k in self.kandidaten],
            "rueckfrage": self.rueckfrage.to_dict() if self.rueckfrage else None,
            "datenstand": self.datenstand,
            "quellen": [q.to_dict() for q in self.quellen],
        }


@dataclass(frozen=True, slots=True)
class OrtTreffer:
    """One town for a search-as-you-type list."""

    ort: str
    ags: str
    plz: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"ort": self.ort, "ags": self.ags, "plz": list(self.plz)}
