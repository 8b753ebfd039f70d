"""Signals from the newsroom's database: what editors and readers said about the boxes, as preferences.

Editors (the audit trail in ``review_events``, on boxes the machine made):
- an **edit** that puts a sentence in the place of another is a preference for that sentence over the one it
  replaced: each bullet is aligned to the article's candidates (the same ones the selector scored) by its words;
  an added bullet that aligns to a sentence the box did not have is paired with a removed one. The bullets the
  editor kept count like an approval (without them every preference would run against the shipped model, and the
  adjustment would learn to distrust it wholesale). A bullet rewritten on the same sentence is counted, but teaches
  no choice of sentence;
- an **approval** without changes says the box was right: its bullets over the best candidates it left out;
- a **rejection** says it was wrong: those candidates over its bullets.

Readers (``feedback`` on published machine boxes), weighed far less and open to abuse:
- «hilfreich» counts like an approval; «falsch» and «irreführend» like a rejection, but only once an editor has
  handled them (they go to the editors first); «unvollständig» puts the best candidate left out over the box's
  weakest bullet; the other reasons teach no choice;
- a reader (a keyed hash of the address, which changes daily) counts once per box and on at most
  ``learning.reader_cap`` boxes; all readers together weigh at most ``learning.reader_share`` of the editors'
  signals, so without editors' signals they change nothing.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import numpy as np
from sqlalchemy import select

from ..analyse import analyse
from ..errors import DarumgehtsError
from ..select import SelectorModel
from ..select.candidates import Candidate, candidates
from ..select.features import matrix
from ..settings import Settings
from ..store.convert import article_from_json
from ..store.db import Store
from ..store.tables import ArticleVersionRow, FeedbackRow, ReviewEventRow, SummaryRow
from ..style import load_style
from .adjust import Pair

# A bullet is the candidate whose words it shares most (token F1), when they share at least this much.
ALIGN_MIN = 0.6
# How many of the best candidates a box left out an approval or rejection is compared with.
ALTERNATIVES = 2
# Reader reasons and what they count as; «falsch» and «irreführend» only once an editor handled them.
READER_REASONS = {"falsch": "against", "irreführend": "against", "unvollständig": "incomplete"}
EDITOR_FIRST = frozenset({"falsch", "irreführend"})
_WORD = re.compile(r"\w+")


@dataclass
class Signals:
    """The preferences found in a data window, and what they came from."""

    pairs: list[Pair] = field(default_factory=list)
    corrections: int = 0  # edits that put other sentences in the box
    rewrites: int = 0  # edits that only reworded (no choice of sentence to learn)
    approvals: int = 0
    rejections: int = 0
    reader: int = 0  # reader signals used, after the caps
    reader_ignored: int = 0  # reader feedback not used: over a cap, not yet handled, or a reason that teaches no choice
    unaligned: int = 0  # edited bullets that match no sentence of the article
    since: datetime | None = None
    until: datetime | None = None

    @property
    def editor_signals(self) -> int:
        return self.corrections + self.approvals + self.rejections

    @property
    def used(self) -> int:
        return self.editor_signals + self.reader

    def to_dict(self) -> dict:
        weights = Counter()
        for p in self.pairs:
            weights[p.source] += p.weight
        return {"used": self.used, "corrections": self.corrections, "rewrites": self.rewrites, "approvals": self.approvals,
                "rejections": self.rejections, "reader": self.reader, "reader_ignored": self.reader_ignored,
                "unaligned": self.unaligned, "pairs": len(self.pairs), "weight": {k: round(v, 3) for k, v in sorted(weights.items())},
                "since": self.since.isoformat() if self.since else None, "until": self.until.isoformat() if self.until else None}


def _words(text: str) -> Counter:
    return Counter(_WORD.findall(text.lower()))


def _f1(a: Counter, b: Counter) -> float:
    common = sum((a & b).values())
    if not common:
        return 0.0
    precision, recall = common / sum(a.values()), common / sum(b.values())
    return 2 * precision * recall / (precision + recall)


@dataclass
class ArticleCandidates:
    """An article version's candidates in one style, with the base model's scores."""

    cands: list[Candidate]
    scores: np.ndarray
    words: list[tuple[Counter, Counter]]  # per candidate: its text's words, its sentence's words

    def align(self, text: str) -> int | None:
        """The candidate the bullet is (a form of), or None when it matches no sentence well enough."""
        words = _words(text)
        best, best_score = None, ALIGN_MIN
        for i, (own, sentence) in enumerate(self.words):
            score = max(_f1(words, own), _f1(words, sentence))
            if score > best_score + 1e-9:
                best, best_score = i, score
        return best

    def sentence(self, i: int) -> int:
        return self.cands[i].sources[0].sentence

    def alternatives(self, box: list[int], n: int = ALTERNATIVES) -> list[int]:
        """The best-scored candidates of sentences the box does not have, one per sentence."""
        taken = {self.sentence(i) for i in box}
        out: list[int] = []
        for i in np.argsort(-self.scores, kind="stable"):
            s = self.sentence(int(i))
            if s not in taken and self.cands[int(i)].is_content:
                out.append(int(i))
                taken.add(s)
                if len(out) == n:
                    break
        return out


class Collector:
    def __init__(self, store: Store, settings: Settings, base: SelectorModel) -> None:
        self.store, self.settings, self.base = store, settings, base
        self.learning = settings.learning
        self._cache = lru_cache(maxsize=256)(self._load)

    def _load(self, article_id: str, version: int, style_name: str) -> ArticleCandidates | None:
        with self.store.read() as session:
            row = session.scalars(select(ArticleVersionRow).where(
                ArticleVersionRow.article_id == article_id, ArticleVersionRow.version == version)).first()
        if row is None:
            return None
        try:
            style = load_style(style_name, self.settings.styles_dir)
            _, cands = candidates(analyse(article_from_json(row.data)), style)
        except DarumgehtsError:
            return None
        if len(cands) < 2:
            return None
        scores = self.base.predict(matrix([c.features for c in cands]))
        return ArticleCandidates(cands, scores, [(_words(c.text), _words(c.source_text)) for c in cands])

    def article(self, summary: SummaryRow) -> ArticleCandidates | None:
        return self._cache(summary.article_id, summary.article_version, summary.style)

    def _pairs(self, art: ArticleCandidates, better: list[int], worse: list[int], weight: float, source: str) -> list[Pair]:
        return [Pair(art.cands[b].features, art.cands[w].features, weight, source) for b in better for w in worse
                if art.sentence(b) != art.sentence(w)]

    def _box(self, art: ArticleCandidates, bullets: list[dict] | None) -> list[int]:
        out = []
        for b in bullets or []:
            i = art.align(b.get("text", ""))
            if i is not None:
                out.append(i)
        return out

    # editors

    def edit(self, art: ArticleCandidates, before: list[dict] | None, after: list[dict] | None, signals: Signals) -> None:
        if [b.get("text") for b in before or []] == [b.get("text") for b in after or []]:
            return
        old = self._box(art, before)
        new = []
        for b in after or []:
            i = art.align(b.get("text", ""))
            if i is None:
                signals.unaligned += 1
            else:
                new.append(i)
        old_sentences = {art.sentence(i) for i in old}
        new_sentences = {art.sentence(i) for i in new}
        added = [i for i in new if art.sentence(i) not in old_sentences]
        removed = [i for i in old if art.sentence(i) not in new_sentences]
        if not added and not removed:
            signals.rewrites += 1
            return
        signals.corrections += 1
        weight = self.learning.editor_weight
        kept = [i for i in new if art.sentence(i) in old_sentences]  # looked at and kept: right where they are
        signals.pairs += self._pairs(art, kept, art.alternatives(new), self.learning.approval_weight, "edit")
        for a, r in zip(added, removed, strict=False):
            signals.pairs += self._pairs(art, [a], [r], weight, "edit")
        for a in added[len(removed):]:  # a sentence added: over the best one the box left out
            signals.pairs += self._pairs(art, [a], [i for i in art.alternatives(new) if i != a][:1], weight, "edit")
        for r in removed[len(added):]:  # a sentence removed with nothing instead: below the ones the editor kept
            signals.pairs += self._pairs(art, new, [r], weight / max(len(new), 1), "edit")

    def verdict(self, art: ArticleCandidates, bullets: list[dict] | None, good: bool, weight: float, source: str) -> list[Pair]:
        box = self._box(art, bullets)
        others = art.alternatives(box)
        return self._pairs(art, box, others, weight, source) if good else self._pairs(art, others, box, weight, source)

    def collect(self, since: datetime | None = None) -> Signals:
        signals = Signals(since=since)
        latest: datetime | None = None
        first: datetime | None = None
        with self.store.read() as session:
            query = (select(ReviewEventRow, SummaryRow).join(SummaryRow, SummaryRow.id == ReviewEventRow.summary_id)
                     .where(ReviewEventRow.action.in_(("edit", "approve", "reject"))).order_by(ReviewEventRow.at, ReviewEventRow.id))
            if since is not None:
                query = query.where(ReviewEventRow.at >= since)
            events = session.execute(query).all()
            parents = {s.id: s for s in session.scalars(select(SummaryRow).where(
                SummaryRow.id.in_({s.parent_id for e, s in events if e.action == "edit" and s.parent_id})))}
        for ev, summary in events:
            if ev.action == "edit":
                parent = parents.get(summary.parent_id)
                if parent is None or parent.created_by != "system":
                    continue  # an edit of an editor's own box: no machine choice to learn from
            elif summary.created_by != "system":
                continue
            art = self.article(summary)
            if art is None:
                continue
            n = len(signals.pairs)
            if ev.action == "edit":
                self.edit(art, ev.before, ev.after, signals)
            elif ev.action == "approve":
                signals.pairs += self.verdict(art, ev.before, True, self.learning.approval_weight, "approve")
                signals.approvals += 1
            else:
                signals.pairs += self.verdict(art, ev.before, False, self.learning.rejection_weight, "reject")
                signals.rejections += 1
            if len(signals.pairs) > n:
                first = first or ev.at
                latest = ev.at
        self.readers(signals, since)
        signals.since = since or first
        signals.until = latest
        return signals

    # readers

    def readers(self, signals: Signals, since: datetime | None) -> None:
        with self.store.read() as session:
            query = (select(FeedbackRow, SummaryRow).join(SummaryRow, SummaryRow.id == FeedbackRow.summary_id)
                     .where(SummaryRow.created_by == "system").order_by(FeedbackRow.created_at, FeedbackRow.id))
            if since is not None:
                query = query.where(FeedbackRow.created_at >= since)
            rows = session.execute(query).all()
        per_client: dict[str, set[int]] = {}
        reader_pairs: list[Pair] = []
        weight = self.learning.reader_weight
        for fb, summary in rows:
            kind = "for" if fb.helpful else READER_REASONS.get(fb.reason or "")
            boxes = per_client.setdefault(fb.client_hash, set())
            if (kind is None or (fb.reason in EDITOR_FIRST and fb.handled_at is None) or summary.id in boxes
                    or len(boxes) >= self.learning.reader_cap):
                signals.reader_ignored += 1
                continue
            art = self.article(summary)
            if art is None:
                signals.reader_ignored += 1
                continue
            boxes.add(summary.id)
            signals.reader += 1
            if kind == "incomplete":
                box = self._box(art, summary.bullets)
                weakest = min(box, key=lambda i: art.scores[i], default=None)
                reader_pairs += self._pairs(art, art.alternatives(box, 1), [weakest] if weakest is not None else [], weight, "reader")
            else:
                reader_pairs += self.verdict(art, summary.bullets, kind == "for", weight, "reader")
        editor_weight = sum(p.weight for p in signals.pairs)
        total = sum(p.weight for p in reader_pairs)
        cap = self.learning.reader_share * editor_weight
        if total > cap:  # readers together never outweigh their share of the editors (nothing without editors)
            scale = cap / total
            reader_pairs = [Pair(p.better, p.worse, p.weight * scale, p.source) for p in reader_pairs if scale > 0]
        signals.pairs += reader_pairs


def collect(store: Store, settings: Settings, base: SelectorModel, since: datetime | None = None) -> Signals:
    """The preferences in the database since ``since`` (all when None)."""
    return Collector(store, settings, base).collect(since)
