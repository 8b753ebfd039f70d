"""What makes a summary reusable: the article's content and how the box was made.

A box is never computed twice for the same :class:`CacheKey`: the article's content hash, the house style, the
backend and the model version (package version plus the backend's model). The newsroom (service and ``watch``)
keeps the key with every stored box; ``batch`` keeps it in its partition files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from . import __version__
from .models import Article


def content_hash(article: Article) -> str:
    """What makes an article "the same": its text, not its metadata."""
    paragraphs = [[p.kind, p.text, *([p.time] if p.time else [])] for p in article.paragraphs]  # ticker times count
    payload = {"title": article.title, "lead": article.lead, "paragraphs": paragraphs,
               "captions": [[c.text, c.credit] for c in article.captions]}
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")).hexdigest()


def model_version(version: str, model: str | None) -> str:
    """The package version, and the backend's model when it has one: 0.1.0/selector-1."""
    return f"{version}/{model}" if model else version


@dataclass(frozen=True, slots=True)
class Generation:
    """How a box is made: style, backend and model version."""

    style: str
    backend: str
    model_version: str

    @classmethod
    def of(cls, summarizer) -> Generation:
        """The generation a :class:`~darumgehts.pipeline.Summarizer` makes."""
        return cls(summarizer.style.name, summarizer.backend.id, model_version(__version__, summarizer.backend.version))

    def text(self) -> str:
        return f"{self.style}|{self.backend}|{self.model_version}"


@dataclass(frozen=True, slots=True)
class CacheKey:
    content_hash: str
    generation: Generation
