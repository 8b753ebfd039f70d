"""The shape of one sentence: its tokens, quotations and clauses.

A sentence is cut at commas (outside quotations and brackets) into segments,
and at a colon, a semicolon or a dash into halves. Each segment gets a kind
from its first words:

- ``main``: a main clause (the sentence's first, one after a colon or dash, or
  a continuation after an inserted clause);
- ``conj``: a further main clause after «, und» / «, aber» / «, sondern»;
- ``dass``: a «dass» clause;
- ``kept``: a clause that makes the rest conditional (wenn, falls, ob, bis):
  nothing in it or of it is ever deleted;
- ``sub``: another subordinate clause (weil, nachdem, wie, als, …);
- ``rel``: a relative clause («, die …» after a noun, «, mit der …»);
- ``appo``: an apposition («, der 68-jährige Armeechef,»);
- ``inf``: an infinitive clause («, die Steuern zu senken»);
- ``other``: anything else (lists, clauses joined without a conjunction).

A segment that continues a clause interrupted by a ``rel``/``appo``/``sub``/``inf``
segment («Die Firma, die …, streicht …») gets that clause's kind and number.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import partial
from itertools import accumulate
from typing import NamedTuple

from ..analyse.names import is_name_token
from .rules import Rules

_DIGIT = re.compile(r"\d")
_QUOTE_CHARS = re.compile(r"[«„“\"‹‚]")
TOKEN = re.compile(r"\w+(?:[-'’.,/:]\w+)*|[^\w\s]")
QUOTATION = re.compile(r"«[^«»]*»|„[^„“”]*[“”]|“[^“”]*”|\"[^\"]*\"|‹[^‹›]*›|‚[^‚‘’]*[‘’]")
INFINITIVE_END = re.compile(r"\bzu\s+[^\W\d_]+$|[^\W\d_]+zu[^\W\d_]+e?n$")  # «zu senken», «abzusichern»
_DASHES = frozenset("–—-")
_HARD = frozenset(";:")
_BRACKETS = frozenset("([")
_CLOSING = frozenset(")]")
INTERRUPTERS = frozenset(("rel", "appo", "sub", "inf"))
# Clause kinds in which adjuncts of time and place may go: not in conditions
# (kept whole), infinitive clauses (complements) or appositions.
ADJUNCT_KINDS = frozenset(("main", "conj", "dass", "rel", "sub"))


class Token(NamedTuple):
    start: int
    end: int
    text: str
    lower: str
    word: bool  # letters or digits (not punctuation)
    cap: bool  # starts with an upper-case letter
    digit: bool  # contains a digit
    quoted: bool  # inside a quotation


_make_token = partial(tuple.__new__, Token)


@dataclass(slots=True)
class Segment:
    start: int  # offset of the separator that opens it (its first token's start for the first)
    first: int  # index of its first token (after the separator)
    stop: int  # index after its last token
    kind: str
    clause: int  # the clause it belongs to: its own index, or that of the clause it continues
    hard: bool  # opened by the sentence start, a colon, a semicolon or a dash
    field_end: int  # first token after the sentence's first field (V2) where adjuncts may start
    report: bool = False  # «wie die Regierung mitteilte»
    restrictive: bool = False  # a relative clause that says which of all are meant («alle Firmen, die …»): it stays


@dataclass(slots=True)
class Parsed:
    text: str
    tokens: list[Token]
    segments: list[Segment]
    quotes: list[tuple[int, int]]
    end: int  # offset of the final punctuation (or len(text))
    bounds: list[int]  # index of the token that opens each segment (its separator; 0 for the first)
    starts: list[int]  # each token's start, for bisect
    words_before: list[int]  # words among the first i tokens
    numbers_before: list[int]  # numbers (digits or number words) among the first i tokens
    vocabulary: frozenset[str]  # its tokens, lower-cased: a cheap test whether a kind of cut can occur

    def segment(self, i: int) -> Segment:
        """The segment token i belongs to (a separator belongs to the segment it opens)."""
        return self.segments[bisect_right(self.bounds, i) - 1]

    def index(self, offset: int) -> int:
        """The first token that starts at or after ``offset``."""
        return bisect_left(self.starts, offset)

    def words_in(self, a: int, b: int) -> int:
        return self.words_before[self.index(b)] - self.words_before[self.index(a)]

    def numbers_in(self, a: int, b: int) -> int:
        return self.numbers_before[self.index(b)] - self.numbers_before[self.index(a)]


def _quotations(text: str) -> list[tuple[int, int]]:
    """Quotations; one that is opened and never closed runs to the end of the sentence."""
    spans = [m.span() for m in QUOTATION.finditer(text)]
    for m in _QUOTE_CHARS.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            spans.append((m.start(), len(text)))
            break
    return spans


def content_end(text: str) -> int:
    return len(text.rstrip(" .!?"))


def _tokens(text: str, quotes: list[tuple[int, int]], number_words: frozenset[str]):
    """The tokens, their starts, and running counts of words and numbers.

    This is the hot loop of the stage: each property is computed for all tokens
    at once, and the tokens are made by C-level calls."""
    ms = list(TOKEN.finditer(text))
    texts = [m.group() for m in ms]
    starts = [m.start() for m in ms]
    lowers = [t.lower() for t in texts]
    firsts = [t[0] for t in texts]
    words = [c.isalnum() for c in firsts]
    digits = [w and not t.isalpha() and _DIGIT.search(t) is not None for t, w in zip(texts, words, strict=True)]
    quoted = [any(a <= s < b for a, b in quotes) for s in starts] if quotes else [False] * len(texts)
    tokens = list(map(_make_token, zip(starts, [m.end() for m in ms], texts, lowers, words,
                                       [c.isupper() for c in firsts], digits, quoted, strict=True)))
    numbers = [d or low in number_words for d, low in zip(digits, lowers, strict=True)]
    return tokens, starts, [0, *accumulate(words)], [0, *accumulate(numbers)], frozenset(lowers)


def _separator(tokens: list[Token], i: int, text: str) -> str | None:
    """"," or "hard" when token i separates segments, else None."""
    t = tokens[i]
    if t.quoted or t.word:
        return None
    if t.text == ",":
        return ","
    if t.text in _HARD and (t.end >= len(text) or text[t.end].isspace()):
        return "hard"
    if t.text in _DASHES and t.start > 0 and text[t.start - 1] == " " and t.end < len(text) and text[t.end] == " ":
        return "hard"
    return None


def is_finite(tokens: list[Token], i: int, r: Rules) -> bool:
    """A likely finite verb: an auxiliary, or a lower-case content word not followed by a noun."""
    t = tokens[i]
    if not t.word or t.cap or t.digit:
        return False
    if t.lower in r.finite_verbs:
        return True
    if t.lower in r.stopwords or t.lower in r.adjunct_modifiers or t.lower in r.protected or t.lower in r.number_words:
        return False
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    # before a noun, a word ending in -t is a verb («sitzt Smart City»), others are adjectives («neue Regierung»)
    return not (nxt and nxt.word and (nxt.cap or nxt.digit)) or t.lower.endswith("t")


def _field_end(tokens: list[Token], first: int, stop: int, r: Rules) -> int:
    """After the first field of a V2 clause: the token after its finite verb (stop if none is found)."""
    for i in range(first + 1, stop):
        if is_finite(tokens, i, r):
            return i + 1
    return stop


def _words(tokens: list[Token], first: int, stop: int) -> list[Token]:
    return [t for t in tokens[first:stop] if t.word]


def _is_apposition(tokens: list[Token], seg_first: int, stop: int, sep: int, r: Rules, final: bool, listed: bool) -> bool:
    """«, der 68-jährige Armeechef,» after a noun or name, ending in a noun, with no verb in it.

    Not a name after a common noun («Der Experte, Dirk Schrader, …»: the name is
    the fact), and not the last of a list («…, das Tor, die Spree.»)."""
    antecedent = tokens[sep - 1] if sep > 0 else None
    if antecedent is None or not antecedent.word or not antecedent.cap or antecedent.digit:
        return False
    words = _words(tokens, seg_first, stop)
    if not 2 <= len(words) <= r.max_apposition_words or any(t.quoted for t in words):
        return False
    first, last = words[0], words[-1]
    if not (first.cap or first.lower in r.apposition_starters or first.lower.endswith(r.apposition_adjective_endings)):
        return False
    if not last.cap or last.digit:
        return False
    if all(t.cap for t in words) and (is_name_token(last.text) or any(t.text in r.first_names for t in words)):
        return False  # «Der Chef, Martin Keller, …»: the name is a fact
    for t in words:
        if t.cap or t.digit:
            continue
        if t.lower in r.finite_verbs or t.lower in r.attribution_verbs or t.lower in r.clause_introducers:
            return False
        if t.lower not in r.stopwords and t.lower not in r.apposition_starters and not t.lower.endswith(r.inflection_endings):
            return False
    if final:  # a trailing apposition describes a person («…, sagte Anna Meier, Kantonsrätin der SP.»), not a list's end
        return not listed and is_name_token(antecedent.text) and not any(t.lower in r.list_conjunctions for t in words)
    nxt = tokens[stop + 1] if stop + 1 < len(tokens) else None
    if nxt is not None and nxt.lower in r.relative_pronouns:
        return True  # «Magyar Nemzet, das Blatt, das … gedruckt hat, hat …»: a relative clause hangs on it
    return bool(nxt and nxt.word and not nxt.cap and not nxt.digit and nxt.lower not in r.clause_introducers
                and nxt.lower not in r.subject_starters)


def _restricts_everything(tokens: list[Token], sep: int, r: Rules) -> bool:
    """The noun a relative clause hangs on is quantified over all («alle Firmen, die …», «jeder, der …»).

    For a clause after the verb («… gebracht werden, die …») the nearest noun before is taken."""
    i, steps = sep - 1, 0
    while i >= 0 and steps < 6 and (not tokens[i].cap or tokens[i].lower in r.universal_determiners):
        if tokens[i].lower in r.universal_determiners:
            return True  # «Jeder, der …»
        i, steps = i - 1, steps + 1
    j = i - 1
    while j >= 0 and tokens[j].word and not tokens[j].cap and steps < 10:
        if tokens[j].lower in r.universal_determiners:
            return True
        j, steps = j - 1, steps + 1
    return False


def _verb_final(words: list[Token], r: Rules) -> bool:
    """A relative clause: the pronoun, then no bare noun, and a finite verb at the end.

    «, der Motor laut und lahm» and «, die Armee habe …» start with an article instead."""
    last = words[-1]
    if last.cap or last.digit or len(words) < 3:
        return False
    if words[0].lower in r.articles and words[1].cap and len(words) <= 4:
        return False
    low = last.lower
    if low in r.finite_verbs or low in r.reported_speech_markers or low in r.attribution_verbs:
        return True
    # stop words include verbs that end a clause («löschen lassen», «kommen»), but not «dann» or «auch»
    return (low not in r.stopwords or low.endswith(("en", "t"))) and not low.endswith(r.adjective_endings)


def _verb_second(words: list[Token], r: Rules) -> bool:
    """«die Armee habe die Stadt eingenommen»: an article, a noun, then a finite verb: a main clause, not a relative one."""
    if len(words) > 2 and (words[1].lower in r.finite_verbs or words[1].lower in r.reported_speech_markers):
        return True  # «, das ist klar»
    if len(words) < 4 or not words[1].cap:
        return False
    verb = words[2].lower
    return verb in r.finite_verbs or verb in r.reported_speech_markers


def _kind(tokens: list[Token], seg: Segment, prev_kind: str, prev2_kind: str, text: str, r: Rules, final: bool,
          listed: bool) -> str:
    words = _words(tokens, seg.first, seg.stop)
    if not words:
        return "other"
    w = words[0].lower
    w2 = words[1].lower if len(words) > 1 else ""
    sep = seg.first - 1
    if _is_apposition(tokens, seg.first, seg.stop, sep, r, final, listed):
        return "appo"
    if w in r.kept_clause_openers:
        return "kept"
    if w in r.complement_conjunctions:
        return "dass"
    own = text[tokens[seg.first].start:tokens[seg.stop - 1].end] if seg.stop > seg.first else ""
    verb_last = not words[-1].cap and not words[-1].digit
    if INFINITIVE_END.search(own) and w not in r.purpose_openers:
        return "inf"
    if w in r.relative_pronouns:
        before = tokens[sep - 1] if sep > 0 else None
        # after a noun, or after the verb that ends a main clause (an extraposed relative clause)
        if before is not None and before.word and not before.digit and _verb_final(words, r) and not _verb_second(words, r):
            return "rel"
    if w in r.relative_prepositions and w2 in r.relative_pronouns and _verb_final(words[1:], r):
        return "rel"  # «, mit der die Stadt …», not «, in den USA …»
    if w in r.droppable_conjunctions or w in r.kept_conjunctions:
        return "conj"
    before = tokens[sep - 1] if sep > 0 else None
    if before is not None and before.lower in r.correlatives and (w in r.droppable_clause_openers or w in r.complement_openers):
        return "dass"  # «Sie tat so, als …»: the clause is what «so» announces
    if w in r.question_openers and not any(t.lower in r.attribution_verbs for t in words[1:]):
        return "dass"  # «bestätigte, was zuvor durchgesickert war»: the verb's object
    if w in r.complement_openers and before is not None and before.word and not before.cap \
            and not any(t.lower in r.attribution_verbs for t in words[1:]):
        return "dass"  # «besprochen, was man tun wolle», «ist das, was …»: the object of the verb or pronoun
    if w in r.droppable_clause_openers and verb_last and (w not in r.purpose_openers or INFINITIVE_END.search(own)):
        return "sub"
    if w in r.infinitive_openers:
        return "inf"
    if _verb_like(words[0], r) and w not in r.subject_starters and w not in r.clause_introducers:
        return "resume"
    if prev_kind in INTERRUPTERS and not words[0].cap and not words[0].digit and w not in r.subject_starters \
            and w not in r.clause_introducers and w not in r.droppable_clause_openers and w not in r.relative_prepositions:
        return "resume"  # «Links zu Webseiten, die …, nicht weltweit entfernen»
    if prev_kind in ("rel", "appo") and prev2_kind in ("dass", "sub", "kept") and words[0].cap and verb_last:
        return "resume-final"  # «dass die Firma, die …, Stellen streicht»: a verb-final clause goes on
    return "other"


def _verb_like(t: Token, r: Rules) -> bool:
    """A word that can be the finite verb with which a main clause goes on after an inserted clause."""
    if t.cap or t.digit:
        return False
    if t.lower in r.finite_verbs or t.lower in r.attribution_verbs:
        return True
    return t.lower not in r.stopwords and t.lower not in r.relative_prepositions and t.lower not in r.adjunct_modifiers \
        and t.lower not in r.number_words and t.lower not in r.relative_pronouns


def parse(text: str, r: Rules) -> Parsed:
    quotes = _quotations(text) if _QUOTE_CHARS.search(text) else []
    tokens, starts, words, numbers, vocabulary = _tokens(text, quotes, r.number_words)
    end = content_end(text)
    last = len(tokens)
    while last and tokens[last - 1].start >= end:
        last -= 1
    separators: list[tuple[int, bool]] = []  # (token index, hard)
    depth = 0
    for i in range(last):
        if tokens[i].word or tokens[i].quoted:
            continue
        t = tokens[i].text
        if t in _BRACKETS:
            depth += 1
        elif t in _CLOSING:
            depth = max(0, depth - 1)
        elif not depth and (kind := _separator(tokens, i, text)):
            separators.append((i, kind == "hard"))
    segments: list[Segment] = []
    sep, hard = -1, True
    for i, next_hard in separators + [(len(tokens), False)]:
        segments.append(Segment(tokens[sep].start if sep >= 0 else 0, sep + 1, min(i, last), "main", len(segments), hard, sep + 1))
        sep, hard = i, next_hard
    _classify(tokens, segments, text, r)
    bounds = [max(s.first - 1, 0) for s in segments]
    return Parsed(text, tokens, segments, quotes, end, bounds, starts, words, numbers, vocabulary)


def _host(segments: list[Segment], n: int) -> int | None:
    """The nearest clause before segment n that an inserted clause can interrupt."""
    for j in range(n - 1, -1, -1):
        if segments[j].kind not in INTERRUPTERS:
            return segments[j].clause
    return None


def _ends_in_verb(tokens: list[Token], seg: Segment, r: Rules) -> bool:
    """A fronted subordinate clause ends in its verb («Nachdem die Polizei kam, …»);
    «Seit Anfang 2017 sitzt die Firma in Zürich, …» is a main clause after a preposition,
    and «Damit könne das Haus …» one after an adverb (its verb comes second)."""
    words = _words(tokens, seg.first, seg.stop)
    if len(words) > 1 and (words[1].lower in r.finite_verbs or words[1].lower in r.reported_speech_markers):
        return False
    return bool(words) and not words[-1].cap and not words[-1].digit and words[-1].lower not in r.stopwords


def _classify(tokens: list[Token], segments: list[Segment], text: str, r: Rules) -> None:
    main_seen = False
    for n, seg in enumerate(segments):
        final = n == len(segments) - 1
        if n == 0 or seg.hard:
            w = next((t.lower for t in tokens[seg.first:seg.stop] if t.word), "")
            if w in r.kept_clause_openers:
                seg.kind = "kept"
            elif w in r.complement_conjunctions or (w in r.droppable_clause_openers and w not in r.report_openers
                                                    and _ends_in_verb(tokens, seg, r)):
                seg.kind = "dass" if w in r.complement_conjunctions else "sub"
                seg.clause = n
            else:
                seg.kind, main_seen = "main", True
                seg.field_end = _field_end(tokens, seg.first, seg.stop, r)
            if seg.kind == "kept":
                seg.field_end = seg.stop
            elif seg.kind != "main":
                seg.field_end = seg.first + 1  # a fronted clause ends in its verb: adjuncts inside may go
            continue
        kind = _kind(tokens, seg, segments[n - 1].kind, segments[n - 2].kind if n > 1 else "", text, r, final,
                     n > 1 and not segments[n - 1].hard)
        if kind == "resume-final":
            seg.kind, seg.clause, seg.field_end = segments[n - 2].kind, segments[n - 2].clause, seg.first
            continue
        if kind == "resume":
            host = _host(segments, n)
            if host is None or not main_seen:
                seg.kind, main_seen = "main", True  # «Nachdem …, hat die Stadt …»: the main clause
            else:
                seg.kind, seg.clause = segments[host].kind, host
            seg.field_end = seg.first + 1  # it goes on after the verb (or the first word)
            continue
        seg.kind = kind
        if kind == "rel":
            seg.restrictive = _restricts_everything(tokens, seg.first - 1, r)
        if kind == "conj":
            seg.field_end = _field_end(tokens, seg.first + 1, seg.stop, r)
        elif kind == "dass" or kind == "sub" and tokens[seg.first].lower not in r.purpose_openers:
            seg.field_end = seg.first + 1
        elif kind == "rel":  # after the pronoun («, die …», «, mit der …»)
            seg.field_end = seg.first + (2 if tokens[seg.first].lower in r.relative_prepositions else 1)
        else:
            seg.field_end = seg.stop  # infinitive clauses, appositions and unknown parts stay whole
        if kind == "sub" and tokens[seg.first].lower in r.report_openers:
            seg.report = any(t.lower in r.attribution_verbs for t in tokens[seg.first + 1:seg.stop])
            if seg.report:
                seg.field_end = seg.first + 1
