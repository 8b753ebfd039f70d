"""Analyse: German text -> sentences with tokens, lemmas, numbers and names."""

from __future__ import annotations

from ..models import Article, Document, Sentence
from . import names, numbers, sentences, tokens

__all__ = ["analyse", "names", "numbers", "sentences", "tokens"]

BLOCK_SEPARATOR = "\n\n"


def analyse(article: Article) -> Document:
    """Split the article's lead and body into analysed sentences.

    ``Document.text`` is the lead and paragraphs joined by blank lines; every
    sentence's ``start``/``end`` are offsets into it.
    """
    parts: list[str] = []
    out: list[Sentence] = []
    pos = 0
    for p_index, block in enumerate(article.blocks()):
        if parts:
            pos += len(BLOCK_SEPARATOR)
        parts.append(block.text)
        crosshead = block.kind == "crosshead"
        spans = [(pos, pos + len(block.text))] if crosshead else sentences.split_spans(block.text, pos)
        for start, end in spans:
            out.append(_sentence(len(out), start, end, block.text[start - pos:end - pos], p_index, crosshead))
        pos += len(block.text)
    text = BLOCK_SEPARATOR.join(parts)
    title_tokens = tokens.tokenize(article.title or "")
    return Document(article, text, out, set(tokens.content_lemmas(title_tokens)))


def _sentence(index: int, start: int, end: int, text: str, paragraph: int, crosshead: bool) -> Sentence:
    toks = tokens.tokenize(text)
    return Sentence(
        index=index,
        start=start,
        end=end,
        text=text,
        paragraph=paragraph,
        crosshead=crosshead,
        tokens=toks,
        lemmas=[tokens.lemma(t) for t in toks],
        numbers=numbers.find_numbers(text, start),
        names=names.find_names(text, start),
    )
