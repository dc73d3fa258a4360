"""What can be checked of the Containerfile without building it (no registry here; ADR 0093):
the base image pinned by exact tag or digest, a non-root USER, no secret in ENV/ARG or copied in,
every path it copies and every service module it names exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONTAINERFILE = ROOT / "Containerfile"
EXACT_TAG = re.compile(r"^[\w./-]+:\d+\.\d+\.\d+(-[a-z0-9.-]+)?(@sha256:[0-9a-f]{64})?$")
DIGEST = re.compile(r"^[\w./:-]+@sha256:[0-9a-f]{64}$")
SECRET_NAME = re.compile(
    r"PASSWORD|PASSWORT|SECRET|GEHEIM|TOKEN|_KEY\b|SCHLUESSEL|CREDENTIAL", re.I
)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    joined = re.sub(
        r"\\\n",
        " ",
        "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#")),
    )
    result = []
    for line in joined.splitlines():
        if line.strip():
            word, _, rest = line.strip().partition(" ")
            result.append((word.upper(), rest.strip()))
    return result


def base_images(text: str) -> list[str]:
    args = {}
    stages = set()
    images = []
    for word, rest in instructions(text):
        if word == "ARG" and "=" in rest:
            name, _, value = rest.partition("=")
            args[name.strip()] = value.strip()
        elif word == "FROM":
            parts = [p for p in rest.split() if not p.startswith("--")]
            image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), parts[0])
            if image not in stages:
                images.append(image)
            if len(parts) == 3 and parts[1].upper() == "AS":
                stages.add(parts[2])
    return images


def pinned(image: str) -> bool:
    return bool(EXACT_TAG.match(image) or DIGEST.match(image))


def last_user(text: str) -> str | None:
    users = [rest for word, rest in instructions(text) if word == "USER"]
    return users[-1] if users else None


def non_root(user: str | None) -> bool:
    return user is not None and user.split(":")[0] not in {"root", "0", ""}


def secrets_in(text: str) -> list[str]:
    found = []
    for word, rest in instructions(text):
        if word in {"ENV", "ARG"}:
            for name in re.findall(r"([A-Za-z_]\w*)=", rest) or [rest.split()[0]]:
                if SECRET_NAME.search(name):
                    found.append(f"{word} {name}")
        if word in {"COPY", "ADD"} and re.search(r"\.password|\.pem|\.key\b|var/|\.env\b", rest):
            found.append(f"{word} {rest}")
    return found


def test_the_containerfile_exists():
    assert CONTAINERFILE.is_file()


def test_base_images_are_pinned_by_exact_tag_or_digest():
    images = base_images(CONTAINERFILE.read_text())
    assert images, "no FROM"
    assert all(pinned(image) for image in images), images
    assert all("bookworm" in image and ":3.11." in image for image in images), images


def test_runs_as_a_non_root_user():
    assert non_root(last_user(CONTAINERFILE.read_text()))


def test_no_secret_is_baked_in():
    assert secrets_in(CONTAINERFILE.read_text()) == []


def test_every_copied_path_exists():
    for word, rest in instructions(CONTAINERFILE.read_text()):
        if word == "COPY" and "--from=" not in rest:
            *sources, _target = rest.split()
            for source in sources:
                assert (ROOT / source).exists(), f"COPY {source}: not in the repository"


def test_every_service_module_it_names_exists():
    modules = re.findall(
        r"([a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)+):([A-Z]\w*)", CONTAINERFILE.read_text()
    )
    assert modules, "the Containerfile names no service module"
    for module, klass in modules:
        files = list(ROOT.glob("services/*/src/" + module.replace(".", "/") + ".py"))
        assert files, f"{module} is no module of services/"
        assert re.search(rf"^class {klass}\b", files[0].read_text(), re.M), f"no class {klass}"


def test_nameko_config_takes_its_values_from_the_environment():
    config = (ROOT / "deploy" / "image" / "nameko.yaml").read_text()
    assert "AMQP_URI: ${SOZ_AMQP_URI}" in config
    assert "pyamqp://" not in config


@pytest.mark.parametrize(
    ("check", "text"),
    [
        (
            lambda t: all(pinned(i) for i in base_images(t)),
            "FROM python:3.11-slim-bookworm\nUSER 10001\n",
        ),
        (
            lambda t: all(pinned(i) for i in base_images(t)),
            "ARG B=python:latest\nFROM ${B}\nUSER 1\n",
        ),
        (lambda t: non_root(last_user(t)), "FROM python:3.11.14-slim-bookworm\n"),
        (
            lambda t: non_root(last_user(t)),
            "FROM python:3.11.14-slim-bookworm\nUSER 10001\nUSER root\n",
        ),
        (lambda t: secrets_in(t) == [], "FROM x:1.2.3\nENV SOZ_GATEWAY_SECRET=abc\n"),
        (lambda t: secrets_in(t) == [], "FROM x:1.2.3\nCOPY var/broker/gateway.password /x\n"),
    ],
)
def test_each_check_fails_on_a_broken_containerfile(check, text):
    assert not check(text)


def test_the_checks_pass_on_stage_names_and_digests():
    text = (
        "FROM python:3.11.14-slim-bookworm@sha256:" + "a" * 64 + " AS build\n"
        "FROM build AS runtime\nUSER 10001:10001\n"
    )
    assert all(pinned(i) for i in base_images(text))
    assert non_root(last_user(text))
