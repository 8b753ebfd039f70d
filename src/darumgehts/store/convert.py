"""The typed converter: rows and JSON columns <-> the typed objects the rest of darumgehts passes around.

Nothing above the store sees a row or a bullet as a dict.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..models import Article, Bullet, Caption, Generation, Paragraph, Problem, ReviewEvent, SourceSpan, StoredSummary, TokenInfo
from .tables import ApiTokenRow, ReviewEventRow, SummaryRow


def bullets_to_json(bullets: list[Bullet]) -> list[dict]:
    return [asdict(b) for b in bullets]


def _span(data: dict) -> SourceSpan:
    return SourceSpan(int(data["sentence"]), int(data["start"]), int(data["end"]))


def _problem(data: dict) -> Problem:
    return Problem(data["kind"], data.get("text", ""), data.get("message", ""), data.get("start"), data.get("end"),
                   data.get("severity", "error"), data.get("verdict"), tuple(_span(e) for e in data.get("evidence") or ()))


def bullets_from_json(data: list[dict] | None) -> list[Bullet]:
    """Bullets as stored; rows from before the checker recorded evidence carry only sources."""
    out = []
    for b in data or []:
        sources = [_span(s) for s in b.get("sources") or []]
        evidence = [_span(s) for s in b.get("evidence") or []] or list(sources)
        out.append(Bullet(b["text"], b.get("verdict", "supported"), sources, [_problem(p) for p in b.get("problems") or []], evidence))
    return out


def summary_from_row(row: SummaryRow) -> StoredSummary:
    return StoredSummary(row.id, row.article_id, row.article_version, row.heading, bullets_from_json(row.bullets), row.disclaimer,
                         row.style, row.backend, row.model_version, row.status, row.stale, row.reviewed, row.created_by, row.updated_at,
                         Generation.from_dict(row.generation))


def event_from_row(row: ReviewEventRow, article_version: int) -> ReviewEvent:
    return ReviewEvent(row.summary_id, article_version, row.actor, row.action,
                       None if row.before is None else bullets_from_json(row.before),
                       None if row.after is None else bullets_from_json(row.after), row.comment, row.at)


def token_from_row(row: ApiTokenRow) -> TokenInfo:
    return TokenInfo(row.id, row.name, row.role, row.revoked, row.created_at)


def article_to_json(article: Article) -> dict[str, Any]:
    return article.to_dict()


def article_from_json(data: dict) -> Article:
    fields = dict(data)
    fields["paragraphs"] = [Paragraph(**p) for p in data.get("paragraphs", [])]
    fields["captions"] = [Caption(**c) for c in data.get("captions", [])]
    return Article(**fields)
