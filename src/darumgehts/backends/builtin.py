"""The built-in backends, registered through the same hook as any plugin."""

from __future__ import annotations

from collections.abc import Iterable

from ..models import Document, Draft, SourceSpan
from ..select import rank_sentences
from . import Backend, hookimpl


class ExtractiveBackend(Backend):
    """Offline default: scores sentences (position, title overlap, centrality,
    facts, penalties) and picks them with MMR redundancy control."""

    id = "extractive"
    description = "offline extractive summarizer (default)"
    extractive = True

    def draft(self, doc: Document, count: int) -> Iterable[Draft]:
        return rank_sentences(doc, self.settings.selection, limit=max(count * 4, 12))


class LeadBackend(Backend):
    """The first sentences of the article: the classic lead-k baseline."""

    id = "lead"
    description = "the article's first sentences (baseline)"
    extractive = True

    def draft(self, doc: Document, count: int) -> list[Draft]:
        return [
            Draft(s.text, [SourceSpan(s.index, s.start, s.end)], 1.0 / (1 + i))
            for i, s in enumerate(x for x in doc.sentences if not x.crosshead)
        ]


@hookimpl
def register_backends(register):
    register(ExtractiveBackend)
    register(LeadBackend)
