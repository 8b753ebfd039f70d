"""Service functions: what the API and the CLI do with the store.

Rules kept here, in one place:
- An article is idempotent by content hash; changed content makes a new version
  and marks its summaries stale.
- A re-summarization never overwrites an editor's version: when the published
  box was reviewed, the new machine box waits for review.
- Publishing a box supersedes the one published before; every change leaves a
  review event with before and after bullets.
- Feedback is committed before the caller answers; only a salted hash of the
  client address is kept, for rate limiting.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from ..check import Checker
from ..errors import DarumgehtsError, InputError
from ..models import Article, Bullet
from ..pipeline import Summarizer
from .db import Store
from .tables import (
    FEEDBACK_REASONS,
    ROLES,
    ApiTokenRow,
    ArticleRow,
    ArticleVersionRow,
    FeedbackRow,
    ReviewEventRow,
    SummaryRow,
    now,
)

POLICIES = ("auto", "review")  # publish checked boxes automatically, or wait for an editor
MAX_COMMENT = 1000


class NotFound(DarumgehtsError):
    pass


class Conflict(DarumgehtsError):
    pass


class RateLimited(DarumgehtsError):
    pass


@dataclass
class StoredSummary:
    summary_id: int
    article_id: str
    article_version: int
    heading: str
    bullets: list[dict]
    disclaimer: str
    style: str
    backend: str
    model_version: str
    status: str
    stale: bool
    reviewed: bool
    created_by: str
    updated_at: datetime

    @classmethod
    def of(cls, row: SummaryRow) -> StoredSummary:
        return cls(row.id, row.article_id, row.article_version, row.heading, row.bullets, row.disclaimer, row.style,
                   row.backend, row.model_version, row.status, row.stale, row.reviewed, row.created_by, row.updated_at)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["updated_at"] = self.updated_at.isoformat()
        return data


def content_hash(article: Article) -> str:
    """What makes an article "the same": its text, not its metadata."""
    payload = {"title": article.title, "lead": article.lead, "paragraphs": [[p.kind, p.text] for p in article.paragraphs],
               "captions": [[c.text, c.credit] for c in article.captions]}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def _model_version(summary) -> str:
    """The package version, and the backend's model when it has one: 0.1.0/selector-2026.12.01."""
    return f"{summary.version}/{summary.model}" if summary.model else summary.version


def _bullets(bullets: list[Bullet]) -> list[dict]:
    return [asdict(b) for b in bullets]


def _event(session, summary_id: int, actor: str, action: str, before=None, after=None, comment: str | None = None) -> None:
    session.add(ReviewEventRow(summary_id=summary_id, actor=actor, action=action, before=before, after=after, comment=comment))


def _published(session, article_id: str) -> SummaryRow | None:
    return session.scalars(
        select(SummaryRow).where(SummaryRow.article_id == article_id, SummaryRow.status == "published")
        .order_by(SummaryRow.id.desc())
    ).first()


def _publish(session, row: SummaryRow, actor: str) -> None:
    """Make ``row`` the published box; the one published before is superseded."""
    previous = _published(session, row.article_id)
    if previous is not None and previous.id != row.id:
        previous.status = "superseded"
        previous.updated_at = now()
        _event(session, previous.id, actor, "supersede", comment=f"superseded by summary {row.id}")
    row.status = "published"
    row.updated_at = now()


