"""The JSON API. Handlers are thin: dependency -> newsroom -> response model. Those that block are plain def
(FastAPI runs them in its thread pool); articles are read and summarized in the newsroom's worker processes."""

from __future__ import annotations

import hashlib
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from ..errors import InputError
from ..ingest.fetch import content_type
from ..models import FEEDBACK_REASONS, StoredSummary
from ..newsroom import Newsroom, Principal, Submission
from ..newsroom.feedback import MAX_DAYS
from .deps import Web, client_address, newsroom, require, web
from .schemas import (
    ID_RULE,
    ArticleIn,
    BoxOut,
    EditIn,
    EventOut,
    FeedbackIn,
    FeedbackOut,
    ReaderFeedbackOut,
    ReviewIn,
    SummaryId,
    SummaryOut,
    check_article_id,
)

router = APIRouter(prefix="/api")
ArticleId = Annotated[str, Path(min_length=1, max_length=200, description=f"the article's id: {ID_RULE}")]
HTML_TYPES = ("text/html", "application/xhtml+xml")
may_submit, may_review = require("submit"), require("review")


def _article_id(value: str | None, where: str) -> str:
    try:
        return check_article_id(value or "")
    except ValueError:
        raise InputError(f"{where}: an article id is {ID_RULE}.") from None


async def _body(request: Request) -> bytes:
    """The request body, read on the event loop (under the body limit), for a plain def route."""
    return await request.body()


ARTICLE_BODY = {"requestBody": {"required": True, "content": {
    "application/json": {"schema": ArticleIn.model_json_schema()},
    "text/html": {"schema": {"type": "string"}},
}}}


@router.post("/articles", response_model=SummaryOut, status_code=201, openapi_extra=ARTICLE_BODY,
             responses={200: {"description": "The article was already stored with this content"}})
def post_article(request: Request, response: Response, _who: Principal = Depends(may_submit),
                 body: bytes = Depends(_body), room: Newsroom = Depends(newsroom)) -> SummaryOut:
    """Store an article (JSON with our fields, or raw HTML with ?id=), summarize and check it. Needs an ingest,
    editor or admin token."""
    media, charset = content_type(request.headers.get("content-type", ""))
    if media in HTML_TYPES:
        aid = _article_id(request.query_params.get("id"), "?id=")
        url = request.query_params.get("url")
        if url is not None and (len(url) > 2000 or any(ord(ch) < 32 for ch in url)):
            raise InputError("?url= must be at most 2,000 characters, without control characters.")
        submission = Submission(aid, html=body, charset=charset, url=url)
    else:
        try:
            data = ArticleIn.model_validate_json(body)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())
            raise InputError(f"The article JSON is invalid: {problems}") from None
        submission = Submission(data.id, record=data.model_dump(exclude_none=True, exclude={"id"}))
    stored, made = room.submit(submission)
    if not made:
        response.status_code = 200
    return SummaryOut.of(stored)


def _box_body(site: Web, s: StoredSummary) -> tuple[str, bytes]:
    style = site.style
    box = BoxOut(
        summary_id=s.summary_id, article_id=s.article_id, heading=s.heading, bullets=[b.text for b in s.bullets],
        disclaimer=style.reviewed_disclaimer if s.labelled_reviewed else s.disclaimer, reviewed=s.labelled_reviewed, stale=s.stale,
        more_info_url=style.more_info_url, reasons=list(FEEDBACK_REASONS.items()),
        labels={"more_info": style.more_info_label, "feedback": style.feedback_label, "expand": style.expand_label,
                "collapse": style.collapse_label, "question": style.feedback_question, "yes": style.feedback_yes,
                "no": style.feedback_no, "reason": style.feedback_reason, "comment": style.feedback_comment,
                "send": style.feedback_send, "thanks": style.feedback_thanks, "error": style.feedback_error},
    )
    body = box.model_dump_json().encode("utf-8")
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"', body


