"""Per-instance configuration (one instance per Land): the XTA connection, the platform's own
identifier, and each connected Jobcenter's reader identifier and service URI (docs/adr/0048).

Environment (defaults for the embedded platform):

| variable | default |
| --- | --- |
| `SOZ_XTA_ENDPUNKT`, `SOZ_XTA_AUTOR_KENNUNG`, `SOZ_XTA_CLIENT_ZERTIFIKAT`, … | see ADR 0042 |
| `SOZ_XTA_VORLAGEN` | 1: the three hot operations from templates (ADR 0050); 0: all zeep |
| `SOZ_XTA_JOBCENTER_DATEI` | `deploy/embedded/xta-gateway.json` when present |
| `SOZ_XTA_SERVICE` | `urn:xoev-de:sozialplattform:dienst:antrag` |
| `SOZ_XTA_RUECKOFF_BASIS` / `_MAXIMUM` / `SOZ_XTA_MAX_VERSUCHE` | 1 s / 300 s / 8 |
| `SOZ_XTA_BERICHT_ABFRAGE` / `SOZ_XTA_BERICHT_FRIST` | 0.5 s first poll / 86400 s |
| `SOZ_XTA_PARALLEL` | 16 XTA calls at a time |
| `SOZ_XTA_SWEEP_SEKUNDEN` / `SOZ_XTA_POSTFACH_SEKUNDEN` | 5 / 10 |
| `SOZ_XTA_ANLAGEN_DIENST` / `SOZ_XTA_ANLAGEN_TIMEOUT` | `antrag` / 10 s |
| `SOZ_XTA_POSTKORB_DIENST` | `postkorb`: whose `anlage_datei` serves a reply's files |
| `SOZ_XTA_POSTKORB_SERVICE` | `urn:xoev-de:sozialplattform:dienst:postkorb` (file key |
|  | `postkorb_service`): the XTA service a Postkorb reply is sent under (ADR 0055) |
| `SOZ_XTA_REPLIKA` | this replica's name in the lease table (docs/adr/0057); default: |
|  | host:pid:random on PostgreSQL, `eingebettet` on SQLite (one replica) |
| `SOZ_XTA_LEASE_SEKUNDEN` | 30: how long a replica's hold on a delivery lasts unrenewed |
| `SOZ_XTA_EINGANG_MAX_BYTES` | 16777216: an inbound message larger (its MsgSize in the status |
|  | list) is not fetched: parked and left in the MsgBox for an operator (docs/adr/0064) |
| `SOZ_XTA_POSTFACH_FEHLER_UNBEREIT` | 30: polls failed in a row before `/health/ready` says |
|  | `postfach: false` (the alert fires earlier, deploy/monitoring/xta-gateway-alerts.yaml) |

The Jobcenter file: ``{"leser_ableiten": true, "service": URI, "jobcenter": {"68410":
{"leser": "jobcenter:68410", "typ": "xoev", "name": "…", "service": URI}}}``. With
``leser_ableiten`` a Jobcenter not listed gets the reader id ``jobcenter:<Träger-Nr>`` (the
embedded default and the counterpart agree on that); in production it is false and an
unlisted Jobcenter is refused (``jobcenter_nicht_angebunden``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from xta_gateway.adapters.xta import Kennung
from xta_gateway.adapters.xta2_v3 import XtaEinstellungen
from xta_gateway.domain.zustellung import Rueckoff

STANDARD_SERVICE = "urn:xoev-de:sozialplattform:dienst:antrag"
STANDARD_POSTKORB_SERVICE = "urn:xoev-de:sozialplattform:dienst:postkorb"
EMBEDDED_DATEI = Path("deploy") / "embedded" / "xta-gateway.json"


class KonfigurationFehler(ValueError):
    pass


@dataclass(frozen=True)
class JobcenterAnbindung:
    jobcenter_id: str
    leser: Kennung
    service: str


@dataclass(frozen=True)
class Konfiguration:
    xta: XtaEinstellungen
    jobcenter: Mapping[str, JobcenterAnbindung] = field(default_factory=dict)
    leser_ableiten: bool = True
    service: str = STANDARD_SERVICE
    rueckoff: Rueckoff = Rueckoff()
    bericht_erste_abfrage: float = 0.5
    bericht_max_abstand: float = 30.0
    parallel: int = 16
    sweep_sekunden: float = 5.0
    postfach_sekunden: float = 10.0
    anlagen_dienst: str = "antrag"
    anlagen_timeout: float = 10.0
    # A person's Postkorb reply (docs/adr/0055): the XTA service it is sent under, and the
    # service whose ``anlage_datei(nachricht_id, anlage_id)`` gives its attachments' bytes.
    postkorb_service: str = STANDARD_POSTKORB_SERVICE
    postkorb_dienst: str = "postkorb"
    # The broker users that may read a Jobcenter's files (``eingang_anlage``): the Postkorb's
    # (docs/adr/0074); guest is the default URI's user, where nothing can be told apart.
    eingang_leser: frozenset[str] = frozenset({"guest", "postkorb"})
    # Several replicas on one PostgreSQL database (docs/adr/0057): this replica's name (None:
    # derived, see leases.replika_kennung) and how long its lease on a delivery lasts.
    replika: str | None = None
    lease_sekunden: float = 30.0
    # Inbound (docs/adr/0064): larger messages are left in the MsgBox and parked unfetched;
    # this many failed polls in a row make the replica unready.
    eingang_max_bytes: int = 16 * 1024 * 1024
    postfach_fehler_unbereit: int = 30

    @property
    def autor(self) -> Kennung:
        return self.xta.autor

    def anbindung(self, jobcenter_id: str) -> JobcenterAnbindung | None:
        gefunden = self.jobcenter.get(jobcenter_id)
        if gefunden is not None:
            return gefunden
        if self.leser_ableiten:
            return JobcenterAnbindung(
                jobcenter_id, Kennung(f"jobcenter:{jobcenter_id}"), self.service
            )
        return None

    def jobcenter_von_leser(self, kennung: str) -> str | None:
        """The Träger-Nr behind an author identifier of an inbound message."""
        for anbindung in self.jobcenter.values():
            if anbindung.leser.wert == kennung:
                return anbindung.jobcenter_id
        if self.leser_ableiten and kennung.startswith("jobcenter:"):
            nummer = kennung.removeprefix("jobcenter:")
            if len(nummer) == 5 and nummer.isdigit():
                return nummer
        return None

    @classmethod
    def aus_umgebung(cls, umgebung: Mapping[str, str] | None = None) -> Konfiguration:
        env = os.environ if umgebung is None else umgebung

        def zahl(name: str, standard: float) -> float:
            wert = env.get(name, "").strip()
            try:
                return float(wert) if wert else standard
            except ValueError:
                raise KonfigurationFehler(f"{name} must be a number") from None

        lease_sekunden = zahl("SOZ_XTA_LEASE_SEKUNDEN", 30.0)
        if lease_sekunden <= 0:
            raise KonfigurationFehler("SOZ_XTA_LEASE_SEKUNDEN must be positive")
        datei_name = env.get("SOZ_XTA_JOBCENTER_DATEI", "").strip()
        datei = Path(datei_name) if datei_name else _embedded_datei()
        daten: dict = {}
        if datei is not None:
            try:
                daten = json.loads(datei.read_text(encoding="utf-8"))
            except (OSError, ValueError) as fehler:
                raise KonfigurationFehler(f"{datei}: {type(fehler).__name__}") from None
        service = env.get("SOZ_XTA_SERVICE", "").strip() or daten.get("service", STANDARD_SERVICE)
        jobcenter = {}
        for nummer, eintrag in (daten.get("jobcenter") or {}).items():
            if not (len(nummer) == 5 and nummer.isdigit()) or not eintrag.get("leser"):
                raise KonfigurationFehler(f"{datei}: jobcenter {nummer!r} needs 5 digits, leser")
            jobcenter[nummer] = JobcenterAnbindung(
                nummer,
                Kennung(eintrag["leser"], eintrag.get("typ", "xoev"), eintrag.get("name")),
                eintrag.get("service", service),
            )
        return cls(
            xta=XtaEinstellungen.aus_umgebung(env),
            jobcenter=jobcenter,
            leser_ableiten=bool(daten.get("leser_ableiten", True)),
            service=service,
            rueckoff=Rueckoff(
                basis=zahl("SOZ_XTA_RUECKOFF_BASIS", 1.0),
                maximum=zahl("SOZ_XTA_RUECKOFF_MAXIMUM", 300.0),
                max_versuche=int(zahl("SOZ_XTA_MAX_VERSUCHE", 8)),
                bericht_frist=zahl("SOZ_XTA_BERICHT_FRIST", 86400.0),
            ),
            bericht_erste_abfrage=zahl("SOZ_XTA_BERICHT_ABFRAGE", 0.5),
            parallel=max(1, int(zahl("SOZ_XTA_PARALLEL", 16))),
            sweep_sekunden=zahl("SOZ_XTA_SWEEP_SEKUNDEN", 5.0),
            postfach_sekunden=zahl("SOZ_XTA_POSTFACH_SEKUNDEN", 10.0),
            anlagen_dienst=env.get("SOZ_XTA_ANLAGEN_DIENST", "").strip() or "antrag",
            anlagen_timeout=zahl("SOZ_XTA_ANLAGEN_TIMEOUT", 10.0),
            postkorb_service=env.get("SOZ_XTA_POSTKORB_SERVICE", "").strip()
            or daten.get("postkorb_service", STANDARD_POSTKORB_SERVICE),
            postkorb_dienst=env.get("SOZ_XTA_POSTKORB_DIENST", "").strip() or "postkorb",
            eingang_leser=frozenset(
                name.strip()
                for name in (
                    env.get("SOZ_XTA_EINGANG_LESER", "").strip() or "guest,postkorb"
                ).split(",")
                if name.strip()
            ),
            replika=env.get("SOZ_XTA_REPLIKA", "").strip()[:200] or None,
            lease_sekunden=lease_sekunden,
            eingang_max_bytes=int(zahl("SOZ_XTA_EINGANG_MAX_BYTES", 16 * 1024 * 1024)),
            postfach_fehler_unbereit=max(1, int(zahl("SOZ_XTA_POSTFACH_FEHLER_UNBEREIT", 30))),
        )


def _embedded_datei() -> Path | None:
    for start in (Path.cwd().resolve(), Path(__file__).resolve()):
        for ordner in (start, *start.parents):
            kandidat = ordner / EMBEDDED_DATEI
            if kandidat.is_file():
                return kandidat
    return None
