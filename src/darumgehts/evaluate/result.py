"""What an evaluation run measured: per system, per article, and the figures derived from them."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .quality import BoxAssessment, Quality
from .rouge import METRICS

BOOTSTRAP_SAMPLES = 1000


def bootstrap_ci(values: list[float], samples: int = BOOTSTRAP_SAMPLES, seed: int = 7) -> tuple[float, float]:
    if not values:
        return (0.0, 0.0)
    arr = np.asarray(values)
    rng = np.random.default_rng(seed)
    means = arr[rng.integers(0, len(arr), size=(samples, len(arr)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


def length_stats(lengths: list[int]) -> dict:
    if not lengths:
        return {}
    arr = np.asarray(lengths)
    return {"count": int(arr.size), "mean": float(arr.mean()), "median": float(np.median(arr)),
            "p90": float(np.percentile(arr, 90)), "max": int(arr.max())}


@dataclass
class SystemScores:
    name: str
    scores: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METRICS})
    seconds: float = 0.0
    quality: Quality = field(default_factory=Quality)

    def mean(self, metric: str) -> float:
        vals = self.scores[metric]
        return float(np.mean(vals)) if vals else 0.0


@dataclass
class Box:
    """One system's bullets for one article, with its scores and flags."""

    system: str
    bullets: list[str]
    rouge: dict[str, float]
    assessment: BoxAssessment
    verdicts: list[str] | None = None  # the checker's verdict per bullet; None for a baseline
    rejected: list[str] = field(default_factory=list)  # bullets the checker took out of our box
    status: str | None = None  # published or needs_review; None for a baseline


@dataclass
class Case:
    """One evaluated article: its reference and every system's box, ours first."""

    id: str
    title: str | None
    reference: list[str]
    boxes: list[Box] = field(default_factory=list)
    opening: str | None = None  # the article's first words, a headline for articles without a title

    @property
    def ours(self) -> Box:
        return self.boxes[0]


@dataclass
class EvalResult:
    data: str
    articles: int
    skipped: list[tuple[str, str]]
    systems: list[SystemScores]
    bullet_lengths: list[int]
    bullets_checked: int
    bullets_passed: int
    needs_review: int
    style: str
    style_origin: str = "setting"  # where the style came from: "data", "setting" or "option" (--style)
    style_evidence: tuple[int, int] | None = None  # with "data": records of that style, records scanned
    cases: list[Case] = field(default_factory=list)
    summaries: list = field(default_factory=list)  # our boxes (Summary), for the language-model figures

    def style_note(self, lang: str = "en") -> str:
        """Where the style came from, in words: «from the data: 10 of 10 records», «the style setting»."""
        if self.style_origin == "data" and self.style_evidence:
            n, total = self.style_evidence
            return f"aus den Daten: {n} von {total} Artikeln" if lang == "de" else f"from the data: {n} of {total} records"
        if self.style_origin == "option":
            return "mit --style gewählt" if lang == "de" else "--style"
        return "Voreinstellung" if lang == "de" else "the style setting"

    def to_dict(self) -> dict:
        return {
            "data": self.data,
            "articles": self.articles,
            "skipped": len(self.skipped),
            "style": self.style,
            "style_origin": self.style_origin,
            "style_evidence": list(self.style_evidence) if self.style_evidence else None,
            "systems": {
                s.name: {m: {"mean": s.mean(m), "ci95": bootstrap_ci(s.scores[m])} for m in METRICS}
                | {"seconds": s.seconds, "quality": s.quality.to_dict()}
                for s in self.systems
            },
            "bullet_length": length_stats(self.bullet_lengths),
            "supported_share": self.bullets_passed / self.bullets_checked if self.bullets_checked else None,
            "needs_review": self.needs_review,
        } | ({"generation": self.generation()} if any(getattr(s, "generation", None) for s in self.summaries) else {})

    def generation(self) -> dict:
        """The language-model figures (rejections, repairs, fallbacks, time) over our boxes."""
        from ..generate.figures import figures

        return figures(self.summaries)

    def examples(self) -> list[tuple[str, Case]]:
        """The best, median and worst article by our ROUGE-L, labelled (fewer when there are fewer articles)."""
        ranked = sorted(self.cases, key=lambda c: (-c.ours.rouge["rougeL"], c.id))
        if not ranked:
            return []
        picks = [("best", ranked[0]), ("median", ranked[len(ranked) // 2]), ("worst", ranked[-1])]
        out: list[tuple[str, Case]] = []
        for label, case in picks:
            if all(case is not other for _, other in out):
                out.append((label, case))
        return out
