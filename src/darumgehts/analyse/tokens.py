"""Tokens and lemmas (simplemma), and content-word weights (wordfreq)."""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma
import wordfreq

from ..resources import word_list

TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|\d+(?:[.,'’]\d+)*")
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")

# The zipf value (log10 frequency per billion words) at which a word stops
# carrying content. "der" is ~7.5, "Regierung" ~5.2, "Gerassimow" ~1.8.
MAX_ZIPF = 7.0


def tokenize(text: str) -> list[str]:
    return TOKEN.findall(text)


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """Lower-cased lemma of a German token."""
    if token[0].isdigit():
        return token
    return simplemma.lemmatize(token, lang="de").lower()


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return word_list("de/stopwords.txt")


@lru_cache(maxsize=200_000)
def weight(lemma_: str) -> float:
    """An IDF-like weight from general German word frequency (wordfreq)."""
    if lemma_ in stopwords():
        return 0.0
    return max(0.0, MAX_ZIPF - wordfreq.zipf_frequency(lemma_, "de", wordlist="best"))


def content_lemmas(tokens: list[str]) -> list[str]:
    out = []
    for tok in tokens:
        lem = lemma(tok)
        if lem not in stopwords() and not lem[0].isdigit() and len(lem) > 1:
            out.append(lem)
    return out
