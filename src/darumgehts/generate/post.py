"""Post-processing of a model's bullets: the failure modes the checker does not see.

Preambles, Markdown and list debris are removed while parsing (:mod:`.parse`); ß in a Swiss style, quotation marks
and number formats are the style's (:meth:`Style.apply`); an over-long bullet is compressed like any other. What is
left is found here and named as a :class:`Problem`, so the repair request can name it: a bullet in another
language, and a bullet that copies a whole paragraph of the article.
"""

from __future__ import annotations

import simplemma

from ..analyse.tokens import tokenize
from ..models import Document, Problem
from .parse import rules

# Languages a bullet is told apart from; a bullet is foreign when another one explains clearly more of its words.
LANGUAGES = ("de", "en", "fr", "it")
FOREIGN_MARGIN = 0.2


def foreign(text: str) -> str | None:
    """The language of a bullet that is not German (en, fr, it), else None."""
    scores = dict(simplemma.langdetect(text, lang=LANGUAGES))
    best = max(scores, key=scores.get)
    if best != "de" and scores[best] >= scores.get("de", 0.0) + FOREIGN_MARGIN:
        return best
    return None


def _words(text: str) -> list[str]:
    return [t.lower() for t in tokenize(text) if any(ch.isalnum() for ch in t)]


def copied_paragraph(text: str, doc: Document) -> int | None:
    """The index of a paragraph (of at least two sentences) the bullet copies nearly whole, else None."""
    r = rules()
    words = set(_words(text))
    by_paragraph: dict[int, list] = {}
    for s in doc.sentences:
        by_paragraph.setdefault(s.paragraph, []).append(s)
    for index, sentences in by_paragraph.items():
        if len(sentences) < r.copy_min_sentences:
            continue
        para = [w for s in sentences for w in _words(s.text)]
        if para and sum(1 for w in para if w in words) / len(para) >= r.copy_min_share:
            return index
    return None


def problems(text: str, doc: Document) -> list[Problem]:
    """What post-processing finds wrong with one bullet, as problems the repair request names."""
    found = []
    if (lang := foreign(text)) is not None:
        found.append(Problem("language", text, f"Der Punkt ist nicht auf Deutsch (sondern: {lang}).", verdict="unsupported"))
    if copied_paragraph(text, doc) is not None:
        found.append(Problem("copy", text, "Der Punkt kopiert einen ganzen Absatz des Artikels.", verdict="unsupported"))
    return found
