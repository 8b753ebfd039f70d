"""Bad input everywhere input enters: the CLI, the Python API, POST /api/articles, feedback, feeds and batch files.

Each case gets a clear 4xx or exit code 2, or a right answer. Never a 500, a traceback or a hang."""

import json
import time

import pytest
from click.testing import CliRunner

import darumgehts
from darumgehts.cli import main
from darumgehts.errors import DarumgehtsError
from darumgehts.ingest import read_data

from .conftest import ARTICLE_TEXT, auth, make_app_client

GERMAN = ARTICLE_TEXT.split("\n", 2)[2]
FRENCH = ("Le gouvernement a annoncé mardi que les impôts augmenteraient fortement l'année prochaine. "
          "Les syndicats ont critiqué cette décision et appellent à une grève générale dans tout le pays. ") * 3
ENGLISH = "The government announced on Tuesday that taxes will rise sharply next year, and unions called a strike. " * 5
NESTED = "<html><body>" + "<div>" * 10_000 + f"<p>{GERMAN}</p>" + "</div>" * 10_000 + "</body></html>"

# name -> (file name, content); the file name tells the CLI the format
CASES = {
    "empty": ("leer.txt", b""),
    "10 MB": ("gross.txt", b"Wort " * (2 * 1024 * 1024 + 1)),
    "1 MB sentence": ("satz.txt", ("Der " + "sehr " * 200_000 + "lange Satz endet hier.").encode()),
    "binary": ("bild.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR" + bytes(range(256)) * 8),
    "invalid UTF-8": ("kaputt.txt", GERMAN.encode()[:300] + b"\xff\xfe\xc3\x28" + GERMAN.encode()[300:]),
    "NUL": ("nul.txt", (GERMAN * 20).encode()[:9000] + b"\x00" + GERMAN.encode()),
    "RTL and zero-width": ("rtl.txt", GERMAN.replace("Preise", "Pre\u200bise").replace("SP", "\u202eSP\u202c ‏שלום‏").encode()),
    "French": ("fr.txt", FRENCH.encode()),
    "English": ("en.txt", ENGLISH.encode()),
    "HTML nested 10,000 deep": ("tief.html", NESTED.encode()),
    "all-script HTML": ("skript.html", ("<html><head><script>var a = 1;</script></head><body>" + "<script>x()</script>" * 500 + "</body></html>").encode()),
    "wrong JSON types": ("typen.json", json.dumps({"id": 5, "title": 123, "text": ["Ein Satz.", 3, {"text": 7}]}).encode()),
    "broken JSONL line": ("kaputt.jsonl", (json.dumps({"id": "a", "text": GERMAN}) + "\n{broken\n" + json.dumps({"id": "b", "text": GERMAN}) + "\n").encode()),
    "1'000'000'000'000": ("zahl.txt", GERMAN.replace("28 Millionen Franken", "1'000'000'000'000 Franken").encode()),
    "31. Februar": ("datum.txt", GERMAN.replace("am Mittwoch", "am 31. Februar").encode()),
}
RIGHT_ANSWERS = {"RTL and zero-width", "1'000'000'000'000", "31. Februar", "invalid UTF-8", "broken JSONL line"}
IDS = list(CASES)


def _text(content: bytes) -> str:
    return content.decode("utf-8", "replace")


