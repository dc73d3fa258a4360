"""The OpenAPI 3.1 document of /api/v1, generated from the endpoint descriptions and schemas.

The gateway serves it at /api/v1/openapi.json; the same document is kept in
contracts/openapi/gateway.json (the one place every contract lives) and a test fails when the
two drift apart.

    python -m gateway.web.openapi --write   # after changing an endpoint
    python -m gateway.web.openapi --check   # exit 1 when the committed document is stale
"""

from __future__ import annotations

import argparse
import functools
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema

from contracts.text import text_properties
from gateway.fehler import (
    INTERNER_FEHLER,
    TABELLE,
    AnfrageZuGross,
    CsrfUngueltig,
    DienstNichtVerfuegbar,
    EingabeUngueltig,
    Fehlerart,
    JsonUngueltig,
    JsonZuTief,
    MedientypNichtUnterstuetzt,
    NichtAngemeldet,
    NichtGefunden,
    remote_fehlerart,
)
from gateway.web import (
    antraege_api,
    api_schemas,
    finder_api,
    leistungen_api,
    postkorb_api,
    termine_api,
)
from gateway.web.api import ENDPUNKTE, Endpunkt

REPOSITORY = Path(__file__).resolve().parents[5]
COMMITTED = REPOSITORY / "contracts" / "openapi" / "gateway.json"
LOCAL_ONLY = "x-local-accounts-only"
METHODEN = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
DESCRIPTION = """\
The citizen-facing JSON API of the Sozialplattform gateway.

- Languages: German (`de`, default), English (`en`) and Leichte Sprache (`de-x-ls`), chosen by \
`Accept-Language` or `?sprache=`. Every message, error messages included, comes in that language.
- Errors are `application/problem+json` (RFC 9457) with a stable `code`; `type` resolves to \
`GET /api/v1/probleme/{code}`.
- Sessions: a cookie set by the login, HttpOnly and SameSite=Lax (Secure over TLS). \
State-changing calls send the session's `csrf_token` as header `X-CSRF-Token`. Login and \
sign-up need `Content-Type: application/json` and are refused when started by another site.
- In production mode people log in through the identity provider (OpenID Connect, \
`GET /anmelden/oidc`); operations marked `x-local-accounts-only` then answer 404 and are left out \
of the served document.
"""


