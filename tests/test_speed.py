"""The speed work keeps every result: the dictionary trie, the frequency table, the output dicts, line-based workers."""

import dataclasses
import gzip
import json
import os
import subprocess
import sys

import simplemma
import wordfreq
from click.testing import CliRunner

from darumgehts.analyse import lexicon
from darumgehts.analyse.tokens import tokenize
from darumgehts.backends import Backend, hookimpl, register_plugin
from darumgehts.cli import main
from darumgehts.models import Bullet, Draft, Problem, SourceSpan, Summary
from darumgehts.pipeline import Summarizer, summarize_lines
from darumgehts.settings import load_settings

from .conftest import ARTICLE_TEXT

WORDS = ["Häuser", "gegangen", "Strasse", "Strassen", "Nato-Angaben", "Bundesrätin", "Verkehrsbetriebe", "erhöhen",
         "Einzelbillette", "teilte", "Gerassimow", "xyzquatsch", "Fußballer", "Fussballer", "ÄRZTE", "ihm", "der",
         "Café", "Cafe\u0301", "11'000", "z.B", "Grossrätinnen", "vorgestern", "Abstimmungskampf"]


def test_lemmas_and_known_words_are_simplemmas():
    words = WORDS + tokenize(ARTICLE_TEXT)
    assert [lexicon.lemmatize(w) for w in words] == [simplemma.lemmatize(w, lang="de") for w in words]
    assert [lexicon.is_known(w) for w in words] == [simplemma.is_known(w, lang="de") for w in words]


def test_frequency_table_is_wordfreqs():
    assert lexicon.frequencies() == wordfreq.get_frequency_dict("de", "small")


def test_trie_is_built_once_into_the_cache_folder(tmp_path, article_file):
    env = {**os.environ, "DARUMGEHTS_CACHE_DIR": str(tmp_path / "cache")}
    cli = subprocess.run([sys.executable, "-m", "darumgehts.cli", "summarize", str(article_file)], env=env,
                         capture_output=True, text=True, timeout=600)
    assert cli.returncode == 0 and "┃ Darum gehts" in cli.stdout, cli.stderr  # the setting's variable is accepted
    code = "from darumgehts.analyse import lexicon; print(lexicon.lemmatize('Häuser'), lexicon.is_known('gegangen'))"
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert first.stdout.split() == ["Haus", "True"], first.stderr
    saved = list(tmp_path.rglob("de.marisa"))
    assert len(saved) == 1 and saved[0].stat().st_size > 1_000_000
    assert not list(tmp_path.rglob("*.tmp"))
    mtime = saved[0].stat().st_mtime_ns
    again = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert again.stdout == first.stdout and saved[0].stat().st_mtime_ns == mtime


def test_trie_in_an_unwritable_cache_folder_still_works(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    env = {**os.environ, "DARUMGEHTS_CACHE_DIR": str(blocker / "cache")}
    code = "from darumgehts.analyse import lexicon; print(lexicon.lemmatize('Häuser'))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0 and out.stdout.strip() == "Haus"


def test_summary_dict_is_dataclasses_asdict():
    span = SourceSpan(2, 10, 40)
    problem = Problem("number", "3,5", "Der Artikel nennt 3,4.", 5, 8, verdict="contradicted", evidence=(span, SourceSpan(3, 41, 60)))
    bullet = Bullet("Die Preise steigen um 3,5 Prozent", "contradicted", [span], [problem], [span])
    summary = Summary("a", None, "Darum gehts", [bullet], "KI", "blick", "extractive", "0.1.0", "needs_review",
                      [Bullet("Abgelehnt", "unsupported", [], [problem])], "selector-1")
    expected = dataclasses.asdict(summary)
    expected.pop("generation")  # only a language-model box carries its generation record
    assert summary.to_dict(include_rejected=True) == expected
    assert list(summary.to_dict(include_rejected=True)) == list(expected)
    expected.pop("rejected")
    assert summary.to_dict() == expected and list(summary.to_dict()) == list(expected)
    assert json.dumps(summary.to_dict()) == json.dumps(expected)


def test_workers_get_lines_and_keep_every_line_and_error(tmp_path):
    path = tmp_path / "batch.jsonl.gz"
    lines = []
    for i in range(37):
        if i % 9 == 4:
            lines.append("")
        elif i % 9 == 5:
            lines.append("{not json")
        elif i % 9 == 6:
            lines.append(json.dumps({"title": "ohne id", "text": ARTICLE_TEXT}))
        elif i % 9 == 7:
            lines.append(json.dumps({"id": f"k{i}", "text": "zu kurz"}))
        else:
            lines.append(json.dumps({"id": f"a{i}", "text": ARTICLE_TEXT}))
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    runner = CliRunner()
    serial = runner.invoke(main, ["summarize", str(path), "--workers", "1"])
    parallel = runner.invoke(main, ["summarize", str(path), "--workers", "2"])
    assert serial.exit_code == parallel.exit_code == 0
    assert parallel.output == serial.output
    out = [json.loads(x) for x in parallel.output.splitlines()]
    assert len(out) == sum(1 for x in lines if x)
    assert out[4] == {"id": "batch.jsonl.gz:6", "error": "line 6 is not valid JSON: Expecting property name enclosed in double quotes."}
    assert out[5]["id"] == "batch.jsonl.gz:7" and len(out[5]["bullets"]) == 3
    assert "words" in out[6]["error"]


class CountingBackend(Backend):
    """A real backend, registered like any plugin, not extractive (it could be a remote model): it counts its calls."""

    id = "test-counting"
    description = "test double"
    calls = 0

    def draft(self, doc, count):
        CountingBackend.calls += 1
        first = doc.sentences[0]
        return [Draft(first.text, [SourceSpan(0, first.start, first.end)])]


class _Plugin:
    @hookimpl
    def register_backends(self, register):
        register(CountingBackend)


def test_workers_warm_up_without_asking_a_model_backend():
    register_plugin(_Plugin(), name="test-counting")
    summarizer = Summarizer.from_settings(load_settings(env={}, backend="test-counting"))
    lines = [json.dumps({"id": f"a{i}", "text": ARTICLE_TEXT}) for i in range(5)]
    parallel = list(summarize_lines(lines, "batch.jsonl", summarizer, workers=2))
    assert CountingBackend.calls == 0  # the parent only warmed up the analysis and the checker
    serial = list(summarize_lines(lines, "batch.jsonl", summarizer, workers=1))
    assert CountingBackend.calls == 5 and parallel == serial
    assert [json.loads(x)["backend"] for x in parallel] == ["test-counting"] * 5
