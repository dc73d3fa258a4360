"""Fixtures of the unit tests: the gateway's use cases on SQLite in a temporary directory, with
a clock the test moves and cheap password hashing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from gateway.adapters.passwort import PasswortHasher
from gateway.bootstrap import bootstrap
from gateway.config import GatewaySettings
from gateway.konten import Konten
from gateway.sicherheit import Schluessel
from kernel.application import Application
from kernel.config import Settings

SECRET = "ab" * 32


class Uhr:
    def __init__(self) -> None:
        self.jetzt = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.jetzt

    def weiter(self, **delta: float) -> None:
        self.jetzt += timedelta(**delta)


def gateway_settings(data_dir: Path, **env: str) -> GatewaySettings:
    return GatewaySettings.from_env(
        data_dir,
        env={
            "SOZ_GATEWAY_SECRET": SECRET,
            "SOZ_GATEWAY_SESSION_IDLE_SECONDS": "1800",
            "SOZ_GATEWAY_SESSION_MAX_SECONDS": "43200",
            **env,
        },
    )


@pytest.fixture
def application(tmp_path: Path) -> Iterator[Application]:
    settings = Settings(
        service_name="gateway",
        data_dir=tmp_path,
        database_url=f"sqlite:///{tmp_path / 'gateway.db'}",
        keystore_url=f"sqlite:///{tmp_path / 'gateway-keys.db'}",
        amqp_uri="",
        http_port=0,
        log_level="INFO",
    )
    app = bootstrap(settings)
    app.create_schema()
    yield app
    app.close()


@pytest.fixture
def uhr() -> Uhr:
    return Uhr()


@pytest.fixture
def make_konten(application: Application, uhr: Uhr, tmp_path: Path):  # noqa: ANN201
    def make(**env: str) -> Konten:
        konten = Konten(
            application,
            gateway_settings(tmp_path, **env),
            Schluessel(bytes.fromhex(SECRET)),
            PasswortHasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)),
            uhr=uhr,
        )
        konten.create_schema()
        return konten

    return make


@pytest.fixture
def konten(make_konten) -> Konten:  # noqa: ANN001
    return make_konten()
