"""The base of the language-model backends: one chat model, the shared prompt, and nothing else of their own."""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from ..backends import Backend
from ..models import Document, Draft
from ..style import load_style
from .chat import ChatModel, ResponseCache
from .parse import parse_bullets
from .prompt import Prompt, schema


class GenerativeBackend(Backend):
    """A backend that asks a language model for the bullets. The pipeline checks, repairs and replaces them
    (:class:`darumgehts.generate.Writer`); ``draft`` alone returns the model's bullets unchecked."""

    generative: ClassVar[bool] = True
    # requests that may run at once when many articles are summarized (threads); 1: one at a time
    concurrency: int = 1

    def __init__(self, settings, **options) -> None:
        super().__init__(settings, **options)
        self.style = load_style(settings.style, settings.styles_dir)
        llm = settings.llm
        self.cache = ResponseCache(Path(llm.cache_file).expanduser()) if llm.cache else None
        self.chat = self.connect()

    @abstractmethod
    def connect(self) -> ChatModel:
        """The chat model, ready to answer (a client for a server, or a model loaded in-process)."""

    @property
    def version(self) -> str:
        return self.chat.model

    def draft(self, doc: Document, count: int) -> Iterable[Draft]:
        completion = self.chat.complete(Prompt(self.style, count, self.settings.llm.article_chars).bullets(doc), schema(count))
        return [Draft(text) for text in parse_bullets(completion.text).bullets]
