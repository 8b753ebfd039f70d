"""The select stage: candidates, the versioned selector model, the set choice and its training."""

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import darumgehts
from darumgehts.cli import main
from darumgehts.errors import ConfigError
from darumgehts.ingest import parse_text
from darumgehts.select import available_models, candidates, load_model
from darumgehts.select.model import TreeArrays
from darumgehts.select.redundancy import redundant
from darumgehts.settings import load_settings
from darumgehts.style import load_style

from .conftest import ARTICLE_TEXT, FIXTURES

# Fictional: a lead, then a body that says the lead's news again in other words.
REPEATING = """+++
title = "Pilzbefall im Stadion"
lead = "Ein starker Pilzbefall tötet den Rasen im Stadion Brühl. Der Klub muss das nächste Heimspiel verschieben."
+++

Der Pilzbefall macht dem Rasen im Stadion Brühl stark zu schaffen und tötet ihn. Der Klub rechnet mit Kosten von 180'000 Franken für einen neuen Rasen. Die Arbeiten sollen am 4. März beginnen und zwei Wochen dauern. Der Platzwart hatte den Befall Anfang Februar bemerkt. Fachleute der Universität Bern untersuchen nun, woher der Pilz kommt. Die Fans müssen für das nächste Heimspiel nach Olten ausweichen.
"""


def test_tree_evaluator_gives_lightgbms_predictions():
    lgb = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(3)
    x = rng.random((2000, 6))
    y = 2 * x[:, 0] + np.sin(5 * x[:, 1]) + (x[:, 2] > 0.5) * x[:, 3]
    booster = lgb.train({"objective": "regression", "verbose": -1, "num_leaves": 15, "max_depth": 4, "seed": 1}, lgb.Dataset(x, y), 40)
    trees = TreeArrays.from_lightgbm(booster.dump_model())
    z = rng.random((300, 6))
    assert np.allclose(trees.predict(z), booster.predict(z), atol=1e-9)
    assert np.allclose(TreeArrays.from_json(json.loads(json.dumps(trees.to_json()))).predict(z), booster.predict(z), atol=1e-9)


def test_packaged_models_load_and_the_setting_pins_one():
    versions = available_models()
    fast = [v for v in versions if not v.endswith("-e5")]
    assert "0" in versions and load_model("latest").version == fast[-1]
    box = darumgehts.summarize(ARTICLE_TEXT, settings=load_settings(env={}, selection={"model": "0"}))
    assert box.model == "selector-0"
    latest = darumgehts.summarize(ARTICLE_TEXT, settings=load_settings(env={}))
    assert latest.model == f"selector-{fast[-1]}"
    quality = darumgehts.summarize(ARTICLE_TEXT, settings=load_settings(env={}, selection={"embeddings": True}))
    assert quality.model == f"selector-{fast[-1]}-e5"
    with pytest.raises(ConfigError, match="trained without embeddings; set selection.embeddings to false"):
        darumgehts.summarize(ARTICLE_TEXT, settings=load_settings(env={}, selection={"model": "1", "embeddings": True}))


def test_unknown_model_names_the_choices(tmp_path):
    with pytest.raises(ConfigError, match="Unknown selector model 'v99'. Packaged: 0"):
        load_model("v99")
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something else"}', "utf-8")
    with pytest.raises(ConfigError, match="is not a darumgehts selector model"):
        load_model(str(bad))
    result = CliRunner().invoke(main, ["summarize", "-", "--config", str(_config(tmp_path, 'model = "v99"'))], input=ARTICLE_TEXT)
    assert result.exit_code == 2 and "Unknown selector model 'v99'" in result.output


def _config(tmp_path: Path, selection: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(f"[selection]\n{selection}\n", "utf-8")
    return path


def test_models_command_lists_the_versions():
    result = CliRunner().invoke(main, ["models"])
    assert result.exit_code == 0
    assert result.output.splitlines()[0].startswith("0 ")


def test_every_candidate_fits_the_style():
    doc = darumgehts.analyse.analyse(parse_text(ARTICLE_TEXT, "text"))
    for name in ("blick", "20min", "de-DE"):
        style = load_style(name)
        _, cands = candidates(doc, style)
        assert cands and all(len(c.text) <= style.max_chars for c in cands)
        assert all(c.features and len(c.sources) >= 1 for c in cands)


def test_a_box_never_says_the_same_thing_twice_nor_repeats_the_lead():
    for model in ("0", "latest"):
        box = darumgehts.summarize(REPEATING, settings=load_settings(env={}, selection={"model": model}))
        texts = [b.text for b in box.bullets]
        assert len(texts) == 3, texts
        assert not any(redundant(a, b) for i, a in enumerate(texts) for b in texts[i + 1:]), texts
        assert sum(b.sources[0].sentence < 2 for b in box.bullets) <= 1, texts  # the lead is two sentences


def test_the_box_budget_comes_from_the_style(tmp_path):
    (tmp_path / "knapp.toml").write_text('extends = "20min"\nbox_chars = 200\n', "utf-8")
    box = darumgehts.summarize(ARTICLE_TEXT, settings=load_settings(env={}, style="knapp", styles_dir=tmp_path))
    assert sum(len(b.text) for b in box.bullets) <= 200
    assert all(len(b.text) <= 120 for b in box.bullets)


def test_lead_backend_takes_the_first_sentences_under_the_same_rules():
    box = darumgehts.summarize(ARTICLE_TEXT, backend="lead", style="20min", settings=load_settings(env={}))
    assert box.backend == "lead" and box.model is None
    assert [b.sources[0].sentence for b in box.bullets] == sorted(b.sources[0].sentence for b in box.bullets)
    assert box.bullets[0].sources[0].sentence == 0


def test_training_prints_cross_validated_figures_and_is_reproducible(tmp_path):
    pytest.importorskip("lightgbm")
    data = str(FIXTURES / "boxen.jsonl")
    runner = CliRunner()
    outs = []
    for name in ("a.json", "b.json"):
        out = tmp_path / name
        result = runner.invoke(main, ["train", data, "--out", str(out), "--folds", "2", "--seed", "3", "--model-version", "test-1"])
        assert result.exit_code == 0, result.output
        assert "cross-validated ROUGE-L (2 folds)" in result.output and "lead backend" in result.output
        outs.append(json.loads(out.read_text("utf-8")))
    assert outs[0]["trees"] == outs[1]["trees"] and outs[0]["selection"] == outs[1]["selection"]
    assert outs[0]["meta"]["command"].startswith("darumgehts train ")
    box = darumgehts.summarize(ARTICLE_TEXT, settings=load_settings(env={}, selection={"model": str(tmp_path / "a.json")}))
    assert box.model == "selector-test-1" and len(box.bullets) == 3
    assert all(b.verdict == "supported" for b in box.bullets)


def test_training_data_slices(tmp_path):
    pytest.importorskip("lightgbm")
    result = CliRunner().invoke(main, ["train", f"{FIXTURES / 'boxen.jsonl'}[2:]", "--out", str(tmp_path / "m.json"), "--folds", "0"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("4 articles from boxen.jsonl[2:]")
    missing = CliRunner().invoke(main, ["train", "nowhere.jsonl", "--out", str(tmp_path / "m.json")])
    assert missing.exit_code == 2 and "nowhere.jsonl: no such file." in missing.output
