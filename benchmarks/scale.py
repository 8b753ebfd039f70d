"""Scale figures for `darumgehts batch` (issue 12): local vs Dask, 1 vs 2 workers, a command-line Dask cluster on
loopback, memory per worker, and a kill-and-resume run. Every run is the real command in its own process.

    python -m benchmarks.scale [ARTICLES] [DASK_ARTICLES]     # prints the figures as JSON

mlsum-de is repeated to ARTICLES articles; each copy gets its own id and a numbered title, so its content hash differs
and nothing is taken from a cache.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import data_file, machine

BIN = Path(sys.executable).parent
PARTITION = 100


def make_archive(n: int, path: Path) -> list[str]:
    """mlsum-de repeated to ``n`` articles (ids «ID~k», titles «… (k)»); returns the ids in order."""
    source = data_file("mlsum-de.jsonl.gz")
    if source is None:
        raise SystemExit("mlsum-de.jsonl.gz not found")
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        base = [json.loads(line) for line in fh if line.strip()]
    ids = []
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as out:
        for i in range(n):
            rec = dict(base[i % len(base)])
            copy = i // len(base)
            rec["id"] = f"{rec['id']}~{copy}"
            rec["title"] = f"{rec.get('title') or ''} ({copy})"
            ids.append(rec["id"])
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return ids


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def batch(archive: Path, out: Path, *args: str) -> dict:
    """One `darumgehts batch` run from scratch; the run report plus wall time and the load before it."""
    shutil.rmtree(Path(str(out) + ".parts"), ignore_errors=True)
    out.unlink(missing_ok=True)
    load = _load()
    started = time.perf_counter()
    subprocess.run([str(BIN / "darumgehts"), "batch", str(archive), "--out", str(out), "--no-progress",
                    "--partition-size", str(PARTITION), *args], check=True, capture_output=True, text=True)
    report = json.loads(Path(str(out) + ".report.json").read_text("utf-8"))
    report["wall_seconds"] = round(time.perf_counter() - started, 2)
    report["load_before"] = load
    report["rss_mb_per_worker"] = sorted(report.pop("worker_rss_mb").values())
    return report


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_cluster(archive: Path, out: Path) -> dict:
    """`dask scheduler` and two `dask worker` processes started from the command line on loopback."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    procs = [subprocess.Popen([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)]
    try:
        time.sleep(3)
        for _ in range(2):
            procs.append(subprocess.Popen([str(BIN / "dask"), "worker", address, "--nworkers", "1", "--nthreads", "1",
                                           "--no-dashboard", "--memory-limit", "0"],
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        time.sleep(5)
        report = batch(archive, out, "--engine", "dask", "--scheduler", address)
        report["scheduler"] = address
        return report
    finally:
        for proc in reversed(procs):
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def resume(archive: Path, out: Path, ids: list[str]) -> dict:
    """Kill a local run (SIGKILL, the whole process group) when half of its partitions are written, run it again."""
    parts = Path(str(out) + ".parts")
    shutil.rmtree(parts, ignore_errors=True)
    out.unlink(missing_ok=True)
    total_parts = -(-len(ids) // PARTITION)
    cmd = [str(BIN / "darumgehts"), "batch", str(archive), "--out", str(out), "--no-progress", "--partition-size", str(PARTITION)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    while proc.poll() is None and len(list(parts.glob("part-*.jsonl"))) < total_parts // 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    kept = len(list(parts.glob("part-*.jsonl")))
    started = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - started
    report = json.loads(Path(str(out) + ".report.json").read_text("utf-8"))
    with open(out, encoding="utf-8") as fh:
        got = [json.loads(line)["id"] for line in fh]
    return {"partitions": total_parts, "partitions_written_before_kill": kept, "skipped_on_rerun": report["partitions_skipped"],
            "summarized_on_rerun": report["summarized"], "rerun_seconds": round(wall, 2), "output_lines": len(got),
            "duplicates": len(got) - len(set(got)), "complete_and_in_order": got == ids}


def run(n: int = 50_000, n_dask: int = 10_000) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="darumgehts-scale-"))
    try:
        big, small = tmp / "archiv.jsonl.gz", tmp / "archiv-klein.jsonl.gz"
        make_archive(n, big)
        small_ids = make_archive(n_dask, small)
        figures: dict = {"machine": machine(), "articles": n, "dask_articles": n_dask, "partition": PARTITION}
        figures["local_2"] = batch(big, tmp / "local2.jsonl", "--workers", "2")
        figures["small_local_1"] = batch(small, tmp / "l1.jsonl", "--workers", "1")
        figures["small_local_2"] = batch(small, tmp / "l2.jsonl", "--workers", "2")
        figures["small_dask_1"] = batch(small, tmp / "d1.jsonl", "--engine", "dask", "--workers", "1")
        figures["small_dask_2"] = batch(small, tmp / "d2.jsonl", "--engine", "dask", "--workers", "2")
        figures["small_cli_cluster"] = cli_cluster(small, tmp / "c2.jsonl")
        same = [(tmp / name).read_bytes() == (tmp / "l1.jsonl").read_bytes() for name in ("l2.jsonl", "d1.jsonl", "d2.jsonl", "c2.jsonl")]
        figures["outputs_identical"] = all(same)
        figures["resume"] = resume(small, tmp / "resume.jsonl", small_ids)
        return figures
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    print(json.dumps(run(*args), ensure_ascii=False))
