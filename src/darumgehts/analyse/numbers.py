"""Numbers as Swiss and German news write them, parsed to value and unit.

Handles 11'000, 11’000, 11 000, 11.000, 11000, 3,5, 2,1 Mio., Fr./CHF/Franken,
Prozent/%, number words (drei, zehn, Hundert, Tausend, dreiundzwanzig), times
(14.30 Uhr), dates (3. Mai 2024, 20.1.2024) and approximations (rund, mehr als).
The tables (units, scales, qualifiers, number words) are data files.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from functools import lru_cache

from ..models import NumberMention
from ..resources import multi_table, table

_SPACE = "[ \u00a0\u2009\u202f]"
_NUMERAL = (
    r"(?:\d{1,3}(?:['’]\d{3})+"  # 11'000
    r"|\d{1,3}(?:\.\d{3})+(?![.,]?\d)"  # 11.000
    rf"|\d{{1,3}}(?:{_SPACE}\d{{3}})+(?![\d.,]\d)"  # 11 000
    r"|\d+)"
    r"(?:,\d+)?"  # 3,5
)
_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?((?:19|20)?\d{2})?(?![\d])")
_TIME = re.compile(r"(?<![\d.,])(\d{1,2})(?:[.:](\d{2}))?\s?Uhr\b")
_YEAR_CONTEXT = re.compile(
    r"(?:Jahr|Jahre|Jahres|im|seit|bis|ab|von|Frühling|Frühjahr|Sommer|Herbst|Winter|Januar|Februar|März|April|Mai"
    r"|Juni|Juli|August|September|Oktober|November|Dezember)\s*$"
)
_PRICE_DECIMAL = re.compile(r"(?<![\d'’.])(\d+)\.(\d{2}|–|-)(?=\s*(?:Fr\.|CHF|Franken|Euro|€)|\s|$)")


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _tables():
    units = table("de/units.tsv")
    scales = {k: float(v) for k, v in table("de/scales.tsv").items()}
    approx = {row[0]: (float(row[1]), float(row[2])) for row in multi_table("de/approximations.tsv")}
    words = {k: int(v) for k, v in table("de/number_words.tsv").items()}
    months = {k: int(v) for k, v in table("de/months.txt").items()}
    return units, scales, approx, words, months


@lru_cache(maxsize=1)
def _unit_after() -> re.Pattern:
    """The unit right after a number (``4.60 Euro``)."""
    return re.compile(rf"{_SPACE}?({_alternation(_tables()[0])})(?!\w)")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    """The body of a number, matched at a candidate start."""
    units, scales, approx, _words, _ = _tables()
    body = re.compile(
        rf"(?P<num>{_NUMERAL}|(?P<word>[^\W\d_]+))(?![\w'’\u00ad])"
        rf"(?P<dash>\.[–-])?"
        rf"(?:{_SPACE}?(?P<scale>{_alternation(scales)})(?![\w]))?"
        rf"(?:{_SPACE}?(?P<unit>{_alternation(units)})(?![\w]))?"
    )
    return body


_DIGIT_RUN = re.compile(r"\d+")
_MONTH_AND_YEAR = re.compile(r"\s*[^\W\d_]+\.?(?:\s+((?:19|20)\d\d))?")  # "Mai 2024" after "3."
_WORD_RUN = re.compile(r"[^\W\d_]+")
_NOT_BEFORE_NUMERAL = "_'’.,\u00ad"
_NOT_AROUND_WORD = "-'’\u00ad"


def _is_number_word(word: str) -> bool:
    return len(word) >= 3 and parse_number_word(word) is not None


def _digit_starts(text: str) -> list[int]:
    return [m.start() for m in _DIGIT_RUN.finditer(text)]


def _numeral_starts(text: str, digit_starts: list[int]) -> list[int]:
    """Digit runs that begin a numeral (not the 000 of 11'000, not the 5 of 3,5)."""
    return [p for p in digit_starts if p == 0 or not (text[p - 1].isalnum() or text[p - 1] in _NOT_BEFORE_NUMERAL)]


# Words already seen not to be number words: a set difference skips them in C.
_not_number_words: set[str] = set()


def _word_starts(text: str) -> list[int]:
    """Start offsets of number words (drei, zwölf, dreiundzwanzig, Tausende)."""
    unseen = set(_WORD_RUN.findall(text)) - _not_number_words
    hits = [w for w in unseen if _is_number_word(w)]
    if len(_not_number_words) < 100_000:
        _not_number_words.update(unseen.difference(hits))
    out = []
    n = len(text)
    for word in hits:
        a = text.find(word)
        while a != -1:
            b = a + len(word)
            before = text[a - 1] if a else " "
            after = text[b] if b < n else " "
            if not (before.isalnum() or before in _NOT_AROUND_WORD or after.isalnum() or after in _NOT_AROUND_WORD):
                out.append(a)
            a = text.find(word, b)
    return out


_PREFIX_UNITS = frozenset(("CHF", "Fr.", "€", "$", "EUR", "USD"))
_SPACES = " \u00a0\u2009\u202f"


def _prefix(text: str, start: int) -> tuple[str | None, str | None, int]:
    """A currency before the number (CHF 400) and a qualifier before that (rund, mehr als).

    Returns (currency, qualifier, where the mention starts). Looks at the last
    words before the number only: dictionary lookups, no scanning."""
    base = max(0, start - 40)
    head = text[base:start]
    words = head.split()
    if not words or not head[-1:].isspace() and head[-1:] not in ("$", "€"):
        return None, None, start
    pre = None
    glued = next((u for u in ("$", "€") if head.endswith(u)), None)
    if glued:  # "$5", "€ 5" is handled below
        pre, words = glued, words[:-1] + ([words[-1][:-1]] if words[-1][:-1] else [])
    elif words[-1] in _PREFIX_UNITS:
        pre, words = words[-1], words[:-1]
    qualifiers = _qualifier_set()
    qualifier = None
    for n in (2, 1):
        if len(words) >= n:
            candidate = " ".join(words[-n:]).lower()
            if candidate in qualifiers:
                qualifier = candidate
                break
    if qualifier is None:
        return pre, None, (start - len(head) + head.rfind(pre)) if pre else start
    # where the qualifier starts: search back for its words (case-insensitive)
    idx = head.lower().rfind(qualifier)
    return pre, qualifier, base + idx


@lru_cache(maxsize=1)
def _qualifier_set() -> frozenset[str]:
    return frozenset(_tables()[2])


def parse_numeral(text: str) -> float:
    """Parse one numeral such as ``11'000``, ``11.000``, ``11 000`` or ``3,5``."""
    t = re.sub(rf"['’]|{_SPACE}", "", text.strip())
    if "," in t:
        whole, _, frac = t.partition(",")
        return float(whole.replace(".", "") + "." + frac)
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t):
        return float(t.replace(".", ""))
    return float(t)


