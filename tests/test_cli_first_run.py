"""A first run without surprises: several sources in one run, errors that name the file, a busy port, the token's
database, click's errors in our wording, --help that says the same things the same way."""

import json
import re
import socket

import pytest
from click.testing import CliRunner

from darumgehts.cli import main

from .conftest import FIXTURES, PG_URL

PAGES = FIXTURES / "pages"


def run(*args, **kwargs):
    return CliRunner().invoke(main, list(args), prog_name="darumgehts", **kwargs)


def test_several_sources_an_unreadable_one_gets_an_error_line_and_the_run_goes_on(tmp_path):
    pdf = tmp_path / "bericht.pdf"
    pdf.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    beef = tmp_path / "chip.de.beef.html"
    crypt = tmp_path / "chip.de.bestcrypt.html"
    beef.write_bytes((PAGES / "nzz.ch.zinsen-snb.html").read_bytes())
    crypt.write_bytes((PAGES / "tagesschau.de.bahn-streik.html").read_bytes())
    result = run("summarize", str(beef), str(pdf), str(tmp_path / "fehlt.html"), str(crypt), "--format", "json")
    assert result.exit_code == 2
    assert f"Error: {pdf} is a PDF, not text." in result.stderr
    assert f"Error: {tmp_path / 'fehlt.html'}: no such file." in result.stderr
    boxes = json.loads(result.stdout)
    assert [b["id"] for b in boxes] == ["chip.de.beef", "chip.de.bestcrypt"]


def test_ids_stay_unique_over_a_run(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for folder in ("a", "b"):
        (tmp_path / folder / "artikel.html").write_bytes((PAGES / "nzz.ch.zinsen-snb.html").read_bytes())
    result = run("summarize", str(tmp_path / "a" / "artikel.html"), str(tmp_path / "b" / "artikel.html"), "--format", "jsonl")
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["artikel", "artikel-2"]


def test_an_unreadable_source_in_a_jsonl_run_is_a_jsonl_error_line(tmp_path):
    good = tmp_path / "gut.jsonl"
    good.write_text(json.dumps({"id": "g1", "text": (FIXTURES / "soldaten.md").read_text("utf-8")}) + "\n", "utf-8")
    result = run("summarize", str(tmp_path / "fehlt.jsonl"), str(good))
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0] == {"id": str(tmp_path / "fehlt.jsonl"), "error": f"{tmp_path / 'fehlt.jsonl'}: no such file."}
    assert lines[1]["id"] == "g1" and lines[1]["bullets"]


def test_serve_on_a_busy_port_is_one_clear_error_before_any_url():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run("serve", "--port", str(port), "--demo")
    assert result.exit_code == 2
    assert result.output == f"Error: Port {port} on 127.0.0.1 is already in use; stop the other server or choose another port with --port.\n"


def test_a_database_that_does_not_exist_is_one_clear_line():
    url = PG_URL.rsplit("/", 1)[0] + "/darumgehts_gibt_es_nicht"
    result = run("token", "list", "--db", url)
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()[1:]
    assert line == (f'Error: Cannot open the database {url}: database "darumgehts_gibt_es_nicht" does not exist. '
                    "Create it first (PostgreSQL: createdb NAME) or fix the database_url setting.")


def test_summarize_html_uses_templates_dir_from_the_config(tmp_path):
    templates = tmp_path / "vorlagen"
    templates.mkdir()
    (templates / "box.html").write_text('<aside class="hausbox">{{ heading }}</aside>', "utf-8")
    config = tmp_path / "darumgehts.toml"
    config.write_text(f'templates_dir = "{templates}"\n', "utf-8")
    result = run("summarize", str(FIXTURES / "soldaten.md"), "--format", "html", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == '<aside class="hausbox">Darum gehts</aside>'


@pytest.mark.parametrize("args, message", [
    (["summarize", "--nopex"], "Error: No such option '--nopex'. See 'darumgehts summarize --help'."),
    (["summarize"], "Error: Missing argument 'SOURCES...'. See 'darumgehts summarize --help'."),
    (["summarize", "x.md", "--bullets", "9"], "Error: Invalid value for '--bullets': 9 is not in the range 1<=x<=8. See 'darumgehts summarize --help'."),
    (["nonesuch"], "Error: No such command 'nonesuch'. See 'darumgehts --help'."),
    (["token", "create"], "Error: Missing argument 'NAME'. See 'darumgehts token create --help'."),
    (["check", str(FIXTURES / "soldaten.md")],
     "Error: --bullet or --bullets-file is required: give the bullets to check with --bullet TEXT or --bullets-file FILE."),
])
def test_usage_errors_are_one_line_in_our_wording(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.output == message + "\n"


def _commands(group=main, path=()):
    import click

    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name)


@pytest.mark.parametrize("command", list(_commands()), ids=" ".join)
def test_help_has_config_and_writes_defaults_one_way(command):
    text = run(*command, "--help", env={"COLUMNS": "300"}).output
    assert "--config" in text
    assert not re.search(r"\(default[ :]", text), "defaults are written [default: …]"


def test_help_says_what_check_requires_and_marks_the_default_style():
    assert "--bullet or --bullets-file is required" in run("check", "--help").output
    assert "[default: blick (the style setting)]" in run("summarize", "--help", env={"COLUMNS": "300"}).output
    assert re.search(r"^blick .*\(default\)$", run("styles").output, re.M)


def test_errors_name_the_file_as_given_for_check_too(tmp_path):
    bullets = tmp_path / "punkte.json"
    bullets.write_text("[1, 2]", "utf-8")
    result = run("check", str(FIXTURES / "soldaten.md"), "--bullets-file", str(bullets))
    assert result.exit_code == 2 and result.output == f"Error: {bullets} must be a JSON list of strings.\n"
    pdf = tmp_path / "artikel.pdf"
    pdf.write_bytes(b"%PDF-1.4\n" + bytes(range(200)))
    result = run("check", str(pdf), "--bullet", "Etwas")
    assert result.exit_code == 2 and result.output.startswith(f"Error: {pdf} is a PDF, not text.")
