"""The base of the errors a service answers an RPC with: a stable code out of the class's own
set, field errors and facts as JSON in the message, so the caller (the gateway) maps the
remote error's type and code to an HTTP status and a message in one table. Never an input
value in it: fields carry codes and messages, details carry facts the caller needs."""

from __future__ import annotations

from typing import Any, ClassVar

import orjson


class DienstFehler(Exception):
    status: ClassVar[int] = 500
    codes: ClassVar[frozenset[str]] = frozenset()

    def __init__(
        self,
        code: str,
        *,
        felder: list[dict[str, str]] | None = None,
        details: dict[str, Any] | None = None,
    ) -> None:
        if code not in self.codes:
            raise ValueError(f"{type(self).__name__} has no code {code!r}")
        self.code = code
        self.felder = felder or []
        self.details = details or {}
        super().__init__(self._json())

    def _json(self) -> str:
        body: dict[str, Any] = {"code": self.code}
        if self.felder:
            body["felder"] = self.felder
        if self.details:
            body["details"] = self.details
        return orjson.dumps(body).decode()

    def __str__(self) -> str:
        return self._json()
