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
    ("Die Polizei hat Anzeige gegen Unbekannt erstattet.", False),
    ("Der Bundesrat will Cookies auf Websites strenger regeln, sagte die Ministerin.", False),
    ("Die Newsletter-Abos der Zeitung sind gestiegen, wie der Verlag mitteilte, und das freut die Redaktion sehr.", False),
])
def test_noncontent_rules(text, expected):
    assert page_rules().is_noncontent(text) is expected
