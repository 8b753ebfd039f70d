import gzip
import json

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from darumgehts.errors import InputError
from darumgehts.ingest import parse_html, parse_text, read, read_data

from .conftest import ARTICLE_TEXT, FIXTURES


def test_markdown_paragraphs_crossheads_and_title():
    art = parse_text(ARTICLE_TEXT, "zvv")
    assert art.title == "Zürcher Verkehrsbetriebe erhöhen die Preise"
    kinds = [p.kind for p in art.paragraphs]
    assert kinds == ["p", "p", "crosshead", "p", "p"]
    assert art.paragraphs[2].text == "Kritik von der SP"


def test_front_matter_sets_metadata_and_captions():
    text = '+++\ntitle = "Titel"\nlead = "Der Lead."\ndate = 2026-11-20\n[[captions]]\ntext = "Bild"\ncredit = "Foto: X"\n+++\nText hier.\n\nNoch mehr.'
    art = parse_text(text, "a")
    assert (art.title, art.lead, art.published) == ("Titel", "Der Lead.", "2026-11-20")
    assert art.captions[0].credit == "Foto: X"


def test_html_reads_lead_captions_crossheads_and_keeps_the_box_out(settings):
    art = parse_html((FIXTURES / "artikel.html").read_text("utf-8"), "bahn")
    assert art.title == "Bahnstrecke nach Unwetter gesperrt"
    assert art.lead.startswith("Nach heftigen Regenfällen")
    assert art.captions[0].text.startswith("Ein Murgang hat das Gleis")
    assert art.captions[0].credit == "Foto: Demo-Agentur"
    assert ("crosshead", "Schäden von 2,5 Millionen Franken") in [(p.kind, p.text) for p in art.paragraphs]
    assert art.reference == ["Eine alte Zusammenfassung, die nicht zur Eingabe gehört", "Sie wird nur als Referenz gelesen"]
    assert "alte Zusammenfassung" not in art.body and "alte Zusammenfassung" not in (art.lead or "")
    assert art.author == "Nina Frei"
    assert art.published == "2026-11-20"


def test_json_with_cms_aliases(settings):
    record = {"uuid": "x1", "headline": "Titel", "teaser": "Kurz.", "body": ARTICLE_TEXT.split("\n", 2)[2],
              "datePublished": "2026-11-01"}
    [item] = list(read_data(json.dumps(record), "a.json", settings))
    assert item.error is None
    assert (item.article.id, item.article.title, item.article.lead) == ("x1", "Titel", "Kurz.")


def test_jsonl_keeps_going_after_bad_lines(tmp_path, settings):
    good = {"id": "g1", "title": "T", "text": ARTICLE_TEXT}
    path = tmp_path / "a.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "e1", "text": ""}) + "\n" + json.dumps(good | {"id": "g2"}) + "\n")
    items = list(read(str(path), settings))
    assert [i.id for i in items] == ["g1", "a.jsonl.gz:2", "e1", "g2"]
    assert items[1].error.startswith("line 2 is not valid JSON")
    assert "no article text" in items[2].error
    assert items[3].article is not None


def test_rss_and_atom(settings):
    items = list(read(str(FIXTURES / "feed.rss"), settings))
    assert items[0].article.title == "Neue Velowege in Bern"
    assert ("crosshead", "Kritik vom Gewerbe") in [(p.kind, p.text) for p in items[0].article.paragraphs]
    assert "words" in items[1].error  # the short entry is reported, not summarized
    [atom] = list(read(str(FIXTURES / "feed.atom"), settings))
    assert atom.article.title == "See-Rettung vor Romanshorn" and atom.article.url == "https://demo.example/see"


def test_url_source(http_server, settings):
    http_server.route("/artikel", (FIXTURES / "artikel.html").read_text("utf-8"))
    [item] = list(read(http_server.base + "/artikel", settings))
    assert item.article.title == "Bahnstrecke nach Unwetter gesperrt"


@pytest.mark.parametrize(
    "route, kwargs, overrides, message",
    [
        ("/pdf", {"body": b"%PDF-1.4", "ctype": "application/pdf"}, {}, "Content-Type application/pdf"),
        ("/gone", {"body": "weg", "status": 404}, {}, "answered HTTP 404"),
        ("/big", {"body": "x" * 5000}, {"fetch_max_bytes": 1000}, "over the limit of 1,000 bytes"),
        ("/slow", {"body": "spät", "delay": 2.0}, {"fetch_timeout": 0.3}, "did not answer within 0.3 seconds"),
    ],
)
def test_url_errors_are_clear(http_server, route, kwargs, overrides, message):
    from darumgehts.settings import load_settings

    http_server.route(route, **kwargs)
    with pytest.raises(InputError, match=message):
        list(read(http_server.base + route, load_settings(env={}, **overrides)))


@hsettings(max_examples=60, deadline=None)
@given(st.text(max_size=2000))
def test_text_parser_never_crashes(text):
    try:
        art = parse_text(text, "x")
    except InputError:
        return
    assert all(p.text.strip() for p in art.paragraphs)


@hsettings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/pdivh1 =\"'&;abcäöü.\n")), max_size=400))
def test_html_parser_gives_an_article_or_a_clear_error(markup):
    try:
        art = parse_html(markup, "x")
    except InputError as exc:
        assert str(exc).startswith("x:")
        return
    assert art.id == "x"
