"""Settings from the environment (gateway.config)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from gateway.config import DOWNSTREAM_DEFAULT, ConfigurationError, GatewaySettings, Limit, Mode

OIDC = {
    "SOZ_GATEWAY_OIDC_ISSUER": "https://id.example.org/realms/buerger/",
    "SOZ_GATEWAY_OIDC_CLIENT_ID": "sozialplattform",
    "SOZ_GATEWAY_OIDC_CLIENT_SECRET": "s3cr3t",
}


def test_embedded_defaults_keep_a_generated_secret_readable_by_the_owner_only(
    tmp_path: Path,
) -> None:
    erste = GatewaySettings.from_env(tmp_path, env={})
    zweite = GatewaySettings.from_env(tmp_path, env={})

    assert erste.mode is Mode.EMBEDDED and erste.local_accounts
    assert erste.secret == zweite.secret and len(erste.secret) == 32
    assert stat.S_IMODE((tmp_path / "gateway-secret").stat().st_mode) == 0o600
    assert erste.downstream == DOWNSTREAM_DEFAULT and erste.rpc_timeout == 5
    assert {"zustaendigkeit", "antrag", "finder"} <= set(DOWNSTREAM_DEFAULT)
    assert erste.anlage_max_bytes == 11 * 1024 * 1024 and erste.anlage_rpc_timeout == 30
    assert erste.cache_entries == 20000 and erste.cache_check_seconds == 2
    assert erste.limit_login_account == Limit(5, 900)


def test_production_needs_an_identity_provider_and_a_secret(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="OIDC"):
        GatewaySettings.from_env(tmp_path, env={"SOZ_GATEWAY_MODE": "production"})
    with pytest.raises(ConfigurationError, match="SOZ_GATEWAY_SECRET"):
        GatewaySettings.from_env(tmp_path, env={"SOZ_GATEWAY_MODE": "production", **OIDC})

    settings = GatewaySettings.from_env(
        tmp_path,
        env={"SOZ_GATEWAY_MODE": "production", "SOZ_GATEWAY_SECRET": "cd" * 32, **OIDC},
    )
    assert not settings.local_accounts
    assert (
        settings.oidc is not None
        and settings.oidc.issuer == "https://id.example.org/realms/buerger"
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("SOZ_GATEWAY_MODE", "staging", "embedded or production"),
        ("SOZ_GATEWAY_SECRET", "zu-kurz", "at least 32"),
        ("SOZ_GATEWAY_LIMIT_LOGIN_IP", "viele", "20/300"),
        ("SOZ_GATEWAY_RPC_TIMEOUT", "-1", "positive"),
        ("SOZ_GATEWAY_TRUSTED_PROXIES", "eins", "whole number"),
        ("SOZ_GATEWAY_OIDC_ISSUER", "https://id.example.org", "CLIENT_ID"),
    ],
)
def test_a_bad_setting_is_named(tmp_path: Path, name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        GatewaySettings.from_env(tmp_path, env={name: value})


def test_downstream_services_come_from_configuration(tmp_path: Path) -> None:
    settings = GatewaySettings.from_env(
        tmp_path, env={"SOZ_GATEWAY_DOWNSTREAM": "zustaendigkeit, antrag,"}
    )
    assert settings.downstream == ("zustaendigkeit", "antrag")
    alleine = GatewaySettings.from_env(tmp_path, env={"SOZ_GATEWAY_DOWNSTREAM": ""})
    assert alleine.downstream == ()
