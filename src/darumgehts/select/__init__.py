"""Select: choose the box's set of bullets under the style's budget.

Candidates are the forms of the article's sentences that fit the style
(``candidates.py``); a versioned model scores them (``model.py``); the set is
chosen greedily, each pick maximising the model's score minus its similarity to
what is already in the box, under hard rules: no two bullets that say the same
thing (``redundancy.py``), no sentence twice, at most ``max_lead_bullets``
bullets from the lead (which the reader sees anyway), and the box's character
budget. Drafts are yielded best first and lazily: the picks for the box, then
replacements in case the checker rejects one.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

from ..models import Document, Draft
from ..style import Style
from .candidates import EXPANDED_SENTENCES, Candidate, Pool, candidates
from .features import FEATURES, INDEX, SentenceView, matrix
from .model import SelectorModel, available_models, load_model
from .redundancy import Facts, redundant

__all__ = ["choose", "Box", "Candidate", "candidates", "SelectorModel", "load_model", "available_models", "FEATURES"]

# How much a candidate's similarity to a bullet already chosen weighs against its score
# (scores are standardised per article). A model file may set its own.
REDUNDANCY_WEIGHT = 0.25


def check_features(model: SelectorModel) -> None:
    from ..errors import ConfigError

    if tuple(model.features) != FEATURES:
        raise ConfigError(f"Selector model {model.version} was trained on other features; retrain it with darumgehts train.")


@dataclass
class Box:
    """The box being filled, and the rules a bullet must pass to join it."""

    style: Style
    count: int
    lead: list[Facts] = field(default_factory=list)  # what the lead's sentences say
    picked: list[Candidate] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    lead_bullets: int = 0
    chars: int = 0

    @classmethod
    def for_article(cls, views: list[SentenceView], style: Style, count: int) -> Box:
        """An empty box for an article, knowing what its lead says."""
        return cls(style, count, [Facts.of(v.sentence.text) for v in views if v.values[INDEX["in_lead"]]])

    @property
    def budget(self) -> int:
        return self.style.box_chars or self.style.max_chars * self.count

    @property
    def full(self) -> bool:
        return len(self.picked) >= self.count

    def admits(self, c: Candidate) -> bool:
        """Article content, not a sentence the box has, nothing it says already; while the box fills, the lead and budget rules."""
        if c.sentences & self.sentences or not c.is_content or any(redundant(c.facts, p.facts) for p in self.picked):
            return False
        if self.full:
            return True  # a replacement for a bullet the checker rejects
        return not (self.lead_bullets >= self.style.max_lead_bullets and self.repeats_lead(c)) and self.chars + len(c.text) <= self.budget

    def repeats_lead(self, c: Candidate) -> bool:
        """From the lead, or saying what a lead sentence says: readers see the lead right above the box."""
        return c.in_lead or any(redundant(c.facts, f) for f in self.lead)

    def add(self, c: Candidate) -> None:
        if not self.full:
            self.lead_bullets += self.repeats_lead(c)
            self.chars += len(c.text)
        self.picked.append(c)
        self.sentences |= c.sentences

    def text(self, extra: Candidate | None = None) -> str:
        """The bullets in article order, as one text (for scoring a box)."""
        chosen = self.picked + ([extra] if extra is not None else [])
        return " ".join(c.text for c in sorted(chosen, key=lambda c: c.sources[0].sentence))


def choose(doc: Document, style: Style, model: SelectorModel, count: int, semantic: bool = False) -> Iterator[Draft]:
    """Drafts for the box, best first: ``count`` picks, then replacements, until the candidates run out."""
    pool = Pool(doc, style, semantic, model.predict)
    cands = pool.expand(EXPANDED_SENTENCES)
    if not cands and pool.exhausted:
        return
    raw = model.predict(matrix([c.features for c in cands])) if cands else np.zeros(0)
    centre, spread = (float(raw.mean()), float(raw.std()) or 1.0) if raw.size > 1 else (0.0, 1.0)
    scores = (raw - centre) / spread  # standardised once, by the first batch: later batches keep the scale
    mu = model.param("redundancy", REDUNDANCY_WEIGHT)
    box = Box.for_article(pool.views, style, count)
    unit = np.vstack([v.vector for v in pool.views])
    view_similarity = unit @ unit.T
    of_view = np.array([c.view for c in cands], dtype=int)
    similarity = np.zeros(len(cands))
    alive = np.ones(len(cands), dtype=bool)
    while True:
        if not alive.any():
            if pool.exhausted:
                return
            more = pool.expand(EXPANDED_SENTENCES)  # the box is not full yet, or a replacement is asked for
            if not more:
                return
            cands += more
            scores = np.concatenate([scores, (model.predict(matrix([c.features for c in more])) - centre) / spread])
            new_views = np.array([c.view for c in more], dtype=int)
            of_view = np.concatenate([of_view, new_views])
            picked_views = [c.view for c in box.picked]
            extra = view_similarity[np.ix_(new_views, picked_views)].max(axis=1) if picked_views else np.zeros(len(more))
            similarity = np.concatenate([similarity, extra])
            alive = np.concatenate([alive, np.ones(len(more), dtype=bool)])
        best = int(np.argmax(np.where(alive, scores - mu * similarity, -np.inf)))
        alive[best] = False
        c = cands[best]
        if not box.admits(c):
            continue
        box.add(c)
        np.maximum(similarity, view_similarity[of_view, c.view], out=similarity)
        yield Draft(c.text, list(c.sources), float(scores[best]))
