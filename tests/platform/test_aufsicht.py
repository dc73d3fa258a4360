"""`make run`'s supervisor keeps the platform serving when a service dies (issue 10, finding 8;
docs/adr/0072): it starts the dead service again after a back-off, leaves the others alone,
gives up loudly on one that keeps dying, and still stops everything on SIGTERM.

The process tests supervise two XTA2 counterparts (plain programs of services.txt, up in about a
second each) so that they stay short; tests/platform/test_fehler_plattform.py kills each service
of the real platform.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import deque
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aufsicht import SUPERVISOR, Aufsicht, Dienst, lebt  # noqa: E402

from kernel.testing import virtual_host  # noqa: E402


def _run_platform():  # noqa: ANN202 - a module loaded from its path (scripts/ is no package)
    spec = importlib.util.spec_from_file_location("run_platform_aufsicht", SUPERVISOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


run_platform = _run_platform()
AMQP_URI = "pyamqp://guest:guest@127.0.0.1:5672/"
ZWEI_GEGENSTELLEN = [
    Dienst("gegenstelle-a", "python:xta2_gegenstelle"),
    Dienst("gegenstelle-b", "python:xta2_gegenstelle"),
]


def test_the_back_off_doubles_from_one_second_and_gives_up_at_the_fifth_crash_in_a_minute() -> None:
    regel = run_platform.RestartPolicy()
    absturz: deque[float] = deque()
    wartezeiten = [regel.after_crash(absturz, zeit) for zeit in (0.0, 2.0, 6.0, 14.0, 30.0)]
    assert wartezeiten == [1.0, 2.0, 4.0, 8.0, None]


def test_crashes_older_than_the_window_are_forgotten_and_the_wait_is_capped() -> None:
    regel = run_platform.RestartPolicy(first_delay=1.0, max_delay=5.0, limit=10, window=60.0)
    absturz: deque[float] = deque()
    assert [regel.after_crash(absturz, zeit) for zeit in (0, 1, 2, 3, 4)] == [1, 2, 4, 5, 5]
    # A service that then ran for more than a minute starts from the first wait again.
    assert regel.after_crash(absturz, 70.0) == 1.0
    assert list(absturz) == [70.0]


def test_an_operations_port_is_a_fourth_column_and_no_port_may_be_listed_twice(
    tmp_path: Path,
) -> None:
    datei = tmp_path / "services.txt"
    datei.write_text("gateway 8000 gateway.service:GatewayService 9000\nantrag 8002 antrag.x\n")
    gateway, antrag = run_platform.read_services(datei)
    assert (gateway.port, gateway.ops_port, gateway.operations_port) == (8000, 9000, 9000)
    assert (antrag.ops_port, antrag.operations_port) == (None, 8002)
    umgebung = run_platform.service_environment(gateway, {}, "pyamqp://x/", {})
    assert umgebung["SOZ_OPS_PORT"] == "9000"
    assert "SOZ_OPS_PORT" not in run_platform.service_environment(antrag, {}, "pyamqp://x/", {})

    datei.write_text("gateway 8000 gateway.service:GatewayService 8002\nantrag 8002 antrag.x\n")
    with pytest.raises(run_platform.PlatformError, match="port listed more than once: 8002"):
        run_platform.read_services(datei)
    datei.write_text("gateway 8000 gateway.service:GatewayService neun\n")
    with pytest.raises(run_platform.PlatformError, match="services.txt:1: expected"):
        run_platform.read_services(datei)


@pytest.mark.rabbitmq
@pytest.mark.slow
def test_a_killed_service_is_started_again_and_the_others_keep_serving(tmp_path: Path) -> None:
    with virtual_host(AMQP_URI, "aufsicht") as amqp_uri:
        aufsicht = Aufsicht(tmp_path, ZWEI_GEGENSTELLEN, amqp_uri=amqp_uri).starten()
        try:
            anderer = aufsicht.pid("gegenstelle-b")
            stand = len(aufsicht.text())
            getoetet = aufsicht.toeten("gegenstelle-a")

            assert aufsicht.warten_auf("gegenstelle-a is ready again", 30, stand), aufsicht.logs()
            meldungen = aufsicht.text()[stand:]
            assert f"gegenstelle-a (pid {getoetet}) was killed by SIGKILL; restarting it in 1s" in (
                meldungen
            )
            assert str(tmp_path / "var" / "log" / "gegenstelle-a.log") in meldungen
            assert aufsicht.pid("gegenstelle-a") != getoetet
            assert aufsicht.bereit("gegenstelle-a") and aufsicht.bereit("gegenstelle-b")
            assert aufsicht.pid("gegenstelle-b") == anderer and lebt(anderer)
            assert aufsicht.laeuft()
        finally:
            code = aufsicht.stoppen()
    assert code == 0, aufsicht.logs()


@pytest.mark.rabbitmq
@pytest.mark.slow
def test_a_service_that_keeps_dying_is_given_up_loudly_and_the_rest_serve_on(
    tmp_path: Path,
) -> None:
    with virtual_host(AMQP_URI, "aufsicht") as amqp_uri:
        aufsicht = Aufsicht(
            tmp_path, ZWEI_GEGENSTELLEN, amqp_uri=amqp_uri, argumente=["--restart-limit", "2"]
        ).starten()
        try:
            stand = len(aufsicht.text())
            aufsicht.toeten("gegenstelle-a")
            assert aufsicht.warten_auf("gegenstelle-a is ready again", 30, stand), aufsicht.logs()
            zweiter = aufsicht.toeten("gegenstelle-a")

            assert aufsicht.warten_auf("GIVING UP on gegenstelle-a", 10, stand), aufsicht.logs()
            meldungen = aufsicht.text()[stand:]
            assert "was killed by SIGKILL, 2 crashes within 60s. It stays stopped" in meldungen
            assert f"Its log is {tmp_path / 'var' / 'log' / 'gegenstelle-a.log'}" in meldungen
            # Given up means left stopped: no further start, the other one still serves.
            assert not aufsicht.warten_auf("started gegenstelle-a", 3, len(aufsicht.text()))
            assert aufsicht.pid("gegenstelle-a") == zweiter and not lebt(zweiter)
            assert not aufsicht.bereit("gegenstelle-a")
            assert aufsicht.bereit("gegenstelle-b") and aufsicht.laeuft()
        finally:
            anderer = aufsicht.pid("gegenstelle-b")
            code = aufsicht.stoppen()
    assert code == 0, aufsicht.logs()
    assert not lebt(anderer)
    assert "SIGTERM received" in aufsicht.text()
