"""Store: articles, summaries, review events, feedback and API tokens in SQL."""

from .db import Store

__all__ = ["Store"]
