"""The editors' whole job and the reader's «Beleg» in Chromium, axe-core on every page (WCAG 2.1 AA and best
practice: 0 violations), and the screenshots of docs/ (``make screenshots`` writes them there)."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from darumgehts.demo import demo_articles, demo_page
from darumgehts.pipeline import Summarizer

from .conftest import axe_violations, make_live_server

SHOTS = os.environ.get("DARUMGEHTS_SCREENSHOTS")  # a folder: the screenshots go there too (make screenshots: docs/)
COMMENT = "Der Baubeginn fehlt in der Zusammenfassung."


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("editor-browser")
    with make_live_server(folder) as (base, room):
        for article in demo_articles():
            room.submit_article(article)
        seebruecke = room.published_summary("demo-seebruecke")
        room.add_feedback(seebruecke.summary_id, False, "unvollständig", COMMENT, "198.51.100.7")
        room.add_feedback(seebruecke.summary_id, True, None, "Kurz und klar, danke.", "198.51.100.8")
        room.add_feedback(seebruecke.summary_id, True, None, None, "198.51.100.9")
        # one box waits in the queue: an editor's bullet the article does not support
        kita = room.published_summary("demo-kita")
        room.edit(kita.summary_id, [kita.bullets[0].text, "Die Tarife sinken um 40 Prozent"], "editor-1", "Test")
        yield base, room


@pytest.fixture
def context(browser):
    # axe-core goes into the page as an inline script, which the pages' CSP forbids: bypassed for the tests only
    ctx = browser.new_context(bypass_csp=True, viewport={"width": 1100, "height": 900}, locale="de-CH")
    yield ctx
    ctx.close()


def shot(page, tmp_path: Path, name: str, full_page: bool = True) -> None:
    path = tmp_path / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    assert path.stat().st_size > 5_000
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(SHOTS) / path.name)


def log_in(page, base: str, token: str) -> None:
    page.goto(f"{base}/redaktion/login")
    page.fill("input[name=token]", token)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/redaktion?ok=login")


def no_violations(page, axe_script, where: str) -> None:
    found = axe_violations(page, axe_script)
    assert found == [], f"{where}: " + "\n".join(found)


def test_every_page_has_no_axe_violations(server, context, axe_script):
    base, room = server
    page = context.new_page()
    page.goto(f"{base}/articles/demo-seebruecke")
    page.click("darumgehts-box .darumgehts-toggle")
    page.click("darumgehts-box .darumgehts-feedback summary")
    assert page.locator("darumgehts-box .darumgehts-bullets li").nth(2).is_visible()
    no_violations(page, axe_script, "article page, box expanded, feedback form open")
    for path in ("/", "/ueber-darum-gehts", "/redaktion/login"):
        page.goto(base + path)
        no_violations(page, axe_script, path)
    log_in(page, base, room.tokens["editor"])
    sid = room.published_summary("demo-seebruecke").summary_id
    for path in ("/redaktion", "/redaktion/boxen", "/redaktion/boxen?q=Seebr%C3%BCcke", f"/redaktion/zusammenfassung/{sid}",
                 f"/redaktion/zusammenfassung/{sid}/zurueckziehen", "/redaktion/artikel/demo-seebruecke/verlauf",
                 "/redaktion/artikel/demo-seebruecke/feedback", "/redaktion/feedback"):
        page.goto(base + path)
        assert page.locator("h1").count() == 1, path
        no_violations(page, axe_script, path)
    log_in(page, base, room.tokens["admin"])
    page.goto(f"{base}/redaktion/tokens")
    no_violations(page, axe_script, "/redaktion/tokens")


def test_editor_lists_withdraws_reads_history_and_feedback_then_logs_out(server, context, tmp_path, axe_script):
    base, room = server
    page = context.new_page()
    log_in(page, base, room.tokens["editor"])
    page.get_by_role("link", name="Zusammenfassungen").click()
    page.get_by_label("Titel").fill("Seebrücke")
    page.get_by_role("button", name="Suchen").click()
    rows = page.locator("table.boxes tbody tr")
    assert rows.count() == 1 and "veröffentlicht" in rows.first.inner_text()
    assert re.search(r"\d\d\.\d\d\.\d{4}", rows.first.inner_text())  # Swiss date
    page.get_by_label("Titel").fill("")
    page.get_by_role("button", name="Suchen").click()
    assert page.locator("table.boxes tbody tr").count() == 3
    shot(page, tmp_path, "redaktion-liste")

    page.locator("tr", has_text="Soldaten").get_by_role("link", name="Zurückziehen").click()
    page.get_by_label("Begründung (für den Verlauf)").fill("Quelle wird geprüft")
    shot(page, tmp_path, "redaktion-zurueckziehen")
    page.get_by_role("button", name="Zurückziehen").click()
    confirm = page.get_by_role("status")
    assert "zurückgezogen" in confirm.inner_text()
    no_violations(page, axe_script, "list with a confirmation")
    assert page.locator("table.boxes tbody tr").count() == 2
    shot(page, tmp_path, "redaktion-zurueckgezogen", full_page=False)

    page.goto(f"{base}/redaktion/boxen?status=withdrawn")
    page.locator("tr", has_text="Soldaten").get_by_role("link", name="Verlauf").click()
    events = page.locator("section.event")
    assert "zurückgezogen" in events.first.inner_text() and "Quelle wird geprüft" in events.first.inner_text()
    assert "Vorher" in events.first.inner_text()
    shot(page, tmp_path, "redaktion-verlauf")

    page.get_by_role("link", name="Feedback", exact=True).click()
    page.locator("table.per-article").get_by_role("link", name=re.compile("Seebrücke")).click()
    assert COMMENT in page.locator("table.feedback").inner_text()
    page.locator("tr", has_text=COMMENT).get_by_role("button", name="Als erledigt markieren").click()
    assert "als erledigt markiert" in page.get_by_role("status").inner_text()
    assert "erledigt von editor-1" in page.locator("tr", has_text=COMMENT).inner_text()
    shot(page, tmp_path, "redaktion-feedback-artikel")

    page.goto(f"{base}/redaktion/feedback")
    plot = page.locator("img.plot")
    assert plot.is_visible() and plot.evaluate("img => img.naturalWidth") > 300
    shot(page, tmp_path, "redaktion-feedback")

    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url(f"{base}/redaktion/login?ok=logout")
    assert page.get_by_role("status").inner_text() == "Sie sind abgemeldet."
    shot(page, tmp_path, "redaktion-abgemeldet", full_page=False)
    page.goto(f"{base}/redaktion/boxen")
    assert page.url.startswith(f"{base}/redaktion/login")


def test_beleg_scrolls_to_the_sentence_and_highlights_it(server, context, tmp_path):
    base, _ = server
    page = context.new_page()
    page.set_viewport_size({"width": 900, "height": 600})
    page.goto(f"{base}/articles/demo-seebruecke")
    page.click("darumgehts-box .darumgehts-toggle")
    link = page.locator("darumgehts-box .darumgehts-beleg").last  # a bullet from further down the article
    target = link.get_attribute("href")[1:]
    link.focus()
    page.keyboard.press("Enter")  # from the keyboard
    sentence = page.locator(f"#{target}")
    page.wait_for_function("id => document.getElementById(id).classList.contains('dg-beleg-aktiv')", arg=target)
    assert sentence.evaluate("n => document.activeElement === n")
    assert sentence.evaluate("n => { const r = n.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }")
    assert sentence.evaluate("n => getComputedStyle(n).backgroundColor") != "rgba(0, 0, 0, 0)"
    shot(page, tmp_path, "beleg", full_page=False)


def test_beleg_without_javascript_is_an_anchor(server, browser):
    base, _ = server
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{base}/articles/demo-seebruecke")
    link = page.locator(".darumgehts-beleg").first
    target = link.get_attribute("href")
    link.click()
    assert page.url.endswith(target)
    assert page.locator(f"{target}:target").count() == 1
    assert page.locator(target).evaluate("n => getComputedStyle(n).backgroundColor") != "rgba(0, 0, 0, 0)"
    ctx.close()


def test_queue_beleg_opens_the_same_view(server, context):
    base, room = server
    page = context.new_page()
    log_in(page, base, room.tokens["editor"])
    link = page.locator("section.review .darumgehts-beleg").first
    link.click()
    page.wait_for_url(re.compile(r"/redaktion/zusammenfassung/\d+#satz-\d+"))
    anchor = page.url.split("#")[1]
    assert page.locator(f"article.news #{anchor}").count() == 1
    assert page.locator("article.news darumgehts-box .darumgehts-beleg").count() >= 1


def test_no_js_feedback_post_shows_a_confirmation(server, browser, tmp_path):
    base, _ = server
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(f"{base}/articles/demo-kita")
    page.click(".darumgehts-feedback summary")
    page.check("input[name=helpful][value=true]")
    page.fill("textarea[name=comment]", "Gut verständlich.")
    page.click(".darumgehts-send")
    page.wait_for_url(re.compile(r"/articles/demo-kita\?feedback=gesendet"))
    assert page.locator(".darumgehts-confirm").inner_text() == "Danke für Ihr Feedback!"
    ctx.close()


def test_embedded_widget_links_to_the_service(browser, http_server, tmp_path, axe_script):
    """The widget on a newspaper's page (another origin, a real local server): «Mehr erfahren» goes to the service's
    page, not the host's (which has none), and the feedback form names the service."""
    host = http_server.base.replace("127.0.0.1", "zeitung.darumgehts.test")  # *.darumgehts.test resolve to loopback
    with make_live_server(tmp_path, cors_origins=[host]) as (base, room):
        room.submit_article(demo_articles()[0])
        service = base.replace("127.0.0.1", "dienst.darumgehts.test")
        http_server.route("/artikel", f"""<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Zeitung</title>
            <link rel="stylesheet" href="{service}/static/darumgehts.css"></head><body><main><h1>Ein Artikel der Zeitung</h1>
            <darumgehts-box article="demo-seebruecke" api="{service}"></darumgehts-box><p>Der Text der Zeitung.</p></main>
            <script src="{service}/static/darumgehts-box.js"></script></body></html>""")
        ctx = browser.new_context(bypass_csp=True, viewport={"width": 900, "height": 700})
        page = ctx.new_page()
        page.goto(f"{host}/artikel")
        page.wait_for_selector("darumgehts-box .darumgehts-bullets li")
        more = page.locator("darumgehts-box .darumgehts-more-info")
        assert more.get_attribute("href") == f"{service}/ueber-darum-gehts"
        assert page.locator("darumgehts-box form").get_attribute("action").startswith(f"{service}/feedback/")
        page.click("darumgehts-box .darumgehts-toggle")
        page.click("darumgehts-box .darumgehts-feedback summary")
        no_violations(page, axe_script, "embed")
        shot(page, tmp_path, "einbettung")
        more.click()
        page.wait_for_url(f"{service}/ueber-darum-gehts")
        assert "So entsteht" in page.locator("h1").inner_text()
        ctx.close()


