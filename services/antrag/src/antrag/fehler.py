"""The errors the antrag RPCs raise on purpose: four classes, each with stable codes.

Across nameko RPC an exception arrives as ``RemoteError(exc_type, value)``. ``exc_type`` is
the class name, which gives the HTTP status (the gateway's REMOTE table); ``value`` is
``str(error)``: a JSON object ``{"code": ..., "felder": [...], "details": {...}}``.

- ``felder``: one entry per field, ``{"abschnitt", "feld", "code", "meldung"}``, the message in
  the language the call asked for. Codes and messages never quote a value.
- ``details``: extra facts for the answer, e.g. the link to jobcenter.digital.

| class              | status | codes |
| ------------------ | ------ | ----- |
| NichtAngemeldet    | 401    | nicht_angemeldet |
| NichtGefunden      | 404    | antrag_nicht_gefunden, anlage_nicht_gefunden, leistung_unbekannt, abschnitt_unbekannt |
| Konflikt           | 409    | bereits_eingereicht, kurzantrag_bereits_gestellt, antrag_zurueckgezogen, antrag_abgeschlossen, zustaendigkeit_ausstehend, zustaendigkeit_unklar, zustaendigkeit_eindeutig, jobcenter_nicht_angebunden, noch_nicht_eingereicht, nicht_loeschbar, gleichzeitig_geaendert |
| EingabeUngueltig   | 422    | felder_ungueltig, wohnort_ungueltig, anlage_ungueltig, antrag_unvollstaendig, kurzantrag_unvollstaendig, sprache_unbekannt, begruendung_ungueltig, gemeinde_unbekannt |
"""  # noqa: E501

from __future__ import annotations

from kernel.dienstfehler import DienstFehler


class AntragFehler(DienstFehler):
    """Base of the antrag service's RPC errors (kernel.dienstfehler)."""


class NichtAngemeldet(AntragFehler):
    """The call carries no person id: nobody to act for (gateway: 401)."""

    status = 401
    codes = frozenset({"nicht_angemeldet"})


class NichtGefunden(AntragFehler):
    """Unknown, deleted, or someone else's: the same answer for all three (gateway: 404)."""

    status = 404
    codes = frozenset(
        {
            "antrag_nicht_gefunden",
            "anlage_nicht_gefunden",
            "leistung_unbekannt",
            "abschnitt_unbekannt",
        }
    )


class Konflikt(AntragFehler):
    """The application's state does not allow it (gateway: 409)."""

    status = 409
    codes = frozenset(
        {
            "bereits_eingereicht",
            "kurzantrag_bereits_gestellt",
            "antrag_zurueckgezogen",
            "antrag_abgeschlossen",
            "zustaendigkeit_ausstehend",
            "zustaendigkeit_unklar",
            "zustaendigkeit_eindeutig",
            "jobcenter_nicht_angebunden",
            "noch_nicht_eingereicht",
            "nicht_loeschbar",
            "gleichzeitig_geaendert",
        }
    )


class EingabeUngueltig(AntragFehler):
    """What was sent is wrong or incomplete; ``felder`` says where and why (gateway: 422)."""

    status = 422
    codes = frozenset(
        {
            "felder_ungueltig",
            "wohnort_ungueltig",
            "anlage_ungueltig",
            "antrag_unvollstaendig",
            "kurzantrag_unvollstaendig",
            "sprache_unbekannt",
            "begruendung_ungueltig",
            "gemeinde_unbekannt",
        }
    )


ERWARTET = (NichtAngemeldet, NichtGefunden, Konflikt, EingabeUngueltig)
