"""Reliability under faults and hostile input, on a running server (`darumgehts serve` as its own process, loopback).

- PostgreSQL restart under load: feedback is posted from 8 connections while PostgreSQL restarts. Every 201 must
  be in the database; requests during the outage get 503 with Retry-After, never a false 201; the app recovers by
  itself. Reports acknowledged against stored, refused, other answers and the recovery time.
- kill -9 of the server mid-burst, on SQLite and on PostgreSQL: acknowledged ⊆ stored, and the integrity check
  passes (SQLite's PRAGMA integrity_check; amcheck on PostgreSQL's indexes, and no dangling keys).
- Two server processes on one SQLite file, both taking writes: no «database is locked» (nor any other error) reaches
  a client.
- Fuzzing as a bounded job: tests/test_fuzz.py (hypothesis for the splitter, the number parser, the checker and
  ingest; schemathesis against the app's OpenAPI schema) with more examples, counted and timed.

Every loop is bounded in count and time; only 127.0.0.1 is used. PostgreSQL is started again at the end whatever
happens.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from .common import ROOT, free_port, wait_until_up

ARTICLE = "demo-seebruecke"
PG_ADMIN = os.environ.get("DARUMGEHTS_BENCH_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1/postgres")
PG_DB = "darumgehts_reliability"
PG_URL = f"postgresql://postgres@127.0.0.1/{PG_DB}"


def _cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def _pg_ready() -> bool:
    return subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"], check=False).returncode == 0


def ensure_postgres() -> None:
    """PostgreSQL running, whatever happened before."""
    if not _pg_ready():
        subprocess.run([*_cluster(), "start"], check=False, capture_output=True)
    for _ in range(60):
        if _pg_ready():
            return
        time.sleep(0.5)


def fresh_pg_database() -> str:
    ensure_postgres()
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {PG_DB}"))
    admin.dispose()
    return PG_URL


class Server:
    """`darumgehts serve --demo` in its own process, with a secret and settings of its own."""

    def __init__(self, url: str, folder: Path, demo: bool = True) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, DARUMGEHTS_FEEDBACK_PER_HOUR="100000000", DARUMGEHTS_SECRET_FILE=str(folder / "secret"),
                   PYTHONPATH=str(ROOT / "src"))
        self.log = open(folder / f"server-{self.port}.log", "wb")  # noqa: SIM115 - closed in stop()
        args = [sys.executable, "-m", "darumgehts.cli", "serve", "--port", str(self.port), "--db", url] + (["--demo"] if demo else [])
        self.proc = subprocess.Popen(args, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_until_up(f"{self.base}/api/articles/{ARTICLE}/summary", (200, 404), tries=1200)

    def summary_id(self) -> int:
        return httpx.get(f"{self.base}/api/articles/{ARTICLE}/summary").json()["summary_id"]

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.send_signal(signal.SIGKILL)
        else:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


class Burst:
    """Feedback posts from ``threads`` keep-alive connections, each with a unique comment, until stopped or
    ``limit`` posts; records every answer."""

    def __init__(self, ports: list[int], summary_id: int, threads: int = 8, limit: int = 200_000) -> None:
        self.ports, self.summary_id, self.threads, self.limit = ports, summary_id, threads, limit
        self.acknowledged: list[str] = []
        self.answers: list[tuple[float, str, int, str]] = []  # (time, comment, status, retry-after or body start)
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.sent = 0
        self.pool = [threading.Thread(target=self._work, args=(k,), daemon=True) for k in range(threads)]

    def start(self) -> Burst:
        for t in self.pool:
            t.start()
        return self

    def join(self) -> None:
        self.stop.set()
        for t in self.pool:
            t.join(timeout=60)

    def _work(self, k: int) -> None:
        port = self.ports[k % len(self.ports)]
        conn = None
        i = 0
        while not self.stop.is_set():
            with self.lock:
                if self.sent >= self.limit:
                    return
                self.sent += 1
            comment = f"t{k}-{i}-{port}"
            i += 1
            body = json.dumps({"helpful": True, "comment": comment}).encode()
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("POST", f"/api/summaries/{self.summary_id}/feedback", body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                data = response.read()
                status, note = response.status, response.getheader("Retry-After") or data[:120].decode("utf-8", "replace")
            except (OSError, http.client.HTTPException) as exc:
                conn = None
                status, note = 0, type(exc).__name__
                time.sleep(0.05)
            with self.lock:
                self.answers.append((time.monotonic(), comment, status, note))
                if status == 201:
                    self.acknowledged.append(comment)

    def codes(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for _, _, status, _ in self.answers:
            out[str(status)] = out.get(str(status), 0) + 1
        return out


def stored_comments(url: str) -> set[str]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        found = set(conn.execute(text("SELECT comment FROM feedback WHERE comment IS NOT NULL")).scalars())
    engine.dispose()
    return found


def integrity(url: str) -> str:
    """'ok' when the database is sound: SQLite's integrity check, or amcheck on PostgreSQL's B-tree indexes; and no
    feedback or event pointing at a summary that does not exist."""
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        if url.startswith("sqlite"):
            result = conn.execute(text("PRAGMA integrity_check")).scalar_one()
        else:
            conn.execute(text("CREATE EXTENSION IF NOT EXISTS amcheck"))
            indexes = conn.execute(text("SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                                        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
                                        "WHERE n.nspname = 'public' AND a.amname = 'btree'")).scalars().all()
            for index in indexes:
                conn.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": index})
            result = f"ok ({len(indexes)} indexes)"
        dangling = conn.execute(text("SELECT count(*) FROM feedback f LEFT JOIN summaries s ON s.id = f.summary_id WHERE s.id IS NULL")).scalar_one()
        conn.commit()
    engine.dispose()
    return result if dangling == 0 else f"{result}; {dangling} dangling feedback rows"


def pg_restart_under_load(folder: Path, seconds_before: float = 3.0, seconds_after: float = 10.0) -> dict:
    url = fresh_pg_database()
    server = Server(url, folder)
    try:
        burst = Burst([server.port], server.summary_id()).start()
        time.sleep(seconds_before)
        t_restart = time.monotonic()
        restart = subprocess.run([*_cluster(), "restart"], check=False, capture_output=True, timeout=120)
        t_back = time.monotonic()
        time.sleep(seconds_after)
        burst.join()
    finally:
        server.stop()
        ensure_postgres()
    stored = stored_comments(url)
    after = sorted((t, s) for t, _, s, _ in burst.answers if t >= t_restart)
    failed = [t for t, s in after if s != 201]
    recovered = next((t for t, s in after if s == 201 and t > failed[-1]), None) if failed else None
    refused = [a for a in burst.answers if a[2] == 503]
    return {
        "sent": len(burst.answers), "acknowledged": len(burst.acknowledged), "stored": len(stored),
        "acknowledged_not_stored": len(set(burst.acknowledged) - stored), "refused_503": len(refused),
        "refused_with_retry_after": sum(1 for a in refused if a[3].isdigit()), "codes": burst.codes(),
        "restart_command_seconds": round(t_back - t_restart, 2), "restart_rc": restart.returncode,
        # from the first refused request to the first 201 after the last refused one
        "outage_seconds": round(recovered - failed[0], 2) if recovered else None,
        # from the last refused request to the next 201: how long the app took to notice the database was back
        "recovery_seconds": round(recovered - failed[-1], 3) if recovered else None,
    }


def kill_mid_burst(folder: Path, kind: str, seconds: float = 4.0) -> dict:
    url = fresh_pg_database() if kind == "postgresql" else f"sqlite:///{folder / 'kill.sqlite'}"
    server = Server(url, folder)
    burst = Burst([server.port], server.summary_id()).start()
    time.sleep(seconds)
    server.stop(kill=True)
    burst.join()
    stored = stored_comments(url)
    return {"acknowledged": len(burst.acknowledged), "stored": len(stored),
            "acknowledged_not_stored": len(set(burst.acknowledged) - stored), "codes": burst.codes(), "integrity": integrity(url)}


def two_processes_one_sqlite(folder: Path, posts: int = 4000) -> dict:
    url = f"sqlite:///{folder / 'shared.sqlite'}"
    first = Server(url, folder)
    second = Server(url, folder, demo=False)
    try:
        start = time.monotonic()
        burst = Burst([first.port, second.port], first.summary_id(), threads=16, limit=posts).start()
        while burst.sent < posts and time.monotonic() - start < 300:
            time.sleep(0.2)
        burst.join()
        elapsed = time.monotonic() - start
    finally:
        first.stop()
        second.stop()
    locked = sum(1 for a in burst.answers if "locked" in a[3].lower())
    stored = stored_comments(url)
    return {"sent": len(burst.answers), "acknowledged": len(burst.acknowledged), "stored": len(stored),
            "acknowledged_not_stored": len(set(burst.acknowledged) - stored), "codes": burst.codes(),
            "database_is_locked": locked, "rate_per_s": round(len(burst.answers) / elapsed), "integrity": integrity(url)}


def fuzz(folder: Path, examples: int = 500, timeout: int = 900) -> dict:
    report = folder / "fuzz.json"
    env = dict(os.environ, DARUMGEHTS_FUZZ_EXAMPLES=str(examples), DARUMGEHTS_FUZZ_REPORT=str(report), PYTHONPATH=str(ROOT / "src"))
    start = time.monotonic()
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_fuzz.py")],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
        outcome = run.stdout.strip().splitlines()[-1] if run.stdout.strip() else run.stderr[-300:]
    except subprocess.TimeoutExpired:
        outcome = f"stopped after {timeout} s"
    data = json.loads(report.read_text()) if report.exists() else {"examples": {}, "seconds": {}}
    return {"examples_per_property": examples, "outcome": outcome, "wall_seconds": round(time.monotonic() - start, 1), **data}


def run() -> dict:
    folder = Path(tempfile.mkdtemp(prefix="darumgehts-reliability-"))
    out: dict = {}
    try:
        out["pg_restart"] = pg_restart_under_load(folder)
        out["kill_sqlite"] = kill_mid_burst(folder, "sqlite")
        out["kill_postgresql"] = kill_mid_burst(folder, "postgresql")
        out["two_processes_sqlite"] = two_processes_one_sqlite(folder)
        out["fuzz"] = fuzz(folder)
    finally:
        ensure_postgres()
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
