"""Articles and their boxes: store a summarized article, apply the review policy, find what readers see.

Rules kept here, in one place:
- An article is idempotent by content hash; changed content makes a new version and marks its boxes stale.
- Concurrent posts of one article take turns (a lock keyed by the article id), so the same content never makes two
  boxes and a new article row is never inserted twice.
- When the article changes, a box an editor reviewed is withdrawn, or stays up without its reviewed label
  (``stale_reviewed``: withdraw or unlabel).
- A machine box never replaces an editor's box that is still current; it waits for review.
"""

from __future__ import annotations

from sqlalchemy import select

from .. import cache
from ..cache import CacheKey, Generation
from ..errors import NotFound
from ..models import Article, StoredSummary
from ..store.convert import article_from_json, article_to_json, bullets_to_json, summary_from_row
from ..store.db import LOCK_ARTICLE, Store
from ..store.tables import ArticleRow, ArticleVersionRow, ReviewEventRow, SummaryRow, now
from .work import Prepared


def model_version(summary) -> str:
    """The package version, and the backend's model when it has one: 0.1.0/selector-1."""
    return cache.model_version(summary.version, summary.model)


def _generation(row: SummaryRow) -> Generation:
    return Generation(row.style, row.backend, row.model_version)


def auto_publish(policy: str, summary) -> bool:
    """Whether the review policy lets a checked box go up without an editor: ``auto`` always, ``generated`` only a box
    no language model wrote (a box that fell back to the extractive backend entirely counts as not written by one)."""
    if policy == "generated":
        return summary.generation is None or summary.generation.fallback is not None
    return policy == "auto"


def event(session, summary_id: int, actor: str, action: str, before=None, after=None, comment: str | None = None) -> None:
    session.add(ReviewEventRow(summary_id=summary_id, actor=actor, action=action, before=before, after=after, comment=comment))


def published_row(session, article_id: str) -> SummaryRow | None:
    return session.scalars(
        select(SummaryRow).where(SummaryRow.article_id == article_id, SummaryRow.status == "published").order_by(SummaryRow.id.desc())
    ).first()


def publish(session, row: SummaryRow, actor: str) -> None:
    """Make ``row`` the published box; the one published before is superseded."""
    previous = published_row(session, row.article_id)
    if previous is not None and previous.id != row.id:
        previous.status = "superseded"
        previous.updated_at = now()
        event(session, previous.id, actor, "supersede", comment=f"superseded by summary {row.id}")
    row.status = "published"
    row.updated_at = now()


def _current_version(session, article_id: str, version: int) -> ArticleVersionRow:
    return session.scalars(select(ArticleVersionRow).where(
        ArticleVersionRow.article_id == article_id, ArticleVersionRow.version == version)).one()


def _latest(session, article_id: str, version: int | None = None) -> SummaryRow | None:
    query = select(SummaryRow).where(SummaryRow.article_id == article_id)
    if version is not None:
        query = query.where(SummaryRow.article_version == version)
    return session.scalars(query.order_by(SummaryRow.id.desc())).first()


def current_key(store: Store, article_id: str) -> CacheKey | None:
    """The cache key of the article's current box: the content hash of its current version, and the style,
    backend and model version the box was made with (None when there is no box yet)."""
    with store.read() as session:
        row = session.get(ArticleRow, article_id)
        if row is None:
            return None
        digest = _current_version(session, article_id, row.current_version).content_hash
        latest = _latest(session, article_id, row.current_version)
        return None if latest is None else CacheKey(digest, _generation(latest))


def _new_version(session, row: ArticleRow, stale_policy: str) -> int:
    """The article changed: its boxes are stale, and an editor's published box is withdrawn or loses its label."""
    version = row.current_version + 1
    row.current_version = version
    row.updated_at = now()
    for old in session.scalars(select(SummaryRow).where(SummaryRow.article_id == row.id, SummaryRow.stale.is_(False))):
        old.stale = True
        event(session, old.id, "system", "stale", comment=f"article changed to version {version}")
        if old.status == "published" and old.reviewed and stale_policy == "withdraw":
            old.status = "withdrawn"
            old.updated_at = now()
            event(session, old.id, "system", "withdraw", comment=f"the reviewed box no longer matches article version {version}")
    return version


