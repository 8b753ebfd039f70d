"""A box is never computed twice for the same content, style, backend and model version; another style makes one."""

from __future__ import annotations

from darumgehts.cache import CacheKey, Generation, content_hash
from darumgehts.ingest import parse_text
from darumgehts.newsroom import articles
from darumgehts.pipeline import Summarizer

from .conftest import ARTICLE_TEXT, make_newsroom


def _article(aid="zvv"):
    art = parse_text(ARTICLE_TEXT, aid)
    art.id = aid
    return art


def test_the_newsroom_reuses_a_box_until_style_or_model_change(tmp_path):
    blick = make_newsroom(tmp_path)
    first, made = blick.submit_article(_article())
    again, made_again = blick.submit_article(_article())
    assert made and not made_again and again.summary_id == first.summary_id
    key = articles.current_key(blick.store, "zvv")
    assert key == CacheKey(content_hash(_article()), Generation.of(Summarizer.from_settings(blick.settings)))
    blick.close()
    other = make_newsroom(tmp_path, style="20min")  # the same database, another house style
    box, made = other.submit_article(_article())
    assert made and box.style == "20min" and box.article_version == 1 and box.status == "published"
    assert other.summary(first.summary_id).status == "superseded"
    same, made = other.submit_article(_article())
    assert not made and same.summary_id == box.summary_id
    other.close()
    other.store.close()
    blick.store.close()
