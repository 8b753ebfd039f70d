"""Features of a bullet candidate, as one numeric row per candidate.

``FEATURES`` names the columns in order; a model file stores the names it was
trained on, and a model whose names differ is refused. Sentence-level features
are computed once per sentence and shared by every variant of it.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..analyse.discourse import anaphoric_start
from ..analyse.numbers import find_numbers
from ..analyse.tokens import weight
from ..models import Document, Sentence
from ..resources import text as resource_text

FEATURES: tuple[str, ...] = (
    # where the sentence stands
    "position", "relative_position", "paragraph", "position_in_paragraph", "first_sentence", "in_lead",
    # what it says, measured against the article
    "tokens", "title_overlap", "lead_overlap", "centrality", "keywords", "idf_sum", "idf_mean",
    "numbers", "key_numbers", "names", "recurring_names", "first_sentence_similarity",
    # how it reads
    "question", "mostly_quotation", "opens_with_quote", "anaphoric_start", "ends_in_attribution",
    "only_says_who_said_it", "colon_fragment", "hedged", "negated",
    # the article
    "article_sentences", "has_title", "has_lead",
    # the candidate itself (a compressed or fused form of the sentence)
    "chars", "fill", "kept_share", "variant", "fused", "resolved", "embedding_centrality",
)
INDEX = {name: i for i, name in enumerate(FEATURES)}
# How many of the article's heaviest lemmas count as its keywords.
KEYWORDS = 10


@dataclass(frozen=True)
class ReadingRules:
    """Patterns that say how a sentence reads as a bullet (``data/de/select.toml``)."""

    quote_chars: re.Pattern
    quoted: re.Pattern
    attribution_tail: re.Pattern
    said_so: re.Pattern
    hedge_words: frozenset[str]  # one-word hedges, lower-case
    hedge_phrases: tuple[str, ...]  # hedges of several words, lower-case («nach Angaben»)
    negations: frozenset[str]


@lru_cache(maxsize=1)
def reading_rules() -> ReadingRules:
    data = tomllib.loads(resource_text("de/select.toml"))
    polarity = tomllib.loads(resource_text("de/polarity.toml"))
    verbs = "|".join(data["attribution_verbs"])
    openers = "|".join(re.escape(w) for w in data["said_so_openers"])
    hedges = sorted(polarity["hedges"], key=len, reverse=True)
    return ReadingRules(
        quote_chars=re.compile(r"[«»„“”\"]"),
        quoted=re.compile(r"[«„“\"][^«»„“”\"]*[»“”\"]"),
        attribution_tail=re.compile(r"\b(?:" + verbs + r")\b.{0," + str(data["attribution_tail_chars"]) + r"}$"),
        said_so=re.compile(r"^(?:" + openers + r")\s+(?:" + "|".join(data["said_so_verbs"]) + r")\b"),
        hedge_words=frozenset(h.lower() for h in hedges if " " not in h),
        hedge_phrases=tuple(h.lower() for h in hedges if " " in h),
        negations=frozenset(w.lower() for w in polarity["negations"]),
    )


def _vector(lemmas: list[str]) -> dict[str, float]:
    counts = Counter(lemmas)
    return {lem: (1 + math.log(n)) * weight(lem) for lem, n in counts.items() if weight(lem) > 0}


def _unit(v: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / norm for k, x in v.items()} if norm else {}


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(k, 0.0) for k, v in a.items())


def _add(into: dict[str, float], v: dict[str, float]) -> None:
    for k, x in v.items():
        into[k] = into.get(k, 0.0) + x


@dataclass
class SentenceView:
    """One article sentence as the selector sees it: its unit TF-IDF vector and its feature values."""

    sentence: Sentence
    vector: dict[str, float]
    values: list[float]  # the sentence-level features, in FEATURES order up to "has_lead"


def sentence_views(doc: Document, sentences: list[Sentence], semantic: list[float] | None = None) -> list[SentenceView]:
    """Sentence-level features for the content sentences of an article."""
    rules = reading_rules()
    vectors = [_unit(_vector(s.content)) for s in sentences]
    centroid: dict[str, float] = {}
    for v in vectors:
        _add(centroid, v)
    centroid = _unit(centroid)
    title = _unit({k: weight(k) for k in doc.title_lemmas if weight(k) > 0})
    lead_paragraph = 0 if doc.article.lead else None
    lead: dict[str, float] = {}
    for s, v in zip(sentences, vectors, strict=True):
        if s.paragraph == lead_paragraph:
            _add(lead, v)
    lead = _unit(lead)
    tf = Counter(lem for s in sentences for lem in s.content)
    keywords = {lem for lem, _ in sorted(tf.items(), key=lambda kv: (-kv[1] * weight(kv[0]), kv[0]))[:KEYWORDS]}
    name_counts = Counter(m.text for s in sentences for m in s.names)
    # a key number of the story: its value stands in the title or in more than one sentence
    number_counts = Counter(v for s in sentences for v in {(n.kind, n.value) for n in s.numbers})
    title_numbers = {(n.kind, n.value) for n in find_numbers(doc.article.title)} if doc.article.title else set()
    first = vectors[0] if vectors else {}
    n = len(sentences)
    has_title, has_lead = float(bool(doc.title_lemmas)), float(lead_paragraph is not None)
    paragraphs: dict[int, int] = {}
    views = []
    for rank, (s, v) in enumerate(zip(sentences, vectors, strict=True)):
        in_paragraph = paragraphs.get(s.paragraph, 0)
        paragraphs[s.paragraph] = in_paragraph + 1
        idf = [weight(lem) for lem in s.content]
        text = s.text
        has_quote = bool(rules.quote_chars.search(text))
        quoted = sum(len(q) for q in rules.quoted.findall(text)) if has_quote else 0
        words = {t.lower() for t in s.tokens}
        low = text.lower()
        values = [
            rank, rank / n, len(paragraphs) - 1, in_paragraph, float(rank == 0), float(s.paragraph == lead_paragraph),
            len(s.tokens), dot(v, title), dot(v, lead) if s.paragraph != lead_paragraph else 0.0, dot(v, centroid),
            len(keywords & set(s.content)), sum(idf), sum(idf) / len(idf) if idf else 0.0,
            len(s.numbers), sum(1 for k in {(n.kind, n.value) for n in s.numbers} if number_counts[k] > 1 or k in title_numbers),
            len(s.names), sum(1 for m in s.names if name_counts[m.text] > 1), dot(v, first) if rank else 1.0,
            float(text.rstrip("»«\"“” ").endswith("?")), float(quoted > 0.5 * len(text)), float(bool(rules.quote_chars.match(text))),
            float(anaphoric_start(text)), float(bool(rules.attribution_tail.search(text)) and len(text) < 90),
            float(bool(rules.said_so.match(text))), float(text.rstrip().endswith(":")),
            float(bool(words & rules.hedge_words) or any(h in low for h in rules.hedge_phrases)), float(bool(words & rules.negations)),
            n, has_title, has_lead,
        ]
        views.append(SentenceView(s, v, values))
    if semantic is not None:
        for view, x in zip(views, semantic, strict=True):
            view.values = view.values + [x]
    return views


def row(view: SentenceView, chars: int, max_chars: int, variant: int, fused: bool, resolved: bool) -> list[float]:
    """The full feature row of one candidate made from ``view``'s sentence."""
    sentence_values = view.values[: INDEX["has_lead"] + 1]
    semantic = view.values[INDEX["has_lead"] + 1] if len(view.values) > INDEX["has_lead"] + 1 else 0.0
    return sentence_values + [chars, chars / max_chars, chars / max(len(view.sentence.text), 1), variant,
                              float(fused), float(resolved), semantic]


def matrix(rows: list[list[float]]) -> np.ndarray:
    return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(FEATURES))
