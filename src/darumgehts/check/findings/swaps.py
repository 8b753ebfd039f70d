"""Closed-class swaps: vor/nach, bis/seit, erst/schon, quantifiers (beide, alle, keine, eine) and shares
(die Hälfte, ein Drittel, die Mehrheit), compared in the place the bullet word stands in its evidence.

The groups and their words are data (data/de/swaps.toml). A bullet word of a group
is swapped when the evidence, where the bullet follows it, holds another meaning
of the same group and not the bullet's own."""

from __future__ import annotations

from ...models import Problem, Sentence
from ..lexicon import fold, lexicon
from .common import Claim

SHARE = "share"
_DETERMINERS = frozenset({"die", "der", "den", "ein", "eine", "einer", "einem", "einen", "das", "gut", "knapp", "fast", "rund",
                          "etwa", "zwei", "drei", "vier"})


def _items(sentence: Sentence, tokens: range | list[int] | None = None) -> list[tuple[int, str, str]]:
    """(token, group, meaning) of the group words among ``tokens`` (all by default)."""
    swap_of = lexicon().swap_of
    out = []
    for j in tokens if tokens is not None else range(len(sentence.tokens)):
        hit = swap_of.get(fold(sentence.tokens[j]))
        if hit:
            out.append((j, *hit))
    return out


def _phrase(sentence: Sentence, j: int, group: str) -> tuple[int, str]:
    """The words to quote: a share with the word before it («ein Drittel»), other words alone."""
    if group == SHARE and j > 0 and fold(sentence.tokens[j - 1]) in _DETERMINERS:
        return j - 1, f"{sentence.tokens[j - 1]} {sentence.tokens[j]}"
    return j, sentence.tokens[j]


def check_swaps(claim: Claim) -> list[Problem]:
    if not claim.evidence:
        return []
    b = claim.bullet
    items = [it for it in _items(b) if it[0] not in claim.flagged]
    if not items:
        return []
    # a word the sentence the bullet rests on has as often needs no alignment
    first = claim.index.folded(claim.evidence[0])[0]
    words = claim.folded_tokens
    items = [it for it in items if words.count(words[it[0]]) > first.count(words[it[0]])]
    if not items:
        return []
    problems = []
    index = claim.index
    for i, group, meaning in items:
        where = claim.counterparts(i)
        if not where:
            continue
        sent, js = where
        own = [(j, g, m) for j, g, m in _items(sent, js) if g == group]
        if not own or any(m == meaning for _, _, m in own):
            continue
        # the evidence's word must not stand elsewhere in the bullet («eine» before, «beide» after)
        taken = {j for al in claim.alignments if al.evidence is sent for j in al.matched.values()}
        rival = next(((j, m) for j, _, m in own if j not in taken), None)
        if rival is None:
            continue
        j, _ = rival
        _, theirs = _phrase(sent, j, group)
        k, ours = _phrase(b, i, group)
        a, e = claim.spans[k][0], claim.spans[i][1]
        problems.append(Problem("swap", claim.text[a:e], f"Der Artikel sagt «{theirs}», nicht «{ours}».", a, e,
                                verdict="contradicted", evidence=(index.span(sent.index),)))
        claim.flagged.update(range(k, i + 1))
    return problems
