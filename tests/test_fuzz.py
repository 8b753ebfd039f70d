"""Fuzzing: hypothesis for the sentence splitter, the number parser, the checker and ingest; schemathesis against the
app's own OpenAPI schema. Bounded: DARUMGEHTS_FUZZ_EXAMPLES examples per property (default 60); the benchmark
(benchmarks/reliability.py) runs more and reports the counts and times written to DARUMGEHTS_FUZZ_REPORT."""

import functools
import json
import os
import time
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from darumgehts.analyse.numbers import find_numbers
from darumgehts.analyse.sentences import split_spans
from darumgehts.check import check
from darumgehts.errors import DarumgehtsError
from darumgehts.ingest import parse_text, read_data

from .conftest import ARTICLE_TEXT, auth, make_app_client

EXAMPLES = int(os.environ.get("DARUMGEHTS_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
RUNS: Counter = Counter()
SECONDS: Counter = Counter()

GERMAN = ARTICLE_TEXT.split("\n", 2)[2]
WORDS = sorted(set(GERMAN.replace("\n", " ").split()))
# text that looks like news: German words, numbers in every form, punctuation, quotes, odd characters
PIECES = st.sampled_from(WORDS + ["rund", "Mio.", "Mrd.", "Fr.", "CHF", "%", "3,5", "11'000", "11’000", "11 000", "1.500", "31. Februar",
                                  "am 3. Mai 2024", "18:17 Uhr", "z. B.", "Dr.", "«", "»", "„", "“", "(", ")", "–", "...", "?", "!",
                                  "\u200b", "\u202e", "שלום", "\n\n", "1'000'000'000'000"])
NEWSY = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=80).map(" ".join)


@pytest.fixture(scope="module", autouse=True)
def report():
    yield
    path = os.environ.get("DARUMGEHTS_FUZZ_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({"examples": dict(RUNS), "seconds": dict(SECONDS)}, fh)


def counted(name):
    def wrap(fn):
        @functools.wraps(fn)
        def run(*args, **kwargs):
            start = time.perf_counter()
            RUNS[name] += 1
            try:
                fn(*args, **kwargs)
            finally:
                SECONDS[name] += time.perf_counter() - start
        return run
    return wrap


@FUZZ
@given(st.one_of(NEWSY, st.text(max_size=400)))
@counted("splitter")
def test_splitter(text):
    spans = split_spans(text)
    last = 0
    for start, end in spans:
        assert last <= start < end <= len(text)  # in order, inside the text, never empty
        last = end


@FUZZ
@given(st.one_of(NEWSY, st.text(max_size=400)))
@counted("number parser")
def test_number_parser(text):
    for n in find_numbers(text):
        assert 0 <= n.start < n.end <= len(text) and n.value == n.value  # no NaN


ARTICLE = parse_text(ARTICLE_TEXT, "zvv")


@FUZZ
@given(st.lists(NEWSY, min_size=1, max_size=3))
@counted("checker")
def test_checker(bullets):
    results = check(ARTICLE, bullets)
    assert len(results) == len(bullets)
    for r in results:
        assert r.verdict in ("supported", "unsupported", "contradicted")
        for p in r.problems:
            assert p.start is None or 0 <= p.start <= (p.end or p.start) <= len(r.text)


@FUZZ
@given(st.one_of(st.binary(max_size=3000), NEWSY.map(str.encode), st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass"))),
       st.sampled_from(["a.txt", "a.html", "a.json", "a.jsonl", "a.rss", "a.md"]))
@counted("ingest")
def test_ingest(data, name):
    from darumgehts.settings import load_settings

    try:
        for item in read_data(data, name, load_settings(env={})):
            assert (item.article is None) != (item.error is None)
    except DarumgehtsError as exc:
        assert str(exc)


def test_schemathesis_against_the_openapi_schema(tmp_path):
    """Every operation of the app's own schema, with generated input: never a 5xx."""
    import schemathesis

    with make_app_client(tmp_path, feedback_per_hour=10**6, summarize_timeout=20) as client:
        client.post("/api/articles", json={"id": "zvv", "text": GERMAN}, headers=auth(client.tokens["ingest"]))
        schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
        failures = []
        for result in schema.get_all_operations():
            operation = result.ok()

            @FUZZ
            @given(operation.as_strategy())
            @counted("schemathesis")
            def call(case):
                response = case.call(headers=auth(client.tokens["admin"]))
                if response.status_code >= 500:
                    failures.append((case.operation.label, response.status_code, response.text[:200]))

            call()
        assert failures == []
        assert RUNS["schemathesis"] > 0
