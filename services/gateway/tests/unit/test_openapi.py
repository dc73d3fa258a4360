"""The API's routes, its endpoint descriptions and the OpenAPI document agree."""

from __future__ import annotations

import inspect
import json
import re
from pathlib import Path

import jsonschema
from nameko.extensions import ENTRYPOINT_EXTENSIONS_ATTR
from nameko.web.handlers import HttpRequestHandler

from gateway.service import GatewayService
from gateway.web import openapi
from gateway.web.api import ENDPUNKTE

OAS_31_SCHEMA = Path(__file__).parents[1] / "data" / "openapi-3.1-schema.json"


def _api_routes() -> set[tuple[str, str]]:
    """(method, OpenAPI path) of every @http route of the service under /api/."""
    routes = set()
    for _, method in inspect.getmembers(GatewayService, inspect.isfunction):
        for entrypoint in getattr(method, ENTRYPOINT_EXTENSIONS_ATTR, ()):
            if isinstance(entrypoint, HttpRequestHandler) and entrypoint.url.startswith("/api/"):
                path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", entrypoint.url)
                routes |= {(verb, path) for verb in entrypoint.method.split(",")}
    return routes


def _documented(document: dict) -> set[tuple[str, str]]:
    return {
        (verb.upper(), path)
        for path, operations in document["paths"].items()
        for verb in operations
        if verb != "parameters"
    }


def test_every_api_route_is_documented_and_every_documented_operation_routed() -> None:
    assert _api_routes() == _documented(openapi.dokument())
    assert _api_routes() == {(e.method, e.pfad) for e in ENDPUNKTE}


def test_the_committed_document_is_the_generated_one() -> None:
    committed = openapi.COMMITTED.read_text(encoding="utf-8")
    assert committed == openapi.render(openapi.dokument()), (
        "run: python -m gateway.web.openapi --write"
    )


def test_the_document_is_valid_openapi_3_1_with_valid_schemas() -> None:
    document = json.loads(openapi.COMMITTED.read_text(encoding="utf-8"))
    schema = json.loads(OAS_31_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(document, schema, cls=jsonschema.Draft202012Validator)
    for component in document["components"]["schemas"].values():
        jsonschema.Draft202012Validator.check_schema(component)
    assert document["openapi"] == "3.1.0"


def test_every_operation_documents_its_problems_as_problem_json() -> None:
    for path, operations in openapi.dokument()["paths"].items():
        for verb, operation in operations.items():
            if verb == "parameters":
                continue
            problems = {s: r for s, r in operation["responses"].items() if int(s) >= 400}
            assert "500" in problems, (verb, path)
            for response in problems.values():
                assert list(response["content"]) == ["application/problem+json"]


def test_production_serves_the_document_without_local_accounts() -> None:
    produktion = _documented(openapi.dokument(lokale_konten=False))
    assert ("POST", "/api/v1/konto") not in produktion
    assert ("POST", "/api/v1/sitzung") not in produktion
    assert ("GET", "/api/v1/sitzung") in produktion
    assert ("DELETE", "/api/v1/sitzung") in produktion
