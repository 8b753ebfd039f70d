"""What ROUGE does not see: bullets an editor would send back.

For one box (a list of bullets) and its reference this module says, per bullet,
whether it starts with an anaphor (Er, Dies, Dabei: it does not stand on its
own), whether it is a fragment, and with which other bullets it is redundant;
per box, which of the reference's key numbers it carries. :class:`Quality`
adds these up over a run.

The judgements come from the pipeline's own modules, so the evaluation and the
pipeline agree on what an anaphor, a prefix or a redundant pair is:
``analyse.discourse.anaphoric_start``, ``analyse.discourse.prefix``,
``select.redundancy.redundant`` and ``analyse.numbers.find_numbers``.

Definitions (keep them stable, figures compare across runs):

- **fragment**: at most :data:`FRAGMENT_MAX_WORDS` words (whitespace-separated
  tokens with a letter or digit), or unbalanced quotes (« » and ‹ › counted
  pairwise; „ “ ” together, and ", must come in even numbers), or unbalanced
  brackets ( ) [ ] { }, or a timestamp/source prefix («18:17 Uhr - …»).
- **redundant box**: a box with at least one pair of bullets that
  ``redundant(a, b)`` judges to say the same thing.
- **key numbers**: the distinct numbers, amounts, percentages, dates and times
  of the reference, compared by kind and value (a date without a year matches
  the same day with any year). Years are left out: in the references they are
  mostly context («seit 2019», «im Jahr 2022»), not the figure the story is
  about, and the parser's year/number split is a heuristic.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analyse.discourse import anaphoric_start
from ..analyse.fragments import fragment_reasons
from ..analyse.numbers import find_numbers
from ..models import NumberMention
from ..select.redundancy import Facts, redundant

# Kinds of number that count as key numbers (see the module docstring).
KEY_NUMBER_KINDS = frozenset(("number", "date", "time"))

@dataclass(frozen=True, slots=True)
class BulletFlags:
    """What an editor would object to in one bullet."""

    anaphoric: bool = False
    fragment: tuple[str, ...] = ()  # reasons: "short", "quotes", "brackets", "prefix"
    redundant_with: tuple[int, ...] = ()  # indexes of the other bullets it repeats

    @property
    def any(self) -> bool:
        return self.anaphoric or bool(self.fragment) or bool(self.redundant_with)


@dataclass(frozen=True, slots=True)
class BoxAssessment:
    """Flags of each bullet of one box, and the reference's key numbers it carries."""

    flags: tuple[BulletFlags, ...]
    key_numbers: tuple[str, ...]  # the reference's key numbers, as the reference writes them
    covered: tuple[str, ...]  # those the box carries

    @property
    def redundant(self) -> bool:
        return any(f.redundant_with for f in self.flags)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(n for n in self.key_numbers if n not in self.covered)


def redundant_pairs(bullets: list[str]) -> list[tuple[int, int]]:
    """Index pairs (i < j) of bullets that say the same thing."""
    facts = [Facts.of(b) for b in bullets]
    return [(i, j) for i in range(len(facts)) for j in range(i + 1, len(facts)) if redundant(facts[i], facts[j])]


def _key(n: NumberMention) -> tuple[str, float]:
    return n.kind, round(n.value, 6)


def _same(a: tuple[str, float], b: tuple[str, float]) -> bool:
    if a[0] != b[0]:
        return False
    if a[0] == "date":  # value is yyyymmdd; a date without a year (yyyy = 0) matches any year
        (ya, da), (yb, db) = divmod(int(a[1]), 10000), divmod(int(b[1]), 10000)
        return da == db and (ya == yb or not ya or not yb)
    return a[1] == b[1]


def key_numbers(text: str) -> dict[tuple[str, float], str]:
    """The key numbers of a text: (kind, value) -> how the text first writes it. Years are left out."""
    out: dict[tuple[str, float], str] = {}
    for n in find_numbers(text):
        if n.kind in KEY_NUMBER_KINDS:
            out.setdefault(_key(n), n.text.rstrip("."))
    return out


def assess(bullets: list[str], reference: list[str]) -> BoxAssessment:
    """Flag the bullets of one box and find which of the reference's key numbers it carries."""
    partners: dict[int, list[int]] = {i: [] for i in range(len(bullets))}
    for i, j in redundant_pairs(bullets):
        partners[i].append(j)
        partners[j].append(i)
    flags = tuple(
        BulletFlags(anaphoric_start(b), fragment_reasons(b), tuple(partners[i])) for i, b in enumerate(bullets)
    )
    wanted = key_numbers(" \n".join(reference))
    have = [_key(n) for b in bullets for n in find_numbers(b)]
    covered = tuple(text for key, text in wanted.items() if any(_same(key, h) for h in have))
    return BoxAssessment(flags, tuple(wanted.values()), covered)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass
class Quality:
    """The flags of a run's boxes, added up for one system."""

    boxes: int = 0
    bullets: int = 0
    anaphoric: int = 0
    fragments: int = 0
    redundant_boxes: int = 0
    key_numbers: int = 0  # the references' key numbers, all articles together
    key_numbers_covered: int = 0
    fragment_reasons: dict[str, int] = field(default_factory=dict)

    def add(self, box: BoxAssessment) -> None:
        self.boxes += 1
        self.bullets += len(box.flags)
        self.anaphoric += sum(f.anaphoric for f in box.flags)
        self.fragments += sum(bool(f.fragment) for f in box.flags)
        for f in box.flags:
            for reason in f.fragment:
                self.fragment_reasons[reason] = self.fragment_reasons.get(reason, 0) + 1
        self.redundant_boxes += box.redundant
        self.key_numbers += len(box.key_numbers)
        self.key_numbers_covered += len(box.covered)

    @property
    def anaphoric_share(self) -> float | None:
        return _share(self.anaphoric, self.bullets)

    @property
    def fragment_share(self) -> float | None:
        return _share(self.fragments, self.bullets)

    @property
    def redundant_share(self) -> float | None:
        return _share(self.redundant_boxes, self.boxes)

    @property
    def key_number_coverage(self) -> float | None:
        """Share of the references' key numbers that the boxes carry (pooled over all articles)."""
        return _share(self.key_numbers_covered, self.key_numbers)

    def to_dict(self) -> dict:
        return {
            "boxes": self.boxes,
            "bullets": self.bullets,
            "anaphoric_start": {"count": self.anaphoric, "share": self.anaphoric_share},
            "fragments": {"count": self.fragments, "share": self.fragment_share,
                          "reasons": dict(sorted(self.fragment_reasons.items()))},
            "redundant_boxes": {"count": self.redundant_boxes, "share": self.redundant_share},
            "key_numbers": {"reference": self.key_numbers, "covered": self.key_numbers_covered,
                            "share": self.key_number_coverage, "kinds": sorted(KEY_NUMBER_KINDS)},
        }
