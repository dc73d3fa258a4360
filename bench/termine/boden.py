"""The floor of ``python -m bench.termine.gateway``: a service named ``termine`` whose
``suchen`` answers from memory with the answers the real service gave for the same queries
(read from ``BENCH_TERMINE_ANTWORTEN``, a JSON file ``{query key: answer}``). The gateway in
front of it does everything it does for a real search (language, session, query check, RPC,
JSON, headers); only the search itself costs nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from kernel.nameko import OperationsEndpoints, rpc

ANTWORTEN: dict[str, Any] = json.loads(
    Path(os.environ.get("BENCH_TERMINE_ANTWORTEN", "/dev/null")).read_text() or "{}"
)


def schluessel(plz: str | None, thema: str | None) -> str:
    return f"{plz}|{thema}"


class TermineAusDemSpeicher(OperationsEndpoints):
    name = "termine"

    @rpc
    def suchen(self, plz: str | None = None, thema: str | None = None, **_: Any) -> Any:
        return ANTWORTEN[schluessel(plz, thema)]
