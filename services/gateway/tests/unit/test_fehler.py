"""The one table from exceptions to status, code and message (gateway.fehler)."""

from __future__ import annotations

import pytest
from nameko.exceptions import RemoteError

from gateway import fehler
from gateway.fehler import (
    TABELLE,
    DienstNichtVerfuegbar,
    MethodeNichtErlaubt,
    ZuVieleVersuche,
    alle_fehlerarten,
    einordnen,
)


def test_every_code_is_stable_and_unique_and_every_status_a_client_or_server_error() -> None:
    codes = [art.code for art in alle_fehlerarten()]
    assert len(codes) == len(set(codes))
    for art in alle_fehlerarten():
        assert art.code.isidentifier() and art.code.islower()
        assert 400 <= art.status <= 599


def test_the_table_gives_status_code_and_headers() -> None:
    assert einordnen(ZuVieleVersuche(42)).status == 429
    assert einordnen(ZuVieleVersuche(42)).headers == {"Retry-After": "42"}
    assert einordnen(MethodeNichtErlaubt(["GET", "HEAD"])).headers == {"Allow": "GET, HEAD"}
    assert einordnen(DienstNichtVerfuegbar("antrag")).code == "dienst_nicht_verfuegbar"
    assert einordnen(DienstNichtVerfuegbar("antrag")).status == 503
    beispiele = {
        fehler.EingabeUngueltig: ({"email": "pflichtfeld"},),
        MethodeNichtErlaubt: (["GET"],),
        ZuVieleVersuche: (1,),
        DienstNichtVerfuegbar: ("antrag",),
        fehler.AntragHierNichtMoeglich: ([{"id": "43106", "name": "Hanau", "kanal": "x"}],),
        fehler.AntwortAnlagenAbgelehnt: ([{"dateiname": "a.pdf", "pruefung": "infiziert"}],),
        fehler.TerminVergeben: ([],),
        fehler.OrtMehrdeutig: ([],),
    }
    for error_type, art in TABELLE.items():
        assert einordnen(error_type(*beispiele.get(error_type, ()))).code == art.code


def test_anything_unknown_is_an_internal_error() -> None:
    art = einordnen(KeyError("Erika Mustermann"))
    assert (art.status, art.code) == (500, "interner_fehler")
    assert "Erika" not in art.detail


@pytest.mark.parametrize(
    ("exc_type", "status", "code"),
    [
        ("ZugriffVerweigert", 403, "zugriff_verweigert"),
        ("NichtGefunden", 404, "nicht_gefunden"),
        ("UngueltigeEingabe", 422, "eingabe_ungueltig"),
        ("ValueError", 502, "dienst_fehler"),
        ("IncorrectSignature", 502, "dienst_fehler"),
    ],
)
def test_remote_errors_map_by_their_class_name(exc_type: str, status: int, code: str) -> None:
    art = einordnen(RemoteError(exc_type, "Erika Mustermann, 10115 Berlin"))
    assert (art.status, art.code) == (status, code)
    assert "Erika" not in art.detail


@pytest.mark.parametrize(
    ("exc_type", "value", "status", "code"),
    [
        ("UngueltigeEingabe", "plz_ungueltig", 422, "plz_ungueltig"),
        ("UngueltigeEingabe", "eingabe_zu_lang", 422, "eingabe_zu_lang"),
        ("PlzUnbekannt", "plz_unbekannt", 404, "plz_unbekannt"),
        ("OrtUnbekannt", "ort_unbekannt", 404, "ort_unbekannt"),
        ("UngueltigeEingabe", "plz_unbekannt", 422, "eingabe_ungueltig"),  # not its code
        ("PlzUnbekannt", "etwas anderes", 404, "plz_unbekannt"),
    ],
)
def test_a_known_code_of_a_service_becomes_the_problem_code(
    exc_type: str, value: str, status: int, code: str
) -> None:
    art = einordnen(RemoteError(exc_type, value))

    assert (art.status, art.code) == (status, code)
    if value == code:
        assert art.detail == fehler.REMOTE_MELDUNGEN[code]


def test_every_error_of_the_zustaendigkeit_service_has_its_name_code_and_message() -> None:
    """The wire contract held against the service's own list (services/zustaendigkeit)."""
    from zustaendigkeit import errors

    for klasse in errors.ZustaendigkeitFehler.__subclasses__():
        assert klasse.__name__ in fehler.REMOTE
        assert set(fehler.REMOTE_CODES[klasse.__name__]) == set(klasse.codes)
    assert set(fehler.REMOTE_MELDUNGEN) >= set(errors.MELDUNGEN)


def test_every_remote_code_is_a_problem_type_of_its_own() -> None:
    codes = {art.code for art in alle_fehlerarten()}
    assert set(fehler.REMOTE_MELDUNGEN) <= codes
