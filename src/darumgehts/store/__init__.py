"""Store: tables, migrations and the typed converter for articles, summaries, review events, feedback, tokens
and sessions. The newsroom's rules live in ``darumgehts.newsroom``."""

from .db import Store, describe_url

__all__ = ["Store", "describe_url"]
