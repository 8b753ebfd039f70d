"""darumgehts watch: a real HTTP server on loopback serving feed files with ETag and Last-Modified, a real newsroom
on a SQLite file."""

from __future__ import annotations

import http.server
import threading
from html import escape

import pytest
from click.testing import CliRunner

from darumgehts.cli import main
from darumgehts.newsroom.watch import FeedWatcher, article_id, backoff

from .conftest import ARTICLE_TEXT, FIXTURES, make_newsroom

PARAGRAPHS = [p for p in ARTICLE_TEXT.split("\n\n") if p.strip() and not p.startswith("#")]


def rss(items: list[tuple[str, str, str]]) -> str:
    """An RSS feed whose items carry their whole text (content:encoded)."""
    body = "".join(
        f"<item><title>{escape(title)}</title><guid>{guid}</guid><link>https://zeitung.example/{guid}</link>"
        f"<content:encoded>{escape(html)}</content:encoded></item>" for guid, title, html in items)
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>Testzeitung</title><link>https://zeitung.example/</link>{body}</channel></rss>")


def page_html(paragraphs) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs)


class FeedHandler(http.server.BaseHTTPRequestHandler):
    """Serves ``files``: path -> (status, content type, body, etag, last-modified); answers 304 to a matching
    If-None-Match or If-Modified-Since, and records every request's conditional headers."""

    files: dict = {}
    requests: list = []

    def do_GET(self):  # noqa: N802 - http.server API
        status, ctype, body, etag, modified = self.files.get(self.path, (404, "text/plain", b"not found", None, None))
        inm, ims = self.headers.get("If-None-Match"), self.headers.get("If-Modified-Since")
        self.requests.append((self.path, inm, ims))
        if status == 200 and ((etag and inm == etag) or (not etag and modified and ims == modified)):
            self.send_response(304)
            self.end_headers()
            return
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        if modified:
            self.send_header("Last-Modified", modified)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def feeds():
    FeedHandler.files, FeedHandler.requests = {}, []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    class Feeds:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        requests = FeedHandler.requests

        @staticmethod
        def put(path, body, ctype="application/rss+xml; charset=utf-8", status=200, etag=None, modified=None):
            FeedHandler.files[path] = (status, ctype, body.encode("utf-8") if isinstance(body, str) else body, etag, modified)

    yield Feeds
    server.shutdown()
    server.server_close()


@pytest.fixture
def room(tmp_path):
    room = make_newsroom(tmp_path)
    yield room
    room.close()
    room.store.close()


def clock():
    now = [1000.0]
    return now, (lambda: now[0])


def test_new_articles_are_stored_summarized_and_published_then_the_feed_is_asked_conditionally(feeds, room):
    feeds.put("/rss", rss([("zvv-1", "Preise steigen", page_html(PARAGRAPHS)),
                           ("kurz-1", "Kurz", "<p>Zu kurz.</p>")]), etag='"v1"')
    feeds.put("/atom", (FIXTURES / "feed.atom").read_text("utf-8"), "application/atom+xml", modified="Tue, 24 Nov 2026 10:00:00 GMT")
    now, tick = clock()
    watcher = FeedWatcher(room, [f"{feeds.base}/rss", f"{feeds.base}/atom"], interval=300, clock=tick)
    first = watcher.poll_due()
    assert [(r.status, r.new) for r in first] == [("ok", 1), ("ok", 1)]
    assert len(first[0].failed) == 1 and "words" in first[0].failed[0]
    assert room.published_summary("zvv-1").status == "published"
    assert room.published_summary(article_id("urn:demo:see")).bullets
    assert watcher.poll_due() == []  # not due before the interval
    now[0] += 300
    second = watcher.poll_due()
    assert [r.status for r in second] == ["not_modified", "not_modified"]
    assert feeds.requests[-2:] == [("/rss", '"v1"', None), ("/atom", None, "Tue, 24 Nov 2026 10:00:00 GMT")]


