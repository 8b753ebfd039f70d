"""Learn: train the selector's model from articles with human summaries.

``darumgehts train DATA... --out MODEL`` turns every article into its bullet
candidates (the same ones the pipeline scores, in each house style given) and
finds the box the human summary would have chosen: greedily, under the same box
rules, the candidates that raise the box's ROUGE-L against the summary most. A
candidate is labelled 1 when it belongs to that box, and LightGBM learns the
labels (a set-level target: a candidate that repeats a better one is labelled
0). The set-choice parameter (how much redundancy weighs) is picked by
cross-validation over batches of articles, which also gives the figures the
command prints. Everything is seeded, single-threaded and deterministic: the
same data give the same file.

A DATA argument may take a slice of its records: ``mlsum-de.jsonl.gz[2000:]``
trains on all records from the 2,001st on (the first 2,000 are the held-out
set the benchmarks report).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import __version__
from ..analyse import analyse
from ..errors import ConfigError, InputError
from ..evaluate import load, rouge
from ..models import Article
from ..select import FEATURES, Box, SelectorModel, choose
from ..select.candidates import Candidate, candidates
from ..select.features import SentenceView, matrix
from ..select.model import EMBEDDING_SUFFIX, TreeArrays
from ..settings import Settings
from ..style import Style, load_style

_SLICE = re.compile(r"^(?P<path>.+?)\[(?P<start>\d*):(?P<stop>\d*)\]$")
# LightGBM settings of the shipped model. Small trees and a strong minimum leaf
# size: the model must generalise from one newspaper's teasers to other news.
PARAMS = {
    "objective": "binary", "learning_rate": 0.1, "num_leaves": 15, "max_depth": 4, "min_data_in_leaf": 60,
    "feature_fraction": 0.8, "bagging_fraction": 0.8, "bagging_freq": 1, "lambda_l2": 1.0,
    "verbose": -1, "deterministic": True, "force_row_wise": True, "num_threads": 1,
}
# 80 trees of depth 4 score 40 candidates in about 0.1 ms with numpy (select/model.py).
ROUNDS = 80
# Earlier sentences never score lower, other things equal: the lead prior of news writing.
MONOTONE = {"position": -1, "relative_position": -1, "first_sentence": 1}
REDUNDANCY_GRID = (0.0, 0.25, 0.5)


@dataclass
class DataSpec:
    path: Path
    start: int | None = None
    stop: int | None = None

    @classmethod
    def parse(cls, spec: str) -> DataSpec:
        m = _SLICE.match(spec)
        if not m:
            return cls(Path(spec))
        return cls(Path(m["path"]), int(m["start"]) if m["start"] else None, int(m["stop"]) if m["stop"] else None)

    def __str__(self) -> str:
        if self.start is None and self.stop is None:
            return self.path.name
        return f"{self.path.name}[{self.start or ''}:{self.stop or ''}]"

    def articles(self, settings: Settings) -> list[Article]:
        if not self.path.exists():
            raise InputError(f"{self.path}: no such file.")
        articles, _ = load(self.path, settings, self.stop)
        return articles[self.start or 0:]


@dataclass
class Examples:
    """Candidates of many articles: their feature rows, labels and article groups."""

    rows: list[list[float]] = field(default_factory=list)
    labels: list[float] = field(default_factory=list)
    groups: list[int] = field(default_factory=list)  # article number per row
    articles: list[tuple[Article, str]] = field(default_factory=list)  # (article, style name)


def ids_hash(articles: list[Article]) -> str:
    """SHA-256 of the article ids a model was trained on, in order."""
    digest = hashlib.sha256()
    for art in articles:
        digest.update(art.id.encode("utf-8") + b"\n")
    return digest.hexdigest()


def best_box(views: list[SentenceView], cands: list[Candidate], style: Style, count: int, reference: str) -> list[Candidate]:
    """The box the human summary would have chosen: greedily, the candidate that raises the box's
    ROUGE-L against the reference most, under the same box rules as the pipeline."""
    box = Box.for_article(views, style, count)
    score = 0.0
    while not box.full:
        options = [(rouge(box.text(c), reference)["rougeL"], -i) for i, c in enumerate(cands) if box.admits(c)]
        if not options:
            break
        best, neg_i = max(options)
        if best <= score:
            break
        box.add(cands[-neg_i])
        score = best
    return box.picked


def examples(articles: list[Article], styles: list[str], settings: Settings, semantic: bool = False) -> Examples:
    """Every candidate of every article, labelled 1 when it belongs to the article's best box, else 0."""
    ex = Examples()
    for style_name in styles:
        style = load_style(style_name, settings.styles_dir)
        for art in articles:
            try:
                views, cands = candidates(analyse(art), style, semantic)
            except InputError:
                continue
            if len(cands) < 2:
                continue
            n = len(ex.articles)
            ex.articles.append((art, style_name))
            chosen = {id(c) for c in best_box(views, cands, style, settings.bullets, " ".join(art.reference or []))}
            for c in cands:
                ex.rows.append(c.features)
                ex.labels.append(float(id(c) in chosen))
                ex.groups.append(n)
    return ex


def _lightgbm():
    try:
        import lightgbm
    except ImportError:
        raise ConfigError("Training needs LightGBM: pip install 'darumgehts[train]'.") from None
    return lightgbm


