"""Names of persons, places and organisations.

German capitalises every noun, so "capitalised" is not enough. A capitalised
token counts as a name when it is in the packaged list of names that are also
dictionary words (Bern, Nato, Bundesrat), when it is an acronym (SVP, UBS), or
when simplemma's German dictionary does not know it and it is not a compound
of a known noun (Gerassimow yes, Sturmflutwarnung no). Hyphenated compounds
contribute their name part: "Nato-Angaben" gives "Nato".
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache

from ..models import NameMention
from ..resources import sectioned_list, table, word_list
from ..resources import text as resource_text
from . import lexicon

# A capital first (so the regex engine can scan fast); a word that continues
# another one (iPhone, Nato-Angaben's "Angaben") is skipped in find_names.
_OPENING = " «»„“\"'‚(–-"
_CAP = re.compile(r"[A-ZÄÖÜ]\w*(?:-\w+)*")
_ACRONYM = re.compile(r"^[A-ZÄÖÜ]{2,6}\d?$|^[A-ZÄÖÜ][a-z]?[A-ZÄÖÜ]{1,4}$")


@lru_cache(maxsize=1)
def _gazetteer() -> frozenset[str]:
    return word_list("de/names.txt")


@lru_cache(maxsize=1)
def _contexts() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Names that are common words before or after certain words (Mitte Februar, im Zug): data/de/name_contexts.toml."""
    data = tomllib.loads(resource_text("de/name_contexts.toml"))
    return ({k: frozenset(v) for k, v in data["common_before"].items()},
            {k: frozenset(v) for k, v in data["common_after"].items()})


def _common_here(word: str, text: str, start: int, end: int) -> bool:
    """Is the gazetteer name ``word`` at ``start``-``end`` the common word here (Mitte Februar, Mitte 2025, im Zug)?"""
    before, after = _contexts()
    following = before.get(word)
    if following is not None and text[end:end + 1].isspace():
        nxt = text[end:end + 20].split(None, 1)
        head = nxt[0].rstrip(".,;:!?") if nxt else ""
        if head in following or head[:1].isdigit():
            return True
    preceding = after.get(word)
    if preceding is not None and text[start - 1:start] == " ":
        prev = text[max(0, start - 20):start].split()
        if prev and prev[-1].lower() in preceding:
            return True
    return False


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    return word_list("de/first_names.txt")


@lru_cache(maxsize=1)
def _never_names() -> frozenset[str]:
    """Capitalised words that are units, scales or abbreviations (Mio, CHF, Fr, Dr), never names."""
    words = set(table("de/units.tsv")) | set(table("de/scales.tsv")) | set(sectioned_list("de/abbreviations.txt")[""])
    return frozenset(w.rstrip(".") for w in words)


@lru_cache(maxsize=1)
def _starters() -> frozenset[str]:
    return word_list("de/sentence_starters.txt")


def _known(token: str) -> bool:
    """Known to the German dictionary, also in Swiss spelling (ss for ß)."""
    if lexicon.is_known(token):
        return True
    return "ss" in token and lexicon.is_known(token.replace("ss", "ß"))


@lru_cache(maxsize=16_384)
def is_name_token(token: str, sentence_initial: bool = False) -> bool:
    if token in _gazetteer():
        return True
    if token in _never_names():
        return False
    if _ACRONYM.match(token):
        return True
    if sentence_initial and token in _starters():
        return False
    if len(token) < 3 or _known(token):
        return False
    # a compound whose head is a known noun is a common noun, not a name
    for i in range(3, len(token) - 3):
        head = token[i:]
        if _known(head[0].upper() + head[1:]):
            return False
    return True


@lru_cache(maxsize=50_000)
def _name_parts(word: str, sentence_initial: bool) -> tuple[tuple[int, int], ...]:
    """Spans (relative to ``word``) of the name parts of one capitalised word."""
    if "-" not in word:
        return ((0, len(word)),) if is_name_token(word, sentence_initial) else ()
    parts = word.split("-")
    if all(p[:1].isupper() for p in parts) and not _known(parts[-1]):
        # Baume-Schneider, Baden-Württemberg: the whole word is one name
        return ((0, len(word)),) if any(is_name_token(p) for p in parts) or word in _gazetteer() else ()
    spans, pos = [], 0
    for i, p in enumerate(parts):
        if p[:1].isupper() and is_name_token(p, sentence_initial and i == 0):
            spans.append((pos, pos + len(p)))
        pos += len(p) + 1
    return tuple(spans)


def find_names(text: str, offset: int = 0, sentence_starts: Sequence[int] = (0,)) -> list[NameMention]:
    """Names in ``text``; adjacent name tokens are joined (Waleri Gerassimow).

    ``sentence_starts`` (offsets into ``text``, sorted) tell which words open a
    sentence, where capitalisation says nothing about being a name."""
    raw: list[tuple[int, int]] = []
    initials = set()
    for start in sentence_starts:
        while start < len(text) and text[start] in _OPENING:
            start += 1
        initials.add(start)
    pending_first: tuple[int, int] | None = None  # a first name waiting for its surname
    for m in _CAP.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        if before.isalnum() or before in "_-":
            continue
        initial = m.start() in initials
        parts = () if _common_here(m.group(0), text, m.start(), m.end()) else _name_parts(m.group(0), initial)
        if not parts and pending_first and pending_first[1] + 1 == m.start() and not initial and (
                "-" in m.group(0) or m.group(0) not in _never_names()):
            # a surname after a first name, also a dictionary word: Stefan Keller, Karin Keller-Sutter
            parts = ((0, len(m.group(0))),)
        if parts and pending_first and pending_first[1] + 1 == m.start() + parts[0][0]:
            raw.append(pending_first)
        pending_first = m.span() if m.group(0) in _first_names() and not parts else None
        for a, b in parts:
            raw.append((m.start() + a, m.start() + b))
    joined: list[list[int]] = []
    for a, b in raw:
        if joined and text[joined[-1][1]:a] == " ":
            joined[-1][1] = b
        else:
            joined.append([a, b])
    return [NameMention(text[a:b], a + offset, b + offset) for a, b in joined]
