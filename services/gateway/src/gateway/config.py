"""The gateway's settings, read once from the environment (the kernel's SOZ_* variables apply too).

| variable | default | meaning |
| --- | --- | --- |
| SOZ_GATEWAY_MODE | embedded | `embedded`: local accounts; `production`: OpenID Connect only |
| SOZ_GATEWAY_SECRET | (embedded: made in SOZ_DATA_DIR/gateway-secret) | 32+ bytes, hex/base64 |
| SOZ_OPS_PORT | (required) | /health/*, /metrics: this port only, never the public one (ADR 0073) |
| SOZ_GATEWAY_DOWNSTREAM | (see DOWNSTREAM_DEFAULT) | services readiness waits for (empty: none) |
| SOZ_GATEWAY_RPC_TIMEOUT | 5 | seconds an RPC may take before the person sees a 503 |
| SOZ_GATEWAY_ANLAGE_MAX_BYTES | 11534336 | an upload's size (all files of one request), 413 above |
| SOZ_GATEWAY_ANLAGE_RPC_TIMEOUT | 30 | seconds antrag may take to check and convert an upload |
| SOZ_GATEWAY_READY_TIMEOUT | 1 | seconds each downstream service has to answer readiness |
| SOZ_GATEWAY_CACHE_ENTRIES | 20000 | answers kept per service of ZWISCHENSPEICHERBAR (0: none) |
| SOZ_GATEWAY_CACHE_CHECK_SECONDS | 2 | how often the answer version of those services is read |
| SOZ_GATEWAY_SESSION_IDLE_SECONDS | 1800 | a session ends after this long without a request |
| SOZ_GATEWAY_SESSION_MAX_SECONDS | 43200 | and in any case this long after login |
| SOZ_GATEWAY_SESSION_WARNING_SECONDS | 300 | with JavaScript: a notice this long before the end |
| SOZ_GATEWAY_KEPT_INPUT_SECONDS | 3600 | a form sent after the session ended waits this long |
| SOZ_GATEWAY_LIMIT_LOGIN_IP | 30/300 | login attempts per client address per window (n/seconds) |
| SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT_IP | 5/900 | failed logins per account from one client address |
| SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT | 5/900 | failed logins per account per window |
| SOZ_GATEWAY_LIMIT_SIGNUP_IP | 60/3600 | sign-ups per client address per window (shelters...) |
| SOZ_GATEWAY_LIMIT_SIGNUP_EMAIL | 3/3600 | sign-ups per e-mail address per window |
| SOZ_GATEWAY_LIMIT_RESET_IP, _RESET_EMAIL | 30/3600, 3/3600 | password reset mails |
| SOZ_GATEWAY_TRUSTED_PROXIES | 0 | reverse proxies in front (their X-Forwarded-For counts) |
| SOZ_GATEWAY_PUBLIC_URL | (from the request) | https://… of the portal, for OIDC redirects |
| SOZ_GATEWAY_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET | (production: required) | the provider |
| SOZ_GATEWAY_OIDC_SCOPES | openid | space-separated |
| SOZ_GATEWAY_OPERATOR_FILE | (none) | JSON with the operator's details for imprint and statements |
| SOZ_GATEWAY_LIMIT_RESET_IP | 30/3600 | requests for a password reset link per client address |
| SOZ_GATEWAY_LIMIT_RESET_EMAIL | 3/3600 | and per email address (and address changes per account) |
| SOZ_GATEWAY_RESET_LINK_SECONDS | 1800 | how long a reset link holds (used once) |
| SOZ_GATEWAY_EMAIL_LINK_SECONDS | 86400 | how long the link confirming a new address holds |
| SOZ_SMTP_* | (kernel.mail) | the relay mails go to; embedded: make run's sink on 127.0.0.1:8025 |
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import secrets
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from gateway.adapters.zwischenspeicher import Zwischenspeicherbar

# The services the gateway calls by RPC; /health/ready asks each of them. Add a service here (or
# set SOZ_GATEWAY_DOWNSTREAM) when the gateway starts calling it.
DOWNSTREAM_DEFAULT: tuple[str, ...] = ("zustaendigkeit", "antrag", "finder", "postkorb", "termine")

# Services whose answers the gateway may keep until their answer version changes: the service's
# promise, not a rule of the gateway (docs/adr/0015).
ZWISCHENSPEICHERBAR: dict[str, Zwischenspeicherbar] = {
    "zustaendigkeit": Zwischenspeicherbar(
        stand_methode="stand",
        methoden=frozenset({"ermitteln", "fuer_wohnort", "jobcenter"}),
        fehler=frozenset({"UngueltigeEingabe", "PlzUnbekannt", "OrtUnbekannt"}),
    ),
}

SECRET_FILE = "gateway-secret"
MIN_SECRET_BYTES = 32


class ConfigurationError(Exception):
    """A setting is missing or malformed; the message names the variable and what it expects."""


class Mode(StrEnum):
    EMBEDDED = "embedded"
    PRODUCTION = "production"


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts per ``seconds`` (a fixed window)."""

    count: int
    seconds: float

    @classmethod
    def parse(cls, variable: str, text: str) -> Limit:
        count, _, seconds = text.partition("/")
        try:
            limit = cls(int(count), float(seconds))
        except ValueError:
            raise ConfigurationError(f"{variable} must look like 20/300, got {text!r}") from None
        if limit.count < 1 or limit.seconds <= 0:
            raise ConfigurationError(f"{variable} needs a positive count and window")
        return limit


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    scopes: str = "openid"


