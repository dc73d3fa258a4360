"""The postkorb service's own settings (environment), beside the kernel's.

| variable | default | meaning |
| --- | --- | --- |
| SOZ_CLAMD_SOCKET | $SOZ_DATA_DIR/clamd/clamd.sock | clamd: a Unix socket path or tcp://host:port (default: the embedded clamd of `make run`); where none answers, every file is ``pruefung_fehlgeschlagen`` and no reply with files can be sent (docs/adr/0105) |
| SOZ_POSTKORB_DATEI_MAX_BYTES | 10485760 | largest file of a reply |
| SOZ_POSTKORB_MAX_DATEIEN | 5 | most files per reply |
| SOZ_POSTKORB_LAND | (none) | the instance's Land (HE, BW, …): its public holidays move the end of a Widerspruchsfrist; none: only nationwide holidays |
| SOZ_POSTKORB_EINWILLIGUNG_TEXTVERSION | 2026-12 | the version of the consent text the pages show |
| SOZ_POSTKORB_PORTAL_URL | http://127.0.0.1:8000/postkorb | the link in the notification mail |
| SOZ_POSTKORB_TAKT_SEKUNDEN | 2 | how often mails, rescans and the 10-day sweep run |
| SOZ_XTA_GATEWAY_DIENST | xta_gateway | the service that holds the Jobcenter's files |
"""  # noqa: E501

from __future__ import annotations

import os
from dataclasses import dataclass


def _zahl(name: str, standard: int) -> int:
    wert = os.environ.get(name, "").strip()
    return int(wert) if wert else standard


@dataclass(frozen=True)
class Konfiguration:
    clamd: str | None
    datei_max_bytes: int
    max_dateien: int
    land: str | None
    textversion: str
    portal_url: str
    takt_sekunden: float

    @classmethod
    def aus_umgebung(cls) -> Konfiguration:
        return cls(
            clamd=os.environ.get("SOZ_CLAMD_SOCKET", "").strip() or None,
            datei_max_bytes=_zahl("SOZ_POSTKORB_DATEI_MAX_BYTES", 10 * 1024 * 1024),
            max_dateien=_zahl("SOZ_POSTKORB_MAX_DATEIEN", 5),
            land=os.environ.get("SOZ_POSTKORB_LAND", "").strip().upper() or None,
            textversion=os.environ.get("SOZ_POSTKORB_EINWILLIGUNG_TEXTVERSION", "").strip()
            or "2026-12",
            portal_url=os.environ.get("SOZ_POSTKORB_PORTAL_URL", "").strip()
            or "http://127.0.0.1:8000/postkorb",
            takt_sekunden=float(os.environ.get("SOZ_POSTKORB_TAKT_SEKUNDEN", "").strip() or 2),
        )
