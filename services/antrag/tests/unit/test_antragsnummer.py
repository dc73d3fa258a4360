"""The application number read out on the phone: its shape, its check character, and how
often two ids would share one (which decided its length, docs/adr/0089)."""

from __future__ import annotations

import random
import re
import uuid

from antrag.domain.antragsnummer import ALPHABET, antragsnummer, normalisieren

FORM = re.compile(rf"^[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def _ids(anzahl: int, seed: int = 11) -> list[str]:
    zufall = random.Random(seed)
    return [str(uuid.UUID(int=zufall.getrandbits(128), version=4)) for _ in range(anzahl)]


def test_the_number_is_two_groups_of_four_without_characters_that_are_misread() -> None:
    for antrag_id in _ids(2000):
        nummer = antragsnummer(antrag_id)
        assert FORM.match(nummer), nummer
        assert not set(nummer) & set("0O1IL")
        assert antragsnummer(antrag_id) == nummer  # derived, the same every time
        assert antragsnummer(antrag_id.upper()) == nummer


def test_every_single_wrong_character_and_every_swap_of_two_is_detected() -> None:
    for antrag_id in _ids(300):
        nummer = antragsnummer(antrag_id).replace("-", "")
        assert normalisieren(nummer.lower()) == antragsnummer(antrag_id)
        assert normalisieren(f" {nummer[:2]} {nummer[2:5]}-{nummer[5:]} ") is not None
        for stelle in range(8):
            for zeichen in ALPHABET:
                if zeichen != nummer[stelle]:
                    falsch = nummer[:stelle] + zeichen + nummer[stelle + 1 :]
                    assert normalisieren(falsch) is None, (nummer, falsch)
        for a in range(8):
            for b in range(a + 1, 8):
                if nummer[a] != nummer[b]:
                    z = list(nummer)
                    z[a], z[b] = z[b], z[a]
                    assert normalisieren("".join(z)) is None, (nummer, a, b)
    assert normalisieren("K7QM-3XR") is None
    assert normalisieren("K7QM-3XR01") is None


def test_collisions_over_many_ids_are_as_rare_as_the_birthday_bound_says() -> None:
    """31**7 = 27.5 billion numbers: 400,000 random ids share one in about 3 pairs
    (n**2 / 2N); derived numbers that clustered would show many more. Such pairs are why
    ``anlegen`` picks an id whose number is free (tested in the integration tests)."""
    anzahl = 400_000
    nummern = [antragsnummer(antrag_id) for antrag_id in _ids(anzahl, seed=5)]
    paare = anzahl - len(set(nummern))
    erwartet = anzahl**2 / (2 * 31**7)
    assert erwartet < 3
    assert paare <= 12, paare
