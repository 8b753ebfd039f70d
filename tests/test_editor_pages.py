"""The newsroom's pages: log in with a token, review the queue, see feedback."""

import pytest
from fastapi.testclient import TestClient

from darumgehts.serve import create_app
from darumgehts.settings import load_settings
from darumgehts.store import Store
from darumgehts.store import service as svc

from .conftest import ARTICLE_TEXT

BODY = {"id": "zvv-preise", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT.split("\n", 2)[2]}


@pytest.fixture
def client(tmp_path):
    url = f"sqlite:///{tmp_path / 'ed.sqlite'}"
    store = Store.open(url)
    with TestClient(create_app(load_settings(env={}, database_url=url, review_policy="review"), store)) as c:
        c.store = store
        c.token = svc.create_token(store, "anna", "editor")
        yield c


def test_login_queue_edit_approve_and_dashboard(client):
    assert client.get("/redaktion", follow_redirects=False).status_code == 303
    assert client.post("/redaktion/login", data={"token": "falsch"}).status_code == 401
    sid = client.post("/api/articles", json=BODY).json()["summary_id"]
    r = client.post("/redaktion/login", data={"token": client.token}, follow_redirects=False)
    assert r.status_code == 303 and "httponly" in r.headers["set-cookie"].lower() and "samesite=strict" in r.headers["set-cookie"].lower()
    page = client.get("/redaktion")
    assert page.status_code == 200 and "Zürcher Verkehrsbetriebe erhöhen die Preise" in page.text
    assert "<blockquote class=\"evidence\">" in page.text
    # an edit with a wrong number: the problem is marked against the evidence
    client.post(f"/redaktion/{sid}/edit", data={"bullets": "Die Jahreskarte wird um 400 Franken teurer\n<script>x</script> Die SP kritisiert"})
    page = client.get("/redaktion")
    assert '<mark title="number">400 Franken</mark>' in page.text
    assert "<script>x</script>" not in page.text and "&lt;script&gt;" in page.text
    queued = svc.review_queue(client.store)[0]
    assert client.post(f"/redaktion/{queued.summary_id}/approve", data={"comment": "ok"}, follow_redirects=False).status_code == 303
    assert client.get("/api/articles/zvv-preise/summary").json()["reviewed"] is True
    client.post(f"/api/summaries/{queued.summary_id}/feedback", json={"helpful": False, "reason": "falsch"})
    dash = client.get("/redaktion/feedback")
    assert dash.status_code == 200 and "data:image/png;base64," in dash.text and "falsch" in dash.text
