"""Editors' work on boxes: the queue, approve, reject, edit (re-checked), withdraw, and the audit trail."""

from __future__ import annotations

from sqlalchemy import select

from ..check import Checker
from ..errors import Conflict, InputError, NotFound
from ..models import Bullet, ReviewEvent, StoredSummary
from ..store.convert import article_from_json, bullets_to_json, event_from_row, summary_from_row
from ..store.db import Store
from ..store.tables import ArticleRow, ArticleVersionRow, ReviewEventRow, SummaryRow, now
from .articles import event, publish

MAX_BULLETS = 8
MAX_BULLET_CHARS = 300  # an editor's bullet; the styles' own limits are 100 to 161 characters


def review_queue(store: Store, limit: int = 100) -> list[StoredSummary]:
    with store.read() as session:
        rows = session.scalars(select(SummaryRow).where(SummaryRow.status.in_(("draft", "needs_review")))
                               .order_by(SummaryRow.created_at, SummaryRow.id).limit(limit))
        return [summary_from_row(r) for r in rows]


def _row(session, summary_id: int) -> SummaryRow:
    row = session.get(SummaryRow, summary_id)
    if row is None:
        raise NotFound(f"No summary {summary_id}.")
    return row


def approve(store: Store, summary_id: int, actor: str, comment: str | None = None) -> StoredSummary:
    with store.write() as session:
        row = _row(session, summary_id)
        if row.status in ("rejected", "superseded", "withdrawn"):
            raise Conflict(f"Summary {summary_id} is {row.status}; it cannot be approved.")
        if row.stale:
            raise Conflict(f"Summary {summary_id} was made for an older version of the article; edit it (the bullets are "
                           "checked against the article as it is now) or review the newer box.")
        publish(session, row, actor)
        row.reviewed = True
        event(session, row.id, actor, "approve", before=row.bullets, after=row.bullets, comment=comment)
        return summary_from_row(row)


def reject(store: Store, summary_id: int, actor: str, comment: str | None = None) -> StoredSummary:
    with store.write() as session:
        row = _row(session, summary_id)
        if row.status in ("rejected", "superseded", "withdrawn"):
            raise Conflict(f"Summary {summary_id} is already {row.status}.")
        row.status = "rejected"
        row.reviewed = True
        row.updated_at = now()
        event(session, row.id, actor, "reject", before=row.bullets, comment=comment)
        return summary_from_row(row)


def withdraw(store: Store, summary_id: int, actor: str, comment: str | None = None) -> StoredSummary:
    """Take a published box off the pages; readers then see no box until another is published."""
    with store.write() as session:
        row = _row(session, summary_id)
        if row.status != "published":
            raise Conflict(f"Summary {summary_id} is {row.status}; only a published box can be withdrawn.")
        row.status = "withdrawn"
        row.updated_at = now()
        event(session, row.id, actor, "withdraw", before=row.bullets, comment=comment)
        return summary_from_row(row)


def clean_bullets(texts: list[str]) -> list[str]:
    texts = [" ".join(t.split()) for t in texts if t and t.strip()]
    if not texts:
        raise InputError("An edited summary needs at least one bullet.")
    if len(texts) > MAX_BULLETS:
        raise InputError(f"An edited summary has at most {MAX_BULLETS} bullets, not {len(texts)}.")
    for text in texts:
        if len(text) > MAX_BULLET_CHARS:
            raise InputError(f"A bullet has {len(text)} characters; at most {MAX_BULLET_CHARS} are allowed.")
    return texts


def edit(store: Store, summary_id: int, texts: list[str], actor: str, comment: str | None = None,
         embeddings: bool = False) -> StoredSummary:
    """An editor's bullets, checked against the article as it is now and stored as a new version. Supported ones
    are published as reviewed; with problems, the new version waits in the queue with them attached."""
    texts = clean_bullets(texts)
    with store.read() as session:
        row = _row(session, summary_id)
        article_row = session.get(ArticleRow, row.article_id)
        version = session.scalars(select(ArticleVersionRow).where(
            ArticleVersionRow.article_id == row.article_id, ArticleVersionRow.version == article_row.current_version)).one()
    checker = Checker.for_article(article_from_json(version.data), embeddings)
    checked: list[Bullet] = []
    for text in texts:
        result = checker.check(text)
        checked.append(Bullet(text, result.verdict, list(result.evidence), list(result.problems), list(result.evidence)))
    with store.write() as session:
        old = _row(session, summary_id)
        new = SummaryRow(
            article_id=old.article_id, article_version=version.version, parent_id=old.id, heading=old.heading,
            bullets=bullets_to_json(checked), disclaimer=old.disclaimer, style=old.style, backend=old.backend,
            model_version=old.model_version, status="draft", reviewed=True, created_by=actor,
        )
        session.add(new)
        session.flush()
        event(session, new.id, actor, "edit", before=old.bullets, after=new.bullets, comment=comment)
        if old.status in ("draft", "needs_review"):
            old.status = "superseded"
            old.updated_at = now()
        if all(b.verdict == "supported" for b in checked):
            publish(session, new, actor)
        else:
            new.status = "needs_review"
        return summary_from_row(new)


def history(store: Store, article_id: str) -> list[ReviewEvent]:
    with store.read() as session:
        if session.get(ArticleRow, article_id) is None:
            raise NotFound(f"No article {article_id!r}.")
        rows = session.execute(
            select(ReviewEventRow, SummaryRow.article_version).join(SummaryRow, SummaryRow.id == ReviewEventRow.summary_id)
            .where(SummaryRow.article_id == article_id).order_by(ReviewEventRow.at, ReviewEventRow.id)
        )
        return [event_from_row(e, v) for e, v in rows]
