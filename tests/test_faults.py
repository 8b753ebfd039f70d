"""Concurrency and faults, small and fast (the heavy runs are in benchmarks/reliability.py): concurrent posts of one
article, the feedback limit under concurrency, the migration lock, two processes on one SQLite file, and
database connections killed mid-burst."""

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, text

from .conftest import ARTICLE_TEXT, PG_URL, auth, database_url, fresh_postgres, make_live_server

BODY = {"id": "zvv-preise", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT.split("\n", 2)[2]}
SRC = str(Path(__file__).resolve().parent.parent / "src")


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request):
    return request.param


def count(room, table: str) -> int:
    with room.store.read() as session:
        return session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_concurrent_posts_of_one_article_make_one_box(db, tmp_path):
    """Issue 9: 40 posts at once (5 of 40 failed on PostgreSQL, and the same content made 7 boxes)."""
    with make_live_server(tmp_path, db, summarize_workers=4, summarize_queue=40) as (base, room):
        headers = auth(room.tokens["ingest"])
        with httpx.Client(timeout=60) as client, ThreadPoolExecutor(20) as pool:
            answers = list(pool.map(lambda _: client.post(f"{base}/api/articles", json=BODY, headers=headers), range(40)))
        codes = sorted(r.status_code for r in answers)
        assert codes == [200] * 39 + [201], [r.text for r in answers if r.status_code not in (200, 201)][:3]
        assert len({r.json()["summary_id"] for r in answers}) == 1
        assert count(room, "summaries") == 1 and count(room, "article_versions") == 1


def test_the_feedback_limit_holds_under_concurrency(db, tmp_path):
    """Issue 11: 100 parallel posts from one address got 24 to 28 through a limit of 20 on PostgreSQL."""
    with make_live_server(tmp_path, db, feedback_per_hour=20) as (base, room):
        sid = httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"])).json()["summary_id"]
        with httpx.Client(timeout=60) as client, ThreadPoolExecutor(25) as pool:
            codes = list(pool.map(lambda _: client.post(f"{base}/api/summaries/{sid}/feedback", json={"helpful": True}).status_code,
                                  range(100)))
        assert codes.count(201) == 20 and codes.count(429) == 80
        assert count(room, "feedback") == 20


OPEN = "import sys; from darumgehts.store import Store; Store.open(sys.argv[1]).close()"


@pytest.mark.parametrize("rounds", [3])
def test_workers_starting_at_once_migrate_one_at_a_time(db, tmp_path, rounds):
    """Issue 12: two workers starting on a fresh PostgreSQL database; in one of three runs one died."""
    for i in range(rounds):
        folder = tmp_path / str(i)
        folder.mkdir()
        url = database_url(db, folder)
        procs = [subprocess.Popen([sys.executable, "-c", OPEN, url], env={"PYTHONPATH": SRC}, stderr=subprocess.PIPE) for _ in range(2)]
        errors = [p.communicate(timeout=120)[1].decode() for p in procs]
        assert [p.returncode for p in procs] == [0, 0], errors


WRITER = """
import sys, threading
from darumgehts.newsroom import Newsroom
from darumgehts.settings import load_settings
from darumgehts.store import Store
url, secret, sid, tag = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
room = Newsroom(load_settings(env={}, database_url=url, secret_file=secret, feedback_per_hour=10**6), Store.open(url))
errors = []
def send(k):
    for i in range(50):
        try:
            room.add_feedback(sid, True, None, None, f"10.{tag}.{k}.{i}")
        except Exception as exc:
            errors.append(repr(exc))
threads = [threading.Thread(target=send, args=(k,)) for k in range(4)]
[t.start() for t in threads]; [t.join() for t in threads]
print("\\n".join(errors)); sys.exit(1 if errors else 0)
"""


def test_two_processes_on_one_sqlite_file(tmp_path):
    """No «database is locked»: every write waits for the lock (BEGIN IMMEDIATE), in another process too."""
    with make_live_server(tmp_path) as (base, room):
        sid = httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"])).json()["summary_id"]
        url = room.settings.database_url
        procs = [subprocess.Popen([sys.executable, "-c", WRITER, url, str(tmp_path / "secret"), str(sid), str(n)], env={"PYTHONPATH": SRC},
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT) for n in range(2)]
        with httpx.Client(timeout=60) as client, ThreadPoolExecutor(4) as pool:  # and this server writes meanwhile
            codes = list(pool.map(lambda i: client.post(f"{base}/api/summaries/{sid}/feedback", json={"helpful": True},
                                                        headers={}).status_code, range(20)))
        outputs = [p.communicate(timeout=120)[0].decode() for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outputs
        assert codes == [201] * 20
        assert count(room, "feedback") == 2 * 200 + 20


def test_lost_database_connections_give_503_never_a_false_201(tmp_path):
    """The database goes away mid-burst (its connections are killed): refused requests get 503 with Retry-After,
    every 201 is stored, and the service recovers by itself."""
    with make_live_server(tmp_path, "postgresql", feedback_per_hour=10**6) as (base, room):
        sid = httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"])).json()["summary_id"]
        admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        acknowledged, refused, stop = [], [], threading.Event()

        def send(k):
            with httpx.Client(timeout=30) as client:
                for i in range(60):
                    r = client.post(f"{base}/api/summaries/{sid}/feedback", json={"helpful": True, "comment": f"{k}-{i}"})
                    if r.status_code == 201:
                        acknowledged.append(f"{k}-{i}")
                    else:
                        assert r.status_code == 503 and r.headers["retry-after"], r.text
                        refused.append(f"{k}-{i}")

        def kill():
            while not stop.is_set():
                with admin.connect() as conn:
                    conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                      "WHERE datname = :db AND pid <> pg_backend_pid()"), {"db": PG_URL.rsplit("/", 1)[1]})
                stop.wait(0.05)

        killer = threading.Thread(target=kill)
        killer.start()
        try:
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(send, range(8)))
        finally:
            stop.set()
            killer.join()
            admin.dispose()
        with room.store.read() as session:
            stored = set(session.execute(text("SELECT comment FROM feedback")).scalars())
        print(f"acknowledged {len(acknowledged)}, refused {len(refused)}")
        assert set(acknowledged) <= stored and len(acknowledged) + len(refused) == 480
        assert httpx.post(f"{base}/api/summaries/{sid}/feedback", json={"helpful": True}).status_code == 201  # recovered


def test_fresh_postgres_is_reachable():
    assert fresh_postgres().startswith("postgresql://")
