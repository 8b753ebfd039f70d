"""Load test of the running service on loopback.

Starts `darumgehts serve --demo` on a free port (SQLite file), then:
- GET /api/articles/{id}/summary: closed loop (16 connections, 8 s) for the
  maximum rate, and an open loop at a fixed 1,000 requests/s (8 s) for
  p50/p99 latency at that rate;
- POST /api/summaries/{id}/feedback: 3,000 posts from 16 connections, then
  the rows are counted in the database: sent, acknowledged (201) and stored
  must agree.

The load generator is http.client on threads in this process (one keep-alive
connection per thread); the server is a separate process. Both share the machine's 2 cores, so the figures are a
floor. Every loop is bounded in count and time, and only 127.0.0.1 is used.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from darumgehts.store import Store
from darumgehts.store.tables import FeedbackRow

from .common import free_port, wait_until_up

ARTICLE = "demo-seebruecke"


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


class _Conn(threading.local):
    """One keep-alive HTTP/1.1 connection per thread (http.client: little client-side CPU)."""

    def get(self, port: int) -> http.client.HTTPConnection:
        if getattr(self, "conn", None) is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        return self.conn


def _request(local: _Conn, port: int, method: str, path: str, body: bytes | None = None) -> int:
    conn = local.get(port)
    headers = {"Content-Type": "application/json"} if body else {}
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        return response.status
    except (OSError, http.client.HTTPException):
        local.conn = None
        return 0


def _in_threads(target, count: int, args=lambda k: ()) -> float:
    """Run ``target`` in ``count`` threads; return the seconds it took."""
    start = time.perf_counter()
    pool = [threading.Thread(target=target, args=args(k)) for k in range(count)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return time.perf_counter() - start


def closed_loop(port: int, path: str, threads: int = 16, seconds: float = 8.0) -> dict:
    latencies: list[float] = []
    errors = [0]
    local = _Conn()
    deadline = time.perf_counter() + seconds

    def worker():
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            status = _request(local, port, "GET", path)
            latencies.append(time.perf_counter() - t0)
            errors[0] += status != 200

    elapsed = _in_threads(worker, threads)
    return {"requests": len(latencies), "rps": len(latencies) / elapsed, "p50_ms": _percentile(latencies, 0.5) * 1000,
            "p99_ms": _percentile(latencies, 0.99) * 1000, "errors": errors[0]}


def open_loop(port: int, path: str, rate: int = 1000, seconds: float = 8.0, threads: int = 32) -> dict:
    """Requests sent on a fixed schedule; latency counts from the scheduled time (no coordinated omission)."""
    latencies: list[float] = []
    errors = [0]
    local = _Conn()
    total = int(rate * seconds)
    start = time.perf_counter() + 0.2

    def worker(k: int):
        for i in range(k, total, threads):
            scheduled = start + i / rate
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            if time.perf_counter() - start > seconds * 3:
                errors[0] += 1  # far behind schedule: count, don't wait forever
                continue
            status = _request(local, port, "GET", path)
            latencies.append(time.perf_counter() - scheduled)
            errors[0] += status != 200

    _in_threads(worker, threads, args=lambda k: (k,))
    elapsed = time.perf_counter() - start
    return {"target_rps": rate, "requests": total, "achieved_rps": len(latencies) / elapsed,
            "p50_ms": _percentile(latencies, 0.5) * 1000, "p99_ms": _percentile(latencies, 0.99) * 1000, "errors": errors[0]}


def feedback_burst(port: int, summary_id: int, total: int = 3000, threads: int = 16) -> dict:
    acknowledged = [0]
    local = _Conn()
    counter = iter(range(total))
    lock = threading.Lock()

    def worker():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            body = json.dumps({"helpful": i % 3 != 0, "reason": "falsch" if i % 3 == 0 else None}).encode()
            if _request(local, port, "POST", f"/api/summaries/{summary_id}/feedback", body) == 201:
                with lock:
                    acknowledged[0] += 1

    elapsed = _in_threads(worker, threads)
    return {"sent": total, "acknowledged": acknowledged[0], "rate_per_s": total / elapsed}


def run() -> dict:
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="darumgehts-bench-"))
    url = f"sqlite:///{folder / 'bench.sqlite'}"
    env = dict(os.environ, DARUMGEHTS_FEEDBACK_PER_HOUR="1000000", DARUMGEHTS_DATABASE_URL=url)
    exe = Path(sys.executable).with_name("darumgehts")
    log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed in finally; a pipe nobody reads would block the server
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port), "--demo"], env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{base}/api/articles/{ARTICLE}/summary")
        summary_id = httpx.get(f"{base}/api/articles/{ARTICLE}/summary").json()["summary_id"]
        path = f"/api/articles/{ARTICLE}/summary"
        result = {
            "get_closed": closed_loop(port, path),
            "get_open_1000": open_loop(port, path),
            "feedback": feedback_burst(port, summary_id),
        }
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
    store = Store.open(url)
    with store.read() as session:
        from sqlalchemy import func, select

        stored = session.scalar(select(func.count(FeedbackRow.id)))
    store.close()
    result["feedback"]["stored"] = stored
    result["feedback"]["lost"] = result["feedback"]["acknowledged"] - stored
    return result


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
