"""Injected errors of the kinds a fluent summary gets wrong, for benchmarks/checker.py.

Each injector takes one article sentence and returns it with exactly one error,
made to be hard to spot: a name of the same kind and initial letter from another
article, a rare noun the article never uses with the same ending, the next
weekday or time of day, a neighbouring number word, a flipped prefix or an
antonym. ``build_new_cases`` applies them to the benchmark's articles with a
seeded generator per kind, so the older kinds' cases stay exactly as they were.

The rules (which names are persons, which words are swapped for which) are the
tables of benchmarks/checker_tables.py.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from darumgehts.analyse.tokens import lemma, stopwords
from darumgehts.check.index import fold
from darumgehts.models import Document, NameMention

from .checker_tables import (
    AUXILIARY,
    BIS_SEIT,
    BIS_SEIT_ARTICLE,
    BIS_SEIT_SWAP,
    CONTENT_ZIPF,
    DAYTIME_ADVERB,
    DAYTIME_PHRASE,
    DAYTIME_SWAPS,
    ERST_SCHON,
    ERST_SCHON_SWAP,
    MIN_ZIPF,
    NIGHT,
    NO_UN_ADDED,
    NO_UN_PREFIX,
    NUMBER_WORD,
    NUMBER_WORD_SERIES,
    QUANTIFIER_BLOCK_AFTER,
    QUANTIFIER_BLOCK_BEFORE,
    QUANTIFIER_GROUPS,
    RANGE_OPEN,
    RARE_ZIPF,
    VOR_NACH,
    WEEKDAY_WORD,
    WEEKDAYS,
    NameContext,
    adjective_slot,
    antonyms,
    base_noun,
    classify_name,
    first_names,
    genitive,
    is_person_full,
    neighbour,
    noun_tokens,
    real_word,
    same_case,
    zipf,
)

NEW_KINDS = ("person", "place", "organisation", "content noun", "day or time", "quantifier", "temporal word",
             "number word", "polarity")



# ---------------------------------------------------------------------------------------------
# The article a sentence comes from, and what the injectors draw from other articles.


@dataclass
class ArticleInfo:
    index: int
    doc: Document
    folded: str  # title, lead and body, folded
    tokens: frozenset[str]
    surnames: frozenset[str]
    name_words: frozenset[str]  # every word of the article's names, and the word after a first name


@dataclass
class Pools:
    # (kind, form, initial) -> [(article, name)]
    names: dict[tuple[str, str, str], list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    # ending -> [(article, noun)], for endings of 3 and 2 letters and "" (any)
    nouns: dict[str, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))


def article_info(index: int, doc: Document) -> ArticleInfo:
    text = "\n".join([doc.article.title or "", doc.text])
    folded = fold(text)
    surnames, name_words = set(), set()
    for s in doc.sentences:
        for m in s.names:
            name_words.update(m.text.split())
            if is_person_full(m, NameContext("", frozenset())):
                surnames.add(m.text.split()[-1])
        name_words.update(re.findall(rf"\b(?:{'|'.join(sorted(first_names()))}) ([A-ZÄÖÜ]\w+)", s.text))
    return ArticleInfo(index, doc, folded, frozenset(re.findall(r"\w+", folded)), frozenset(surnames), frozenset(name_words))


def sentence_names(info: ArticleInfo, s) -> list[tuple[NameMention, str, str]]:
    """The classified names of a sentence: (mention with sentence offsets, kind, form)."""
    out = []
    for n in s.names:
        m = NameMention(n.text, n.start - s.start, n.end - s.start)
        if genitive(m.text, info.folded) or s.text[m.end:m.end + 2] == "- ":
            continue  # Trumps; «Gesetzgebungs- und Verwaltungsverfahren»
        cls = classify_name(m, NameContext(s.text[:m.start], info.surnames))
        if cls:
            out.append((m, *cls))
    return out


def build_pools(infos: list[ArticleInfo]) -> Pools:
    pools = Pools()
    seen: set[tuple[int, str]] = set()
    for info in infos:
        for s in info.doc.sentences:
            for m, kind, form in sentence_names(info, s):
                if (info.index, m.text) not in seen:
                    seen.add((info.index, m.text))
                    pools.names[(kind, form, m.text[0].upper())].append((info.index, m.text))
            for _, _, word in noun_tokens(s.text):
                if (info.index, word) in seen or not (MIN_ZIPF <= zipf(word) < RARE_ZIPF) or not base_noun(word):
                    continue
                seen.add((info.index, word))
                for key in (word[-3:], word[-2:], ""):
                    pools.nouns[key].append((info.index, word))
    return pools


def _foreign(info: ArticleInfo, name: str) -> bool:
    """A name the article never uses, not even one word of it."""
    return fold(name) not in info.folded and not any(fold(w) in info.tokens for w in re.findall(r"\w+", name))


Edit = tuple[int, int, str, str]  # start and end in the sentence, the new text, the variant (for the breakdown)


def _name_swap(kind: str):
    def edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
        out = []
        for m, form in [(m, f) for m, k, f in sentence_names(info, s) if k == kind]:
            options = [n for a, n in pools.names.get((kind, form, m.text[0].upper()), ())
                       if a != info.index and len(n.split()) == len(m.text.split()) and _foreign(info, n)
                       and not (n.startswith(m.text) or m.text.startswith(n))]  # Grüne/Grünen, US/USA: the same name
            if options:
                out.append((m.start, m.end, rng.choice(options), form))
        return out
    return edits


def content_noun_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    out = []
    for a, b, word in noun_tokens(s.text):
        if not base_noun(word) or zipf(word) > CONTENT_ZIPF or word in info.name_words:
            continue  # «Schulz» is a person here
        for key in (word[-3:], word[-2:], ""):
            options = [n for i, n in pools.nouns.get(key, ()) if i != info.index]
            new = next((n for n in (rng.choice(options) for _ in range(20 if options else 0))
                        if fold(n) not in info.folded and lemma(n) not in info.tokens), None)
            if new:
                out.append((a, b, new, "same ending" if key else "any ending"))
                break
    return out


def day_time_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    text, out = s.text, []
    for m in WEEKDAY_WORD.finditer(text):
        day, rest = m.group(1), m.group(2)
        other_day = same_case(neighbour(WEEKDAYS, day[:1].upper() + day[1:].lower(), rng), day)
        if rest.lower() in ("morgen", "vormittag", "mittag", "nachmittag", "abend", "nacht"):
            out.append((m.start(1), m.end(1), other_day, "weekday in a compound"))
            part = rest[:1].upper() + rest[1:].lower()
            out.append((m.start(2), m.end(2), rng.choice(DAYTIME_SWAPS[part]).lower(), "time of day in a compound"))
        else:
            out.append((m.start(1), m.end(1), other_day, "weekday"))
    for m in DAYTIME_PHRASE.finditer(text):
        out.append((m.start(2), m.end(2), rng.choice(DAYTIME_SWAPS[m.group(2)]), "time of day"))
    for m in NIGHT.finditer(text):
        out.append((m.start(), m.end(), ("Am " if m.group(1)[0] == "I" else "am ") + rng.choice(["Abend", "Morgen"]), "time of day"))
    for m in DAYTIME_ADVERB.finditer(text):
        part = m.group(1)[:-1].capitalize()
        out.append((m.start(), m.end(), rng.choice(DAYTIME_SWAPS[part]).lower() + "s", "time of day"))
    return out


def quantifier_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    text, out = s.text, []
    for label, group, targets in QUANTIFIER_GROUPS:
        for q in group:
            for m in re.finditer(rf"(?<![\w-]){re.escape(q)}(?![\w-])", text, re.I):
                found = m.group(0)
                if found[0].isupper() and m.start() > 0 and q[0].islower():
                    continue  # a noun or a name spelled like a quantifier
                if " " not in q and (QUANTIFIER_BLOCK_AFTER.match(text[m.end():]) or QUANTIFIER_BLOCK_BEFORE.search(text[:m.start()])):
                    continue
                new = rng.choice([x for x in targets if x.lower() != q.lower()])
                out.append((m.start(), m.end(), same_case(new, found), label))
    return out


def temporal_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    text, out = s.text, []
    for m in VOR_NACH.finditer(text):
        w = m.group(1)
        out.append((m.start(1), m.end(1), same_case("nach" if w.lower() == "vor" else "vor", w), "vor/nach"))
    for m in BIS_SEIT.finditer(text):
        w = m.group(1)
        if RANGE_OPEN.search(text[:m.start()]):
            continue  # «von 2005 bis 2007»: bis closes a range here
        out.append((m.start(1), m.end(1), same_case("seit" if w.lower() == "bis" else "bis", w), "bis/seit"))
    for m in BIS_SEIT_ARTICLE.finditer(text):
        w = m.group(1)
        out.append((m.start(1), m.end(1), same_case(BIS_SEIT_SWAP[w.lower()], w), "bis/seit"))
    for m in ERST_SCHON.finditer(text):
        w = m.group(1)
        out.append((m.start(1), m.end(1), same_case(rng.choice(ERST_SCHON_SWAP[w.lower()]), w), "erst/schon"))
    return out


def number_word_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    out = []
    for m in NUMBER_WORD.finditer(s.text):
        word = m.group(1)
        low = word.lower()
        if low in NUMBER_WORD_SERIES[0]:
            series, variant = NUMBER_WORD_SERIES[0], "units"
        else:  # tens, in the article's spelling of dreissig/dreißig
            sharp = low == "dreißig" or (low != "dreissig" and "ß" in info.folded)
            series, variant = NUMBER_WORD_SERIES[2 if sharp else 1], "tens"
        new = neighbour(list(series), low, rng, wrap=False)
        if new in s.text[max(0, m.start(1) - 12):m.end(1) + 12].lower():
            continue  # «sieben bis acht» would become «sieben bis sieben»
        out.append((m.start(1), m.end(1), same_case(new, word), variant))
    return out


def polarity_edits(s, info: ArticleInfo, pools: Pools, rng: random.Random) -> list[Edit]:
    text, out = s.text, []
    stop = stopwords()
    for m in re.finditer(r"(?<![\w-])([a-zäöüß]{4,})(?![\w-])", text):
        w = m.group(1)
        if w.startswith("un") and len(w) >= 7 and not w.startswith(NO_UN_PREFIX):
            if real_word(w[2:]):
                out.append((m.start(), m.end(), w[2:], "un- removed"))
        elif w.startswith("nicht") and len(w) >= 9 and real_word(w[5:]):
            out.append((m.start(), m.end(), w[5:], "nicht- removed"))
        elif (w not in stop and len(w) >= 5 and w not in NO_UN_ADDED and adjective_slot(text, m.start(), m.end(), w)
              and real_word("un" + w) and not ("un" + w).startswith(NO_UN_PREFIX)):
            out.append((m.start(), m.end(), "un" + w, "un- added"))
    table_ = antonyms()
    for m in re.finditer(r"(?<![\w-])([A-Za-zÄÖÜäöüß]+(?:-[A-Za-zÄÖÜäöüß]+)?)(?![\w-])", text):
        w = m.group(1)
        if w in table_:
            if w == "angenommen" and re.search(r"\b(?:als|wie|bisher|allgemein)\s+$", text[:m.start()]):
                continue  # «schlechter als angenommen»: assumed, not accepted
            new = table_[w]
            if w == "verloren" and re.match(r"\s+(?:geh|ging|gegangen)", text[m.end():]):
                continue  # «verloren gehen» is not losing a match
            if w == "verloren":  # back to the participle after an auxiliary, else to the past tense
                new = "gewonnen" if AUXILIARY.search(text) else "gewannen"
            out.append((m.start(), m.end(), new, "antonym"))
        elif w[:1].isupper() and "-" not in w:
            for a, b in table_.items():
                if a[:1].isupper() and len(w) > len(a) + 2 and w.endswith(a.lower()):
                    compound = w[: len(w) - len(a)] + b.lower()
                    if real_word(compound):
                        out.append((m.start(), m.end(), compound, "antonym in a compound"))
                    break
    return out


INJECTORS: dict[str, Callable[..., list[Edit]]] = {
    "person": _name_swap("person"),
    "place": _name_swap("place"),
    "organisation": _name_swap("organisation"),
    "content noun": content_noun_edits,
    "day or time": day_time_edits,
    "quantifier": quantifier_edits,
    "temporal word": temporal_edits,
    "number word": number_word_edits,
    "polarity": polarity_edits,
}
# Variants an article's case is drawn from first when one of its sentences allows them: the rarer and
# more telling ones, which the frequent plain weekday, «erst»/«schon» and un- added would crowd out.
PREFERRED = {
    "day or time": {"weekday in a compound", "time of day in a compound", "time of day"},
    "temporal word": {"vor/nach", "bis/seit"},
    "polarity": {"antonym", "antonym in a compound", "un- removed", "nicht- removed"},
}


def eligible(s) -> bool:
    """Sentences the injectors change: body sentences of 8 to 40 tokens (as for the older kinds)."""
    return not s.crosshead and 8 <= len(s.tokens) <= 40


def build_new_cases(docs: list[Document], seed: int) -> list[tuple[int, str, str, str]]:
    """(article index, changed sentence, kind, variant): at most one case per kind and article.

    Each kind has its own generator, seeded from ``seed`` and the kind, so adding a
    kind changes no other kind's cases."""
    infos = [article_info(i, d) for i, d in enumerate(docs)]
    pools = build_pools(infos)
    out = []
    for kind, edits_of in INJECTORS.items():
        rng = random.Random(f"{seed}:{kind}")
        preferred = PREFERRED.get(kind, set())
        for info in infos:
            sents = [s for s in info.doc.sentences if eligible(s)]
            fallback = None
            for s in rng.sample(sents, len(sents)):
                edits = [e for e in edits_of(s, info, pools, rng) if e[2] != s.text[e[0]:e[1]]]
                best = [e for e in edits if e[3] in preferred]
                if best or (edits and not preferred):
                    fallback = (s, best or edits)
                    break
                if edits and fallback is None:
                    fallback = (s, edits)
            if fallback:
                s, edits = fallback
                a, b, new, variant = rng.choice(edits)
                out.append((info.index, s.text[:a] + new + s.text[b:], kind, variant))
    return out
