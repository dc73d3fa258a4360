"""Before a draft: what the application's ZustaendigkeitErmittelt will say for a place of
residence (zustaendigkeit's ``fuer_wohnort``, docs/adr/0082). The page `/antraege/neu` and
`POST /api/v1/antraege` ask the same question and read the answer with the same words, so a
draft that can never be sent is refused on both ways in (docs/adr/0119)."""

from __future__ import annotations

from typing import Any

from nameko.exceptions import RemoteError

from gateway.fehler import einordnen
from gateway.web.kontext import RequestContext

KANAL_PLATTFORM = "sozialplattform"
KANAL_DIGITAL = "jobcenter.digital"


def zustaendigkeit_vorab(ctx: RequestContext, wohnort: dict[str, str]) -> dict[str, Any] | None:
    """zustaendigkeit's answer, or None when it refuses the input as such: then antrag.anlegen
    refuses it too, at its fields."""
    try:
        return ctx.dienste.zustaendigkeit.fuer_wohnort(plz=wohnort["plz"], ort=wohnort["ort"])
    except RemoteError as error:
        if einordnen(error).status >= 500:
            raise
        return None


def angebunden(jobcenter: dict[str, Any]) -> bool:
    """The Jobcenter takes applications through this platform."""
    return jobcenter["kanal"] == KANAL_PLATTFORM


def wahlwert(kandidat: dict[str, Any]) -> str:
    """A candidate as one value: Gemeinde and Jobcenter (Berlin: one ags, twelve)."""
    return f"{kandidat['ags']}-{kandidat['jobcenter']['id']}"
