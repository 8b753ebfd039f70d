"""The audit's holes, each tried again the way it was found: on a running server (uvicorn on loopback), with
SQLite and with PostgreSQL. Each test fails if its hole comes back."""

import json
import select
import socket
import stat
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import text

from darumgehts.newsroom.secret import Secret

from .conftest import ARTICLE_TEXT, auth, make_live_server

BODY = {"id": "zvv-preise", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT.split("\n", 2)[2]}
PARAGRAPHS = [p for p in ARTICLE_TEXT.split("\n\n")[1:] if not p.startswith("#")]


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request):
    return request.param


def big_html(paragraphs: int) -> str:
    """A long German article as HTML: about 200 characters of text per paragraph."""
    body = "".join(f"<p>{PARAGRAPHS[i % len(PARAGRAPHS)].replace('40', str(40 + i))}</p>" for i in range(paragraphs))
    return f"<html><head><title>Gross</title></head><body><article><h1>Gross</h1>{body}</article></body></html>"


def chunked_post(base: str, path: str, chunks, headers: dict[str, str]) -> tuple[int, bytes, int]:
    """POST with Transfer-Encoding: chunked over a raw socket, stopping as soon as the server answers.
    Returns the status, the response and how many body bytes were sent."""
    url = urlsplit(base)
    sock = socket.create_connection((url.hostname, url.port), timeout=30)
    head = f"POST {path} HTTP/1.1\r\nHost: {url.netloc}\r\nTransfer-Encoding: chunked\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    sock.sendall(head.encode())
    sent, answer = 0, b""
    try:
        for chunk in chunks:
            if select.select([sock], [], [], 0)[0]:
                break
            sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            sent += len(chunk)
        else:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    try:
        while b"\r\n\r\n" not in answer or len(answer) < answer.index(b"\r\n\r\n") + 40:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
    except ConnectionResetError:
        pass
    sock.close()
    return int(answer.split(b" ", 2)[1]), answer, sent


# 1. Anyone could write articles.

def test_anonymous_posts_cannot_replace_a_box(db, tmp_path):
    with make_live_server(tmp_path, db) as (base, room):
        assert httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"])).status_code == 201
        fake = {**BODY, "text": BODY["text"].replace("4.60 Franken", "9.90 Franken")}
        assert httpx.post(f"{base}/api/articles", json=fake).status_code == 401
        assert httpx.post(f"{base}/api/articles", json=fake, headers={"Authorization": "Bearer dg_falsch"}).status_code == 401
        html = httpx.post(f"{base}/api/articles?id=zvv-preise", content=b"<p>x</p>", headers={"Content-Type": "text/html"})
        assert html.status_code == 401
        box = httpx.get(f"{base}/api/articles/zvv-preise/summary").json()
        assert not any("9.90" in b for b in box["bullets"]) and room.article("zvv-preise").paragraphs[1].text.count("4.60") == 1


# 2. The body limit could be bypassed with a chunked body.

@pytest.mark.parametrize("ctype", ["application/json", "text/html"])
def test_body_limit_counts_the_bytes_read(tmp_path, ctype):
    with make_live_server(tmp_path, max_body_bytes=100_000) as (base, room):
        headers = {"Content-Type": ctype, **auth(room.tokens["ingest"])}
        start = time.monotonic()
        status, answer, sent = chunked_post(base, "/api/articles?id=gross", (b"x" * 65536 for _ in range(800)), headers)  # 50 MB offered
        assert status == 413 and b"over 100,000 bytes" in answer
        assert sent < 5_000_000 and time.monotonic() - start < 10  # refused early, not read in full
        status, _, _ = chunked_post(base, "/api/summaries/1/feedback", (b" " * 65536 for _ in range(100)), {"Content-Type": "application/json"})
        assert status == 413  # every route
        declared = httpx.post(f"{base}/api/articles", content=b"x" * 200_000, headers=headers)
        assert declared.status_code == 413


# 3. One upload stalled the server.

