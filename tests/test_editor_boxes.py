"""The editors' whole job on the pages: the list of boxes (search by title and date), withdraw, history with before
and after, readers' feedback per article with comments (mark handled), the dashboard, German labels, Swiss dates,
a confirmation after every action, logout; «Beleg» and crossheads on the article page; the no-JS feedback post."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from darumgehts.beleg import article_blocks, bullet_sources
from darumgehts.models import Article, Bullet, Paragraph, SourceSpan
from darumgehts.newsroom import BoxQuery

from .conftest import ARTICLE_TEXT, auth, make_app_client
from .test_editor_pages import login

BODY = {"id": "zvv-preise", "title": "Zürcher Verkehrsbetriebe erhöhen die Preise", "text": ARTICLE_TEXT.split("\n", 2)[2]}
OTHER = {"id": "kita-tarife", "title": "Kita-Tarife steigen im Kanton", "text": (
    "Die Gemeinde Winterthur erhöht die Tarife für Kitas ab Januar um 4 Prozent. Das beschloss der Stadtrat am Dienstag. "
    "Eltern mit tiefem Einkommen erhalten weiterhin Beiträge. Die Stadt rechnet mit Mehreinnahmen von 1,2 Millionen Franken. "
    "Die Elternvereinigung kritisiert den Entscheid und verlangt eine Übergangsfrist von einem Jahr.")}


@pytest.fixture
def client(tmp_path):
    with make_app_client(tmp_path) as c:
        for body in (BODY, OTHER):
            assert c.post("/api/articles", json=body, headers=auth(c.tokens["ingest"])).status_code == 201
        yield c


def _published(client, article_id):
    return client.get(f"/api/articles/{article_id}/summary").json()["summary_id"]


def test_list_searches_by_title_and_date(client):
    login(client, client.token)
    page = client.get("/redaktion/boxen")
    assert page.status_code == 200
    assert "Zürcher Verkehrsbetriebe erhöhen die Preise" in page.text and "Kita-Tarife steigen" in page.text
    assert "veröffentlicht" in page.text and "published" not in re.sub(r'(value|class)="[^"]*"', "", page.text)
    today = datetime.now(ZoneInfo("Europe/Zurich")).date()  # the pages' time zone (the timezone setting)
    assert today.strftime("%d.%m.%Y") in page.text  # Swiss dates
    found = client.get("/redaktion/boxen", params={"q": "verkehrsBETRIEBE"})
    assert "Zürcher Verkehrsbetriebe" in found.text and "Kita-Tarife" not in found.text
    found = client.get("/redaktion/boxen", params={"von": today.strftime("%d.%m.%Y"), "bis": today.isoformat()})
    assert "Zürcher Verkehrsbetriebe" in found.text and "Kita-Tarife" in found.text
    earlier = client.get("/redaktion/boxen", params={"bis": (today - timedelta(days=2)).isoformat()})
    assert "Keine Zusammenfassung passt" in earlier.text
    bad = client.get("/redaktion/boxen", params={"von": "morgen"})
    assert bad.status_code == 422 and "26.11.2026" in bad.text  # one clear line, no traceback


def test_withdraw_with_confirmation_then_history(client):
    token = login(client, client.token)
    sid = _published(client, "zvv-preise")
    ask = client.get(f"/redaktion/zusammenfassung/{sid}/zurueckziehen")
    assert ask.status_code == 200 and "zurückziehen?" in ask.text
    done = client.post(f"/redaktion/{sid}/withdraw", data={"csrf": token, "comment": "Zahl prüfen", "back": "/redaktion/boxen"},
                       follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/redaktion/boxen?ok=withdraw"
    page = client.get(done.headers["location"])
    assert "ist zurückgezogen" in page.text and 'role="status"' in page.text
    assert client.get("/api/articles/zvv-preise/summary").status_code == 404
    assert "Zürcher Verkehrsbetriebe" not in page.text  # the default filter: published boxes
    assert "Zürcher Verkehrsbetriebe" in client.get("/redaktion/boxen", params={"status": "withdrawn"}).text
    history = client.get("/redaktion/artikel/zvv-preise/verlauf").text
    assert "zurückgezogen" in history and "erstellt" in history and "«Zahl prüfen»" in history
    assert "Vorher" in history and "Nachher" in history and "editor-1" in history


def test_edit_from_the_list_shows_before_and_after(client):
    token = login(client, client.token)
    sid = _published(client, "zvv-preise")
    page = client.get(f"/redaktion/zusammenfassung/{sid}")
    assert page.status_code == 200 and "belegt" in page.text and 'class="darumgehts-beleg"' in page.text
    r = client.post(f"/redaktion/{sid}/edit", data={"csrf": token, "bullets": "Die Jahreskarte wird um 40 Franken teurer",
                                                    "back": f"/redaktion/zusammenfassung/{sid}"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("?ok=edit-published")
    assert "jeder Stichpunkt ist belegt" in client.get(r.headers["location"]).text
    history = client.get("/redaktion/artikel/zvv-preise/verlauf").text
    assert "geändert" in history and "Die Jahreskarte wird um 40 Franken teurer" in history
    r = client.post(f"/redaktion/{_published(client, 'zvv-preise')}/edit", data={"csrf": token, "bullets": "Die Jahreskarte wird um 400 Franken teurer"},
                    follow_redirects=False)
    assert r.headers["location"] == "/redaktion?ok=edit-queued"
    queue = client.get(r.headers["location"]).text
    assert "wartet unter «Zu prüfen»" in queue and "nicht belegt" in queue or "widerspricht dem Artikel" in queue


def test_back_goes_only_to_our_own_pages(client):
    token = login(client, client.token)
    sid = _published(client, "zvv-preise")
    r = client.post(f"/redaktion/{sid}/withdraw", data={"csrf": token, "back": "https://evil.example/x"}, follow_redirects=False)
    assert r.headers["location"] == "/redaktion?ok=withdraw"


def test_feedback_per_article_with_comments_marked_handled(client):
    sid = _published(client, "kita-tarife")
    client.post(f"/api/summaries/{sid}/feedback", json={"helpful": False, "reason": "unvollständig", "comment": "Die Übergangsfrist fehlt."})
    client.post(f"/api/summaries/{sid}/feedback", json={"helpful": True})
    token = login(client, client.token)
    dash = client.get("/redaktion/feedback").text
    assert "Pro Artikel" in dash and "Kita-Tarife steigen im Kanton" in dash and "/redaktion/artikel/kita-tarife/feedback" in dash
    page = client.get("/redaktion/artikel/kita-tarife/feedback")
    assert "Die Übergangsfrist fehlt." in page.text and "Unvollständig" in page.text and "davon 2 offen" in page.text
    fid = int(re.search(r'/redaktion/feedback/(\d+)/erledigt', page.text).group(1))
    back = "/redaktion/artikel/kita-tarife/feedback"
    r = client.post(f"/redaktion/feedback/{fid}/erledigt", data={"csrf": token, "back": back}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == back + "?ok=handled"
    page = client.get(r.headers["location"]).text
    assert "als erledigt markiert" in page and "erledigt von editor-1" in page and "davon 1 offen" in page
    again = client.post(f"/redaktion/feedback/{fid}/erledigt", data={"csrf": token, "back": back}, follow_redirects=False)
    assert again.headers["location"].endswith("ok=handled-before")
    assert client.post(f"/redaktion/feedback/{fid}/erledigt", data={}).status_code == 403  # CSRF
    assert client.post("/redaktion/feedback/999999/erledigt", data={"csrf": token}).status_code == 404
    items = client.newsroom.article_feedback("kita-tarife")
    assert [i.handled_by for i in items if i.feedback_id == fid] == ["editor-1"]


def test_logout_confirms_and_ends_the_session(client):
    token = login(client, client.token)
    assert "Sie sind angemeldet." in client.get("/redaktion?ok=login").text
    assert "Abmelden" in client.get("/redaktion/boxen").text
    r = client.post("/redaktion/logout", data={"csrf": token}, follow_redirects=False)
    assert r.headers["location"] == "/redaktion/login?ok=logout"
    assert "Sie sind abgemeldet." in client.get(r.headers["location"]).text
    assert client.get("/redaktion/boxen", follow_redirects=False).status_code == 303


def test_pages_need_a_login(client):
    for path in ("/redaktion/boxen", "/redaktion/zusammenfassung/1", "/redaktion/artikel/zvv-preise/verlauf",
                 "/redaktion/artikel/zvv-preise/feedback", "/redaktion/zusammenfassung/1/zurueckziehen"):
        assert client.get(path, follow_redirects=False).status_code == 303, path
    assert client.post("/redaktion/feedback/1/erledigt", data={}, follow_redirects=False).status_code == 303
    login(client, client.token)
    assert client.get("/redaktion/artikel/nope/verlauf").status_code == 404
    assert client.get("/redaktion/artikel/%00/feedback").status_code == 404


def test_article_page_has_beleg_links_to_marked_sentences(client):
    page = client.get("/articles/zvv-preise").text
    links = re.findall(r'class="darumgehts-beleg" href="#(satz-\d+)"', page)
    assert links, "every bullet with evidence links to its sentence"
    for anchor in links:
        assert f'id="{anchor}"' in page
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_no_js_feedback_post_confirms(client):
    sid = _published(client, "zvv-preise")
    r = client.post(f"/feedback/{sid}", data={"helpful": "true"}, headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/articles/zvv-preise?feedback=gesendet")
    page = client.get(r.headers["location"]).text
    assert 'class="darumgehts-confirm" role="status">Danke für Ihr Feedback!' in page


def test_list_query_in_the_newsroom(client):
    room = client.newsroom
    assert {b.article_id for b in room.boxes(BoxQuery())} == {"zvv-preise", "kita-tarife"}
    assert [b.article_id for b in room.boxes(BoxQuery("kita kanton"))] == ["kita-tarife"]
    tomorrow = date.today() + timedelta(days=2)
    assert room.boxes(BoxQuery(since=tomorrow)) == []


ARTICLE = Article("t", title="Ticker", lead="Der Lead steht oben.", paragraphs=[
    Paragraph("## 12.10 Uhr: Die Feuerwehr ist vor Ort\nSie löscht den Brand seit dem Mittag."),
    Paragraph("### Weitere Meldungen"),
    Paragraph("Die Polizei sperrt die Strasse. Niemand wurde verletzt."),
    Paragraph("Zwischentitel", "crosshead"),
])


def test_markdown_crossheads_become_headings():
    blocks = [(b.tag, str(b.html)) for b in article_blocks(ARTICLE)]
    assert blocks == [("lead", "Der Lead steht oben."), ("h2", "12.10 Uhr: Die Feuerwehr ist vor Ort"),
                      ("p", "Sie löscht den Brand seit dem Mittag."), ("h3", "Weitere Meldungen"),
                      ("p", "Die Polizei sperrt die Strasse. Niemand wurde verletzt."), ("h2", "Zwischentitel")]


def test_beleg_marks_the_evidence_sentence():
    article = Article("t", lead="Der Lead steht oben.", paragraphs=[Paragraph("Die Polizei sperrt die Strasse. Niemand wurde verletzt.")])
    start = article.text.index("Niemand")
    span = SourceSpan(2, start, start + len("Niemand wurde verletzt."))
    bullet = Bullet("Niemand wurde verletzt", evidence=[span])
    html = [str(b.html) for b in article_blocks(article, [bullet])]
    assert html[1] == 'Die Polizei sperrt die Strasse. <span class="dg-satz" id="satz-3" data-satz="satz-3" tabindex="-1">Niemand wurde verletzt.</span>'
    assert bullet_sources(article, [bullet, Bullet("ohne", evidence=[SourceSpan(0, 500, 600)])])[0].href == "#satz-3"
    assert bullet_sources(article, [Bullet("ohne", evidence=[SourceSpan(0, 500, 600)])]) == [None]


def test_refusals_are_german(client):
    token = login(client, client.token)
    sid = _published(client, "zvv-preise")
    client.post(f"/redaktion/{sid}/withdraw", data={"csrf": token})
    again = client.post(f"/redaktion/{sid}/withdraw", data={"csrf": token})
    assert again.status_code == 409 and "zurückgezogen; nur eine veröffentlichte Zusammenfassung" in again.text
    bad = client.post(f"/redaktion/{sid}/edit", data={"csrf": token, "bullets": "x" * 400})
    assert bad.status_code == 422 and "je höchstens 300 Zeichen" in bad.text


def test_withdraw_page_links_back_only_to_our_pages(client):
    login(client, client.token)
    sid = _published(client, "zvv-preise")
    page = client.get(f"/redaktion/zusammenfassung/{sid}/zurueckziehen", params={"back": "javascript:alert(1)"}).text
    assert "javascript:" not in page and 'href="/redaktion/boxen">Abbrechen' in page


def test_feedback_api_for_editors(client):
    sid = _published(client, "kita-tarife")
    fid = client.post(f"/api/summaries/{sid}/feedback", json={"helpful": False, "comment": "Die Frist fehlt."}).json()["feedback_id"]
    assert client.get("/api/articles/kita-tarife/feedback").status_code == 401
    assert client.get("/api/articles/kita-tarife/feedback", headers=auth(client.tokens["ingest"])).status_code == 403
    items = client.get("/api/articles/kita-tarife/feedback", headers=auth(client.token)).json()
    assert [(i["feedback_id"], i["comment"], i["handled_at"]) for i in items] == [(fid, "Die Frist fehlt.", None)]
    assert "client_hash" not in items[0]
    done = client.post(f"/api/feedback/{fid}/handled", headers=auth(client.token)).json()
    assert done["handled_by"] == "editor-1" and done["handled_at"]
    assert client.post(f"/api/feedback/{fid}/handled", headers=auth(client.token)).json()["handled_at"] == done["handled_at"]
    assert client.post("/api/feedback/999999/handled", headers=auth(client.token)).status_code == 404
    assert client.get("/api/articles/nope/feedback", headers=auth(client.token)).status_code == 404
