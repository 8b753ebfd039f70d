"""The newsroom's pages beyond the queue: the list of published boxes (search by title and date), one box with its
article and «Beleg» (edit, withdraw), an article's history, and the readers' feedback per article (mark handled).
Every action goes back to the page it came from, which confirms it."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from ..beleg import article_blocks
from ..errors import NotFound
from ..models import Article
from ..newsroom import BoxQuery, Principal
from ..newsroom.boxes import LISTED_STATES
from .deps import Web, form, page_principal, web
from .editor import back_to, editor_page, form_refused, login_redirect, own_page, review_item
from .pages import message, render_box
from .schemas import SummaryId, check_article_id

router = APIRouter(prefix="/redaktion", include_in_schema=False)

# The list's state filter: value -> the states shown.
STATE_FILTERS = {"published": ("published",), "withdrawn": ("withdrawn",), "all": LISTED_STATES}
SWISS_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def swiss(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def parse_day(value: str | None) -> date | None:
    """A day from the search form: 26.11.2026, or 2026-11-26. ValueError otherwise."""
    value = (value or "").strip()
    if not value:
        return None
    m = SWISS_DATE.fullmatch(value)
    if m:
        return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return date.fromisoformat(value)


def _article_id(value: str) -> str | None:
    try:
        return check_article_id(value)
    except ValueError:
        return None


def _article_with(site: Web, article_id: str, load: Callable[[str], list]) -> tuple[Article, list] | None:
    """The article and what ``load`` finds for it (its history, its feedback); None when there is no such article."""
    aid = _article_id(article_id)
    if aid is None:
        return None
    try:
        return site.newsroom.article(aid), load(aid)
    except NotFound:
        return None


@router.get("/boxen", response_class=HTMLResponse)
def box_list(request: Request, q: str = "", von: str = "", bis: str = "", status: str = "published", site: Web = Depends(web),
             who: Principal | None = Depends(page_principal)):
    if who is None:
        return login_redirect()
    error = None
    try:
        since, until = parse_day(von), parse_day(bis)
    except ValueError:
        since = until = None
        error = "Ein Datum hat die Form 26.11.2026."
    if since and until and since > until:
        error = "«von» liegt nach «bis»."
    states = STATE_FILTERS.get(status, STATE_FILTERS["published"])
    items = [] if error else site.newsroom.boxes(BoxQuery(q[:200], since, until, states))
    search = {"q": q[:200], "von": swiss(since) if since else von[:10], "bis": swiss(until) if until else bis[:10],
              "status": status if status in STATE_FILTERS else "published"}
    return editor_page(site, request, who, "boxes.html", status=422 if error else 200, items=items, search=search, error=error)


@router.get("/zusammenfassung/{summary_id}", response_class=HTMLResponse)
def box_detail(summary_id: SummaryId, request: Request, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    """One box as the reader sees it, with «Beleg» in the article, plus the editor's verdicts and actions."""
    if who is None:
        return login_redirect()
    room = site.newsroom
    try:
        summary = room.summary(summary_id)
    except NotFound:
        return message(site, "Nicht gefunden", f"Die Zusammenfassung {summary_id} gibt es nicht.", 404)
    item = review_item(site, summary)
    article = item["article"]
    return editor_page(site, request, who, "box_detail.html", item=item, article=article,
                       box=render_box(site, summary, article), blocks=article_blocks(article, summary.bullets),
                       current=summary.article_version == room.article_version(summary.article_id))


@router.get("/zusammenfassung/{summary_id}/zurueckziehen", response_class=HTMLResponse)
def withdraw_page(summary_id: SummaryId, request: Request, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    """Asks before a box is taken off the pages."""
    if who is None:
        return login_redirect()
    try:
        summary = site.newsroom.summary(summary_id)
        article = site.newsroom.article(summary.article_id)
    except NotFound:
        return message(site, "Nicht gefunden", f"Die Zusammenfassung {summary_id} gibt es nicht.", 404)
    back = own_page(request.query_params.get("back"), "/redaktion/boxen")
    return editor_page(site, request, who, "withdraw.html", summary=summary, article=article, back=back)


@router.get("/artikel/{article_id}/verlauf", response_class=HTMLResponse)
def history_page(article_id: str, request: Request, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    """The audit trail: who did what and when, with the bullets before and after."""
    if who is None:
        return login_redirect()
    found = _article_with(site, article_id, site.newsroom.history)
    if found is None:
        return message(site, "Nicht gefunden", "Diesen Artikel gibt es nicht.", 404)
    article, events = found
    return editor_page(site, request, who, "history.html", article=article, events=list(reversed(events)))


@router.get("/artikel/{article_id}/feedback", response_class=HTMLResponse)
def article_feedback_page(article_id: str, request: Request, site: Web = Depends(web), who: Principal | None = Depends(page_principal)):
    if who is None:
        return login_redirect()
    found = _article_with(site, article_id, site.newsroom.article_feedback)
    if found is None:
        return message(site, "Nicht gefunden", "Diesen Artikel gibt es nicht.", 404)
    article, items = found
    return editor_page(site, request, who, "article_feedback.html", article=article, items=items,
                       open=sum(1 for i in items if i.handled_at is None))


@router.post("/feedback/{feedback_id}/erledigt")
def mark_handled(feedback_id: SummaryId, request: Request, fields: dict[str, str] = Depends(form), site: Web = Depends(web),
                 who: Principal | None = Depends(page_principal)):
    refusal = form_refused(site, request, fields, who)
    if refusal:
        return refusal
    try:
        item, changed = site.newsroom.mark_handled(feedback_id, who.name)
    except NotFound:
        return message(site, "Nicht gefunden", f"Das Feedback {feedback_id} gibt es nicht.", 404)
    return back_to(fields, "handled" if changed else "handled-before", f"/redaktion/artikel/{item.article_id}/feedback")
