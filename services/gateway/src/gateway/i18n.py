"""Languages of the portal and their gettext catalogs (docs/adr/0021).

German is the source language: msgids are the German texts, so German needs no catalog. English
and Leichte Sprache each have a full catalog under translations/<tag>/LC_MESSAGES/messages.po.
The .po files are the only artefact in the repository; they are compiled in memory when the
service starts, so no compiled file can drift from its source.

    python -m gateway.i18n update   # extract messages from code and templates, merge into catalogs
    python -m gateway.i18n check    # exit 1 if any message is missing, untranslated or fuzzy
"""

from __future__ import annotations

import argparse
import gettext
import io
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from jinja2.ext import babel_extract
from werkzeug.datastructures import LanguageAccept

PACKAGE_DIR = Path(__file__).parent
TRANSLATIONS_DIR = PACKAGE_DIR / "translations"
DOMAIN = "messages"
JINJA_OPTIONS = {"trimmed": "true", "silent": "false"}


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark, translate later"
    """Marks a message for extraction; it is translated when rendered for a request."""
    return message


@dataclass(frozen=True)
class Sprache:
    code: str  # BCP 47 tag, as contracts.common.Sprache
    name: str  # in the language itself, for the language switch
    catalog: str | None  # None: the source language


DEUTSCH = Sprache("de", "Deutsch", None)
ENGLISCH = Sprache("en", "English", "en")
LEICHTE_SPRACHE = Sprache("de-x-ls", "Leichte Sprache", "de-x-ls")
SPRACHEN: dict[str, Sprache] = {s.code: s for s in (DEUTSCH, ENGLISCH, LEICHTE_SPRACHE)}
STANDARD = DEUTSCH


def aushandeln(
    gewaehlt: str | None, gespeichert: str | None, accept_languages: LanguageAccept
) -> Sprache:
    """The language of a request: chosen in the URL, then the saved choice (cookie), then the
    browser's Accept-Language, then German."""
    for code in (gewaehlt, gespeichert):
        if code in SPRACHEN:
            return SPRACHEN[code]
    best = accept_languages.best_match(list(SPRACHEN))
    return SPRACHEN[best] if best else STANDARD


def catalog_path(sprache: Sprache) -> Path:
    return TRANSLATIONS_DIR / str(sprache.catalog) / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations() -> dict[str, gettext.NullTranslations]:
    """One translations object per language, compiled from the .po files in memory."""
    translations: dict[str, gettext.NullTranslations] = {}
    for sprache in SPRACHEN.values():
        if sprache.catalog is None:
            translations[sprache.code] = gettext.NullTranslations()
            continue
        with catalog_path(sprache).open("rb") as po:
            catalog = read_po(po)
        compiled = io.BytesIO()
        write_mo(compiled, catalog, use_fuzzy=False)
        compiled.seek(0)
        translations[sprache.code] = gettext.GNUTranslations(compiled)
    return translations


# extraction and catalog maintenance -------------------------------------------------------------


def source_files() -> Iterator[tuple[Path, str]]:
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        yield path, "python"
    for path in sorted((PACKAGE_DIR / "templates").rglob("*.html")):
        yield path, "jinja2"


def extract_messages() -> Catalog:
    """Every message of the code and the templates, as a template catalog (POT)."""
    catalog = Catalog(project="sozialplattform-gateway", charset="utf-8")
    for path, method in source_files():
        extractor = babel_extract if method == "jinja2" else "python"
        options = JINJA_OPTIONS if method == "jinja2" else {}
        with path.open("rb") as source:
            for line, message, comments, context in extract(
                extractor, source, options=options, strip_comment_tags=True
            ):
                catalog.add(
                    message,
                    None,
                    [(str(path.relative_to(PACKAGE_DIR)), line)],
                    auto_comments=comments,
                    context=context,
                )
    return catalog


def read_catalog(sprache: Sprache) -> Catalog:
    with catalog_path(sprache).open("rb") as po:
        return read_po(po)


def catalog_problems(sprache: Sprache, template: Catalog | None = None) -> list[str]:
    """What keeps a catalog from being complete: missing, untranslated, fuzzy, obsolete or
    placeholder-changing entries. An empty list means every message is translated."""
    template = template or extract_messages()
    catalog = read_catalog(sprache)
    problems: list[str] = []
    wanted = {message.id for message in template if message.id}
    present = {message.id for message in catalog if message.id}
    problems += [f"missing: {_short(m)}" for m in sorted(wanted - present, key=str)]
    problems += [f"not used any more: {_short(m)}" for m in sorted(present - wanted, key=str)]
    problems += [f"obsolete entry: {_short(m.id)}" for m in catalog.obsolete.values()]
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings):
            problems.append(f"untranslated: {_short(message.id)}")
        if message.fuzzy:
            problems.append(f"fuzzy: {_short(message.id)}")
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        if any(_placeholders(s) != _placeholders(ids[0]) for s in strings if s):
            problems.append(f"placeholders differ: {_short(message.id)}")
    return problems


def update_catalogs() -> None:
    """Merge the extracted messages into every catalog (new ones untranslated)."""
    template = extract_messages()
    for sprache in SPRACHEN.values():
        if sprache.catalog is None:
            continue
        path = catalog_path(sprache)
        catalog = read_catalog(sprache) if path.exists() else _new_catalog(sprache)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as po:
            write_po(po, catalog, width=100, include_lineno=False)


def _new_catalog(sprache: Sprache) -> Catalog:
    # Leichte Sprache is German grammar: "de" in the header (Babel knows no de-x-ls); the
    # directory name says which catalog it is.
    catalog = Catalog(
        locale="en" if sprache is ENGLISCH else "de",
        header_comment=f"# {sprache.name}: messages of the Sozialplattform gateway",
        project="sozialplattform-gateway",
        version="1",
        copyright_holder="Sozialplattform",
        msgid_bugs_address="-",
        last_translator="Sozialplattform",
        language_team=sprache.name,
        fuzzy=False,
    )
    return catalog


def _placeholders(text: str) -> list[str]:
    return sorted(re.findall(r"%\([a-z_]+\)[sd]", text))


def _short(message: object) -> str:
    text = message[0] if isinstance(message, tuple) else str(message)
    return text if len(text) < 70 else text[:67] + "..."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m gateway.i18n")
    parser.add_argument("command", choices=["update", "check"])
    arguments = parser.parse_args(argv)
    if arguments.command == "update":
        update_catalogs()
        return 0
    template = extract_messages()
    failed = False
    for sprache in SPRACHEN.values():
        if sprache.catalog is None:
            continue
        for problem in catalog_problems(sprache, template):
            failed = True
            print(f"{sprache.code}: {problem}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
