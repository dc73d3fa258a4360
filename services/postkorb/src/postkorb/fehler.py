"""The errors the postkorb RPCs raise on purpose, as antrag's (antrag/fehler.py): the class
name gives the HTTP status at the gateway, the value is JSON ``{"code", "felder"?, "details"?}``.
Codes and details never quote what a person or a Jobcenter wrote.

| class              | status | codes |
| ------------------ | ------ | ----- |
| NichtAngemeldet    | 401    | nicht_angemeldet |
| NichtGefunden      | 404    | thread_nicht_gefunden, nachricht_nicht_gefunden, anlage_nicht_gefunden, entwurf_nicht_gefunden |
| Konflikt           | 409    | entwurf_bereits_gesendet, antwort_nicht_moeglich, klaerung_bereits_zugeordnet, anlage_nicht_verfuegbar |
| EingabeUngueltig   | 422    | text_ungueltig, datei_ungueltig, zu_viele_dateien, anmeldung_ungueltig, textversion_ungueltig, email_ungueltig, einwilligung_ungueltig, person_id_ungueltig (operators) |
| AnlageNichtSauber  | 422    | anlage_nicht_sauber (details.anlagen: [{id, pruefung}]) |
"""  # noqa: E501

from __future__ import annotations

from typing import Any, ClassVar

import orjson


class PostkorbFehler(Exception):
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


class NichtAngemeldet(PostkorbFehler):
    status = 401
    codes = frozenset({"nicht_angemeldet"})


class NichtGefunden(PostkorbFehler):
    """Unknown, malformed, or someone else's: the same answer for all (gateway: 404)."""

    status = 404
    codes = frozenset(
        {
            "thread_nicht_gefunden",
            "nachricht_nicht_gefunden",
            "anlage_nicht_gefunden",
            "entwurf_nicht_gefunden",
        }
    )


class Konflikt(PostkorbFehler):
    status = 409
    codes = frozenset(
        {
            "entwurf_bereits_gesendet",
            "antwort_nicht_moeglich",
            "klaerung_bereits_zugeordnet",
            "anlage_nicht_verfuegbar",
        }
    )


class EingabeUngueltig(PostkorbFehler):
    status = 422
    codes = frozenset(
        {
            "text_ungueltig",
            "datei_ungueltig",
            "zu_viele_dateien",
            "anmeldung_ungueltig",
            "textversion_ungueltig",
            "email_ungueltig",
            "einwilligung_ungueltig",
            "person_id_ungueltig",
        }
    )


class AnlageNichtSauber(PostkorbFehler):
    """A reply with a file that is not (yet) known clean is not sent (gateway: 422)."""

    status = 422
    codes = frozenset({"anlage_nicht_sauber"})


ERWARTET = (NichtAngemeldet, NichtGefunden, Konflikt, EingabeUngueltig, AnlageNichtSauber)
