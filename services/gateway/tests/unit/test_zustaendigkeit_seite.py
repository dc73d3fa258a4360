"""The one field of the Zuständigkeit page: a PLZ, a town, or both."""

from __future__ import annotations

import pytest

from gateway.web.seiten import plz_und_ort


@pytest.mark.parametrize(
    ("suche", "erwartet"),
    [
        ("63571", ("63571", None)),
        (" 10115 Berlin ", ("10115", "Berlin")),
        ("Berlin, 10115", ("10115", "Berlin")),
        ("Frankfurt am Main", (None, "Frankfurt am Main")),
        ("1O115", ("1", "O115")),
        ("Bad 1", ("1", "Bad")),
        ("٦٣٥٧١", ("٦٣٥٧١", None)),  # digits, but not ASCII: the service says what is wrong
        ("", (None, None)),
    ],
)
def test_one_field_holds_a_plz_a_town_or_both(suche: str, erwartet: tuple) -> None:
    assert plz_und_ort(suche) == erwartet
