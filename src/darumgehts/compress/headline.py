"""Telegraphic headline forms: «Rund 1500 Soldaten ums Leben gekommen».

Headline German drops the finite auxiliary of a passive or «sein» perfect. In a
telegraphic house style (blick) a sentence of the form

    [fronted phrase] [ist/sind/wurde/wurden/…] [middle field] [participle].

offers the form without the auxiliary, and, when the fronted phrase is an
adjunct that starts with a preposition and holds no negation, hedge or number,
the form without both. Nothing is added or reworded; a subject that stood after
the auxiliary now opens the bullet. The word lists are in data/de/compress.toml.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..analyse.tokens import lemma
from ..resources import text as resource_text
from .rules import rules

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*|\d[\d'’.,]*")
_END = re.compile(r"[.!]?\s*$")


@dataclass(frozen=True)
class HeadlineRules:
    auxiliaries: frozenset[str]
    prepositions: frozenset[str]
    participle: re.Pattern
    max_prefield_words: int


@lru_cache(maxsize=1)
def headline_rules() -> HeadlineRules:
    data = tomllib.loads(resource_text("de/compress.toml"))
    return HeadlineRules(frozenset(data["headline_auxiliaries"]), frozenset(data["headline_droppable_prepositions"]),
                         re.compile(data["headline_participle"]), int(data["headline_max_prefield_words"]))


def _participle(word: str, h: HeadlineRules) -> bool:
    return bool(h.participle.match(word)) and lemma(word) != word.lower()


def headlines(text: str) -> list[str]:
    """The headline forms of a one-clause sentence: without its auxiliary, and also without a fronted adjunct."""
    if any(ch in text for ch in ",;:«»„“\"()–"):
        return []  # one clause only, no quotation
    h = headline_rules()
    words = list(_WORD.finditer(text))
    if len(words) < 4 or not _participle(words[-1].group(0), h):
        return []
    aux = next((i for i, m in enumerate(words[1:h.max_prefield_words + 1], start=1) if m.group(0) in h.auxiliaries), None)
    if aux is None or aux >= len(words) - 1:
        return []
    if any(m.group(0) in h.auxiliaries or m.group(0) == "worden" for m in words[aux + 1:-1]):
        return []  # «ist … worden», two auxiliaries: leave it whole
    head = text[:words[aux].start()].rstrip()
    rest = text[words[aux].end():].lstrip()
    end = _END.search(rest)
    rest = rest[:end.start()] if end else rest
    out = [_cap(f"{head} {rest}")]
    first = words[0].group(0).lower()
    r = rules()
    if first in h.prepositions and not r.protected_pattern.search(head) and not any(ch.isdigit() for ch in head):
        out.append(_cap(rest))
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
