"""kernel.schriften: where the PDFs' font is, and a clear refusal when it is not there."""

from __future__ import annotations

import pytest

from kernel import schriften


def test_the_font_is_found_where_setup_installs_it(monkeypatch):
    monkeypatch.delenv("SOZ_SCHRIFTEN_DIR", raising=False)
    for name in (schriften.NORMAL, schriften.FETT):
        pfad = schriften.datei(name)
        assert pfad.is_file() and pfad.read_bytes()[:4] == b"\x00\x01\x00\x00"  # TrueType


def test_a_missing_font_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setenv("SOZ_SCHRIFTEN_DIR", str(tmp_path))
    with pytest.raises(schriften.SchriftFehlt) as fehler:
        schriften.datei(schriften.NORMAL)
    assert "fonts-dejavu-core" in str(fehler.value) and str(tmp_path) in str(fehler.value)
    (tmp_path / "DejaVuSans.ttf").write_bytes(b"\x00\x01\x00\x00")
    assert schriften.datei(schriften.NORMAL) == tmp_path / "DejaVuSans.ttf"