@router.get("/articles/{article_id}/summary", response_model=BoxOut)
async def get_box(article_id: ArticleId, request: Request, site: Web = Depends(web)):
    """The published box for an article (heading, bullets, disclaimer, whether it is reviewed or stale), cacheable."""
    room = site.newsroom
    cached = room.cached_box(article_id)
    if cached is None:
        aid = _article_id(article_id, "the path")
        cached = await run_in_threadpool(room.published_box, aid, lambda s: _box_body(site, s))
    etag, body = cached
    headers = {"ETag": etag, "Cache-Control": "public, max-age=60"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.post("/summaries/{summary_id}/feedback", response_model=FeedbackOut, status_code=201)
def post_feedback(summary_id: SummaryId, body: FeedbackIn, request: Request,
                  site: Web = Depends(web)) -> FeedbackOut:
    """A reader's feedback on a published box; stored before the 201."""
    fid = site.newsroom.add_feedback(summary_id, body.helpful, body.reason, body.comment, client_address(request))
    return FeedbackOut(feedback_id=fid, thanks=site.style.feedback_thanks)


@router.get("/review/queue", response_model=list[SummaryOut])
def queue(room: Newsroom = Depends(newsroom), _who: Principal = Depends(may_review)) -> list[SummaryOut]:
    """Boxes waiting for an editor, oldest first."""
    return [SummaryOut.of(s) for s in room.review_queue()]


def _comment(body: ReviewIn | None) -> str | None:
    return body.comment if body else None


@router.post("/summaries/{summary_id}/approve", response_model=SummaryOut)
def approve(summary_id: SummaryId, body: ReviewIn | None = None, room: Newsroom = Depends(newsroom),
            who: Principal = Depends(may_review)):
    """Publish the box as reviewed (superseding the one before)."""
    return SummaryOut.of(room.approve(summary_id, who.name, _comment(body)))


@router.post("/summaries/{summary_id}/reject", response_model=SummaryOut)
def reject(summary_id: SummaryId, body: ReviewIn | None = None, room: Newsroom = Depends(newsroom),
           who: Principal = Depends(may_review)):
    return SummaryOut.of(room.reject(summary_id, who.name, _comment(body)))


@router.post("/summaries/{summary_id}/withdraw", response_model=SummaryOut)
def withdraw(summary_id: SummaryId, body: ReviewIn | None = None, room: Newsroom = Depends(newsroom),
             who: Principal = Depends(may_review)):
    """Take a published box off the pages."""
    return SummaryOut.of(room.withdraw(summary_id, who.name, _comment(body)))


@router.put("/summaries/{summary_id}/bullets", response_model=SummaryOut)
def edit(summary_id: SummaryId, body: EditIn, room: Newsroom = Depends(newsroom), who: Principal = Depends(may_review)):
    """Replace the bullets: they are checked against the article as it is now and stored as a new version."""
    return SummaryOut.of(room.edit(summary_id, body.bullets, who.name, body.comment))


@router.get("/articles/{article_id}/history", response_model=list[EventOut])
def history(article_id: ArticleId, room: Newsroom = Depends(newsroom), _who: Principal = Depends(may_review)):
    """The audit trail: who did what, when, with the bullets before and after."""
    return [EventOut(summary_id=e.summary_id, article_version=e.article_version, actor=e.actor, action=e.action,
                     before=None if e.before is None else [b.text for b in e.before],
                     after=None if e.after is None else [b.text for b in e.after], comment=e.comment, at=e.at.isoformat())
            for e in room.history(_article_id(article_id, "the path"))]


@router.get("/articles/{article_id}/feedback", response_model=list[ReaderFeedbackOut])
def article_feedback(article_id: ArticleId, room: Newsroom = Depends(newsroom), _who: Principal = Depends(may_review)):
    """Readers' feedback on the article's boxes, comments included: open items first, newest first."""
    return [ReaderFeedbackOut.of(f) for f in room.article_feedback(_article_id(article_id, "the path"))]


@router.post("/feedback/{feedback_id}/handled", response_model=ReaderFeedbackOut)
def feedback_handled(feedback_id: SummaryId, room: Newsroom = Depends(newsroom), who: Principal = Depends(may_review)):
    """Mark one feedback as handled by the token's name (once: marking it again changes nothing)."""
    return ReaderFeedbackOut.of(room.mark_handled(feedback_id, who.name)[0])


@router.get("/feedback/stats")
def stats(days: Annotated[int, Query(ge=1, le=MAX_DAYS)] = 30, room: Newsroom = Depends(newsroom),
          _who: Principal = Depends(may_review)) -> dict:
    """Helpfulness and reasons, in total and per day."""
    return room.feedback_stats(days)
