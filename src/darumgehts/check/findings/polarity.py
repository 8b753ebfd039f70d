"""Polarity: negations added or dropped, un-/nicht- prefixes flipped, antonyms, dropped hedges (a warning)."""

from __future__ import annotations

import re
from functools import lru_cache

from ...analyse.tokens import WORD, content_lemmas, lemma
from ...models import Problem
from ..lexicon import fold, lexicon, stem
from .common import Claim

# Polarity and hedges are compared only where the bullet and its evidence are about the same thing.
MIN_ALIGNMENT_FOR_POLARITY = 0.5
# An antonym anywhere in the evidence (not in the aligned place) counts when the bullet rests this well on it.
MIN_COVERAGE_FOR_ANTONYMS = 0.6
NEGATION_WINDOW = 3  # content words on either side of a negation, within its clause
_CLAUSE_BREAK = re.compile(r"[,;:–—()]|\s-\s")


def _clauses(text: str) -> list[list[str]]:
    """The words of each clause (split at commas, semicolons, colons, dashes)."""
    return [WORD.findall(part) for part in _CLAUSE_BREAK.split(text)]


def _content(words: list[str]) -> set[str]:
    return {fold(lem) for lem in content_lemmas(words, [lemma(w) for w in words])}


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


def check_negation(claim: Claim) -> list[Problem]:
    """A negation added or dropped relative to the evidence; a hedge dropped (a warning).

    Each negation is compared with the words around it in its clause: a negation
    in the bullet needs a negation in the evidence sentence near the same words,
    and a negation in the evidence whose words the bullet repeats must be there
    in the bullet too."""
    index, evidence, bullet = claim.index, claim.evidence, claim.text
    if not evidence or claim.coverage < MIN_ALIGNMENT_FOR_POLARITY:
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
            repeated = window & claim.content
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


def _opposite(a: str, b: str) -> bool:
    """Folded words or lemmas of opposite meaning: an antonym pair, also as the last part of a compound."""
    ants = lexicon().antonyms
    if b in ants.get(a, ()):
        return True
    # Steuererhöhung / Steuersenkung: the same first part, opposite last parts
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n >= 3 and a[n:] != a and b[n:] in ants.get(a[n:], ())


@lru_cache(maxsize=50_000)
def _flip_forms(w: str) -> frozenset[str]:
    """Stems of the word with its polarity turned: bewachten -> unbewacht, unverletzt -> verletzt."""
    out = {stem("un" + w), stem("nicht" + w)}
    for p in ("un", "nicht"):
        if w.startswith(p) and len(w) - len(p) >= 4:
            out.add(stem(w[len(p):].lstrip("-")))
    return frozenset(out)


def check_flips(claim: Claim) -> list[Problem]:
    """A word whose evidence holds its opposite: un-/nicht- added or dropped, or an antonym.

    Compared in the place the word stands in (the aligned slot), or anywhere in
    the evidence when the bullet does not use the evidence's own word."""
    if not claim.evidence:
        return []
    problems = []
    b = claim.bullet
    ants = lexicon().antonyms
    negations = lexicon().negations
    for i, tok in enumerate(b.tokens):
        if i in claim.flagged or not tok[:1].isalpha() or len(tok) < 4:
            continue
        w, lem = claim.folded_tokens[i], claim.keys[i]
        if any(claim.folded_tokens[k] in negations for k in range(max(0, i - 2), i)):
            continue  # «nicht bewohnbar» says what «unbewohnbar» says
        first = claim.index.forms(claim.evidence[0])
        if w in first or lem in first:
            continue  # the sentence the bullet rests on says it as the bullet does
        hit = None
        flips = _flip_forms(w) | _flip_forms(lem) if tok[0].islower() else set()
        opposites = ants.get(lem, frozenset()) | ants.get(w, frozenset()) if claim.coverage >= MIN_COVERAGE_FOR_ANTONYMS else ()
        for s in claim.evidence:
            forms = claim.index.forms(s)
            if w in forms or lem in forms:
                break
            j = next((forms[f] for f in flips if f in forms), None)
            if j is None:
                j = next((forms[f] for f in opposites if f in forms), None)
            if j is not None:
                hit = (claim.index.sentence(s), j)
                break
        if hit is None and len(w) >= 6:
            where = claim.counterparts(i)
            if where:
                sent, js = where
                hit = next(((sent, j) for j in js if _opposite(w, fold(sent.tokens[j]))
                            or _opposite(lem, fold(sent.lemmas[j]))), None)
        if hit:
            sent, j = hit
            a, e = claim.spans[i]
            problems.append(Problem("polarity", tok, f"Der Artikel sagt «{sent.tokens[j]}», nicht «{tok}».", a, e,
                                    verdict="contradicted", evidence=(claim.index.span(sent.index),)))
            claim.flagged.add(i)
    return problems
