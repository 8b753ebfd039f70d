"""Tokens and lemmas (simplemma), and content-word weights (wordfreq)."""

from __future__ import annotations

import math
import re
from functools import lru_cache

from ..resources import word_list
from . import lexicon

# \w runs are what the regex engine scans fastest; a word's letters, digits and
# inner hyphens/apostrophes stay together (Nato-Angaben, 11'000).
TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# The zipf value (log10 frequency per billion words) at which a word stops
# carrying content. "der" is ~7.5, "Regierung" ~5.2, "Gerassimow" ~1.8.
MAX_ZIPF = 7.0
# wordfreq's "small" German list (4 MB in memory instead of ~70 MB for "large")
# covers words down to zipf 3; rarer words count as UNKNOWN_ZIPF.
WORDLIST = lexicon.FREQUENCY_LIST
UNKNOWN_ZIPF = 2.0


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


@lru_cache(maxsize=100_000)
def lemma(token: str) -> str:
    """Lower-cased lemma of a German token."""
    if token[0].isdigit():
        return token
    return lexicon.lemmatize(token).lower()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return word_list("de/stopwords.txt")


@lru_cache(maxsize=1)
def _frequencies() -> dict[str, float]:
    return lexicon.frequencies()


@lru_cache(maxsize=50_000)
def weight(lemma_: str) -> float:
    """An IDF-like weight from general German word frequency (wordfreq).

    Reads wordfreq's frequency table directly (keys are casefolded, as wordfreq
    itself looks them up): its zipf_frequency() re-tokenizes every word, which
    costs more than the rest of a lookup."""
    if lemma_ in stopwords():
        return 0.0
    freq = _frequencies().get(lemma_.casefold())
    zipf = math.log10(freq) + 9 if freq else UNKNOWN_ZIPF
    return max(0.0, MAX_ZIPF - zipf)


def content_lemmas(tokens: list[str], lemmas: list[str] | None = None) -> list[str]:
    """Lemmas that carry content: no stop words, numbers or single letters.

    Pass ``lemmas`` when they are already known (``Sentence.lemmas``)."""
    stop = stopwords()
    lems = lemmas if lemmas is not None else [lemma(t) for t in tokens]
    return [lem for lem in lems if len(lem) > 1 and lem not in stop and not lem[0].isdigit()]
