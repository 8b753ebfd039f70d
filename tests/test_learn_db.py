"""Learning from the newsroom: editors' edits and readers' feedback in the database become a gated model version.

Everything goes through the real service (in-process ASGI client), the real CLI and a real database file;
the held-out set of the gate is the fictional boxen.jsonl.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from click.testing import CliRunner
from sqlalchemy import update

from darumgehts.cli import main
from darumgehts.learn import versions
from darumgehts.learn.signals import collect
from darumgehts.newsroom.learning import Retrainer
from darumgehts.select import FEATURES, load_model
from darumgehts.select.model import SelectorModel
from darumgehts.store.tables import FeedbackRow

from .conftest import FIXTURES, auth, make_app_client

TOWNS = ["Lindenau", "Bergheim", "Seefeld", "Altdorf", "Rheinau", "Talwil", "Buchs", "Eichberg", "Moosach", "Sonnental",
         "Waldkirch", "Hochdorf"]
_DIGIT = re.compile(r"\d")


def town_article(i: int, town: str) -> dict:
    """A fictional article: an opening without figures, a quote, background, and sentences with figures further down."""
    return {"id": f"gemeinde-{i}", "title": f"{town} plant ein neues Hallenbad", "text": (
        f"Der Gemeinderat von {town} hat am Dienstag über die Zukunft des alten Hallenbads beraten. Die Diskussion im Saal "
        f"dauerte bis spät in den Abend und war zeitweise sehr emotional.\n\n"
        f"«Wir brauchen endlich ein Bad, in dem die Kinder schwimmen lernen können», sagte Gemeindepräsidentin Anna Keller. "
        f"Das bisherige Bad wurde in den Siebzigerjahren gebaut und gilt seit langem als sanierungsbedürftig.\n\n"
        f"Der Neubau soll {12 + i} Millionen Franken kosten und im Jahr {2028 + i % 3} eröffnet werden. "
        f"Im neuen Bad finden gleichzeitig {300 + 10 * i} Besucherinnen und Besucher Platz. "
        f"Die Gemeinde rechnet mit jährlichen Betriebskosten von {1 + i % 4} Millionen Franken.\n\n"
        f"Die Opposition kritisierte das Projekt als zu teuer und verlangte eine Volksabstimmung. "
        f"Die Bevölkerung kann sich an einer Informationsveranstaltung im Frühling äussern.")}


@pytest.fixture
def newsroom_client(tmp_path):
    heldout = [str(FIXTURES / "boxen.jsonl")]
    with make_app_client(tmp_path, review_policy="auto", feedback_per_hour=10_000,
                         learning={"heldout": heldout, "check_seconds": 0.001}) as client:
        client.settings_file = tmp_path / "settings.toml"
        client.settings_file.write_text(f'[learning]\nheldout = {json.dumps(heldout)}\n', "utf-8")
        client.url = client.newsroom.settings.database_url
        yield client


def post(client, article: dict) -> dict:
    r = client.post("/api/articles", headers=auth(client.tokens["ingest"]), json=article)
    assert r.status_code in (200, 201), r.text
    return r.json()


def editor_prefers_figures(client, n: int = 8) -> int:
    """The editor replaces every bullet without a figure by the article's next sentence with one."""
    edits = 0
    for i, town in enumerate(TOWNS[:n]):
        article = town_article(i, town)
        box = post(client, article)
        bullets = [b["text"] for b in box["bullets"]]
        figures = [s.strip() + "." for s in re.split(r"\.\s+|\.\n", article["text"]) if _DIGIT.search(s) and "«" not in s]
        spare = [s for s in figures if not any(s[:30] in b for b in bullets)]
        edited = [b if _DIGIT.search(b) else (spare.pop(0) if spare else b) for b in bullets]
        if edited != bullets:
            r = client.put(f"/api/summaries/{box['summary_id']}/bullets", headers=auth(client.token), json={"bullets": edited})
            assert r.status_code == 200, r.text
            edits += 1
    return edits


def train(client, *args) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["train", "--from-db", client.url, "--config", str(client.settings_file), *args])
    return result.exit_code, result.output


def test_adjustment_adds_to_the_shipped_score_and_survives_json():
    base = load_model("latest")
    x = np.random.default_rng(1).random((5, len(FEATURES)))
    adjusted = SelectorModel(base.version + "+nr1", base.kind, base.features, base.trees, base.weights, base.selection, {},
                             {"linear": {"numbers": 0.5}, "present": {"mostly_quotation": -1.0}})
    expected = base.predict(x) + 0.5 * x[:, FEATURES.index("numbers")] - 1.0 * (x[:, FEATURES.index("mostly_quotation")] != 0)
    assert np.allclose(adjusted.predict(x), expected)
    again = SelectorModel.from_json(json.loads(json.dumps(adjusted.to_json())), "test")
    assert np.allclose(again.predict(x), expected)
    assert "adjustment" not in base.to_json()


