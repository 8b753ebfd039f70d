"""Language-model boxes held to the checker: the prompt, parsing, post-processing, and the check-repair-fallback loop.

The backends (``openai``, ``llama`` in :mod:`darumgehts.backends`) only send the prompt and return the answer; all the
rules live here, once.
"""

import logging

from .backend import GenerativeBackend
from .chat import ChatModel, Completion, ModelFailed, ResponseCache
from .parse import Unparseable, parse_bullets
from .prompt import Prompt, prompt_version, schema
from .writer import Writer

__all__ = ["ChatModel", "Completion", "GenerativeBackend", "ModelFailed", "Prompt", "ResponseCache", "Unparseable", "Writer",
           "parse_bullets", "prompt_version", "schema"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
