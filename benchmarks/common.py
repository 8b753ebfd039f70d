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


def wait_until_up(url: str, ok: tuple[int, ...] = (200,), tries: int = 600) -> None:
    """Poll ``url`` every 0.1 s until it answers with one of the ``ok`` status codes (a server starting)."""
    import time

    import httpx

    for _ in range(tries):
        try:
            if httpx.get(url, timeout=1).status_code in ok:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server did not start")


def free_port() -> int:
    """A free TCP port on loopback, for a server the benchmark starts."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
