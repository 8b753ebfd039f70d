"""Is this German? A share of German function words answers; simplemma names the other language."""

from __future__ import annotations

import re

from ..errors import InputError
from ..resources import word_list

# Languages named in the error when the text is not German.
CANDIDATES = ("de", "en", "fr", "it")
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "it": "Italian", "unk": "an unknown language"}
# Share of the sample's words that are German function words (data file).
# Measured on ../shared/data (5,622 articles): German news 0.12 at the lowest,
# median 0.29; English, French and Italian prose 0.0.
MIN_FUNCTION_WORD_SHARE = 0.08
SAMPLE_CHARS = 1000  # about 150 words: plenty to tell German from the rest
_WORD = re.compile(r"[^\W\d_]{2,}")


def german_share(text: str) -> float:
    """Share of the sample's words that are German function words (der, und, nicht, ...)."""
    words = _WORD.findall(text[:SAMPLE_CHARS])
    if not words:
        return 0.0
    function_words = word_list("de/function_words.txt")
    return sum(1 for w in words if w.lower() in function_words) / len(words)


def detect(text: str) -> str:
    """Return "de" when the text reads as German, else the best other guess."""
    if german_share(text) >= MIN_FUNCTION_WORD_SHARE:
        return "de"
    import simplemma  # only for text that is not German: its dictionaries take a while to load

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
