"""«Beleg»: each bullet points to the article sentences that support it, and the article page marks them.

The checker stores its evidence with each bullet (``Bullet.evidence``: sentence index, start and end in
``Article.text``, the lead and the paragraphs joined by blank lines). The article's blocks are rendered here with
those sentences wrapped in ``<span class="dg-satz" id="satz-N" tabindex="-1">``, and each bullet gets an anchor link
to its first sentence: it works without JavaScript (the browser scrolls, ``:target`` highlights), and the box's
script highlights every sentence of the bullet.

Markdown crossheads in the text («## 12.10 Uhr …», from an API client that sent Markdown) become h2/h3 headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from .models import BLOCK_SEPARATOR, Article, Bullet

# A line that is a Markdown heading: its number of # -> the heading element.
MARKDOWN_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
HEADING_LEVELS = {1: "h2", 2: "h2", 3: "h3", 4: "h3", 5: "h3", 6: "h3"}
ANCHOR = "satz-{}"


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the article page: ``tag`` is lead, p, h2 or h3; ``html`` is escaped text with marks."""

    tag: str
    html: Markup


@dataclass(frozen=True, slots=True)
class BulletSource:
    """Where a bullet's «Beleg» link goes: the first sentence's anchor, and every supporting sentence's id."""

    href: str
    ids: tuple[str, ...]
    number: int


def _marked(text: str, base: int, marks: list[tuple[int, int, str]], seen: set[str]) -> Markup:
    """``text`` (which starts at ``base`` in the article text) escaped, with the marks inside it wrapped. A sentence
    that runs over two blocks gets its id (the link's target) in the first only: ids stay unique."""
    out, pos = [], 0
    for start, end, anchor in marks:
        s, e = max(start - base, pos), min(end - base, len(text))
        if s >= e:
            continue
        out.append(escape(text[pos:s]))
        if anchor in seen:
            out.append(Markup('<span class="dg-satz" data-satz="{}">{}</span>').format(anchor, text[s:e]))
        else:
            out.append(Markup('<span class="dg-satz" id="{0}" data-satz="{0}" tabindex="-1">{1}</span>').format(anchor, text[s:e]))
            seen.add(anchor)
        pos = e
    out.append(escape(text[pos:]))
    return Markup("").join(out)


def _pieces(kind: str, text: str) -> list[tuple[str, int, str]]:
    """A paragraph split into (tag, offset, text): Markdown heading lines become headings, the rest paragraphs."""
    if kind == "crosshead":
        return [("h2", 0, text)]
    if "#" not in text:
        return [("p", 0, text)]
    out: list[tuple[str, int, str]] = []
    offset, para_start, para = 0, None, []
    for line in text.split("\n"):
        m = MARKDOWN_HEADING.match(line)
        if m:
            if para:
                out.append(("p", para_start, "\n".join(para)))
                para, para_start = [], None
            out.append((HEADING_LEVELS[len(m.group(1))], offset + m.start(2), m.group(2)))
        else:
            if para_start is None:
                para_start = offset
            para.append(line)
        offset += len(line) + 1
    if para and "\n".join(para).strip():
        out.append(("p", para_start, "\n".join(para)))
    return out


def article_blocks(article: Article, bullets: list[Bullet] | None = None, prefix: str = "") -> list[Block]:
    """The lead and the paragraphs of the article page, with the bullets' evidence sentences marked. ``prefix``
    keeps the anchors apart on a page with several articles."""
    text = article.text
    marks = sorted({(s.start, s.end, prefix + ANCHOR.format(s.sentence + 1)) for b in bullets or [] for s in b.evidence
                    if 0 <= s.start < s.end <= len(text)})
    blocks: list[Block] = []
    base, seen = 0, set()
    for i, para in enumerate(article.blocks()):
        is_lead = bool(article.lead) and i == 0
        for tag, offset, piece in _pieces("p" if is_lead else para.kind, para.text):
            start = base + offset
            inside = [m for m in marks if m[0] < start + len(piece) and m[1] > start]
            blocks.append(Block("lead" if is_lead else tag, _marked(piece, start, inside, seen)))
        base += len(para.text) + len(BLOCK_SEPARATOR)
    return blocks


def bullet_sources(article: Article, bullets: list[Bullet], prefix: str = "") -> list[BulletSource | None]:
    """Per bullet, its «Beleg» link, or None when the checker kept no evidence that fits the article's text."""
    size = len(article.text)
    out: list[BulletSource | None] = []
    for number, bullet in enumerate(bullets, 1):
        spans = [s for s in bullet.evidence if 0 <= s.start < s.end <= size]
        ids = tuple(dict.fromkeys(prefix + ANCHOR.format(s.sentence + 1) for s in spans))
        out.append(BulletSource("#" + ids[0], ids, number) if ids else None)
    return out
