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

from kernel.dienstfehler import DienstFehler


class PostkorbFehler(DienstFehler):
    """Base of the postkorb service's RPC errors (kernel.dienstfehler)."""


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
