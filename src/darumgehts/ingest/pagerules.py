"""The page rules (``data/pages/rules.toml``) as typed, compiled data, loaded once.

What on a news page is not the article (consent placeholders, embeds, newsletter, «Lesen Sie auch», paywall and
author boxes), what is the page's own summary box, and how live-ticker entries and their times look.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache

from ..resources import _read

_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
_COUNT = re.compile(r"\b\d+\b")


def normalise(text: str) -> str:
    """Lowercase, apostrophes and punctuation dropped, spacing collapsed: «Darum geht's:» -> «darum gehts»."""
    text = text.replace("’", "").replace("'", "").replace("`", "")
    return _SPACE.sub(" ", _PUNCT.sub(" ", text.lower())).strip()


@dataclass(frozen=True, slots=True)
class TextPair:
    first: tuple[str, ...]
    second: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageRules:
    class_words: tuple[str, ...]
    tags: tuple[str, ...]
    attribute_xpaths: tuple[str, ...]
    max_text_share: float
    section_headings: frozenset[str]  # normalised
    max_chars: int
    max_link_share: float
    text_prefixes: tuple[str, ...]  # normalised
    labels: frozenset[str]  # normalised
    text_suffixes: tuple[str, ...]  # lowercase
    text_pairs: tuple[TextPair, ...]
    summary_headings: frozenset[str]  # normalised
    summary_heading_tags: tuple[str, ...]
    summary_sites: tuple[tuple[str, str], ...]  # (site, xpath)
    ticker_entry_xpaths: tuple[str, ...]
    ticker_latest_entries: int
    time_prefix: re.Pattern[str]

    def is_noncontent(self, text: str) -> bool:
        """True for a paragraph that is a consent/embed notice, a box label or a «Lesen Sie auch» line."""
        if len(text) > self.max_chars:
            return False
        norm = normalise(text)
        if not norm or norm in self.labels:
            return bool(norm)
        if any(norm == p or norm.startswith(p + " ") for p in self.text_prefixes):
            return True
        low = text.lower()
        if low.rstrip().endswith(self.text_suffixes):
            return True
        return any(any(w in low for w in pair.first) and any(w in low for w in pair.second) for pair in self.text_pairs)

    def opens_noncontent_section(self, text: str) -> bool:
        """«Kommentare (12)», «Mehr zum Thema»: a heading after which only comments or further links follow."""
        return len(text) <= 60 and _COUNT.sub("", normalise(text)).strip() in self.section_headings

    def content_only(self, paragraphs: list) -> list:
        """The paragraphs without notices (consent, «Lesen Sie auch», «Über dieses Thema berichtete …»)."""
        return [p for p in paragraphs if not self.is_noncontent(p.text)]

    def is_summary_heading(self, text: str) -> bool:
        return len(text) <= 60 and normalise(text) in self.summary_headings

    def class_is_noncontent(self, value: str) -> bool:
        value = value.lower().replace("_", "-")
        return any(word in value for word in self.class_words)


@cache
def page_rules() -> PageRules:
    data = tomllib.loads(_read("pages/rules.toml"))
    non, summary, ticker = data["noncontent"], data["summary"], data["ticker"]
    return PageRules(
        class_words=tuple(w.lower().replace("_", "-") for w in non["class_words"]),
        tags=tuple(non["tags"]),
        attribute_xpaths=tuple(non["attribute_xpaths"]),
        max_text_share=float(non["max_text_share"]),
        section_headings=frozenset(normalise(h) for h in non["section_headings"]),
        max_chars=int(non["max_chars"]),
        max_link_share=float(non["max_link_share"]),
        text_prefixes=tuple(normalise(p) for p in non["text_prefixes"]),
        labels=frozenset(normalise(w) for w in non["labels"]),
        text_suffixes=tuple(x.lower() for x in non["text_suffixes"]),
        text_pairs=tuple(TextPair(tuple(p["first"]), tuple(p["second"])) for p in non["text_pairs"]),
        summary_headings=frozenset(normalise(h) for h in summary["headings"]),
        summary_heading_tags=tuple(summary["heading_tags"]),
        summary_sites=tuple((s["site"], s["xpath"]) for s in summary["site"]),
        ticker_entry_xpaths=tuple(ticker["entry_xpaths"]),
        ticker_latest_entries=int(ticker["latest_entries"]),
        time_prefix=re.compile(ticker["time_prefix"], re.I),
    )
