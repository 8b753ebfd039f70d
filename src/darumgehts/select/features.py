"""Features of a bullet candidate, as one numeric row per candidate.

``FEATURES`` names the columns in order; a model file stores the names it was
trained on, and a model whose names differ is refused. Sentence-level features
are computed once per sentence and shared by every variant of it.
"""

from __future__ import annotations

import heapq
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


def _unit_rows(m: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(m, axis=-1, keepdims=True)
    return np.divide(m, norms, out=np.zeros_like(m), where=norms > 0)


def tfidf(sentences: list[Sentence], extra: set[str]) -> tuple[np.ndarray, dict[str, int]]:
    """Unit TF-IDF rows of the sentences' content lemmas ((1 + log tf) × wordfreq IDF), and the column of each lemma."""
    columns: dict[str, int] = {}
    for s in sentences:
        for lem in s.content:
            columns.setdefault(lem, len(columns))
    for lem in extra:
        columns.setdefault(lem, len(columns))
    idf = np.array([weight(lem) for lem in columns]) if columns else np.zeros(0)
    tf = np.zeros((len(sentences), max(len(columns), 1)))
    for i, s in enumerate(sentences):
        for lem, count in Counter(s.content).items():
            tf[i, columns[lem]] = 1 + math.log(count)
    if columns:
        tf[:, :len(columns)] *= idf
    return _unit_rows(tf), columns


@dataclass
class SentenceView:
    """One article sentence as the selector sees it: its unit TF-IDF vector and its feature values."""

    sentence: Sentence
    vector: np.ndarray  # its unit TF-IDF row (columns shared by the article's sentences)
    values: list[float]  # the sentence-level features, in FEATURES order up to "has_lead"


def sentence_views(doc: Document, sentences: list[Sentence], semantic: list[float] | None = None) -> list[SentenceView]:
    """Sentence-level features for the content sentences of an article."""
    rules = reading_rules()
    vectors, columns = tfidf(sentences, doc.title_lemmas)
    lead_paragraph = 0 if doc.article.lead else None
    in_lead = np.array([s.paragraph == lead_paragraph for s in sentences], dtype=bool)
    title = np.zeros(vectors.shape[1])
    for lem in doc.title_lemmas:
        title[columns[lem]] = weight(lem)
    probes = np.vstack([title, vectors[in_lead].sum(axis=0), vectors.sum(axis=0), vectors[0] if len(vectors) else title])
    # cosine with the title, the lead, the whole article (centroid) and the first sentence
    sims = vectors @ _unit_rows(probes).T if len(vectors) else np.zeros((0, 4))
    tf = Counter(lem for s in sentences for lem in s.content)
    keywords = {lem for _, lem in heapq.nsmallest(KEYWORDS, [(-n * weight(lem), lem) for lem, n in tf.items()])}
    name_counts = Counter(m.text for s in sentences for m in s.names)
    # a key number of the story: its value stands in the title or in more than one sentence
    number_counts = Counter(v for s in sentences for v in {(n.kind, n.value) for n in s.numbers})
    title_numbers = {(n.kind, n.value) for n in find_numbers(doc.article.title)} if doc.article.title else set()
    n = len(sentences)
    has_title, has_lead = float(bool(doc.title_lemmas)), float(lead_paragraph is not None)
    paragraphs: dict[int, int] = {}
    views = []
    for rank, s in enumerate(sentences):
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
            len(s.tokens), sims[rank, 0], sims[rank, 1] if not in_lead[rank] else 0.0, sims[rank, 2],
            len(keywords & set(s.content)), sum(idf), sum(idf) / len(idf) if idf else 0.0,
            len(s.numbers), sum(1 for k in {(n.kind, n.value) for n in s.numbers} if number_counts[k] > 1 or k in title_numbers),
            len(s.names), sum(1 for m in s.names if name_counts[m.text] > 1), sims[rank, 3] if rank else 1.0,
            float(text.rstrip("»«\"“” ").endswith("?")), float(quoted > 0.5 * len(text)), float(bool(rules.quote_chars.match(text))),
            float(anaphoric_start(text)), float(bool(rules.attribution_tail.search(text)) and len(text) < 90),
            float(bool(rules.said_so.match(text))), float(text.rstrip().endswith(":")),
            float(bool(words & rules.hedge_words) or any(h in low for h in rules.hedge_phrases)), float(bool(words & rules.negations)),
            n, has_title, has_lead,
        ]
        views.append(SentenceView(s, vectors[rank], [float(x) for x in values]))
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
