"""HTML pages: article pages with the box, the "Mehr erfahren" explainer, no-JS feedback."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from ..beleg import article_blocks, bullet_sources
from ..errors import InputError, NotFound, RateLimited
from ..models import FEEDBACK_REASONS, Article, StoredSummary
from ..render import box_context, script_json
from .deps import Web, client_address, form, same_origin, web
from .schemas import SummaryId, check_article_id

router = APIRouter()

# IPTC digital source types: machine-made text, and machine-made text an editor reviewed.
AI_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"
AI_REVIEWED_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"


def message(site: Web, title: str, text: str, status: int) -> HTMLResponse:
    return HTMLResponse(site.render("message.html", title=title, message=text), status_code=status)


def render_box(site: Web, summary: StoredSummary, article: Article | None = None, feedback_sent: bool = False) -> str:
    """The box as server-rendered HTML; with the article it was made for, each bullet gets its «Beleg» link."""
    style = site.style
    disclaimer = style.reviewed_disclaimer if summary.labelled_reviewed else summary.disclaimer
    sources = bullet_sources(article, summary.bullets) if article is not None else None
    ctx = box_context(style, summary.heading, [b.text for b in summary.bullets], disclaimer, summary.summary_id,
                      summary.status, f"/feedback/{summary.summary_id}", sources=sources, feedback_sent=feedback_sent)
    return site.render("box.html", **ctx)


@router.get("/", response_class=HTMLResponse)
def index(site: Web = Depends(web)) -> str:
    return site.render("index.html", items=site.newsroom.articles())


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(article_id: str, feedback: str | None = None, site: Web = Depends(web)):
    room = site.newsroom
    try:
        article = room.article(check_article_id(article_id))
    except (ValueError, NotFound):
        return message(site, "Nicht gefunden", "Diesen Artikel gibt es nicht.", 404)
    try:
        summary = room.published_summary(article.id)
    except NotFound:
        summary = None
    jsonld = {
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title, "datePublished": article.published,
        "author": article.author, "url": article.url,
    }
    if summary is not None:
        jsonld["abstract"] = " ".join(b.text for b in summary.bullets)
        jsonld["digitalSourceType"] = AI_REVIEWED_SOURCE if summary.labelled_reviewed else AI_SOURCE
    data = script_json({k: v for k, v in jsonld.items() if v is not None})
    # «Beleg» only where the box was made for the article as it is now: the offsets point into that text
    current = summary is not None and summary.article_version == room.article_version(article.id)
    box = render_box(site, summary, article if current else None, feedback_sent=feedback == "gesendet") if summary else ""
    blocks = article_blocks(article, summary.bullets if current else None)
    return site.render("article.html", article=article, box=box, blocks=blocks, jsonld=data)


@router.get("/ueber-darum-gehts", response_class=HTMLResponse)
def about(site: Web = Depends(web)) -> str:
    settings = site.newsroom.settings
    return site.render("about.html", style=site.style, backend=settings.backend, policy=settings.review_policy,
                       learning=settings.learning)


@router.post("/feedback/{summary_id}", response_class=HTMLResponse)
def feedback_form(summary_id: SummaryId, request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web)):
    """The box's feedback form without JavaScript: a plain form post, from our own pages only."""
    title = "Feedback nicht gesendet"
    if not same_origin(request):
        return message(site, title, "Dieses Formular kann nur von unseren eigenen Seiten gesendet werden.", 403)
    helpful = fields.get("helpful")
    if helpful not in ("true", "false"):
        return message(site, title, "Bitte wählen Sie, ob die Zusammenfassung hilfreich war.", 422)
    reason = fields.get("reason") or None
    if reason is not None and reason not in FEEDBACK_REASONS:
        return message(site, title, "Diesen Grund gibt es nicht.", 422)
    try:
        site.newsroom.add_feedback(summary_id, helpful == "true", reason, fields.get("comment") or None, client_address(request))
    except NotFound:
        return message(site, title, "Zu dieser Zusammenfassung kann kein Feedback gesendet werden.", 404)
    except RateLimited:
        return message(site, title, "Sie haben in der letzten Stunde schon viel Feedback gesendet. Bitte versuchen Sie es später.", 429)
    except InputError:
        return message(site, title, "Der Kommentar ist zu lang (höchstens 1000 Zeichen) oder enthält ungültige Zeichen.", 422)
    # back to the article, where the box confirms it (post, redirect, get: a reload sends nothing twice)
    article_id = site.newsroom.summary(summary_id).article_id
    return RedirectResponse(f"/articles/{quote(article_id)}?feedback=gesendet#dg-heading-{summary_id}", status_code=303)
