"""Faults on demand: rules set at start (``--stoerungen FILE``) or over the admin endpoint.

A rule names a kind, optionally an operation ("*" for all), how many times it fires (``anzahl``,
null: every time) and a probability (``wahrscheinlichkeit``, drawn from a seeded generator so a
test run repeats). Kinds and when they act:

| art                    | acts                                                              |
| ---------------------- | ----------------------------------------------------------------- |
| verzoegerung           | before the operation: sleeps ``sekunden``                         |
| http_503               | instead of the operation: HTTP 503, no SOAP body                  |
| verbindung_abbrechen   | instead of the operation: the connection is closed, no answer     |
| fehlercode             | instead of the operation: the SOAP fault of XTA error ``code``    |
| antwort_verlieren      | after the operation succeeded (and stored): connection closed     |
| bericht_gelb/bericht_rot | sendMessage: the message's TransportReport ends yellow/red      |
| doppelte_zustellung    | close: the message stays in the mailbox and is delivered again    |
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass

from xta2_gegenstelle.fehler import FEHLERARTEN

ARTEN = (
    "verzoegerung",
    "http_503",
    "verbindung_abbrechen",
    "fehlercode",
    "antwort_verlieren",
    "bericht_gelb",
    "bericht_rot",
    "doppelte_zustellung",
)
OPERATIONEN = (
    "createMessageId",
    "checkAccountActive",
    "lookupService",
    "getTransportReport",
    "sendMessage",
    "getStatusList",
    "getMessage",
    "close",
)


class UngueltigeStoerung(ValueError):
    pass


@dataclass
class Stoerung:
    art: str
    operation: str = "*"
    anzahl: int | None = 1
    wahrscheinlichkeit: float = 1.0
    code: str | None = None
    sekunden: float = 0.0
    id: int = 0

    @classmethod
    def aus_json(cls, daten: object) -> Stoerung:
        if not isinstance(daten, dict):
            raise UngueltigeStoerung("a rule is a JSON object")
        bekannt = {"art", "operation", "anzahl", "wahrscheinlichkeit", "code", "sekunden"}
        fremd = set(daten) - bekannt
        if fremd:
            raise UngueltigeStoerung(f"unknown fields: {', '.join(sorted(fremd))}")
        try:
            regel = cls(**daten)
        except TypeError as fehler:
            raise UngueltigeStoerung(str(fehler)) from fehler
        regel.pruefen()
        return regel

    def pruefen(self) -> None:
        if self.art not in ARTEN:
            raise UngueltigeStoerung(f"art must be one of {', '.join(ARTEN)}")
        if self.operation != "*" and self.operation not in OPERATIONEN:
            raise UngueltigeStoerung(f"operation must be * or one of {', '.join(OPERATIONEN)}")
        if self.art == "fehlercode" and self.code not in FEHLERARTEN:
            raise UngueltigeStoerung("fehlercode needs code, an XTA error code (9000-9101)")
        if self.anzahl is not None and (not isinstance(self.anzahl, int) or self.anzahl < 1):
            raise UngueltigeStoerung("anzahl is a positive integer or null (always)")
        if not 0.0 <= float(self.wahrscheinlichkeit) <= 1.0:
            raise UngueltigeStoerung("wahrscheinlichkeit is between 0 and 1")
        if self.sekunden < 0 or self.sekunden > 600:
            raise UngueltigeStoerung("sekunden is between 0 and 600")


class Stoerungen:
    def __init__(self, seed: int | None = None) -> None:
        self._regeln: list[Stoerung] = []
        self._sperre = threading.Lock()
        self._zufall = random.Random(seed)
        self._naechste_id = 1
        self._ende = threading.Event()

    def verzoegern(self, sekunden: float) -> None:
        """The wait of a ``verzoegerung``; cut short by ``beenden`` (the server waits for its
        running requests when it stops)."""
        self._ende.wait(sekunden)

    def beenden(self) -> None:
        self._ende.set()

    def hinzufuegen(self, regel: Stoerung) -> Stoerung:
        regel.pruefen()
        with self._sperre:
            regel.id = self._naechste_id
            self._naechste_id += 1
            self._regeln.append(regel)
        return regel

    def liste(self) -> list[dict]:
        with self._sperre:
            return [asdict(regel) for regel in self._regeln]

    def leeren(self) -> None:
        with self._sperre:
            self._regeln.clear()

    def ziehen(self, operation: str, arten: tuple[str, ...]) -> Stoerung | None:
        """The first rule of one of ``arten`` that fires for ``operation`` now (its count is
        used up by one); None when none fires."""
        with self._sperre:
            for regel in self._regeln:
                if regel.art not in arten or regel.operation not in ("*", operation):
                    continue
                if regel.wahrscheinlichkeit < 1.0 and (
                    self._zufall.random() >= regel.wahrscheinlichkeit
                ):
                    continue
                if regel.anzahl is not None:
                    regel.anzahl -= 1
                    if regel.anzahl == 0:
                        self._regeln.remove(regel)
                return regel
        return None
