"""The application layer: what the newsroom does, between the web routes (and the CLI) and the store.

It submits articles (read and summarized in bounded worker processes, see work.py), applies the review policy,
lets editors approve, reject, edit and withdraw boxes, takes readers' feedback, checks tokens and sessions, and
drops cached boxes whenever it changes one. It passes typed objects (Article, Summary, Bullet,
StoredSummary) end to end; the routes stay thin.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import cached_property
from typing import TypeVar
from zoneinfo import ZoneInfo

from ..cache import content_hash
from ..errors import InputError
from ..models import Article, ArticleFeedback, BoxListing, FeedbackItem, ReviewEvent, StoredSummary, TokenInfo
from ..settings import Settings
from ..store import Store
from . import access, articles, boxes, feedback, review
from .access import ROLES, Principal
from .boxes import BoxQuery
from .learning import ActiveModel, LearnedStatus, Retrainer
from .secret import Secret, load_or_create, secret_path
from .work import Submission, WorkerPool

__all__ = ["ROLES", "BoxQuery", "LearnedStatus", "Newsroom", "Principal", "Submission", "content_hash"]

T = TypeVar("T")


class Newsroom:
    def __init__(self, settings: Settings, store: Store, secret: Secret | None = None) -> None:
        self.settings = settings
        self.store = store
        self.secret = secret or Secret(load_or_create(secret_path(settings)))
        self.pool = WorkerPool(settings)
        self.model = ActiveModel(store, settings)  # the database's active learned version, if any
        self.retrainer = Retrainer(settings, on_done=self.model.forget)  # off unless learning.retrain_hours > 0
        # article id -> (time, summary id, what the caller built from the published box); dropped on every change
        # made here, and after box_cache_seconds at the latest (for changes made by other server processes)
        self._boxes: dict[str, tuple[float, object]] = {}
        self._boxes_lock = threading.Lock()

    @cached_property
    def zone(self) -> ZoneInfo:
        """The time zone of dates on the newsroom's pages and in the list's date search."""
        return ZoneInfo(self.settings.timezone)

    @classmethod
    def open(cls, settings: Settings) -> Newsroom:
        return cls(settings, Store.open(settings.database_url))

    def start(self) -> None:
        self.pool.start()
        self.retrainer.start()

    def close(self) -> None:
        self.retrainer.stop()
        self.pool.close()

    def _forget(self, article_id: str) -> None:
        with self._boxes_lock:
            self._boxes.pop(article_id, None)

    # readers

    def cached_box(self, article_id: str) -> object | None:
        """What ``published_box`` built for the article, while it is fresh; never touches the database."""
        cached = self._boxes.get(article_id)
        if cached is not None and time.monotonic() - cached[0] <= self.settings.box_cache_seconds:
            return cached[1]
        return None

    def published_box(self, article_id: str, build: Callable[[StoredSummary], T]) -> T:
        """``build(box)`` for the article's published box, cached for box_cache_seconds (NotFound when none)."""
        value = build(articles.published_summary(self.store, article_id))
        with self._boxes_lock:
            self._boxes[article_id] = (time.monotonic(), value)
        return value

    def published_summary(self, article_id: str) -> StoredSummary:
        return articles.published_summary(self.store, article_id)

    def article(self, article_id: str) -> Article:
        return articles.get_article(self.store, article_id)

    def article_version(self, article_id: str) -> int:
        """The number of the article's current version."""
        return articles.current_version(self.store, article_id)

    def article_at(self, article_id: str, version: int) -> Article:
        """The article as it was in ``version`` (a box's offsets point into the version it was made for)."""
        return articles.get_article(self.store, article_id, version)

    def articles(self, limit: int = 200) -> list[tuple[str, str | None]]:
        return articles.list_articles(self.store, limit)

    def add_feedback(self, summary_id: int, helpful: bool, reason: str | None, comment: str | None, client: str) -> int:
        return feedback.add_feedback(self.store, self.secret, summary_id, helpful, reason, comment, client,
                                     self.settings.feedback_per_hour)

    # ingest

    def submit(self, submission: Submission) -> tuple[StoredSummary, bool]:
        """Read, summarize and store an article. Returns its box and whether anything new was made; the same
        content again gives the box it has (idempotent), without summarizing it again unless the style, backend or
        model version changed (the cache key, see cache.py)."""
        known = articles.current_key(self.store, submission.article_id)
        for _ in range(3):
            prepared = self.pool.run(submission, known, self.model.path())
            result = articles.store_prepared(self.store, prepared, self.settings.review_policy, self.settings.stale_reviewed)
            if result is not None:
                if result[1]:
                    self._forget(submission.article_id)
                return result
            known = None  # the stored content changed meanwhile: summarize after all
        raise InputError(f"{submission.article_id}: the article kept changing while it was stored; send it again.")

    def submit_article(self, article: Article) -> tuple[StoredSummary, bool]:
        return self.submit(Submission(article.id, article=article))

    # editors

    def summary(self, summary_id: int) -> StoredSummary:
        return articles.get_summary(self.store, summary_id)

    def review_queue(self, limit: int = 100) -> list[StoredSummary]:
        return review.review_queue(self.store, limit)

    def approve(self, summary_id: int, actor: str, comment: str | None = None) -> StoredSummary:
        return self._changed(review.approve(self.store, summary_id, actor, comment))

    def reject(self, summary_id: int, actor: str, comment: str | None = None) -> StoredSummary:
        return self._changed(review.reject(self.store, summary_id, actor, comment))

    def withdraw(self, summary_id: int, actor: str, comment: str | None = None) -> StoredSummary:
        return self._changed(review.withdraw(self.store, summary_id, actor, comment))

    def edit(self, summary_id: int, bullets: list[str], actor: str, comment: str | None = None) -> StoredSummary:
        return self._changed(review.edit(self.store, summary_id, bullets, actor, comment, self.settings.check_embeddings))

    def _changed(self, summary: StoredSummary) -> StoredSummary:
        self._forget(summary.article_id)
        return summary

    def history(self, article_id: str) -> list[ReviewEvent]:
        return review.history(self.store, article_id)

    def learned(self) -> LearnedStatus:
        """The active model version and what it learned from (for the pages)."""
        return self.model.status()

    def feedback_stats(self, days: int = 30) -> dict:
        return feedback.feedback_stats(self.store, days)

    def boxes(self, query: BoxQuery) -> list[BoxListing]:
        """Published and withdrawn boxes, newest first, found by title words and the box's date."""
        return boxes.list_boxes(self.store, query, self.zone)

    def article_feedback(self, article_id: str) -> list[FeedbackItem]:
        return feedback.article_feedback(self.store, article_id)

    def feedback_by_article(self, days: int = 30) -> list[ArticleFeedback]:
        return feedback.feedback_by_article(self.store, days)

    def mark_handled(self, feedback_id: int, actor: str) -> tuple[FeedbackItem, bool]:
        return feedback.mark_handled(self.store, feedback_id, actor)

    # tokens and sessions

    def authenticate(self, token: str | None) -> Principal | None:
        return access.authenticate(self.store, token)

    def login(self, token: str) -> tuple[str, Principal] | None:
        return access.open_session(self.store, token, self.settings.session_hours)

    def session(self, session_id: str | None) -> Principal | None:
        return access.session_principal(self.store, session_id)

    def logout(self, session_id: str | None) -> None:
        access.close_session(self.store, session_id)

    def create_token(self, name: str, role: str) -> str:
        return access.create_token(self.store, name, role)

    def list_tokens(self) -> list[TokenInfo]:
        return access.list_tokens(self.store)

    def revoke_token(self, token_id: int) -> TokenInfo:
        return access.revoke_token(self.store, token_id)
