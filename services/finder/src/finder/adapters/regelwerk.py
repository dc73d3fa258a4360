"""finder.regeln (H1's pure rules module) behind the small interface the handlers use
(finder.handlers.Regeln): loaded once per process, the dated parameters and the Mietenstufen
bound in."""

from __future__ import annotations

from datetime import date
from typing import Any

from finder import regeln


class Regelwerk:
    def __init__(self) -> None:
        self.parameter = regeln.Parameterstand.laden()
        self.mietenstufen = regeln.Mietenstufen.laden()
        self.schema = regeln.HaushaltSchema()

    def auswerten(self, haushalt: dict[str, Any], *, stichtag: date, ags: str | None) -> dict:
        return regeln.auswerten(
            haushalt,
            stichtag=stichtag,
            ags=ags,
            parameter=self.parameter,
            mietenstufen=self.mietenstufen,
        )

    def kein_parameter(self, fehler: Exception) -> bool:
        return isinstance(fehler, regeln.KeinParameter)

    def regelstand(self, stichtag: date) -> date:
        return self.parameter.regelstand(stichtag)

    @property
    def version(self) -> str:
        return self.parameter.version
