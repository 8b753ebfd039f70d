"""Discourse: how a sentence hangs on its context.

A bullet is read on its own, without the sentence before it. This module says
whether a sentence starts with a word that points back (Er, Dies, Dabei, ...).
The word lists are data (``data/de/discourse.toml``).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..resources import text as resource_text


@dataclass(frozen=True)
class DiscourseRules:
    anaphoric_start: re.Pattern


@lru_cache(maxsize=1)
def rules() -> DiscourseRules:
    data = tomllib.loads(resource_text("de/discourse.toml"))
    openers = sorted(data["anaphoric_openers"], key=len, reverse=True)
    return DiscourseRules(anaphoric_start=re.compile(r"^[«„“\"]?(?:" + "|".join(re.escape(w) for w in openers) + r")\b"))


def anaphoric_start(text: str) -> bool:
    """True when the sentence opens with a word that points to an earlier sentence."""
    return bool(rules().anaphoric_start.match(text.lstrip()))


# A live-blog timestamp or a source credit before the sentence proper:
# «18:17 Uhr - Republikaner gewinnen …», «Tagesschau.de: …».
_PREFIX = re.compile(r"^(?:\d{1,2}[:.]\d{2}(?:\s*Uhr)?\s*[-–—:|]\s*|[A-Z][\w-]*(?:\.[a-z]{2,3})+:\s+)")


def prefix(text: str) -> str | None:
    """A timestamp or source prefix at the start of the sentence, or None."""
    m = _PREFIX.match(text)
    return m.group(0) if m else None
