"""Compress: shorten a chosen sentence into a bullet by deleting words only.

Deletes a leading connective (Doch, Zudem, Denn:) and parentheticals such as
"(40)". While the bullet is over length it also deletes the attribution tail
(", sagte er") when the rest stays marked as reported speech, filler adverbs,
subordinate clauses and a trailing coordinated main clause. A deletion that would remove a negation or a hedge, or a
clause that makes the main clause conditional (wenn, falls), is vetoed.
Nothing is ever added or reworded, so every bullet stays a subsequence of its
source sentence.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache

from .resources import text as resource_text

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_PAREN = re.compile(r"\s*\([^()]{1,80}\)|\s*\[[^\[\]]{1,80}\]")
_DASH_INSERT = re.compile(r"\s+[–—-]\s+[^–—]{3,80}?\s+[–—-](?=\s)")
_SPACES = re.compile(r"\s{2,}")
_COMMA_BEFORE_END = re.compile(r",\s*([.!?])$")
_DOUBLE_COMMA = re.compile(r",\s*,")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?])")
_QUOTES = re.compile(r"[«»„“”\"]")
_QUOTATION = re.compile(r"«[^«»]*»|„[^„“”]*[“”]|“[^“”]*”|\"[^\"]*\"|‹[^‹›]*›")
_CLAUSE_COMMA = re.compile(r",(?=\s)")
_INFINITIVE_END = re.compile(r"\bzu\s+[^\W\d_]+$|[^\W\d_]+zu[^\W\d_]+en$")
_LEADING_WORD = re.compile(r"([^\W\d_]+)(\s*[,:]\s*|\s+)(\S+)")
_AFTER_COMMA = re.compile(r",\s*([^\W\d_]+)")
_MAX_ATTRIBUTION_WORDS = 12
_CLAUSE_INTRODUCERS = frozenset("dass ob weil da wenn als nachdem damit um ohne statt und oder aber sondern sowie".split())
_CONJUNCT = re.compile(r",\s+([^\W\d_]+)\s|;\s")
_MIN_HEAD_WORDS = 6
_PREPOSITIONS = frozenset("in mit bei von an auf für aus nach zu über unter durch gegen vor hinter neben zwischen".split())
_RELATIVES = frozenset("dem der denen die das den welcher welchem welche welches".split())


@dataclass(frozen=True)
class Rules:
    connectives: frozenset[str]
    subject_starters: frozenset[str]
    attribution_verbs: frozenset[str]
    reported_speech_markers: frozenset[str]
    protected: frozenset[str]
    droppable_clause_openers: frozenset[str]
    kept_clause_openers: frozenset[str]
    droppable_conjunctions: frozenset[str]
    droppable_phrases: re.Pattern
    leading_articles: frozenset[str]


@dataclass
class Compressed:
    text: str
    deleted: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(resource_text("de/compress.toml")) | tomllib.loads(resource_text("de/polarity.toml"))
    return Rules(
        connectives=frozenset(data["connectives"]),
        subject_starters=frozenset(data["subject_starters"]),
        attribution_verbs=frozenset(data["attribution_verbs"]),
        reported_speech_markers=frozenset(data["reported_speech_markers"]),
        protected=frozenset(w.lower() for w in data["negations"] + data["hedges"]),
        droppable_clause_openers=frozenset(data["droppable_clause_openers"]),
        kept_clause_openers=frozenset(data["kept_clause_openers"]),
        droppable_conjunctions=frozenset(data["droppable_conjunctions"]),
        droppable_phrases=re.compile(
            r"(?<=\S)\s+(?:" + "|".join(re.escape(p) for p in sorted(data["droppable_phrases"], key=len, reverse=True)) + r")(?=[\s,.!?])"
        ),
        leading_articles=frozenset(data["leading_articles"]),
    )


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _protected(span: str, r: Rules) -> bool:
    return any(w.lower() in r.protected for w in _words(span))


def _tidy(text: str) -> str:
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()
    if "," in text:
        text = _COMMA_BEFORE_END.sub(r"\1", text)
        text = _DOUBLE_COMMA.sub(",", text)
    return text[:1].upper() + text[1:] if text else text


def drop_connective(text: str, r: Rules) -> tuple[str, str | None]:
    m = _LEADING_WORD.match(text)
    if not m or m.group(1) not in r.connectives:
        return text, None
    nxt = m.group(3).lstrip("«„\"")
    punct = m.group(2).strip()
    if punct or nxt.lower() in r.subject_starters or nxt[:1].isupper():
        rest = text[m.start(3):]
        return rest[:1].upper() + rest[1:], m.group(1)
    return text, None


def drop_attribution(text: str, r: Rules) -> tuple[str, str | None]:
    if _QUOTES.search(text):
        return text, None  # a bare quote must keep its speaker
    # the last ", sagte ..." decides: any earlier one has a longer tail
    last = None
    for m in _AFTER_COMMA.finditer(text):
        if m.group(1) in r.attribution_verbs:
            last = m
    if last is None:
        return text, None
    tail, head = text[last.start() + 1:], text[:last.start()]
    if len(_words(tail)) > _MAX_ATTRIBUTION_WORDS or _protected(tail, r):
        return text, None
    if not any(w in r.reported_speech_markers for w in _words(head)):
        return text, None
    end = text.rstrip()[-1] if text.rstrip()[-1] in ".!" else ""
    return head.rstrip() + end, tail.strip()


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans of quotations, marks included: nothing inside them is ever deleted."""
    return [m.span() for m in _QUOTATION.finditer(text)]


