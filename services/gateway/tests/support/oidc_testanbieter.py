"""A minimal OpenID Connect provider for the gateway's tests, on 127.0.0.1 in a thread.

Discovery, JWKS, an authorization endpoint that logs in a preset person at once, and a token
endpoint that checks the client secret, the redirect URI and the PKCE verifier before it signs
an ID token. ``fehler`` makes it misbehave the way real providers or attackers might.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from joserfc import jwt
from joserfc.jwk import RSAKey
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

CLIENT_ID = "sozialplattform-test"
CLIENT_SECRET = "geheim-" + "x" * 24


@dataclass
class Auftrag:
    redirect_uri: str
    nonce: str
    challenge: str
    subjekt: str


@dataclass
class OidcTestanbieter:
    subjekt: str = "buerger-1"
    # "", "falsche_signatur", "falscher_nonce", "abgelaufen", "falsches_publikum",
    # "neuer_schluessel"
    fehler: str = ""
    token_anfragen: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.schluessel = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.fremder_schluessel = RSAKey.generate_key(2048, parameters={"kid": "k1", "use": "sig"})
        self.neuer_schluessel = RSAKey.generate_key(2048, parameters={"kid": "k2", "use": "sig"})
        self.auftraege: dict[str, Auftrag] = {}
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OidcTestanbieter:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()

    # the provider ----------------------------------------------------------------------------

    def app(self, environ: dict, start_response: Any) -> Any:
        request = Request(environ)
        handler = {
            "/.well-known/openid-configuration": self.discovery,
            "/jwks": self.jwks,
            "/authorize": self.authorize,
            "/token": self.token,
        }.get(request.path)
        response = handler(request) if handler else Response("not found", status=404)
        return response(environ, start_response)

    def discovery(self, request: Request) -> Response:
        return _json(
            {
                "issuer": self.issuer,
                "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token",
                "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"],
                "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"],
                "code_challenge_methods_supported": ["S256"],
            }
        )

    def jwks(self, request: Request) -> Response:
        keys = [self.schluessel.as_dict(private=False)]
        if self.fehler == "neuer_schluessel":
            keys.append(self.neuer_schluessel.as_dict(private=False))
        return _json({"keys": keys})

    def authorize(self, request: Request) -> Response:
        args = request.args
        if args.get("client_id") != CLIENT_ID or args.get("response_type") != "code":
            return Response("bad request", status=400)
        if args.get("code_challenge_method") != "S256" or not args.get("code_challenge"):
            return Response("PKCE required", status=400)
        code = secrets.token_urlsafe(16)
        self.auftraege[code] = Auftrag(
            redirect_uri=args["redirect_uri"],
            nonce=args.get("nonce", ""),
            challenge=args["code_challenge"],
            subjekt=self.subjekt,
        )
        query = urlencode({"code": code, "state": args.get("state", "")})
        return Response(status=302, headers={"Location": f"{args['redirect_uri']}?{query}"})

    def token(self, request: Request) -> Response:
        form = request.form
        self.token_anfragen.append(dict(form))
        auth = request.authorization
        if auth is None or (auth.username, auth.password) != (CLIENT_ID, CLIENT_SECRET):
            return _json({"error": "invalid_client"}, 401)
        auftrag = self.auftraege.pop(form.get("code", ""), None)
        if auftrag is None or form.get("redirect_uri") != auftrag.redirect_uri:
            return _json({"error": "invalid_grant"}, 400)
        verifier = form.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
        if challenge.rstrip(b"=").decode() != auftrag.challenge:
            return _json({"error": "invalid_grant", "error_description": "PKCE"}, 400)
        jetzt = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": auftrag.subjekt,
            "aud": "jemand-anderes" if self.fehler == "falsches_publikum" else CLIENT_ID,
            "iat": jetzt,
            "exp": jetzt - 600 if self.fehler == "abgelaufen" else jetzt + 300,
            "nonce": "anderer-nonce" if self.fehler == "falscher_nonce" else auftrag.nonce,
        }
        key = {
            "falsche_signatur": self.fremder_schluessel,
            "neuer_schluessel": self.neuer_schluessel,
        }.get(self.fehler, self.schluessel)
        id_token = jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)
        return _json(
            {"access_token": "a", "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
        )


def _json(data: dict[str, Any], status: int = 200) -> Response:
    import json

    return Response(json.dumps(data), status=status, content_type="application/json")