def test_editor_edits_become_an_active_version_that_the_service_and_cli_use(newsroom_client, tmp_path):
    client = newsroom_client
    assert editor_prefers_figures(client) >= 6
    code, out = train(client)
    assert code == 0, out
    version = re.search(r"version (\S+\+nr1): ACTIVE", out)
    assert version, out
    assert re.search(r"signals used: \d+ \(corrections [6-8]", out)
    assert "held-out ROUGE-L boxen.jsonl" in out
    stored = versions.active_version(client.store)
    assert stored.id == version.group(1) and stored.corrections >= 6 and stored.heldout["rougeL"] > 0
    # the service picks the active version up for new boxes
    box = post(client, town_article(20, "Neudorf"))
    assert box["version"].endswith(f"selector-{stored.id}")
    # summarize --db uses it too; without --db, the shipped model
    article = tmp_path / "neu.json"
    article.write_text(json.dumps(town_article(21, "Neudorf")), "utf-8")
    learned = json.loads(CliRunner().invoke(main, ["summarize", str(article), "--format", "json", "--db", client.url]).output)
    shipped = json.loads(CliRunner().invoke(main, ["summarize", str(article), "--format", "json"]).output)
    assert learned["model"] == f"selector-{stored.id}"
    assert shipped["model"] == f"selector-{load_model('latest').version}"
    # the learned preference: more bullets with figures than the shipped model chose
    figures = [sum(bool(_DIGIT.search(b["text"])) for b in box["bullets"]) for box in (learned, shipped)]
    assert figures[0] > figures[1], (learned["bullets"], shipped["bullets"])


def test_models_list_activate_rollback(newsroom_client):
    client = newsroom_client
    editor_prefers_figures(client, 6)
    assert train(client)[0] == 0
    runner = CliRunner()
    listed = runner.invoke(main, ["models", "list", "--db", client.url])
    assert listed.exit_code == 0 and re.search(r"\+nr1\s+ACTIVE", listed.output), listed.output
    assert runner.invoke(main, ["models"]).output.startswith("0 ")  # the packaged models, as before
    back = runner.invoke(main, ["models", "rollback", "--db", client.url])
    assert back.exit_code == 0 and "the shipped model" in back.output
    assert versions.active_version(client.store) is None
    again = runner.invoke(main, ["models", "rollback", "--db", client.url])
    assert again.exit_code == 2 and again.output.count("Error:") == 1  # one error line (and which database, on stderr)
    vid = versions.list_versions(client.store)[0].id
    assert runner.invoke(main, ["models", "activate", vid, "--db", client.url]).exit_code == 0
    assert versions.active_version(client.store).id == vid
    unknown = runner.invoke(main, ["models", "activate", "9+nr9", "--db", client.url])
    assert unknown.exit_code == 2 and "No model version '9+nr9'" in unknown.output


def test_a_version_that_loses_on_the_heldout_set_is_kept_not_activated(newsroom_client):
    client = newsroom_client
    # an editor who wants the article's closing sentences, against everything the held-out references say
    for i, town in enumerate(TOWNS[:8]):
        article = town_article(i, town)
        box = post(client, article)
        closing = ["Die Opposition kritisierte das Projekt als zu teuer und verlangte eine Volksabstimmung.",
                   "Die Bevölkerung kann sich an einer Informationsveranstaltung im Frühling äussern."]
        r = client.put(f"/api/summaries/{box['summary_id']}/bullets", headers=auth(client.token), json={"bullets": closing})
        assert r.status_code == 200
    client.settings_file.write_text(client.settings_file.read_text("utf-8") + "regularization = 0.01\neditor_weight = 50.0\n", "utf-8")
    code, out = train(client)
    assert code == 0, out
    stored = versions.list_versions(client.store)[-1]
    assert stored.heldout["rougeL"] < stored.heldout["previous_rougeL"] - client.newsroom.settings.learning.max_drop, out
    assert "kept, not active" in out and not stored.active and stored.status == "kept"
    assert stored.reason.startswith("not activated: held-out ROUGE-L")
    assert versions.active_version(client.store) is None
    listed = CliRunner().invoke(main, ["models", "list", "--db", client.url]).output
    assert re.search(rf"{re.escape(stored.id)}\s+kept", listed), listed


def test_reader_flood_alone_changes_nothing(newsroom_client):
    client = newsroom_client
    boxes = [post(client, town_article(i, t))["summary_id"] for i, t in enumerate(TOWNS[:3])]
    for i in range(300):
        r = client.post(f"/api/summaries/{boxes[i % 3]}/feedback", json={"helpful": False, "reason": "falsch"})
        assert r.status_code == 201
    with client.store.write() as session:  # even when an editor marked them handled
        session.execute(update(FeedbackRow).values(handled_at=FeedbackRow.created_at, handled_by="editor-1"))
    code, out = train(client)
    assert code == 0 and "Nothing to learn" in out, out
    assert versions.list_versions(client.store) == []


