"""Write the generated contract documents: ``python -m contracts.generate [--check]``.

Output is deterministic (sorted keys, UTF-8, trailing newline), so the checked-in files change
only when a schema does, and a test can tell when someone forgot to regenerate.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from contracts.asyncapi import asyncapi_document
from contracts.json_schema import envelope_json_schema, event_json_schema
from contracts.registry import REGISTRY, SchemaRegistry

GENERATED_DIR = Path(__file__).resolve().parents[2] / "generated"
JSON_SCHEMA_DIR = "jsonschema"
REGENERATE_HINT = "run python -m contracts.generate"


def render_all(registry: SchemaRegistry = REGISTRY) -> dict[str, str]:
    """Every generated file as {path relative to the output directory: content}."""
    files = {f"{JSON_SCHEMA_DIR}/Envelope.json": _json(envelope_json_schema())}
    for schema_cls in registry.all():
        name = f"{schema_cls.event_type}.v{schema_cls.schema_version}.json"
        files[f"{JSON_SCHEMA_DIR}/{name}"] = _json(event_json_schema(schema_cls))
    files["asyncapi.yaml"] = _yaml(asyncapi_document(registry))
    return files


def drift(directory: Path = GENERATED_DIR, registry: SchemaRegistry = REGISTRY) -> list[str]:
    """How the files in ``directory`` differ from what the schemas generate; empty if not."""
    expected = render_all(registry)
    problems = []
    for relative, content in sorted(expected.items()):
        path = directory / relative
        if not path.is_file():
            problems.append(f"missing: {relative}")
        elif path.read_text(encoding="utf-8") != content:
            problems.append(f"out of date: {relative}")
    problems.extend(f"not generated (stale): {name}" for name in _stale(directory, expected))
    return problems


def write_all(directory: Path = GENERATED_DIR, registry: SchemaRegistry = REGISTRY) -> list[str]:
    """Write every generated file, delete stale schema files; returns the changed paths."""
    expected = render_all(registry)
    changed = []
    for relative, content in sorted(expected.items()):
        path = directory / relative
        if path.is_file() and path.read_text(encoding="utf-8") == content:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8", newline="\n")
        changed.append(relative)
    for relative in _stale(directory, expected):
        (directory / relative).unlink()
        changed.append(relative)
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m contracts.generate", description=__doc__)
    parser.add_argument("--output", type=Path, default=GENERATED_DIR, help="output directory")
    parser.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the files are out of date"
    )
    arguments = parser.parse_args(argv)
    if arguments.check:
        problems = drift(arguments.output)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(f"generated contracts are out of date: {REGENERATE_HINT}", file=sys.stderr)
            return 1
        return 0
    for relative in write_all(arguments.output):
        print(f"wrote {arguments.output / relative}")
    return 0


def _stale(directory: Path, expected: dict[str, str]) -> list[str]:
    schema_dir = directory / JSON_SCHEMA_DIR
    if not schema_dir.is_dir():
        return []
    present = {f"{JSON_SCHEMA_DIR}/{path.name}" for path in schema_dir.glob("*.json")}
    return sorted(present - expected.keys())


def _json(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class _Dumper(yaml.SafeDumper):
    """Safe YAML with multi-line strings as literal blocks, so descriptions stay readable."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _yaml(document: dict[str, Any]) -> str:
    return yaml.dump(
        document, Dumper=_Dumper, sort_keys=True, allow_unicode=True, default_flow_style=False
    )


if __name__ == "__main__":
    sys.exit(main())
