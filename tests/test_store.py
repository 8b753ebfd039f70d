"""The store and its rules, on a real SQLite file and on the machine's PostgreSQL server."""

import os
import threading

import pytest
from sqlalchemy import create_engine, text

from darumgehts.ingest import parse_text
from darumgehts.pipeline import Summarizer
from darumgehts.settings import load_settings
from darumgehts.store import Store
from darumgehts.store import service as svc

from .conftest import ARTICLE_TEXT

PG_ADMIN = os.environ.get("DARUMGEHTS_TEST_PG_ADMIN", "postgresql+psycopg://postgres@127.0.0.1/postgres")
PG_URL = os.environ.get("DARUMGEHTS_TEST_PG", "postgresql://postgres@127.0.0.1/darumgehts_test")


def _fresh_postgres() -> str:
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = 'darumgehts_test'")):
                conn.execute(text("CREATE DATABASE darumgehts_test"))
        admin.dispose()
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://"), isolation_level="AUTOCOMMIT")
        with engine.connect() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001
        if os.environ.get("CI"):
            raise
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN} ({exc}); .ci/run starts it")
    return PG_URL


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'darumgehts.sqlite'}" if request.param == "sqlite" else _fresh_postgres()
    s = Store.open(url)
    yield s
    s.close()


@pytest.fixture(scope="module")
def summarizer():
    return Summarizer.from_settings(load_settings(env={}))


def article(text=ARTICLE_TEXT, aid="zvv-preise"):
    art = parse_text(text, aid)
    art.id = aid
    return art


def test_migrated_on_open(store):
    assert store.tables() == ["alembic_version", "api_tokens", "article_versions", "articles", "feedback", "review_events", "summaries"]
    Store.open(str(store.engine.url.render_as_string(hide_password=False))).close()  # a second open migrates nothing


def test_submit_is_idempotent_and_versions_changed_content(store, summarizer):
    first, made = svc.submit_article(store, summarizer, article())
    assert made and first.status == "published" and len(first.bullets) == 3
    again, made = svc.submit_article(store, summarizer, article())
    assert not made and again.summary_id == first.summary_id
    changed = ARTICLE_TEXT.replace("um durchschnittlich 3,5 Prozent", "um durchschnittlich 4,5 Prozent")
    second, made = svc.submit_article(store, summarizer, article(changed))
    assert made and second.article_version == 2 and second.summary_id != first.summary_id
    old = svc.get_summary(store, first.summary_id)
    assert old.stale and old.status == "superseded"
    assert svc.published_summary(store, "zvv-preise").summary_id == second.summary_id


def test_review_policy_and_editor_versions_are_never_overwritten(store, summarizer):
    pending, _ = svc.submit_article(store, summarizer, article(), policy="review")
    assert pending.status == "needs_review"
    with pytest.raises(svc.NotFound, match="no published summary yet"):
        svc.published_summary(store, "zvv-preise")
    assert [s.summary_id for s in svc.review_queue(store)] == [pending.summary_id]
    edited = svc.edit(store, pending.summary_id, ["Die Jahreskarte wird um 40 Franken teurer", "Die SP kritisiert den Entscheid scharf"], "anna")
    assert edited.status == "published" and edited.reviewed and edited.created_by == "anna"
    assert svc.get_summary(store, pending.summary_id).status == "superseded"
    # the article changes: the machine's new box waits for review instead of replacing the editor's
    changed = ARTICLE_TEXT.replace("um 40 Franken teurer", "um 45 Franken teurer")
    fresh, _ = svc.submit_article(store, summarizer, article(changed))
    assert fresh.status == "needs_review"
    assert svc.published_summary(store, "zvv-preise").summary_id == edited.summary_id
    actions = [e["action"] for e in svc.history(store, "zvv-preise")]
    assert actions[:2] == ["create", "edit"] and "stale" in actions and actions[-1] == "create"


def test_edits_are_rechecked(store, summarizer):
    first, _ = svc.submit_article(store, summarizer, article())
    edited = svc.edit(store, first.summary_id, ["Die Jahreskarte wird um 400 Franken teurer"], "anna")
    assert edited.status == "needs_review"
    assert edited.bullets[0]["verdict"] == "contradicted"
    assert svc.published_summary(store, "zvv-preise").summary_id == first.summary_id
    approved = svc.approve(store, edited.summary_id, "chef", comment="bewusst so")
    assert approved.status == "published" and approved.reviewed
    rejected = svc.reject(store, first.summary_id, "chef") if svc.get_summary(store, first.summary_id).status != "superseded" else None
    assert rejected is None  # the approved edit superseded it
    with pytest.raises(svc.Conflict):
        svc.approve(store, first.summary_id, "chef")


def test_feedback_validated_rate_limited_and_counted(store, summarizer):
    box, _ = svc.submit_article(store, summarizer, article())
    assert svc.add_feedback(store, box.summary_id, False, "falsch", "Die Zahl stimmt nicht.", "10.0.0.1", "salz") > 0
    with pytest.raises(svc.InputError, match="Unknown reason 'schlecht'"):
        svc.add_feedback(store, box.summary_id, False, "schlecht", None, "10.0.0.1", "salz")
    with pytest.raises(svc.InputError, match="at most 1000"):
        svc.add_feedback(store, box.summary_id, True, None, "x" * 1001, "10.0.0.1", "salz")
    with pytest.raises(svc.NotFound):
        svc.add_feedback(store, 999999, True, None, None, "10.0.0.1", "salz")
    for _ in range(2):
        svc.add_feedback(store, box.summary_id, True, None, None, "10.0.0.2", "salz", limit_per_hour=2)
    with pytest.raises(svc.RateLimited):
        svc.add_feedback(store, box.summary_id, True, None, None, "10.0.0.2", "salz", limit_per_hour=2)
    stats = svc.feedback_stats(store)
    assert stats["total"] == 3 and stats["helpful"] == 2 and stats["reasons"]["falsch"] == 1
    with store.read() as session:
        hashes = [r[0] for r in session.execute(text("SELECT client_hash FROM feedback"))]
    assert "10.0.0.1" not in " ".join(hashes)  # no raw address is kept


def test_concurrent_feedback_is_never_lost(store, summarizer):
    box, _ = svc.submit_article(store, summarizer, article())
    errors = []

    def send(i):
        try:
            svc.add_feedback(store, box.summary_id, i % 2 == 0, None, None, f"10.1.{i}.1", "salz")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert svc.feedback_stats(store)["total"] == 40


def test_tokens(store):
    token = svc.create_token(store, "anna", "editor")
    assert svc.authenticate(store, token) == ("anna", "editor")
    assert svc.authenticate(store, token + "x") is None and svc.authenticate(store, None) is None
    with pytest.raises(svc.InputError, match="Unknown role"):
        svc.create_token(store, "x", "king")
