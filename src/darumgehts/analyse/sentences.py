"""German sentence splitter.

Written for darumgehts because no available library is both fast and right on
Swiss/German news: NLTK's punkt needs a download, simplemma's splitter breaks at
"3. Mai" and "z.B.", SoMaJo is right but GPL-licensed and slow. The rules are
data (``data/de/abbreviations.txt``, ``sentence_starters.txt``, ``months.txt``);
this module only applies them.

Every line break is a hard boundary: callers pass paragraphs, and crossheads are
paragraphs of their own.

Quotation marks: a closing mark stays with the sentence it closes. A straight
``"`` (or ``“``, ``»``, ``«``) standing alone between spaces is ambiguous; it
closes when the line has an open quotation before it (pairing), otherwise it
opens the next sentence. A segment with no letter or digit ("(...)", a lone
``"``) is never a sentence of its own: it joins the sentence before it, or the
one after it at the start of a line. Only a line with no letter or digit at all
stays a punctuation-only span, because a line break is never crossed.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..resources import sectioned_list, table, word_list

# A run of terminal punctuation, optional closing quotes/brackets, then space.
_CANDIDATE = re.compile(r"([.!?…]+)([»«“”\"'’‘)\]]*)[ \t\u00a0\u2009\u202f]+")
_LINEBREAK = re.compile(r"\n+")
_INNER_DOTS = re.compile(r"^(?:[A-Za-zÄÖÜäöü]{1,4}\.)+[A-Za-zÄÖÜäöü]{1,4}$")
_DIGITS = re.compile(r"^\d[\d.'’/–-]*$")  # 2014, 11'000, 19./20
_OPENERS = "«„“\"'‚‹([»"
_LEADING_STRIP = "«»„“\"'‚‹‘([{"
# Marks that may open or close a quotation; the value is the mark that opens a
# quotation this one would close.
_PAIRS = {"“": "„", "»": "«", "«": "»"}
_AMBIGUOUS_QUOTES = '"“»«'
_HAS_WORD = re.compile(r"\w")


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    abbr = sectioned_list("de/abbreviations.txt")
    starters = word_list("de/sentence_starters.txt")
    months = frozenset(table("de/months.txt"))
    return abbr[""] | abbr.get("can-end", frozenset()), abbr.get("can-end", frozenset()), starters, months


def _next_word(text: str, pos: int) -> str:
    end = pos
    n = len(text)
    while end < n and not text[end].isspace():
        end += 1
    return text[pos:end].lstrip(_LEADING_STRIP).rstrip(".,;:!?»«“”\"'’)")


def _is_boundary(text: str, m: re.Match, abbreviations, can_end, starters, months) -> bool:
    nxt = m.end()
    if nxt >= len(text):
        return True
    c = text[nxt]
    if c.islower():
        return False
    if not (c.isupper() or c.isdigit() or c in _OPENERS or c in "–-"):
        return False
    punct, closing = m.group(1), m.group(2)
    if punct != ".":
        return True  # ! ? … and runs like "?!" or "..." before a capital
    if closing:
        return True  # «Das ist gut.» Danach ...
    # the word before the period
    start = m.start()
    ws = max(text.rfind(" ", 0, start), text.rfind("\u00a0", 0, start), text.rfind("\n", 0, start))
    word = text[ws + 1 : start].lstrip(_LEADING_STRIP)
    if not word:
        return True
    following = _next_word(text, nxt)
    if word in abbreviations or _INNER_DOTS.match(word):
        if c.isdigit():
            return False  # Art. 5, Nr. 12
        return (word in can_end or bool(_INNER_DOTS.match(word))) and following in starters
    if len(word) == 1 and word.isupper():
        return following in starters  # initials: Donald J. Trump
    if _DIGITS.match(word):
        if following in months:
            return False  # 3. Mai
        if following in starters:
            return True
        return len(word) > 3  # ordinals (4. Platz) stay, years (2014.) end
    if word.endswith(("str", "Str")) and c.isdigit():
        return False  # Bahnhofstr. 12
    return True


def split_spans(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` in ``text``, shifted by ``offset``.

    Leading and trailing whitespace is excluded from every span.
    """
    abbreviations, can_end, starters, months = _rules()
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in _LINEBREAK.split(text) if "\n" in text else (text,):
        line_start = text.find(line, pos) if "\n" in text else 0
        pos = line_start + len(line)
        begin = 0
        first = len(spans)  # index of this line's first span
        n = len(line)
        for m in _CANDIDATE.finditer(line):
            end, nxt = m.end(2), m.end()
            if end < begin:
                continue  # inside a closing quote already taken
            if nxt < n and line[nxt] in _AMBIGUOUS_QUOTES and _closes(line, nxt):
                # «… erfrieren. " Danach»: the lone mark closes this sentence
                end = nxt + 1
                nxt = end + len(line[end:]) - len(line[end:].lstrip())
                if nxt < n and (line[nxt].islower() or line[nxt] in ",;:"):
                    continue
            elif not _is_boundary(line, m, abbreviations, can_end, starters, months):
                continue
            if _add(spans, line, begin, end, line_start + offset, first):
                begin = nxt
        _add(spans, line, begin, len(line), line_start + offset, first, last=True)
    return spans


def _closes(line: str, pos: int) -> bool:
    """Whether the lone quotation mark at ``pos`` closes an open quotation (pairing)."""
    if pos + 1 < len(line) and not line[pos + 1].isspace():
        return False  # no space after: it opens the next word
    before = line[:pos]
    q = line[pos]
    if q == '"':
        return before.count('"') % 2 == 1
    opener = _PAIRS[q]
    return before.count(opener) > before.count(q)


def _add(spans: list[tuple[int, int]], line: str, begin: int, end: int, shift: int, first: int, last: bool = False) -> bool:
    """Add the sentence ``line[begin:end]``; False when it was too short to stand alone.

    A segment without a letter or digit joins the previous sentence of the line;
    at the start of a line it waits for the next one (the caller keeps ``begin``)."""
    seg = line[begin:end]
    stripped = seg.strip()
    if not stripped:
        return True
    lead = len(seg) - len(seg.lstrip())
    start = begin + lead
    if not stripped[0].isalnum() and not _HAS_WORD.search(stripped):
        if len(spans) > first:
            spans[-1] = (spans[-1][0], shift + start + len(stripped))
            return True
        if not last:
            return False
    spans.append((shift + start, shift + start + len(stripped)))
    return True


def split(text: str) -> list[str]:
    """Split German text into sentences."""
    return [text[s:e] for s, e in split_spans(text)]
