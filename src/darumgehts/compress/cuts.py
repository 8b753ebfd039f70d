"""What may be deleted from a sentence: cuts, each a span of the sentence with a tier.

Tiers say how much a cut costs the bullet, from least to most:

- ``FILLER``: filler adverbs (nun, bereits, zum Beispiel); they go only where
  that makes a bullet fit;
- ``LIGHT``: appositions and adjuncts of time, place and source without a number;
- ``CLAUSE``: subordinate and relative clauses, a trailing «, und …» clause, the
  second half after «:», «;» or « – », the attribution tail and report clauses;
- ``NUMBERED``: adjuncts with a number or date («im Herbst 2025»), which go only
  when another number stays.

No cut touches a quotation or contains or lies inside a conditional clause
(wenn, falls, ob, bis). No cut takes a negation or a hedge (polarity.toml) away
from what it qualifies: only a whole clause may go with its own, and a relative
clause or apposition never with a negation (it restricts its noun).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analyse.names import is_name_token
from .parse import ADJUNCT_KINDS, INFINITIVE_END, INTERRUPTERS, Parsed, Segment, Token, is_finite
from .rules import Rules

FILLER, LIGHT, CLAUSE, NUMBERED = 0, 1, 2, 3
# What may go with a dropped clause because it hangs on it («…, weil er …, die Regierung zu erpressen»)
_DEPENDENT = frozenset(("sub", "rel", "inf", "appo", "dass", "conj"))

_QUOTE_MARK = re.compile(r"[«»„“”\"]")
_DASH_INSERT = re.compile(r"\s+[–—-]\s+[^–—]{3,80}?\s+[–—-](?=\s)")


@dataclass(frozen=True, slots=True)
class Cut:
    start: int
    end: int
    tier: int
    kind: str
    # a comma at ``end`` closes the cut clause; it goes too when the text kept
    # before the cut belongs to this clause (the one that goes on after the comma)
    join: int = -1
    number: bool = False


def _overlaps(a: int, b: int, regions: list[tuple[int, int]]) -> bool:
    return any(qa < b and a < qb for qa, qb in regions)


# Cuts that remove whole clauses: a negation or hedge inside one qualifies only that clause,
# which goes with it, so it does not veto the cut. A relative clause still keeps its
# negations: «die Kinder, die nicht geimpft sind» names other children than «die Kinder».
_WHOLE_CLAUSES = frozenset(("sub", "conj", "rest", "tail", "dash", "attribution"))


def _allowed(p: Parsed, a: int, b: int, r: Rules, whole: str | None = None) -> bool:
    """No quotation, conditional clause or speaker of a quotation in the span, and no negation or
    hedge that the kept text would lose (see ``_WHOLE_CLAUSES``)."""
    if b <= a or _overlaps(a, b, p.quotes):
        return False
    guard = None if whole in _WHOLE_CLAUSES else r.negation_pattern if whole in ("rel", "appo") else r.protected_pattern
    if guard is not None and guard.search(p.text, a, b):
        return False
    quoted = bool(p.quotes)
    for t in p.tokens[p.index(a):p.index(b)]:
        if t.lower in r.kept_clause_openers and t.lower not in r.kept_openers_also_prepositions:
            return False
        if quoted and t.text in r.attribution_verbs:
            return False  # «…, dessen Chef sagt: «…»»: a quotation keeps its speaker
    return not any(s.kind == "kept" and a < _seg_end(p, n) and s.start < b for n, s in enumerate(p.segments))


def _number(t: Token, r: Rules) -> bool:
    return t.digit or t.lower in r.number_words


def _seg_end(p: Parsed, n: int) -> int:
    """Offset where segment n ends: the next separator, or the final punctuation."""
    return p.segments[n + 1].start if n + 1 < len(p.segments) else p.end


# ---------------------------------------------------------------------------
# clauses


def clause_cuts(p: Parsed, r: Rules) -> list[Cut]:
    """Relative and subordinate clauses (with whatever hangs on them) and appositions."""
    cuts: list[Cut] = []
    segs = p.segments
    # «Es sind X, die …», «Es gab Zeiten, da …»: the clause after the comma is the point
    cleft = len(p.tokens) > 1 and p.tokens[0].lower in r.expletive_subjects and p.tokens[1].lower in r.finite_verbs
    for n, seg in enumerate(segs):
        if n == 0 or seg.hard or seg.kind not in ("sub", "rel", "appo") or segs[n - 1].kind == "other":
            continue  # after an unknown part («…, in der Kinder zwischen 5 und 14 Jahren, die …») the head may be unfinished
        if cleft or seg.kind == "rel" and seg.restrictive:
            continue  # «Es gab Zeiten, da …», «Es sind die Kosten, die …», «alle, die …»
        opener = p.tokens[seg.first].lower if seg.first < seg.stop else ""
        own = p.text[p.tokens[seg.first].start:_seg_end(p, n)].rstrip(" ,")
        if seg.kind == "sub" and opener not in r.purpose_openers and INFINITIVE_END.search(own):
            continue  # an infinitive completes its verb («versprach, wie …, die Steuern zu senken»)
        if _after_function_word(p, seg.start, r):
            continue  # «…, sondern auch, weil …»: the head would end in mid-phrase
        end, join = p.end, -1
        for m in range(n + 1, len(segs)):
            nxt = segs[m]
            if nxt.hard:  # the space before a dash stays; what follows a colon explains what precedes it,
                # and an insertion between dashes what precedes it («…, der die Kosten trägt – nach … –»)
                paired = any(s.hard and p.text[s.start] in "–—-" for s in segs[m + 1:])
                end = len(p.text[:nxt.start].rstrip()) if p.text[nxt.start] != ":" and not paired else -1
                break
            if nxt.clause < n and nxt.kind not in INTERRUPTERS:
                end, join = nxt.start, nxt.clause  # the interrupted clause goes on
                if p.tokens[nxt.first].text in r.attribution_verbs and _has_verb(p, nxt.clause, n):
                    join = -1  # «…, was man tun wolle, sagte er»: the inserted speaker keeps its comma
                break
            if nxt.kind not in _DEPENDENT or nxt.kind == "conj" and p.tokens[nxt.first].lower in r.kept_conjunctions:
                end = -1  # what follows is neither the clause going on nor hangs on the cut one («…, oder für …»)
                break
        if end < 0 or seg.kind == "appo" and join < 0 and end != p.end:
            continue
        if _allowed(p, seg.start, end, r, seg.kind):
            tier = LIGHT if seg.kind == "appo" else CLAUSE
            cuts.append(Cut(seg.start, end, tier, seg.kind, join))
    return cuts


def _after_function_word(p: Parsed, offset: int, r: Rules) -> bool:
    i = p.index(offset) - 1
    return i >= 0 and p.tokens[i].lower in r.dangling_words


def _has_verb(p: Parsed, clause: int, before: int) -> bool:
    """Clause ``clause`` has its finite verb before segment ``before``."""
    return any(s.clause == clause and s.field_end < s.stop for s in p.segments[:before])


def _paired(p: Parsed, before: int, r: Rules) -> bool:
    """The head has the first part of a pair («nicht nur …», «zwar …»): its second part stays."""
    return not p.vocabulary.isdisjoint(r.paired_conjunctions) and \
        any(t.lower in r.paired_conjunctions for t in p.tokens[:p.index(before)])


def conjunct_cuts(p: Parsed, r: Rules) -> list[Cut]:
    """A trailing main clause joined by «, und» / «, aber» (up to the final punctuation)."""
    cuts = []
    for n, seg in enumerate(p.segments):
        if n == 0 or seg.kind != "conj" or seg.hard or p.tokens[seg.first].lower not in r.droppable_conjunctions:
            continue
        if p.segments[n - 1].kind == "other":
            continue
        head = p.words_in(0, seg.start)
        if head >= r.min_head_words and not _paired(p, seg.start, r) and not _after_function_word(p, seg.start, r) \
                and _allowed(p, seg.start, p.end, r, "conj"):
            cuts.append(Cut(seg.start, p.end, CLAUSE, "conj"))
    return cuts


def rest_cuts(p: Parsed, r: Rules) -> list[Cut]:
    """What follows a complete main clause without a conjunction: an elliptical clause.

    «Das Auto war eng, der Motor laut.» Only where every part before the cut is a
    clause the parser knows and the main clause has a finite verb. After a head
    that ends in a noun, the rest must have a predicate of its own and not start
    with a preposition: «gegen vier Niederländer, einen Bulgaren und zwei
    Deutsche» and «heben in Russland, in den USA … ab» are lists inside the clause."""
    segs = p.segments
    if segs[0].kind != "main":
        return []
    for n, seg in enumerate(segs[1:], start=1):
        if seg.hard or seg.kind == "kept":
            return []
        if seg.kind == "other":
            if segs[n - 1].kind not in ("main", "conj"):
                return []  # after an inserted clause, an unknown part may be the main clause going on
            last = p.tokens[seg.first - 2] if seg.first >= 2 else None
            closing = last is not None and last.word and not last.cap and not last.digit \
                and last.lower not in r.stopwords and last.lower not in r.relative_prepositions
            if not closing and not _elliptical(p, seg, r):
                return []
            if any(t.text in r.reported_speech_markers for t in p.tokens[seg.first:seg.stop]) \
                    or any(t.text in r.attribution_verbs for t in p.tokens[:seg.first]):
                return []  # «teilte mit, die Truppen hätten …», «hiess es, Thunberg erhalte …»: what was said is the fact
            if _complete_head(p, n, r) and not _paired(p, seg.start, r) and _allowed(p, seg.start, p.end, r, "rest"):
                return [Cut(seg.start, p.end, CLAUSE, "rest")]
            return []
    return []


def _elliptical(p: Parsed, seg: Segment, r: Rules) -> bool:
    """A clause without its verb («die übrigen auf Banken»), not one more item of a list."""
    toks = p.tokens
    words = [i for i in range(seg.first, seg.stop) if toks[i].word]
    if not words or toks[words[0]].lower in r.relative_prepositions:
        return False
    for i in words:  # a predicate: a verb or an adjective that no noun follows («der Motor laut»)
        t = toks[i]
        if t.cap or t.digit or t.lower in r.stopwords or t.lower in r.adjunct_modifiers or t.lower in r.number_words:
            continue
        if i + 1 >= len(toks) or not (toks[i + 1].cap and toks[i + 1].word):
            return True
    return False


def _complete_head(p: Parsed, n: int, r: Rules) -> bool:
    words = p.words_in(0, p.segments[n].start)
    head = p.segments[:n]
    verb = any(s.clause == 0 and s.field_end < s.stop for s in head)  # the main clause's finite verb is in the head
    return verb and words >= r.min_head_words and all(s.kind not in ("other", "kept") for s in head)


def dash_cuts(p: Parsed, r: Rules) -> list[Cut]:
    """An insertion between two dashes («… – so der Plan – …»)."""
    if "–" not in p.text and "—" not in p.text and " - " not in p.text:
        return []
    reported = _reported(p, p.end, r)
    return [Cut(m.start(), m.end(), CLAUSE, "dash") for m in _DASH_INSERT.finditer(p.text)
            if _allowed(p, m.start(), m.end(), r, "dash")
            and (reported or not any(t.text in r.attribution_verbs for t in p.tokens[p.index(m.start()):p.index(m.end())]))]
            # «– so die Gewerkschaft –» is the source of an indicative claim: it stays


def _reported(p: Parsed, before: int, r: Rules) -> bool:
    return any(t.text in r.reported_speech_markers for t in p.tokens[:p.index(before)])


def attribution_cut(p: Parsed, r: Rules) -> list[Cut]:
    """The tail «…, sagte der Berater.», where a Konjunktiv keeps the rest marked as reported speech."""
    if len(p.segments) < 2 or p.vocabulary.isdisjoint(r.attribution_verbs):
        return []
    if p.quotes or _QUOTE_MARK.search(p.text):
        return []  # a bare quote must keep its speaker
    last = None
    for seg in p.segments[1:]:
        if not seg.hard and seg.first < seg.stop and p.tokens[seg.first].text in r.attribution_verbs:
            last = seg  # the last one decides: an earlier one has a longer tail
    if last is None:
        return []
    words = p.words_in(last.start, p.end)
    if words > r.max_attribution_words or not _reported(p, last.start, r) or not _allowed(p, last.start, p.end, r, "attribution"):
        return []
    return [Cut(last.start, p.end, CLAUSE, "attribution")]


def _head_is_fact(p: Parsed, n: int, r: Rules) -> bool:
    """The part before separator n is a clause with a finite verb that announces nothing."""
    head = range(p.index(p.segments[n].start))
    words = [p.tokens[i] for i in head if p.tokens[i].word]
    if len(words) < r.min_head_words or words[-1].lower in r.tail_cues or words[-1].lower in r.stopwords:
        return False  # «Die Bilanz ist klar: …», «weiss ich auch: …» announce the fact
    last = p.segments[n - 1]
    if last.first < last.stop and p.tokens[last.first].lower in r.tail_question_words:
        return False
    if any(t.lower in r.announcing_verbs for t in p.tokens[last.first:last.stop]):
        return False  # «…, zeigt sich dann im Klassenzimmer: …»
    if last.kind not in ("main", "conj") and (words[-1].cap or words[-1].lower in r.stopwords or last.kind == "kept"):
        return False  # «…, worauf sie – …»: the clause before the separator is unfinished
    if not any(is_finite(p.tokens, i, r) and not p.tokens[i].quoted for i in head):
        return False
    if p.quotes and p.quotes[0][0] < p.segments[n].start:
        return False  # «"…": Mit markigen Worten hat Trump …»: the speaker comes after the quotation
    return not (p.numbers_in(p.segments[n].start, p.end) and not p.numbers_in(0, p.segments[n].start))


def tail_cuts(p: Parsed, r: Rules) -> list[Cut]:
    """The second half after «:», «;» or « – » when the first half is the fact."""
    cuts = []
    segs = p.segments
    for n, seg in enumerate(segs):
        if n == 0 or not seg.hard:
            continue
        sep = p.text[seg.start]
        if sep in "–—-" and sum(1 for s in segs if s.hard and p.text[s.start:s.start + 1] in "–—-") > 1:
            continue  # a pair of dashes encloses an insertion
        if sep in "–—-" and seg.first < seg.stop and p.tokens[seg.first].lower in r.clause_introducers:
            continue  # «… angesehen – und für verfassungswidrig befunden»: the punchline is the news
        if _head_is_fact(p, n, r) and not _paired(p, seg.start, r) and _allowed(p, seg.start, p.end, r, "tail"):
            cuts.append(Cut(seg.start, p.end, CLAUSE, "tail"))
    return cuts


# ---------------------------------------------------------------------------
# adjuncts


def _time_extent(p: Parsed, j: int, stop: int, r: Rules) -> int:
    """A year, a further time word or «auf Montag» after a time noun."""
    toks = p.tokens
    while j < stop:
        t = toks[j]
        if t.digit and len(t.text) == 4 and t.text.isdigit():
            j += 1
        elif t.cap and r.time_word.fullmatch(t.lower):
            j += 1
        elif t.lower in r.time_links and j + 1 < stop and toks[j + 1].cap and r.time_word.fullmatch(toks[j + 1].lower):
            j += 2
        else:
            break
    return j


def adjunct_at(p: Parsed, i: int, stop: int, r: Rules) -> tuple[int, str] | None:
    """The adjunct of time, place or source that starts at token i: (end token, kind), or None."""
    toks = p.tokens
    prep = toks[i].lower
    if prep in r.time_adverbs:
        j = i + 1
        if j < stop and toks[j].cap and r.time_word.fullmatch(toks[j].lower):
            j += 1  # heute Morgen
        return j, "time"
    if prep not in r.time_prepositions and prep not in r.place_prepositions and prep not in r.source_prepositions:
        return None
    j, mods = i + 1, []
    while j < stop and len(mods) < 3 and toks[j].word and not toks[j].cap \
            and (toks[j].lower in r.adjunct_modifiers or _number(toks[j], r)):
        mods.append(toks[j])
        j += 1
        if toks[j - 1].digit and j < stop and toks[j].text == ".":
            j += 1  # «am 12. März»
    if j >= stop or not toks[j].cap or toks[j].digit:
        return None
    head = toks[j]
    j += 1
    if mods and (mods[0].lower in r.accusative_modifiers or mods[0].lower == "den" and not head.text.endswith("n")
                 and not head.text.isupper()):
        return None  # «in die Stadt», «in den Kanton»: a direction, part of the verb's meaning («in den USA» is not)
    if prep in r.time_prepositions and r.time_word.fullmatch(head.lower):
        if prep == "um" and head.lower != "uhr":
            return None  # «um 8 Uhr» is a time, «um 5 Prozent» an amount
        if prep == "vor" and (not mods or head.lower not in r.duration_nouns):
            return None  # «vor Samstag» orders events; «vor einer Woche» dates one
        return _time_extent(p, j, stop, r), "time"
    if prep in r.place_prepositions and (head.lower.endswith(r.place_nouns) or (len(mods) <= 1 and is_name_token(head.text))):
        while j < stop and toks[j].cap and not toks[j].digit and is_name_token(toks[j].text):
            j += 1  # «im Kanton Bern»
        return j, "place"
    if prep in r.source_prepositions and head.lower.endswith(r.source_nouns):
        return j, "source"
    return None


def _noun_before(p: Parsed, seg: Segment, i: int) -> bool:
    """A noun stands in the first field before token i, so the field is not empty without what follows."""
    start = seg.first + (1 if seg.kind == "conj" else 0)
    return any(t.cap and t.word for t in p.tokens[start + 1:i])


def _clause_words(p: Parsed) -> dict[int, set[str]]:
    words: dict[int, set[str]] = {}
    for i, t in enumerate(p.tokens):
        if t.word:
            words.setdefault(p.segment(i).clause, set()).add(t.lower)
    return words


def _prev_ok(p: Parsed, i: int, kind: str, ends: set[int], r: Rules) -> bool:
    """Where the adjunct stands tells whether it is an adjunct of the verb or part of a noun phrase."""
    toks = p.tokens
    prev = toks[i - 1]
    if not prev.word:
        return False
    if prev.lower in r.relative_prepositions or prev.lower in r.adjunct_governors:
        return False  # «bis am Mittwoch», «als in Zürich»
    if _number(prev, r) or prev.cap and i >= 2 and _number(toks[i - 2], r):
        return False  # «200 Stellen im Kanton», «davon 300 in der Schweiz»: it restricts the number
    if kind == "time" or i - 1 in ends:
        return True
    return not prev.cap or bool(r.time_word.fullmatch(prev.lower))  # «Stellungen am Fluss» is a noun's


def _next_ok(p: Parsed, j: int, kind: str, r: Rules) -> bool:
    """The phrase ends where the adjunct ends («am Mittwoch und Donnerstag», «im Interview mit X» go on)."""
    toks = p.tokens
    if j >= len(toks) or not toks[j].word:
        return True
    nxt = toks[j].lower
    if nxt in r.time_continuations:
        return False
    if kind == "time":
        return True
    if nxt in r.adjunct_continuations:
        return False
    if nxt in r.relative_prepositions:
        return j + 1 >= len(toks) or not toks[j + 1].word  # «teilte … in einem Bericht mit.»: a particle
    return True


def adjunct_cuts(p: Parsed, r: Rules) -> list[Cut]:
    """Adjuncts of time, place and source in main and «dass» clauses (and in «wie X mitteilte»)."""
    cuts: list[Cut] = []
    if p.vocabulary.isdisjoint(r.adjunct_words):
        return cuts
    toks = p.tokens
    clause_words: dict[int, set[str]] | None = None
    ends: set[int] = set()
    for i in range(1, len(toks)):
        t = toks[i]
        if not t.word or t.cap or t.quoted or t.start >= p.end:
            continue
        seg: Segment = p.segment(i)
        if not (seg.kind in ADJUNCT_KINDS or seg.report):
            continue
        if i < seg.field_end and (seg.kind not in ("main", "conj") or not _noun_before(p, seg, i)):
            continue  # «Am Mittwoch hat …» must keep its first field; «Nach dem Training am Mittwoch eilte …» keeps one
        found = adjunct_at(p, i, seg.stop, r)
        if found is None:
            continue
        j, kind = found
        if kind == "source" and p.quotes:
            continue  # «"…", heisst es im Bericht»: a quotation keeps its source
        if not _prev_ok(p, i, kind, ends, r) or not _next_ok(p, j, kind, r):
            continue
        if clause_words is None:
            clause_words = _clause_words(p)
        words = clause_words.get(seg.clause, set())
        if words & r.news_anchors:
            continue
        if (j >= len(toks) or not toks[j].word) and words & r.copulas:
            continue  # «Der Präsident ist in Genf»: the adjunct is the predicate
        a, b = toks[i - 1].end, toks[j - 1].end
        if not _allowed(p, a, b, r):
            continue
        number = any(_number(x, r) for x in toks[i:j])
        ends.add(j - 1)
        cuts.append(Cut(a, b, NUMBERED if number else LIGHT, kind, number=number))
    return cuts


def filler_cuts(p: Parsed, r: Rules) -> list[Cut]:
    """Filler adverbs anywhere but at the start, outside quotations and conditional clauses."""
    cuts: list[Cut] = []
    if p.vocabulary.isdisjoint(r.filler_words):
        return cuts
    for m in r.droppable_phrases.finditer(p.text, 0, p.end):
        a, b = m.span()
        seg = p.segment(_token_at(p, b - 1))
        if seg.kind != "kept" and _allowed(p, a, b, r):
            cuts.append(Cut(a, b, FILLER, "filler"))
    return cuts


def _token_at(p: Parsed, offset: int) -> int:
    return max(0, min(p.index(offset + 1) - 1, len(p.tokens) - 1))


def all_cuts(p: Parsed, r: Rules) -> list[Cut]:
    cuts = adjunct_cuts(p, r) + filler_cuts(p, r)
    if len(p.segments) > 1:
        cuts += clause_cuts(p, r) + conjunct_cuts(p, r) + rest_cuts(p, r) + attribution_cut(p, r) + tail_cuts(p, r)
    cuts += dash_cuts(p, r)
    seen: set[tuple[int, int]] = set()
    out = []
    for c in cuts:
        if (c.start, c.end) not in seen:
            seen.add((c.start, c.end))
            out.append(c)
    return out
