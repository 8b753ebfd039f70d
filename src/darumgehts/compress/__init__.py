"""Compress: shorten a chosen sentence into a bullet by deleting words only.

Always deleted: a leading connective (Doch, Zudem, Denn:) where the subject
follows, and parentheticals such as "(40)". Beyond that a sentence offers cuts
(:mod:`.cuts`), found from its clause structure (:mod:`.parse`):

- appositions («Anna Meier, Kantonsrätin der SP, sagte …»), but not a name;
- adjuncts of time, place and source («am Mittwoch», «in Zürich», «in einem
  Lagebericht»), in main, «dass», relative and other subordinate clauses, never
  as a whole first field, after a number, or where the time or place is the news
  («findet am Sonntag statt», «ist in Genf»); one with a number or date only
  where another number stays;
- relative and subordinate clauses (with whatever hangs on them), a trailing
  «, und …» clause, an elliptical rest («…, der Motor laut»), the second half
  after «:», «;» or « – » when the first half is the fact, the attribution tail
  where a Konjunktiv keeps the rest reported, and filler adverbs (only to fit).

:func:`variants` gives up to ``limit`` distinct forms that fit, longest first:
the whole sentence, the least-cut form that fits, the sentence without
appositions and adjuncts, the main clause alone, and the main clause without
adjuncts. :func:`compress` returns the longest; when none fits, both return the
shortest faithful form with ``fits=False``, never a cut in mid-phrase.

Nothing is ever added or reworded: every form is a subsequence of its source's
words. No cut removes a negation or a hedge (polarity.toml, also inflected) from
a clause that stays (a whole subordinate clause may go with its own),
touches a quotation or the speaker or source of one, shortens or removes a
conditional clause (wenn, falls, ob), an infinitive complement, an object clause
(«bestätigte, was …»), the second part of a pair («nicht nur …, sondern auch
…»), a relative clause after «alle»/«jeder»/«nur», or what a verb of saying
reports. The word lists and limits are in data/de/compress.toml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from .cuts import CLAUSE, FILLER, LIGHT, NUMBERED, Cut, all_cuts
from .headline import headlines
from .parse import QUOTATION, Parsed, parse
from .rules import Rules, rules

__all__ = ["Compressed", "compress", "variants", "rules", "Rules", "quoted_regions"]

_PAREN = re.compile(r"\s*\([^()]{1,80}\)|\s*\[[^\[\]]{1,80}\]")
_SPACES = re.compile(r"\s{2,}")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,;:!?]|\.(?!\.))")
_DOUBLE_COMMA = re.compile(r",\s*,")
# What a deletion can leave behind: doubled spaces, a space before punctuation, doubled commas, and
# a comma, colon or dash before the end; tidy() runs its substitutions only when it finds one.
_UNTIDY = re.compile(r"\s[\s,;:!?.]|,,")
_DANGLING = frozenset(",;:–—- ")
_DANGLING_END = re.compile(r"(?:\s*[,;:]|\s+[–—-])+\s*([.!?]?)$")
_LEADING_WORD = re.compile(r"([^\W\d_]+)(\s*[,:]\s*|\s+)(\S+)")
_LEADING_ARTICLE = re.compile(r"^(\w+)\s+([A-ZÄÖÜ]\w+)")
# The order in which the least-cut search takes cuts, and the reverse order in
# which it puts back what the bullet does not need after all.
_SPAN = attrgetter("start", "end")
_SEARCH_ORDER = tuple((tier, numbers) for tier in (FILLER, LIGHT, CLAUSE, NUMBERED) for numbers in (False, True))
_RESTORE_ORDER = {NUMBERED: 0, CLAUSE: 1, LIGHT: 2, FILLER: 3}
# The structural forms every sentence is tried in (fillers are added only where a form does not fit).
_FORMS = ((), (LIGHT,), (CLAUSE,), (LIGHT, CLAUSE), (LIGHT, CLAUSE, NUMBERED))


@dataclass
class Compressed:
    text: str
    deleted: list[str] = field(default_factory=list)
    fits: bool = True


def quoted_regions(text: str) -> list[tuple[int, int]]:
    """Spans of quotations, marks included: nothing inside them is ever deleted."""
    return [m.span() for m in QUOTATION.finditer(text)]


def tidy(text: str) -> str:
    """Spaces and punctuation after deletions: no space before a comma, no doubled or dangling commas."""
    if not text[:1].islower() and not text[:1].isspace() and not text[-1:].isspace() \
            and _UNTIDY.search(text) is None and text.rstrip(".!?")[-1:] not in _DANGLING:
        return text  # the common case, found with substring tests
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", _SPACES.sub(" ", text)).strip()
    if "," in text or ";" in text or ":" in text or "–" in text or " -" in text:
        text = _DOUBLE_COMMA.sub(",", text)
        text = _DANGLING_END.sub(r"\1", text)
    return text[:1].upper() + text[1:] if text else text


def drop_connective(text: str, r: Rules) -> tuple[str, str | None]:
    if text[:text.find(" ")].rstrip(",:") not in r.connectives:
        return text, None
    m = _LEADING_WORD.match(text)
    if not m or m.group(1) not in r.connectives:
        return text, None
    nxt = m.group(3).lstrip("«„\"")
    punct = m.group(2).strip()
    if punct or nxt.lower() in r.subject_starters or nxt[:1].isupper():
        rest = text[m.start(3):]
        return rest[:1].upper() + rest[1:], m.group(1)
    return text, None


def drop_parentheticals(text: str, r: Rules) -> tuple[str, list[str]]:
    deleted: list[str] = []
    regions = quoted_regions(text)

    def repl(m: re.Match) -> str:
        if r.protected_pattern.search(m.group(0)) or any(a < m.end() and m.start() < b for a, b in regions):
            return m.group(0)
        deleted.append(m.group(0).strip())
        return ""

    return _PAREN.sub(repl, text), deleted


def drop_leading_article(text: str, r: Rules) -> tuple[str, str | None]:
    m = _LEADING_ARTICLE.match(text)
    if m and m.group(1) in r.leading_articles:
        return text[m.start(2):], m.group(1)
    return text, None


# ---------------------------------------------------------------------------
# rendering a choice of cuts


def _merged(cuts: Sequence[Cut]) -> list[list[int]]:
    """The cuts' spans, sorted and joined where they overlap: [start, end, join]."""
    merged: list[list[int]] = []
    for c in sorted(cuts, key=_SPAN):
        if merged and c.start <= merged[-1][1]:
            if c.end >= merged[-1][1]:
                merged[-1][1] = c.end
                merged[-1][2] = c.join
        else:
            merged.append([c.start, c.end, c.join])
    return merged


