"""Whole-process speed: `darumgehts summarize` against sumy-LexRank on the same 1,000 mlsum-de articles.

    python -m benchmarks.speed [N] [--rounds R] [--golden FILE]

Every run is a fresh process (imports, dictionary, reading the gzip, writing JSON lines), measured with
wait4: wall seconds, CPU seconds (user + system, the process and its workers) and peak RSS. The systems
alternate, R rounds, and the medians are compared in the same run (the machine is shared and noisy: the
CPU ratio is the steadier one). ``--golden FILE`` compares darumgehts' output with a recorded one byte
for byte. One short article: `darumgehts summarize` of a packaged demo article, wall and peak RSS.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

from .common import ROOT, records

BIN = Path(sys.executable).parent


# GNU time starts the command from a small process: a child forked from this (large) one would report this
# process's peak RSS as its own (Linux keeps the high-water mark across fork and exec).
TIME = Path("/usr/bin/time")


def measure(cmd: list[str], stdout, env: dict | None = None) -> dict:
    """Run ``cmd`` to completion; its wall and CPU seconds (with its children) and peak RSS (largest process)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        wrapped = [str(TIME), "-f", "%M", "-o", rss.name, *cmd] if TIME.exists() else cmd
        t0 = time.perf_counter()
        proc = subprocess.Popen(wrapped, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        err = proc.stderr.read().decode() if proc.stderr else ""
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-500:]}")
        kb = int(rss.read().strip().splitlines()[-1]) if TIME.exists() else usage.ru_maxrss
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": kb / 1024}


SYSTEMS = {
    "darumgehts": lambda f: [str(BIN / "darumgehts"), "summarize", f, "--format", "jsonl", "--workers", "1"],
    "darumgehts --workers 0": lambda f: [str(BIN / "darumgehts"), "summarize", f, "--format", "jsonl", "--workers", "0"],
    "sumy-lexrank": lambda f: [sys.executable, "-m", "benchmarks.sumy_cli", f],
}


# SPEED_BEFORE_SRC: the src folder of an earlier checkout (git archive COMMIT | tar -x), run as a fourth system
BEFORE = os.environ.get("SPEED_BEFORE_SRC")


def run(n: int = 1000, rounds: int = 3, golden: Path | None = None) -> dict:
    rows = records("mlsum-de.jsonl.gz", n)
    if not rows:
        return {}
    systems = dict(SYSTEMS)
    envs: dict[str, dict | None] = dict.fromkeys(systems)
    if BEFORE:
        systems["darumgehts before"] = SYSTEMS["darumgehts"]
        envs["darumgehts before"] = {**os.environ, "PYTHONPATH": BEFORE}
    out: dict = {"articles": len(rows), "rounds": rounds, "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory(prefix="darumgehts-speed-") as tmp:
        data = Path(tmp) / "mlsum-de-slice.jsonl"
        data.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        runs: dict[str, list[dict]] = {name: [] for name in systems}
        identical = None
        for _ in range(rounds):
            for name, cmd in systems.items():
                target = Path(tmp) / f"out-{name.split()[-1]}.jsonl"
                with open(target, "wb") as fh:
                    runs[name].append(measure(cmd(str(data)), fh, envs[name]))
            if golden is not None:
                outs = [Path(tmp) / f"out-{k}.jsonl" for k in ("darumgehts", "0", "before")]
                same = all(o.read_bytes() == golden.read_bytes() for o in outs if o.exists())
                identical = same if identical is None else identical and same
        demo = resources.files("darumgehts").joinpath("data", "demo")
        short = sorted((p for p in demo.iterdir() if p.name.endswith(".md")), key=lambda p: len(p.read_text("utf-8")))[0]
        one = Path(tmp) / short.name
        one.write_text(short.read_text("utf-8"), "utf-8")
        singles = [measure([str(BIN / "darumgehts"), "summarize", str(one)], subprocess.DEVNULL) for _ in range(rounds)]
        sumy_one = Path(tmp) / "one.jsonl"
        sumy_one.write_text(json.dumps({"id": "one", "text": short.read_text("utf-8")}, ensure_ascii=False) + "\n", "utf-8")
        sumy_singles = [measure(SYSTEMS["sumy-lexrank"](str(sumy_one)), subprocess.DEVNULL) for _ in range(rounds)]
    for name, r in runs.items():
        out[name] = {k: statistics.median(x[k] for x in r) for k in ("wall", "cpu", "rss_mb")}
        out[name]["runs"] = r
    base = out["sumy-lexrank"]
    for name in [k for k in runs if k.startswith("darumgehts")]:
        out[name]["wall_ratio"] = base["wall"] / out[name]["wall"]
        out[name]["cpu_ratio"] = base["cpu"] / out[name]["cpu"]
    out["one_article"] = {"file": short.name, "chars": len(short.read_text("utf-8")),
                          "wall": statistics.median(x["wall"] for x in singles), "cpu": statistics.median(x["cpu"] for x in singles),
                          "rss_mb": max(x["rss_mb"] for x in singles),
                          "sumy_wall": statistics.median(x["wall"] for x in sumy_singles),
                          "sumy_rss_mb": max(x["rss_mb"] for x in sumy_singles)}
    out["identical_to_golden"] = identical
    out["load"] = os.getloadavg()
    return out


def main() -> None:
    args = sys.argv[1:]
    n = int(args[0]) if args and args[0].isdigit() else 1000
    rounds = int(args[args.index("--rounds") + 1]) if "--rounds" in args else 3
    golden = Path(args[args.index("--golden") + 1]) if "--golden" in args else None
    print(json.dumps(run(n, rounds, golden), indent=1))


if __name__ == "__main__":
    main()
