"""HTML news pages: trafilatura for body and metadata, plus lead, captions and any summary box."""

from __future__ import annotations

import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html

from ..errors import InputError
from ..models import Article, Caption, Paragraph
from .rules import CAPTION_XPATHS, CREDIT_PREFIXES, CREDIT_XPATHS, LEAD_XPATHS, SUMMARY_BOX_XPATHS, SUMMARY_ITEM_XPATH

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


def parse_html(markup: str | bytes, article_id: str, url: str | None = None) -> Article:
    if isinstance(markup, str):
        markup = _XML_DECLARATION.sub("", markup, count=1)  # lxml refuses a str that declares its encoding
    try:
        tree = lxml_html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"{article_id}: the HTML could not be parsed ({exc}).") from None
    reference = None
    box = _first(tree, SUMMARY_BOX_XPATHS)
    if box is not None:
        items = [_text(li) for li in box.xpath(SUMMARY_ITEM_XPATH)]
        reference = [i for i in items if i] or None
        _remove(box)
    lead_el = _first(tree, LEAD_XPATHS, min_len=40)
    lead = _text(lead_el) if lead_el is not None else None
    captions = _captions(tree)
    for el in tree.xpath("//figcaption"):
        _remove(el)
    doc = trafilatura.bare_extraction(
        tree, url=url, with_metadata=True, include_comments=False, include_formatting=True,
        include_tables=False, include_images=False,
    )
    if doc is None or doc.body is None:
        raise InputError(f"{article_id}: no article text found in the HTML.")
    title = doc.title
    paragraphs: list[Paragraph] = []
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
    return Article(
        id=article_id,
        title=title,
        lead=lead,
        paragraphs=paragraphs,
        captions=captions,
        url=doc.url or url,
        published=doc.date,
        author=doc.author,
        language=getattr(doc, "language", None),
        source_format="html",
        reference=reference,
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
