"""``darumgehts train --from-db URL``: fold the newsroom's signals into a new model version, behind a gate.

1. The signals since ``--since`` (all when not given) become weighted preferences (``signals.py``).
2. An adjustment on top of the shipped model is fitted to them (``adjust.py``); the shipped model itself is
   never changed, and every version is fitted afresh from the shipped model and the whole window.
3. The new version, the version before it (the active one, or the shipped model) and the shipped model choose
   boxes for the held-out sets (``learning.heldout``); ROUGE-L against their references is measured for all in
   the same run.
4. The version is recorded. It goes live only if its ROUGE-L over the held-out articles is no more than
   ``learning.max_drop`` (0.005: 0.5 points) below the version before, and below the shipped model (so versions
   cannot drift away from it 0.5 points at a time); otherwise it is kept, not active, with the reason.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import numpy as np

from .. import __version__
from ..analyse import analyse
from ..errors import ConfigError, InputError
from ..evaluate import rouge
from ..models import Article, Document
from ..select import SelectorModel, choose, load_model
from ..select.model import latest
from ..settings import Settings
from ..store.db import Store
from ..style import Style, load_style
from . import adjust, versions
from .signals import Signals, collect


@dataclass
class Outcome:
    version: versions.ModelVersion | None  # None: nothing to learn, no version made
    signals: Signals
    previous: str  # the version it was compared with (an id, or "shipped")
    heldout: dict
    seconds: float
    message: str = ""

    @property
    def activated(self) -> bool:
        return self.version is not None and self.version.active


def shipped_model(settings: Settings) -> SelectorModel:
    sel = settings.selection
    return load_model(latest(sel.embeddings) if sel.model == "latest" else sel.model)


def heldout_articles(settings: Settings) -> dict[str, list[Article]]:
    from . import DataSpec

    out = {}
    for spec in settings.learning.heldout:
        data = DataSpec.parse(spec)
        if not data.path.is_absolute():
            data.path = settings.learning.data_dir / data.path
        if not data.path.exists():
            raise ConfigError(f"Held-out set {data.path} not found: the gate needs it. Set learning.data_dir or learning.heldout.")
        out[str(data)] = data.articles(settings)
    if not any(out.values()):
        raise ConfigError("The held-out sets hold no article with a reference summary; the gate cannot measure.")
    return out


def _box_rouge(model: SelectorModel, doc: Document, reference: str, style: Style, count: int) -> float:
    drafts = []
    for d in choose(doc, style, model, count, model.uses_embeddings):
        drafts.append(d)
        if len(drafts) == count:
            break
    drafts.sort(key=lambda d: d.sources[0].sentence)
    return rouge(" ".join(d.text for d in drafts), reference)["rougeL"]


def measure(models: dict[str, SelectorModel], sets: dict[str, list[Article]], settings: Settings) -> dict:
    """ROUGE-L of each model's boxes on each held-out set (each article analysed once for all models)."""
    style = load_style(settings.style, settings.styles_dir)
    scores: dict[str, dict[str, list[float]]] = {name: {} for name in models}
    for set_name, articles in sets.items():
        for art in articles:
            doc = analyse(art)
            reference = " ".join(art.reference or [])
            for name, model in models.items():
                scores[name].setdefault(set_name, []).append(_box_rouge(model, doc, reference, style, settings.bullets))
    return {name: {"sets": {s: round(float(np.mean(v)), 4) for s, v in per_set.items()},
                   "rougeL": round(float(np.mean([x for v in per_set.values() for x in v])), 4)}
            for name, per_set in scores.items()}


