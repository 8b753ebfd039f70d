"""Peers for the evaluation: lead-3 and the sumy algorithms, on our sentence splitter.

sumy's own German tokenizer needs NLTK's punkt data, a download; the baselines
get our splitter instead, so every system sees the same sentences.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..analyse.sentences import split
from ..errors import ConfigError
from ..models import Article

_WORDS = re.compile(r"\w+")


class SumyTokenizer:
    """The tokenizer interface sumy's parsers call."""

    language = "german"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        return tuple(split(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        return tuple(_WORDS.findall(sentence))


def _sentences(article: Article) -> list[str]:
    return [s for block in article.blocks() if block.kind == "p" for s in split(block.text)]


def lead(article: Article, k: int = 3) -> list[str]:
    return _sentences(article)[:k]


_SUMY = {
    "sumy-lexrank": "sumy.summarizers.lex_rank:LexRankSummarizer",
    "sumy-textrank": "sumy.summarizers.text_rank:TextRankSummarizer",
    "sumy-lsa": "sumy.summarizers.lsa:LsaSummarizer",
    "sumy-luhn": "sumy.summarizers.luhn:LuhnSummarizer",
}


def sumy_summarizer(name: str) -> Callable[[Article, int], list[str]]:
    try:
        from sumy.nlp.stemmers import Stemmer
        from sumy.parsers.plaintext import PlaintextParser
        from sumy.utils import get_stop_words
    except ImportError:
        raise ConfigError(f"Baseline {name!r} needs sumy: pip install 'darumgehts[eval]'.") from None
    import importlib

    module, _, cls = _SUMY[name].partition(":")
    summarizer = getattr(importlib.import_module(module), cls)(Stemmer("german"))
    summarizer.stop_words = get_stop_words("german")
    tokenizer = SumyTokenizer()

    def run(article: Article, k: int = 3) -> list[str]:
        text = "\n\n".join(b.text for b in article.blocks() if b.kind == "p")
        doc = PlaintextParser.from_string(text, tokenizer).document
        return [str(s) for s in summarizer(doc, k)]

    return run


def baseline(name: str) -> Callable[[Article, int], list[str]]:
    if name in ("lead3", "lead"):
        return lead
    if name in _SUMY:
        return sumy_summarizer(name)
    raise ConfigError(f"Unknown baseline {name!r}. Available: lead3, {', '.join(_SUMY)}.")
