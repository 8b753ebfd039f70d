"""RSS and Atom feeds (feedparser): one article per entry."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..models import Article, Paragraph


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One entry of a feed, for a watcher: what identifies it, when it changed, and the article it carries (or the
    reason it carries none). ``full_text``: the entry holds the article's body, not only a teaser."""

    id: str
    link: str | None
    updated: str | None
    fingerprint: str
    full_text: bool
    article: Article | None = None
    error: str | None = None


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


def read_feed(data: bytes, name: str) -> list[FeedEntry]:
    """The entries of an RSS or Atom feed (InputError when it is not a readable feed)."""
    import hashlib

    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.bozo or not parsed.version):
        why = parsed.get("bozo_exception") or "no RSS or Atom element"
        raise InputError(f"{name} is not a readable RSS or Atom feed ({why}).")
    out = []
    for i, entry in enumerate(parsed.entries, 1):
        eid = entry.get("id") or entry.get("link") or f"{name}#{i}"
        updated = entry.get("updated") or entry.get("published")
        body = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
        raw = "\x1f".join(str(x or "") for x in (updated, entry.get("title"), entry.get("summary"), body))
        fingerprint = hashlib.blake2b(raw.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
        try:
            article, error = _entry(entry, eid), None
        except InputError as exc:
            article, error = None, str(exc)
        out.append(FeedEntry(eid, entry.get("link"), updated, fingerprint, bool(body), article, error))
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
