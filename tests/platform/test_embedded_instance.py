"""`make run`'s per-instance settings (deploy/embedded/instance.env, read by
scripts/run_platform.py): the format, who wins, and that the embedded default's connected zkT are
real zkT of the reference data."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from zustaendigkeit import konfiguration
from zustaendigkeit.adapters import quelldateien
from zustaendigkeit.domain.referenzdaten import aufloesen

ROOT = Path(__file__).resolve().parents[2]
INSTANCE_ENV = ROOT / "deploy" / "embedded" / "instance.env"


def _run_platform():  # noqa: ANN202 - a module loaded from its path (scripts/ is no package)
    spec = importlib.util.spec_from_file_location(
        "run_platform", ROOT / "scripts" / "run_platform.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


run_platform = _run_platform()


def test_settings_are_name_value_lines_with_comments_and_optional_quotes(tmp_path: Path) -> None:
    datei = tmp_path / "instance.env"
    datei.write_text(
        "# a comment\n\nSOZ_A=1,2\n  SOZ_B = 'mit Leerzeichen'  \nSOZ_C=\"x=y\"\nSOZ_D=\n"
    )

    assert run_platform.read_instance_settings(datei) == {
        "SOZ_A": "1,2",
        "SOZ_B": "mit Leerzeichen",
        "SOZ_C": "x=y",
        "SOZ_D": "",
    }
    assert run_platform.read_instance_settings(tmp_path / "fehlt.env") == {}


@pytest.mark.parametrize(
    ("zeile", "meldung"),
    [("export SOZ_A=1", "expected 'NAME=value'"), ("soz_a=1", "expected"), ("SOZ_A", "expected")],
)
def test_a_malformed_line_is_named_with_its_number(
    tmp_path: Path, zeile: str, meldung: str
) -> None:
    datei = tmp_path / "instance.env"
    datei.write_text(f"# first\n{zeile}\n")
    with pytest.raises(run_platform.PlatformError, match=f"instance.env:2: {meldung}"):
        run_platform.read_instance_settings(datei)


def test_a_name_set_twice_is_refused(tmp_path: Path) -> None:
    datei = tmp_path / "instance.env"
    datei.write_text("SOZ_A=1\nSOZ_A=2\n")
    with pytest.raises(run_platform.PlatformError, match="SOZ_A is set twice"):
        run_platform.read_instance_settings(datei)


def test_the_real_environment_wins_and_the_supervisor_s_own_variables_win_over_both() -> None:
    spec = run_platform.ServiceSpec("zustaendigkeit", 8004, "zustaendigkeit.service:X")
    umgebung = run_platform.service_environment(
        spec,
        {"SOZ_ANGEBUNDENE_ZKT": "43102", "SOZ_X": "datei", "SOZ_HTTP_PORT": "1"},
        "pyamqp://broker/",
        {"SOZ_ANGEBUNDENE_ZKT": "68410", "PATH": "/bin"},
    )
    assert umgebung["SOZ_ANGEBUNDENE_ZKT"] == "68410"
    assert umgebung["SOZ_X"] == "datei"
    assert umgebung["SOZ_HTTP_PORT"] == "8004" and umgebung["SOZ_AMQP_URI"] == "pyamqp://broker/"
    assert umgebung["PATH"] == "/bin"


def test_the_embedded_instance_connects_real_zkt_of_the_reference_data() -> None:
    settings = run_platform.read_instance_settings(INSTANCE_ENV)
    anbindung = konfiguration.anbindung_aus_umgebung(settings)
    assert anbindung.angebundene_zkt == {"43102", "45902", "41110"}

    verzeichnis = quelldateien.standard_verzeichnis()
    fehlend = quelldateien.fehlende_dateien(verzeichnis)
    if fehlend:
        pytest.fail(quelldateien.meldung_fehlende(verzeichnis, fehlend))
    konfiguration.anbindung_pruefen(anbindung, aufloesen(quelldateien.lesen(verzeichnis)))