def test_reader_signals_are_capped_per_client_and_weigh_less_than_editors(newsroom_client):
    client = newsroom_client
    editor_prefers_figures(client, 6)
    summaries = [post(client, town_article(30 + i, t))["summary_id"] for i, t in enumerate(TOWNS)]
    for sid in summaries:
        for _ in range(5):
            client.post(f"/api/summaries/{sid}/feedback", json={"helpful": False, "reason": "falsch"})
        client.post(f"/api/summaries/{sid}/feedback", json={"helpful": True})
    settings = client.newsroom.settings
    unhandled = collect(client.store, settings, load_model("latest"))
    cap = settings.learning.reader_cap
    assert unhandled.reader == cap  # «hilfreich» counts at once, on at most reader_cap boxes for one client
    with client.store.write() as session:
        session.execute(update(FeedbackRow).values(handled_at=FeedbackRow.created_at, handled_by="editor-1"))
    signals = collect(client.store, settings, load_model("latest"))
    assert signals.reader == cap and signals.reader_ignored == 6 * len(summaries) - cap
    editor = sum(p.weight for p in signals.pairs if p.source != "reader")
    reader = sum(p.weight for p in signals.pairs if p.source == "reader")
    assert 0 < reader <= settings.learning.reader_share * editor + 1e-9


def test_pages_show_the_active_version_and_what_it_learned(newsroom_client):
    client = newsroom_client
    about = client.get("/ueber-darum-gehts").text
    assert "noch nichts aus Korrekturen gelernt" in about and "selector-" in about
    n = editor_prefers_figures(client, 6)
    assert train(client)[0] == 0
    client.newsroom.model.forget()
    stored = versions.active_version(client.store)
    since = f"seit {stored.since.day}.{stored.since.month}."
    about = client.get("/ueber-darum-gehts").text
    assert f"selector-{stored.id}" in about and f"gelernt aus {n} Korrekturen {since}" in about
    from .test_editor_pages import login

    login(client, client.token)
    page = client.get("/redaktion").text
    assert f"Modell selector-{stored.id} · gelernt aus {n} Korrekturen {since}" in page


def test_the_learned_version_can_be_switched_off_by_setting(tmp_path):
    with make_app_client(tmp_path, learning={"use_db_model": False, "heldout": [str(FIXTURES / "boxen.jsonl")]}) as client:
        client.settings_file = tmp_path / "s.toml"
        client.settings_file.write_text(f'[learning]\nheldout = {json.dumps([str(FIXTURES / "boxen.jsonl")])}\n', "utf-8")
        client.url = client.newsroom.settings.database_url
        editor_prefers_figures(client, 6)
        assert train(client)[0] == 0
        assert versions.active_version(client.store) is not None
        box = post(client, town_article(40, "Neudorf"))
        assert box["version"].endswith(f"selector-{load_model('latest').version}")


def test_scheduled_retraining_makes_a_version(newsroom_client):
    client = newsroom_client
    editor_prefers_figures(client, 6)
    settings = client.newsroom.settings.model_copy(update={"learning": client.newsroom.settings.learning.model_copy(
        update={"retrain_hours": 24.0})})
    retrainer = Retrainer(settings)
    assert retrainer.enabled and not Retrainer(client.newsroom.settings).enabled  # off by default
    assert retrainer.run_once() == 0
    assert versions.active_version(client.store) is not None


def test_bad_since_is_one_clear_line(newsroom_client):
    code, out = train(newsroom_client, "--since", "gestern")
    assert code == 2 and out.strip().startswith("Error: --since 'gestern' is not a date")
    result = CliRunner().invoke(main, ["train", "--from-db", newsroom_client.url, "data.jsonl"])
    assert result.exit_code == 2 and "give no DATA" in result.output


def test_train_from_a_postgresql_database(tmp_path):
    heldout = [str(FIXTURES / "boxen.jsonl")]
    with make_app_client(tmp_path, "postgres", learning={"heldout": heldout, "check_seconds": 0.001}) as client:
        client.settings_file = tmp_path / "settings.toml"
        client.settings_file.write_text(f'[learning]\nheldout = {json.dumps(heldout)}\n', "utf-8")
        client.url = client.newsroom.settings.database_url
        editor_prefers_figures(client, 6)
        code, out = train(client)
        assert code == 0 and re.search(r"version \S+\+nr1: ACTIVE", out), out
        box = post(client, town_article(50, "Neudorf"))
        assert "+nr1" in box["version"]
        listed = CliRunner().invoke(main, ["models", "list", "--db", client.url]).output
        assert re.search(r"\+nr1\s+ACTIVE", listed)
