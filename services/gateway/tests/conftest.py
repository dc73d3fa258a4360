"""Fixtures of the gateway's tests: the gateway as a real `nameko run` process."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# Test helpers (probe service, OIDC provider, HTTP client) import by plain name, here and in
# the `nameko run` processes the tests start (PYTHONPATH).
SUPPORT = Path(__file__).parent / "support"
sys.path.insert(0, str(SUPPORT))

from gateway_antrag_plattform import Plattform  # noqa: E402
from gateway_antrag_plattform import antrag_plattform as antrag_plattform_starten  # noqa: E402
from gateway_finder_plattform import FinderPlattform, finder_plattform  # noqa: E402
from gateway_termine_plattform import TerminePlattform, termine_plattform  # noqa: E402
from gateway_test_support import dienstname, gateway_process, zustaendigkeit_process  # noqa: E402

from kernel.testing import ServiceProcess  # noqa: E402


@pytest.fixture(scope="session")
def zustaendigkeit_name() -> str:
    return dienstname("zustaendigkeit")


@pytest.fixture(scope="session")
def zustaendigkeit(
    tmp_path_factory: pytest.TempPathFactory, zustaendigkeit_name: str
) -> Iterator[ServiceProcess]:
    """The real zustaendigkeit service (real data; Main-Kinzig-Kreis connected)."""
    with zustaendigkeit_process(
        tmp_path_factory.mktemp("zustaendigkeit"), zustaendigkeit_name
    ) as process:
        yield process


@pytest.fixture(scope="session")
def gateway(
    tmp_path_factory: pytest.TempPathFactory,
    zustaendigkeit: ServiceProcess,
    zustaendigkeit_name: str,
) -> Iterator[ServiceProcess]:
    """Embedded mode with limits high enough for every test to log in from 127.0.0.1, calling
    this run's zustaendigkeit service."""
    with gateway_process(
        tmp_path_factory.mktemp("gateway"),
        SOZ_GATEWAY_DOWNSTREAM="zustaendigkeit",
        TEST_DIENSTNAMEN=f"zustaendigkeit={zustaendigkeit_name}",
        SOZ_GATEWAY_LIMIT_LOGIN_IP="1000/60",
        SOZ_GATEWAY_LIMIT_SIGNUP_IP="1000/60",
    ) as process:
        yield process


@pytest.fixture(scope="session")
def antrag_plattform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Plattform]:
    """Gateway, antrag and zustaendigkeit in a RabbitMQ virtual host of their own (the event
    flow between them is real); for the application tests (API and browser)."""
    ordner = tmp_path_factory.mktemp("antrag-plattform")
    # A small upload limit, so the 413 is cheap to test.
    with antrag_plattform_starten(ordner, SOZ_GATEWAY_ANLAGE_MAX_BYTES="2097152") as plattform:
        yield plattform


@pytest.fixture(scope="session")
def finder_plattform_dienste(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FinderPlattform]:
    """Gateway, finder and zustaendigkeit in a RabbitMQ virtual host of their own; for the
    Sozialleistungsfinder's tests (API and browser)."""
    with finder_plattform(tmp_path_factory.mktemp("finder-plattform")) as plattform:
        yield plattform


@pytest.fixture(scope="session")
def termine_attrappe_plattform(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[TerminePlattform]:
    """The gateway in front of the termine stand-in (gateway_termine_attrappe); for the
    appointment tests (API, pages, browser), which each take the free times as they find them."""
    with termine_plattform(tmp_path_factory.mktemp("termine-plattform")) as plattform:
        yield plattform
