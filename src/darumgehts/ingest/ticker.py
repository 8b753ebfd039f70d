"""Live tickers: entries with times. The time goes to ``Paragraph.time``, never into the text, and a ticker is
read newest first and only its newest entries, so the box summarises the latest developments.

Works on paragraphs from any format: Markdown or JSON («## 12.10 Uhr Bundesrat entscheidet»), plain text
(«12:10 Uhr – …») and HTML after extraction. Ticker entries in known HTML markup are read in ``html.py``
and handed here as ``Entry`` objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..models import Paragraph
from .pagerules import page_rules

_CLOCK = re.compile(r"(?:T|\b)([01]?\d|2[0-3])[:.h]([0-5]\d)\b")


@dataclass(slots=True)
class Entry:
    """One ticker entry: its time («HH:MM») and its paragraphs (crossheads included)."""

    time: str
    paragraphs: list[Paragraph] = field(default_factory=list)


def split_time(text: str) -> tuple[str | None, str]:
    """(«HH:MM», the rest) for a text that starts with a timestamp, else (None, text)."""
    m = page_rules().time_prefix.match(text)
    if not m:
        return None, text
    return f"{int(m.group(1)):02d}:{m.group(2)}", text[m.end():].strip(" \t-–—|:")


def clock(value: str) -> str | None:
    """«HH:MM» from a <time> element's datetime or text («2026-12-01T12:10:00+01:00», «12.10 Uhr»)."""
    m = _CLOCK.search(value)
    return f"{int(m.group(1)):02d}:{m.group(2)}" if m else None


def entries_from_paragraphs(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], list[Entry]]:
    """Split paragraphs at timestamps: (the paragraphs before the first time, the timed entries).

    A paragraph or crosshead that starts with a time opens an entry; a time standing alone opens one too and
    is not kept as text."""
    intro: list[Paragraph] = []
    entries: list[Entry] = []
    for p in paragraphs:
        time, rest = split_time(p.text)
        if time is not None:
            entries.append(Entry(time))
            if rest:
                entries[-1].paragraphs.append(Paragraph(rest, p.kind, time))
        elif entries:
            entries[-1].paragraphs.append(replace(p, time=entries[-1].time))
        else:
            intro.append(p)
    return intro, [e for e in entries if e.paragraphs]


def newest_first(entries: list[Entry]) -> list[Entry]:
    """The entries newest first: a page that lists them oldest first (times mostly rising) is reversed."""
    rising = sum(1 for a, b in zip(entries, entries[1:], strict=False) if b.time > a.time)
    falling = sum(1 for a, b in zip(entries, entries[1:], strict=False) if b.time < a.time)
    return list(reversed(entries)) if rising > falling else list(entries)


def is_ticker(entries: list[Entry]) -> bool:
    return len({e.time for e in entries}) >= 2


def flatten(intro: list[Paragraph], entries: list[Entry]) -> list[Paragraph]:
    """The intro, then the newest entries (page rule ``ticker.latest_entries``), newest first."""
    latest = newest_first(entries)[:page_rules().ticker_latest_entries]
    return list(intro) + [p for e in latest for p in e.paragraphs]


def timed(paragraphs: list[Paragraph]) -> tuple[list[Paragraph], bool]:
    """(paragraphs, is a ticker). A ticker's times move to ``Paragraph.time`` and its entries come newest first;
    anything else is returned as it is (a single «14.30 Uhr» in an article is text)."""
    intro, entries = entries_from_paragraphs(paragraphs)
    if not is_ticker(entries):
        return paragraphs, False
    return flatten(intro, entries), True
