"""The gateway's part of appointments that needs no process: the secret never reaches the
access log, termine's refusals with facts become problem details, times are shown in Berlin
wall time across the DST change."""

from __future__ import annotations

import json
import logging

import pytest
from nameko.exceptions import RemoteError

from gateway.fehler import EingabeUngueltig, OrtMehrdeutig, TerminVergeben, einordnen
from gateway.web.pforte import AccessLogWithoutPersonalData
from gateway.web.termine_api import dienstfehler, ics_url, suchparameter, verwaltung_url

GEHEIMNIS = "Vq3f0uS2y8c4J1lH7dZxA9kP6wQeR5tYbN0mCgXhLsE"


def test_the_access_log_never_records_the_secret() -> None:
    record = logging.LogRecord(
        "nameko.web.server",
        logging.INFO,
        __file__,
        1,
        f'203.0.113.9 - - [07/Dec/2026 18:00:00] "GET {verwaltung_url("b1", GEHEIMNIS)} '
        'HTTP/1.1" 200 4096 0.01',
        (),
        None,
    )
    AccessLogWithoutPersonalData().filter(record)
    assert GEHEIMNIS not in record.getMessage()
    assert record.getMessage() == "http GET /termine/buchung/b1 200 4096 bytes 0.01s"


def test_the_links_carry_the_secret_only_in_the_query() -> None:
    assert verwaltung_url("b1", GEHEIMNIS) == f"/termine/buchung/b1?geheimnis={GEHEIMNIS}"
    assert ics_url("b1", None) == "/api/v1/buchungen/b1/termin.ics"
    assert ics_url("b/1", "a+b") == "/api/v1/buchungen/b%2F1/termin.ics?geheimnis=a%2Bb"


def _remote(name: str, inhalt: dict) -> RemoteError:
    return RemoteError(name, json.dumps(inhalt))


def test_a_taken_time_becomes_409_with_the_next_free_ones() -> None:
    frei = [{"beginn": "2027-03-29T09:00:00+02:00", "ende": "x", "art": "vor_ort", "boese": 1}]
    fehler = dienstfehler(_remote("TerminVergeben", {"naechste_freie": frei * 9}))
    assert isinstance(fehler, TerminVergeben)
    assert einordnen(fehler).status == 409 and einordnen(fehler).code == "termin_vergeben"
    assert fehler.details == {
        "naechste_freie": [{k: frei[0][k] for k in ("beginn", "ende", "art")}] * 5
    }


def test_an_ambiguous_town_offers_its_places_and_field_codes_are_the_gateways() -> None:
    optionen = [{"ort": "Neustadt", "plz": "67433", "ags": "07316000", "land": "RP"}]
    fehler = dienstfehler(_remote("OrtMehrdeutig", {"optionen": optionen}))
    assert isinstance(fehler, OrtMehrdeutig) and einordnen(fehler).status == 422
    assert fehler.details == {"orte": [{"plz": "67433", "ort": "Neustadt", "land": "RP"}]}

    felder = {"beginn": "vergangen", "kontakt.email": "ungueltig", "x": "neu"}
    fehler = dienstfehler(_remote("UngueltigeEingabe", {"felder": felder}))
    assert isinstance(fehler, EingabeUngueltig)
    assert fehler.felder == {
        "beginn": "termin_vergangen",
        "kontakt.email": "angabe_ungueltig",
        "x": "angabe_ungueltig",
    }
    unbekannt = _remote("ZuVieleBuchungen", {"code": "je_adresse", "grenze": 3})
    assert dienstfehler(unbekannt) is unbekannt
    assert (einordnen(unbekannt).status, einordnen(unbekannt).code) == (429, "zu_viele_buchungen")


def test_a_search_needs_a_postcode_or_a_town() -> None:
    with pytest.raises(EingabeUngueltig):
        suchparameter({"thema": "suchtberatung"})
    assert suchparameter({"ort": "Köln"})["umkreis_km"] == 25
