"""A newsroom's adjustment on top of the shipped model, learned from preferences between candidates.

Why an adjustment and not a retrained ensemble: the shipped trees were trained on thousands of articles with
reference summaries; a newsroom gives tens to hundreds of corrections. Refitting the trees on those would let a
few corrections move every split (and would need the base training data and LightGBM on the newsroom's
machine). Instead the trees stay as shipped, and a small correction is added to their score:

    score(x) = trees(x) + Σ linear_f · x_f + Σ present_f · [x_f ≠ 0]

fitted as a pairwise logistic model (Bradley-Terry) on «A was preferred over B», with the shipped model's
score difference as a fixed offset: P(A over B) = σ(trees(A) − trees(B) + w · (φ(A) − φ(B))). A preference
the shipped model already makes costs nothing; only disagreements move the weights. An L2 penalty holds the
weights near zero (near the shipped model), so the base training is not forgotten, and the gate on held-out
ROUGE-L checks that it was not. Fitting takes milliseconds (Newton's method on 2 × 37 weights, numpy only).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..select import FEATURES, SelectorModel
from ..select.features import matrix

NEWTON_STEPS = 25
# Features the adjustment leaves to the shipped model: where a sentence stands (the lead prior, which the base
# training holds monotone), what is the same for every sentence of an article, and the form of the candidate (how
# much the compressor cut). An editor's correction names a sentence; its position and form are confounded with the
# correction (the box had the early, well-cut ones), and learning them cost held-out ROUGE-L in the simulation
# (benchmarks/learning.py) while adding nothing to the agreement with the editor.
FIXED = frozenset({"position", "relative_position", "paragraph", "position_in_paragraph", "first_sentence", "in_lead",
                   "article_sentences", "has_title", "has_lead", "chars", "fill", "kept_share", "variant", "fused", "resolved"})


@dataclass(frozen=True)
class Pair:
    """One preference: the candidate with feature row ``better`` over the one with ``worse``, with a weight."""

    better: list[float]
    worse: list[float]
    weight: float
    source: str  # edit, approve, reject, reader


def _basis(x: np.ndarray) -> np.ndarray:
    return np.hstack([x, (x != 0).astype(np.float64)])


def fit(base: SelectorModel, pairs: list[Pair], regularization: float, fixed: frozenset[str] = FIXED) -> dict[str, dict[str, float]]:
    """The adjustment's weights ({"linear": {...}, "present": {...}}, features without weight left out)."""
    if not pairs:
        return {}
    a, b = matrix([p.better for p in pairs]), matrix([p.worse for p in pairs])
    weights = np.array([p.weight for p in pairs])
    offset = base.predict(a) - base.predict(b)
    diff = _basis(a) - _basis(b)
    scale = diff.std(axis=0)
    free = np.array([name not in fixed for name in FEATURES] * 2)
    used = (scale > 1e-9) & free
    z = diff[:, used] / scale[used]
    w = np.zeros(z.shape[1])
    eye = regularization * np.eye(z.shape[1])
    for _ in range(NEWTON_STEPS):
        p = 1.0 / (1.0 + np.exp(-np.clip(offset + z @ w, -50, 50)))
        gradient = z.T @ (weights * (p - 1.0)) + regularization * w
        hessian = (z.T * (weights * p * (1.0 - p))) @ z + eye
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    full = np.zeros(diff.shape[1])
    full[used] = w / scale[used]
    n = len(FEATURES)
    return {"linear": {f: round(float(v), 8) for f, v in zip(FEATURES, full[:n], strict=True) if v != 0},
            "present": {f: round(float(v), 8) for f, v in zip(FEATURES, full[n:], strict=True) if v != 0}}


def agreement(model: SelectorModel, pairs: list[Pair]) -> float | None:
    """Share of the pairs' weight the model orders as preferred."""
    if not pairs:
        return None
    a, b = matrix([p.better for p in pairs]), matrix([p.worse for p in pairs])
    weights = np.array([p.weight for p in pairs])
    return float(weights[model.predict(a) > model.predict(b)].sum() / weights.sum())
