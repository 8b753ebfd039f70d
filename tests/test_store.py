"""The store and the newsroom's rules, on a real SQLite file and on the machine's PostgreSQL server."""

import threading

import pytest
from sqlalchemy import text

from darumgehts.errors import Conflict, InputError, NotFound, RateLimited
from darumgehts.ingest import parse_text
from darumgehts.models import Bullet, Problem, SourceSpan
from darumgehts.newsroom import Newsroom
from darumgehts.settings import load_settings
from darumgehts.store import Store
from darumgehts.store.convert import bullets_from_json, bullets_to_json

from .conftest import ARTICLE_TEXT, database_url

TABLES = ["alembic_version", "api_tokens", "article_versions", "articles", "feedback", "model_versions", "review_events", "sessions", "summaries"]


@pytest.fixture(params=["sqlite", "postgresql"])
def make_room(request, tmp_path):
    """make_room(**settings) -> a Newsroom on a fresh database of the parametrized kind."""
    url = database_url(request.param, tmp_path)
    made = []

    def make(**overrides):
        settings = load_settings(env={}, database_url=url, secret_file=str(tmp_path / "secret"), **overrides)
        made.append(Newsroom(settings, Store.open(url)))
        return made[-1]

    yield make
    for room in made:
        room.close()
        room.store.close()


@pytest.fixture
def room(make_room):
    return make_room()


def article(text=ARTICLE_TEXT, aid="zvv-preise"):
    art = parse_text(text, aid)
    art.id = aid
    return art


def test_migrated_on_open(room):
    store = room.store
    assert store.tables() == TABLES
    Store.open(str(store.engine.url.render_as_string(hide_password=False))).close()  # a second open migrates nothing


def test_keys_are_64_bit(room):
    if room.store.sqlite:
        return  # SQLite's INTEGER keys are 64-bit
    with room.store.read() as session:
        types = dict(session.execute(text("SELECT table_name || '.' || column_name, data_type FROM information_schema.columns "
                                          "WHERE column_name IN ('id', 'summary_id', 'parent_id', 'token_id')")).all())
    assert types["summaries.id"] == types["feedback.summary_id"] == types["summaries.parent_id"] == "bigint"


def test_bullets_round_trip_typed(room):
    bullet = Bullet("Die Jahreskarte wird teurer", "unsupported", [SourceSpan(1, 2, 3)],
                    [Problem("number", "40", "msg", 4, 6, "error", "unsupported", (SourceSpan(2, 0, 5),))], [SourceSpan(2, 0, 5)])
    assert bullets_from_json(bullets_to_json([bullet])) == [bullet]


def test_submit_is_idempotent_and_versions_changed_content(room):
    first, made = room.submit_article(article())
    assert made and first.status == "published" and len(first.bullets) == 3
    assert isinstance(first.bullets[0], Bullet) and first.bullets[0].evidence
    again, made = room.submit_article(article())
    assert not made and again.summary_id == first.summary_id
    changed = ARTICLE_TEXT.replace("um durchschnittlich 3,5 Prozent", "um durchschnittlich 4,5 Prozent")
    second, made = room.submit_article(article(changed))
    assert made and second.article_version == 2 and second.summary_id != first.summary_id
    old = room.summary(first.summary_id)
    assert old.stale and old.status == "superseded"
    assert room.published_summary("zvv-preise").summary_id == second.summary_id


def test_review_policy_and_editor_versions_are_never_overwritten(make_room):
    room = make_room(review_policy="review", stale_reviewed="unlabel")
    pending, _ = room.submit_article(article())
    assert pending.status == "needs_review"
    with pytest.raises(NotFound, match="no published summary"):
        room.published_summary("zvv-preise")
    assert [s.summary_id for s in room.review_queue()] == [pending.summary_id]
    edited = room.edit(pending.summary_id, ["Die Jahreskarte wird um 40 Franken teurer", "Die SP kritisiert den Entscheid scharf"], "anna")
    assert edited.status == "published" and edited.reviewed and edited.created_by == "anna"
    assert room.summary(pending.summary_id).status == "superseded"
    # the article changes: the machine's new box waits; the editor's stays up, stale and without its label (unlabel)
    changed = ARTICLE_TEXT.replace("um 40 Franken teurer", "um 45 Franken teurer")
    fresh, _ = room.submit_article(article(changed))
    assert fresh.status == "needs_review"
    shown = room.published_summary("zvv-preise")
    assert shown.summary_id == edited.summary_id and shown.stale and not shown.labelled_reviewed
    with pytest.raises(Conflict, match="older version"):
        room.approve(edited.summary_id, "chef")
    actions = [e.action for e in room.history("zvv-preise")]
    assert actions[:2] == ["create", "edit"] and "stale" in actions and actions[-1] == "create"


