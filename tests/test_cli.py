import gzip
import json
import re

from click.testing import CliRunner

from darumgehts.cli import main

from .conftest import ARTICLE_TEXT, FIXTURES


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_text_box_as_a_reader_sees_it(article_file):
    result = run("summarize", str(article_file))
    assert result.exit_code == 0, result.output
    assert "┃ Darum gehts" in result.output
    assert result.output.count("┃ • ") == 3
    assert "Mehr erfahren · Feedback senden" in result.output


def test_json_output_shape(article_file):
    result = run("summarize", str(article_file), "--format", "json", "--bullets", "2", "--style", "20min")
    data = json.loads(result.output)
    assert set(data) >= {"id", "title", "heading", "bullets", "disclaimer", "style", "backend", "version"}
    assert len(data["bullets"]) == 2 and data["style"] == "20min" and data["backend"] == "extractive"
    b = data["bullets"][0]
    assert b["verdict"] == "supported" and b["problems"] == [] and set(b["sources"][0]) == {"sentence", "start", "end"}


def test_jsonl_in_jsonl_out_same_order_with_errors(tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [{"id": "a", "title": "T", "text": ARTICLE_TEXT}, {"id": "b", "text": "zu kurz"}, {"id": "c", "text": ARTICLE_TEXT}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    result = run("summarize", str(path))
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert [x["id"] for x in lines] == ["a", "b", "c"]
    assert "error" in lines[1] and "words" in lines[1]["error"]
    assert len(lines[0]["bullets"]) == 3


def test_workers_keep_order_and_errors(tmp_path):
    path = tmp_path / "batch.jsonl"
    rows = [{"id": f"a{i}", "title": "T", "text": ARTICLE_TEXT} if i % 7 else {"id": f"a{i}", "text": "kurz"} for i in range(40)]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    serial = run("summarize", str(path)).output.splitlines()
    parallel = run("summarize", str(path), "--workers", "2").output.splitlines()
    assert parallel == serial
    assert [json.loads(x)["id"] for x in parallel] == [r["id"] for r in rows]
    assert "error" in json.loads(parallel[0])


def test_html_stdin_and_formats():
    html = (FIXTURES / "artikel.html").read_text("utf-8")
    result = run("summarize", "-", "--format", "html", input=html)
    assert result.exit_code == 0, result.output
    assert 'class="darumgehts-box"' in result.output and "Mehr anzeigen" in result.output
    assert "alte Zusammenfassung" not in result.output


def test_feed_source_gives_one_box_per_good_entry():
    result = run("summarize", str(FIXTURES / "feed.rss"), "--format", "jsonl")
    lines = [json.loads(x) for x in result.output.splitlines()]
    assert lines[0]["id"] == "demo-bern-velo" and len(lines[0]["bullets"]) == 3
    assert "error" in lines[1]


def test_eval_with_report(tmp_path):
    path = tmp_path / "gold.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(json.dumps({"id": f"g{i}", "title": "Preise steigen", "text": ARTICLE_TEXT.split("\n", 2)[2],
                                 "summary": ["Die Verkehrsbetriebe Zürich erhöhen die Preise um 3,5 Prozent.",
                                             "Die SP kritisiert den Entscheid."]}) + "\n")
    report = tmp_path / "r.html"
    result = run("eval", str(path), "--baselines", "lead3,sumy-lexrank", "--report", str(report), "--json-out", str(tmp_path / "r.json"))
    assert result.exit_code == 0, result.output
    assert "darumgehts (extractive)" in result.output and "lead3" in result.output and "sumy-lexrank" in result.output
    assert "check: 9/9 bullets supported" in result.output
    assert "data:image/png;base64," in report.read_text("utf-8")
    figures = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert 0 < figures["systems"]["lead3"]["rougeL"]["mean"] <= 1


def test_eval_never_feeds_a_lead_that_is_the_reference(tmp_path):
    from darumgehts.evaluate import prepare
    from darumgehts.models import Article, Paragraph

    art = Article("x", lead="Der Lead ist die Referenz.", paragraphs=[Paragraph("Text.")], reference=["Der Lead ist die Referenz."])
    assert prepare(art).lead is None


def test_listing_commands():
    assert "blick" in run("styles").output and "de-DE" in run("styles").output
    assert "extractive" in run("backends").output


def test_demo_writes_a_page(tmp_path):
    result = run("demo", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "index.html").read_text("utf-8")
    assert page.count('class="darumgehts-box"') >= 3
    # it works on its own: CSS and script inside, unique ids, a feedback form with an action
    assert "<style>" in page and "customElements.define" in page and "<link" not in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids)) and 'action=""' not in page


def test_token_create_list_revoke(tmp_path):
    from darumgehts.newsroom import access
    from darumgehts.store import Store

    db = f"sqlite:///{tmp_path / 'tokens.sqlite'}"
    runner = CliRunner()
    made = runner.invoke(main, ["token", "create", "cms", "--role", "ingest", "--db", db])
    assert made.exit_code == 0 and made.stdout.startswith("dg_")
    assert made.stderr == f"Database: {db}\n"  # says which database it wrote to
    token = made.stdout.strip()
    listed = runner.invoke(main, ["token", "list", "--db", db])
    assert listed.exit_code == 0 and "cms" in listed.output and "ingest" in listed.output and "active" in listed.output
    assert token not in listed.output  # never the token itself
    store = Store.open(db)
    assert access.authenticate(store, token).role == "ingest"
    revoked = runner.invoke(main, ["token", "revoke", "1", "--db", db])
    assert revoked.exit_code == 0 and "Revoked token 1 (cms, ingest)" in revoked.output
    assert access.authenticate(store, token) is None and "revoked" in runner.invoke(main, ["token", "list", "--db", db]).output
    missing = runner.invoke(main, ["token", "revoke", "99", "--db", db])
    assert missing.exit_code == 2 and "No token 99" in missing.output
    bad = runner.invoke(main, ["token", "create", "x", "--role", "king", "--db", db])
    assert bad.exit_code == 2 and "Traceback" not in bad.output
    store.close()


def test_token_create_without_db_uses_the_database_url_setting_like_serve(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = CliRunner().invoke(main, ["token", "create", "cms"])
    assert made.exit_code == 0 and made.stdout.startswith("dg_")
    assert made.stderr == f"Database: sqlite:///{tmp_path / 'darumgehts.sqlite'}\n"
    assert (tmp_path / "darumgehts.sqlite").exists()
