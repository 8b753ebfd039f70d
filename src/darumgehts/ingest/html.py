"""HTML news pages: trafilatura for body and metadata, plus lead, captions and any summary box."""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..models import Article, Caption, Paragraph
from .pagerules import page_rules
from .rules import CAPTION_XPATHS, CREDIT_PREFIXES, CREDIT_XPATHS, LEAD_XPATHS
from .ticker import Entry, clock, flatten, is_ticker, split_time, timed

_WS = re.compile(r"\s+")


def _text(el) -> str:
    return _WS.sub(" ", el.text_content() if hasattr(el, "text_content") else "".join(el.itertext())).strip()


def _first(tree, xpaths, min_len: int = 1):
    for xp in xpaths:
        for el in tree.xpath(xp):
            if len(_text(el)) >= min_len:
                return el
    return None


def _remove(el) -> None:
    """Remove an element but keep the text that follows it (lxml's drop_tree)."""
    if el.getparent() is not None:
        el.drop_tree()


def _split_credit(caption: str) -> tuple[str, str | None]:
    for prefix in CREDIT_PREFIXES:
        idx = caption.rfind(prefix)
        if idx > 0:
            return caption[:idx].strip(" |–-"), caption[idx:].strip()
    return caption, None


def _captions(tree) -> list[Caption]:
    out: list[Caption] = []
    seen: set[str] = set()
    for xp in CAPTION_XPATHS:
        for el in tree.xpath(xp):
            full = _text(el)
            if not full or full in seen:
                continue
            seen.add(full)
            credit_el = _first(el, CREDIT_XPATHS)
            if credit_el is not None:
                credit = _text(credit_el)
                text = full.replace(credit, "").strip(" |–-")
            else:
                text, credit = _split_credit(full)
            out.append(Caption(text, credit))
    return out


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_KEEP = {"html", "body", "main", "article"}  # never removed as non-content, whatever their class


def _summary_box(tree) -> list[str] | None:
    """The page's own summary box, removed from the tree; its items are the reference. Known markup first
    (per site), then a heading such as «Darum gehts» with a list next to it or around it."""
    rules = page_rules()
    body = tree.find("body")
    limit = min(2000, rules.max_text_share * len(_text(body if body is not None else tree)))
    for _site, xpath in rules.summary_sites:
        for box in tree.xpath(xpath):
            items = [_text(li) for li in box.xpath(".//li")] or [_text(p) for p in box.xpath(".//p")]
            items = [i for i in items if i and not rules.is_summary_heading(i)]
            if items:
                _remove(box)
                return items
    for heading in tree.iter(*rules.summary_heading_tags):
        if not rules.is_summary_heading(_text(heading)):
            continue
        box = heading.getparent()
        for _ in range(3):  # the nearest small container around the heading that holds a list
            if box is None or box.tag in _KEEP:
                box = None
                break
            if box.xpath(".//li") and len(_text(box)) < limit:
                break
            box = box.getparent()
        else:
            box = None
        if box is not None:
            items = [i for i in (_text(li) for li in box.xpath(".//li")) if i]
            _remove(box)
            return items or None
        following = heading.getnext()
        if following is not None and following.tag in ("ul", "ol"):
            items = [i for i in (_text(li) for li in following.xpath(".//li")) if i]
            _remove(following)
            _remove(heading)
            return items or None
    return None


def _drop_noncontent(tree) -> None:
    """Remove consent and embed placeholders, newsletter, related-article, paywall and author boxes (page rules)."""
    rules = page_rules()
    body = tree.find("body")
    total = len(_text(body if body is not None else tree)) or 1
    found = [el for el in tree.iter(*rules.tags)]
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag not in _KEEP and rules.class_is_noncontent(f"{el.get('class', '')} {el.get('id', '')}"):
            found.append(el)
    for xpath in rules.attribute_xpaths:
        found.extend(tree.xpath(xpath))
    for el in found:
        if el.tag in _KEEP or el.xpath(_HOLDS_ARTICLE) or (len(_text(el)) > rules.max_text_share * total and _prose(el)):
            continue
        _remove(el)
    _drop_sections(tree, rules, total)


def _not_links(paragraphs: list[Paragraph], tree, rules) -> list[Paragraph]:
    """Without the short paragraphs that are (nearly) all link text: a teaser or navigation link, not the article."""
    anchors = {t for t in (_text(a) for a in tree.iter("a")) if len(t) >= 12}
    if not anchors:
        return paragraphs
    out = []
    for p in paragraphs:
        if len(p.text) <= rules.max_chars:
            linked = sum(len(a) for a in anchors if a in p.text)
            if linked >= rules.max_link_share * len(p.text) or any(p.text in a for a in anchors):
                continue  # mostly link text, or a piece of one link («Online-Pressemappe - alle … der <em>X</em>»)
        out.append(p)
    return out


def _prose(el) -> bool:
    """Three or more paragraphs of running text: what an article has and a banner or a link list has not."""
    return sum(1 for p in el.iter("p") if len(_text(p)) >= 80) >= 3


# An element that holds the article itself is a wrapper, never non-content, whatever its class says.
_HOLDS_ARTICLE = "boolean(.//h1 | .//article | .//main | .//*[@itemprop='articleBody'])"


_SECTION_TAGS = ("h2", "h3", "h4", "h5", "div", "p", "span", "strong", "header")


