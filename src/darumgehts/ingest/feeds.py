"""RSS and Atom feeds (feedparser): one article per entry."""

from __future__ import annotations

import feedparser

from ..errors import InputError
from ..models import Article, Paragraph
from .html import parse_html
from .text import parse_text


def looks_like_feed(head: str) -> bool:
    head = head.lstrip()[:500].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def parse_feed(data: str | bytes, name: str) -> list[tuple[str, Article | InputError]]:
    parsed = feedparser.parse(data)
    if parsed.bozo and not parsed.entries:
        raise InputError(f"{name} is not a readable RSS or Atom feed ({parsed.get('bozo_exception')}).")
    out: list[tuple[str, Article | InputError]] = []
    for i, entry in enumerate(parsed.entries, 1):
        eid = entry.get("id") or entry.get("link") or f"{name}#{i}"
        try:
            out.append((eid, _entry(entry, eid)))
        except InputError as exc:
            out.append((eid, exc))
    return out


def _entry(entry, eid: str) -> Article:
    body = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
    teaser = entry.get("summary")
    if body:
        art = parse_html(f"<html><body><article>{body}</article></body></html>", eid, entry.get("link"))
        lead = parse_html(f"<html><body><p>{teaser}</p></body></html>", eid).paragraphs if teaser else []
        art.lead = art.lead or (lead[0].text if lead and lead[0].text not in {p.text for p in art.paragraphs} else None)
    elif teaser:
        stripped = parse_html(f"<html><body><article><p>{teaser}</p></article></body></html>", eid).paragraphs
        art = parse_text("\n\n".join(p.text for p in stripped), eid)
    else:
        raise InputError(f"{eid}: the feed entry has neither content nor a description.")
    art.id = eid
    art.title = entry.get("title") or art.title
    art.url = entry.get("link") or art.url
    art.published = entry.get("published") or entry.get("updated") or art.published
    art.author = entry.get("author") or art.author
    art.source_format = "feed"
    if not art.paragraphs and art.lead:
        art.paragraphs, art.lead = [Paragraph(art.lead)], None
    return art
