"""Files by content and clamd's answers: what counts as clean, infected, too large, or a scan
error (which never counts as clean)."""

from __future__ import annotations

import base64

import pytest

from postkorb.adapters import clamav
from postkorb.domain import dateien


@pytest.mark.parametrize(
    ("antwort", "zustand"),
    [
        ("stream: OK", clamav.SAUBER),
        ("stream: Sozialplattform.Test.EICAR.UNOFFICIAL FOUND", clamav.INFIZIERT),
        ("stream: Heuristics.Limits.Exceeded.MaxFileSize FOUND", clamav.ZU_GROSS),
        ("stream: Heuristics.Limits.Exceeded.MaxScanSize FOUND", clamav.ZU_GROSS),
        ("INSTREAM size limit exceeded. ERROR", clamav.ZU_GROSS),
        ("stream: Can't allocate memory ERROR", clamav.FEHLGESCHLAGEN),
        ("", clamav.FEHLGESCHLAGEN),
        ("UNKNOWN COMMAND", clamav.FEHLGESCHLAGEN),
    ],
)
def test_clamd_answers(antwort: str, zustand: str) -> None:
    assert clamav.deuten(antwort) == zustand


def test_no_clamd_is_a_scan_error_not_clean(tmp_path) -> None:  # noqa: ANN001
    scanner = clamav.Scanner(str(tmp_path / "kein.sock"), timeout=1)
    assert scanner.pruefen(b"%PDF-1.4") == clamav.FEHLGESCHLAGEN
    assert scanner.bereit() is False
    assert clamav.Scanner("tcp://127.0.0.1:1", timeout=1).pruefen(b"x") == clamav.FEHLGESCHLAGEN


def _roh(inhalt: bytes, name: str = "a") -> dict:
    return {"dateiname": name, "inhalt": base64.b64encode(inhalt).decode()}


@pytest.mark.parametrize(
    ("inhalt", "typ"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\xff\xd8\xff\xe0JFIF", "image/jpeg"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
    ],
)
def test_allowed_types_by_content(inhalt: bytes, typ: str) -> None:
    datei = dateien.lesen(0, _roh(inhalt, "egal.txt"), 1000)
    assert isinstance(datei, dateien.Datei) and datei.medientyp == typ


@pytest.mark.parametrize(
    ("roh", "code"),
    [
        (_roh(b"GIF89a"), "dateityp_nicht_erlaubt"),
        (_roh(b"<html>", "a.pdf"), "dateityp_nicht_erlaubt"),
        (_roh(b""), "leere_datei"),
        ({"dateiname": "a.pdf", "inhalt": "kein base64!"}, "base64_ungueltig"),
        ({"dateiname": "", "inhalt": "JVBERi0="}, "dateiname_ungueltig"),
        ({"dateiname": 3, "inhalt": "JVBERi0="}, "dateiname_ungueltig"),
        ("keine datei", "base64_ungueltig"),
    ],
)
def test_refused_files_name_the_reason(roh: object, code: str) -> None:
    with pytest.raises(dateien.DateiUngueltig) as fehler:
        dateien.lesen(2, roh, 1000)
    assert (fehler.value.index, fehler.value.code) == (2, code)


def test_a_file_over_the_limit_is_kept_as_too_large_without_decoding_it_all() -> None:
    gross = dateien.lesen(0, _roh(b"%PDF-1.4" + b"0" * 5000, "gross.pdf"), 1000)
    assert gross == ("gross.pdf", "application/pdf", pytest.approx(5008, abs=3))


def test_file_names_lose_paths_and_controls() -> None:
    assert dateien.dateiname("../../etc/passwd") == ".._.._etc_passwd"
    assert dateien.dateiname("a\x00b.pdf") == "a_b.pdf"
