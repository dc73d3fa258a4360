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

from gateway_test_support import gateway_process  # noqa: E402

from kernel.testing import ServiceProcess  # noqa: E402


@pytest.fixture(scope="session")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    """Embedded mode with limits high enough for every test to log in from 127.0.0.1."""
    with gateway_process(
        tmp_path_factory.mktemp("gateway"),
        SOZ_GATEWAY_LIMIT_LOGIN_IP="1000/60",
        SOZ_GATEWAY_LIMIT_SIGNUP_IP="1000/60",
    ) as process:
        yield process
