"""The compress stage's word lists and limits, read once from data/de/compress.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..resources import table, word_list
from ..resources import text as resource_text


@dataclass(frozen=True)
class Rules:
    # limits
    max_attribution_words: int
    min_head_words: int
    min_words: int
    max_apposition_words: int
    # start of a bullet
    connectives: frozenset[str]
    subject_starters: frozenset[str]
    leading_articles: frozenset[str]
    # attribution
    attribution_verbs: frozenset[str]
    reported_speech_markers: frozenset[str]
    # meaning-bearing words (polarity.toml): single words, and a pattern for all of them
    protected: frozenset[str]
    protected_pattern: re.Pattern
    negation_pattern: re.Pattern  # negations alone: a relative clause with one restricts its noun
    # clauses
    droppable_clause_openers: frozenset[str]
    relative_pronouns: frozenset[str]
    relative_prepositions: frozenset[str]
    droppable_conjunctions: frozenset[str]
    kept_conjunctions: frozenset[str]
    kept_clause_openers: frozenset[str]
    kept_openers_also_prepositions: frozenset[str]
    complement_openers: frozenset[str]
    question_openers: frozenset[str]
    dangling_words: frozenset[str]
    announcing_verbs: frozenset[str]
    paired_conjunctions: frozenset[str]
    correlatives: frozenset[str]
    clause_introducers: frozenset[str]
    finite_verbs: frozenset[str]
    tail_cues: frozenset[str]
    tail_question_words: frozenset[str]
    # appositions and adjuncts
    apposition_starters: frozenset[str]
    apposition_adjective_endings: tuple[str, ...]
    universal_determiners: frozenset[str]
    time_prepositions: frozenset[str]
    time_word: re.Pattern
    time_adverbs: frozenset[str]
    duration_nouns: frozenset[str]
    place_prepositions: frozenset[str]
    place_nouns: tuple[str, ...]
    source_prepositions: frozenset[str]
    source_nouns: tuple[str, ...]
    adjunct_modifiers: frozenset[str]
    adjunct_continuations: frozenset[str]
    news_anchors: frozenset[str]
    copulas: frozenset[str]
    number_words: frozenset[str]
    complement_conjunctions: frozenset[str]
    infinitive_openers: frozenset[str]
    purpose_openers: frozenset[str]
    expletive_subjects: frozenset[str]
    report_openers: frozenset[str]
    articles: frozenset[str]
    list_conjunctions: frozenset[str]
    accusative_modifiers: frozenset[str]
    time_links: frozenset[str]
    adjunct_governors: frozenset[str]
    time_continuations: frozenset[str]
    adjective_endings: tuple[str, ...]
    inflection_endings: tuple[str, ...]
    stopwords: frozenset[str]
    first_names: frozenset[str]  # de/first_names.txt: «Martin Keller» is a name though «Keller» is a word
    droppable_phrases: re.Pattern
    filler_words: frozenset[str]  # the first words of droppable_phrases
    adjunct_words: frozenset[str]  # the words that can open an adjunct


def _lower(words: list[str]) -> frozenset[str]:
    return frozenset(w.lower() for w in words)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _time_word(data: dict, dates: dict) -> re.Pattern:
    """Weekdays alone or in compounds («Mittwochabend»), months, seasons and the time nouns."""
    weekdays = _alternation(w.lower() for w in dates["weekdays"])
    compounds = _alternation(data["time_compounds"])
    plain = _alternation([w.lower() for w in dates["months"] + dates["seasons"]] + data["time_nouns"])
    return re.compile(rf"(?:{weekdays})(?:{compounds})?|{plain}")


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(resource_text("de/compress.toml"))
    polarity = tomllib.loads(resource_text("de/polarity.toml"))
    dates = tomllib.loads(resource_text("de/dates.toml"))
    guarded = polarity["negations"] + polarity["hedges"]
    from ..analyse.tokens import stopwords

    return Rules(
        max_attribution_words=int(data["max_attribution_words"]),
        min_head_words=int(data["min_head_words"]),
        min_words=int(data["min_words"]),
        max_apposition_words=int(data["max_apposition_words"]),
        connectives=frozenset(data["connectives"]),
        subject_starters=_lower(data["subject_starters"]),
        leading_articles=frozenset(data["leading_articles"]),
        attribution_verbs=frozenset(data["attribution_verbs"]),
        reported_speech_markers=frozenset(data["reported_speech_markers"]),
        protected=_lower(w for w in guarded if " " not in w),
        # inflected too: «der mutmassliche Täter», «angeblichen»
        protected_pattern=re.compile(rf"(?<!\w)(?:{_alternation(guarded)})(?:e[nmrs]?)?(?!\w)", re.IGNORECASE),
        negation_pattern=re.compile(rf"(?<!\w)(?:{_alternation(polarity['negations'])})(?:e[nmrs]?)?(?!\w)", re.IGNORECASE),
        droppable_clause_openers=_lower(data["droppable_clause_openers"]),
        relative_pronouns=_lower(data["relative_pronouns"]),
        relative_prepositions=_lower(data["relative_prepositions"]),
        droppable_conjunctions=_lower(data["droppable_conjunctions"]),
        kept_conjunctions=_lower(data["kept_conjunctions"]),
        kept_clause_openers=_lower(data["kept_clause_openers"]),
        kept_openers_also_prepositions=_lower(data["kept_openers_also_prepositions"]),
        complement_openers=_lower(data["complement_openers"]),
        question_openers=_lower(data["question_openers"]),
        dangling_words=_lower(data["dangling_words"]),
        announcing_verbs=_lower(data["announcing_verbs"]),
        paired_conjunctions=_lower(data["paired_conjunctions"]),
        correlatives=_lower(data["correlatives"]),
        clause_introducers=_lower(data["clause_introducers"]),
        finite_verbs=_lower(data["finite_verbs"]),
        tail_cues=_lower(data["tail_cues"]),
        tail_question_words=_lower(data["tail_question_words"]),
        apposition_starters=_lower(data["apposition_starters"]),
        apposition_adjective_endings=tuple(data["apposition_adjective_endings"]),
        universal_determiners=_lower(data["universal_determiners"]),
        time_prepositions=_lower(data["time_prepositions"]),
        time_word=_time_word(data, dates),
        time_adverbs=_lower(data["time_adverbs"]),
        duration_nouns=_lower(data["duration_nouns"]),
        place_prepositions=_lower(data["place_prepositions"]),
        place_nouns=tuple(w.lower() for w in data["place_nouns"]),
        source_prepositions=_lower(data["source_prepositions"]),
        source_nouns=tuple(w.lower() for w in data["source_nouns"]),
        adjunct_modifiers=_lower(data["adjunct_modifiers"]),
        adjunct_continuations=_lower(data["adjunct_continuations"]),
        news_anchors=_lower(data["news_anchors"]),
        copulas=_lower(data["copulas"]),
        number_words=frozenset(table("de/number_words.tsv")),
        complement_conjunctions=_lower(data["complement_conjunctions"]),
        infinitive_openers=_lower(data["infinitive_openers"]),
        purpose_openers=_lower(data["purpose_openers"]),
        expletive_subjects=_lower(data["expletive_subjects"]),
        report_openers=_lower(data["report_openers"]),
        articles=_lower(data["articles"]),
        list_conjunctions=_lower(data["list_conjunctions"]),
        accusative_modifiers=_lower(data["accusative_modifiers"]),
        time_links=_lower(data["time_links"]),
        adjunct_governors=_lower(data["adjunct_governors"]),
        time_continuations=_lower(data["time_continuations"]),
        adjective_endings=tuple(data["adjective_endings"]),
        inflection_endings=tuple(data["inflection_endings"]),
        stopwords=stopwords(),
        first_names=word_list("de/first_names.txt"),
        filler_words=_lower(p.split()[0] for p in data["droppable_phrases"]),
        adjunct_words=_lower(data["time_prepositions"] + data["place_prepositions"] + data["source_prepositions"]
                             + data["time_adverbs"]),
        droppable_phrases=re.compile(rf"(?<=\S)\s+(?:{_alternation(data['droppable_phrases'])})(?=[\s,.!?])"),
    )
