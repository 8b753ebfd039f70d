"""Hypothesis for the pages' small parsers: the list's dates, the «back» address of a form, the article's blocks."""

import re
from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from darumgehts.beleg import article_blocks
from darumgehts.models import Article, Bullet, Paragraph, SourceSpan
from darumgehts.serve.boxes import parse_day, swiss
from darumgehts.serve.editor import back_to, own_page


@given(st.dates(min_value=date(1000, 1, 1)))
def test_a_day_reads_back_in_both_forms(day):
    assert parse_day(swiss(day)) == day
    assert parse_day(day.isoformat()) == day


@given(st.text(max_size=30))
def test_any_text_is_a_day_or_a_value_error(text):
    try:
        assert parse_day(text) is None or isinstance(parse_day(text), date)
    except ValueError:
        pass


@given(st.text(max_size=80))
def test_back_stays_on_the_newsroom_pages(back):
    target = own_page(back)
    assert target.startswith("/redaktion") and "//" not in target and ":" not in target.split("?")[0].split("/redaktion", 1)[0]
    location = back_to({"back": back}, "withdraw").headers["location"]
    assert location.startswith("/redaktion") and location.endswith("ok=withdraw") and "\n" not in location


def test_back_refuses_other_places():
    for back in ("javascript:alert(1)", "https://evil.example/redaktion", "//evil.example/redaktion", "/redaktion//evil.example",
                 "/redaktion\n/x", "/redaktionx"):
        assert own_page(back) == "/redaktion", back
    assert own_page("/redaktion/boxen?q=Br%C3%BCcke&status=all") == "/redaktion/boxen?q=Br%C3%BCcke&status=all"


paragraph = st.text(alphabet=st.sampled_from("ab #\n.<>&«»"), max_size=60)


@given(st.text(alphabet="ab .", max_size=30), st.lists(paragraph, max_size=5), st.data())
def test_blocks_keep_the_text_and_mark_exact_sentences(lead, paragraphs, data):
    article = Article("t", lead=lead or None, paragraphs=[Paragraph(p) for p in paragraphs])
    text = article.text
    spans = []
    if text:
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        spans.append(SourceSpan(0, start, end))
    blocks = article_blocks(article, [Bullet("b", evidence=spans)])
    html = "".join(str(b.html) for b in blocks)
    assert all(isinstance(b.html, Markup) for b in blocks)
    assert "<" not in re.sub(r'</?span[^>]*>', "", html)  # the article's own < is escaped
    assert len(re.findall(r'id="satz-1"', html)) <= 1  # ids stay unique
