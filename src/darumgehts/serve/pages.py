"""HTML pages: article pages with the box, the "Mehr erfahren" explainer, no-JS feedback."""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..errors import InputError
from ..render import box_context, template_env
from ..store import service as svc
from .deps import AppState, state

router = APIRouter()

# IPTC digital source types: machine-made text, and machine-made text an editor reviewed.
AI_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
AI_REVIEWED_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"


def _render(app: AppState, name: str, **context) -> str:
    return template_env(app.settings.templates_dir).get_template(name).render(**context)


def _box(app: AppState, summary: svc.StoredSummary) -> str:
    style = app.style
    disclaimer = style.reviewed_disclaimer if summary.reviewed else summary.disclaimer
    ctx = box_context(style, summary.heading, [b["text"] for b in summary.bullets], disclaimer, summary.summary_id,
                      summary.status, f"/feedback/{summary.summary_id}")
    return _render(app, "box.html", **ctx)


@router.get("/", response_class=HTMLResponse)
def index(app: AppState = Depends(state)) -> str:
    items = svc.list_articles(app.store)
    return _render(app, "index.html", items=items)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, app: AppState = Depends(state)) -> str:
    try:
        article = svc.get_article(app.store, article_id)
    except svc.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    try:
        summary = svc.published_summary(app.store, article_id)
    except svc.NotFound:
        summary = None
    jsonld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title, "datePublished": article.published,
        "author": article.author, "url": article.url,
    }
    if summary is not None:
        jsonld["abstract"] = " ".join(b["text"] for b in summary.bullets)
        jsonld["digitalSourceType"] = AI_REVIEWED_SOURCE if summary.reviewed else AI_SOURCE
    # "</" cannot close the script element: JSON allows escaping the slash
    data = json.dumps({k: v for k, v in jsonld.items() if v is not None}, ensure_ascii=False).replace("</", "<\\/")
    return _render(app, "article.html", article=article, box=_box(app, summary) if summary else "", jsonld=data)


@router.get("/ueber-darum-gehts", response_class=HTMLResponse)
def about(app: AppState = Depends(state)) -> str:
    return _render(app, "about.html", style=app.style, backend=app.settings.backend, policy=app.settings.review_policy)


@router.post("/feedback/{summary_id}", response_class=HTMLResponse)
async def feedback_form(summary_id: int, request: Request, app: AppState = Depends(state)):
    """The box's feedback form without JavaScript: a plain form post."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    first = {k: v[0] for k, v in form.items() if v}
    client = request.client.host if request.client else "unknown"
    try:
        svc.add_feedback(app.store, summary_id, first.get("helpful") == "true", first.get("reason") or None,
                         first.get("comment") or None, client, app.settings.feedback_salt or "darumgehts",
                         app.settings.feedback_per_hour)
    except svc.NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except (svc.RateLimited, InputError) as exc:
        return HTMLResponse(_render(app, "message.html", title="Feedback nicht gesendet", message=str(exc)), status_code=422)
    back = request.headers.get("referer") or "/"
    if not back.startswith(str(request.base_url)) and not back.startswith("/"):
        back = "/"
    return RedirectResponse(back, status_code=303)
