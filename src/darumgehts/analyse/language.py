"""Is this German? simplemma's dictionaries answer without a model download."""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from ..errors import InputError

# Languages named in the error when the text is not German.
CANDIDATES = ("de", "en", "fr", "it")
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "it": "Italian", "unk": "an unknown language"}
# Share of words simplemma's German dictionary knows. Measured on ../shared/data:
# German news 0.80 at the lowest (median 0.95); English prose about 0.57,
# French and Italian below 0.5.
MIN_GERMAN_SHARE = 0.7
SAMPLE_CHARS = 1000  # about 150 words: plenty to tell German from the rest
_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=50_000)
def _known(word: str) -> bool:
    return simplemma.is_known(word, lang="de") or simplemma.is_known(word.lower(), lang="de")


def german_share(text: str) -> float:
    """Share of the sample's words that are German dictionary words (cached per word)."""
    words = _WORD.findall(text[:SAMPLE_CHARS])
    return sum(map(_known, words)) / len(words) if words else 0.0


def detect(text: str) -> str:
    """Return "de" when the text reads as German, else the best other guess."""
    if german_share(text) >= MIN_GERMAN_SHARE:
        return "de"
    sample = text[:SAMPLE_CHARS]
    ranked = simplemma.langdetect(sample, lang=CANDIDATES)
    return ranked[0][0]


def require_german(text: str, what: str = "The article") -> None:
    lang = detect(text)
    if lang != "de":
        name = LANGUAGE_NAMES.get(lang, lang)
        raise InputError(
            f"{what} does not look like German (it reads as {name}). "
            "darumgehts summarizes German-language news only."
        )
