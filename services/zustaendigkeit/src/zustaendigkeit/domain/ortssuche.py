"""Finding towns by what people type: exact keys first, then small typos, then extra words.

Three steps, each tried only when the one before found nothing, so a precise input never gets
a loose answer:

1. genau: the typed key is a town's key or its first words ("frankfurt" -> Frankfurt am Main
   and Frankfurt (Oder); "halle" -> Halle, Halle (Saale), Halle (Westf.)). Whole words only:
   "halle" does not find Hallenberg. A single letter after the first word stands for a word
   ("Frankfurt a. M.", "Frankfurt/M" -> Frankfurt am Main; "Neustadt a. d. W." -> both
   Neustadt an der Weinstraße and an der Waldnaab).
2. aehnlich: small typos, by rapidfuzz's normalised Indel similarity ("Muenchn", "Hamburk"),
   keeping every key about as close as the closest (ties stay ambiguous, never picked).
3. anfang: the town's whole key followed by more words ("Berlin-Neukölln", "Hanau am Main");
   the extra words are handed back as ``rest`` (a Berlin Bezirk, say).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from zustaendigkeit.domain.normalisierung import namensschluessel, tokens

# Below this many characters a fuzzy match is more likely wrong than helpful ("Ulm" vs "Ulm").
MINDESTLAENGE_AEHNLICH = 4
# Indel similarity 0..100. One typo in a six-letter name scores about 83-92.
MINDESTAEHNLICHKEIT = 84.0
GLEICH_NAH = 2.0  # keys within this of the best score count as equally good


@dataclass(frozen=True, slots=True)
class Treffer:
    indizes: tuple[int, ...]  # positions in the list of names the search was built from
    rest: tuple[str, ...]  # typed words beyond the matched name (step 3 only)
    art: str  # "genau" | "aehnlich" | "anfang"


class OrtsSuche:
    def __init__(
        self, namen: Sequence[str], *, mindestaehnlichkeit: float = MINDESTAEHNLICHKEIT
    ) -> None:
        self._namen = tuple(namen)
        self._mindestaehnlichkeit = mindestaehnlichkeit
        self._voll: dict[str, list[int]] = {}  # whole-name keys
        self._genau: dict[str, list[int]] = {}  # whole-name keys and their first words
        self._schluessel_je_name = tuple(namensschluessel(name) for name in self._namen)
        for index, keys in enumerate(self._schluessel_je_name):
            for key in keys:
                _add(self._voll, key, index)
                words = key.split()
                for count in range(1, len(words) + 1):
                    _add(self._genau, " ".join(words[:count]), index)
        self._nach_erstem_wort: dict[str, list[str]] = {}
        for key in self._voll:
            self._nach_erstem_wort.setdefault(key.split()[0], []).append(key)
        self._schluessel = list(self._genau)
        self._sortiert = sorted(self._genau)

    def finde(self, text: str) -> Treffer | None:
        words = tokens(text)
        key = " ".join(words)
        if not key:
            return None
        exact = self._genau.get(key)
        if exact:
            return Treffer(tuple(exact), (), "genau")
        abgekuerzt = self._abgekuerzt(words)
        if abgekuerzt:
            return Treffer(abgekuerzt, (), "genau")
        close = self._aehnlich(key)
        if close:
            return Treffer(close, (), "aehnlich")
        for count in range(len(words) - 1, 0, -1):
            found = self._voll.get(" ".join(words[:count]))
            if found:
                return Treffer(tuple(found), words[count:], "anfang")
        return None

    def vorschlaege(self, text: str, limit: int) -> list[int]:
        """Names for search-as-you-type: the last word may be unfinished ("Frankf")."""
        key = " ".join(tokens(text))
        if len(key) < 2:
            return []
        found: dict[int, None] = {}
        start = bisect.bisect_left(self._sortiert, key)
        for candidate in self._sortiert[start:]:
            if not candidate.startswith(key):
                break
            found.update(dict.fromkeys(self._genau[candidate]))
        if not found:
            treffer = self.finde(text)
            return list(treffer.indizes[:limit]) if treffer else []

        def rank(index: int) -> tuple[bool, int, str]:
            name = self._namen[index]
            return (key not in self._schluessel_je_name[index], len(name), name)

        return sorted(found, key=rank)[:limit]

    def _abgekuerzt(self, words: tuple[str, ...]) -> tuple[int, ...]:
        if not any(len(word) == 1 for word in words[1:]):
            return ()
        found: dict[int, None] = {}
        for key in self._nach_erstem_wort.get(words[0], ()):
            name = key.split()
            if len(name) == len(words) and all(
                typed == word or (len(typed) == 1 and word.startswith(typed))
                for typed, word in zip(words, name, strict=True)
            ):
                found.update(dict.fromkeys(self._voll[key]))
        return tuple(found)

    def _aehnlich(self, key: str) -> tuple[int, ...]:
        if len(key) < MINDESTLAENGE_AEHNLICH:
            return ()
        results = process.extract(
            key,
            self._schluessel,
            scorer=fuzz.ratio,
            score_cutoff=self._mindestaehnlichkeit,
            limit=50,
        )
        if not results:
            return ()
        best = max(score for _, score, _ in results)
        found: dict[int, None] = {}
        for choice, score, _ in results:
            if score >= best - GLEICH_NAH:
                found.update(dict.fromkeys(self._genau[choice]))
        return tuple(found)


def _add(index: dict[str, list[int]], key: str, position: int) -> None:
    positions = index.setdefault(key, [])
    if position not in positions:
        positions.append(position)
