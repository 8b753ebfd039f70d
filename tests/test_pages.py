"""Real pages in: the sample pages (tests/fixtures/pages, imitating Swiss and German news sites, fictional text)
give the article's body, never its non-content, read the site's own summary box as the reference, and read a live
ticker newest first with its times out of the text."""

import json

import pytest

from darumgehts.ingest import parse_html, read_data
from darumgehts.ingest.pagerules import page_rules
from darumgehts.pipeline import Summarizer

from .conftest import FIXTURES

PAGES = FIXTURES / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text("utf-8"))


def _article(name):
    return parse_html((PAGES / name).read_text("utf-8"), name.removesuffix(".html"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_page_gives_the_body_and_no_noncontent(name):
    spec, art = EXPECTED[name], _article(name)
    assert art.title == spec["title"]
    assert art.lead == spec["lead"]
    assert [p.text for p in art.paragraphs if p.kind == "p"] == spec["body"]
    text = art.text + " ".join(c.text for c in art.captions)
    for snippet in spec["noncontent"]:
        assert snippet not in text, snippet


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_sites_own_summary_box_is_the_reference_never_input(name):
    spec, art = EXPECTED[name], _article(name)
    assert art.reference == spec["reference"]
    for item in spec["reference"] or []:
        assert item not in art.text


@pytest.mark.parametrize("name", [n for n in sorted(EXPECTED) if "times" in EXPECTED[n]])
def test_live_ticker_newest_first_and_times_not_text(name):
    spec, art = EXPECTED[name], _article(name)
    assert art.ticker
    assert [p.time for p in art.paragraphs if p.kind == "p"] == spec["times"]
    assert spec["times"] == sorted(spec["times"], reverse=True)
    for time in spec["times"]:
        assert time not in art.text and time.replace(":", ".") not in art.text


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_bullet_carries_noncontent(name, settings):
    [item] = list(read_data((PAGES / name).read_bytes(), name, settings))
    summary = Summarizer.from_settings(settings)(item.article)
    assert summary.bullets
    for bullet in summary.bullets:
        assert not page_rules().is_noncontent(bullet.text)
        for snippet in EXPECTED[name]["noncontent"]:
            assert snippet not in bullet.text


def test_a_ticker_is_read_as_its_latest_entries(settings):
    name = "blick.ch.liveticker-a2.html"
    [item] = list(read_data((PAGES / name).read_bytes(), name, settings))
    for older in EXPECTED[name]["older"]:
        assert older not in item.article.text
    summary = Summarizer.from_settings(settings)(item.article)
    latest = [item.article.lead] + EXPECTED[name]["body"]
    for bullet in summary.bullets:
        source = item.article.text[bullet.sources[0].start:bullet.sources[0].end]
        assert any(source in block for block in latest)


@pytest.mark.parametrize("text, expected", [
    ("Wenn du zustimmst, können Cookies gesetzt und Daten an externe Anbieter übermittelt werden.", True),
    ("Externe Inhalte", True),
    ("Lesen Sie auch: Wo Zürich noch bauen kann", True),
    ("An dieser Stelle beenden wir unseren Liveticker.", True),
    ("Dieser Artikel ist exklusiv für Abonnentinnen und Abonnenten.", True),
    ("Anzeige", True),
    ("Anzeige, enthält Affiliate Links", True),
    ("Bild anzeigen Bild schliessen", True),
    ("Mit meinem kostenlosen Newsletter verpasst du keine Artikel mehr.", True),
    ("Informationsschreiben vom 14. Oktober 2021 PDF | 38 KB | Datei ist nicht barrierefrei", True),
    ("Auskunft über vergangenes Wetter… mehr", True),
    ("Die Bahn will bis 2030 mehr Züge, sagte der Direktor, und die Kunden wollen noch mehr", False),
    ("Die Polizei hat Anzeige gegen Unbekannt erstattet.", False),
    ("Der Bundesrat will Cookies auf Websites strenger regeln, sagte die Ministerin.", False),
    ("Die Newsletter-Abos der Zeitung sind gestiegen, wie der Verlag mitteilte, und das freut die Redaktion sehr.", False),
])
def test_noncontent_rules(text, expected):
    assert page_rules().is_noncontent(text) is expected


TICKER_MD = """Die Lage am Abstimmungssonntag im Überblick. Die Resultate aus den Kantonen treffen laufend ein.

## 12.10 Uhr Erste Hochrechnung

Die erste Hochrechnung zeigt ein knappes Ja zur Initiative. Der Fehlerbereich liegt bei drei Prozentpunkten, wie das Institut mitteilte.

## 14.45 Uhr

Die Mehrheit der Kantone sagt Nein. Damit scheitert die Initiative am Ständemehr, obwohl das Volk knapp zustimmt.

## Reaktionen

Die Umweltverbände zeigten sich enttäuscht. Sie wollen das Anliegen mit einem neuen Vorstoss im Parlament weiterverfolgen.
"""


def test_markdown_crossheads_sent_through_the_api_are_crossheads_with_their_time(settings):
    from darumgehts.newsroom.work import Submission, read_submission

    article = read_submission(Submission("ticker-1", record={"title": "Abstimmung", "text": TICKER_MD}), settings)
    assert article.ticker
    assert "##" not in article.text and "12.10" not in article.text and "14.45" not in article.text
    assert [(p.kind, p.time, p.text[:30]) for p in article.paragraphs] == [
        ("p", None, "Die Lage am Abstimmungssonntag"),
        ("p", "14:45", "Die Mehrheit der Kantone sagt "),
        ("crosshead", "14:45", "Reaktionen"),
        ("p", "14:45", "Die Umweltverbände zeigten sic"),
        ("crosshead", "12:10", "Erste Hochrechnung"),
        ("p", "12:10", "Die erste Hochrechnung zeigt e"),
    ]


def test_a_single_time_in_an_article_is_text():
    from darumgehts.ingest import article_from_record

    text = "## Der Ablauf\n\nUm 14.30 Uhr beginnt die Sitzung des Gemeinderats im Stadthaus.\n\n14.30 Uhr: Die Sitzung beginnt mit einer Schweigeminute."
    article = article_from_record({"id": "a", "text": text}, "a")
    assert not article.ticker
    assert [p.kind for p in article.paragraphs] == ["crosshead", "p", "p"]
    assert article.paragraphs[2].text.startswith("14.30 Uhr:")


def test_summary_box_by_heading_with_a_list_beside_it():
    html = ("<html><body><article><h1>Titel</h1><h3>Das Wichtigste in Kürze</h3><ul><li>Erster Punkt</li><li>Zweiter Punkt</li></ul>"
            + "<p>" + "Der Gemeinderat hat am Montag ein neues Budget beschlossen, das mehr Geld für Schulen vorsieht. " * 3 + "</p>"
            + "<p>" + "Die Opposition kritisierte die Pläne als zu teuer und kündigte ein Referendum an, wie sie mitteilte. " * 3 + "</p>"
            + "</article></body></html>")
    art = parse_html(html, "x")
    assert art.reference == ["Erster Punkt", "Zweiter Punkt"]
    assert "Erster Punkt" not in art.text and "Das Wichtigste" not in art.text


def test_comments_after_their_heading_are_not_input():
    body = "<p>" + "Der Stadtrat hat am Dienstag die neue Verkehrsordnung für die Innenstadt vorgestellt und will sie 2027 einführen. " * 3 + "</p>"
    html = (f"<html><body><article><h1>Titel</h1>{body}{body.replace('Stadtrat', 'Kantonsrat')}</article>"
            "<div class='titlebar'>Kommentare (2)</div><div><h3>#1 Kommentar von Leser</h3><p>Das finde ich eine sehr gute Idee.</p></div>"
            "</body></html>")
    art = parse_html(html, "x")
    assert "gute Idee" not in art.text and "Kommentar von" not in art.text


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from darumgehts.ingest.ticker import split_time, timed  # noqa: E402
from darumgehts.models import Paragraph  # noqa: E402

_times = st.builds(lambda h, m, sep: f"{h}{sep}{m:02d} Uhr", st.integers(0, 23), st.integers(0, 59), st.sampled_from([".", ":"]))
_words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöü ,.", min_size=1, max_size=40).filter(lambda t: t.strip() and not t[0].isdigit())
_paragraph = st.one_of(
    st.builds(lambda w: Paragraph(w.strip()), _words),
    st.builds(lambda t, w: Paragraph(f"{t} {w.strip()}", "crosshead"), _times, _words),
    st.builds(lambda t: Paragraph(t, "crosshead"), _times),
)


@given(st.lists(_paragraph, max_size=12))
def test_timed_moves_times_out_of_the_text_or_leaves_the_article_alone(paragraphs):
    out, ticker = timed(paragraphs)
    if not ticker:
        assert out == paragraphs
        return
    texts = {p.text for p in paragraphs} | {split_time(p.text)[1] for p in paragraphs}
    for p in out:
        assert p.text and p.text in texts
        assert split_time(p.text)[0] is None or p.time is None


@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 59)), min_size=2, max_size=8, unique=True), st.booleans())
def test_a_ticker_comes_newest_first_whichever_way_the_page_lists_it(clock_times, oldest_first):
    clock_times = sorted(clock_times, reverse=not oldest_first)
    paragraphs = [p for h, m in clock_times for p in (Paragraph(f"{h}.{m:02d} Uhr", "crosshead"), Paragraph(f"Eintrag um {h} {m}"))]
    out, ticker = timed(paragraphs)
    times = [p.time for p in out]
    assert ticker and times == sorted(times, reverse=True)
    assert len(set(times)) == min(len(clock_times), 4)


