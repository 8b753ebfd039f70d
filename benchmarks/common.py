"""Helpers shared by the benchmark scripts."""

from __future__ import annotations

import gzip
import json
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("DARUMGEHTS_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "benchmarks" / "out"


def data_file(name: str) -> Path | None:
    path = DATA / name
    return path if path.exists() else None


def records(name: str, limit: int | None = None) -> list[dict]:
    path = data_file(name)
    if path is None:
        return []
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            out.append(json.loads(line))
            if limit and len(out) >= limit:
                break
    return out


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.system()}"