def _touches_quote(a: int, b: int, regions: list[tuple[int, int]]) -> bool:
    return any(qa < b and a < qb for qa, qb in regions)


def drop_parentheticals(text: str, r: Rules) -> tuple[str, list[str]]:
    deleted: list[str] = []
    regions = quoted_regions(text)

    def repl(m: re.Match) -> str:
        if _protected(m.group(0), r) or _touches_quote(m.start(), m.end(), regions):
            return m.group(0)
        deleted.append(m.group(0).strip())
        return ""

    return _PAREN.sub(repl, text), deleted


def clause_spans(text: str, r: Rules) -> list[tuple[int, int]]:
    """Spans of droppable subordinate clauses and dash insertions."""
    spans: list[tuple[int, int]] = []
    for m in re.finditer(r",\s+(?:[^\W\d_]+\s+)?([^\W\d_]+)", text):
        opener_words = _words(text[m.start():m.end()])
        first = opener_words[0].lower() if opener_words else ""
        if first in r.kept_clause_openers:
            continue
        if first not in r.droppable_clause_openers:
            # a preposition before a relative pronoun: ", in dem ...", ", mit der ..."
            if not (first in _PREPOSITIONS and len(opener_words) == 2 and opener_words[1].lower() in _RELATIVES):
                continue
        relative = opener_words[-1].lower() in _RELATIVES if first in _PREPOSITIONS else first in _RELATIVES
        before = _words(text[:m.start()])
        if relative and not (before and before[-1][:1].isupper()):
            continue  # "beschlossen, die Steuern zu senken": no noun for a relative clause to follow
        nxt_comma = _CLAUSE_COMMA.search(text, m.end())
        close = nxt_comma.start() if nxt_comma else -1
        sentence_end = len(text.rstrip(" .!?"))
        end = close if close != -1 else sentence_end
        if close != -1 and not _resumes_main_clause(text[close + 1:], r):
            # what follows depends on the dropped clause ("…, weil er dazu …, die Regierung zu erpressen"):
            # it goes too, and the main clause before the comma stands alone
            end = sentence_end
        span = text[m.start():end]
        if _protected(span, r) or _QUOTES.search(span):
            continue
        own = text[m.start():close if close != -1 else sentence_end]
        if first != "um" and _INFINITIVE_END.search(own):
            continue  # an infinitive clause completes its verb ("versprach, die Steuern zu senken")
        spans.append((m.start(), end))
    for m in _DASH_INSERT.finditer(text):
        if not _protected(m.group(0), r):
            spans.append(m.span())
    return spans


