"""ROUGE-1/2/L F1 with the team's German tokenizer.

The definition, so figures compare across the team: lower-case; tokens are
``\\w+`` runs (umlauts and digits included), an apostrophe between word
characters stays inside the token; each token stemmed with the Snowball German
stemmer. rouge-score computes the scores; its default tokenizer drops umlauts,
so this tokenizer replaces it.
"""

from __future__ import annotations

import re
from functools import lru_cache

import snowballstemmer
from rouge_score import rouge_scorer

TOKEN = re.compile(r"\w+(?:['’]\w+)*")
METRICS = ("rouge1", "rouge2", "rougeL")


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("german")


@lru_cache(maxsize=100_000)
def stem(token: str) -> str:
    """Snowball German stem of a lower-cased token."""
    return _stemmer().stemWord(token)


class GermanTokenizer:
    """The tokenizer object rouge-score expects: one ``tokenize`` method."""

    def tokenize(self, text: str) -> list[str]:
        return [stem(t) for t in TOKEN.findall(text.lower())]


@lru_cache(maxsize=1)
def scorer() -> rouge_scorer.RougeScorer:
    return rouge_scorer.RougeScorer(list(METRICS), tokenizer=GermanTokenizer())


def rouge(candidate: str, reference: str) -> dict[str, float]:
    """F1 for ROUGE-1, -2 and -L of one candidate against one reference."""
    scores = scorer().score(reference, candidate)
    return {m: scores[m].fmeasure for m in METRICS}
