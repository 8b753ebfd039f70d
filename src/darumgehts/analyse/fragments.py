"""Fragments: bullets that are not whole statements.

A fragment has at most :data:`FRAGMENT_MAX_WORDS` words, unbalanced quotes (« »
and ‹ › counted pairwise; „ “ ” together, and ", must come in even numbers) or
brackets, or a timestamp or source prefix («18:17 Uhr - …»). The select stage
never offers one as a bullet, and the evaluation counts them.
"""

from __future__ import annotations

import re

from .discourse import prefix

FRAGMENT_MAX_WORDS = 3

_WORD = re.compile(r"\w")
# Quote marks whose counts must match pairwise: «» (also »«) and ‹› (also ›‹).
_QUOTE_PAIRS = (("«", "»"), ("‹", "›"))
# Quote marks that must come in even numbers: „“ “” „” (German and English
# typography, and the common „…” slip) and straight double quotes.
_EVEN_QUOTES = ("„“”", '"')
_BRACKETS = {")": "(", "]": "[", "}": "{"}
_ANY_BRACKET = re.compile(r"[()\[\]{}]")


def _balanced_brackets(text: str) -> bool:
    if not _ANY_BRACKET.search(text):
        return True
    stack: list[str] = []
    for ch in text:
        if ch in "([{":
            stack.append(ch)
        elif ch in _BRACKETS:
            if not stack or stack.pop() != _BRACKETS[ch]:
                return False
    return not stack


def _balanced_quotes(text: str) -> bool:
    if any(text.count(a) != text.count(b) for a, b in _QUOTE_PAIRS):
        return False
    return all(sum(text.count(ch) for ch in marks) % 2 == 0 for marks in _EVEN_QUOTES)


def fragment_reasons(text: str) -> tuple[str, ...]:
    """Why the bullet is a fragment: "short", "quotes", "brackets", "prefix"; empty when it is none."""
    reasons = []
    words = text.split()
    if len(words) <= 2 * FRAGMENT_MAX_WORDS and sum(1 for w in words if _WORD.search(w)) <= FRAGMENT_MAX_WORDS:
        reasons.append("short")
    if not _balanced_quotes(text):
        reasons.append("quotes")
    if not _balanced_brackets(text):
        reasons.append("brackets")
    if prefix(text.lstrip()) is not None:
        reasons.append("prefix")
    return tuple(reasons)


def is_fragment(text: str) -> bool:
    return bool(fragment_reasons(text))


__all__ = ["FRAGMENT_MAX_WORDS", "fragment_reasons", "is_fragment"]