def submit_article(store: Store, summarizer: Summarizer, article: Article, policy: str = "auto") -> tuple[StoredSummary, bool]:
    """Store, summarize and check an article. Returns the summary and whether anything new was made.

    Idempotent: the same content returns the summary it already has."""
    if policy not in POLICIES:
        raise InputError(f"Unknown review policy {policy!r}; use one of {', '.join(POLICIES)}.")
    digest = content_hash(article)
    with store.read() as session:
        existing = session.get(ArticleRow, article.id)
        if existing is not None:
            current = session.scalars(select(ArticleVersionRow).where(
                ArticleVersionRow.article_id == article.id, ArticleVersionRow.version == existing.current_version)).one()
            if current.content_hash == digest:
                latest = session.scalars(select(SummaryRow).where(SummaryRow.article_id == article.id)
                                         .order_by(SummaryRow.id.desc())).first()
                if latest is not None:
                    return StoredSummary.of(latest), False
    summary = summarizer(article)  # outside the write lock: summarizing is the slow part
    with store.write() as session:
        row = session.get(ArticleRow, article.id)
        if row is None:
            row = ArticleRow(id=article.id, url=article.url, current_version=1)
            session.add(row)
            version = 1
        else:
            current = session.scalars(select(ArticleVersionRow).where(
                ArticleVersionRow.article_id == article.id, ArticleVersionRow.version == row.current_version)).one()
            if current.content_hash == digest:
                version = row.current_version  # a concurrent request stored it meanwhile
            else:
                version = row.current_version + 1
                row.current_version = version
                row.updated_at = now()
                for old in session.scalars(select(SummaryRow).where(SummaryRow.article_id == article.id, SummaryRow.stale.is_(False))):
                    old.stale = True
                    _event(session, old.id, "system", "stale", comment=f"article changed to version {version}")
        if session.scalars(select(ArticleVersionRow).where(
                ArticleVersionRow.article_id == article.id, ArticleVersionRow.version == version)).first() is None:
            session.add(ArticleVersionRow(article_id=article.id, version=version, content_hash=digest, data=article.to_dict()))
        session.flush()
        published = _published(session, article.id)
        new = SummaryRow(
            article_id=article.id, article_version=version, parent_id=published.id if published else None,
            heading=summary.heading, bullets=_bullets(summary.bullets), disclaimer=summary.disclaimer, style=summary.style,
            backend=summary.backend, model_version=_model_version(summary), status="draft", created_by="system",
        )
        session.add(new)
        session.flush()
        _event(session, new.id, "system", "create", after=new.bullets)
        editor_box = published is not None and published.reviewed
        if summary.status == "published" and policy == "auto" and not editor_box:
            _publish(session, new, "system")
        else:
            new.status = "needs_review"
        return StoredSummary.of(new), True


def published_summary(store: Store, article_id: str) -> StoredSummary:
    with store.read() as session:
        if session.get(ArticleRow, article_id) is None:
            raise NotFound(f"No article {article_id!r}.")
        row = _published(session, article_id)
        if row is None:
            raise NotFound(f"Article {article_id!r} has no published summary yet.")
        return StoredSummary.of(row)


def get_summary(store: Store, summary_id: int) -> StoredSummary:
    with store.read() as session:
        row = session.get(SummaryRow, summary_id)
        if row is None:
            raise NotFound(f"No summary {summary_id}.")
        return StoredSummary.of(row)


def review_queue(store: Store, limit: int = 100) -> list[StoredSummary]:
    with store.read() as session:
        rows = session.scalars(select(SummaryRow).where(SummaryRow.status.in_(("draft", "needs_review")))
                               .order_by(SummaryRow.created_at, SummaryRow.id).limit(limit))
        return [StoredSummary.of(r) for r in rows]


def _pending(session, summary_id: int) -> SummaryRow:
    row = session.get(SummaryRow, summary_id)
    if row is None:
        raise NotFound(f"No summary {summary_id}.")
    return row


def approve(store: Store, summary_id: int, actor: str, comment: str | None = None) -> StoredSummary:
    with store.write() as session:
        row = _pending(session, summary_id)
        if row.status in ("rejected", "superseded"):
            raise Conflict(f"Summary {summary_id} is {row.status}; it cannot be approved.")
        _publish(session, row, actor)
        row.reviewed = True
        _event(session, row.id, actor, "approve", before=row.bullets, after=row.bullets, comment=comment)
        return StoredSummary.of(row)


