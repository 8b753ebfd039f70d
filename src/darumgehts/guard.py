"""Guard: every number and name in a bullet must occur in the article.

This is the minimum check that runs on every bullet from every backend. The
full fact checker (verdicts, contradictions, hedges, evidence) builds on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .analyse.names import find_names
from .analyse.numbers import find_numbers
from .analyse.tokens import TOKEN
from .models import Document, NumberMention, Problem


@dataclass
class ArticleFacts:
    numbers: list[NumberMention]
    text_lower: str
    _tokens: set[str] | None = None

    @property
    def tokens(self) -> set[str]:
        """Folded article tokens, built the first time a name needs its stem matched."""
        if self._tokens is None:
            self._tokens = set(TOKEN.findall(self.text_lower))
        return self._tokens


def article_facts(doc: Document) -> ArticleFacts:
    art = doc.article
    extra = [art.title or ""] + [c.text for c in art.captions]
    numbers = [n for s in doc.sentences for n in s.numbers]
    for part in extra:
        numbers.extend(find_numbers(part))
    full = "\n".join([doc.text, *extra])
    full = fold(full)
    return ArticleFacts(numbers, full)


def fold(text: str) -> str:
    """Compare spellings, not orthographies: lower case, ß as ss."""
    return text.lower().replace("ß", "ss")


def _same_number(a: NumberMention, b: NumberMention) -> bool:
    if a.unit and b.unit and a.unit != b.unit:
        return False
    return math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-9)


def _word_in_article(word: str, facts: ArticleFacts) -> bool:
    return fold(word) in facts.tokens


def _name_in_article(name: str, facts: ArticleFacts) -> bool:
    low = fold(name)
    if low in facts.text_lower:
        return True
    # inflected or short forms: every part must match an article token by its stem
    for part in low.replace("-", " ").split():
        stem = part[: max(4, len(part) - 2)]
        if part not in facts.tokens and not any(t.startswith(stem) for t in facts.tokens):
            return False
    return True


def guard(bullet: str, facts: ArticleFacts) -> list[Problem]:
    problems: list[Problem] = []
    for n in find_numbers(bullet):
        if n.text.isalpha() and _word_in_article(n.text, facts):
            continue  # a number word the article uses too ("Die Elf" is a team, "Elf" a number)
        if not any(_same_number(n, m) for m in facts.numbers):
            problems.append(Problem("number", n.text, f"The number «{n.text}» does not occur in the article.", n.start, n.end))
    for name in find_names(bullet):
        if not _name_in_article(name.text, facts):
            problems.append(Problem("name", name.text, f"The name «{name.text}» does not occur in the article.", name.start, name.end))
    return problems