def _drop_sections(tree, rules, total: int) -> None:
    """A «Kommentare» or «Mehr zum Thema» heading goes with everything after it in its container."""
    for heading in list(tree.iter(*_SECTION_TAGS)):
        if heading.getparent() is None or not rules.opens_noncontent_section(_text(heading)):
            continue
        top = heading
        while top.getparent() is not None and top.getparent().tag not in _KEEP and _text(top.getparent()) == _text(heading):
            top = top.getparent()  # the heading's own wrapper (<div class="titlebar"><h2>Kommentare</h2></div>)
        following = [el for el in top.itersiblings() if isinstance(el.tag, str)]
        if sum(len(_text(el)) for el in following) > rules.max_text_share * total:
            continue
        for el in following:
            _remove(el)
        _remove(top)


def _inside_block(el, top) -> bool:
    """True when ``el`` sits in another block element below ``top`` (a p inside a li is read with the li)."""
    for a in el.iterancestors():
        if a is top:
            return False
        if a.tag in _BLOCKS:
            return True
    return False


def _ticker_entries(tree) -> list[Entry]:
    """Entries of a live ticker in known markup (page rules), each with its time; [] when there are none."""
    rules = page_rules()
    found = [el for xp in rules.ticker_entry_xpaths for el in tree.xpath(xp)]
    ids = {id(el) for el in found}
    entries: list[Entry] = []
    for el in found:
        if any(id(a) in ids for a in el.iterancestors()):
            continue  # an entry inside an entry
        time = None
        for t in el.iter("time"):
            time = clock(t.get("datetime") or "") or clock(_text(t))
            if time:
                _remove(t)
                break
        blocks = [b for b in el.iterdescendants(*_BLOCKS) if not _inside_block(b, el)]
        paragraphs = [Paragraph(_text(b), _BLOCKS[b.tag]) for b in blocks if _text(b)] or [Paragraph(_text(el))]
        if time is None and paragraphs:
            time, rest = split_time(paragraphs[0].text)
            if time is not None:
                paragraphs = ([Paragraph(rest, paragraphs[0].kind)] if rest else []) + paragraphs[1:]
        paragraphs = [p for p in paragraphs if p.text and not rules.is_noncontent(p.text)]
        if time is not None and paragraphs:
            entries.append(Entry(time, [Paragraph(p.text, p.kind, time) for p in paragraphs]))
    return entries if is_ticker(entries) else []


def parse_html(markup: str | bytes, article_id: str, url: str | None = None) -> Article:
    if isinstance(markup, str):
        markup = _XML_DECLARATION.sub("", markup, count=1)  # lxml refuses a str that declares its encoding
    try:
        tree = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{article_id}: the HTML could not be parsed ({exc}).") from None
    rules = page_rules()
    reference = _summary_box(tree)
    _drop_noncontent(tree)
    lead_el = _first(tree, LEAD_XPATHS, min_len=40)
    lead = _text(lead_el) if lead_el is not None else None
    captions = _captions(tree)
    for el in tree.xpath("//figcaption"):
        _remove(el)
    entries = _ticker_entries(tree)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_formatting=True,
        include_tables=False, include_images=False,
    )
    if not entries and (doc is None or doc.body is None):
        raise InputError(f"{article_id}: no article text found in the HTML.")
    title = doc.title if doc is not None else None
    if entries:
        paragraphs, ticker = flatten([], entries), True
    else:
        paragraphs = []
        for el in doc.body.iterchildren():
            text = _text(el)
            if not text or text == title or (lead and text == lead):
                continue
            if el.tag == "head":
                paragraphs.append(Paragraph(text, "crosshead"))
            elif el.tag == "list":
                paragraphs.extend(Paragraph(_text(item)) for item in el.iterchildren() if _text(item))
            else:
                paragraphs.append(Paragraph(text))
        paragraphs = _not_links(rules.content_only(paragraphs), tree, rules)
        paragraphs, ticker = timed(paragraphs)
    if lead and rules.is_noncontent(lead):
        lead = None
    return Article(
        id=article_id,
        title=title,
        lead=lead,
        paragraphs=paragraphs,
        captions=captions,
        url=(doc.url if doc is not None else None) or url,
        published=doc.date if doc is not None else None,
        author=doc.author if doc is not None else None,
        language=getattr(doc, "language", None),
        source_format="html",
        reference=reference,
        ticker=ticker,
    )


_BLOCKS = {"p": "p", "li": "p", "blockquote": "p", "h1": "crosshead", "h2": "crosshead", "h3": "crosshead",
           "h4": "crosshead", "h5": "crosshead", "h6": "crosshead"}


def parse_fragment(markup: str, article_id: str) -> list[Paragraph]:
    """Paragraphs of an HTML fragment (a feed entry's content), without boilerplate removal."""
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{article_id}: the HTML could not be parsed ({exc}).") from None
    out = []
    blocks = [el for el in root.iter() if isinstance(el.tag, str) and el.tag in _BLOCKS
              and not any(a.tag in _BLOCKS for a in el.iterancestors() if isinstance(a.tag, str))]
    for el in blocks:
        text = _text(el)
        if text:
            out.append(Paragraph(text, _BLOCKS[el.tag]))
    if not blocks:
        text = _text(root)
        if text:
            out.append(Paragraph(text))
    return out
