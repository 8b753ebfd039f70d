"""Weekdays, months, seasons, relative days and times of day, also inside a compound (Samstagmorgen)."""

from __future__ import annotations

from ...models import Problem, Sentence
from ..lexicon import CONTRADICT_ONLY, fold_word, lexicon
from .common import Claim

_DAY_STARTS = ("mo", "di", "mi", "do", "fr", "sa", "so")


def date_items(sentence: Sentence) -> list[tuple[int, str, str]]:
    """(token, class, word) for each date word: «Samstagmorgen» gives the weekday and the time of day."""
    lex = lexicon()
    classes = lex.date_class_of
    out = []
    heads = lex.compound_date_heads
    for i, tok in enumerate(sentence.tokens):
        w = fold_word(tok)
        cls = classes.get(w)
        if cls == "times_of_day" and w.endswith("s") and w[:-1] in classes:
            w = w[:-1]  # abends is am Abend
        if cls is not None:
            if w == "morgen" and not (tok[0].isupper() and i > 0):
                cls = "relative_days"  # «morgen» is tomorrow, «am Morgen» the time of day
            elif w == "morgen":
                cls = "times_of_day"
            out.append((i, cls, w))
            continue
        if len(w) < 9 or not w.startswith(_DAY_STARTS):
            continue
        for day in heads:
            if w.startswith(day) and len(w) > len(day):
                rest = w[len(day):]
                rest = rest[:-1] if rest.endswith("s") and rest[:-1] in lex.date_classes["times_of_day"] else rest
                if rest in lex.date_classes["times_of_day"] or rest == "morgen":
                    out.append((i, "weekdays", day))
                    out.append((i, "times_of_day", rest))
                break
    return out


def _sentence_items(index, s: int) -> list[tuple[int, str, str]]:
    key = ("dates", s)
    out = index.memo.get(key)
    if out is None:
        out = index.memo[key] = date_items(index.sentence(s))
    return out


def check_dates(claim: Claim) -> list[Problem]:
    """A date word must be the evidence's; another one of its class there is a contradiction.

    A weekday, month or season the article never uses is unsupported; a time of
    day only counts when the evidence names another one."""
    words = claim.folded_tokens
    if lexicon().date_words.isdisjoint(words) and not any(len(w) >= 9 and w.startswith(_DAY_STARTS) for w in words):
        return []
    items = date_items(claim.bullet)
    if not items:
        return []
    index = claim.index
    ev_items = [(s, i, cls, w) for s in claim.evidence for i, cls, w in _sentence_items(index, s)]
    ev_words = {(cls, w) for _, _, cls, w in ev_items}
    problems = []
    done: set[int] = set()
    for i, cls, word in items:
        if (cls, word) in ev_words or i in done:
            continue
        a, b = claim.spans[i]
        surface = claim.text[a:b]
        rival = next(((s, j) for s, j, c, w in ev_items if c == cls and w != word), None)
        if rival:
            s, j = rival
            other = index.sentence(s).tokens[j]
            problems.append(Problem("date", surface, f"Der Artikel nennt «{other}», nicht «{surface}».",
                                    a, b, verdict="contradicted", evidence=(index.span(s),)))
            done.add(i)
        elif cls not in CONTRADICT_ONLY and not any(t.startswith(word) for t in index.tokens if t[:3] == word[:3]):
            problems.append(Problem("date", surface, f"«{surface}» kommt im Artikel nicht vor.",
                                    a, b, verdict="unsupported"))
            done.add(i)
    claim.flagged.update(i for i, _, _ in items)
    return problems