def _clause_at(p: Parsed, offset: int) -> int:
    i = bisect_right(p.starts, offset) - 1
    return p.segment(max(i, 0)).clause


def render(p: Parsed, cuts: Sequence[Cut]) -> tuple[str, list[str]]:
    """The sentence without the cuts' spans, tidied, and what was deleted."""
    if not cuts:
        return p.text, []
    text = p.text
    pieces, deleted, pos = [], [], 0
    for a, b, join in _merged(cuts):
        if join >= 0 and text[b:b + 1] == "," and _clause_at(p, a - 1) == join:
            b += 1  # «Gerassimow, der Armeechef, sagte»: the closing comma goes with the apposition
        pieces.append(text[pos:a])
        deleted.append(text[a:b].strip(" ,;:–—-"))
        pos = b
    pieces.append(text[pos:])
    return tidy("".join(pieces)), deleted


def _covered(cuts: Sequence[Cut]) -> int:
    return sum(b - a for a, b, _ in _merged(cuts))


def _valid(p: Parsed, cuts: Sequence[Cut], r: Rules) -> bool:
    """Enough words stay, and a number stays when a numbered adjunct goes."""
    spans = _merged(cuts)
    if p.words_before[-1] - sum(p.words_in(a, b) for a, b, _ in spans) < r.min_words:
        return False
    if any(c.number for c in cuts):
        return p.numbers_in(0, p.end) - sum(p.numbers_in(a, b) for a, b, _ in spans) > 0
    return True


# ---------------------------------------------------------------------------
# choosing cuts


def _least_cut(p: Parsed, cuts: list[Cut], budget: int, r: Rules) -> list[Cut]:
    """The fewest, cheapest cuts that bring the sentence down to ``budget`` characters.

    Tier by tier, take the cut that makes it fit with the least deleted, else the
    longest; then put back every cut the sentence fits without."""
    size = len(p.text)
    chosen: list[Cut] = []
    for tier, numbers in _SEARCH_ORDER:  # within a tier, what carries no number goes first
        pool = [c for c in cuts if c.tier == tier and (p.numbers_in(c.start, c.end) > 0) == numbers]
        while pool and size - _covered(chosen) > budget:
            options = [(size - _covered(chosen + [c]), c) for c in pool]
            fitting = [o for o in options if o[0] <= budget]
            pick = max(fitting, key=lambda o: o[0])[1] if fitting else min(options, key=lambda o: o[0])[1]
            pool.remove(pick)
            if _valid(p, chosen + [pick], r):
                chosen.append(pick)
        if size - _covered(chosen) <= budget:
            break
    for c in sorted(chosen, key=lambda c: _RESTORE_ORDER[c.tier]):
        rest = [x for x in chosen if x is not c]
        if size - _covered(rest) <= budget:
            chosen = rest
    return chosen


def _prepare(text: str, r: Rules) -> tuple[str, list[str]]:
    """The sentence without a leading connective and parentheticals: every form starts from it."""
    pre: list[str] = []
    base, gone = drop_connective(text, r)
    pre += [gone] if gone else []
    if "(" in base or "[" in base:
        base, gone_list = drop_parentheticals(base, r)
        pre += gone_list
    return tidy(base), pre


