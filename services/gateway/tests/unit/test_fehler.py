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


def test_a_known_code_of_a_service_becomes_the_problem_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(fehler.REMOTE, "PlzUnbekannt", TABELLE[fehler.NichtGefunden])
    monkeypatch.setitem(
        fehler.REMOTE_MELDUNGEN, "plz_unbekannt", "Diese Postleitzahl kennen wir nicht."
    )

    art = einordnen(RemoteError("PlzUnbekannt", "plz_unbekannt"))

    assert (art.status, art.code, art.detail) == (
        404,
        "plz_unbekannt",
        "Diese Postleitzahl kennen wir nicht.",
    )
    assert einordnen(RemoteError("PlzUnbekannt", "etwas anderes")).code == "nicht_gefunden"
