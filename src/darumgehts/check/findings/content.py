"""Content words: every content word of a bullet grounded in the article.

A word is grounded when the article has it, also inflected, as a compound part
(both ways), as a place adjective or through a paraphrase group (synonyms.tsv).
What an ungrounded word means depends on how the bullet follows its evidence:

- in the place of another noun or adjective of a sentence the bullet follows
  closely («mit einem Traktor kollidiert» for «mit einem Lastwagen kollidiert»):
  contradicted;
- a hyphenated part of a word that is itself a word the article never uses
  («Managementgehälter-Zeitplan»): unsupported;
- otherwise a note for the editor (a warning): a loose paraphrase may well use
  words of its own (verglühende, berappt, Wetterprognosen).

A bullet whose content words the article barely has at all is unsupported.
"""

from __future__ import annotations

from ...analyse.tokens import weight
from ...models import Problem
from ..lexicon import fold, lexicon, stem
from .common import Claim, is_attributive, is_noun
from .names import sentence_names

# Below this share of its content words (weighted by rarity) found in its evidence,
# a bullet is unsupported. Abstractive but faithful references sit mostly above 0.3.
MIN_CONTENT_COVERAGE = 0.3
# Words this common (weight = 7 - zipf) say too little to be reported when missing.
MIN_NOTE_WEIGHT = 1.5
MIN_PART = 4


def _words(names: list[str]) -> str:
    quoted = [f"«{n}»" for n in names]
    if len(quoted) == 1:
        return f"Das Wort {quoted[0]} kommt im Artikel nicht vor."
    return f"Die Wörter {', '.join(quoted[:-1])} und {quoted[-1]} kommen im Artikel nicht vor."


def ungrounded(claim: Claim) -> list[int]:
    """Bullet tokens that are content words the article does not have (names, numbers, dates are other checks')."""
    out = []
    index, b = claim.index, claim.bullet
    content = claim.content
    _ground_phrases(claim)
    for i, tok in enumerate(b.tokens):
        if i in claim.flagged or not tok[:1].isalpha():
            continue
        lem = claim.keys[i]
        if lem not in content:
            continue
        if not index.grounded_directly(claim.folded_tokens[i], lem):
            out.append(i)
    return out


def _ground_phrases(claim: Claim) -> None:
    """A phrase of a paraphrase group (ums Leben kommen) is grounded by any member the article has (tödlich)."""
    words = claim.folded_tokens
    joined = " " + " ".join(words) + " "
    for phrase, others in lexicon().phrases:
        head = phrase.split()[:2]
        if " " + " ".join(head) + " " not in joined:
            continue
        if any(claim.index.grounded(o) if " " not in o else o in claim.index.text_folded for o in others):
            for k in range(len(words) - 1):
                if words[k:k + 2] == head:
                    claim.flagged.update((k, k + 1))


