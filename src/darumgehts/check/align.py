"""Token alignment of a bullet with the sentence it rests on.

The bullet's and the sentence's lemmas are aligned word by word. Words
that say the same thing in another form (a compound part, a place adjective, a
paraphrase from synonyms.tsv) are aligned as equal. What remains is a *slot*: a
short run of bullet words standing where the sentence has other words, between
words both share («mit einem [Traktor] kollidiert» / «mit einem [Lastwagen]
kollidiert»). A slot is where a substitution shows: another name, noun, number
word, quantifier or time word in the same place.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from ..models import Sentence
from .lexicon import fold, lexicon, stem

MAX_SLOT_BULLET = 3  # a slot is at most this many bullet words ...
MAX_SLOT_EVIDENCE = 4  # ... standing for at most this many words of the sentence
TIGHT = 0.6  # share of the bullet's words aligned as equal: the bullet follows the sentence closely
MIN_RELATED = 4  # shortest compound part that relates two words
POLARITY_PREFIXES = ("un", "nicht")


@dataclass(frozen=True, slots=True)
class Slot:
    b1: int  # bullet tokens [b1, b2)
    b2: int
    e1: int  # evidence tokens [e1, e2)
    e2: int
    anchored: bool  # shared words on both sides, or on one side of a bullet that follows the sentence closely


def polarity_pair(a: str, b: str) -> bool:
    """One word is the other with un-/nicht- in front (bewachten / unbewachten), up to inflection."""
    if len(a) > len(b):
        a, b = b, a
    for p in POLARITY_PREFIXES:
        if b.startswith(p) and len(b) - len(p) >= 4:
            rest = b[len(p):].lstrip("-")
            if rest == a or stem(rest) == stem(a):
                return True
    return False


@lru_cache(maxsize=200_000)
def related(a: str, b: str) -> bool:
    """Folded lemmas that say the same thing: equal, a compound part of each other, a paraphrase or a place adjective."""
    if a == b:
        return True
    lex = lexicon()
    if b in lex.synonyms.get(a, ()) or b in lex.demonyms.get(a, ()):
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_RELATED or polarity_pair(a, b):
        return False
    if b in lex.antonyms.get(a, ()):
        return False
    return long_.startswith(short) or long_.endswith(short) or (
        long_.replace("-", "").startswith(short) or long_.replace("-", "").endswith(short))


def _common_subsequence(b: list[str], e: list[str], where: dict[str, list[int]]) -> dict[int, int]:
    """A longest common subsequence of two key lists, as bullet position -> evidence position.

    The longest increasing run of evidence positions over the matching pairs
    (Hunt-Szymanski): fast where few words repeat, as in two sentences."""
    tails: list[int] = []  # smallest evidence position ending a run of each length
    tail_pair: list[int] = []  # index into pairs of that run's last pair
    pairs: list[tuple[int, int, int]] = []  # (bullet pos, evidence pos, previous pair or -1)
    for i, k in enumerate(b):
        js = where.get(k)
        if not js:
            continue
        for j in reversed(js):  # descending, so one bullet word extends a run only once
            n = bisect_left(tails, j)
            prev = tail_pair[n - 1] if n else -1
            pairs.append((i, j, prev))
            if n == len(tails):
                tails.append(j)
                tail_pair.append(len(pairs) - 1)
            else:
                tails[n] = j
                tail_pair[n] = len(pairs) - 1
    out: dict[int, int] = {}
    p = tail_pair[-1] if tail_pair else -1
    while p != -1:
        i, j, p = pairs[p]
        out[i] = j
    return out


class Alignment:
    """The bullet aligned with one evidence sentence.

    Words the sentence has (or says in another form) are anchors; a run of
    bullet words the sentence does not have is a slot when the words around it
    stand next to each other's places in the sentence too: «mit einem» before
    and «kollidiert» after, with at most MAX_SLOT_EVIDENCE words between them.
    At either end of the bullet, one anchor is enough when the bullet follows
    the sentence closely or the anchor is two words long."""

    __slots__ = ("bullet", "evidence", "slots", "matched", "tightness")

    def __init__(self, bullet: Sentence, evidence: Sentence, bullet_keys: list[str] | None = None,
                 evidence_keys: list[str] | None = None) -> None:
        self.bullet, self.evidence = bullet, evidence
        b_keys = list(bullet_keys) if bullet_keys is not None else [fold(lem) for lem in bullet.lemmas]
        e_keys = evidence_keys if evidence_keys is not None else [fold(lem) for lem in evidence.lemmas]
        where: dict[str, list[int]] = {}
        for j, k in enumerate(e_keys):
            where.setdefault(k, []).append(j)
        candidates = None
        for i, k in enumerate(b_keys):
            if k not in where and k[:1].isalpha():
                if candidates is None:
                    candidates = [ek for ek in where if ek[:1].isalpha()]
                for ek in candidates:
                    if related(k, ek):
                        b_keys[i] = ek
                        break
        n = len(b_keys)
        self.matched: dict[int, int] = _common_subsequence(b_keys, e_keys, where)
        self.tightness = len(self.matched) / n if n else 0.0
        self.slots: dict[int, Slot] = {}
        m = len(e_keys)
        i = 0
        while i < n:
            if i in self.matched:
                i += 1
                continue
            i1 = i
            while i < n and i not in self.matched:
                i += 1
            i2 = i  # unmatched run [i1, i2)
            if i2 - i1 > MAX_SLOT_BULLET:
                continue
            left = self.matched.get(i1 - 1)
            right = self.matched.get(i2)
            size = min(MAX_SLOT_EVIDENCE, i2 - i1 + 1)
            if left is not None and right is not None and 1 <= right - left - 1 <= MAX_SLOT_EVIDENCE:
                slot = Slot(i1, i2, left + 1, right, True)
            elif left is not None and self.matched.get(i1 - 2) == left - 1 and left + 1 < m:
                # two words before it stand together in the sentence too («zwischen Visp und [Zermatt]»)
                slot = Slot(i1, i2, left + 1, min(m, left + 1 + size), True)
            elif right is not None and self.matched.get(i2 + 1) == right + 1 and right > 0:
                slot = Slot(i1, i2, max(0, right - size), right, True)
            elif right is not None and i1 == 0:
                strong = self.matched.get(i2 + 1) == right + 1 or self.tightness >= TIGHT
                if right == 0:
                    continue
                slot = Slot(i1, i2, max(0, right - MAX_SLOT_EVIDENCE + 1), right, strong)
            elif left is not None and i2 == n:
                strong = self.matched.get(i1 - 2) == left - 1 or self.tightness >= TIGHT
                if left == m - 1:
                    continue
                slot = Slot(i1, i2, left + 1, min(m, left + 1 + MAX_SLOT_EVIDENCE - 1), strong)
            else:
                continue
            for b in range(i1, i2):
                self.slots[b] = slot

    def counterparts(self, i: int) -> list[int]:
        """Evidence tokens standing where bullet token ``i`` stands (an anchored slot), else []."""
        slot = self.slots.get(i)
        return list(range(slot.e1, slot.e2)) if slot and slot.anchored else []