@lru_cache(maxsize=4096)
def parse_number_word(word: str) -> float | None:
    """Value of a German number word: drei, zwölf, dreiundzwanzig, zweihundert, Tausende."""
    _, _, _, words, _ = _tables()
    w = word.lower().replace("ß", "ss")
    if w in ("hunderte", "tausende"):
        return words[w[:-1]]
    if w in words:
        return float(words[w])
    for scale, factor in (("tausend", 1000), ("hundert", 100)):
        if scale in w:
            head, _, tail = w.partition(scale)
            h = 1.0 if head in ("", "ein") else parse_number_word(head)
            t = 0.0 if tail == "" else parse_number_word(tail)
            if h is None or t is None:
                return None
            return h * factor + t
    if "und" in w:
        ones, _, tens = w.partition("und")
        o = 1.0 if ones == "ein" else parse_number_word(ones)
        t = parse_number_word(tens)
        if o is not None and t is not None and o < 10 and t >= 20 and t % 10 == 0 and t < 100:
            return o + t
    return None


def _format_int(n: int, sep: str) -> str:
    s = str(abs(n))
    groups = []
    while len(s) > 3:
        groups.append(s[-3:])
        s = s[:-3]
    groups.append(s)
    return ("-" if n < 0 else "") + sep.join(reversed(groups))


def format_number(value: float, thousands: str = "'", decimal: str = ",", min_grouped: int = 10_000) -> str:
    """Format a value the way a house style writes it (11'000, 11.000, 3,5)."""
    if math.isclose(value, round(value)):
        n = int(round(value))
        return _format_int(n, thousands) if abs(n) >= min_grouped else str(n)
    whole = int(value)
    frac = f"{abs(value - whole):.6f}"[2:].rstrip("0") or "0"
    head = _format_int(whole, thousands) if abs(whole) >= min_grouped else str(whole)
    return f"{head}{decimal}{frac}"


