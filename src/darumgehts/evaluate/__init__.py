"""Evaluate: ROUGE against reference summaries, with peers in the same run.

For every article the reference is the record's ``summary``; a lead that *is*
the reference (tagesschau) is removed from the input before any system sees it.
"""

from __future__ import annotations

import time
from pathlib import Path

from ..errors import InputError
from ..ingest import read
from ..models import Article, Summary
from ..pipeline import Summarizer
from ..settings import Settings
from .baselines import baseline
from .quality import Quality, assess
from .report import format_table, write_report, write_side_by_side
from .result import BOOTSTRAP_SAMPLES, Box, Case, EvalResult, SystemScores, bootstrap_ci, length_stats
from .rouge import METRICS, rouge
from .source import detect_style

__all__ = [
    "BOOTSTRAP_SAMPLES", "METRICS", "Box", "Case", "EvalResult", "Quality", "SystemScores", "bootstrap_ci", "evaluate",
    "format_table", "length_stats", "prepare", "rouge", "slice_hash", "write_report", "write_side_by_side",
]


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


def _opening(article: Article, chars: int = 80) -> str | None:
    """The first words of the article (at most ``chars`` characters, cut at a word), for a page's headline."""
    text = next((b.text for b in article.blocks() if b.text.strip()), "")
    if len(text) <= chars:
        return text or None
    return text[:chars].rsplit(" ", 1)[0].rstrip(" ,;:–-") + " …"


def evaluate(path: Path, settings: Settings, baselines: list[str], limit: int | None = None, *,
             style_from_data: bool = False) -> EvalResult:
    """Score our boxes and the baselines against the references in ``path``.

    With ``style_from_data`` the boxes are written in the style of the data
    (see :mod:`.source`) when the records name a newsroom with a style, in the
    ``style`` setting otherwise. Every box, ours and the baselines', is kept on
    the result's ``cases`` with its per-article ROUGE and quality flags."""
    origin, evidence = "setting", None
    if style_from_data and (found := detect_style(path, limit)) is not None:
        settings = settings.model_copy(update={"style": found.style})
        origin, evidence = "data", (found.records, found.scanned)
    articles, skipped = load(path, settings, limit)
    if not articles:
        raise InputError(f"{path}: no article with a reference summary to evaluate.")
    summarizer = Summarizer.from_settings(settings)
    ours = SystemScores(f"darumgehts ({summarizer.backend.id})")
    lengths: list[int] = []
    checked = passed = review = 0
    t0 = time.perf_counter()
    outputs: list[tuple[Article, Summary | None]] = []
    for art in articles:
        try:
            summary = summarizer(art)
        except InputError as exc:
            skipped.append((art.id, str(exc)))
            outputs.append((art, None))
            continue
        outputs.append((art, summary))
        lengths.extend(len(b.text) for b in summary.bullets)
        checked += len(summary.bullets) + len(summary.rejected)
        passed += sum(1 for b in summary.bullets if b.verdict == "supported")
        review += summary.status != "published"
    ours.seconds = time.perf_counter() - t0
    kept = [(a, s) for a, s in outputs if s is not None]
    cases = []
    for art, summary in kept:
        bullets = [b.text for b in summary.bullets]
        scores = rouge(" ".join(bullets), " ".join(art.reference))
        for m, v in scores.items():
            ours.scores[m].append(v)
        box = Box(ours.name, bullets, scores, assess(bullets, art.reference), [b.verdict for b in summary.bullets],
                  [b.text for b in summary.rejected], summary.status)
        ours.quality.add(box.assessment)
        cases.append(Case(art.id, art.title, list(art.reference), [box], _opening(art)))
    systems = [ours]
    for name in baselines:
        fn = baseline(name)
        sys_scores = SystemScores(name)
        t0 = time.perf_counter()
        candidates = []
        for art, _ in kept:
            bullets = list(fn(art, settings.bullets))
            scores = rouge(" ".join(bullets), " ".join(art.reference))
            for m, v in scores.items():
                sys_scores.scores[m].append(v)
            candidates.append((bullets, scores))
        sys_scores.seconds = time.perf_counter() - t0
        for case, (bullets, scores) in zip(cases, candidates, strict=True):
            box = Box(name, bullets, scores, assess(bullets, case.reference))
            sys_scores.quality.add(box.assessment)
            case.boxes.append(box)
        systems.append(sys_scores)
    return EvalResult(str(path), len(kept), skipped, systems, lengths, checked, passed, review, summarizer.style.name,
                      origin, evidence, cases, [s for _, s in kept])
