"""Redundancy: do two bullets say the same thing?

Judged on content lemmas and numbers, not on the surface string: «Starker
Pilzbefall tötet den Rasen» and «Ein starker Pilzbefall macht dem Rasen schwer
zu schaffen» share most of their content lemmas and are redundant.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..analyse.numbers import find_numbers
from ..analyse.tokens import content_lemmas, tokenize, weight
from ..models import NumberMention

# Share of the shorter bullet's content (weighted by rarity) that the other one
# repeats, at or above which two bullets are redundant («Der Gemeinderat hat eine neue
# Tarifordnung verabschiedet» and «Der Gemeinderat hat mit 38 zu 19 Stimmen eine neue
# Tarifordnung beschlossen» share half).
REDUNDANT_OVERLAP = 0.5
# Two bullets that state the same numbers need less word overlap to be redundant;
# where one states a number the other does not, it adds a fact and needs more
# («rund 1500 Soldaten ums Leben gekommen» adds to «schwere Verluste bei Soldaten»).
REDUNDANT_OVERLAP_SAME_NUMBERS = 0.35
REDUNDANT_OVERLAP_OTHER_NUMBERS = 0.7


@dataclass(frozen=True, slots=True)
class Facts:
    """What a bullet says, for comparing: its content lemmas and its numbers."""

    lemmas: frozenset[str]
    numbers: frozenset[tuple[str, float]]

    @classmethod
    def of(cls, text: str, numbers: Iterable[NumberMention] | None = None) -> Facts:
        """The facts of a text; pass its ``numbers`` when they are known already."""
        found = find_numbers(text) if numbers is None else numbers
        return cls(frozenset(content_lemmas(tokenize(text))), frozenset((n.kind, n.value) for n in found))


def _mass(lemmas: frozenset[str]) -> float:
    return sum(weight(lem) or 0.5 for lem in lemmas)


def overlap(a: Facts, b: Facts) -> float:
    """Weighted share of the smaller bullet's content lemmas that the other one has too (0..1)."""
    smaller = min(_mass(a.lemmas), _mass(b.lemmas))
    if not smaller:
        return 0.0
    return min(1.0, _mass(a.lemmas & b.lemmas) / smaller)


def redundant(a: Facts | str, b: Facts | str) -> bool:
    """True when the two bullets say the same thing in other words."""
    fa = a if isinstance(a, Facts) else Facts.of(a)
    fb = b if isinstance(b, Facts) else Facts.of(b)
    share = overlap(fa, fb)
    if fa.numbers != fb.numbers:
        return share >= REDUNDANT_OVERLAP_OTHER_NUMBERS
    if fa.numbers:
        return share >= REDUNDANT_OVERLAP_SAME_NUMBERS
    return share >= REDUNDANT_OVERLAP
