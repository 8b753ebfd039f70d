"""Analyse: German text -> sentences with tokens, lemmas, numbers and names."""

from __future__ import annotations

from bisect import bisect_right

from ..models import BLOCK_SEPARATOR, Article, Document, Sentence
from . import names, numbers, sentences, tokens

__all__ = ["BLOCK_SEPARATOR", "analyse", "analyse_sentence", "names", "numbers", "sentences", "tokens"]


def analyse(article: Article) -> Document:
    """Split the article's lead and body into analysed sentences.

    ``Document.text`` is ``Article.text``, the lead and paragraphs joined by blank lines; every
    sentence's ``start``/``end`` are offsets into it. Numbers and names are found
    once per block and handed to the sentences that contain them.
    """
    out: list[Sentence] = []
    pos = 0
    for p_index, block in enumerate(article.blocks()):
        if p_index:
            pos += len(BLOCK_SEPARATOR)
        crosshead = block.kind == "crosshead"
        spans = [(pos, pos + len(block.text))] if crosshead else sentences.split_spans(block.text, pos)
        starts = [s for s, _ in spans]
        block_numbers = numbers.find_numbers(block.text, pos)
        block_names = names.find_names(block.text, pos, [s - pos for s in starts])
        first = len(out)
        for start, end in spans:
            text = block.text[start - pos:end - pos]
            toks = tokens.tokenize(text)
            lems = [tokens.lemma(t) for t in toks]
            out.append(Sentence(len(out), start, end, text, p_index, crosshead, toks, lems, tokens.content_lemmas(toks, lems)))
        for mention in block_numbers:
            out[first + max(0, bisect_right(starts, mention.start) - 1)].numbers.append(mention)
        for mention in block_names:
            out[first + max(0, bisect_right(starts, mention.start) - 1)].names.append(mention)
        pos += len(block.text)
    text = article.text
    title_tokens = tokens.tokenize(article.title or "")
    return Document(article, text, out, set(tokens.content_lemmas(title_tokens)))


def analyse_sentence(text: str) -> Sentence:
    """One sentence on its own (a bullet), analysed as the article's sentences are.

    Offsets are into ``text``; ``index`` and ``paragraph`` are -1."""
    toks = tokens.tokenize(text)
    lems = [tokens.lemma(t) for t in toks]
    return Sentence(-1, 0, len(text), text, -1, False, toks, lems, tokens.content_lemmas(toks, lems),
                    numbers.find_numbers(text), names.find_names(text))
