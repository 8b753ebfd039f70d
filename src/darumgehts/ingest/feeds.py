"""RSS and Atom feeds (feedparser): one article per entry."""

from __future__ import annotations

from ..errors import InputError
from ..models import Article, Paragraph


def looks_like_feed(head: str) -> bool:
    head = head.lstrip()[:500].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head


def parse_feed(data: str | bytes, name: str) -> list[tuple[str, Article | InputError]]:
    import feedparser  # loaded on first use: most runs read no feed

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
    from .html import parse_fragment

    body = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
    teaser = entry.get("summary")
    teaser_text = " ".join(p.text for p in parse_fragment(teaser, eid)) if teaser else None
    if body:
        paragraphs = parse_fragment(body, eid)
        lead = teaser_text if teaser_text and teaser_text not in {p.text for p in paragraphs} else None
    elif teaser_text:
        paragraphs, lead = [Paragraph(teaser_text)], None
    else:
        raise InputError(f"{eid}: the feed entry has neither content nor a description.")
    if lead and paragraphs and paragraphs[0].text.startswith(lead[:40]):
        lead = None
    return Article(
        id=eid,
        title=entry.get("title"),
        lead=lead,
        paragraphs=paragraphs,
        url=entry.get("link"),
        published=entry.get("published") or entry.get("updated"),
        author=entry.get("author"),
        source_format="feed",
    )
