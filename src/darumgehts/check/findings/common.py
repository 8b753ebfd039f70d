"""The claim every check looks at: the analysed bullet, its evidence and its alignment."""

from __future__ import annotations

from functools import cached_property

from ...analyse.tokens import weight
from ...models import Sentence, SourceSpan
from ..align import Alignment
from ..index import ArticleIndex
from ..lexicon import fold_word


class Claim:
    """A bullet (analysed once, like an article sentence) with the sentences it rests on."""

    def __init__(self, bullet: Sentence, index: ArticleIndex, evidence: list[int], coverage: float) -> None:
        self.bullet = bullet
        self.text = bullet.text
        self.index = index
        self.evidence = evidence
        self.coverage = coverage
        self.flagged: set[int] = set()  # bullet tokens a check has already explained

    @cached_property
    def folded_tokens(self) -> list[str]:
        return [fold_word(t) for t in self.bullet.tokens]

    @cached_property
    def keys(self) -> list[str]:
        """Folded lemmas, one per token."""
        return [fold_word(lem) for lem in self.bullet.lemmas]

    @cached_property
    def content(self) -> set[str]:
        return {fold_word(lem) for lem in self.bullet.content}

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        """Character offsets of the bullet's tokens."""
        out, pos, text = [], 0, self.text
        for t in self.bullet.tokens:
            a = text.find(t, pos)
            out.append((a, a + len(t)))
            pos = a + len(t)
        return out

    @cached_property
    def alignments(self) -> list[Alignment]:
        """The bullet aligned with each evidence sentence, best first."""
        return [Alignment(self.bullet, self.index.sentence(s), self.keys, self.index.folded(s)[1]) for s in self.evidence]

    def counterparts(self, i: int) -> tuple[Sentence, list[int]] | None:
        """The evidence sentence and its tokens standing where bullet token ``i`` stands, if the bullet follows one."""
        for a in self.ranked_alignments:
            if i in a.matched:
                return None
            js = a.counterparts(i)
            if js:
                return a.evidence, js
        return None

    @cached_property
    def ranked_alignments(self) -> list[Alignment]:
        """The alignments, the sentence the bullet follows most closely first."""
        return sorted(self.alignments, key=lambda a: -a.tightness)

    @cached_property
    def evidence_text(self) -> str:
        return " ".join(self.index.sentence(s).text for s in self.evidence)

    @cached_property
    def evidence_keys(self) -> set[str]:
        """Folded tokens and lemmas of the evidence sentences."""
        out: set[str] = set()
        for s in self.evidence:
            toks, lems = self.index.folded(s)
            out.update(toks)
            out.update(lems)
        return out

    def spans_of(self, sentences: list[int] | None = None) -> tuple[SourceSpan, ...]:
        return tuple(self.index.span(s) for s in (self.evidence if sentences is None else sentences))

    def coverage_without(self, lemmas: set[str]) -> float:
        """How well the evidence covers the bullet's content lemmas other than ``lemmas``."""
        rest = self.content - lemmas
        weights = {lem: weight(lem) or 0.5 for lem in rest}
        total = sum(weights.values())
        if not total:
            return 0.0
        ev = set().union(*(self.index.sentence_lemmas[s] for s in self.evidence))
        return sum(w for lem, w in weights.items() if lem in ev) / total


def is_noun(sentence: Sentence, i: int) -> bool:
    """A capitalised word not opening the sentence: in German, a noun (or a name)."""
    t = sentence.tokens[i]
    return t[:1].isupper() and i > 0 and t[:1].isalpha()


def is_attributive(sentence: Sentence, i: int) -> bool:
    """A lower-case word right before a noun: an adjective (einem unbewachten Bahnübergang)."""
    t = sentence.tokens[i]
    return t[:1].islower() and t.isalpha() and i + 1 < len(sentence.tokens) and sentence.tokens[i + 1][:1].isupper()
