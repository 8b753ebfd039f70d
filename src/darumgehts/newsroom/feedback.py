"""Readers' feedback on published boxes: validated, rate-limited per reader, counted for the newsroom.

No address is stored or logged: a reader is known only by an HMAC of the address under that day's key (made
from the install's secret), enough to count their feedback in the last hour. The check and the insert are one
step: a lock keyed by that hash serialises one reader's posts, so concurrent posts cannot pass the limit.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import func, select

from ..errors import InputError, NotFound, RateLimited
from ..models import FEEDBACK_REASONS, ArticleFeedback, FeedbackItem, as_utc
from ..store.db import LOCK_CLIENT, Store
from ..store.tables import ArticleRow, ArticleVersionRow, FeedbackRow, SummaryRow, now
from .secret import Secret

MAX_COMMENT = 1000
MAX_DAYS = 3650


def check_comment(comment: str | None) -> str | None:
    if comment is None or not comment.strip():
        return None
    if len(comment) > MAX_COMMENT:
        raise InputError(f"The comment has {len(comment)} characters; at most {MAX_COMMENT} are allowed.")
    if "\x00" in comment:
        raise InputError("The comment contains a NUL character.")
    return comment


def add_feedback(store: Store, secret: Secret, summary_id: int, helpful: bool, reason: str | None, comment: str | None,
                 client: str, limit_per_hour: int = 20) -> int:
    """Store one reader's feedback on a published box; committed before this returns."""
    if reason is not None and reason not in FEEDBACK_REASONS:
        raise InputError(f"Unknown reason {reason!r}; use one of {', '.join(FEEDBACK_REASONS)}.")
    comment = check_comment(comment)
    moment = now()
    today = moment.astimezone(UTC).date()
    # yesterday's key too, so that the hour before midnight still counts after it
    keys = [secret.client_hash(client, today), secret.client_hash(client, today - timedelta(days=1))]
    with store.write() as session:
        status = session.scalar(select(SummaryRow.status).where(SummaryRow.id == summary_id))
        if status != "published":  # the same answer for a box that does not exist: ids are not revealed
            raise NotFound(f"Summary {summary_id} is not a published box; feedback goes to published boxes only.")
        store.lock(session, LOCK_CLIENT, keys[0])
        recent = session.scalar(select(func.count(FeedbackRow.id)).where(
            FeedbackRow.client_hash.in_(keys), FeedbackRow.created_at >= moment - timedelta(hours=1)))
        if recent >= limit_per_hour:
            raise RateLimited("Too much feedback from this address; try again later.")
        row = FeedbackRow(summary_id=summary_id, helpful=helpful, reason=reason, comment=comment, client_hash=keys[0])
        session.add(row)
        session.flush()
        return row.id


def feedback_stats(store: Store, days: int = 30) -> dict:
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"days must be between 1 and {MAX_DAYS}.")
    since = now() - timedelta(days=days)
    with store.read() as session:
        rows = session.execute(select(FeedbackRow.helpful, FeedbackRow.reason, FeedbackRow.created_at).where(FeedbackRow.created_at >= since)).all()
    total = len(rows)
    helpful = sum(1 for r in rows if r.helpful)
    per_reason = {reason: sum(1 for r in rows if r.reason == reason) for reason in FEEDBACK_REASONS}
    per_day: dict[str, dict[str, int]] = {}
    for r in rows:
        day = as_utc(r.created_at).date().isoformat()
        bucket = per_day.setdefault(day, {"total": 0, "helpful": 0})
        bucket["total"] += 1
        bucket["helpful"] += bool(r.helpful)
    return {
        "days": days, "total": total, "helpful": helpful, "helpful_rate": helpful / total if total else None,
        "reasons": per_reason, "reason_rates": {k: v / total if total else None for k, v in per_reason.items()},
        "per_day": [{"day": d, **v, "helpful_rate": v["helpful"] / v["total"]} for d, v in sorted(per_day.items())],
    }


def _item(row: FeedbackRow, article_id: str) -> FeedbackItem:
    return FeedbackItem(row.id, row.summary_id, article_id, row.helpful, row.reason, row.comment, row.created_at,
                        row.handled_at, row.handled_by)


def article_feedback(store: Store, article_id: str, limit: int = 500) -> list[FeedbackItem]:
    """The feedback on every box of the article, comments included, open items first, newest first."""
    with store.read() as session:
        if session.get(ArticleRow, article_id) is None:
            raise NotFound(f"No article {article_id!r}.")
        rows = session.scalars(
            select(FeedbackRow).join(SummaryRow, SummaryRow.id == FeedbackRow.summary_id).where(SummaryRow.article_id == article_id)
            .order_by(FeedbackRow.handled_at.is_not(None), FeedbackRow.created_at.desc(), FeedbackRow.id.desc()).limit(limit))
        return [_item(r, article_id) for r in rows]


def mark_handled(store: Store, feedback_id: int, actor: str) -> tuple[FeedbackItem, bool]:
    """Mark one feedback as handled by ``actor``. Returns it and whether it changed (it may have been handled already)."""
    with store.write() as session:
        row = session.get(FeedbackRow, feedback_id)
        if row is None:
            raise NotFound(f"No feedback {feedback_id}.")
        article_id = session.scalar(select(SummaryRow.article_id).where(SummaryRow.id == row.summary_id))
        if row.handled_at is not None:
            return _item(row, article_id), False
        row.handled_at = now()
        row.handled_by = actor
        return _item(row, article_id), True


def feedback_by_article(store: Store, days: int = 30, limit: int = 200) -> list[ArticleFeedback]:
    """Per article, the feedback of the last ``days`` days: total, helpful, with a comment, not yet handled.
    The articles with the most open feedback come first."""
    if not 1 <= days <= MAX_DAYS:
        raise InputError(f"days must be between 1 and {MAX_DAYS}.")
    since = now() - timedelta(days=days)
    with store.read() as session:
        rows = session.execute(
            select(SummaryRow.article_id, FeedbackRow.helpful, FeedbackRow.comment, FeedbackRow.handled_at)
            .join(SummaryRow, SummaryRow.id == FeedbackRow.summary_id).where(FeedbackRow.created_at >= since)).all()
        counts: dict[str, list[int]] = {}
        for article_id, helpful, comment, handled_at in rows:
            c = counts.setdefault(article_id, [0, 0, 0, 0])
            c[0] += 1
            c[1] += bool(helpful)
            c[2] += bool(comment)
            c[3] += handled_at is None
        titles = dict(session.execute(
            select(ArticleRow.id, ArticleVersionRow.data).join(ArticleVersionRow, (ArticleVersionRow.article_id == ArticleRow.id)
                                                               & (ArticleVersionRow.version == ArticleRow.current_version))
            .where(ArticleRow.id.in_(list(counts)))).all()) if counts else {}
    out = [ArticleFeedback(aid, (titles.get(aid) or {}).get("title"), *c) for aid, c in counts.items()]
    out.sort(key=lambda a: (-a.open, -a.total, a.article_id))
    return out[:limit]