@given(st.integers(0, 23), st.integers(0, 59), st.sampled_from([".", ":"]), st.sampled_from([" Uhr", " Uhr –", " |", ":", " Uhr:"]))
def test_split_time_reads_every_clock_time(h, m, sep, tail):
    assert split_time(f"{h}{sep}{m:02d}{tail} Neue Lage")[0] == f"{h:02d}:{m:02d}"


@pytest.mark.parametrize("text", ["12.10 Franken kostet das Billett.", "4.60 Franken statt 4.40", "2026 war ein gutes Jahr", "30.11.2026 ist ein Montag."])
def test_numbers_are_not_times(text):
    assert split_time(text)[0] is None


def test_a_wrapper_that_holds_the_article_is_never_noncontent():
    body = "".join(f"<p>Der Gemeinderat hat am Montag Punkt {i} des neuen Budgets beschlossen, das mehr Geld für die Schulen vorsieht.</p>"
                   for i in range(4))
    html = (f"<html><body><div class='page page--with-sidebar share'><h1>Budget beschlossen</h1>{body}</div>"
            "<div class='sidebar'><p>Meistgelesen: Ein anderer Artikel über etwas ganz anderes, das hier nicht hingehört.</p></div>"
            "<div class='cookie-banner'>" + "Wir verwenden Cookies. " * 200 + "</div></body></html>")
    art = parse_html(html, "x")
    assert "Punkt 3 des neuen Budgets" in art.text
    assert "Meistgelesen" not in art.text and "Cookies" not in art.text


def test_a_paragraph_that_is_only_a_link_is_not_input():
    body = "".join(f"<p>Der Gemeinderat hat am Montag Punkt {i} des neuen Budgets beschlossen, das mehr Geld für die Schulen vorsieht.</p>"
                   for i in range(4))
    html = (f"<html><body><article><h1>Budget beschlossen</h1>{body}"
            "<p><a href='/x'>Kanton Zürich senkt die Steuern für Familien deutlich</a></p>"
            "<p>Die Opposition will mit einer <a href='/y'>Volksinitiative</a> dagegen vorgehen, wie sie am Dienstag mitteilte.</p>"
            "</article></body></html>")
    art = parse_html(html, "x")
    assert "senkt die Steuern" not in art.text
    assert "Die Opposition will mit einer Volksinitiative dagegen vorgehen" in art.text
