"""The JSON API in-process (ASGI), on SQLite and on the machine's PostgreSQL. One app per configuration."""

import pytest

from .conftest import ARTICLE_TEXT, FIXTURES, auth, make_app_client

BODY = {"id": "zvv-preise", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT.split("\n", 2)[2]}


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request):
    return request.param


@pytest.fixture
def client(db, tmp_path):
    with make_app_client(tmp_path, db, feedback_per_hour=3) as c:
        yield c


def ingest(c):
    return auth(c.tokens["ingest"])


def test_post_article_then_read_the_box(client):
    r = client.post("/api/articles", json=BODY, headers=ingest(client))
    assert r.status_code == 201, r.text
    data = r.json()
    assert data["status"] == "published" and len(data["bullets"]) == 3
    assert all(b["verdict"] == "supported" for b in data["bullets"])
    assert client.post("/api/articles", json=BODY, headers=ingest(client)).status_code == 200  # idempotent
    box = client.get("/api/articles/zvv-preise/summary")
    assert box.status_code == 200
    assert box.json()["heading"] == "Darum gehts" and box.json()["reviewed"] is False and box.json()["stale"] is False
    assert box.json()["disclaimer"].startswith("Die künstliche Intelligenz")
    assert [v for v, _ in box.json()["reasons"]] == ["falsch", "unvollständig", "unverständlich", "irreführend", "anderes"]
    assert "max-age" in box.headers["cache-control"] and box.headers["x-content-type-options"] == "nosniff"
    assert client.get("/api/articles/zvv-preise/summary", headers={"If-None-Match": box.headers["etag"]}).status_code == 304
    assert client.get("/api/articles/nope/summary").status_code == 404


def test_raw_html_article(client):
    html = (FIXTURES / "artikel.html").read_text("utf-8")
    r = client.post("/api/articles?id=bahn", content=html.encode(), headers={"Content-Type": "text/html", **ingest(client)})
    assert r.status_code == 201, r.text
    assert client.get("/api/articles/bahn/summary").status_code == 200


@pytest.mark.parametrize("body, status, message", [
    ({"id": "x", "text": "zu kurz"}, 422, "words"),
    ({"id": "x", "text": "The government announced on Tuesday that taxes will rise sharply next year. " * 5}, 422, "does not look like German"),
    ({"id": "x", "text": "Ein Text.", "colour": "red"}, 422, "Extra inputs"),
    ({"id": "bad id with spaces", "text": "x"}, 422, "an article id is"),
    ({"id": "a/b", "text": "x"}, 422, "an article id is"),
])
def test_bad_articles_get_clear_errors(client, body, status, message):
    r = client.post("/api/articles", json=body, headers=ingest(client))
    assert r.status_code == status and message in r.text


def test_feedback_is_stored_validated_and_rate_limited(client):
    sid = client.post("/api/articles", json=BODY, headers=ingest(client)).json()["summary_id"]
    r = client.post(f"/api/summaries/{sid}/feedback", json={"helpful": False, "reason": "falsch", "comment": "<b>Zahl</b> falsch"})
    assert r.status_code == 201 and r.json()["thanks"]
    assert client.post(f"/api/summaries/{sid}/feedback", json={"helpful": True, "reason": "super"}).status_code == 422
    assert client.post(f"/api/summaries/{sid}/feedback", json={"helpful": True, "comment": "x" * 1001}).status_code == 422
    assert client.post(f"/api/summaries/{sid}/feedback", json={"helpful": "yes"}).status_code == 422  # never silently true
    assert client.post("/api/summaries/99999/feedback", json={"helpful": True}).status_code == 404
    codes = [client.post(f"/api/summaries/{sid}/feedback", json={"helpful": True}).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    stats = client.get("/api/feedback/stats", headers=auth(client.token)).json()
    assert stats["total"] == 3 and stats["reasons"]["falsch"] == 1


def test_editor_routes_need_a_token_and_work(db, tmp_path):
    with make_app_client(tmp_path, db, review_policy="review") as client:
        sid = client.post("/api/articles", json=BODY, headers=ingest(client)).json()["summary_id"]
        assert client.get("/api/articles/zvv-preise/summary").status_code == 404  # waits for review
        assert client.get("/api/review/queue").status_code == 401
        assert client.get("/api/review/queue", headers={"Authorization": "Bearer falsch"}).status_code == 401
        assert client.get("/api/review/queue", headers=ingest(client)).status_code == 403  # ingest may not review
        queue = client.get("/api/review/queue", headers=auth(client.token)).json()
        assert [q["summary_id"] for q in queue] == [sid]
        ok = client.post(f"/api/summaries/{sid}/approve", json={"comment": "passt"}, headers=auth(client.token))
        assert ok.status_code == 200 and ok.json()["status"] == "published" and ok.json()["reviewed"]
        box = client.get("/api/articles/zvv-preise/summary").json()
        assert box["reviewed"] and box["disclaimer"] == "KI-generiert, redaktionell geprüft"
        edited = client.put(f"/api/summaries/{sid}/bullets", json={"bullets": ["Die Jahreskarte wird um 400 Franken teurer"]},
                            headers=auth(client.token))
        assert edited.status_code == 200 and edited.json()["status"] == "needs_review"
        assert edited.json()["bullets"][0]["verdict"] == "contradicted"
        assert client.post(f"/api/summaries/{edited.json()['summary_id']}/reject", headers=auth(client.token)).json()["status"] == "rejected"
        withdrawn = client.post(f"/api/summaries/{sid}/withdraw", headers=auth(client.token))
        assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
        assert client.get("/api/articles/zvv-preise/summary").status_code == 404
        events = client.get("/api/articles/zvv-preise/history", headers=auth(client.token)).json()
        assert [e["action"] for e in events] == ["create", "approve", "edit", "reject", "withdraw"]
        assert events[2]["after"] == ["Die Jahreskarte wird um 400 Franken teurer"]


def test_body_limit_and_openapi(db, tmp_path):
    with make_app_client(tmp_path, db, max_body_bytes=100) as client:
        big = client.post("/api/articles", json={"id": "x", "text": "y" * 500}, headers=ingest(client))
        assert big.status_code == 413 and "over 100 bytes" in big.text
        spec = client.get("/openapi.json").json()
        assert "/api/articles" in spec["paths"] and "/api/summaries/{summary_id}/feedback" in spec["paths"]
