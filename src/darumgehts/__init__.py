"""darumgehts: checked, offline "Darum gehts" boxes for German-language news.

    >>> import darumgehts
    >>> box = darumgehts.summarize(text, style="blick")
    >>> [b.text for b in box.bullets]
"""

import logging

__version__ = "0.1.0"

from .errors import ConfigError, DarumgehtsError, InputError  # noqa: E402
from .models import Article, Bullet, Caption, Paragraph, Summary  # noqa: E402
from .pipeline import Summarizer, summarize  # noqa: E402
from .settings import Settings, load_settings  # noqa: E402

__all__ = [
    "Article",
    "Bullet",
    "Caption",
    "ConfigError",
    "DarumgehtsError",
    "InputError",
    "Paragraph",
    "Settings",
    "Summarizer",
    "Summary",
    "load_settings",
    "summarize",
    "__version__",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
