"""The ``openai`` backend: any OpenAI-compatible chat endpoint (vLLM, Ollama, the llama.cpp server, LM Studio, OpenAI,
Azure OpenAI) through the ``openai`` client, which retries with backoff on timeouts, 429 and 5xx."""

from __future__ import annotations

import os
import threading

from ..errors import ConfigError
from ..generate import ChatModel, GenerativeBackend, ModelFailed
from . import hookimpl


class OpenAIChat(ChatModel):
    """A chat model behind an HTTP server; at most ``concurrency`` requests in flight from this process."""

    def __init__(self, client, model: str, concurrency: int, **kwargs) -> None:
        super().__init__(model, **kwargs)
        self.client = client
        self.slots = threading.BoundedSemaphore(concurrency)
        self.json_schema = True  # switched off when the server refuses response_format

    def send(self, request: dict, schema: dict | None) -> dict:
        import openai

        with self.slots:
            if schema is not None and self.json_schema:
                fmt = {"type": "json_schema", "json_schema": {"name": "box", "schema": schema}}
                try:
                    return self._create(request | {"response_format": fmt})
                except openai.BadRequestError:
                    self.json_schema = False  # not supported here: plain text, parsed robustly
            return self._create(request)

    def _create(self, request: dict) -> dict:
        import openai

        try:
            return self.client.chat.completions.create(model=self.model, **request).model_dump()
        except openai.BadRequestError:
            raise
        except openai.APITimeoutError:
            raise ModelFailed(f"The model server at {self.client.base_url} did not answer within {self.client.timeout} s.") from None
        except openai.APIStatusError as exc:
            raise ModelFailed(f"The model server at {self.client.base_url} answered {exc.status_code}: {str(exc.message)[:120]}") from None
        except openai.APIError as exc:
            raise ModelFailed(f"The model server at {self.client.base_url} failed: {str(exc)[:120]}") from None


class OpenAIBackend(GenerativeBackend):
    """A language model behind an OpenAI-compatible server writes the bullets; the checker holds them to the article."""

    id = "openai"
    description = "a language model behind any OpenAI-compatible server (settings llm.base_url, llm.model), checked"

    def __init__(self, settings, **options) -> None:
        self.concurrency = settings.llm.concurrency
        super().__init__(settings, **options)

    def connect(self) -> ChatModel:
        import openai

        llm = self.settings.llm
        if not llm.model:
            raise ConfigError("The openai backend needs a model name: --model NAME, or llm.model in the settings file "
                              "(DARUMGEHTS_LLM__MODEL).")
        key = llm.api_key or os.environ.get(llm.api_key_env)
        if not key:
            raise ConfigError(f"The openai backend needs an API key: set {llm.api_key_env} (or DARUMGEHTS_LLM__API_KEY), or "
                              f"api_key under [llm] in the settings file. A local server that checks no key takes any value.")
        client = openai.OpenAI(base_url=llm.base_url, api_key=key, timeout=llm.timeout, max_retries=llm.retries)
        return OpenAIChat(client, llm.model, llm.concurrency, cache=self.cache, temperature=llm.temperature,
                          max_tokens=llm.max_tokens)


@hookimpl
def register_backends(register):
    register(OpenAIBackend)
