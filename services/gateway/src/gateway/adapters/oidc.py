"""OpenID Connect login (production mode): authorization code flow with PKCE, state and nonce.

Authlib builds the authorization request and exchanges the code; joserfc checks the ID token's
signature against the provider's published keys and its claims (iss, aud, exp, nonce, sub).
The provider is found through its discovery document
(``<issuer>/.well-known/openid-configuration``); the document and the keys are cached, the keys
fetched again when a token names an unknown one.

The state of a login in flight (state, nonce, PKCE verifier) is kept by the browser in a signed,
short-lived cookie, so the gateway stores nothing for logins that are never completed.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import requests
import structlog
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session
from authlib.oauth2.rfc6749.errors import OAuth2Error
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError, MissingKeyError
from joserfc.jwk import KeySet

from gateway.config import OidcSettings
from gateway.fehler import AnbieterAnmeldungFehlgeschlagen, DienstNichtVerfuegbar

log = structlog.get_logger("gateway.oidc")

ANBIETER = "identitaetsanbieter"  # the name in DienstNichtVerfuegbar
CACHE_SECONDS = 3600
HTTP_TIMEOUT = 5.0
ALGORITHMS = ["RS256", "PS256", "ES256"]
LEEWAY_SECONDS = 60
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@dataclass(frozen=True)
class Identitaet:
    aussteller: str
    subjekt: str


class OidcAnbieter:
    def __init__(self, settings: OidcSettings) -> None:
        parsed = urlparse(settings.issuer)
        if parsed.scheme != "https" and parsed.hostname not in LOOPBACK:
            raise ValueError("SOZ_GATEWAY_OIDC_ISSUER must be an https URL")
        self.settings = settings
        self._metadata: dict[str, Any] | None = None
        self._metadata_until = 0.0
        self._keys: KeySet | None = None

    def anmeldung_beginnen(self, redirect_uri: str) -> tuple[str, dict[str, str]]:
        """The provider's login URL and the state to keep until the person comes back."""
        zustand = {
            "state": generate_token(32),
            "nonce": generate_token(32),
            "code_verifier": generate_token(64),
        }
        url, _ = self._session(redirect_uri).create_authorization_url(
            self._discovery()["authorization_endpoint"],
            state=zustand["state"],
            nonce=zustand["nonce"],
            code_verifier=zustand["code_verifier"],
        )
        return url, zustand

    def anmeldung_abschliessen(
        self, redirect_uri: str, zustand: dict[str, str], state: str | None, code: str | None
    ) -> Identitaet:
        """Exchange the code and check the ID token; the person behind it."""
        if not code or not state or state != zustand.get("state"):
            raise AnbieterAnmeldungFehlgeschlagen()
        discovery = self._discovery()
        try:
            token = self._session(redirect_uri).fetch_token(
                discovery["token_endpoint"],
                grant_type="authorization_code",
                code=code,
                code_verifier=zustand["code_verifier"],
            )
        except OAuth2Error as error:
            log.warning("oidc_token_refused", error=error.error)
            raise AnbieterAnmeldungFehlgeschlagen() from None
        except requests.RequestException as error:
            log.warning("oidc_unreachable", error_type=type(error).__name__)
            raise DienstNichtVerfuegbar(ANBIETER) from None
        id_token = token.get("id_token")
        if not id_token:
            raise AnbieterAnmeldungFehlgeschlagen()
        claims = self._pruefen(id_token, zustand["nonce"])
        return Identitaet(aussteller=claims["iss"], subjekt=claims["sub"])

    def _pruefen(self, id_token: str, nonce: str) -> dict[str, Any]:
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": self.settings.issuer},
            aud={"essential": True, "value": self.settings.client_id},
            sub={"essential": True},
            exp={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        for refresh in (False, True):
            try:
                decoded = jwt.decode(id_token, self._key_set(refresh), algorithms=ALGORITHMS)
                registry.validate(decoded.claims)
                return decoded.claims
            except (MissingKeyError, InvalidKeyIdError):
                if not refresh:
                    continue  # the provider may have rotated its keys
                log.warning("oidc_id_token_unknown_key")
                raise AnbieterAnmeldungFehlgeschlagen() from None
            except JoseError as error:
                log.warning("oidc_id_token_invalid", error_type=type(error).__name__)
                raise AnbieterAnmeldungFehlgeschlagen() from None
            except ValueError as error:  # a malformed token
                log.warning("oidc_id_token_invalid", error_type=type(error).__name__)
                raise AnbieterAnmeldungFehlgeschlagen() from None
        raise AnbieterAnmeldungFehlgeschlagen()

    def _session(self, redirect_uri: str) -> OAuth2Session:
        return OAuth2Session(
            self.settings.client_id,
            self.settings.client_secret,
            scope=self.settings.scopes,
            redirect_uri=redirect_uri,
            code_challenge_method="S256",
            token_endpoint_auth_method="client_secret_basic",
            default_timeout=HTTP_TIMEOUT,
        )

    def _discovery(self) -> dict[str, Any]:
        if self._metadata is None or time.monotonic() > self._metadata_until:
            metadata = self._get_json(f"{self.settings.issuer}/.well-known/openid-configuration")
            if metadata.get("issuer") != self.settings.issuer:
                log.error("oidc_discovery_issuer_mismatch")
                raise DienstNichtVerfuegbar(ANBIETER)
            self._metadata = metadata
            self._metadata_until = time.monotonic() + CACHE_SECONDS
        return self._metadata

    def _key_set(self, refresh: bool) -> KeySet:
        if self._keys is None or refresh:
            self._keys = KeySet.import_key_set(self._get_json(self._discovery()["jwks_uri"]))
        return self._keys

    def _get_json(self, url: str) -> dict[str, Any]:
        try:
            response = requests.get(url, timeout=HTTP_TIMEOUT)
            response.raise_for_status()
            data = response.json()
        except (requests.RequestException, ValueError) as error:
            log.warning("oidc_unreachable", error_type=type(error).__name__)
            raise DienstNichtVerfuegbar(ANBIETER) from None
        if not isinstance(data, dict):
            raise DienstNichtVerfuegbar(ANBIETER)
        return data