def check_content(claim: Claim, coverage: float) -> list[Problem]:
    """Substituted, invented and unfound words; a bullet the article does not say at all."""
    index, b = claim.index, claim.bullet
    missing = ungrounded(claim)
    problems: list[Problem] = []
    notes = []
    for i in missing:
        tok = b.tokens[i]
        a, e = claim.spans[i]
        split_only = index.grounded(claim.folded_tokens[i], claim.keys[i])  # a compound of two article words
        part = _invented_part(claim, tok)
        if part:
            pa = claim.text.find(part, a)
            problems.append(Problem("word", part, _words([part]), pa, pa + len(part), verdict="unsupported",
                                    evidence=claim.spans_of()[:1]))
            continue
        narrowed = _narrowed(claim, i)
        if narrowed and not split_only:
            # a compound whose head is the article's word, with a first part the article never uses (Kernproblem)
            sent, j = narrowed
            problems.append(Problem("word", tok, f"An dieser Stelle steht im Artikel «{sent.tokens[j]}», nicht «{tok}».",
                                    a, e, verdict="contradicted", evidence=(index.span(sent.index),)))
            continue
        where = claim.counterparts(i) if (is_noun(b, i) or is_attributive(b, i)) else None
        if where:
            sent, js = where
            same_class = is_noun if is_noun(b, i) else is_attributive
            own = set(claim.folded_tokens) | set(claim.keys)
            w = claim.folded_tokens[i]
            options = [j for j in js if same_class(sent, j) and fold(sent.tokens[j]) not in own
                       and fold(sent.lemmas[j]) not in own and weight(fold(sent.lemmas[j])) > 0]
            # the likeliest counterpart: the one sharing most of the word, else the nearest to the words after it
            options.sort(key=lambda j: (-_shared(w, fold(sent.tokens[j])), -j))
            other = options[0] if options else None
            rivals = [k for k in _slot_tokens(claim, i) if k != i and (is_noun(b, k) or is_attributive(b, k))]
            if rivals and len(options) < 2:
                other = None  # two new words for one of the article's: a rewording, not a swap of one word
            if other is not None and split_only and _shared(w, fold(sent.tokens[other])) >= MIN_PART:
                other = None  # Wetterprognosen for Wettervorhersagen: a compound of article words, a paraphrase
            if other is not None:
                name = sentence_names(index, sent.index).get(other)
                if name:  # a name nobody recognised as one in the bullet (Lambrecht, Zermatt) stands for the article's
                    problems.append(Problem("name", tok, f"An dieser Stelle nennt der Artikel «{name}», nicht «{tok}».",
                                            a, e, verdict="contradicted", evidence=(index.span(sent.index),)))
                else:
                    problems.append(Problem("word", tok, f"An dieser Stelle steht im Artikel «{sent.tokens[other]}», nicht «{tok}».",
                                            a, e, verdict="contradicted", evidence=(index.span(sent.index),)))
                continue
        if split_only:
            continue
        if weight(claim.keys[i]) >= MIN_NOTE_WEIGHT:
            notes.append(i)
    if coverage < MIN_CONTENT_COVERAGE and not any(p.verdict for p in problems):
        words = [b.tokens[i] for i in missing if is_noun(b, i) or weight(claim.keys[i]) >= MIN_NOTE_WEIGHT]
        message = "Die Aussage lässt sich im Artikel nicht finden."
        if words:
            message += " " + _words(words[:3])
        return problems + [Problem("content", "", message, verdict="unsupported", evidence=claim.spans_of())]
    if notes and not problems:
        words = [b.tokens[i] for i in notes]
        a, e = claim.spans[notes[0]]
        problems.append(Problem("word", ", ".join(words), _words(words) + " Bitte prüfen, ob es das Gleiche meint.",
                                a, e, severity="warning", evidence=claim.spans_of()[:1]))
    return problems


def _slot_tokens(claim: Claim, i: int) -> range:
    """The bullet tokens of the slot bullet token ``i`` stands in."""
    for a in claim.ranked_alignments:
        slot = a.slots.get(i)
        if slot:
            return range(slot.b1, slot.b2)
    return range(i, i + 1)


def _shared(a: str, b: str) -> int:
    """Letters two words share at the start or at the end."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    m = 0
    while m < min(len(a), len(b)) and a[-1 - m] == b[-1 - m]:
        m += 1
    return max(n, m)


def _narrowed(claim: Claim, i: int):
    """The evidence token bullet token ``i`` is aligned with when it is that word with more in front of it."""
    w = claim.folded_tokens[i]
    for al in claim.alignments:
        j = al.matched.get(i)
        if j is not None:
            ev = fold(al.evidence.tokens[j])
            if ev != w and len(w) > len(ev) + 2 and (w.endswith(ev) or w.endswith(stem(ev))):
                return al.evidence, j
            return None
    return None


def _invented_part(claim: Claim, token: str) -> str | None:
    """A hyphenated part that is a word of its own and not in the article (Managementgehälter-Zeitplan)."""
    if "-" not in token:
        return None
    parts = token.split("-")
    found = [claim.index.grounded(fold(p)) for p in parts]
    if not any(found):
        return None
    return next((p for p, ok in zip(parts, found, strict=True) if not ok and len(p) >= MIN_PART and p[:1].isupper()), None)
