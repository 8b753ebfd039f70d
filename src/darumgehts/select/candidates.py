"""Bullet candidates: every form of every content sentence that fits the box.

A sentence becomes candidates by deletion only: its compressed variants that fit
the style's length (``compress.variants``), a short fact joined to the sentence
before it («…rund 1500 Soldaten ums Leben gekommen, 3500 weitere wurden
verwundet»), and, where a sentence opens with a word that points back, the form
with that reference resolved from the sentence before (``analyse.discourse``).
Sentences that are not article content (timestamps, «Lesen Sie auch», consent
text) and references that cannot be resolved safely never become candidates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..analyse import discourse
from ..analyse.fragments import is_fragment
from ..analyse.tokens import stopwords
from ..compress import variants
from ..models import Document, NumberMention, Sentence, SourceSpan
from ..style import Style
from .features import INDEX, SentenceView, matrix, row, sentence_views
from .redundancy import Facts

# Sentences shorter than this many tokens are not candidates on their own (they may still be fused).
MIN_TOKENS = 3
# Compressed forms per sentence that compete as candidates.
VARIANTS_PER_SENTENCE = 3
# A short fact may be joined to the sentence before it when it has at most this many tokens.
MAX_FUSED_TOKENS = 12
# Sentences compressed into candidates when the model chooses (the best as they stand).
EXPANDED_SENTENCES = 5


@dataclass
class Candidate:
    """One possible bullet: its text as the reader would see it, and where it comes from."""

    text: str
    sources: list[SourceSpan]
    view: int  # index of its (first) sentence in the views
    features: list[float]
    in_lead: bool
    source_text: str = ""  # its (first) sentence as the article has it
    numbers: tuple[NumberMention, ...] = ()  # the numbers of its sentences (found by analyse)

    @cached_property
    def is_content(self) -> bool:
        """Not a timestamp, «Lesen Sie auch», a cookie notice, … (tested for the few candidates the box considers)."""
        return discourse.noncontent(self.source_text) is None

    @property
    def sentences(self) -> set[int]:
        return {s.sentence for s in self.sources}

    @cached_property
    def facts(self) -> Facts:
        """What it says, for the redundancy rule (computed for the few candidates the box considers).

        Its words are a subsequence of its sentences', so their numbers are the
        ones whose text it kept: analyse found them once."""
        return Facts.of(self.text, [n for n in self.numbers if n.text in self.text])


def _span(s: Sentence) -> SourceSpan:
    return SourceSpan(s.index, s.start, s.end)


def content_sentences(doc: Document) -> list[Sentence]:
    """The sentences that can carry a bullet: no crossheads, no one-word lines.

    Non-content lines (timestamps, «Lesen Sie auch», …) are told apart only for the
    candidates the box considers (``Candidate.is_content``): the test costs more
    than the rest of a sentence's analysis."""
    return [s for s in doc.sentences if not s.crosshead and len(s.tokens) >= 2]


def _own_text(view: SentenceView, previous: SentenceView | None) -> tuple[str, bool] | None:
    """The sentence without its prefix, with a leading reference resolved; None when it cannot stand alone."""
    text = view.sentence.text
    pre = discourse.prefix(text)
    if pre:
        text = text[len(pre):].lstrip()
        text = text[:1].upper() + text[1:]
    if not discourse.anaphoric_start(text):
        return text, False
    if previous is None or previous.sentence.paragraph != view.sentence.paragraph:
        return None
    resolved = discourse.resolve([previous.sentence.text], text, [previous.sentence.names])
    return (resolved, True) if resolved else None


def _fusable(first: SentenceView, second: SentenceView) -> bool:
    """A short fact right after a sentence in the same paragraph, carrying a number (3500 weitere wurden verwundet)."""
    a, b = first.sentence, second.sentence
    return (a.paragraph == b.paragraph and b.index == a.index + 1 and len(b.tokens) <= MAX_FUSED_TOKENS
            and bool(b.numbers) and not discourse.anaphoric_start(b.text))


