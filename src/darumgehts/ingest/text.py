"""Plain text and Markdown: paragraphs at blank lines, ``## `` lines are crossheads.

Times at the start of crossheads or paragraphs (``## 12.10 Uhr …``) make a live ticker (see ``ticker.py``).
A leading TOML front matter block (``+++`` … ``+++``, as Hugo writes it) sets
title, lead, date, author, url and captions. Without front matter, a first
``# `` line is the title.
"""

from __future__ import annotations

import re
import tomllib

from ..errors import InputError
from ..models import Article, Caption, Paragraph
from .pagerules import page_rules
from .ticker import timed

_HTML_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_FRONT_MATTER = re.compile(r"\A\+\+\+\s*\n(.*?)\n\+\+\+\s*\n", re.S)
_BLANK = re.compile(r"\n\s*\n")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_MD_MARKUP = re.compile(r"(?<!\w)[*_]+(?=\S)|(?<=\S)[*_]+(?!\w)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
# A line that looks like a crosshead in plain text: short, no final punctuation.
_CROSSHEAD_MAX = 80


def _clean(line: str) -> str:
    return _MD_MARKUP.sub("", _LINK.sub(r"\1", line)).strip()


def looks_like_crosshead(line: str) -> bool:
    line = line.strip()
    return 0 < len(line) <= _CROSSHEAD_MAX and line[-1] not in ".!?:;,»«\"“”)…" and len(line.split()) <= 10


def parse_text(text: str, article_id: str, source_format: str = "text") -> Article:
    meta: dict = {}
    text = _HTML_COMMENT.sub("", text)  # Markdown comments are not part of the article
    fm = _FRONT_MATTER.match(text)
    if fm:
        try:
            meta = tomllib.loads(fm.group(1))
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"The front matter of {article_id} is not valid TOML: {exc}") from None
        text = text[fm.end():]
    blocks = _BLANK.split(text.strip()) if _BLANK.search(text) else text.strip().split("\n")
    paragraphs: list[Paragraph] = []
    title = meta.get("title")
    for block in blocks:
        lines = [ln for ln in block.strip().split("\n") if ln.strip()]
        if not lines:
            continue
        heading = _HEADING.match(lines[0])
        if heading and len(lines) == 1:
            if heading.group(1) == "#" and title is None and not paragraphs:
                title = _clean(heading.group(2))
            else:
                paragraphs.append(Paragraph(_clean(heading.group(2)), "crosshead"))
            continue
        joined = " ".join(part for part in (_clean(ln.lstrip("> ")) for ln in lines) if part)
        if not joined:
            continue  # markup only, e.g. an empty quote line ">"
        kind = "crosshead" if len(lines) == 1 and looks_like_crosshead(joined) and paragraphs else "p"
        paragraphs.append(Paragraph(joined, kind))
    paragraphs, ticker = timed(page_rules().content_only(paragraphs))
    captions = [
        Caption(c.get("text", ""), c.get("credit")) if isinstance(c, dict) else Caption(str(c))
        for c in meta.get("captions", [])
    ]
    return Article(
        id=str(meta.get("id", article_id)),
        title=title,
        lead=meta.get("lead"),
        paragraphs=paragraphs,
        captions=captions,
        url=meta.get("url"),
        published=str(meta["date"]) if "date" in meta else None,
        author=meta.get("author"),
        language=meta.get("language"),
        source_format=source_format,
        reference=meta.get("summary"),
        ticker=ticker,
    )
