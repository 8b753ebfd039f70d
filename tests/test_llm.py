"""The language-model backends held to the checker, against a real local server speaking the OpenAI protocol.

Each scripted case asserts the published box: its bullets are supported, where each came from, and its status."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from darumgehts.cli import main
from darumgehts.errors import ConfigError
from darumgehts.ingest import parse_text
from darumgehts.pipeline import Summarizer
from darumgehts.settings import load_settings

from .conftest import ARTICLE_TEXT, make_newsroom
from .openai_server import Reply, ScriptedServer, bullets

GOOD = ("Einzelbillett für die Stadt kostet neu 4.60 Franken statt 4.40 Franken", "Jahreskarte wird um 40 Franken teurer",
        "SP kritisiert den Entscheid scharf")
INVENTED_NUMBER = "Jahreskarte wird um 60 Franken teurer"
SWAPPED_NAME = "Die SVP kritisierte den Entscheid scharf"
ENGLISH = "Single tickets for the city now cost 4.60 francs instead of 4.40 francs"


@pytest.fixture
def server():
    with ScriptedServer() as srv:
        yield srv


def llm_settings(server: ScriptedServer, **llm):
    options = {"base_url": server.base_url, "model": "scripted-1", "api_key": "test", "timeout": 2.0, "retries": 1, "cache": False}
    return load_settings(env={}, backend="openai", llm=options | llm)


def box(server: ScriptedServer, *replies: Reply, **llm):
    server.script[:] = list(replies)
    summarizer = Summarizer.from_settings(llm_settings(server, **llm))
    return summarizer(parse_text(ARTICLE_TEXT, "text"))


def assert_published_and_supported(summary, count=3):
    assert summary.status == "published"
    assert len(summary.bullets) == count
    assert all(b.verdict == "supported" and not b.problems for b in summary.bullets)


def origins(summary) -> list[str]:
    return [b.origin for b in summary.generation.bullets]


def test_good_bullets_are_published_as_the_model_wrote_them(server):
    summary = box(server, bullets(*GOOD))
    assert_published_and_supported(summary)
    assert [b.text for b in summary.bullets] == list(GOOD)
    assert origins(summary) == ["model"] * 3
    gen = summary.generation
    assert (summary.backend, summary.model, gen.model, gen.fallback) == ("openai", "scripted-1", "scripted-1", None)
    assert (gen.prompt_tokens, gen.completion_tokens, gen.requests, gen.model_version) == (100, 20, 1, "scripted-1")
    request = server.requests[0]
    assert request["model"] == "scripted-1" and request["response_format"]["type"] == "json_schema"
    prompt = " ".join(m["content"] for m in request["messages"])
    assert "Nur Fakten aus dem Artikel" in prompt and "höchstens 100 Zeichen" in prompt and "«ss» statt «ß»" in prompt
    assert "Die Jahreskarte wird um 40 Franken teurer" in request["messages"][-1]["content"]


def test_an_invented_number_is_repaired_with_the_evidence_quoted(server):
    summary = box(server, bullets(GOOD[0], INVENTED_NUMBER, GOOD[2]), bullets(GOOD[1]))
    assert_published_and_supported(summary)
    assert origins(summary) == ["model", "repaired", "model"]
    assert INVENTED_NUMBER not in [b.text for b in summary.bullets]
    assert summary.generation.bullets[1].draft == INVENTED_NUMBER and "number" in summary.generation.bullets[1].problems
    repair = server.requests[1]["messages"][-1]["content"]
    assert INVENTED_NUMBER in repair and "60" in repair
    assert "«Die Jahreskarte wird um 40 Franken teurer.»" in repair  # the article's sentence, quoted
    assert (summary.generation.repairs, summary.generation.repaired) == (1, 1)


def test_a_swapped_name_repaired_with_the_same_bad_bullet_is_replaced_by_an_extractive_one(server):
    summary = box(server, bullets(GOOD[0], GOOD[1], SWAPPED_NAME), bullets(SWAPPED_NAME))
    assert_published_and_supported(summary)
    assert origins(summary) == ["model", "model", "extractive"]
    assert all("SVP" not in b.text for b in summary.bullets)
    assert [b.text for b in summary.rejected].count(SWAPPED_NAME) == 1
    assert (summary.generation.repairs, summary.generation.repaired) == (1, 0)


def test_an_english_bullet_gets_a_repair_request_naming_the_language(server):
    summary = box(server, bullets(ENGLISH, GOOD[1], GOOD[2]), bullets(GOOD[0]))
    assert_published_and_supported(summary)
    assert origins(summary) == ["repaired", "model", "model"]
    assert "language" in summary.generation.bullets[0].problems
    assert "nicht auf Deutsch" in server.requests[1]["messages"][-1]["content"]


def test_malformed_json_gives_the_extractive_box_and_says_so(server):
    summary = box(server, Reply('{"bullets": [Jahreskarte teurer, SP kritisiert'))
    assert_published_and_supported(summary)
    assert origins(summary) == ["extractive"] * 3
    assert summary.backend == "openai" and "not valid JSON" in summary.generation.fallback


def test_a_preamble_and_markdown_list_are_cleaned(server):
    answer = "Hier ist die Zusammenfassung:\n\n- **" + GOOD[0] + "**\n- " + GOOD[1] + "\n- " + GOOD[2] + "\n\nIch hoffe, das hilft!"
    summary = box(server, Reply(answer))
    assert_published_and_supported(summary)
    assert [b.text for b in summary.bullets] == list(GOOD)
    assert {"preamble", "markdown", "closing"} <= set(summary.generation.notes)


def test_a_timeout_gives_the_extractive_box(server):
    summary = box(server, Reply(delay=1.5, content="{}"), Reply(delay=1.5, content="{}"), timeout=0.5)
    assert_published_and_supported(summary)
    assert origins(summary) == ["extractive"] * 3
    assert "did not answer within" in summary.generation.fallback
    assert len(server.requests) == 2  # one try and one retry


def test_a_server_error_is_retried_then_gives_the_extractive_box(server):
    summary = box(server, Reply(status=500, content="boom"), Reply(status=500, content="boom"))
    assert_published_and_supported(summary)
    assert "answered 500" in summary.generation.fallback and len(server.requests) == 2


def test_a_429_is_retried_with_backoff_and_then_succeeds(server):
    summary = box(server, Reply(status=429, content="slow down", headers={"retry-after": "0"}), bullets(*GOOD))
    assert_published_and_supported(summary)
    assert origins(summary) == ["model"] * 3 and len(server.requests) == 2


def test_too_many_bullets_are_cut_and_too_few_are_filled(server):
    summary = box(server, bullets(*GOOD, "Die Partei will im Kantonsrat einen Vorstoss einreichen"))
    assert [b.text for b in summary.bullets] == list(GOOD)
    summary = box(server, bullets(GOOD[0]))
    assert_published_and_supported(summary)
    assert origins(summary) == ["model", "extractive", "extractive"]


def test_sharp_s_becomes_ss_in_a_swiss_style(server):
    summary = box(server, bullets("Die SP kritisierte den Entscheid scharf: Der öffentliche Verkehr darf nicht zum Luxus werden",
                                  GOOD[0], "Jahreskarte wird um 40 Franken teurer, rund 11.000 Abonnenten nicht betroffen"))
    assert all("ß" not in b.text for b in summary.bullets)
    assert any("11'000" in b.text for b in summary.bullets)


def test_a_server_without_json_schema_is_read_from_plain_text(server):
    server.refuse_schema = True
    summary = box(server, Reply("1. " + GOOD[0] + "\n2. " + GOOD[1] + "\n3. " + GOOD[2]))
    assert_published_and_supported(summary)
    assert "response_format" in server.requests[0] and "response_format" not in server.requests[1]


def test_the_same_article_style_model_and_prompt_is_never_sent_twice(server, tmp_path):
    cache = tmp_path / "answers.sqlite"
    first = box(server, bullets(*GOOD), cache=True, cache_file=str(cache))
    second = box(server, cache=True, cache_file=str(cache))
    assert [b.text for b in second.bullets] == [b.text for b in first.bullets]
    assert len(server.requests) == 1 and second.generation.cached == 1
    box(server, bullets(*GOOD), cache=True, cache_file=str(cache), model="scripted-2")  # another model: asked again
    assert len(server.requests) == 2


def test_judge_mode_records_the_models_probability_for_a_flagged_bullet(server):
    server.script[:] = [bullets(GOOD[0], INVENTED_NUMBER, GOOD[2]), Reply("nein", logprobs={"nein": -0.1, "ja": -2.4}),
                        bullets(GOOD[1])]
    settings = llm_settings(server).model_copy(update={"check_judge": True})
    summary = Summarizer.from_settings(settings)(parse_text(ARTICLE_TEXT, "text"))
    assert_published_and_supported(summary)
    judged = summary.generation.bullets[1]
    assert judged.origin == "repaired" and judged.judge == pytest.approx(0.0911, abs=0.01)
    assert server.requests[1]["logprobs"] is True and server.requests[1]["max_tokens"] == 1


def test_a_missing_api_key_says_how_to_set_it(server, monkeypatch):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="set OPENAI_API_KEY"):
        Summarizer.from_settings(llm_settings(server, api_key=None))


def test_cli_summarize_with_the_openai_backend(server, article_file, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    monkeypatch.setenv("DARUMGEHTS_LLM__CACHE", "false")
    server.script[:] = [bullets(*GOOD)]
    result = CliRunner().invoke(main, ["summarize", str(article_file), "--backend", "openai", "--base-url", server.base_url,
                                       "--model", "scripted-1", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [b["text"] for b in data["bullets"]] == list(GOOD)
    assert data["generation"]["bullets"][0]["origin"] == "model" and data["status"] == "published"


def test_cli_a_missing_model_is_a_one_line_error(article_file):
    result = CliRunner().invoke(main, ["summarize", str(article_file), "--backend", "llama"])
    assert result.exit_code == 2 and "--model-path" in result.output and "Traceback" not in result.output


def test_the_newsroom_stores_the_generation_and_the_review_policy_holds_llm_boxes(server, tmp_path):
    server.script[:] = [bullets(*GOOD)]
    options = {"base_url": server.base_url, "model": "scripted-1", "api_key": "test", "timeout": 2.0, "retries": 1, "cache": False}
    room = make_newsroom(tmp_path, backend="openai", llm=options, review_policy="generated", summarize_workers=1)
    try:
        stored, created = room.submit_article(parse_text(ARTICLE_TEXT, "text"))
        assert created and stored.status == "needs_review"
        assert stored.generation is not None and [b.origin for b in stored.generation.bullets] == ["model"] * 3
        queued = room.review_queue()
        assert queued[0].generation.model == "scripted-1" and queued[0].generation.prompt_tokens == 100
    finally:
        room.close()


def test_cli_check_with_the_judge_notes_the_models_probability(server, article_file, monkeypatch):
    monkeypatch.setenv("DARUMGEHTS_LLM__CACHE", "false")
    server.script[:] = [Reply("ja", logprobs={"ja": -0.05, "nein": -3.0})]
    result = CliRunner().invoke(main, ["check", str(article_file), "--bullet", INVENTED_NUMBER, "--judge", "--backend", "openai",
                                       "--base-url", server.base_url, "--model", "scripted-1"], env={"OPENAI_API_KEY": "test"})
    assert result.exit_code == 1, result.output  # the verdict stays the checker's
    assert "Das Sprachmodell hält die Aussage zu 95% für belegt" in result.output
    assert "«Die Jahreskarte wird um 40 Franken teurer.»" in server.requests[0]["messages"][0]["content"]


def test_cli_check_judge_needs_a_language_model(article_file):
    result = CliRunner().invoke(main, ["check", str(article_file), "--bullet", INVENTED_NUMBER, "--judge"])
    assert result.exit_code == 2 and "--backend openai or llama" in result.output


def test_cli_batch_sends_requests_concurrently_and_keeps_the_input_order(server, tmp_path, monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    monkeypatch.setenv("DARUMGEHTS_LLM__CACHE", "false")
    server.script[:] = [bullets(*GOOD) for _ in range(4)]
    body = "\n\n".join(ARTICLE_TEXT.split("\n\n")[1:])
    lines = [json.dumps({"id": f"a{i}", "title": f"Preise {i}", "text": body}, ensure_ascii=False) for i in range(4)]
    (tmp_path / "batch.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    result = CliRunner().invoke(main, ["summarize", str(tmp_path / "batch.jsonl"), "--backend", "openai", "--base-url", server.base_url,
                                       "--model", "scripted-1"])
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == ["a0", "a1", "a2", "a3"] and len(server.requests) == 4
    assert all(o["status"] == "published" and o["generation"]["bullets"][0]["origin"] == "model" for o in out)


def test_the_editor_queue_shows_where_each_bullet_came_from(server, tmp_path):
    from .conftest import auth, make_app_client
    from .test_editor_pages import login

    server.script[:] = [bullets(GOOD[0], INVENTED_NUMBER, GOOD[2]), bullets(GOOD[1])]
    options = {"base_url": server.base_url, "model": "scripted-1", "api_key": "test", "timeout": 2.0, "retries": 1, "cache": False}
    body = {"id": "zvv-preise", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT.split("\n", 2)[2]}
    with make_app_client(tmp_path, backend="openai", llm=options, review_policy="generated") as client:
        posted = client.post("/api/articles", json=body, headers=auth(client.tokens["ingest"]))
        assert posted.status_code == 201 and posted.json()["status"] == "needs_review"
        queue = client.get("/api/review/queue", headers=auth(client.token)).json()
        assert [b["origin"] for b in queue[0]["generation"]["bullets"]] == ["model", "repaired", "model"]
        login(client, client.token)
        page = client.get("/redaktion").text
        assert "Sprachmodell scripted-1" in page and "vom Modell, repariert" in page and INVENTED_NUMBER in page


def test_figures_over_boxes_count_rejections_repairs_and_fallbacks(server):
    from darumgehts.generate.figures import figures

    boxes = [box(server, bullets(*GOOD)),
             box(server, bullets(GOOD[0], INVENTED_NUMBER, GOOD[2]), bullets(GOOD[1])),
             box(server, bullets(GOOD[0], GOOD[1], SWAPPED_NAME), bullets(SWAPPED_NAME)),
             box(server, Reply(status=500), Reply(status=500))]
    f = figures(boxes)
    assert (f["boxes"], f["box_fallbacks"], f["model_bullets"], f["rejected"]) == (4, 1, 9, 2)
    assert f["rejected_by_kind"].keys() >= {"number", "name"} or f["rejected_by_kind"].keys() >= {"number"}
    assert (f["repairs"], f["repaired"], f["repair_success"]) == (2, 1, 0.5)
    assert f["bullets_by_origin"] == {"model": 7, "repaired": 1, "extractive": 4}
    assert f["unsupported_published"] == 0 and f["published_boxes"] == 4
