"""Jinja2 templates, one environment per language, and the static files.

One environment per language, each with its translations installed, keeps rendering free of
shared mutable state between green threads.
"""

from __future__ import annotations

import gettext
import hashlib
import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from babel.dates import format_datetime
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from kernel.zeit import BERLIN as ZEITZONE

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

BABEL_LOCALE = {"de": "de_DE", "en": "en_GB", "de-x-ls": "de_DE"}


@dataclass(frozen=True)
class StaticFile:
    body: bytes
    content_type: str
    version: str


class Vorlagen:
    def __init__(self, translations: dict[str, gettext.NullTranslations]) -> None:
        self.environments = {
            code: _environment(code, translation) for code, translation in translations.items()
        }

    def render(self, sprache: str, vorlage: str, werte: dict[str, Any]) -> str:
        return self.environments[sprache].get_template(vorlage).render(werte)


class StaticFiles:
    """Read once at start; served with a version in the URL so browsers may cache them long."""

    def __init__(self, directory: Path = STATIC_DIR) -> None:
        self.files: dict[str, StaticFile] = {}
        for path in sorted(directory.iterdir()):
            if path.is_file():
                body = path.read_bytes()
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                if content_type.startswith("text/"):
                    content_type += "; charset=utf-8"
                version = hashlib.sha256(body).hexdigest()[:12]
                self.files[path.name] = StaticFile(body, content_type, version)

    def url(self, name: str) -> str:
        return f"/static/{name}?v={self.files[name].version}"


def _environment(sprache: str, translations: gettext.NullTranslations) -> Environment:
    environment = Environment(
        loader=PackageLoader("gateway", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    environment.policies["ext.i18n.trimmed"] = True
    environment.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    locale = BABEL_LOCALE[sprache]

    def uhrzeit(moment: datetime) -> str:
        return format_datetime(moment, "HH:mm", tzinfo=ZEITZONE, locale=locale)

    environment.filters["uhrzeit"] = uhrzeit
    return environment
