"""What the checker knows about one article, built once and reused for every bullet.

Numbers with the sentence they stand in, folded tokens, quotes, date words, and
an inverted index from content lemmas to sentences for evidence alignment.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..analyse.numbers import find_numbers
from ..analyse.tokens import TOKEN, content_lemmas, lemma, weight
from ..models import Document, NumberMention, Sentence, SourceSpan
from ..resources import text as resource_text

QUOTE = re.compile(r"«([^«»]{2,})»|„([^„“”]{2,})[“”]|‹([^‹›]{2,})›|\"([^\"]{2,})\"|“([^“”]{2,})”")
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Compare spellings, not orthographies: lower case, ß as ss."""
    return text.lower().replace("ß", "ss")


def normalise_quote(text: str) -> str:
    """A quotation up to case, ß/ss, punctuation, quote style and whitespace."""
    return " ".join(_NON_WORD.sub(" ", fold(text)).split())


def quotes_in(text: str) -> list[tuple[str, int, int]]:
    """Quoted passages: (inner text, start, end) with offsets of the inner text."""
    out = []
    for m in QUOTE.finditer(text):
        group = next(g for g in range(1, 6) if m.group(g) is not None)
        out.append((m.group(group), m.start(group), m.end(group)))
    return out


@dataclass
class Lexicon:
    negations: frozenset[str]
    hedges: re.Pattern  # single words and phrases, case-insensitive
    date_classes: dict[str, frozenset[str]]

    @cached_property
    def date_words(self) -> frozenset[str]:
        return frozenset().union(*self.date_classes.values())


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    polarity = tomllib.loads(resource_text("de/polarity.toml"))
    dates = tomllib.loads(resource_text("de/dates.toml"))
    return Lexicon(
        negations=frozenset(polarity["negations"]),
        hedges=re.compile(
            r"(?<!\w)(?:" + "|".join(re.escape(h) for h in sorted(polarity["hedges"], key=len, reverse=True)) + r")(?!\w)",
            re.IGNORECASE,
        ),
        date_classes={name: frozenset(fold(w) for w in words) for name, words in dates.items()},
    )


@dataclass
class ArticleIndex:
    doc: Document
    full_text: str  # lead and body, then title and captions
    numbers: list[tuple[NumberMention, int | None]]  # with the sentence index (None: title/caption)
    postings: dict[str, list[int]] = field(default_factory=dict)  # content lemma -> sentence indices
    sentence_lemmas: list[set[str]] = field(default_factory=list)

    @classmethod
    def build(cls, doc: Document) -> ArticleIndex:
        art = doc.article
        extra = [art.title or ""] + [c.text for c in art.captions]
        numbers: list[tuple[NumberMention, int | None]] = [(n, s.index) for s in doc.sentences for n in s.numbers]
        for part in extra:
            numbers.extend((n, None) for n in find_numbers(part))
        postings: dict[str, list[int]] = {}
        sentence_lemmas = []
        for s in doc.sentences:
            lems = {fold(lem) for lem in s.content} | {number_key(n) for n in s.numbers}
            sentence_lemmas.append(lems)
            for lem in lems:
                postings.setdefault(lem, []).append(s.index)
        return cls(doc, "\n".join([doc.text, *extra]), numbers, postings, sentence_lemmas)

    # Built on first use: most bullets need only some of them.
    @cached_property
    def text_folded(self) -> str:
        return fold(self.full_text)

    @cached_property
    def tokens(self) -> set[str]:
        return set(TOKEN.findall(self.text_folded))

    @cached_property
    def quotes(self) -> list[str]:
        """Normalised quotations in the article."""
        return [normalise_quote(q) for q, _, _ in quotes_in(self.full_text)]

    @cached_property
    def quote_text(self) -> str:
        """Normalised article text, for quotations the article gives without marks."""
        return normalise_quote(self.full_text)

    def sentence(self, index: int) -> Sentence:
        return self.doc.sentences[index]

    def span(self, index: int) -> SourceSpan:
        s = self.doc.sentences[index]
        return SourceSpan(s.index, s.start, s.end)

    def coverage(self, bullet_lemmas: set[str]) -> float:
        """Weighted share of the bullet's content lemmas found anywhere in the article."""
        weights = {lem: weight(lem) or 0.5 for lem in bullet_lemmas}
        total = sum(weights.values())
        return sum(w for lem, w in weights.items() if lem in self.postings) / total if total else 1.0

    def align(self, bullet_lemmas: set[str], limit: int = 2) -> tuple[list[int], float]:
        """Evidence: up to ``limit`` sentences covering the bullet's content lemmas.

        Returns the sentence indices (best first) and the weighted share of the
        bullet's content they cover (0..1)."""
        weights = {lem: weight(lem) or 0.5 for lem in bullet_lemmas}
        total = sum(weights.values())
        if not total:
            return [], 1.0
        chosen: list[int] = []
        covered: set[str] = set()
        for _ in range(limit):
            gains: dict[int, float] = {}
            for lem in bullet_lemmas - covered:
                for idx in self.postings.get(lem, ()):
                    gains[idx] = gains.get(idx, 0.0) + weights[lem]
            for idx in chosen:
                gains.pop(idx, None)
            if not gains:
                break
            best = max(gains, key=lambda i: (gains[i], -i))
            if chosen and gains[best] < 0.25 * total:
                break  # a second sentence must add real support
            chosen.append(best)
            covered |= bullet_lemmas & self.sentence_lemmas[best]
        coverage = sum(weights[lem] for lem in covered) / total
        return chosen, coverage


def number_key(n: NumberMention) -> str:
    """A number as an alignment key: the bullet's "1500" finds the sentence with 1500."""
    return f"#{n.kind}:{n.value:g}"


def bullet_lemmas(text: str) -> tuple[list[str], list[str], set[str]]:
    """Tokens, lemmas and content lemmas of a bullet."""
    toks = TOKEN.findall(text)
    lems = [lemma(t) for t in toks]
    return toks, lems, {fold(lem) for lem in content_lemmas(toks, lems)}