def test_a_changed_article_withdraws_the_reviewed_box(room):
    """«rund 1500» became «150»: the approved box must not stay up labelled as reviewed (stale_reviewed=withdraw)."""
    text = ARTICLE_TEXT.replace("Rund 11'000", "Rund 1500")
    first, _ = room.submit_article(article(text))
    room.approve(first.summary_id, "chef")
    assert room.published_summary("zvv-preise").labelled_reviewed
    second, made = room.submit_article(article(text.replace("Rund 1500", "Rund 150")))
    assert made and room.summary(first.summary_id).status == "withdrawn"
    shown = room.published_summary("zvv-preise")
    assert shown.summary_id == second.summary_id and not shown.reviewed  # the new machine box, labelled as such
    with pytest.raises(Conflict, match="withdrawn"):
        room.approve(first.summary_id, "chef")


def test_edits_are_rechecked(room):
    first, _ = room.submit_article(article())
    edited = room.edit(first.summary_id, ["Die Jahreskarte wird um 400 Franken teurer"], "anna")
    assert edited.status == "needs_review"
    assert edited.bullets[0].verdict == "contradicted"
    assert room.published_summary("zvv-preise").summary_id == first.summary_id
    approved = room.approve(edited.summary_id, "chef", comment="bewusst so")
    assert approved.status == "published" and approved.reviewed
    assert room.summary(first.summary_id).status == "superseded"
    with pytest.raises(Conflict):
        room.approve(first.summary_id, "chef")
    with pytest.raises(InputError, match="at most 300"):
        room.edit(approved.summary_id, ["x" * 301], "anna")


def test_feedback_validated_rate_limited_and_counted(make_room):
    room = make_room(feedback_per_hour=2)
    box, _ = room.submit_article(article())
    assert room.add_feedback(box.summary_id, False, "falsch", "Die Zahl stimmt nicht.", "10.0.0.1") > 0
    with pytest.raises(InputError, match="Unknown reason 'schlecht'"):
        room.add_feedback(box.summary_id, False, "schlecht", None, "10.0.0.1")
    with pytest.raises(InputError, match="at most 1000"):
        room.add_feedback(box.summary_id, True, None, "x" * 1001, "10.0.0.1")
    with pytest.raises(NotFound):
        room.add_feedback(999999, True, None, None, "10.0.0.1")
    for _ in range(2):
        room.add_feedback(box.summary_id, True, None, None, "10.0.0.2")
    with pytest.raises(RateLimited):
        room.add_feedback(box.summary_id, True, None, None, "10.0.0.2")
    stats = room.feedback_stats()
    assert stats["total"] == 3 and stats["helpful"] == 2 and stats["reasons"]["falsch"] == 1
    with room.store.read() as session:
        hashes = [r[0] for r in session.execute(text("SELECT client_hash FROM feedback"))]
    assert "10.0.0.1" not in " ".join(hashes)  # no raw address is kept


def test_feedback_only_for_published_boxes(make_room):
    room = make_room(review_policy="review")
    pending, _ = room.submit_article(article())
    with pytest.raises(NotFound) as waiting:
        room.add_feedback(pending.summary_id, True, None, None, "10.0.0.1")
    with pytest.raises(NotFound) as missing:
        room.add_feedback(pending.summary_id + 1000, True, None, None, "10.0.0.1")
    # the same answer either way: which ids exist is not revealed
    assert str(waiting.value).replace(str(pending.summary_id), "N") == str(missing.value).replace(str(pending.summary_id + 1000), "N")


def test_concurrent_feedback_is_never_lost(room):
    box, _ = room.submit_article(article())
    errors = []

    def send(i):
        try:
            room.add_feedback(box.summary_id, i % 2 == 0, None, None, f"10.1.{i}.1")
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert room.feedback_stats()["total"] == 40


def test_tokens_and_sessions(make_room):
    room = make_room(session_hours=1)
    token = room.create_token("anna", "editor")
    who = room.authenticate(token)
    assert (who.name, who.role) == ("anna", "editor") and who.may("review") and not who.may("admin")
    assert room.authenticate(token + "x") is None and room.authenticate(None) is None
    with pytest.raises(InputError, match="Unknown role"):
        room.create_token("x", "king")
    assert room.login(room.create_token("cms", "ingest")) is None  # ingest tokens cannot log in to the pages
    sid, _ = room.login(token)
    assert room.session(sid).name == "anna" and room.session(sid + "x") is None
    with room.store.read() as session:
        stored = session.execute(text("SELECT id_hash FROM sessions")).scalars().all()
    assert sid not in stored  # only a hash of the session id is kept
    room.revoke_token(who.token_id)
    assert room.authenticate(token) is None and room.session(sid) is None
    assert [t.revoked for t in room.list_tokens()] == [True, False]
