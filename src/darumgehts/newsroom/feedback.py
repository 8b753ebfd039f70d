"""Readers' feedback on published boxes: validated, rate-limited per reader, counted for the newsroom.

No address is stored or logged: a reader is known only by an HMAC of the address under that day's key (made
from the install's secret), enough to count their feedback in the last hour. The check and the insert are one
step: a lock keyed by that hash serialises one reader's posts, so concurrent posts cannot pass the limit.
"""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlalchemy import func, select

from ..errors import InputError, NotFound, RateLimited
from ..models import FEEDBACK_REASONS
from ..store.db import LOCK_CLIENT, Store
from ..store.tables import FeedbackRow, SummaryRow, now
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
        day = r.created_at.astimezone(UTC).date().isoformat() if r.created_at.tzinfo else r.created_at.date().isoformat()
        bucket = per_day.setdefault(day, {"total": 0, "helpful": 0})
        bucket["total"] += 1
        bucket["helpful"] += bool(r.helpful)
    return {
        "days": days, "total": total, "helpful": helpful, "helpful_rate": helpful / total if total else None,
        "reasons": per_reason, "reason_rates": {k: v / total if total else None for k, v in per_reason.items()},
        "per_day": [{"day": d, **v, "helpful_rate": v["helpful"] / v["total"]} for d, v in sorted(per_day.items())],
    }