def test_a_changed_article_gets_a_new_box_and_an_unchanged_one_is_not_summarized_again(feeds, room):
    feeds.put("/rss", rss([("zvv-1", "Preise steigen", page_html(PARAGRAPHS))]), etag='"v1"')
    now, tick = clock()
    watcher = FeedWatcher(room, [f"{feeds.base}/rss"], interval=60, clock=tick)
    [first] = watcher.poll_due()
    box = room.published_summary("zvv-1")
    changed = [p.replace("3,5 Prozent", "4,5 Prozent") for p in PARAGRAPHS]
    feeds.put("/rss", rss([("zvv-1", "Preise steigen", page_html(changed)), ("zvv-2", "Preise steigen", page_html(PARAGRAPHS))]),
              etag='"v2"')
    now[0] += 60
    [second] = watcher.poll_due()
    assert first.new == 1 and second.new == 2
    again = room.published_summary("zvv-1")
    assert again.article_version == 2 and again.summary_id != box.summary_id
    restarted = FeedWatcher(room, [f"{feeds.base}/rss"], interval=60, clock=tick)  # a new process: nothing seen yet
    [third] = restarted.poll_due()
    assert third.new == 0 and third.unchanged == 2 and room.published_summary("zvv-1").summary_id == again.summary_id


def test_teaser_entries_are_read_from_their_page(feeds, room):
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            f"<item><title>Preise</title><guid>https://zeitung.example/a?id=7</guid><link>{feeds.base}/artikel/7</link>"
            "<description>Die Preise steigen.</description></item></channel></rss>")
    feeds.put("/rss", feed)
    feeds.put("/artikel/7", (FIXTURES / "artikel.html").read_text("utf-8"), "text/html; charset=utf-8")
    watcher = FeedWatcher(room, [f"{feeds.base}/rss"], interval=60)
    [result] = watcher.poll_due()
    aid = article_id("https://zeitung.example/a?id=7")
    assert result.new == 1 and aid.startswith("https:-zeitung.example-a-id-7-")
    assert len(room.article(aid).paragraphs) > 1 and ("/artikel/7", None, None) in feeds.requests


def test_a_feed_that_is_down_or_malformed_backs_off_and_the_others_go_on(feeds, room):
    feeds.put("/rss", rss([("zvv-1", "Preise steigen", page_html(PARAGRAPHS))]))
    feeds.put("/kaputt", "<rss><channel>&&& {nicht wohlgeformt", "application/rss+xml")
    feeds.put("/down", "kaputt", "text/plain", status=503)
    now, tick = clock()
    urls = [f"{feeds.base}/kaputt", f"{feeds.base}/down", f"{feeds.base}/rss", "http://127.0.0.1:1/nie"]
    watcher = FeedWatcher(room, urls, interval=10, clock=tick)
    results = watcher.poll_due()
    assert [r.status for r in results] == ["error", "error", "ok", "error"]
    assert "503" in results[1].message and "not a readable" in results[0].message and results[2].new == 1
    down = watcher.feeds[1]
    assert down.failures == 1 and down.next_poll == now[0] + 20
    now[0] += 10
    assert [r.url for r in watcher.poll_due()] == [f"{feeds.base}/rss"]  # the failing ones wait longer
    now[0] += 10
    assert len(watcher.poll_due()) == 4 and down.failures == 2 and down.next_poll == now[0] + 40
    assert backoff(300, 20) == 6 * 3600


def test_watch_command_once(feeds, tmp_path):
    feeds.put("/rss", rss([("zvv-1", "Preise steigen", page_html(PARAGRAPHS))]))
    db = f"sqlite:///{tmp_path / 'watch.sqlite'}"
    result = CliRunner().invoke(main, ["watch", f"{feeds.base}/rss", "--once", "--db", db], env={"DARUMGEHTS_SECRET_FILE": str(tmp_path / "s")})
    assert result.exit_code == 0, result.output
    from darumgehts.store import Store

    store = Store.open(db)
    try:
        from darumgehts.newsroom import articles

        assert articles.published_summary(store, "zvv-1").bullets
    finally:
        store.close()
    bad = CliRunner().invoke(main, ["watch", "feed.xml"])
    assert bad.exit_code == 2 and "not an http(s) URL" in bad.output