def fit(x: np.ndarray, y: np.ndarray, seed: int, rounds: int = ROUNDS) -> tuple[TreeArrays, dict]:
    lgb = _lightgbm()
    params = dict(PARAMS, seed=seed, monotone_constraints=[MONOTONE.get(name, 0) for name in FEATURES])
    booster = lgb.train(params, lgb.Dataset(x, y, free_raw_data=True), rounds)
    gains = booster.feature_importance("gain")
    total = float(gains.sum()) or 1.0
    importance = {FEATURES[i]: round(float(g) / total, 4) for i, g in sorted(enumerate(gains), key=lambda t: -t[1]) if g > 0}
    return TreeArrays.from_lightgbm(booster.dump_model()), importance


def _box_rouge(model: SelectorModel, art: Article, style, count: int) -> float:
    doc = analyse(art)
    drafts = []
    for d in choose(doc, style, model, count):
        drafts.append(d)
        if len(drafts) == count:
            break
    drafts.sort(key=lambda d: d.sources[0].sentence)
    return rouge(" ".join(d.text for d in drafts), " ".join(art.reference or []))["rougeL"]


def _fold(article_id: str, folds: int, seed: int) -> int:
    """The fold of an article. Articles whose ids differ only after the last «-» (a batch of one
    newspaper's day or section, as in mlsum-de-test-b0470-58) share a fold, so a batch's topics
    never help to score itself."""
    batch = article_id.rsplit("-", 1)[0]
    return int(hashlib.sha256(f"{seed}:{batch}".encode()).hexdigest(), 16) % folds


def cross_validate(ex: Examples, settings: Settings, seed: int, folds: int, version: str) -> dict:
    """ROUGE-L of the chosen boxes on held-out folds of articles, per redundancy weight, against the lead backend."""
    from ..backends.builtin import LeadBackend

    x, y, groups = matrix(ex.rows), np.asarray(ex.labels), np.asarray(ex.groups)
    article_fold = np.array([_fold(art.id, folds, seed) for art, _ in ex.articles])
    ours: dict[float, list[float]] = {mu: [] for mu in REDUNDANCY_GRID}
    lead: list[float] = []
    styles = {name: load_style(name, settings.styles_dir) for name in {s for _, s in ex.articles}}
    for fold in range(folds):
        train_rows = article_fold[groups] != fold
        trees, _ = fit(x[train_rows], y[train_rows], seed)
        for i in np.flatnonzero(article_fold == fold):
            art, style_name = ex.articles[i]
            style = styles[style_name]
            for mu in REDUNDANCY_GRID:
                model = SelectorModel(version, "trees", FEATURES, trees, selection={"redundancy": mu})
                ours[mu].append(_box_rouge(model, art, style, settings.bullets))
            lead.append(_box_rouge(LeadBackend.model, art, style, settings.bullets))
    means = {mu: float(np.mean(v)) for mu, v in ours.items()}
    best = max(means, key=lambda mu: (means[mu], -mu))
    return {"folds": folds, "articles": len(ex.articles), "rougeL_by_redundancy": {str(mu): round(m, 4) for mu, m in means.items()},
            "redundancy": best, "rougeL": round(means[best], 4), "lead_backend_rougeL": round(float(np.mean(lead)), 4)}


def train(specs: list[str], out: Path, settings: Settings, styles: list[str], seed: int = 7, folds: int = 5,
          version: str | None = None, semantic: bool = False, log=print) -> SelectorModel:
    """Train, cross-validate and save a selector model; returns it."""
    t0 = time.perf_counter()
    data = [DataSpec.parse(s) for s in specs]
    articles = [a for spec in data for a in spec.articles(settings)]
    if not articles:
        raise InputError("No article with a reference summary to train on.")
    log(f"{len(articles)} articles from {', '.join(map(str, data))}; styles {', '.join(styles)}")
    ex = examples(articles, styles, settings, semantic)
    log(f"{len(ex.rows)} candidates from {len(ex.articles)} boxes ({time.perf_counter() - t0:.0f} s)")
    version = version or datetime.date.today().strftime("%Y.%m.%d") + (EMBEDDING_SUFFIX if semantic else "")
    cv = cross_validate(ex, settings, seed, folds, version) if folds > 1 else {}
    if cv:
        log(f"cross-validated ROUGE-L ({folds} folds): {cv['rougeL']:.4f} (lead backend {cv['lead_backend_rougeL']:.4f}); "
            f"by redundancy weight {cv['rougeL_by_redundancy']}")
    trees, importance = fit(matrix(ex.rows), np.asarray(ex.labels), seed)
    model = SelectorModel(version, "trees", FEATURES, trees, selection={"redundancy": cv.get("redundancy", 0.25)}, meta={
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "darumgehts": __version__,
        "command": "darumgehts train " + " ".join(specs) + f" --style {','.join(styles)} --seed {seed} --folds {folds}"
                   + (" --embeddings" if semantic else ""),
        "data": [str(s) for s in data], "ids_sha256": ids_hash(articles),
        "articles": len(articles), "candidates": len(ex.rows), "seed": seed, "params": PARAMS, "rounds": ROUNDS,
        "monotone": MONOTONE, "embeddings": semantic, "cv": cv, "importance": importance, "seconds": round(time.perf_counter() - t0, 1),
    })
    if semantic and "embedding_centrality" not in importance:
        log("note: the embedding feature was not used by the trees")
    model.save(out)
    log(f"wrote {out} (version {version}, {trees.feature.shape[0]} trees, {time.perf_counter() - t0:.0f} s)")
    return model
