"""The errors the finder RPCs raise on purpose, each with a stable code.

As in antrag (antrag/fehler.py): across nameko RPC an exception arrives as
``RemoteError(exc_type, value)``; the class name gives the HTTP status in the gateway's REMOTE
table, ``value`` is a JSON object ``{"code", "felder"?, "details"?}``:

- ``felder``: ``[{"feld", "code", "meldung"}]``, ``feld`` a dotted path into the household
  (``personen.0.alter``, ``wohnort.plz``), the message in the call's language;
- ``details``: for ``gemeinde_waehlen`` the Gemeinden to choose from
  (``{"gemeinden": [{"ags", "name"}]}``), for ``keine_werte_fuer_stichtag`` the date.

| class                 | status | codes |
| --------------------- | ------ | ----- |
| EingabeUngueltig      | 422    | haushalt_ungueltig, gemeinde_waehlen, keine_werte_fuer_stichtag, sprache_unbekannt, stichtag_ungueltig |
| NichtGefunden         | 404    | leistung_nicht_gefunden, ausfuellhilfe_nicht_gefunden |
| DienstNichtErreichbar | 503    | zustaendigkeit_nicht_erreichbar |

Neither codes nor messages ever quote what was sent: a household's answers are personal data.
"""  # noqa: E501

from __future__ import annotations

from kernel.dienstfehler import DienstFehler

# field message code -> text per language (the fields of a household that is not right)
FELDMELDUNGEN: dict[str, dict[str, str]] = {
    "pflichtfeld": {
        "de": "Diese Angabe fehlt.",
        "en": "This information is missing.",
        "de-x-ls": "Diese Angabe fehlt.",
    },
    "unbekanntes_feld": {
        "de": "Dieses Feld kennen wir nicht. Bitte lassen Sie es weg.",
        "en": "We do not know this field. Please leave it out.",
        "de-x-ls": "Dieses Feld kennen wir nicht. Bitte lassen Sie es weg.",
    },
    "wert_ungueltig": {
        "de": "Dieser Wert ist nicht gültig.",
        "en": "This value is not valid.",
        "de-x-ls": "Diese Angabe stimmt nicht.",
    },
    "plz_unbekannt": {
        "de": "Diese Postleitzahl kennen wir nicht.",
        "en": "We do not know this postcode.",
        "de-x-ls": "Diese Post·leit·zahl kennen wir nicht.",
    },
    "gemeinde_unbekannt": {
        "de": "Diese Gemeinde gehört nicht zu der Postleitzahl.",
        "en": "This municipality does not belong to the postcode.",
        "de-x-ls": "Diese Gemeinde passt nicht zu der Post·leit·zahl.",
    },
}


def feldfehler(feld: str, code: str, sprache: str) -> dict[str, str]:
    meldungen = FELDMELDUNGEN[code]
    return {"feld": feld, "code": code, "meldung": meldungen.get(sprache, meldungen["de"])}


class FinderFehler(DienstFehler):
    """Base of the finder service's RPC errors (kernel.dienstfehler)."""


class EingabeUngueltig(FinderFehler):
    """The household is not right, its place is ambiguous, or no parameters cover its date
    (gateway: 422)."""

    status = 422
    codes = frozenset(
        {
            "haushalt_ungueltig",
            "gemeinde_waehlen",
            "keine_werte_fuer_stichtag",
            "sprache_unbekannt",
            "stichtag_ungueltig",  # leistungen/leistung: not an ISO date
        }
    )


class NichtGefunden(FinderFehler):
    """No information page for this benefit, no Ausfüllhilfe for this section (gateway: 404)."""

    status = 404
    codes = frozenset({"leistung_nicht_gefunden", "ausfuellhilfe_nicht_gefunden"})


class DienstNichtErreichbar(FinderFehler):
    """The place could not be resolved: zustaendigkeit did not answer in time (gateway: 503)."""

    status = 503
    codes = frozenset({"zustaendigkeit_nicht_erreichbar"})


ERWARTET = (EingabeUngueltig, NichtGefunden, DienstNichtErreichbar)
