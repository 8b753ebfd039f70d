"""Preloaded into the fork server of the summarizer workers (see work.py), and only there.

Importing it imports the pipeline and summarizes one demo article, which fills the
language caches (word lists, lemmas, the selector model). Every worker forked from
the server then starts warm instead of spending seconds on its first article.
"""

import logging

try:
    from ..demo import demo_articles
    from ..pipeline import Summarizer
    from ..settings import load_settings

    Summarizer.from_settings(load_settings(env={}))(demo_articles()[0])
except Exception:  # noqa: BLE001 - warming is an optimisation; a worker that starts cold still works
    logging.getLogger(__name__).warning("could not warm the summarizer workers", exc_info=True)
