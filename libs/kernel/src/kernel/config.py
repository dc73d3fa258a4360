"""Configuration from environment variables; embedded defaults: SQLite in var/, local RabbitMQ."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _env(name: str, default: str) -> str:
    value = os.environ.get(name, "").strip()
    return value or default


@dataclass(frozen=True)
class Settings:
    service_name: str
    data_dir: Path
    database_url: str
    keystore_url: str
    amqp_uri: str
    http_port: int
    log_level: str
    # Seconds a data key found in the key store is kept in the process (0: not at all).
    data_key_cache_seconds: float = 30.0
    # PostgreSQL connections per pool (and as many more at peak): a service process has a
    # write and a read pool for its events; the key store gets a small pair of its own.
    database_pool_size: int = 5
    # The broker user of the gateway: only RPC requests it published may act for a person
    # (docs/adr/0074). guest is the user of the default AMQP URI, where every process is guest
    # and nothing can be told apart; `make run` and production give each service its own user.
    gateway_broker_user: str = "guest"

    @classmethod
    def from_env(cls, service_name: str | None = None) -> Settings:
        name = service_name or _env("SOZ_SERVICE_NAME", "kernel")
        data_dir = Path(_env("SOZ_DATA_DIR", "var")).resolve()
        file_stem = name.replace("-", "_")
        return cls(
            service_name=name,
            data_dir=data_dir,
            database_url=_env("SOZ_DATABASE_URL", f"sqlite:///{data_dir / file_stem}.db"),
            # Data keys live apart from the events: another database (crypto-shredding).
            keystore_url=_env("SOZ_KEYSTORE_URL", f"sqlite:///{data_dir / file_stem}-keys.db"),
            amqp_uri=_env("SOZ_AMQP_URI", "pyamqp://guest:guest@127.0.0.1:5672/"),
            http_port=int(_env("SOZ_HTTP_PORT", "0")),
            log_level=_env("SOZ_LOG_LEVEL", "INFO"),
            data_key_cache_seconds=float(_env("SOZ_DATA_KEY_CACHE_SECONDS", "30")),
            database_pool_size=int(_env("SOZ_DATABASE_POOL_SIZE", "5")),
            gateway_broker_user=_env("SOZ_GATEWAY_BROKER_USER", "guest"),
        )