def test_demo_page_works_on_its_own(browser, tmp_path, settings):
    summarizer = Summarizer.from_settings(settings)
    articles = demo_articles()
    page_html = demo_page(articles, [summarizer(a) for a in articles], summarizer.style)
    path = tmp_path / "index.html"
    path.write_text(page_html, "utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page_html)
    assert len(ids) == len(set(ids)), "ids are unique"
    assert 'action=""' not in page_html and "<link" not in page_html and "<script src" not in page_html
    ctx = browser.new_context()
    page = ctx.new_page()
    page.goto(path.as_uri())
    box = page.locator("darumgehts-box").first
    assert box.locator(".darumgehts-box").evaluate("n => getComputedStyle(n).borderLeftStyle") == "solid"  # CSS inside
    toggle = box.locator(".darumgehts-toggle")
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert box.locator(".darumgehts-bullets li").nth(1).is_visible()
    for form in page.locator("darumgehts-box form").all():
        assert form.get_attribute("action")
    box.locator(".darumgehts-feedback summary").click()
    box.locator("input[name=helpful][value=true]").check()
    box.locator(".darumgehts-send").click()
    assert "Demo-Seite" in box.locator(".darumgehts-status").inner_text()
    box.locator(".darumgehts-more-info").click()
    assert page.url.endswith("#ueber-darum-gehts") and page.locator("#ueber-darum-gehts h1").inner_text().startswith("So entsteht")
    ctx.close()
