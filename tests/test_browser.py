"""The box in a real browser: Debian's Chromium driven by Playwright (its own browser download is not used)."""

import pytest

from darumgehts.demo import demo_articles
from darumgehts.newsroom import Newsroom
from darumgehts.serve import create_app
from darumgehts.settings import load_settings
from darumgehts.store import Store

from .conftest import live_server


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("browser")
    settings = load_settings(env={}, database_url=f"sqlite:///{folder / 'demo.sqlite'}")
    room = Newsroom(settings, Store.open(settings.database_url))
    for article in demo_articles():
        room.submit_article(article)
    with live_server(create_app(newsroom=room)) as base:
        yield base, room
    room.store.close()


def test_reader_sees_expands_and_sends_feedback(server, browser, tmp_path):
    base, room = server
    page = browser.new_page()
    page.goto(f"{base}/articles/demo-seebruecke")
    box = page.locator("darumgehts-box .darumgehts-box")
    assert box.locator(".darumgehts-heading").inner_text() == "Darum gehts"
    bullets = box.locator(".darumgehts-bullets li")
    assert bullets.count() == 3
    assert bullets.nth(0).is_visible() and not bullets.nth(1).is_visible()
    assert "lernt noch" in box.locator(".darumgehts-disclaimer").inner_text()
    assert "1/4" in page.locator(".gallery .count").inner_text()

    toggle = box.locator(".darumgehts-toggle")
    toggle.focus()
    page.keyboard.press("Enter")  # keyboard, not the mouse
    assert toggle.get_attribute("aria-expanded") == "true"
    assert bullets.nth(2).is_visible()
    assert toggle.inner_text() == "Weniger anzeigen"
    page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "false" and not bullets.nth(2).is_visible()

    box.locator(".darumgehts-feedback summary").click()
    box.locator("input[name=helpful][value=false]").check()
    box.locator("select[name=reason]").select_option("unvollständig")
    box.locator("textarea[name=comment]").fill("Der Baubeginn fehlt.")
    box.locator("button[type=submit]").click()
    status = box.locator(".darumgehts-status")
    status.wait_for(state="visible")
    page.wait_for_function("document.querySelector('.darumgehts-status').textContent.length > 0")
    assert "Danke" in status.inner_text()
    stats = room.feedback_stats()
    assert stats["total"] >= 1 and stats["reasons"]["unvollständig"] >= 1
    page.screenshot(path=str(tmp_path / "box.png"), full_page=True)
    assert (tmp_path / "box.png").stat().st_size > 10_000

    page.locator(".darumgehts-more-info").first.click()
    page.wait_for_url(f"{base}/ueber-darum-gehts")
    assert "So entsteht" in page.locator("h1").inner_text()
    page.close()


def test_widget_renders_from_the_api_with_text_only(server, browser):
    base, _ = server
    page = browser.new_page()
    page.goto(f"{base}/")
    page.set_content(f"""<!doctype html><html><body>
        <darumgehts-box article="demo-soldaten" api="{base}"></darumgehts-box>
        <script src="{base}/static/darumgehts-box.js"></script></body></html>""")
    page.wait_for_selector("darumgehts-box .darumgehts-bullets li")
    assert page.locator("darumgehts-box .darumgehts-bullets li").count() == 3
    assert page.locator("darumgehts-box .darumgehts-toggle").get_attribute("aria-expanded") == "false"
    page.close()


def test_page_has_json_ld_and_csp(server):
    import json
    import urllib.request

    base, _ = server
    with urllib.request.urlopen(f"{base}/articles/demo-kita") as r:
        html = r.read().decode()
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
    block = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    data = json.loads(block)
    assert data["@type"] == "NewsArticle" and data["abstract"]
    assert data["digitalSourceType"].endswith("trainedAlgorithmicMedia")


def test_feedback_errors_are_reported(server, browser):
    base, _ = server
    page = browser.new_page()
    # the network answers like a rate-limited server would
    page.route("**/feedback", lambda route: route.fulfill(status=429, content_type="application/json",
                                                           body='{"detail": "Too much feedback from this address; try again later."}'))
    page.goto(f"{base}/articles/demo-kita")
    box = page.locator("darumgehts-box .darumgehts-box")
    box.locator(".darumgehts-feedback summary").click()
    box.locator("input[name=helpful][value=true]").check()
    box.locator("button[type=submit]").click()
    page.wait_for_function("document.querySelector('.darumgehts-status').textContent.length > 0")
    status = box.locator(".darumgehts-status")
    assert status.get_attribute("data-kind") == "error"
    assert "konnte nicht gesendet werden" in status.inner_text() and "try again later" in status.inner_text()
    page.close()