def reject(store: Store, summary_id: int, actor: str, comment: str | None = None) -> StoredSummary:
    with store.write() as session:
        row = _pending(session, summary_id)
        if row.status in ("rejected", "superseded"):
            raise Conflict(f"Summary {summary_id} is already {row.status}.")
        row.status = "rejected"
        row.reviewed = True
        row.updated_at = now()
        _event(session, row.id, actor, "reject", before=row.bullets, comment=comment)
        return StoredSummary.of(row)


def edit(store: Store, summary_id: int, texts: list[str], actor: str, comment: str | None = None) -> StoredSummary:
    """An editor's bullets: re-checked, stored as a new version. Supported ones are published
    as reviewed; with problems, the new version waits in the queue with them attached."""
    texts = [t.strip() for t in texts if t and t.strip()]
    if not texts:
        raise InputError("An edited summary needs at least one bullet.")
    with store.read() as session:
        row = _pending(session, summary_id)
        version = session.scalars(select(ArticleVersionRow).where(
            ArticleVersionRow.article_id == row.article_id, ArticleVersionRow.version == row.article_version)).one()
    article = _article_from_data(version.data)
    checker = Checker.for_article(article)
    checked = []
    for text in texts:
        result = checker.check(text)
        checked.append(asdict(Bullet(text, result.verdict, list(result.evidence), list(result.problems), list(result.evidence))))
    with store.write() as session:
        old = _pending(session, summary_id)
        new = SummaryRow(
            article_id=old.article_id, article_version=old.article_version, parent_id=old.id, heading=old.heading,
            bullets=checked, disclaimer=old.disclaimer, style=old.style, backend=old.backend, model_version=old.model_version,
            status="draft", reviewed=True, created_by=actor,
        )
        session.add(new)
        session.flush()
        _event(session, new.id, actor, "edit", before=old.bullets, after=checked, comment=comment)
        if old.status in ("draft", "needs_review"):
            old.status = "superseded"
            old.updated_at = now()
        if all(b["verdict"] == "supported" for b in checked):
            _publish(session, new, actor)
        else:
            new.status = "needs_review"
        return StoredSummary.of(new)


def _article_from_data(data: dict) -> Article:
    from ..models import Caption, Paragraph

    fields = dict(data)
    fields["paragraphs"] = [Paragraph(**p) for p in data.get("paragraphs", [])]
    fields["captions"] = [Caption(**c) for c in data.get("captions", [])]
    return Article(**fields)


def get_article(store: Store, article_id: str) -> Article:
    """The article's current version."""
    with store.read() as session:
        row = session.get(ArticleRow, article_id)
        if row is None:
            raise NotFound(f"No article {article_id!r}.")
        version = session.scalars(select(ArticleVersionRow).where(
            ArticleVersionRow.article_id == article_id, ArticleVersionRow.version == row.current_version)).one()
        return _article_from_data(version.data)


def list_articles(store: Store, limit: int = 200) -> list[tuple[str, str | None]]:
    """(id, title) of the newest articles."""
    with store.read() as session:
        rows = session.execute(
            select(ArticleRow.id, ArticleVersionRow.data).join(ArticleVersionRow, (ArticleVersionRow.article_id == ArticleRow.id)
                                                                & (ArticleVersionRow.version == ArticleRow.current_version))
            .order_by(ArticleRow.updated_at.desc()).limit(limit))
        return [(aid, data.get("title")) for aid, data in rows]


def history(store: Store, article_id: str) -> list[dict]:
    with store.read() as session:
        if session.get(ArticleRow, article_id) is None:
            raise NotFound(f"No article {article_id!r}.")
        rows = session.execute(
            select(ReviewEventRow, SummaryRow.article_version).join(SummaryRow, SummaryRow.id == ReviewEventRow.summary_id)
            .where(SummaryRow.article_id == article_id).order_by(ReviewEventRow.at, ReviewEventRow.id)
        )
        return [{"summary_id": e.summary_id, "article_version": v, "actor": e.actor, "action": e.action, "before": e.before,
                 "after": e.after, "comment": e.comment, "at": e.at.isoformat()} for e, v in rows]


