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
from .candidates import Candidate, candidates
from .features import FEATURES, matrix
from .model import SelectorModel, available_models, load_model
from .redundancy import redundant

__all__ = ["choose", "Box", "Candidate", "candidates", "SelectorModel", "load_model", "available_models", "FEATURES"]

# How much a candidate's similarity to a bullet already chosen weighs against its score
# (scores are standardised per article). A model file may set its own.
REDUNDANCY_WEIGHT = 0.25


def _standardise(scores: np.ndarray) -> np.ndarray:
    if scores.size < 2:
        return np.zeros_like(scores)
    sd = float(scores.std())
    return (scores - scores.mean()) / sd if sd > 1e-12 else np.zeros_like(scores)


def check_features(model: SelectorModel) -> None:
    from ..errors import ConfigError

    if tuple(model.features) != FEATURES:
        raise ConfigError(f"Selector model {model.version} was trained on other features; retrain it with darumgehts train.")


@dataclass
class Box:
    """The box being filled, and the rules a bullet must pass to join it."""

    style: Style
    count: int
    picked: list[Candidate] = field(default_factory=list)
    sentences: set[int] = field(default_factory=set)
    lead_bullets: int = 0
    chars: int = 0

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
        return not (c.in_lead and self.lead_bullets >= self.style.max_lead_bullets) and self.chars + len(c.text) <= self.budget

    def add(self, c: Candidate) -> None:
        if not self.full:
            self.lead_bullets += c.in_lead
            self.chars += len(c.text)
        self.picked.append(c)
        self.sentences |= c.sentences

    def text(self, extra: Candidate | None = None) -> str:
        """The bullets in article order, as one text (for scoring a box)."""
        chosen = self.picked + ([extra] if extra is not None else [])
        return " ".join(c.text for c in sorted(chosen, key=lambda c: c.sources[0].sentence))


def choose(doc: Document, style: Style, model: SelectorModel, count: int, semantic: bool = False) -> Iterator[Draft]:
    """Drafts for the box, best first: ``count`` picks, then replacements, until the candidates run out."""
    views, cands = candidates(doc, style, semantic, model.predict)
    if not cands:
        return
    scores = _standardise(model.predict(matrix([c.features for c in cands])))
    mu = model.param("redundancy", REDUNDANCY_WEIGHT)
    box = Box(style, count)
    view_similarity = _similarities([v.vector for v in views])
    of_view = np.array([c.view for c in cands])
    similarity = np.zeros(len(cands))
    alive = np.ones(len(cands), dtype=bool)
    while alive.any():
        best = int(np.argmax(np.where(alive, scores - mu * similarity, -np.inf)))
        alive[best] = False
        c = cands[best]
        if not box.admits(c):
            continue
        box.add(c)
        np.maximum(similarity, view_similarity[of_view, c.view], out=similarity)
        yield Draft(c.text, list(c.sources), float(scores[best]))


def _similarities(vectors: list[dict[str, float]]) -> np.ndarray:
    """Cosine similarity of every pair of sentences (their unit TF-IDF vectors)."""
    vocabulary: dict[str, int] = {}
    for v in vectors:
        for k in v:
            vocabulary.setdefault(k, len(vocabulary))
    dense = np.zeros((len(vectors), max(len(vocabulary), 1)))
    for i, v in enumerate(vectors):
        for k, x in v.items():
            dense[i, vocabulary[k]] = x
    return dense @ dense.T
