"""CSRF from a sibling subdomain, a hostile title in the JSON-LD block, and the offline API docs, in Chromium.

*.darumgehts.test resolve to loopback in the test browser (see conftest.browser): news.darumgehts.test is the
service, evil.darumgehts.test a sibling subdomain of the same site, so SameSite=Strict cookies go along."""

import pytest

from darumgehts.ingest import parse_text

from .conftest import ARTICLE_TEXT, make_live_server

HOSTILE = "Preise <!--<script> steigen </script><script>alert(1)</script> & mehr"


@pytest.fixture
def site(tmp_path):
    with make_live_server(tmp_path, review_policy="review") as (base, room):
        port = base.rsplit(":", 1)[1]
        article = parse_text(ARTICLE_TEXT, "zvv-preise")
        article.id, article.title = "zvv-preise", HOSTILE
        pending, _ = room.submit_article(article)
        yield f"http://news.darumgehts.test:{port}", room, pending.summary_id


def evil_page(http_server, name: str, action: str, fields: dict[str, str]) -> str:
    inputs = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in fields.items())
    http_server.route(f"/{name}", f'<!doctype html><form id="f" method="post" action="{action}">{inputs}</form>'
                                  '<script>document.getElementById("f").submit()</script>')
    return f"http://evil.darumgehts.test:{http_server.base.rsplit(':', 1)[1]}/{name}"


def log_in(page, base: str, token: str) -> None:
    page.goto(f"{base}/redaktion/login")
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/redaktion?ok=login")


def test_a_sibling_subdomain_cannot_approve_or_log_in(site, browser, http_server):
    base, room, sid = site
    context = browser.new_context()
    page = context.new_page()
    log_in(page, base, room.tokens["editor"])
    assert "Zu prüfen (1)" in page.content()
    # the editor, logged in, visits the sibling: its form posts to the service with the editor's cookie
    for name, fields in (("approve", {"comment": "pwned"}), ("approve2", {"csrf": "0" * 64})):
        page.goto(evil_page(http_server, name, f"{base}/redaktion/{sid}/approve", fields))
        page.wait_for_url(f"{base}/redaktion/{sid}/approve")  # the post reached the service, with the cookie ...
        assert "Nicht ausgeführt" in page.content()  # ... and was refused (403)
        assert room.summary(sid).status == "needs_review"
    # login CSRF: the sibling logs the victim in to the attacker's account
    attacker = room.create_token("mallory", "editor")
    page.goto(evil_page(http_server, "login", f"{base}/redaktion/login", {"token": attacker}))
    page.wait_for_url(f"{base}/redaktion/login")
    assert "Nicht ausgeführt" in page.content()
    page.goto(f"{base}/redaktion")
    assert "mallory" not in page.content()
    # the editor's own click still works
    page.click("form[action$='/approve'] button")
    page.wait_for_url(f"{base}/redaktion?ok=approve")  # back to the queue, which confirms it
    assert room.summary(sid).status == "published"
    context.close()


def test_a_hostile_title_does_not_blank_the_page(site, browser):
    base, room, sid = site
    room.approve(sid, "chef")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{base}/articles/zvv-preise")
    assert page.locator("h1").inner_text() == HOSTILE
    assert page.locator("darumgehts-box .darumgehts-bullets li").count() == 3
    data = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert data["headline"] == HOSTILE and data["digitalSourceType"].endswith("compositeWithTrainedAlgorithmicMedia")
    assert errors == [] and page.evaluate("document.querySelectorAll('script').length") == 2  # JSON-LD and the widget
    page.close()


def test_the_api_docs_work_offline(site, browser):
    base, _, _ = site
    page = browser.new_page()
    blocked = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.route("**/*", lambda route: route.abort() if "darumgehts.test" not in route.request.url else route.continue_())
    page.goto(f"{base}/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() >= 10 and "/api/articles" in page.content()
    assert blocked == []
    page.close()
