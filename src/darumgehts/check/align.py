"""Token alignment of a bullet with the sentence it rests on.

The bullet's and the sentence's lemmas are aligned in order (difflib). Words
that say the same thing in another form (a compound part, a place adjective, a
paraphrase from synonyms.tsv) are aligned as equal. What remains is a *slot*: a
short run of bullet words standing where the sentence has other words, between
words both share («mit einem [Traktor] kollidiert» / «mit einem [Lastwagen]
kollidiert»). A slot is where a substitution shows: another name, noun, number
word, quantifier or time word in the same place.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

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


class Alignment:
    """The bullet aligned with one evidence sentence."""

    __slots__ = ("bullet", "evidence", "equal", "slots", "matched", "tightness")

    def __init__(self, bullet: Sentence, evidence: Sentence, bullet_keys: list[str] | None = None) -> None:
        self.bullet, self.evidence = bullet, evidence
        b_keys = list(bullet_keys) if bullet_keys is not None else [fold(lem) for lem in bullet.lemmas]
        e_keys = [fold(lem) for lem in evidence.lemmas]
        e_set = set(e_keys)
        for i, k in enumerate(b_keys):
            if k not in e_set and k[:1].isalpha():
                for ek in e_set:
                    if related(k, ek):
                        b_keys[i] = ek
                        break
        ops = SequenceMatcher(None, b_keys, e_keys, autojunk=False).get_opcodes()
        self.matched: dict[int, int] = {}  # bullet token -> evidence token, where equal
        equal = 0
        for tag, i1, i2, j1, _j2 in ops:
            if tag == "equal":
                equal += i2 - i1
                for d in range(i2 - i1):
                    self.matched[i1 + d] = j1 + d
        self.equal = equal
        self.tightness = equal / len(b_keys) if b_keys else 0.0
        self.slots: dict[int, Slot] = {}
        for n, (tag, i1, i2, j1, j2) in enumerate(ops):
            if tag != "replace" or i2 - i1 > MAX_SLOT_BULLET or j2 - j1 > MAX_SLOT_EVIDENCE:
                continue
            left = n > 0 and ops[n - 1][0] == "equal"
            right = n + 1 < len(ops) and ops[n + 1][0] == "equal"
            edge = i1 == 0 or i2 == len(b_keys)
            anchored = (left and right) or ((left or right) and (edge or self.tightness >= TIGHT))
            slot = Slot(i1, i2, j1, j2, anchored)
            for i in range(i1, i2):
                self.slots[i] = slot

    def counterparts(self, i: int) -> list[int]:
        """Evidence tokens standing where bullet token ``i`` stands (an anchored slot), else []."""
        slot = self.slots.get(i)
        return list(range(slot.e1, slot.e2)) if slot and slot.anchored else []
