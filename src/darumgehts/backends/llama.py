"""The ``llama`` backend: a GGUF model run in this process by llama.cpp (xllamacpp, ``pip install 'darumgehts[llama]'``).

xllamacpp serves llama.cpp's own OpenAI-compatible handlers without a socket, so this backend sends the very request
the ``openai`` backend sends, and reads the same answer.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from ..errors import BackendError, ConfigError
from ..generate import ChatModel, GenerativeBackend, ModelFailed
from . import hookimpl


class LlamaChat(ChatModel):
    """A GGUF model loaded once; requests take turns (one model, one context)."""

    def __init__(self, path: Path, name: str, context: int, threads: int, **kwargs) -> None:
        super().__init__(name, **kwargs)
        try:
            import xllamacpp
        except ImportError:
            raise BackendError("The llama backend needs xllamacpp: pip install 'darumgehts[llama]'.") from None
        params = xllamacpp.CommonParams()
        params.model.path = str(path)
        params.n_ctx = context
        params.n_parallel = 1
        params.cpuparams.n_threads = threads or os.cpu_count() or 1
        params.cpuparams_batch.n_threads = threads or os.cpu_count() or 1
        params.warmup = False
        params.verbosity = -1  # llama.cpp logs only errors
        self._lock = threading.Lock()
        try:
            self.server = xllamacpp.Server(params)
        except Exception as exc:  # noqa: BLE001 - llama.cpp reports a bad file in many ways
            raise BackendError(f"llama.cpp could not load {path}: {exc}") from None

    def send(self, request: dict, schema: dict | None) -> dict:
        if schema is not None:
            request = request | {"response_format": {"type": "json_schema", "json_schema": {"name": "box", "schema": schema}}}
        with self._lock:
            try:
                answer = self.server.handle_chat_completions(request | {"model": self.model})
            except Exception as exc:  # noqa: BLE001
                raise ModelFailed(f"llama.cpp failed: {str(exc)[:120]}") from None
        if isinstance(answer, str):
            answer = json.loads(answer)
        if isinstance(answer, dict) and answer.get("code") or (isinstance(answer, dict) and "error" in answer):
            raise ModelFailed(f"llama.cpp refused the request: {str(answer)[:160]}")
        return answer


class LlamaBackend(GenerativeBackend):
    """A GGUF language model in this process writes the bullets; the checker holds them to the article."""

    id = "llama"
    description = "a GGUF language model in-process via llama.cpp (settings llm.model_path; pip install 'darumgehts[llama]'), checked"

    def connect(self) -> ChatModel:
        llm = self.settings.llm
        if llm.model_path is None:
            raise ConfigError("The llama backend needs a GGUF model file: --model-path FILE.gguf, or llm.model_path in the "
                              "settings file (DARUMGEHTS_LLM__MODEL_PATH).")
        path = Path(llm.model_path).expanduser()
        if not path.is_file():
            raise ConfigError(f"The llama backend's model file {path} does not exist.")
        name = llm.model or path.stem
        return LlamaChat(path, name, llm.context, llm.threads, cache=self.cache, temperature=llm.temperature, max_tokens=llm.max_tokens)


@hookimpl
def register_backends(register):
    register(LlamaBackend)
