"""JSON and JSONL articles: our fields, the fields of ../shared/data, and common CMS aliases."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from ..models import Article, Caption, Paragraph
from .pagerules import page_rules
from .rules import JSON_FIELD_ALIASES
from .text import looks_like_crosshead
from .ticker import timed

_MD_HEADING = re.compile(r"^#{1,6}\s+")


def _field(record: dict, name: str) -> Any:
    for alias in JSON_FIELD_ALIASES[name]:
        if record.get(alias) not in (None, "", []):
            return record[alias]
    return None


def _string(record: dict, name: str, fallback_id: str) -> str | None:
    """A field that must be text; a number, list or object there is an error, not a silent conversion."""
    value = _field(record, name)
    if value is None or isinstance(value, str):
        return value
    raise InputError(f"{fallback_id}: the field {name!r} must be a string, not {type(value).__name__}.")


def _paragraphs(text: Any) -> list[Paragraph]:
    if isinstance(text, list):
        out = []
        for item in text:
            if isinstance(item, dict):
                kind = "crosshead" if item.get("kind") in ("crosshead", "heading", "h2", "h3") else "p"
                time = item.get("time")
                out.append(Paragraph(str(item.get("text", "")).strip(), kind, str(time) if time else None))
            elif str(item).strip():
                out.append(Paragraph(str(item).strip()))
        return [p for p in out if p.text]
    if not isinstance(text, str):
        raise InputError("The article's text must be a string or a list of paragraphs.")
    blocks = text.split("\n\n") if "\n\n" in text else text.split("\n")
    out = []
    for block in blocks:
        block = " ".join(block.split())
        heading = _MD_HEADING.match(block)
        if heading:  # a Markdown crosshead («## 12.10 Uhr Bundesrat entscheidet») is a crosshead, not text
            block = block[heading.end():].strip()
            if block:
                out.append(Paragraph(block, "crosshead"))
        elif block:
            kind = "crosshead" if out and looks_like_crosshead(block) else "p"
            out.append(Paragraph(block, kind))
    return out


def _captions(value: Any) -> list[Caption]:
    out = []
    for item in value or []:
        if isinstance(item, dict):
            text = item.get("text") or item.get("caption") or ""
            credit = item.get("credit")
            out.append(Caption(str(text), None if credit is None else str(credit)))
        else:
            out.append(Caption(str(item)))
    return out


def article_from_record(record: Any, fallback_id: str, source_format: str = "json") -> Article:
    """One article from a decoded JSON object."""
    if not isinstance(record, dict):
        raise InputError(f"{fallback_id}: expected a JSON object with the article's fields, got {type(record).__name__}.")
    text = _field(record, "text")
    html_body = record.get("html")
    if text is None and isinstance(html_body, str) and html_body:
        from .html import parse_html

        art = parse_html(html_body, str(_field(record, "id") or fallback_id), _field(record, "url"))
        art.source_format = source_format
        return art
    if text is None:
        raise InputError(f"{fallback_id}: the JSON has no article text (expected one of: {', '.join(JSON_FIELD_ALIASES['text'])}).")
    author = _field(record, "author")
    if isinstance(author, list):
        author = ", ".join(a.get("name", "") if isinstance(a, dict) else str(a) for a in author)
    elif author is not None and not isinstance(author, str):
        raise InputError(f"{fallback_id}: the field 'author' must be a string or a list, not {type(author).__name__}.")
    reference = _field(record, "reference")
    if isinstance(reference, str):
        reference = [reference]
    elif reference is not None and not (isinstance(reference, list) and all(isinstance(r, str) for r in reference)):
        reference = None  # kept for evaluation only; a malformed one is ignored
    captions = _field(record, "captions")
    if captions is not None and not isinstance(captions, list):
        raise InputError(f"{fallback_id}: the field 'captions' must be a list, not {type(captions).__name__}.")
    paragraphs, ticker = timed(page_rules().content_only(_paragraphs(text)))
    return Article(
        id=str(_field(record, "id") or fallback_id),
        title=_string(record, "title", fallback_id),
        lead=_string(record, "lead", fallback_id),
        paragraphs=paragraphs,
        ticker=ticker or any(p.time for p in paragraphs),
        captions=_captions(captions),
        url=_string(record, "url", fallback_id),
        published=_string(record, "published", fallback_id),
        author=author,
        language=_string(record, "language", fallback_id),
        source_format=source_format,
        reference=reference,
    )


def parse_json(text: str, name: str) -> list[Article]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.") from None
    if isinstance(data, list):
        return [article_from_record(rec, f"{name}#{i + 1}") for i, rec in enumerate(data)]
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        return [article_from_record(rec, f"{name}#{i + 1}") for i, rec in enumerate(data["articles"])]
    return [article_from_record(data, name)]


def parse_jsonl_line(line: str, lineno: int, name: str) -> tuple[str, Article | InputError] | None:
    """``(id, article or error)`` of line ``lineno`` (from 1) of a JSONL file; None for a blank line."""
    if not line.strip():
        return None
    fallback = f"{name}:{lineno}"
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return fallback, InputError(f"line {lineno} is not valid JSON: {exc.msg}.")
    rid = str(record.get("id", fallback)) if isinstance(record, dict) else fallback
    try:
        return rid, article_from_record(record, rid, "jsonl")
    except InputError as exc:
        return rid, exc


def iter_jsonl(lines: Iterator[str], name: str) -> Iterator[tuple[str, Article | InputError]]:
    """Yield ``(id, article or error)`` per non-empty line, never stopping at a bad line."""
    for lineno, line in enumerate(lines, 1):
        found = parse_jsonl_line(line, lineno, name)
        if found is not None:
            yield found
