"""The chat interface both language-model backends share, and the cache in front of it.

A backend sends an OpenAI-shaped request (``messages``, ``temperature``, ``max_tokens``, ``response_format``,
``logprobs``) and gets an OpenAI-shaped answer, whether the model runs behind an HTTP server (``openai``) or in this
process (``llama``). :class:`ChatModel` reads the answer, measures it, and caches it: the same request (article,
style, model and prompt version are all in it) is never sent twice.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import BackendError

__all__ = ["ChatModel", "Completion", "ModelFailed", "ResponseCache"]


class ModelFailed(BackendError):
    """The model gave no usable answer: a timeout, a server error, or the retries ran out."""


@dataclass
class Completion:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    cached: bool = False
    # first generated token's alternatives: token -> log probability (only when logprobs were asked for)
    top_logprobs: dict[str, float] = field(default_factory=dict)
    served_by: str | None = None  # the model (and version) the server says answered, e.g. gpt-4o-2024-08-06

    def to_json(self) -> str:
        return json.dumps({"text": self.text, "prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                           "seconds": self.seconds, "top_logprobs": self.top_logprobs, "served_by": self.served_by}, ensure_ascii=False)

    @classmethod
    def from_json(cls, data: str) -> Completion:
        return cls(**json.loads(data), cached=True)


def read_response(data: dict) -> Completion:
    """A Completion from an OpenAI-shaped chat completion response (as a dict)."""
    try:
        choice = data["choices"][0]
        text = choice["message"].get("content") or ""
    except (KeyError, IndexError, TypeError, AttributeError):
        raise ModelFailed(f"The model's response has no message: {str(data)[:120]}") from None
    usage = data.get("usage") or {}
    top: dict[str, float] = {}
    content = ((choice.get("logprobs") or {}).get("content") or [])
    if content:
        first = content[0]
        for alt in first.get("top_logprobs") or [first]:
            if isinstance(alt, dict) and "token" in alt and alt.get("logprob") is not None:
                top[alt["token"]] = max(top.get(alt["token"], -math.inf), float(alt["logprob"]))
    served = " ".join(str(data[k]) for k in ("model", "system_fingerprint") if data.get(k)) or None
    return Completion(text, int(usage.get("prompt_tokens") or 0), int(usage.get("completion_tokens") or 0), top_logprobs=top,
                      served_by=served)


class ResponseCache:
    """Answers by request, in a SQLite file shared by every process of a run (or in memory with ``path=None``)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        if path is not None:
            Path(path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(":memory:" if path is None else str(Path(path).expanduser()), check_same_thread=False, timeout=30)
        with self._lock, self._db:
            if path is not None:
                self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, answer TEXT NOT NULL, at REAL NOT NULL)")

    @staticmethod
    def key(model: str, request: dict) -> str:
        return hashlib.sha256(json.dumps([model, request], sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()

    def get(self, key: str) -> Completion | None:
        with self._lock:
            row = self._db.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
        return Completion.from_json(row[0]) if row else None

    def put(self, key: str, completion: Completion) -> None:
        with self._lock, self._db:
            self._db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)", (key, completion.to_json(), time.time()))

    def __getstate__(self):
        return {"path": self.path}

    def __setstate__(self, state):
        self.__init__(state["path"])


class ChatModel(ABC):
    """One chat model: ``complete()`` sends a request once (or answers it from the cache)."""

    def __init__(self, model: str, cache: ResponseCache | None, temperature: float, max_tokens: int) -> None:
        self.model = model
        self.cache = cache
        self.temperature = temperature
        self.max_tokens = max_tokens

    @abstractmethod
    def send(self, request: dict, schema: dict | None) -> dict:
        """Send the request; return the OpenAI-shaped response. Raise ModelFailed when no answer came."""

    def complete(self, messages: list[dict], schema: dict | None = None, *, max_tokens: int | None = None,
                 logprobs: int = 0) -> Completion:
        request: dict = {"messages": messages, "temperature": self.temperature, "max_tokens": max_tokens or self.max_tokens}
        if logprobs:
            request |= {"logprobs": True, "top_logprobs": logprobs}
        key = ResponseCache.key(self.model, request | {"schema": schema})
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            return hit
        t0 = time.perf_counter()
        completion = read_response(self.send(request, schema))
        completion.seconds = time.perf_counter() - t0
        if self.cache is not None:
            self.cache.put(key, completion)
        return completion