def conjunct_spans(text: str, r: Rules) -> list[tuple[int, int]]:
    """A trailing main clause joined by ", und" / "; " (up to the final punctuation)."""
    end = len(text.rstrip(" .!?"))
    spans = []
    for m in _CONJUNCT.finditer(text, 0, end):
        word = m.group(1)
        if word is not None and word.lower() not in r.droppable_conjunctions:
            continue
        if len(_words(text[:m.start()])) < _MIN_HEAD_WORDS or _QUOTES.search(text[m.start():end]):
            continue
        spans.append((m.start(), end))
    return spans


def _resumes_main_clause(rest: str, r: Rules) -> bool:
    """After a dropped middle clause, does the main clause go on ("Die Firma, die …, streicht …")?

    It does when the next word is a lower-case word that opens no clause of its
    own: in practice the main clause's finite verb."""
    words = _words(rest[:40])
    if not words:
        return False
    w = words[0]
    return w[:1].islower() and w not in r.subject_starters and w not in r.droppable_clause_openers \
        and w not in r.kept_clause_openers and w not in _CLAUSE_INTRODUCERS


def drop_clauses(text: str, max_chars: int, r: Rules) -> tuple[str, list[str]]:
    deleted: list[str] = []
    while len(text) > max_chars:
        regions = quoted_regions(text)
        spans = [s for s in clause_spans(text, r) + conjunct_spans(text, r) if not _touches_quote(*s, regions)]
        if not spans:
            break
        # the shortest clause that brings the bullet under the limit, else the longest
        fitting = [s for s in spans if len(text) - (s[1] - s[0]) <= max_chars]
        a, b = min(fitting, key=lambda s: s[1] - s[0]) if fitting else max(spans, key=lambda s: s[1] - s[0])
        deleted.append(text[a:b].strip(" ,"))
        closing = text[b:b + 1] == ","
        text = _tidy(text[:a] + text[b + (1 if closing else 0):])
    return text, deleted


def drop_phrases(text: str, max_chars: int, r: Rules) -> tuple[str, list[str]]:
    """Drop filler adverbs and weekday adjuncts, one at a time, until the bullet fits."""
    deleted: list[str] = []
    while len(text) > max_chars:
        regions = quoted_regions(text)
        m = next((m for m in r.droppable_phrases.finditer(text) if not _touches_quote(m.start(), m.end(), regions)), None)
        if m is None:
            break
        deleted.append(m.group(0).strip())
        text = _tidy(text[:m.start()] + text[m.end():])
    return text, deleted


def drop_leading_article(text: str, r: Rules) -> tuple[str, str | None]:
    m = re.match(r"^(\w+)\s+([A-ZÄÖÜ]\w+)", text)
    if m and m.group(1) in r.leading_articles:
        return text[m.start(2):], m.group(1)
    return text, None


def compress(text: str, max_chars: int, telegraphic: bool = False) -> Compressed:
    r = rules()
    out = Compressed(text.strip())
    t, gone = drop_connective(out.text, r)
    if gone:
        out.deleted.append(gone)
    t, gone_list = drop_parentheticals(t, r)
    out.deleted.extend(gone_list)
    t = _tidy(t)
    if len(t) > max_chars:
        # the speaker stays unless the bullet is too long
        t, gone = drop_attribution(t, r)
        if gone:
            out.deleted.append(gone)
            t = _tidy(t)
    if len(t) > max_chars:
        # fillers go only where that makes the bullet fit: first alone, else after clauses
        fits, gone_list = drop_phrases(t, max_chars, r)
        if len(fits) > max_chars:
            t, gone_clauses = drop_clauses(t, max_chars, r)
            out.deleted.extend(gone_clauses)
            fits, gone_list = drop_phrases(t, max_chars, r)
        if len(fits) <= max_chars:
            t = fits
            out.deleted.extend(gone_list)
    if telegraphic:
        t, gone = drop_leading_article(t, r)
        if gone:
            out.deleted.append(gone)
    out.text = _tidy(t)
    return out
