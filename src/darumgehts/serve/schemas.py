"""Request and response models of the JSON API (separate from the tables).

Every string that comes in is checked at the edge: no NUL characters and no lone surrogates, which no database
stores; ids follow one rule (``check_article_id``); numbers have ranges.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, field_validator

from ..models import FEEDBACK_REASONS, FeedbackItem, StoredSummary, as_utc
from ..newsroom.review import MAX_BULLET_CHARS, MAX_BULLETS
from ..store.tables import MAX_KEY

ARTICLE_ID = re.compile(r"\w[\w.:-]{0,199}")
ID_RULE = "1 to 200 letters, digits and . _ - :, starting with a letter or digit"
SummaryId = Annotated[int, Field(ge=1, le=MAX_KEY)]


def check_article_id(value: str) -> str:
    if not isinstance(value, str) or not ARTICLE_ID.fullmatch(value):
        raise ValueError(f"an article id is {ID_RULE}")
    return value


def _clean(value: str) -> str:
    if "\x00" in value:
        raise ValueError("NUL characters are not allowed")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("the text is not valid Unicode (a lone surrogate)") from None
    return value


Text = Annotated[str, AfterValidator(_clean)]
Reason = Literal[*FEEDBACK_REASONS]


class ArticleIn(BaseModel):
    """An article as JSON. Give ``text`` (paragraphs separated by blank lines) or ``html``."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(min_length=1, max_length=200, description=f"the article's id: {ID_RULE}")
    title: Text | None = Field(None, max_length=500)
    lead: Text | None = Field(None, max_length=5000)
    text: Text | None = Field(None, max_length=300_000)
    html: Text | None = Field(None, max_length=2_000_000)
    url: Text | None = Field(None, max_length=2000)
    date: Text | None = Field(None, max_length=50)
    author: Text | None = Field(None, max_length=300)
    captions: list[Annotated[Text, Field(max_length=2000)]] = Field(default_factory=list, max_length=50)

    _id = field_validator("id")(check_article_id)


class ProblemOut(BaseModel):
    kind: str
    text: str
    message: str
    severity: str
    verdict: str | None = None


class SpanOut(BaseModel):
    sentence: int
    start: int
    end: int


class BulletOut(BaseModel):
    text: str
    verdict: str
    problems: list[ProblemOut] = []
    evidence: list[SpanOut] = []


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
    # language-model boxes: each bullet's origin (model, repaired, extractive), model, tokens, seconds, fallback
    generation: dict | None = None

    @classmethod
    def of(cls, s: StoredSummary) -> SummaryOut:
        return cls(
            generation=s.generation.to_dict() if s.generation else None,
            summary_id=s.summary_id, article_id=s.article_id, status=s.status, heading=s.heading, disclaimer=s.disclaimer,
            reviewed=s.reviewed, stale=s.stale, style=s.style, backend=s.backend, version=s.model_version,
            bullets=[BulletOut(text=b.text, verdict=b.verdict, evidence=[SpanOut(sentence=e.sentence, start=e.start, end=e.end) for e in b.evidence],
                               problems=[ProblemOut(kind=p.kind, text=p.text, message=p.message, severity=p.severity, verdict=p.verdict)
                                         for p in b.problems])
                     for b in s.bullets],
        )


class BoxOut(BaseModel):
    """What a reader's page needs: the published box, and whether an editor vouches for it."""

    summary_id: int
    article_id: str
    heading: str
    bullets: list[str]
    disclaimer: str
    reviewed: bool = Field(description="an editor reviewed this box for the article as it is now («redaktionell geprüft»)")
    stale: bool = Field(description="the article changed after this box was made")
    more_info_url: str
    labels: dict[str, str]
    reasons: list[tuple[str, str]] = Field(description="the feedback reasons: value and label")


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    helpful: StrictBool
    reason: Reason | None = None
    comment: Text | None = Field(None, max_length=1000)


class FeedbackOut(BaseModel):
    feedback_id: int
    thanks: str = "Danke für Ihr Feedback!"


class ReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    comment: Text | None = Field(None, max_length=2000)


class EditIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    bullets: list[Annotated[Text, Field(min_length=1, max_length=MAX_BULLET_CHARS)]] = Field(min_length=1, max_length=MAX_BULLETS)
    comment: Text | None = Field(None, max_length=2000)


class EventOut(BaseModel):
    summary_id: int
    article_version: int
    actor: str
    action: str
    before: list[str] | None
    after: list[str] | None
    comment: str | None
    at: str


class ReaderFeedbackOut(BaseModel):
    """One reader's feedback as editors see it (never the reader's address or its hash)."""

    feedback_id: int
    summary_id: int
    article_id: str
    helpful: bool
    reason: str | None
    comment: str | None
    created_at: str
    handled_at: str | None = Field(description="when an editor marked it handled")
    handled_by: str | None

    @classmethod
    def of(cls, f: FeedbackItem) -> ReaderFeedbackOut:
        return cls(feedback_id=f.feedback_id, summary_id=f.summary_id, article_id=f.article_id, helpful=f.helpful, reason=f.reason,
                   comment=f.comment, created_at=utc_iso(f.created_at), handled_at=utc_iso(f.handled_at) if f.handled_at else None,
                   handled_by=f.handled_by)


def utc_iso(value: datetime) -> str:
    """ISO 8601 in UTC."""
    return as_utc(value).isoformat()


class TokenOut(BaseModel):
    token_id: int
    name: str
    role: str
    revoked: bool
    created_at: str
