"""Is this German? simplemma's dictionaries answer without a model download."""

from __future__ import annotations

import simplemma

from ..errors import InputError

# Languages named in the error when the text is not German.
CANDIDATES = ("de", "en", "fr", "it")
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "it": "Italian", "unk": "an unknown language"}
MIN_GERMAN_SHARE = 0.6
SAMPLE_CHARS = 3000


def detect(text: str) -> str:
    """Return "de" when the text reads as German, else the best other guess."""
    sample = text[:SAMPLE_CHARS]
    if simplemma.in_target_language(sample, lang="de") >= MIN_GERMAN_SHARE:
        return "de"
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