def _join(head: str, tail: str) -> str:
    head = head.rstrip(" .!")
    first = tail.split(" ", 1)[0]
    if first.lower() in stopwords():
        tail = tail[:1].lower() + tail[1:]
    return f"{head}, {tail}"


class Pool:
    """An article's candidates, made sentence by sentence as the box needs them.

    Compression costs more than anything else here, and the box rarely takes a
    sentence the model does not rank high as it stands: with ``prescore`` (the
    model), sentences are expanded into their variants best first, a batch at a
    time; without it, in article order."""

    def __init__(self, doc: Document, style: Style, semantic: bool = False,
                 prescore: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
        self.style = style
        sentences = content_sentences(doc)
        scores = None
        if semantic and sentences:
            from .embeddings import centrality

            scores = centrality([s.text for s in sentences])
        self.views = sentence_views(doc, sentences, scores)
        self.own = [_own_text(view, self.views[i - 1] if i else None) for i, view in enumerate(self.views)]
        usable = [i for i, o in enumerate(self.own) if o is not None and len(self.views[i].sentence.tokens) >= MIN_TOKENS]
        if prescore is not None and len(usable) > EXPANDED_SENTENCES:
            limit = style.max_chars
            rows = [row(self.views[i], min(len(self.own[i][0]), limit), limit, 0, False, self.own[i][1]) for i in usable]
            order = np.argsort(-prescore(matrix(rows)), kind="stable")
            usable = [usable[j] for j in order]
        self.pending = usable

    @property
    def exhausted(self) -> bool:
        return not self.pending

    def expand(self, n: int | None = None) -> list[Candidate]:
        """The candidates of the next ``n`` sentences (all that are left when None), in article order."""
        batch, self.pending = (self.pending, []) if n is None else (self.pending[:n], self.pending[n:])
        out: list[Candidate] = []
        for i in sorted(batch):
            out += self._of(i)
        return out

    def _of(self, i: int) -> list[Candidate]:
        style, views, own = self.style, self.views, self.own
        limit = style.max_chars
        view = views[i]
        s = view.sentence
        in_lead = bool(view.values[INDEX["in_lead"]])
        text, resolved = own[i]
        sources = [_span(s)] + ([_span(views[i - 1].sentence)] if resolved else [])
        out: list[Candidate] = []
        forms = variants(text, limit, style.telegraphic, VARIANTS_PER_SENTENCE)
        for rank, form in enumerate(forms):
            styled = style.apply(form.text)
            if len(styled) > (limit if form.fits else style.hard_limit) or is_fragment(styled):
                continue  # a sentence that cannot be shortened enough competes in its shortest faithful form
            out.append(Candidate(styled, list(sources), i, row(view, len(styled), limit, rank, False, resolved), in_lead, s.text,
                                 tuple(s.numbers)))
        if i + 1 < len(views) and own[i + 1] is not None and _fusable(view, views[i + 1]) and forms:
            tail = variants(own[i + 1][0], limit, style.telegraphic, 1)
            for rank, form in enumerate(forms):
                fused = style.apply(_join(form.text, tail[0].text)) if tail else ""
                if tail and tail[0].fits and form.fits and len(fused) <= limit and not is_fragment(fused):
                    out.append(Candidate(fused, [_span(s), _span(views[i + 1].sentence)], i,
                                         row(view, len(fused), limit, rank, True, resolved), in_lead, s.text,
                                         tuple(s.numbers) + tuple(views[i + 1].sentence.numbers)))
                    break
        return out


def candidates(doc: Document, style: Style, semantic: bool = False) -> tuple[list[SentenceView], list[Candidate]]:
    """Every candidate of the article, in article order, with its feature row."""
    pool = Pool(doc, style, semantic)
    return pool.views, pool.expand()
