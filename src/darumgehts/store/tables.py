"""Tables: articles and their versions, summaries, review events, feedback, API tokens, login sessions.

SQLAlchemy 2 typed mappings; the schema itself is created by the Alembic
migrations in ``migrations/``, never by ``create_all``. Keys are 64-bit on
every database (SQLite's INTEGER is 64-bit and stays the rowid).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import JSON, BigInteger, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# BIGINT on PostgreSQL; INTEGER (also 64-bit) on SQLite, where only INTEGER PRIMARY KEY is the rowid.
BigKey = BigInteger().with_variant(Integer(), "sqlite")
MAX_KEY = 2**63 - 1


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict: JSON, list: JSON}


class ArticleRow(Base):
    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    url: Mapped[str | None] = mapped_column(String(2000))
    current_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ArticleVersionRow(Base):
    __tablename__ = "article_versions"
    __table_args__ = (UniqueConstraint("article_id", "version"), Index("ix_article_versions_hash", "content_hash"))

    id: Mapped[int] = mapped_column(BigKey, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class SummaryRow(Base):
    __tablename__ = "summaries"
    __table_args__ = (Index("ix_summaries_article_status", "article_id", "status"),)

    id: Mapped[int] = mapped_column(BigKey, primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id"), index=True)
    article_version: Mapped[int] = mapped_column(Integer)
    parent_id: Mapped[int | None] = mapped_column(BigKey, ForeignKey("summaries.id"))
    heading: Mapped[str] = mapped_column(String(200))
    bullets: Mapped[list] = mapped_column(JSON)
    disclaimer: Mapped[str] = mapped_column(Text)
    style: Mapped[str] = mapped_column(String(50))
    backend: Mapped[str] = mapped_column(String(100))
    model_version: Mapped[str] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), index=True)
    stale: Mapped[bool] = mapped_column(Boolean, default=False)
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_by: Mapped[str] = mapped_column(String(100), default="system")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # how a generative backend made the box: model, version, tokens, latency, fallback (None for extractive)
    generation: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class ReviewEventRow(Base):
    __tablename__ = "review_events"

    id: Mapped[int] = mapped_column(BigKey, primary_key=True, autoincrement=True)
    summary_id: Mapped[int] = mapped_column(BigKey, ForeignKey("summaries.id"), index=True)
    actor: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(20))  # create, approve, reject, edit, withdraw, supersede, stale
    before: Mapped[list | None] = mapped_column(JSON)
    after: Mapped[list | None] = mapped_column(JSON)
    comment: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class FeedbackRow(Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(BigKey, primary_key=True, autoincrement=True)
    summary_id: Mapped[int] = mapped_column(BigKey, ForeignKey("summaries.id"), index=True)
    helpful: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str | None] = mapped_column(String(20))
    comment: Mapped[str | None] = mapped_column(String(1000))
    client_hash: Mapped[str] = mapped_column(String(64), index=True)  # keyed hash, its key changes daily; no raw IP is kept
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    handled_by: Mapped[str | None] = mapped_column(String(100), nullable=True)


class ApiTokenRow(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(BigKey, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(20))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class SessionRow(Base):
    """A login to the newsroom's pages: the cookie holds a random id, the table only its hash."""

    __tablename__ = "sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    token_id: Mapped[int] = mapped_column(BigKey, ForeignKey("api_tokens.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class ModelVersionRow(Base):
    """A selector model trained in this newsroom: its data window, signals, held-out figures and whether it is live."""

    __tablename__ = "model_versions"

    id: Mapped[str] = mapped_column(String(50), primary_key=True)
    parent: Mapped[str | None] = mapped_column(String(50), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    status: Mapped[str] = mapped_column(String(20))  # active, kept, retired
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    signals: Mapped[int] = mapped_column(Integer, default=0)
    heldout: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    model: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
