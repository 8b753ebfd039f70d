"""Summarizer backends and their registry.

A backend is one small class with one method, :meth:`Backend.draft`. Backends
register through the pluggy hook ``register_backends(register)``, the way
simonw/llm registers models; the built-in backends use the same door (see
``builtin.py``). Third-party packages add an entry point in the ``darumgehts``
group. Plugins load on first use, not at import.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import ClassVar

import pluggy
from pydantic import BaseModel, ConfigDict, ValidationError

from ..errors import ConfigError
from ..models import Document, Draft
from ..settings import Settings

hookspec = pluggy.HookspecMarker("darumgehts")
hookimpl = pluggy.HookimplMarker("darumgehts")

__all__ = ["Backend", "hookimpl", "available", "get_backend"]


class Backend(ABC):
    """Turns an analysed article into ranked bullet drafts."""

    id: ClassVar[str]
    description: ClassVar[str] = ""
    # Extractive drafts are copies of article sentences; the pipeline may then
    # skip a failing draft and take the next one instead of repairing it.
    extractive: ClassVar[bool] = False
    # Generative backends (a language model writes the bullets) are checked, repaired and backed by the extractive
    # backend in the pipeline (darumgehts.generate.Writer).
    generative: ClassVar[bool] = False

    class Options(BaseModel):
        model_config = ConfigDict(extra="forbid")

    def __init__(self, settings: Settings, **options) -> None:
        self.settings = settings
        try:
            self.options = self.Options(**options)
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'options'}: {e['msg']}" for e in exc.errors())
            raise ConfigError(f"Backend {self.id!r}: {problems}") from None

    @property
    def version(self) -> str | None:
        """The version of the model behind the backend, recorded with every summary (None: no model)."""
        return None

    @abstractmethod
    def draft(self, doc: Document, count: int) -> Iterable[Draft]:
        """Return drafts, best first (a list or a lazy iterator). ``count`` is
        how many bullets the box needs; extractive backends may offer more, as
        replacements for drafts that are too long or the checker rejects. The
        pipeline stops reading once the box is full."""


class _Hooks:
    @hookspec
    def register_backends(self, register: Callable[[type[Backend]], None]) -> None:
        """Call ``register(BackendClass)`` for each backend the plugin provides."""


@lru_cache(maxsize=1)
def _plugin_manager() -> pluggy.PluginManager:
    from . import builtin, llama, openai

    pm = pluggy.PluginManager("darumgehts")
    pm.add_hookspecs(_Hooks)
    pm.register(builtin, name="darumgehts.builtin")
    pm.register(openai, name="darumgehts.openai")
    pm.register(llama, name="darumgehts.llama")
    pm.load_setuptools_entrypoints("darumgehts")
    return pm


def register_plugin(plugin: object, name: str | None = None) -> None:
    """Register a plugin object or module at run time (tests, notebooks)."""
    _plugin_manager().register(plugin, name=name)


def available() -> dict[str, type[Backend]]:
    found: dict[str, type[Backend]] = {}

    def register(cls: type[Backend]) -> None:
        if not (isinstance(cls, type) and issubclass(cls, Backend)):
            raise ConfigError(f"{cls!r} is not a darumgehts Backend subclass.")
        found[cls.id] = cls

    _plugin_manager().hook.register_backends(register=register)
    return found


def get_backend(backend_id: str, settings: Settings, **options) -> Backend:
    backends = available()
    if backend_id not in backends:
        raise ConfigError(f"Unknown backend {backend_id!r}. Available: {', '.join(sorted(backends))}.")
    return backends[backend_id](settings, **options)