def train_from_db(store: Store, settings: Settings, since: dt.datetime | None = None, log=print) -> Outcome:
    t0 = time.perf_counter()
    base = shipped_model(settings)
    signals = collect(store, settings, base, since)
    previous = versions.active_version(store)
    previous_id = previous.id if previous else versions.SHIPPED
    if not signals.pairs:
        return Outcome(None, signals, previous_id, {}, time.perf_counter() - t0,
                       "Nothing to learn: no editor correction, approval or rejection in the window "
                       "(reader feedback alone changes nothing).")
    weights = adjust.fit(base, signals.pairs, settings.learning.regularization)
    version_id = versions.next_id(store, base.version)
    meta = {"created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "darumgehts": __version__,
            "base": base.version, "method": "pairwise logistic adjustment on top of the shipped model (learn/adjust.py)",
            "embeddings": base.uses_embeddings, "signals": signals.to_dict(),
            "regularization": settings.learning.regularization}
    model = SelectorModel(version_id, base.kind, base.features, base.trees, base.weights, base.selection, meta, weights)
    compared = {"new": model, "previous": previous.selector() if previous else base}
    if previous is not None:
        compared["shipped"] = base
    log(f"{len(signals.pairs)} preferences from {signals.used} signals; measuring {version_id}, {previous_id}"
        f"{' and the shipped model' if previous else ''} on the held-out sets")
    figures = measure(compared, heldout_articles(settings), settings)
    figures.setdefault("shipped", figures["previous"])
    max_drop = settings.learning.max_drop
    # against the version before (the rule) and against the shipped model, so versions cannot drift away
    # from it 0.5 points at a time
    drops = {previous_id: figures["previous"]["rougeL"] - figures["new"]["rougeL"],
             versions.SHIPPED: figures["shipped"]["rougeL"] - figures["new"]["rougeL"]}
    passed = all(d <= max_drop + 1e-9 for d in drops.values())
    heldout = {"rougeL": figures["new"]["rougeL"], "sets": figures["new"]["sets"], "previous": previous_id,
               "previous_rougeL": figures["previous"]["rougeL"], "previous_sets": figures["previous"]["sets"],
               "shipped_rougeL": figures["shipped"]["rougeL"], "shipped_sets": figures["shipped"]["sets"],
               "max_drop": max_drop, "pairs_agreement": {
                   "new": adjust.agreement(model, signals.pairs), "shipped": adjust.agreement(base, signals.pairs)}}
    reason = f"held-out ROUGE-L {figures['new']['rougeL']:.4f}; " + ", ".join(
        f"{name} {figures['previous' if name == previous_id else 'shipped']['rougeL']:.4f} ({-d * 100:+.2f} points)"
        for name, d in drops.items()) + f"; at most -{max_drop * 100:.2f} against each may go live"
    version = versions.ModelVersion(version_id, previous.id if previous else None, passed, "active" if passed else "kept",
                                    ("passed the gate: " if passed else "not activated: ") + reason, signals.since, signals.until,
                                    signals.used, heldout, dt.datetime.now(dt.UTC), model.to_json())
    versions.add(store, version)
    return Outcome(version, signals, previous_id, heldout, time.perf_counter() - t0)


def parse_since(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        day = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"--since {value!r} is not a date (YYYY-MM-DD or an ISO time).") from None
    return day if day.tzinfo else day.replace(tzinfo=dt.UTC)


def describe(outcome: Outcome) -> list[str]:
    """What ``darumgehts train --from-db`` prints."""
    s = outcome.signals
    lines = [f"signals used: {s.used} (corrections {s.corrections}, approvals {s.approvals}, rejections {s.rejections}, "
             f"reader {s.reader}; reworded only {s.rewrites}, reader feedback not used {s.reader_ignored}, "
             f"edited bullets matching no sentence {s.unaligned}) -> {len(s.pairs)} preferences"]
    if outcome.version is None:
        return lines + [outcome.message]
    h = outcome.heldout
    for name, value in h["sets"].items():
        lines.append(f"held-out ROUGE-L {name}: {value:.4f} (previous {h['previous_sets'][name]:.4f})")
    lines.append(f"held-out ROUGE-L, all: {h['rougeL']:.4f} (previous {h['previous']}: {h['previous_rougeL']:.4f}; "
                 f"shipped: {h['shipped_rougeL']:.4f})")
    agreement = h["pairs_agreement"]
    lines.append(f"preferences the model follows: {agreement['new']:.1%} (shipped model {agreement['shipped']:.1%})")
    v = outcome.version
    lines.append(f"version {v.id}: {'ACTIVE' if v.active else 'kept, not active'}; {v.reason} ({outcome.seconds:.0f} s)")
    return lines

