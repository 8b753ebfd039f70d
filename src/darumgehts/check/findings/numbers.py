"""Numbers, times and dates written as numbers: by value and unit, and by the noun they count."""

from __future__ import annotations

import math
from bisect import bisect_right
from functools import lru_cache

from ...analyse.tokens import WORD, lemma
from ...models import NumberMention, Problem
from ...resources import multi_table
from ..align import related
from ..lexicon import fold
from .common import Claim


@lru_cache(maxsize=1)
def _ranges() -> dict[str, tuple[float, float]]:
    return {row[0]: (float(row[1]), float(row[2])) for row in multi_table("de/approximations.tsv")}


def _kind_family(n: NumberMention) -> str:
    return "date" if n.kind in ("date", "year") else n.kind


def values_match(bullet: NumberMention, article: NumberMention) -> bool:
    """Same value, allowing the range an approximation states (rund 1500 ~ 1500)."""
    b, a = bullet.value, article.value
    if bullet.kind == "date" or article.kind == "date":
        if bullet.kind != article.kind:
            return False
        # a date without a year matches the same day and month in any year
        if b < 10000 or a < 10000:
            return int(b) % 10000 == int(a) % 10000
        return int(b) == int(a)
    if math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9):
        return True
    ranges = _ranges()
    if bullet.qualifier and bullet.qualifier == article.qualifier:
        return False  # "fast 12" restates "fast 14" with another number
    if article.qualifier in ranges:
        lo, hi = ranges[article.qualifier]
        if a * lo - 1e-9 <= b <= a * hi + 1e-9:
            return True
    if bullet.qualifier in ranges:
        lo, hi = ranges[bullet.qualifier]
        if b * lo - 1e-9 <= a <= b * hi + 1e-9:
            return True
    return False


def _units_compatible(bullet: NumberMention, article: NumberMention) -> bool:
    return not (bullet.unit and article.unit and bullet.unit != article.unit)


def _same(n: NumberMention, a: NumberMention) -> bool:
    return values_match(n, a) and _units_compatible(n, a)


def counted_noun(text: str, end: int) -> str | None:
    """The folded lemma of the word right after a number ("1500 Soldaten" -> "soldat")."""
    m = WORD.search(text, end, end + 40)
    if not m or text[end:m.start()].strip(" .,") != "":
        return None
    return fold(lemma(m.group(0)))


def counted_thing(text: str, end: int) -> str | None:
    """The noun a number counts: the next capitalised word, past one adjective (zwei schwer Verletzte, drei neue Züge)."""
    pos = end
    for _ in range(2):
        m = WORD.search(text, pos, pos + 40)
        if not m or text[pos:m.start()].strip() != "":
            return None
        if m.group(0)[:1].isupper():
            return fold(lemma(m.group(0)))
        pos = m.end()
    return None


def _magnitude_changed(bullet: NumberMention, article: NumberMention) -> bool:
    if not bullet.value or not article.value:
        return False
    ratio = article.value / bullet.value
    return any(math.isclose(ratio, f, rel_tol=1e-6) for f in (1e3, 1e-3, 1e6, 1e-6))


def _rival(n: NumberMention, a: NumberMention, noun: str | None, a_noun: str | None, in_evidence: bool) -> int | None:
    """How surely article number ``a`` is what the bullet's ``n`` misstates (0 surest), or None."""
    if not _units_compatible(n, a):
        return 0 if values_match(n, a) else None  # the same amount in another currency or unit
    if _magnitude_changed(n, a):
        return 0  # Mio. vs Mrd.
    if noun and noun == a_noun:
        return 0  # the same thing counted: 1500 Soldaten vs 1800 Soldaten
    if in_evidence and (n.unit or n.kind != "number"):
        return 1  # same unit or kind in the sentence the bullet rests on
    return None


def check_numbers(claim: Claim) -> list[Problem]:
    """Numbers, times and dates, by value and unit; the evidence is asked first.

    A number the evidence states differently (another count of the same thing,
    Mio. for Mrd., another unit) is contradicted even if the bullet's number
    happens to stand elsewhere in the article. A number word («drei») is
    checked by the noun it counts: «drei Personen» is not supported by «drei
    Stunden» when the article counts «zwei Personen»."""
    problems: list[Problem] = []
    index, bullet, evidence = claim.index, claim.text, claim.evidence
    doc_text = index.doc.text
    nouns: dict[int, str | None] = {}

    def noun_of(a: NumberMention, s: int | None) -> str | None:
        if s is None:
            return None
        key = id(a)
        if key not in nouns:
            nouns[key] = counted_noun(doc_text, a.end)
        return nouns[key]

    things: dict[int, str | None] = {}

    def thing_of(a: NumberMention, s: int | None) -> str | None:
        if s is None:
            return None
        key = id(a)
        if key not in things:
            things[key] = counted_thing(doc_text, a.end)
        return things[key]

    for n in claim.bullet.numbers:
        family = _kind_family(n)
        same_kind = index.memo.get(("numbers", family))
        if same_kind is None:
            same_kind = index.memo[("numbers", family)] = [(a, s) for a, s in index.numbers if _kind_family(a) == family]
        thing = counted_thing(bullet, n.end) if n.text.isalpha() else None
        if thing:
            # a number word counts what follows it: «drei Stunden» does not support «drei Personen»
            same_kind = [(a, s) for a, s in same_kind if (t := thing_of(a, s)) is None or related(thing, t)]
        in_ev = [(a, s) for a, s in same_kind if s in evidence]
        if any(_same(n, a) for a, _ in in_ev):
            continue
        noun = counted_noun(bullet, n.end)
        if n.text.isalpha():
            # a number word: the same noun counted otherwise is a contradiction, else the word may be the article's too
            counted = [(a, s) for a, s in same_kind if thing and thing_of(a, s)]
            if counted and not any(_same(n, a) for a, _ in counted):
                a, s = counted[0]
                problems.append(Problem("number", n.text, f"Der Artikel nennt «{a.text}», nicht «{n.text}».",
                                        n.start, n.end, verdict="contradicted", evidence=(index.span(s),)))
                continue
            if fold(n.text) in index.tokens and not counted:
                continue  # a number word the article uses too ("Die Elf" is a team)
        rivals = [(r, a, s) for a, s in in_ev if (r := _rival(n, a, noun, noun_of(a, s), True)) is not None]
        if not rivals:
            if any(_same(n, a) for a, _ in same_kind):
                continue  # stated elsewhere in the article
            rivals = [(r, a, s) for a, s in same_kind if s is not None and (r := _rival(n, a, noun, noun_of(a, s), False)) is not None]
        kind = "date" if family in ("date", "time") else "number"
        if rivals:
            rivals.sort(key=lambda r: r[0])
            _, a, s = rivals[0]
            problems.append(Problem(
                kind, n.text,
                f"Der Artikel nennt «{a.text}», nicht «{n.text}».",
                n.start, n.end, verdict="contradicted", evidence=(index.span(s),),
            ))
        else:
            what = "Dieses Datum" if kind == "date" else "Diese Zahl"
            problems.append(Problem(
                kind, n.text, f"{what} («{n.text}») kommt im Artikel nicht vor.",
                n.start, n.end, verdict="unsupported", evidence=claim.spans_of()[:1],
            ))
    if claim.bullet.numbers:
        starts = [a for a, _ in claim.spans]
        for n in claim.bullet.numbers:
            i = max(0, bisect_right(starts, n.start) - 1)
            while i < len(starts) and starts[i] < n.end:
                if claim.spans[i][1] > n.start:
                    claim.flagged.add(i)
                i += 1
    return problems