def store_prepared(store: Store, prepared: Prepared, policy: str, stale_policy: str) -> tuple[StoredSummary, bool] | None:
    """Store a summarized article. Returns the box and whether anything new was made, or None when the content
    turned out to be new but was not summarized (the caller summarizes and calls again)."""
    article, digest = prepared.article, prepared.digest
    with store.write() as session:
        store.lock(session, LOCK_ARTICLE, article.id)
        row = session.get(ArticleRow, article.id)
        if row is None:
            row = ArticleRow(id=article.id, url=article.url, current_version=1)
            session.add(row)
            version = 1
        elif _current_version(session, article.id, row.current_version).content_hash == digest:
            latest = _latest(session, article.id, row.current_version)
            if latest is not None and (prepared.generation is None or _generation(latest) == prepared.generation):
                # the same content made the same way: stored already, perhaps by a concurrent post
                return summary_from_row(latest), False
            version = row.current_version  # no box yet, or one made with another style, backend or model
        else:
            if prepared.summary is None:
                return None
            version = _new_version(session, row, stale_policy)
        if prepared.summary is None:
            return None
        summary = prepared.summary
        if session.scalars(select(ArticleVersionRow.id).where(
                ArticleVersionRow.article_id == article.id, ArticleVersionRow.version == version)).first() is None:
            session.add(ArticleVersionRow(article_id=article.id, version=version, content_hash=digest, data=article_to_json(article)))
        session.flush()
        published = published_row(session, article.id)
        new = SummaryRow(
            article_id=article.id, article_version=version, parent_id=published.id if published else None,
            heading=summary.heading, bullets=bullets_to_json(summary.bullets), disclaimer=summary.disclaimer, style=summary.style,
            backend=summary.backend, model_version=model_version(summary), status="draft", created_by="system",
            generation=summary.generation.to_dict() if summary.generation else None,
        )
        session.add(new)
        session.flush()
        event(session, new.id, "system", "create", after=new.bullets)
        editor_box = published is not None and published.reviewed
        if summary.status == "published" and auto_publish(policy, summary) and not editor_box:
            publish(session, new, "system")
        else:
            new.status = "needs_review"
        return summary_from_row(new), True


def published_summary(store: Store, article_id: str) -> StoredSummary:
    with store.read() as session:
        row = published_row(session, article_id)
        if row is None:
            if session.get(ArticleRow, article_id) is None:
                raise NotFound(f"No article {article_id!r}.")
            raise NotFound(f"Article {article_id!r} has no published summary.")
        return summary_from_row(row)


def get_summary(store: Store, summary_id: int) -> StoredSummary:
    with store.read() as session:
        row = session.get(SummaryRow, summary_id)
        if row is None:
            raise NotFound(f"No summary {summary_id}.")
        return summary_from_row(row)


def get_article(store: Store, article_id: str, version: int | None = None) -> Article:
    """The article's current version (or the one named)."""
    with store.read() as session:
        row = session.get(ArticleRow, article_id)
        if row is None:
            raise NotFound(f"No article {article_id!r}.")
        return article_from_json(_current_version(session, article_id, version or row.current_version).data)


def current_version(store: Store, article_id: str) -> int:
    with store.read() as session:
        row = session.get(ArticleRow, article_id)
        if row is None:
            raise NotFound(f"No article {article_id!r}.")
        return row.current_version


def list_articles(store: Store, limit: int = 200) -> list[tuple[str, str | None]]:
    """(id, title) of the newest articles."""
    with store.read() as session:
        rows = session.execute(
            select(ArticleRow.id, ArticleVersionRow.data).join(ArticleVersionRow, (ArticleVersionRow.article_id == ArticleRow.id)
                                                                & (ArticleVersionRow.version == ArticleRow.current_version))
            .order_by(ArticleRow.updated_at.desc()).limit(limit))
        return [(aid, data.get("title")) for aid, data in rows]
