"""The JSON API in-process (ASGI), on SQLite and on the machine's PostgreSQL."""

import pytest
from fastapi.testclient import TestClient

from darumgehts.serve import create_app
from darumgehts.settings import load_settings
from darumgehts.store import Store
from darumgehts.store import service as svc

from .conftest import ARTICLE_TEXT, FIXTURES
from .test_store import _fresh_postgres

BODY = {"id": "zvv-preise", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT.split("\n", 2)[2]}


@pytest.fixture(params=["sqlite", "postgresql"])
def client(request, tmp_path):
    url = f"sqlite:///{tmp_path / 'api.sqlite'}" if request.param == "sqlite" else _fresh_postgres()
    settings = load_settings(env={}, database_url=url, feedback_per_hour=3)
    store = Store.open(url)
    with TestClient(create_app(settings, store)) as c:
        c.store = store
        c.token = svc.create_token(store, "anna", "editor")
        yield c
    store.close()


def auth(c):
    return {"Authorization": f"Bearer {c.token}"}


def test_post_article_then_read_the_box(client):
    r = client.post("/api/articles", json=BODY)
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["status"] == "published" and len(data["bullets"]) == 3
    assert all(b["verdict"] == "supported" for b in data["bullets"])
    assert client.post("/api/articles", json=BODY).status_code == 200  # idempotent
    box = client.get("/api/articles/zvv-preise/summary")
    assert box.status_code == 200
    assert box.json()["heading"] == "Darum gehts" and box.json()["reviewed"] is False
    assert box.json()["disclaimer"].startswith("Die künstliche Intelligenz")
    assert "max-age" in box.headers["cache-control"]
    assert client.get("/api/articles/zvv-preise/summary", headers={"If-None-Match": box.headers["etag"]}).status_code == 304
    assert client.get("/api/articles/nope/summary").status_code == 404


def test_raw_html_article(client):
    html = (FIXTURES / "artikel.html").read_text("utf-8")
    r = client.post("/api/articles?id=bahn", content=html.encode(), headers={"Content-Type": "text/html"})
    assert r.status_code == 201, r.text
    assert client.get("/api/articles/bahn/summary").status_code == 200


@pytest.mark.parametrize("body, status, message", [
    ({"id": "x", "text": "zu kurz"}, 422, "words"),
    ({"id": "x", "text": "The government announced on Tuesday that taxes will rise sharply next year. " * 5}, 422, "does not look like German"),
    ({"id": "x", "text": "Ein Text.", "colour": "red"}, 422, "Extra inputs"),
    ({"id": "bad id with spaces", "text": "x"}, 422, "pattern"),
])
def test_bad_articles_get_clear_errors(client, body, status, message):
    r = client.post("/api/articles", json=body)
    assert r.status_code == status and message in r.text


def test_feedback_is_stored_validated_and_rate_limited(client):
    sid = client.post("/api/articles", json=BODY).json()["summary_id"]
    r = client.post(f"/api/summaries/{sid}/feedback", json={"helpful": False, "reason": "falsch", "comment": "<b>Zahl</b> falsch"})
    assert r.status_code == 201 and r.json()["thanks"]
    assert client.post(f"/api/summaries/{sid}/feedback", json={"helpful": True, "reason": "super"}).status_code == 422
    assert client.post(f"/api/summaries/{sid}/feedback", json={"helpful": True, "comment": "x" * 1001}).status_code == 422
    assert client.post("/api/summaries/99999/feedback", json={"helpful": True}).status_code == 404
    codes = [client.post(f"/api/summaries/{sid}/feedback", json={"helpful": True}).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    stats = client.get("/api/feedback/stats", headers=auth(client)).json()
    assert stats["total"] == 3 and stats["reasons"]["falsch"] == 1


def test_editor_routes_need_a_token_and_work(client):
    settings_review = client.app.state.darumgehts.settings.model_copy(update={"review_policy": "review"})
    client.app.state.darumgehts.settings = settings_review
    sid = client.post("/api/articles", json=BODY).json()["summary_id"]
    assert client.get("/api/articles/zvv-preise/summary").status_code == 404  # waits for review
    assert client.get("/api/review/queue").status_code == 401
    assert client.get("/api/review/queue", headers={"Authorization": "Bearer falsch"}).status_code == 401
    queue = client.get("/api/review/queue", headers=auth(client)).json()
    assert [q["summary_id"] for q in queue] == [sid]
    ok = client.post(f"/api/summaries/{sid}/approve", json={"comment": "passt"}, headers=auth(client))
    assert ok.status_code == 200 and ok.json()["status"] == "published" and ok.json()["reviewed"]
    box = client.get("/api/articles/zvv-preise/summary").json()
    assert box["reviewed"] and box["disclaimer"] == "KI-generiert, redaktionell geprüft"
    edited = client.put(f"/api/summaries/{sid}/bullets", json={"bullets": ["Die Jahreskarte wird um 400 Franken teurer"]},
                        headers=auth(client))
    assert edited.status_code == 200 and edited.json()["status"] == "needs_review"
    assert edited.json()["bullets"][0]["verdict"] == "contradicted"
    assert client.post(f"/api/summaries/{edited.json()['summary_id']}/reject", headers=auth(client)).json()["status"] == "rejected"
    actions = [e["action"] for e in client.get("/api/articles/zvv-preise/history", headers=auth(client)).json()]
    assert actions == ["create", "approve", "edit", "reject"]


def test_body_limit_and_openapi(client):
    client.app.state.darumgehts.settings = client.app.state.darumgehts.settings.model_copy(update={"max_body_bytes": 100})
    big = client.post("/api/articles", json={"id": "x", "text": "y" * 500})
    assert big.status_code == 413 and "over 100 bytes" in big.text
    spec = client.get("/openapi.json").json()
    assert "/api/articles" in spec["paths"] and "/api/summaries/{summary_id}/feedback" in spec["paths"]
