"""The editors' list of boxes: published (and withdrawn) boxes, found by title and by date.

Titles live in the article versions' JSON, so the title filter runs here, over the boxes of the date range, newest
first, until ``limit`` are found. The date is the box's: the day it was last published, edited or withdrawn, in
the newsroom's time zone.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..models import BoxListing
from ..store.db import Store
from ..store.tables import ArticleVersionRow, FeedbackRow, SummaryRow

# What the list can show: the boxes readers see, and those taken off the pages.
LISTED_STATES = ("published", "withdrawn")
MAX_LISTED = 500


@dataclass(frozen=True, slots=True)
class BoxQuery:
    """A search in the list: words of the title (all of them, any case), a date range (inclusive), the states."""

    text: str = ""
    since: date | None = None
    until: date | None = None
    states: tuple[str, ...] = LISTED_STATES
    limit: int = 200


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """Midnight of ``day`` in ``zone``, as UTC (how the store compares times)."""
    return datetime.combine(day, time.min, zone).astimezone(UTC)


def list_boxes(store: Store, query: BoxQuery, zone: ZoneInfo) -> list[BoxListing]:
    words = query.text.casefold().split()
    states = tuple(s for s in query.states if s in LISTED_STATES) or LISTED_STATES
    stmt = (select(SummaryRow, ArticleVersionRow.data)
            .join(ArticleVersionRow, (ArticleVersionRow.article_id == SummaryRow.article_id)
                  & (ArticleVersionRow.version == SummaryRow.article_version))
            .where(SummaryRow.status.in_(states)).order_by(SummaryRow.updated_at.desc(), SummaryRow.id.desc()))
    if query.since is not None:
        stmt = stmt.where(SummaryRow.updated_at >= day_start(query.since, zone))
    if query.until is not None:
        stmt = stmt.where(SummaryRow.updated_at < day_start(query.until + timedelta(days=1), zone))
    limit = max(1, min(query.limit, MAX_LISTED))
    found: list[BoxListing] = []
    with store.read() as session:
        for row, data in session.execute(stmt.execution_options(yield_per=200)):
            title = (data or {}).get("title")
            haystack = f"{title or ''} {row.article_id}".casefold()
            if not all(w in haystack for w in words):
                continue
            found.append(BoxListing(row.id, row.article_id, title, row.status, row.reviewed, row.stale, row.updated_at,
                                    [b.get("text", "") for b in row.bullets or []]))
            if len(found) >= limit:
                break
        if found:
            counts = dict(session.execute(
                select(FeedbackRow.summary_id, func.count(FeedbackRow.id))
                .where(FeedbackRow.summary_id.in_([b.summary_id for b in found]), FeedbackRow.handled_at.is_(None))
                .group_by(FeedbackRow.summary_id)).all())
            for box in found:
                box.open_feedback = counts.get(box.summary_id, 0)
    return found