def client_hash(address: str, salt: str) -> str:
    return hashlib.sha256(f"{salt}:{address}".encode()).hexdigest()


def add_feedback(store: Store, summary_id: int, helpful: bool, reason: str | None, comment: str | None,
                 client: str, salt: str, limit_per_hour: int = 20) -> int:
    """Store one reader's feedback; committed before this returns."""
    if reason is not None and reason not in FEEDBACK_REASONS:
        raise InputError(f"Unknown reason {reason!r}; use one of {', '.join(FEEDBACK_REASONS)}.")
    if comment is not None and len(comment) > MAX_COMMENT:
        raise InputError(f"The comment has {len(comment)} characters; at most {MAX_COMMENT} are allowed.")
    who = client_hash(client, salt)
    since = now() - timedelta(hours=1)
    with store.write() as session:
        if session.get(SummaryRow, summary_id) is None:
            raise NotFound(f"No summary {summary_id}.")
        recent = session.scalar(select(func.count(FeedbackRow.id)).where(FeedbackRow.client_hash == who, FeedbackRow.created_at >= since))
        if recent >= limit_per_hour:
            raise RateLimited("Too much feedback from this address; try again later.")
        row = FeedbackRow(summary_id=summary_id, helpful=helpful, reason=reason, comment=comment or None, client_hash=who)
        session.add(row)
        session.flush()
        return row.id


def feedback_stats(store: Store, days: int = 30) -> dict:
    since = now() - timedelta(days=days)
    with store.read() as session:
        rows = session.execute(select(FeedbackRow.helpful, FeedbackRow.reason, FeedbackRow.created_at).where(FeedbackRow.created_at >= since)).all()
    total = len(rows)
    helpful = sum(1 for r in rows if r.helpful)
    per_reason = {reason: sum(1 for r in rows if r.reason == reason) for reason in FEEDBACK_REASONS}
    per_day: dict[str, dict[str, int]] = {}
    for r in rows:
        day = r.created_at.astimezone(UTC).date().isoformat() if r.created_at.tzinfo else r.created_at.date().isoformat()
        bucket = per_day.setdefault(day, {"total": 0, "helpful": 0})
        bucket["total"] += 1
        bucket["helpful"] += bool(r.helpful)
    return {
        "days": days, "total": total, "helpful": helpful, "helpful_rate": helpful / total if total else None,
        "reasons": per_reason, "reason_rates": {k: v / total if total else None for k, v in per_reason.items()},
        "per_day": [{"day": d, **v, "helpful_rate": v["helpful"] / v["total"]} for d, v in sorted(per_day.items())],
    }


def create_token(store: Store, name: str, role: str) -> str:
    """A new API token; only its hash is stored, so show it to the user once."""
    if role not in ROLES:
        raise InputError(f"Unknown role {role!r}; use one of {', '.join(ROLES)}.")
    token = "dg_" + secrets.token_urlsafe(32)
    with store.write() as session:
        session.add(ApiTokenRow(name=name, token_hash=hashlib.sha256(token.encode()).hexdigest(), role=role))
    return token


def authenticate(store: Store, token: str | None) -> tuple[str, str] | None:
    """(name, role) for a valid token, else None."""
    if not token:
        return None
    digest = hashlib.sha256(token.encode()).hexdigest()
    with store.read() as session:
        row = session.scalars(select(ApiTokenRow).where(ApiTokenRow.token_hash == digest, ApiTokenRow.revoked.is_(False))).first()
        return (row.name, row.role) if row else None


__all__ = [
    "POLICIES", "Conflict", "NotFound", "RateLimited", "StoredSummary", "add_feedback", "approve", "authenticate",
    "content_hash", "create_token", "edit", "feedback_stats", "get_article", "get_summary", "list_articles", "history", "published_summary", "reject",
    "review_queue", "submit_article",
]