def _selections(p: Parsed, cuts: list[Cut], max_chars: int, fits, r: Rules) -> list[tuple[list[Cut], bool]]:
    """The cut sets to try, each with whether it is structural (no filler in it)."""
    fillers = [c for c in cuts if c.tier == FILLER]
    out: list[tuple[list[Cut], bool]] = []
    for tiers in _FORMS:
        chosen = [c for c in cuts if c.tier in tiers]
        if tiers and not chosen:
            continue
        if tiers and not _valid(p, chosen, r):
            chosen = [c for c in chosen if not c.number]
            if not chosen or not _valid(p, chosen, r):
                continue
        out.append((chosen, True))
        if fillers and not fits(chosen):
            for n in range(1, len(fillers) + 1):  # fillers one at a time, until the form fits
                if fits(chosen + fillers[:n]):
                    out.append((chosen + fillers[:n], False))
                    break
    return out


@lru_cache(maxsize=512)
def _forms(text: str, max_chars: int, telegraphic: bool) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """Every distinct faithful form: the fitting ones longest first, else the shortest one."""
    r = rules()
    base, pre = _prepare(text, r)
    if not base:
        return (("", tuple(pre), True),)
    p = parse(base, r)
    cuts = all_cuts(p, r)
    if not cuts:  # most sentences: nothing may go
        out, gone = drop_leading_article(base, r) if telegraphic else (base, None)
        forms = {out: (tuple(pre + ([gone] if gone else [])), True)}
        if telegraphic:
            _add_headlines(forms, r)
        return _finish(forms, max_chars)
    memo: dict[tuple[int, ...], tuple[str, list[str]]] = {}

    def form(chosen: list[Cut]) -> tuple[str, list[str]]:
        """The finished text of a cut set, and what it deletes."""
        key = tuple(sorted(map(_SPAN, chosen)))
        if key not in memo:
            out, deleted = render(p, chosen)
            if telegraphic:
                out, gone = drop_leading_article(out, r)
                deleted = deleted + [gone] if gone else deleted
            memo[key] = (out, deleted)
        return memo[key]

    def fits(chosen: list[Cut]) -> bool:
        return len(form(chosen)[0]) <= max_chars

    selections = _selections(p, cuts, max_chars, fits, r)
    if not fits([]):
        article = len(base) - len(form([])[0])
        least = _least_cut(p, cuts, max_chars + article, r)
        selections.append((least, not any(c.tier == FILLER for c in least)))
    forms: dict[str, tuple[tuple[str, ...], bool]] = {}
    for chosen, structural in selections:
        out, deleted = form(chosen)
        if out not in forms or structural and not forms[out][1]:
            forms[out] = (tuple(pre + deleted), structural)
    if telegraphic:
        _add_headlines(forms, r)
    return _finish(forms, max_chars)


def _finish(forms: dict[str, tuple[tuple[str, ...], bool]], max_chars: int) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """The fitting forms longest first, else the shortest structural one."""
    fitting = sorted((t for t in forms if len(t) <= max_chars), key=len, reverse=True)
    if fitting:
        return tuple((t, forms[t][0], True) for t in fitting)
    shortest = min((t for t in forms if forms[t][1]), key=len)
    return ((shortest, forms[shortest][0], False),)


def _add_headlines(forms: dict[str, tuple[tuple[str, ...], bool]], r: Rules) -> None:
    """Telegraphic styles: each form's headline forms too («Rund 1500 Soldaten ums Leben gekommen»)."""
    for text, (deleted, structural) in list(forms.items()):
        for line in headlines(text):
            line, gone = drop_leading_article(line, r)
            if line and line not in forms:
                forms[line] = (deleted + ("(headline)",) + ((gone,) if gone else ()), structural)


def variants(text: str, max_chars: int, telegraphic: bool = False, limit: int = 4) -> list[Compressed]:
    """Up to ``limit`` distinct faithful compressed forms of a sentence that fit ``max_chars``, longest first.

    When there are more, the shortest (the main clause without adjuncts) stays
    among them. When no form fits, one: the shortest faithful form, with ``fits=False``."""
    forms = _forms(text.strip(), max_chars, telegraphic)
    limit = max(limit, 1)
    if len(forms) > limit:
        forms = forms[:limit - 1] + forms[-1:] if limit > 1 else forms[:1]
    return [Compressed(t, list(d), fits) for t, d, fits in forms]


def compress(text: str, max_chars: int, telegraphic: bool = False) -> Compressed:
    """The longest faithful form of a sentence that fits ``max_chars``, else its shortest faithful form."""
    t, d, fits = _forms(text.strip(), max_chars, telegraphic)[0]
    return Compressed(t, list(d), fits)
