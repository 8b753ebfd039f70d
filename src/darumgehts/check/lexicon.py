"""The word lists the checks compare, loaded once from data/de/.

Negations and hedges (polarity.toml), date classes (dates.toml), closed-class
swaps (swaps.toml), antonyms (antonyms.tsv), paraphrase groups (synonyms.tsv)
and place adjectives (demonyms.tsv). All words are folded (lower case, ss).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..resources import multi_table
from ..resources import text as resource_text


def fold(text: str) -> str:
    """Compare spellings, not orthographies: lower case, ß as ss."""
    return text.lower().replace("ß", "ss")


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """:func:`fold` for one word, cached: the checks fold the same words over and over."""
    return word.lower().replace("ß", "ss")


# Endings stripped to compare inflected forms (ungenaueren ~ ungenauer)
_ENDINGS = ("ern", "en", "em", "er", "es", "e", "n", "s")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """A folded word without its inflectional ending (ungenaueren -> ungenauer, at least 4 letters)."""
    for e in _ENDINGS:
        if word.endswith(e) and len(word) - len(e) >= 4:
            return word[: len(word) - len(e)]
    return word


# Date classes whose words are compared but never flagged merely for being absent.
CONTRADICT_ONLY = frozenset({"times_of_day"})


@dataclass
class Lexicon:
    negations: frozenset[str]
    hedges: re.Pattern  # single words and phrases, case-insensitive
    date_classes: dict[str, frozenset[str]]
    swaps: dict[str, dict[str, str]]  # group -> form -> meaning
    antonyms: dict[str, frozenset[str]]  # lemma -> its opposites
    synonyms: dict[str, frozenset[str]]  # lemma or phrase -> the other members of its groups
    demonyms: dict[str, frozenset[str]]  # adjective or demonym -> places, and place -> its adjectives

    @cached_property
    def date_words(self) -> frozenset[str]:
        return frozenset().union(*self.date_classes.values())

    @cached_property
    def date_class_of(self) -> dict[str, str]:
        return {w: name for name, words in self.date_classes.items() for w in words}

    @cached_property
    def compound_date_heads(self) -> tuple[str, ...]:
        """Weekdays that open a compound (samstagmorgen, freitagabends), longest first."""
        return tuple(sorted(self.date_classes["weekdays"], key=len, reverse=True))

    @cached_property
    def phrases(self) -> list[tuple[str, frozenset[str]]]:
        """Multi-word members of the paraphrase groups, with the other members of their groups."""
        return [(w, others) for w, others in self.synonyms.items() if " " in w]

    @cached_property
    def swap_of(self) -> dict[str, tuple[str, str]]:
        """form -> (group, meaning)"""
        return {form: (group, meaning) for group, forms in self.swaps.items() for form, meaning in forms.items()}


def _pairs(rows) -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for row in rows:
        a, b = row[0], row[1]
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    polarity = tomllib.loads(resource_text("de/polarity.toml"))
    dates = tomllib.loads(resource_text("de/dates.toml"))
    swaps = tomllib.loads(resource_text("de/swaps.toml"))
    synonyms: dict[str, set[str]] = {}
    for row in multi_table("de/synonyms.tsv"):
        group = {fold(w) for w in row if w}
        for w in group:
            synonyms.setdefault(w, set()).update(group - {w})
    return Lexicon(
        negations=frozenset(polarity["negations"]),
        hedges=re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(h) for h in sorted(polarity["hedges"], key=len, reverse=True)) + r")(?!\w)",
            re.IGNORECASE,
        ),
        date_classes={name: frozenset(fold(w) for w in words) for name, words in dates.items()},
        swaps={group: {fold(form): meaning for meaning, forms in meanings.items() for form in forms}
               for group, meanings in swaps.items()},
        antonyms=_pairs(multi_table("de/antonyms.tsv")),
        synonyms={k: frozenset(v) for k, v in synonyms.items()},
        demonyms=_pairs(multi_table("de/demonyms.tsv")),
    )