def find_numbers(text: str, offset: int = 0) -> list[NumberMention]:
    """All numbers, times and dates in ``text`` with offsets shifted by ``offset``."""
    units, scales, approx, _, months = _tables()
    out: list[NumberMention] = []
    taken: list[tuple[int, int]] = []

    digits = _digit_starts(text)
    for pos in digits:
        if taken and pos < taken[-1][1]:
            continue
        m = _TIME.match(text, pos)
        if m:
            h, mins = int(m.group(1)), int(m.group(2) or 0)
            if h <= 24 and mins < 60:
                out.append(NumberMention(m.group(0), h + mins / 60, m.start() + offset, m.end() + offset, "Uhr", None, "time"))
                taken.append(m.span())
                continue
        m = _DATE.match(text, pos)
        if m:
            d, mo = int(m.group(1)), int(m.group(2))
            if 1 <= d <= 31 and 1 <= mo <= 12:
                year = m.group(3)
                y = int(year) + (2000 if year and len(year) == 2 else 0) if year else 0
                out.append(NumberMention(m.group(0), y * 10000 + mo * 100 + d, m.start() + offset, m.end() + offset, None, None, "date"))
                taken.append(m.span())
                continue
        m = _PRICE_DECIMAL.match(text, pos)
        if m:
            # 4.60 with a decimal point: the same value as 4,60; its unit is the one written with it
            cents = 0 if m.group(2) in "–-" else int(m.group(2))
            pre, qualifier, start = _prefix(text, m.start())
            after = _unit_after().match(text, m.end())
            unit = units.get(after.group(1)) if after else units.get(pre) if pre else None
            end = after.end() if after else m.end()
            out.append(NumberMention(text[start:end], int(m.group(1)) + cents / 100, start + offset, end + offset,
                                     unit, qualifier))
            taken.append((m.start(), end))

    skip_until = -1
    body = _pattern()
    for cand in sorted(_numeral_starts(text, digits) + _word_starts(text)):
        m = body.match(text, cand)
        if m is None:
            continue
        start, end = m.span("num")
        if start < skip_until or _inside(start, end, taken):
            continue
        pre, qualifier, prefix_start = _prefix(text, start)
        word = m.group("word")
        if word:
            value = parse_number_word(word)
            if value is None:
                continue
            if word[0].isupper() and word.lower() not in ("hundert", "tausend", "hunderte", "tausende", "dutzend"):
                # capitalised number words other than nouns only at sentence start
                if start > 0 and text[:start].rstrip()[-1:] not in ".!?»«\"":
                    continue
        else:
            value = parse_numeral(m.group("num"))
        unit_surface = m.group("unit") or pre
        unit = units.get(unit_surface) if unit_surface else None
        scale = m.group("scale")
        if scale:
            value *= scales[scale]
        kind = "number"
        follows = text[m.end("num"):m.end("num") + 1]
        if word is None and unit is None and not scale and re.fullmatch(r"(?:1[89]|20)\d\d", m.group("num")):
            after = text[m.end("num"):m.end("num") + 30].lstrip()
            counted = after[:1].isupper() or after[:1].isdigit() or (qualifier is not None)
            if _YEAR_CONTEXT.search(text[max(0, start - 12):start]) or (not counted and follows in (" ", ".", ",", ")", ";", "")):
                kind = "year"  # "im Jahr 2019", "2019 bislang", "(2019)"; not "rund 1800 Soldaten"
        if follows == "." and word is None and not scale and not unit and len(m.group("num")) <= 2:
            nxt = text[m.end("num") + 1:m.end("num") + 40].lstrip().split(" ", 1)[0].rstrip(".,")
            if nxt in months:
                mstart = start
                kind, value = "date", months[nxt] * 100 + value
                tail = text[m.end("num") + 1:]
                ym = _MONTH_AND_YEAR.match(tail)
                mend = m.end("num") + 1 + (ym.end() if ym else 0)
                if ym and ym.group(1):
                    value += int(ym.group(1)) * 10000
                out.append(NumberMention(text[mstart:mend], value, mstart + offset, mend + offset, None, None, "date"))
                skip_until = mend
                continue
        s = prefix_start
        skip_until = m.end()
        out.append(NumberMention(text[s:m.end()].rstrip(), value, s + offset, s + offset + len(text[s:m.end()].rstrip()), unit, qualifier, kind))
    out.sort(key=lambda n: n.start)
    return out


def _inside(start: int, end: int, taken: list[tuple[int, int]]) -> bool:
    """Does [start, end) overlap a span in ``taken`` (sorted, non-overlapping)?"""
    i = bisect_left(taken, (end,)) - 1
    return i >= 0 and taken[i][1] > start
