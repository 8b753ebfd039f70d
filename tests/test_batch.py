"""darumgehts batch: real files in and out, real worker processes, a real Dask LocalCluster, a real crash."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from darumgehts.batch import run_batch
from darumgehts.cli import main

from .conftest import ARTICLE_TEXT, FIXTURES


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def _records() -> list[dict]:
    """The fictional test articles, each a few times under its own id and title, and two bad ones."""
    base = [json.loads(line) for line in (FIXTURES / "boxen.jsonl").read_text("utf-8").splitlines() if line.strip()]
    base.append({"id": "verkehr", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT})
    out = []
    for copy in range(3):
        for rec in base:
            out.append({**rec, "id": f"{rec['id']}-{copy}", "title": f"{rec.get('title') or ''} ({copy})"})
    out.insert(5, {"id": "kurz", "text": "Zu kurz für eine Zusammenfassung."})
    return out


@pytest.fixture
def archive(tmp_path) -> Path:
    path = tmp_path / "archiv.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in _records()]
    lines.insert(9, "{not json")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines()


def test_batch_writes_what_summarize_writes_in_input_order(archive, tmp_path, settings):
    out = tmp_path / "boxen.jsonl"
    report = run_batch([str(archive)], out, settings, workers=2, partition_size=4)
    expected = run("summarize", archive, "--format", "jsonl").output.splitlines()
    got = _lines(out)
    assert [json.loads(x)["id"] for x in got] == [json.loads(x)["id"] for x in expected]
    assert got[:9] + got[10:] == expected[:9] + expected[10:]  # byte for byte, except the bad line's name
    assert "not valid JSON" in json.loads(got[9])["error"]
    assert report.articles == len(got) == report.written and report.errors == 2 and report.summarized == len(got) - 2
    assert report.partitions == 6 and report.articles_per_hour > 0
    saved = json.loads((tmp_path / "boxen.jsonl.report.json").read_text("utf-8"))
    assert saved["written"] == len(got) and set(saved) >= {"articles", "errors", "seconds", "articles_per_hour", "worker_rss_mb"}


def test_rerun_summarizes_nothing_again_and_a_changed_article_once(archive, tmp_path, settings):
    out = tmp_path / "boxen.jsonl"
    run_batch([str(archive)], out, settings, workers=1, partition_size=4)
    first = _lines(out)
    again = run_batch([str(archive)], out, settings, workers=1, partition_size=4)
    assert again.summarized == 0 and again.partitions_skipped == again.partitions and _lines(out) == first
    lines = archive.read_text("utf-8").splitlines()
    rec = json.loads(lines[2])
    rec["text"] += "\n\nDer Entscheid fiel am Abend mit grosser Mehrheit."
    lines[2] = json.dumps(rec, ensure_ascii=False)
    archive.write_text("\n".join(lines) + "\n", "utf-8")
    changed = run_batch([str(archive)], out, settings, workers=1, partition_size=4)
    assert changed.summarized == 1 and changed.reused == changed.articles - 1
    assert changed.partitions_skipped == changed.partitions - 1
    assert len(_lines(out)) == len(first)


def test_another_style_is_made_anew(archive, tmp_path, settings):
    out = tmp_path / "boxen.jsonl"
    run_batch([str(archive)], out, settings, workers=1, partition_size=8)
    other = run_batch([str(archive)], out, settings.model_copy(update={"style": "20min"}), workers=1, partition_size=8)
    assert other.partitions_skipped == 0 and other.summarized == other.articles - other.errors
    assert {json.loads(x).get("style") for x in _lines(out)} == {"20min", None}


def test_duplicates_in_the_input_are_written_once(tmp_path, settings):
    src = tmp_path / "doppelt.jsonl"
    rec = json.dumps({"id": "v", "title": "Preise", "text": ARTICLE_TEXT}, ensure_ascii=False)
    src.write_text("\n".join([rec, rec, rec]) + "\n", "utf-8")
    report = run_batch([str(src)], tmp_path / "out.jsonl", settings, workers=1, partition_size=2)
    assert report.written == 1 and report.duplicates == 2


def test_parquet_in_and_out_and_a_folder_of_html(tmp_path, settings):
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    records = _records()[:6]
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "archiv.parquet")
    pages = tmp_path / "seiten"
    pages.mkdir()
    (pages / "b-artikel.html").write_text((FIXTURES / "artikel.html").read_text("utf-8"), "utf-8")
    (pages / "a-kaputt.htm").write_bytes(b"\x00\x01binary")
    out = tmp_path / "boxen.parquet"
    report = run_batch([str(tmp_path / "archiv.parquet"), str(pages)], out, settings, workers=1, partition_size=3)
    table = pq.read_table(out).to_pylist()
    assert [r["id"] for r in table] == [r["id"] for r in records] + ["a-kaputt", "b-artikel"]
    assert report.written == 8 and report.errors == 2
    assert "binary" in table[6]["error"] and table[6]["bullets"] is None
    good = table[0]
    assert good["style"] == "blick" and len(json.loads(good["bullets"])) == 3 and good["error"] is None


def test_dask_local_cluster_gives_the_same_output(archive, tmp_path, settings):
    pytest.importorskip("distributed")
    local, dask = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    run_batch([str(archive)], local, settings, workers=1, partition_size=5)
    report = run_batch([str(archive)], dask, settings, engine="dask", workers=2, partition_size=5)
    assert _lines(dask) == _lines(local)
    assert report.engine == "dask" and len(report.worker_rss_mb) >= 1


def test_a_killed_run_resumes_without_losing_or_repeating_articles(tmp_path):
    src = tmp_path / "gross.jsonl"
    rows = [{"id": f"v{i}", "title": f"Preise {i}", "text": ARTICLE_TEXT} for i in range(60)]
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", "utf-8")
    out = tmp_path / "boxen.jsonl"
    cmd = [sys.executable, "-m", "darumgehts.cli", "batch", str(src), "--out", str(out), "--workers", "1", "--partition-size", "2"]
    env = {**os.environ, "DARUMGEHTS_CONFIG": "", "HOME": str(tmp_path)}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    parts = Path(str(out) + ".parts")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("part-*.jsonl"))) < 5:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = len(list(parts.glob("part-*.jsonl")))
    assert 5 <= done < 30 and not out.exists()
    result = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    ids = [json.loads(x)["id"] for x in _lines(out)]
    assert ids == [r["id"] for r in rows]
    report = json.loads(Path(str(out) + ".report.json").read_text("utf-8"))
    assert report["partitions_skipped"] >= done and report["summarized"] <= 60 - 2 * done


def test_cli_batch_and_its_errors(archive, tmp_path):
    out = tmp_path / "boxen.jsonl"
    result = run("batch", archive, "--out", out, "--workers", "1", "--no-progress")
    assert result.exit_code == 0, result.output
    assert "articles written" in result.output and out.exists()
    missing = run("batch", tmp_path / "fehlt.jsonl", "--out", out)
    assert missing.exit_code == 2 and "no such file" in missing.output and "Traceback" not in missing.output
    wrong = run("batch", archive, "--out", tmp_path / "boxen.csv")
    assert wrong.exit_code == 2 and "JSONL" in wrong.output
    nosched = run("batch", archive, "--out", out, "--scheduler", "tcp://127.0.0.1:1")
    assert nosched.exit_code == 2 and "--engine dask" in nosched.output


def _partition_lines(settings, texts: list[str], kind: str = "json") -> list[dict]:
    from darumgehts.batch.sources import Unit
    from darumgehts.batch.work import Task, summarize_partition

    units = [Unit(kind, f"x:{i}", t if kind == "json" else t.encode("utf-8", "surrogatepass")) for i, t in enumerate(texts)]
    result = summarize_partition(settings, Task(0, units, [u.fingerprint() for u in units]))
    assert len(result.lines) == len(units) == len(result.ids)
    return [json.loads(line) for line in result.lines]


def test_any_line_gives_one_output_line_never_an_exception(settings):
    from hypothesis import HealthCheck, given
    from hypothesis import settings as hsettings
    from hypothesis import strategies as st

    record = st.fixed_dictionaries({"id": st.one_of(st.text(max_size=5), st.integers(), st.none()),
                                    "text": st.one_of(st.text(max_size=300), st.lists(st.text(max_size=20), max_size=3), st.integers())})
    line = st.one_of(st.text(max_size=200), record.map(json.dumps), st.just(json.dumps({"id": "v", "text": ARTICLE_TEXT})))

    @hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(line, min_size=1, max_size=4), st.sampled_from(["json", "html"]))
    def check(texts, kind):
        for out in _partition_lines(settings, texts, kind):
            assert "id" in out and ("error" in out) != ("bullets" in out)

    check()