def test_the_event_loop_stays_responsive_while_a_big_article_is_summarized(tmp_path):
    with make_live_server(tmp_path, max_body_bytes=3_000_000, summarize_timeout=120) as (base, room):
        headers = auth(room.tokens["ingest"])
        assert httpx.post(f"{base}/api/articles", json=BODY, headers=headers).status_code == 201
        httpx.get(f"{base}/api/articles/zvv-preise/summary")
        html = big_html(1400).encode()
        done = threading.Event()
        result = {}

        def upload():
            result["response"] = httpx.post(f"{base}/api/articles?id=gross", content=html, timeout=120,
                                             headers={"Content-Type": "text/html; charset=utf-8", **headers})
            done.set()

        threading.Thread(target=upload).start()
        waits = []
        with httpx.Client() as client:
            while not done.is_set():
                t0 = time.monotonic()
                assert client.get(f"{base}/api/articles/zvv-preise/summary").status_code == 200
                waits.append(time.monotonic() - t0)
                time.sleep(0.02)
        assert result["response"].status_code == 201, result["response"].text
        # the loop stays free (it stalled for 11.6 s before); a 2-core machine running the pipeline beside it jitters a bit
        waits.sort()
        assert len(waits) > 20 and waits[len(waits) // 2] < 0.2 and waits[-1] < 2.0, (len(waits), waits[-5:])


def test_an_article_over_the_time_bound_is_refused_and_the_worker_replaced(tmp_path):
    with make_live_server(tmp_path, max_body_bytes=3_000_000, summarize_timeout=0.5) as (base, room):
        headers = {"Content-Type": "text/html; charset=utf-8", **auth(room.tokens["ingest"])}
        slow = httpx.post(f"{base}/api/articles?id=gross", content=big_html(1400).encode(), headers=headers, timeout=60)
        assert slow.status_code == 422 and "took longer than 0.5 s" in slow.json()["detail"]
        quick = httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"]), timeout=60)
        assert quick.status_code == 201


# 4. 500 errors on out-of-range input.

OUT_OF_RANGE = [
    ("POST", "/api/summaries/9223372036854775808/feedback", {"helpful": True}),
    ("POST", "/api/summaries/-9223372036854775809/feedback", {"helpful": True}),
    ("POST", "/api/summaries/2147483648/feedback", {"helpful": True}),
    ("POST", "/api/summaries/1/feedback", {"helpful": True, "comment": "a\u0000b"}),
    ("POST", "/api/summaries/9223372036854775808/approve", None),
    ("PUT", "/api/summaries/2147483648/bullets", {"bullets": ["x"]}),
    ("GET", "/api/feedback/stats?days=3000000", None),
    ("GET", "/api/feedback/stats?days=-1", None),
    ("GET", "/api/articles/a%00b/summary", None),
    ("GET", "/api/articles/a%00b/history", None),
    ("POST", "/api/articles", {"id": "a\u0000b", "text": "x"}),
    ("POST", "/api/articles", {"id": "x", "title": "a\u0000b", "text": "x"}),
    ("POST", "/api/articles?id=a%00b", "<p>Text</p>"),
    ("POST", "/api/articles?id=a/b", "<p>Text</p>"),
    ("POST", "/api/articles?id=" + "a" * 201, "<p>Text</p>"),
    ("POST", "/api/articles?id=x&url=a%00b", "<p>Text</p>"),
    ("GET", "/articles/a%00b", None),
    ("POST", "/feedback/9223372036854775808", "helpful=true"),
]


def test_out_of_range_input_gets_a_4xx_with_a_json_message(db, tmp_path):
    with make_live_server(tmp_path, db) as (base, room):
        assert httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"])).status_code == 201
        headers = auth(room.tokens["editor"])
        for method, path, body in OUT_OF_RANGE:
            if isinstance(body, str):
                ctype = "text/html" if body.startswith("<") else "application/x-www-form-urlencoded"
                r = httpx.request(method, base + path, content=body.encode(), headers={"Content-Type": ctype, **headers})
            else:
                r = httpx.request(method, base + path, json=body, headers=headers)
            assert 400 <= r.status_code < 500, (method, path, r.status_code, r.text)
            if r.headers["content-type"].startswith("application/json"):
                assert r.json()["detail"], (method, path)


# 7. A stale box was labelled as reviewed.

@pytest.mark.parametrize("policy", ["withdraw", "unlabel"])
def test_a_changed_article_loses_the_reviewed_label(db, tmp_path, policy):
    with make_live_server(tmp_path, db, stale_reviewed=policy) as (base, room):
        text_1500 = BODY["text"].replace("Rund 11'000", "Rund 1500")
        first = httpx.post(f"{base}/api/articles", json={**BODY, "text": text_1500}, headers=auth(room.tokens["ingest"])).json()
        httpx.post(f"{base}/api/summaries/{first['summary_id']}/approve", headers=auth(room.tokens["editor"]))
        box = httpx.get(f"{base}/api/articles/zvv-preise/summary").json()
        assert box["reviewed"] and box["disclaimer"] == "KI-generiert, redaktionell geprüft"
        changed = {**BODY, "text": text_1500.replace("Rund 1500", "Rund 150")}
        assert httpx.post(f"{base}/api/articles", json=changed, headers=auth(room.tokens["ingest"])).status_code == 201
        box = httpx.get(f"{base}/api/articles/zvv-preise/summary").json()
        assert box["reviewed"] is False and box["disclaimer"] != "KI-generiert, redaktionell geprüft"
        if policy == "withdraw":  # the editor's box is gone; the new machine box is up, checked against the new text
            assert box["summary_id"] != first["summary_id"] and box["stale"] is False
        else:  # the editor's box stays, marked stale, until an editor acts
            assert box["summary_id"] == first["summary_id"] and box["stale"] is True
        page = httpx.get(f"{base}/articles/zvv-preise").text
        assert "redaktionell geprüft" not in page


# 8. Feedback IP hashes could be reversed; raw IPs in the log; X-Forwarded-For trusted from anyone.

def test_reader_addresses_are_keyed_hashes_and_never_logged(tmp_path, caplog):
    caplog.set_level("INFO", logger="darumgehts.access")
    with make_live_server(tmp_path, trusted_proxies=["127.0.0.1"]) as (base, room):
        sid = httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"])).json()["summary_id"]
        reader = "203.0.113.77"
        assert httpx.post(f"{base}/api/summaries/{sid}/feedback", json={"helpful": True}, headers={"X-Forwarded-For": reader}).status_code == 201
        with room.store.read() as session:
            stored = session.execute(text("SELECT client_hash FROM feedback")).scalar_one()
        import hashlib
        for guess in (reader, f"darumgehts:{reader}", f":{reader}"):  # the old, unkeyed hashes
            assert stored != hashlib.sha256(guess.encode()).hexdigest()
        key = bytes.fromhex((tmp_path / "secret").read_text().strip())
        assert stored == Secret(key).client_hash(reader, date.today())
        assert Secret(key).client_hash(reader, date(2026, 1, 1)) != Secret(key).client_hash(reader, date(2026, 1, 2))  # daily key
        assert stat.S_IMODE((tmp_path / "secret").stat().st_mode) == 0o600
        with room.store.read() as session:
            dump = json.dumps([list(map(str, r)) for t in ("feedback", "api_tokens", "sessions")
                               for r in session.execute(text(f"SELECT * FROM {t}"))])
        assert key.hex() not in dump and reader not in dump
    lines = [r.getMessage() for r in caplog.records if r.name == "darumgehts.access"]
    assert any("/feedback 201" in line for line in lines)
    assert not any(reader in line or "127.0.0.1" in line for line in lines)


@pytest.mark.parametrize("trusted, expected", [([], [201, 201, 429, 429]), (["127.0.0.1"], [201, 201, 201, 201])])
def test_x_forwarded_for_is_believed_only_from_trusted_proxies(tmp_path, trusted, expected):
    with make_live_server(tmp_path, trusted_proxies=trusted, feedback_per_hour=2) as (base, room):
        sid = httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"])).json()["summary_id"]
        codes = [httpx.post(f"{base}/api/summaries/{sid}/feedback", json={"helpful": True},
                            headers={"X-Forwarded-For": f"198.51.100.{i}"}).status_code for i in range(4)]
        assert codes == expected  # untrusted: one reader however many addresses it forwards


def test_the_login_cookie_is_secure_behind_tls(tmp_path):
    from .test_editor_pages import csrf

    for trusted, secure in (([], False), (["127.0.0.1"], True)):
        (tmp_path / str(secure)).mkdir()
        with make_live_server(tmp_path / str(secure), trusted_proxies=trusted) as (base, room):
            with httpx.Client(base_url=base, headers={"X-Forwarded-Proto": "https"}) as client:
                page = client.get("/redaktion/login")
                nonce = page.headers["set-cookie"].split(";")[0]  # a browser on https sends it back even when Secure
                r = client.post("/redaktion/login", data={"token": room.tokens["editor"], "csrf": csrf(page.text)}, headers={"Cookie": nonce})
                assert r.status_code == 303
                cookie = r.headers["set-cookie"]
                assert ("; secure" in cookie.lower()) is secure and cookie.startswith("__Host-dg_session=") is secure


# 10. Umlauts were garbled.

@pytest.mark.parametrize("encoding", ["utf-8", "windows-1252"])
def test_the_content_type_charset_is_honoured(tmp_path, encoding):
    with make_live_server(tmp_path) as (base, room):
        html = ("<html><head><title>Zürcher Verkehrsbetriebe erhöhen die Preise</title></head><body><article>"
                + "".join(f"<p>{p}</p>" for p in PARAGRAPHS) + "</article></body></html>")
        r = httpx.post(f"{base}/api/articles?id=umlaute", content=html.encode(encoding),
                       headers={"Content-Type": f"text/html; charset={encoding}", **auth(room.tokens["ingest"])})
        assert r.status_code == 201, r.text
        article = room.article("umlaute")
        assert article.title == "Zürcher Verkehrsbetriebe erhöhen die Preise"
        assert "Zürcher" in " ".join(p.text for p in article.paragraphs) and "Ã" not in article.title


# Low: headers, 429 for forms, edited bullet length, helpful must be a boolean.

def test_headers_form_429_and_limits(tmp_path):
    with make_live_server(tmp_path, feedback_per_hour=1) as (base, room):
        sid = httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"])).json()["summary_id"]
        box = httpx.get(f"{base}/api/articles/zvv-preise/summary")
        assert box.headers["x-content-type-options"] == "nosniff"
        assert httpx.get(f"{base}/redaktion/login").headers["cache-control"] == "no-store"
        form = {"Content-Type": "application/x-www-form-urlencoded", "Origin": base}
        assert httpx.post(f"{base}/feedback/{sid}", content=b"helpful=yes", headers=form).status_code == 422
        assert httpx.post(f"{base}/feedback/{sid}", content=b"helpful=true", headers=form).status_code == 303
        assert httpx.post(f"{base}/feedback/{sid}", content=b"helpful=true", headers=form).status_code == 429
        cross = httpx.post(f"{base}/feedback/{sid}", content=b"helpful=true", headers={**form, "Origin": "https://evil.example"})
        assert cross.status_code == 403
        editor = auth(room.tokens["editor"])
        assert httpx.put(f"{base}/api/summaries/{sid}/bullets", json={"bullets": ["x" * 301]}, headers=editor).status_code == 422
        assert httpx.put(f"{base}/api/summaries/{sid}/bullets", json={"bullets": ["x"] * 9}, headers=editor).status_code == 422
        assert httpx.post(f"{base}/api/summaries/{sid}/feedback", json={"helpful": "yes"}).status_code == 422
        assert httpx.post(f"{base}/api/summaries/{sid}/feedback", json={"helpful": 1}).status_code == 422


def test_many_readers_at_once(tmp_path):
    """A cached box under 200 concurrent reads: no error, and every answer the same bytes."""
    with make_live_server(tmp_path) as (base, room):
        httpx.post(f"{base}/api/articles", json=BODY, headers=auth(room.tokens["ingest"]))
        with httpx.Client() as client, ThreadPoolExecutor(16) as pool:
            bodies = set(pool.map(lambda _: client.get(f"{base}/api/articles/zvv-preise/summary").content, range(200)))
        assert len(bodies) == 1
