"""The JSON API. Handlers are thin: dependency -> service function -> response model."""

from __future__ import annotations

import hashlib
import time

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

from ..errors import InputError
from ..ingest import article_from_record, parse_html, validate
from ..store import service as svc
from .deps import AppState, editor, state
from .schemas import ArticleIn, BoxOut, EditIn, FeedbackIn, FeedbackOut, ReviewIn, SummaryOut

router = APIRouter(prefix="/api")


def summary_out(s: svc.StoredSummary) -> SummaryOut:
    return SummaryOut(
        summary_id=s.summary_id, article_id=s.article_id, status=s.status, heading=s.heading, disclaimer=s.disclaimer,
        reviewed=s.reviewed, stale=s.stale, style=s.style, backend=s.backend, version=s.model_version,
        bullets=[{"text": b["text"], "verdict": b["verdict"], "evidence": b.get("evidence", []),
                  "problems": [{k: p.get(k) for k in ("kind", "text", "message", "severity", "verdict")} for p in b["problems"]]}
                 for b in s.bullets],
    )


def box_out(s: svc.StoredSummary, app: AppState) -> BoxOut:
    style = app.style
    return BoxOut(
        summary_id=s.summary_id, article_id=s.article_id, heading=s.heading, bullets=[b["text"] for b in s.bullets],
        disclaimer=style.reviewed_disclaimer if s.reviewed else s.disclaimer, reviewed=s.reviewed,
        more_info_url=style.more_info_url,
        labels={"more_info": style.more_info_label, "feedback": style.feedback_label, "expand": style.expand_label,
                "collapse": style.collapse_label, "question": style.feedback_question, "yes": style.feedback_yes,
                "no": style.feedback_no, "reason": style.feedback_reason, "comment": style.feedback_comment,
                "send": style.feedback_send, "thanks": style.feedback_thanks, "error": style.feedback_error},
    )


@router.post("/articles", response_model=SummaryOut, status_code=201,
             responses={200: {"description": "The article was already stored with this content"}})
async def post_article(request: Request, response: Response, app: AppState = Depends(state)) -> SummaryOut:
    """Store an article (JSON with our fields, or raw HTML), summarize and check it."""
    ctype = request.headers.get("content-type", "").split(";")[0].strip()
    body = await request.body()
    if ctype in ("text/html", "application/xhtml+xml"):
        aid = request.query_params.get("id")
        if not aid:
            raise InputError("Raw HTML needs the article id as ?id=...")
        article = parse_html(body, aid, request.query_params.get("url"))
    else:
        try:
            data = ArticleIn.model_validate_json(body)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors())
            raise InputError(f"The article JSON is invalid: {problems}") from None
        record = data.model_dump(exclude_none=True)
        if "date" in record:
            record["published"] = record.pop("date")
        article = parse_html(data.html, data.id, data.url) if data.html and not data.text else article_from_record(record, data.id)
        article.id = data.id
    article = validate(article, app.settings)
    stored, made = svc.submit_article(app.store, app.summarizer, article, app.settings.review_policy)
    app.forget(article.id)
    if not made:
        response.status_code = 200
    return summary_out(stored)


@router.get("/articles/{article_id}/summary", response_model=BoxOut)
async def get_box(article_id: str, request: Request, app: AppState = Depends(state)):
    """The published box for an article (heading, bullets, disclaimer), cacheable."""
    cached = app.box_cache.get(article_id)
    if cached is None or time.monotonic() - cached[0] > app.settings.box_cache_seconds:
        stored = await run_in_threadpool(svc.published_summary, app.store, article_id)
        body = box_out(stored, app).model_dump_json().encode("utf-8")
        cached = (time.monotonic(), '"' + hashlib.sha256(body).hexdigest()[:32] + '"', body)
        app.box_cache[article_id] = cached
    _, etag, body = cached
    headers = {"ETag": etag, "Cache-Control": "public, max-age=60"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(body, media_type="application/json", headers=headers)


@router.post("/summaries/{summary_id}/feedback", response_model=FeedbackOut, status_code=201)
def post_feedback(summary_id: int, body: FeedbackIn, request: Request, app: AppState = Depends(state)) -> FeedbackOut:
    """A reader's feedback on a box; stored before the 201."""
    client = request.client.host if request.client else "unknown"
    fid = svc.add_feedback(app.store, summary_id, body.helpful, body.reason, body.comment, client,
                           app.settings.feedback_salt or "darumgehts", app.settings.feedback_per_hour)
    return FeedbackOut(feedback_id=fid, thanks=app.style.feedback_thanks)


@router.get("/review/queue", response_model=list[SummaryOut])
def queue(app: AppState = Depends(state), _who: str = Depends(editor)) -> list[SummaryOut]:
    """Boxes waiting for an editor, oldest first."""
    return [summary_out(s) for s in svc.review_queue(app.store)]


def _review(fn, summary_id: int, app: AppState, *args):
    result = fn(app.store, *args)
    app.forget(result.article_id)
    return summary_out(result)


@router.post("/summaries/{summary_id}/approve", response_model=SummaryOut)
def approve(summary_id: int, body: ReviewIn | None = None, app: AppState = Depends(state), who: str = Depends(editor)):
    return _review(svc.approve, summary_id, app, summary_id, who, body.comment if body else None)


@router.post("/summaries/{summary_id}/reject", response_model=SummaryOut)
def reject(summary_id: int, body: ReviewIn | None = None, app: AppState = Depends(state), who: str = Depends(editor)):
    return _review(svc.reject, summary_id, app, summary_id, who, body.comment if body else None)


@router.put("/summaries/{summary_id}/bullets", response_model=SummaryOut)
def edit(summary_id: int, body: EditIn, app: AppState = Depends(state), who: str = Depends(editor)):
    """Replace the bullets: they are re-checked and stored as a new version."""
    return _review(svc.edit, summary_id, app, summary_id, body.bullets, who, body.comment)


@router.get("/articles/{article_id}/history")
def history(article_id: str, app: AppState = Depends(state), _who: str = Depends(editor)) -> list[dict]:
    """The audit trail: who did what, when, with the bullets before and after."""
    return svc.history(app.store, article_id)


@router.get("/feedback/stats")
def stats(days: int = 30, app: AppState = Depends(state), _who: str = Depends(editor)) -> dict:
    """Helpfulness and reasons, in total and per day."""
    return svc.feedback_stats(app.store, days)