@pytest.mark.parametrize("case", IDS)
def test_cli_summarize(tmp_path, case):
    name, content = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    start = time.monotonic()
    result = CliRunner().invoke(main, ["summarize", str(path), "--format", "json" if not name.endswith(".jsonl") else "jsonl"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and time.monotonic() - start < 60
    assert result.exit_code in (0, 2), result.output
    if case in RIGHT_ANSWERS:
        assert result.exit_code == 0, result.output
        if name.endswith(".jsonl"):  # the bad line gets its error, the others their boxes
            lines = [json.loads(line) for line in result.output.splitlines()]
            assert [("error" in line) for line in lines] == [False, True, False]
    else:
        assert result.exit_code == 2 and "Error: " in result.output


@pytest.mark.parametrize("case", ["1'000'000'000'000", "31. Februar", "NUL", "binary", "empty"])
def test_cli_check(tmp_path, case):
    name, content = CASES[case]
    path = tmp_path / name
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["check", str(path), "--bullet", "Der Verbund hat 1'000'000'000'000 Franken",
                                       "--bullet", "Am 31. Februar teilte es der Verbund mit"])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output
    assert (result.exit_code == 2) == (case in ("NUL", "binary", "empty"))


@pytest.mark.parametrize("case", IDS)
def test_python_api(case):
    _, content = CASES[case]
    try:
        box = darumgehts.summarize(_text(content))
    except DarumgehtsError as exc:
        assert str(exc) and case not in {"RTL and zero-width", "1'000'000'000'000", "31. Februar"}
    else:
        assert box.status in ("published", "needs_review")


@pytest.mark.parametrize("case", IDS)
def test_feeds_and_batch_files(settings, case):
    """A case as a feed entry and as a line of a batch file: an error for that item, never an exception."""
    _, content = CASES[case]
    text = _text(content)[:400_000].replace("]]>", "")
    feed = (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f'<item><guid>a</guid><title>Fall</title><description><![CDATA[{text}]]></description></item>'
            f'<item><guid>b</guid><title>Gut</title><description><![CDATA[{GERMAN}]]></description></item></channel></rss>')
    batch = json.dumps({"id": "a", "text": text}) + "\n" + json.dumps({"id": "b", "text": GERMAN}) + "\n"
    for data, name in ((feed.encode(), "feed.rss"), (batch.encode(), "batch.jsonl")):
        try:
            items = list(read_data(data, name, settings))
        except DarumgehtsError:
            continue  # the whole file refused with a clear message (too big)
        assert items[-1].article is not None, name  # the good item after the bad one still comes through


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with make_app_client(tmp_path_factory.mktemp("bad")) as c:
        c.sid = c.post("/api/articles", json={"id": "gut", "text": GERMAN}, headers=auth(c.tokens["ingest"])).json()["summary_id"]
        yield c


@pytest.mark.parametrize("case", IDS)
def test_post_article(client, case):
    name, content = CASES[case]
    headers = auth(client.tokens["ingest"])
    answers = [
        client.post("/api/articles?id=fall", content=content, headers={"Content-Type": "text/html", **headers}),
        client.post("/api/articles", content=b'{"id": "fall", "text": "' + content[:3_000_000] + b'"}',
                    headers={"Content-Type": "application/json", **headers}),
    ]
    if name.endswith((".json", ".jsonl")):
        answers.append(client.post("/api/articles", content=content, headers={"Content-Type": "application/json", **headers}))
    else:
        answers.append(client.post("/api/articles", json={"id": "fall", "text": _text(content)}, headers=headers))
    for r in answers:
        assert r.status_code in (200, 201, 400, 401, 413, 422), (r.status_code, r.text[:300])
        assert r.headers["content-type"].startswith("application/json") and r.json()["detail" if r.status_code >= 400 else "summary_id"]
    if case in {"1'000'000'000'000", "31. Februar"}:
        assert answers[-1].status_code in (200, 201)


@pytest.mark.parametrize("case", IDS)
def test_feedback(client, case):
    _, content = CASES[case]
    r = client.post(f"/api/summaries/{client.sid}/feedback", json={"helpful": False, "reason": "falsch", "comment": _text(content)[:5000]})
    assert r.status_code in (201, 413, 422, 429), r.text[:300]
    raw = client.post(f"/api/summaries/{client.sid}/feedback", content=content[:3_000_000], headers={"Content-Type": "application/json"})
    assert raw.status_code in (400, 413, 422), raw.text[:300]
