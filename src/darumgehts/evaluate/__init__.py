"""Evaluate: ROUGE against reference summaries, with peers in the same run.

For every article the reference is the record's ``summary``; a lead that *is*
the reference (tagesschau) is removed from the input before any system sees it.
"""

from __future__ import annotations

import base64
import io
import time
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

import numpy as np

from ..errors import InputError
from ..ingest import read
from ..models import Article
from ..pipeline import Summarizer
from ..settings import Settings
from .baselines import baseline
from .rouge import METRICS, rouge

__all__ = ["EvalResult", "evaluate", "format_table", "write_report", "rouge", "bootstrap_ci", "slice_hash"]

BOOTSTRAP_SAMPLES = 1000


def slice_hash(path: Path, limit: int | None = None) -> str:
    """SHA-256 of the ids of the first ``limit`` records: which articles a figure was measured on."""
    import gzip
    import hashlib
    import json

    digest = hashlib.sha256()
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            digest.update(str(json.loads(line).get("id", i)).encode("utf-8") + b"\n")
    return digest.hexdigest()


def bootstrap_ci(values: list[float], samples: int = BOOTSTRAP_SAMPLES, seed: int = 7) -> tuple[float, float]:
    if not values:
        return (0.0, 0.0)
    arr = np.asarray(values)
    rng = np.random.default_rng(seed)
    means = arr[rng.integers(0, len(arr), size=(samples, len(arr)))].mean(axis=1)
    return float(np.percentile(means, 2.5)), float(np.percentile(means, 97.5))


@dataclass
class SystemScores:
    name: str
    scores: dict[str, list[float]] = field(default_factory=lambda: {m: [] for m in METRICS})
    seconds: float = 0.0

    def mean(self, metric: str) -> float:
        vals = self.scores[metric]
        return float(np.mean(vals)) if vals else 0.0


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

    def to_dict(self) -> dict:
        return {
            "data": self.data,
            "articles": self.articles,
            "skipped": len(self.skipped),
            "style": self.style,
            "systems": {
                s.name: {m: {"mean": s.mean(m), "ci95": bootstrap_ci(s.scores[m])} for m in METRICS} | {"seconds": s.seconds}
                for s in self.systems
            },
            "bullet_length": length_stats(self.bullet_lengths),
            "supported_share": self.bullets_passed / self.bullets_checked if self.bullets_checked else None,
            "needs_review": self.needs_review,
        }


def length_stats(lengths: list[int]) -> dict:
    if not lengths:
        return {}
    arr = np.asarray(lengths)
    return {"count": int(arr.size), "mean": float(arr.mean()), "median": float(np.median(arr)),
            "p90": float(np.percentile(arr, 90)), "max": int(arr.max())}


def _normal(text: str) -> str:
    return " ".join(text.split()).lower()


def prepare(article: Article) -> Article | None:
    """Drop a lead that is the reference; None when there is no reference."""
    if not article.reference:
        return None
    ref = _normal(" ".join(article.reference))
    if article.lead and (_normal(article.lead) == ref or _normal(article.lead) in ref or ref in _normal(article.lead)):
        article.lead = None
    return article


def load(path: Path, settings: Settings, limit: int | None = None) -> tuple[list[Article], list[tuple[str, str]]]:
    articles, skipped = [], []
    for item in read(str(path), settings, "jsonl"):
        if item.article is None:
            skipped.append((item.id, item.error or "unreadable"))
        else:
            art = prepare(item.article)
            if art is None:
                skipped.append((item.id, "no reference summary"))
            else:
                articles.append(art)
        if limit and len(articles) >= limit:
            break
    return articles, skipped


def evaluate(path: Path, settings: Settings, baselines: list[str], limit: int | None = None) -> EvalResult:
    articles, skipped = load(path, settings, limit)
    if not articles:
        raise InputError(f"{path}: no article with a reference summary to evaluate.")
    summarizer = Summarizer.from_settings(settings)
    ours = SystemScores(f"darumgehts ({summarizer.backend.id})")
    lengths: list[int] = []
    checked = passed = review = 0
    t0 = time.perf_counter()
    outputs: list[tuple[Article, str | None]] = []
    for art in articles:
        try:
            summary = summarizer(art)
        except InputError as exc:
            skipped.append((art.id, str(exc)))
            outputs.append((art, None))
            continue
        outputs.append((art, " ".join(b.text for b in summary.bullets)))
        lengths.extend(len(b.text) for b in summary.bullets)
        checked += len(summary.bullets) + len(summary.rejected)
        passed += sum(1 for b in summary.bullets if b.verdict == "supported")
        review += summary.status != "published"
    ours.seconds = time.perf_counter() - t0
    kept = [(a, text) for a, text in outputs if text is not None]
    for art, text in kept:
        for m, v in rouge(text, " ".join(art.reference)).items():
            ours.scores[m].append(v)
    systems = [ours]
    for name in baselines:
        fn = baseline(name)
        sys_scores = SystemScores(name)
        t0 = time.perf_counter()
        for art, _ in kept:
            cand = " ".join(fn(art, settings.bullets))
            for m, v in rouge(cand, " ".join(art.reference)).items():
                sys_scores.scores[m].append(v)
        sys_scores.seconds = time.perf_counter() - t0
        systems.append(sys_scores)
    return EvalResult(str(path), len(kept), skipped, systems, lengths, checked, passed, review, summarizer.style.name)


