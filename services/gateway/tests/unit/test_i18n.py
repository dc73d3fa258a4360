"""Languages and catalogs (gateway.i18n): every message in every language."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from gateway.fehler import FELDMELDUNGEN, alle_fehlerarten
from gateway.i18n import (
    SPRACHEN,
    aushandeln,
    catalog_problems,
    extract_messages,
    load_translations,
    read_catalog,
)
from gateway.web.angebote import ANGEBOTE
from kernel.testing import mit_bindestrich_im_wort

KATALOGE = [sprache for sprache in SPRACHEN.values() if sprache.catalog]


@pytest.fixture(scope="module")
def vorlage():  # noqa: ANN201
    return extract_messages()


@pytest.mark.parametrize("sprache", KATALOGE, ids=lambda s: s.code)
def test_no_message_is_missing_untranslated_fuzzy_or_stale(sprache, vorlage) -> None:  # noqa: ANN001
    assert catalog_problems(sprache, vorlage) == []


def test_the_messages_of_code_and_templates_are_all_extracted(vorlage) -> None:  # noqa: ANN001
    ids = {message.id for message in vorlage if message.id}
    for art in alle_fehlerarten():
        assert {art.titel, art.detail} <= ids
    assert set(FELDMELDUNGEN.values()) <= ids
    assert {angebot.titel for angebot in ANGEBOTE} <= ids
    assert "Zum Inhalt springen" in ids  # from a template
    assert len(ids) > 100


def test_every_language_translates_and_german_is_the_source() -> None:
    translations = load_translations()
    assert translations["de"].gettext("Anmelden") == "Anmelden"
    assert translations["en"].gettext("Anmelden") == "Log in"
    assert translations["de-x-ls"].gettext("Startseite") == "Start·seite"
    english = translations["en"].gettext("um %(uhrzeit)s Uhr, wenn Sie bis dahin nichts tun")
    assert english % {"uhrzeit": "14:30"} == "at 14:30 if you do nothing until then"


def _accept(header: str) -> LanguageAccept:
    return parse_accept_header(header, LanguageAccept)


@pytest.mark.parametrize(
    ("gewaehlt", "gespeichert", "header", "erwartet"),
    [
        (None, None, "", "de"),
        (None, None, "fr-FR, en;q=0.5", "en"),
        (None, None, "en-GB", "en"),
        (None, None, "de-x-ls", "de-x-ls"),
        (None, "de-x-ls", "en", "de-x-ls"),
        ("en", "de-x-ls", "de", "en"),
        ("xx", None, "de-AT", "de"),
    ],
)
def test_language_choice_url_then_cookie_then_browser_then_german(
    gewaehlt: str | None, gespeichert: str | None, header: str, erwartet: str
) -> None:
    assert aushandeln(gewaehlt, gespeichert, _accept(header)).code == erwartet


def test_leichte_sprache_splits_compound_words_with_the_mediopunkt() -> None:
    """One way of splitting words in Leichte Sprache (issue 11, small things), as antrag's
    definitions do (services/antrag/tests/unit/test_leichte_sprache.py): Post·fach, not
    Post-Fach."""
    katalog = read_catalog(SPRACHEN["de-x-ls"])
    texte = [m.string for m in katalog if m.id and isinstance(m.string, str)]
    assert len(texte) > 100
    assert mit_bindestrich_im_wort(texte) == []
