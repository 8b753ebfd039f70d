"""Reading and cleaning a language model's answer: JSON, JSON in a fence, Markdown lists, preambles, broken JSON."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from darumgehts.analyse import analyse
from darumgehts.generate import Prompt, Unparseable, parse_bullets, schema
from darumgehts.generate.post import copied_paragraph, foreign
from darumgehts.ingest import parse_text
from darumgehts.style import load_style

from .conftest import ARTICLE_TEXT

B = ["Jahreskarte wird um 40 Franken teurer", "SP kritisiert den Entscheid scharf"]


@pytest.mark.parametrize("answer", [
    json.dumps({"bullets": B}, ensure_ascii=False),
    "```json\n" + json.dumps({"bullets": B}, ensure_ascii=False) + "\n```",
    "Hier sind die Punkte:\n" + json.dumps({"bullets": B}, ensure_ascii=False),
    json.dumps(B, ensure_ascii=False),
    json.dumps({"punkte": [{"text": B[0]}, {"text": B[1]}]}, ensure_ascii=False),
    "- " + B[0] + "\n- " + B[1],
    "* **" + B[0] + "**\n* " + B[1],
    "1. " + B[0] + "\n2) " + B[1],
    "Hier ist die Zusammenfassung:\n\n• " + B[0] + "\n• " + B[1] + "\n\nIch hoffe, das hilft!",
    "Here are the bullets:\n- " + B[0] + "\n- " + B[1],
    '{"bullets": ["' + B[0] + '", "' + B[1] + '"',  # cut off: the complete strings are kept
])
def test_answers_in_every_shape_give_the_same_bullets(answer):
    assert parse_bullets(answer).bullets == B


@pytest.mark.parametrize("answer", ["", "   ", '{"bullets": [', "{bullets: [Jahreskarte teurer", "```\n```", "- \n- **"])
def test_answers_without_a_bullet_are_unparseable(answer):
    with pytest.raises(Unparseable):
        parse_bullets(answer)


@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60)
                .filter(lambda s: any(ch.isalpha() for ch in s)), min_size=1, max_size=5))
def test_any_json_answer_reads_back_or_fails_cleanly(texts):
    try:
        parsed = parse_bullets(json.dumps({"bullets": texts}, ensure_ascii=False))
    except Unparseable:
        return
    assert all(b.strip() == b and b for b in parsed.bullets)


@given(st.text(max_size=300))
def test_any_text_parses_or_raises_unparseable(text):
    try:
        parsed = parse_bullets(text)
    except Unparseable:
        return
    assert parsed.bullets and all(any(ch.isalpha() for ch in b) for b in parsed.bullets)


def test_language_of_a_bullet():
    assert foreign("Single tickets for the city now cost more than before") == "en"
    assert foreign("Rund 1500 Soldaten getötet, 3500 verwundet") is None
    assert foreign("Jahreskarte wird um 40 Franken teurer") is None


def test_a_bullet_that_copies_a_paragraph_is_found():
    doc = analyse(parse_text(ARTICLE_TEXT, "text"))
    para = "Die SP kritisierte den Entscheid scharf. «Der öffentliche Verkehr darf nicht zum Luxus werden», sagte Kantonsrätin " \
           "Anna Meier. Die Partei will im Kantonsrat einen Vorstoss einreichen."
    assert copied_paragraph(para, doc) is not None
    assert copied_paragraph("Die SP kritisierte den Entscheid scharf", doc) is None


def test_the_prompt_comes_from_the_style():
    doc = analyse(parse_text(ARTICLE_TEXT, "text"))
    blick = " ".join(m["content"] for m in Prompt(load_style("blick"), 3).bullets(doc))
    de = " ".join(m["content"] for m in Prompt(load_style("de-DE"), 2).bullets(doc))
    assert "Telegrammstil" in blick and "genau 3" in blick and "Kein Schlusspunkt" in blick and "«ss» statt «ß»" in blick
    assert "Ganze, einfache Sätze" in de and "genau 2" in de and "höchstens 140 Zeichen" in de and "„…“" in de
    assert schema(3)["properties"]["bullets"]["maxItems"] == 3