def format_table(result: EvalResult) -> str:
    lines = [f"{result.data}: {result.articles} articles, style {result.style}"
             + (f", {len(result.skipped)} skipped" if result.skipped else "")]
    lines.append(f"{'system':28} " + " ".join(f"{m.upper():>22}" for m in METRICS))
    for s in result.systems:
        cells = []
        for m in METRICS:
            lo, hi = bootstrap_ci(s.scores[m])
            cells.append(f"{s.mean(m):.4f} [{lo:.3f}–{hi:.3f}]".rjust(22))
        lines.append(f"{s.name:28} " + " ".join(cells))
    st = length_stats(result.bullet_lengths)
    if st:
        lines.append(f"bullet length: mean {st['mean']:.0f}, median {st['median']:.0f}, p90 {st['p90']:.0f}, max {st['max']} characters")
    if result.bullets_checked:
        lines.append(f"check: {result.bullets_passed}/{result.bullets_checked} bullets supported "
                     f"({result.bullets_passed / result.bullets_checked:.1%}); {result.needs_review} boxes need review")
    return "\n".join(lines)


def _plot(result: EvalResult) -> str:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4))
    width = 0.8 / len(result.systems)
    x = np.arange(len(METRICS))
    for i, s in enumerate(result.systems):
        means = [s.mean(m) for m in METRICS]
        cis = [bootstrap_ci(s.scores[m]) for m in METRICS]
        err = [[mu - lo for mu, (lo, _) in zip(means, cis, strict=True)], [hi - mu for mu, (_, hi) in zip(means, cis, strict=True)]]
        ax1.bar(x + i * width, means, width, yerr=err, capsize=3, label=s.name)
    ax1.set_xticks(x + width * (len(result.systems) - 1) / 2, [m.upper() for m in METRICS])
    ax1.set_ylabel("F1 (95% bootstrap CI)")
    ax1.legend(fontsize=8)
    ax1.set_title("ROUGE F1")
    ax2.hist(result.bullet_lengths, bins=30, color="#c00")
    ax2.set_title("Bullet length (characters)")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def write_report(result: EvalResult, path: Path) -> None:
    rows = "".join(
        "<tr><td>{}</td>{}</tr>".format(
            escape(s.name),
            "".join("<td>{:.4f} <small>[{:.3f}–{:.3f}]</small></td>".format(s.mean(m), *bootstrap_ci(s.scores[m])) for m in METRICS),
        )
        for s in result.systems
    )
    st = length_stats(result.bullet_lengths)
    share = f"{result.bullets_passed / result.bullets_checked:.1%}" if result.bullets_checked else "n/a"
    skipped = "".join(f"<li>{escape(i)}: {escape(e)}</li>" for i, e in result.skipped[:50])
    html = f"""<!doctype html><html lang="en"><meta charset="utf-8"><title>darumgehts evaluation</title>
<style>body{{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto}}td,th{{padding:.3em .8em;text-align:left}}</style>
<h1>darumgehts evaluation</h1>
<p>{escape(result.data)}: {result.articles} articles, style <b>{escape(result.style)}</b>.</p>
<table><tr><th>system</th>{''.join(f'<th>{m.upper()} F1</th>' for m in METRICS)}</tr>{rows}</table>
<p>Bullet length: mean {st.get('mean', 0):.0f}, median {st.get('median', 0):.0f}, p90 {st.get('p90', 0):.0f}, max {st.get('max', 0)} characters.
Bullets the checker supports: {share}. Boxes needing review: {result.needs_review}.</p>
<img alt="ROUGE scores and bullet lengths" src="data:image/png;base64,{_plot(result)}">
<h2>Skipped ({len(result.skipped)})</h2><ul>{skipped}</ul>
</html>"""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, "utf-8")
