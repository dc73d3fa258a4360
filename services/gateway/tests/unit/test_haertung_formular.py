"""What the gateway reads from a request before any handler (issue #10, findings 1 and 9): a
multipart upload of phone-photo size through werkzeug's form parser with the gateway's limits,
and how deep a JSON body may nest."""

from __future__ import annotations

import io

import pytest
from haertung_dateien import handyfoto
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from gateway.config import GatewaySettings
from gateway.web.kontext import (
    MAX_FORMULARFELD_BYTES,
    MAX_JSON_TIEFE,
    grenzen_setzen,
    verschachtelung,
)

ANLAGE_MAX_BYTES = GatewaySettings.anlage_max_bytes  # 11 MiB, the default


def hochladen(felder: dict[str, str], dateien: list[tuple[str, bytes]]) -> Request:
    """A multipart request as the browser sends it, with the limits of an upload route."""
    daten: dict[str, object] = dict(felder)
    daten["dateien"] = [(io.BytesIO(inhalt), name, "image/jpeg") for name, inhalt in dateien]
    request = Request(EnvironBuilder(method="POST", data=daten).get_environ())
    grenzen_setzen(request)
    request.max_content_length = ANLAGE_MAX_BYTES
    return request


@pytest.fixture(scope="module")
def fotos() -> list[bytes]:
    return [handyfoto(), handyfoto(koernung=30)]


def test_phone_photos_of_several_megabytes_come_through_byte_for_byte(
    fotos: list[bytes],
) -> None:
    assert all(len(foto) > 3_000_000 for foto in fotos)
    request = hochladen(
        {"abschnitt": "taetigkeit", "csrf_token": "t" * 86},
        [("IMG_2041.jpg", fotos[0]), ("IMG_2042.jpg", fotos[1])],
    )

    assert request.form["abschnitt"] == "taetigkeit"
    assert [datei.read() for datei in request.files.getlist("dateien")] == fotos


def test_a_text_field_keeps_its_small_memory_limit_beside_the_files(fotos: list[bytes]) -> None:
    request = hochladen(
        {"abschnitt": "x" * (MAX_FORMULARFELD_BYTES + 1)}, [("IMG_2041.jpg", fotos[0])]
    )

    with pytest.raises(RequestEntityTooLarge):
        request.form  # noqa: B018 - reading the form parses it


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read() -> None:
    request = hochladen({"abschnitt": "taetigkeit"}, [("scan.jpg", b"\xff" * ANLAGE_MAX_BYTES)])

    with pytest.raises(RequestEntityTooLarge):
        request.files  # noqa: B018


def _liste(tiefe: int) -> object:
    wert: object = "Arbeit"
    for _ in range(tiefe):
        wert = [wert]
    return wert


@pytest.mark.parametrize(
    ("daten", "tiefe"),
    [
        ("Text", 0),
        ({}, 1),
        ({"art": "beschaeftigung", "beginn": "2026-03-01"}, 1),
        ({"kinder": [{"vorname": "Lea", "geburtsdatum": "2019-05-02"}]}, 3),
        ([1, [2, [3]], {"a": {"b": {}}}], 4),
        (_liste(MAX_JSON_TIEFE), MAX_JSON_TIEFE),
        (_liste(1000), 1000),
    ],
)
def test_nesting_is_counted_without_recursion(daten: object, tiefe: int) -> None:
    assert verschachtelung(daten) == tiefe