@dataclass(frozen=True)
class Operator:
    """Who runs this instance (per Land): shown in the imprint, privacy and accessibility pages."""

    name: str
    address: str
    email: str
    phone: str | None = None
    represented_by: str | None = None
    data_protection_officer: str | None = None
    supervisory_authority: str | None = None
    enforcement_body: str | None = None
    enforcement_body_url: str | None = None

    @classmethod
    def load(cls, path: Path) -> Operator:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except (OSError, ValueError, TypeError) as error:
            raise ConfigurationError(
                f"SOZ_GATEWAY_OPERATOR_FILE {path}: cannot read the operator's details "
                f"({type(error).__name__}); expected a JSON object with name, address, email"
            ) from None


@dataclass(frozen=True)
class GatewaySettings:
    mode: Mode
    secret: bytes
    downstream: tuple[str, ...]
    rpc_timeout: float
    ready_timeout: float
    cache_entries: int
    cache_check_seconds: float
    session_idle_seconds: float
    session_max_seconds: float
    # Login and sign-up limits (docs/adr/0070): refuse the address that failed, slow down the
    # account, never refuse the right password from an address that has not failed.
    limit_login_ip: Limit  # failed logins per client address, all accounts
    limit_login_account_ip: Limit  # failed logins per account and client address
    limit_login_account: Limit  # failed logins per account from any address: then slowed
    login_delay_max_seconds: float
    limit_signup_ip: Limit  # sign-ups per client address (shared addresses: set it high)
    limit_signup_email: Limit  # sign-ups per email address, from any client address
    trusted_proxies: int
    public_url: str | None
    oidc: OidcSettings | None
    operator: Operator | None
    # Uploads travel to antrag inside one RPC message as base64 (4/3 of the size): 11 MiB stays
    # below 16 MiB, RabbitMQ 4's default max_message_size (docs/adr/0027).
    anlage_max_bytes: int = 11 * 1024 * 1024
    anlage_rpc_timeout: float = 30.0
    # Where JavaScript runs, the page warns this long before the session ends (docs/adr/0081).
    session_warning_seconds: float = 300.0
    # What a person sent after their session ended waits this long for their login (ADR 0080).
    kept_input_seconds: float = 3600.0
    # The account by mail (docs/adr/0091): requests for a reset link per client address and
    # per email address, and how long a mailed link holds.
    limit_reset_ip: Limit = Limit(30, 3600)
    limit_reset_email: Limit = Limit(3, 3600)
    reset_link_seconds: float = 1800.0
    email_link_seconds: float = 86400.0

    @property
    def local_accounts(self) -> bool:
        return self.mode is Mode.EMBEDDED

    @classmethod
    def from_env(cls, data_dir: Path, env: dict[str, str] | None = None) -> GatewaySettings:
        source = os.environ if env is None else env

        def get(name: str, default: str = "") -> str:
            return source.get(name, "").strip() or default

        def number(name: str, default: str) -> float:
            text = get(name, default)
            try:
                value = float(text)
            except ValueError:
                raise ConfigurationError(f"{name} must be a number, got {text!r}") from None
            if value <= 0:
                raise ConfigurationError(f"{name} must be positive, got {text!r}")
            return value

        def whole_number(name: str, default: str) -> int:
            text = get(name, default)
            if not text.isdigit():
                raise ConfigurationError(f"{name} must be a whole number >= 0, got {text!r}")
            return int(text)

        try:
            mode = Mode(get("SOZ_GATEWAY_MODE", Mode.EMBEDDED))
        except ValueError:
            raise ConfigurationError("SOZ_GATEWAY_MODE must be embedded or production") from None
        oidc = None
        if get("SOZ_GATEWAY_OIDC_ISSUER"):
            oidc = OidcSettings(
                issuer=get("SOZ_GATEWAY_OIDC_ISSUER").rstrip("/"),
                client_id=get("SOZ_GATEWAY_OIDC_CLIENT_ID"),
                client_secret=get("SOZ_GATEWAY_OIDC_CLIENT_SECRET"),
                scopes=get("SOZ_GATEWAY_OIDC_SCOPES", "openid"),
            )
            if not oidc.client_id or not oidc.client_secret:
                raise ConfigurationError(
                    "SOZ_GATEWAY_OIDC_CLIENT_ID and SOZ_GATEWAY_OIDC_CLIENT_SECRET are required "
                    "with SOZ_GATEWAY_OIDC_ISSUER"
                )
        if mode is Mode.PRODUCTION and oidc is None:
            raise ConfigurationError(
                "SOZ_GATEWAY_MODE=production needs SOZ_GATEWAY_OIDC_ISSUER, _CLIENT_ID and "
                "_CLIENT_SECRET: production has no local accounts"
            )
        operator_file = get("SOZ_GATEWAY_OPERATOR_FILE")
        # Set but empty means: readiness waits for no service (a gateway alone, in tests).
        downstream = source.get("SOZ_GATEWAY_DOWNSTREAM", ",".join(DOWNSTREAM_DEFAULT))
        return cls(
            mode=mode,
            secret=_secret(get("SOZ_GATEWAY_SECRET"), mode, data_dir),
            downstream=tuple(name.strip() for name in downstream.split(",") if name.strip()),
            rpc_timeout=number("SOZ_GATEWAY_RPC_TIMEOUT", "5"),
            ready_timeout=number("SOZ_GATEWAY_READY_TIMEOUT", "1"),
            cache_entries=whole_number("SOZ_GATEWAY_CACHE_ENTRIES", "20000"),
            cache_check_seconds=number("SOZ_GATEWAY_CACHE_CHECK_SECONDS", "2"),
            session_idle_seconds=number("SOZ_GATEWAY_SESSION_IDLE_SECONDS", "1800"),
            session_max_seconds=number("SOZ_GATEWAY_SESSION_MAX_SECONDS", "43200"),
            limit_login_ip=Limit.parse(
                "SOZ_GATEWAY_LIMIT_LOGIN_IP", get("SOZ_GATEWAY_LIMIT_LOGIN_IP", "30/300")
            ),
            limit_login_account_ip=Limit.parse(
                "SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT_IP",
                get("SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT_IP", "5/900"),
            ),
            limit_login_account=Limit.parse(
                "SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT", get("SOZ_GATEWAY_LIMIT_LOGIN_ACCOUNT", "5/900")
            ),
            login_delay_max_seconds=number("SOZ_GATEWAY_LOGIN_DELAY_MAX_SECONDS", "8"),
            limit_signup_ip=Limit.parse(
                "SOZ_GATEWAY_LIMIT_SIGNUP_IP", get("SOZ_GATEWAY_LIMIT_SIGNUP_IP", "60/3600")
            ),
            limit_signup_email=Limit.parse(
                "SOZ_GATEWAY_LIMIT_SIGNUP_EMAIL", get("SOZ_GATEWAY_LIMIT_SIGNUP_EMAIL", "3/3600")
            ),
            trusted_proxies=whole_number("SOZ_GATEWAY_TRUSTED_PROXIES", "0"),
            public_url=get("SOZ_GATEWAY_PUBLIC_URL").rstrip("/") or None,
            oidc=oidc,
            operator=Operator.load(Path(operator_file)) if operator_file else None,
            anlage_max_bytes=whole_number("SOZ_GATEWAY_ANLAGE_MAX_BYTES", str(11 * 1024 * 1024)),
            anlage_rpc_timeout=number("SOZ_GATEWAY_ANLAGE_RPC_TIMEOUT", "30"),
            session_warning_seconds=number("SOZ_GATEWAY_SESSION_WARNING_SECONDS", "300"),
            kept_input_seconds=number("SOZ_GATEWAY_KEPT_INPUT_SECONDS", "3600"),
            limit_reset_ip=Limit.parse(
                "SOZ_GATEWAY_LIMIT_RESET_IP", get("SOZ_GATEWAY_LIMIT_RESET_IP", "30/3600")
            ),
            limit_reset_email=Limit.parse(
                "SOZ_GATEWAY_LIMIT_RESET_EMAIL", get("SOZ_GATEWAY_LIMIT_RESET_EMAIL", "3/3600")
            ),
            reset_link_seconds=number("SOZ_GATEWAY_RESET_LINK_SECONDS", "1800"),
            email_link_seconds=number("SOZ_GATEWAY_EMAIL_LINK_SECONDS", "86400"),
        )


def _secret(configured: str, mode: Mode, data_dir: Path) -> bytes:
    """The master secret. Production must configure it; the embedded default keeps a generated
    one in the data directory, readable by the owner only, so restarts keep sessions and the
    account lookup keys (docs/adr/0022)."""
    if configured:
        return _decode_secret(configured)
    if mode is Mode.PRODUCTION:
        raise ConfigurationError("SOZ_GATEWAY_SECRET is required in production mode")
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(MIN_SECRET_BYTES))
    return _decode_secret(path.read_text().strip())


def _decode_secret(text: str) -> bytes:
    for decode in (bytes.fromhex, base64.b64decode):
        try:
            secret = decode(text)
        except (ValueError, binascii.Error):
            continue
        if len(secret) >= MIN_SECRET_BYTES:
            return secret
    raise ConfigurationError(
        f"SOZ_GATEWAY_SECRET must be at least {MIN_SECRET_BYTES} random bytes, hex or base64"
    )
