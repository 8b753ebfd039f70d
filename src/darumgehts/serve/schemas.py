"""Request and response models of the JSON API (separate from the tables)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Reason = Literal["falsch", "unvollständig", "unverständlich", "irreführend", "anderes"]


class ArticleIn(BaseModel):
    """An article as JSON. Give ``text`` (paragraphs separated by blank lines) or ``html``."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=200, pattern=r"^[\w.\-:/]+$")
    title: str | None = Field(None, max_length=500)
    lead: str | None = Field(None, max_length=5000)
    text: str | None = Field(None, max_length=300_000)
    html: str | None = Field(None, max_length=2_000_000)
    url: str | None = Field(None, max_length=2000)
    date: str | None = Field(None, max_length=50)
    author: str | None = Field(None, max_length=300)
    captions: list[str] = Field(default_factory=list, max_length=50)


class ProblemOut(BaseModel):
    kind: str
    text: str
    message: str
    severity: str
    verdict: str | None = None


class BulletOut(BaseModel):
    text: str
    verdict: str
    problems: list[ProblemOut] = []
    evidence: list[dict] = []


class SummaryOut(BaseModel):
    summary_id: int
    article_id: str
    status: str
    heading: str
    bullets: list[BulletOut]
    disclaimer: str
    reviewed: bool
    stale: bool
    style: str
    backend: str
    version: str


class BoxOut(BaseModel):
    """What a reader's page needs: the published box."""

    summary_id: int
    article_id: str
    heading: str
    bullets: list[str]
    disclaimer: str
    reviewed: bool
    more_info_url: str
    labels: dict[str, str]


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    helpful: bool
    reason: Reason | None = None
    comment: str | None = Field(None, max_length=1000)


class FeedbackOut(BaseModel):
    feedback_id: int
    thanks: str = "Danke für Ihr Feedback!"


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: str | None = Field(None, max_length=2000)


class EditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bullets: list[str] = Field(min_length=1, max_length=8)
    comment: str | None = Field(None, max_length=2000)
