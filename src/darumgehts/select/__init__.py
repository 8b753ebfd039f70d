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

import numpy as np

from ..models import Document, Draft
from ..style import Style
from .candidates import Candidate, candidates
from .features import FEATURES, dot, matrix
from .model import SelectorModel, available_models, load_model
from .redundancy import redundant

__all__ = ["choose", "Candidate", "candidates", "SelectorModel", "load_model", "available_models", "FEATURES"]

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


def choose(doc: Document, style: Style, model: SelectorModel, count: int, semantic: bool = False) -> Iterator[Draft]:
    """Drafts for the box, best first: ``count`` picks, then replacements, until the candidates run out."""
    views, cands = candidates(doc, style, semantic)
    if not cands:
        return
    scores = _standardise(model.predict(matrix([c.features for c in cands])))
    mu = model.param("redundancy", REDUNDANCY_WEIGHT)
    budget = style.box_chars or style.max_chars * count
    picked: list[Candidate] = []
    used_sentences: set[int] = set()
    lead_bullets = 0
    used_chars = 0
    similarity = np.zeros(len(cands))
    alive = np.ones(len(cands), dtype=bool)
    while alive.any():
        in_box = len(picked) < count
        value = np.where(alive, scores - mu * similarity, -np.inf)
        best = int(np.argmax(value))
        c = cands[best]
        alive[best] = False
        if c.sentences & used_sentences or any(redundant(c.facts, p.facts) for p in picked):
            continue
        if in_box and (c.in_lead and lead_bullets >= style.max_lead_bullets or used_chars + len(c.text) > budget):
            continue
        picked.append(c)
        used_sentences |= c.sentences
        lead_bullets += c.in_lead
        used_chars += len(c.text) if in_box else 0
        v = views[c.view].vector
        for i in np.flatnonzero(alive):
            similarity[i] = max(similarity[i], dot(views[cands[i].view].vector, v))
        yield Draft(c.text, list(c.sources), float(scores[best]))