@functools.cache
def dokument(lokale_konten: bool = True) -> dict[str, Any]:
    plugin = MarshmallowPlugin()
    spec = APISpec(
        title="Sozialplattform Gateway API",
        version="1.0.0",
        openapi_version="3.1.0",
        plugins=[plugin],
        info={"description": DESCRIPTION},
        servers=[{"url": "/"}],
    )
    assert plugin.converter is not None
    # Text fields (contracts.text) say in the document which characters the server refuses.
    plugin.converter.add_attribute_function(text_properties)
    for name, schema in (
        ("Feldfehler", api_schemas.Feldfehler),
        ("Problem", api_schemas.Problem),
        ("Zugangsdaten", api_schemas.Zugangsdaten),
        ("Anmeldedaten", api_schemas.Anmeldedaten),
        ("Sitzung", api_schemas.Sitzung),
        ("Angebot", api_schemas.Angebot),
        ("Angebote", api_schemas.Angebote),
        ("Problemart", api_schemas.Problemart),
        ("ZustaendigkeitAnfrage", api_schemas.ZustaendigkeitAnfrage),
        ("ZustaendigesJobcenter", api_schemas.ZustaendigesJobcenter),
        ("Kandidat", api_schemas.Kandidat),
        ("Rueckfrage", api_schemas.Rueckfrage),
        ("Quelle", api_schemas.Quelle),
        ("Zustaendigkeit", api_schemas.Zustaendigkeit),
        *antraege_api.KOMPONENTEN,
        *postkorb_api.KOMPONENTEN,
        *finder_api.KOMPONENTEN,
        *leistungen_api.KOMPONENTEN,
        *termine_api.KOMPONENTEN,
    ):
        spec.components.schema(name, schema=schema, component=_mindestens_eines(schema))
    spec.components.security_scheme(
        "sitzung", {"type": "apiKey", "in": "cookie", "name": "soz_sitzung"}
    )
    spec.components.security_scheme(
        "csrf", {"type": "apiKey", "in": "header", "name": "X-CSRF-Token"}
    )
    operations: dict[str, dict[str, Any]] = defaultdict(dict)
    # Sorted by path and method: ENDPUNKTE fills in the order the web modules happen to be
    # imported, which differs between the service, the tests and this command.
    for endpunkt in sorted(ENDPUNKTE, key=lambda e: (e.pfad, METHODEN.index(e.method.upper()))):
        if endpunkt.nur_lokale_konten and not lokale_konten:
            continue
        operations[endpunkt.pfad][endpunkt.method.lower()] = _operation(endpunkt)
    for pfad, pfad_operations in operations.items():
        parameters = [
            {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
            for name in _path_parameters(pfad)
        ]
        spec.path(path=pfad, operations=pfad_operations, parameters=parameters or None)
    return spec.to_dict()


def fehlerarten(endpunkt: Endpunkt) -> list[Fehlerart]:
    """Every error the endpoint can answer with, from the one table."""
    types: list[type[Exception]] = list(endpunkt.fehler)
    if endpunkt.anfrage is not None:
        types += [MedientypNichtUnterstuetzt, EingabeUngueltig]
        if endpunkt.anfrage_medientyp == "application/json":  # uploads name their own limit
            types += [JsonUngueltig, JsonZuTief, AnfrageZuGross]
    if endpunkt.abfrage is not None:
        types.append(EingabeUngueltig)
    if endpunkt.anmeldung:
        types.append(NichtAngemeldet)
    if endpunkt.method not in ("GET", "HEAD"):
        types.append(CsrfUngueltig)
    if endpunkt.nur_lokale_konten:
        types.append(NichtGefunden)
    if endpunkt.ruft_dienste:
        types.append(DienstNichtVerfuegbar)
    arten = {TABELLE[error_type].code: TABELLE[error_type] for error_type in types}
    arten.update({code: remote_fehlerart(code) for code in endpunkt.remote_fehler})
    arten[INTERNER_FEHLER.code] = INTERNER_FEHLER
    return sorted(arten.values(), key=lambda art: (art.status, art.code))


def _operation(endpunkt: Endpunkt) -> dict[str, Any]:
    responses: dict[str, Any] = {}
    for status, (description, schema) in endpunkt.antworten.items():
        response: dict[str, Any] = {"description": description}
        if endpunkt.antwort_medientyp != "application/json":
            binaer = {"type": "string", "contentMediaType": endpunkt.antwort_medientyp}
            response["content"] = {endpunkt.antwort_medientyp: {"schema": schema or binaer}}
        elif schema is not None:
            response["content"] = {"application/json": {"schema": schema}}
        elif status == 200:
            response["content"] = {"application/json": {"schema": {"type": "object"}}}
        responses[str(status)] = response
    by_status: dict[int, list[Fehlerart]] = defaultdict(list)
    for art in fehlerarten(endpunkt):
        by_status[art.status].append(art)
    for status, arten in sorted(by_status.items()):
        codes = ", ".join(f"`{art.code}`" for art in arten)
        responses[str(status)] = {
            "description": f"Problem: {codes}",
            "content": {"application/problem+json": {"schema": "Problem"}},
            "x-problem-codes": [art.code for art in arten],
        }
    parameters: list[dict[str, Any]] = [
        {
            "name": "Accept-Language",
            "in": "header",
            "required": False,
            "schema": {"type": "string", "example": "de-x-ls"},
            "description": "de, en or de-x-ls (Leichte Sprache)",
        }
    ]
    if endpunkt.abfrage is not None:
        parameters.append(_abfrage(endpunkt.abfrage))
    operation: dict[str, Any] = {
        "operationId": endpunkt.operation_id,
        "summary": endpunkt.zusammenfassung,
        "responses": responses,
        "parameters": parameters,
    }
    if endpunkt.beschreibung:
        operation["description"] = endpunkt.beschreibung
    if endpunkt.anfrage is not None:
        operation["requestBody"] = {
            "required": endpunkt.anfrage_pflicht,
            "content": {endpunkt.anfrage_medientyp: {"schema": endpunkt.anfrage}},
        }
    if endpunkt.anmeldung:
        operation["security"] = (
            [{"sitzung": [], "csrf": []}]
            if endpunkt.csrf and endpunkt.method != "GET"
            else [{"sitzung": []}]
        )
    if endpunkt.nur_lokale_konten:
        operation[LOCAL_ONLY] = True
    return operation


def _mindestens_eines(schema: type[Schema]) -> dict[str, Any]:
    """anyOf/required for a schema whose ``eines_von`` names members of which one is needed."""
    eines_von = getattr(schema, "eines_von", ())
    return {"anyOf": [{"required": [name]} for name in eines_von]} if eines_von else {}


def _abfrage(schema: type[Schema]) -> dict[str, Any]:
    """The query parameters: one each, or, when one of several is needed, one query object
    (style form, explode: ``?plz=...&ort=...`` as before) whose schema can say so."""
    if not getattr(schema, "eines_von", ()):
        return {"in": "query", "schema": schema}
    return {
        "name": schema.__name__[0].lower() + schema.__name__[1:],
        "in": "query",
        "required": True,
        "style": "form",
        "explode": True,
        "schema": {"$ref": f"#/components/schemas/{schema.__name__}"},
    }


def _path_parameters(pfad: str) -> list[str]:
    return [part[1:-1] for part in pfad.split("/") if part.startswith("{") and part.endswith("}")]


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.web.openapi")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help=f"write {COMMITTED}")
    action.add_argument("--check", action="store_true", help="exit 1 when it is out of date")
    arguments = parser.parse_args(argv)
    expected = render(dokument())
    if arguments.write:
        COMMITTED.parent.mkdir(parents=True, exist_ok=True)
        COMMITTED.write_text(expected, encoding="utf-8")
        return 0
    current = COMMITTED.read_text(encoding="utf-8") if COMMITTED.exists() else ""
    if current != expected:
        print(f"{COMMITTED} is out of date: run python -m gateway.web.openapi --write")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
