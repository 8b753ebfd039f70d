"""The newsroom's pages: log in with a token (a session, CSRF-checked), review the queue, see feedback, manage tokens."""

import re

import pytest

from darumgehts.serve.deps import SESSION_COOKIE

from .conftest import ARTICLE_TEXT, auth, make_app_client

BODY = {"id": "zvv-preise", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT.split("\n", 2)[2]}


def csrf(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)


def login(client, token) -> str:
    """Log in as a browser would; returns the CSRF token of the next page."""
    page = client.get("/redaktion/login")
    r = client.post("/redaktion/login", data={"token": token, "csrf": csrf(page.text)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return csrf(client.get("/redaktion").text)


@pytest.fixture
def client(tmp_path):
    with make_app_client(tmp_path, review_policy="review") as c:
        yield c


def test_login_queue_edit_approve_and_dashboard(client):
    assert client.get("/redaktion", follow_redirects=False).status_code == 303
    page = client.get("/redaktion/login")
    assert client.post("/redaktion/login", data={"token": "falsch", "csrf": csrf(page.text)}).status_code == 401
    sid = client.post("/api/articles", json=BODY, headers=auth(client.tokens["ingest"])).json()["summary_id"]
    page = client.get("/redaktion/login")
    r = client.post("/redaktion/login", data={"token": client.token, "csrf": csrf(page.text)}, follow_redirects=False)
    cookie = r.headers["set-cookie"].lower()
    assert r.status_code == 303 and "httponly" in cookie and "samesite=strict" in cookie and "max-age=43200" in cookie
    assert client.cookies.get(SESSION_COOKIE) != client.token  # the cookie holds a session id, not the token
    page = client.get("/redaktion")
    assert page.status_code == 200 and "Zürcher Verkehrsbetriebe erhöhen die Preise" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert "<blockquote class=\"evidence\">" in page.text
    token = csrf(page.text)
    # an edit with a wrong number: the problem is marked against the evidence
    client.post(f"/redaktion/{sid}/edit", data={"csrf": token, "bullets": "Die Jahreskarte wird um 400 Franken teurer\n<script>x</script> Die SP kritisiert"})
    page = client.get("/redaktion")
    assert '<mark title="Zahl">400 Franken</mark>' in page.text
    assert "<script>x</script>" not in page.text and "&lt;script&gt;" in page.text
    queued = client.newsroom.review_queue()[0]
    assert client.post(f"/redaktion/{queued.summary_id}/approve", data={"comment": "ok", "csrf": token}, follow_redirects=False).status_code == 303
    assert client.get("/api/articles/zvv-preise/summary").json()["reviewed"] is True
    client.post(f"/api/summaries/{queued.summary_id}/feedback", json={"helpful": False, "reason": "falsch"})
    dash = client.get("/redaktion/feedback")
    assert dash.status_code == 200 and "data:image/png;base64," in dash.text and "Falsch" in dash.text
    assert client.post("/redaktion/logout", data={"csrf": token}, follow_redirects=False).status_code == 303
    assert client.get("/redaktion", follow_redirects=False).status_code == 303  # the session is gone


def test_forms_need_the_csrf_token_and_our_origin(client):
    sid = client.post("/api/articles", json=BODY, headers=auth(client.tokens["ingest"])).json()["summary_id"]
    token = login(client, client.token)
    assert client.post(f"/redaktion/{sid}/approve", data={}).status_code == 403  # no token
    assert client.post(f"/redaktion/{sid}/approve", data={"csrf": "0" * 64}).status_code == 403
    sibling = {"Origin": "https://evil.example.org", "Sec-Fetch-Site": "same-site"}
    assert client.post(f"/redaktion/{sid}/approve", data={"csrf": token}, headers=sibling).status_code == 403
    assert client.newsroom.summary(sid).status == "needs_review"
    ok = client.post(f"/redaktion/{sid}/approve", data={"csrf": token}, headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
                     follow_redirects=False)
    assert ok.status_code == 303 and client.newsroom.summary(sid).status == "published"


def test_login_csrf(client):
    """An attacker's page cannot log a victim in to the attacker's account."""
    client.cookies.clear()
    r = client.post("/redaktion/login", data={"token": client.token}, follow_redirects=False)
    assert r.status_code == 403 and SESSION_COOKIE not in r.headers.get("set-cookie", "")
    page = client.get("/redaktion/login")
    r = client.post("/redaktion/login", data={"token": client.token, "csrf": csrf(page.text)},
                    headers={"Origin": "https://attacker.example", "Sec-Fetch-Site": "cross-site"}, follow_redirects=False)
    assert r.status_code == 403


def test_the_api_ignores_the_cookie(client):
    login(client, client.token)
    assert client.get("/api/review/queue").status_code == 401  # the session cookie is not an API credential


def test_tokens_page_for_admins(client):
    token = login(client, client.token)
    assert client.get("/redaktion/tokens").status_code == 403  # an editor
    client.post("/redaktion/logout", data={"csrf": token})
    token = login(client, client.tokens["admin"])
    page = client.get("/redaktion/tokens")
    assert page.status_code == 200 and "editor-1" in page.text and "ingest-1" in page.text
    made = client.post("/redaktion/tokens", data={"csrf": token, "name": "cms", "role": "ingest"})
    new = re.search(r'<code id="new-token">([^<]+)</code>', made.text).group(1)
    assert made.status_code == 201 and client.newsroom.authenticate(new).role == "ingest"
    ingest_id = client.newsroom.authenticate(client.tokens["ingest"]).token_id
    r = client.post(f"/redaktion/tokens/{ingest_id}/revoke", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and client.newsroom.authenticate(client.tokens["ingest"]) is None
